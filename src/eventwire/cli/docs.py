"""Generate reference docs from the code, so they cannot drift (a test compares them).

* ``python -m eventwire.cli.docs cli > docs/cli.md``: the CLI reference from ``--help``;
* ``python -m eventwire.cli.docs formats > docs/formats.md``: the input formats from the readers'
  own module documentation.
"""

from __future__ import annotations

import importlib
import re
import sys

import click

from eventwire.cli.main import cli

__all__ = ["cli_reference", "formats_reference"]

_READERS = (
    ("Sources, folders and format detection", "eventwire.ingest.sources"),
    ("Plain text", "eventwire.ingest.text"),
    ("HTML", "eventwire.ingest.html"),
    ("JSON Lines", "eventwire.ingest.jsonl"),
    ("RSS and Atom feeds", "eventwire.ingest.feeds"),
    ("WARC archives", "eventwire.ingest.warc"),
    ("URLs", "eventwire.ingest.web"),
    ("Decoding and binary detection", "eventwire.ingest.decode"),
    ("Normalisation", "eventwire.normalise"),
)

HEADER = """# CLI reference

Generated from `--help` by `python -m eventwire.cli.docs cli > docs/cli.md`; a test checks that
it matches the code.

## Exit codes

| code | meaning |
|---|---|
| 0 | done (rejected inputs are listed in the summary) |
| 1 | done, but some inputs were rejected and `--strict` was given |
| 2 | bad command line |
| 3 | invalid settings or settings file |
| 4 | the store could not be opened, migrated or written |
| 5 | the spaCy model could not be loaded |
| 6 | none of the named sources exists |
| 7 | a gold file cannot be scored ([errors.md](errors.md#gold-files)) |
| 8 | an output file cannot be written: no such folder, read-only, disk full |
| 9 | a parsing worker died (killed, out of memory); committed batches are kept, run again |
| 130 | interrupted; committed batches are kept, run again to finish |

An error prints as one line on stderr, with no traceback: `error: ` and a message that names the
file (and the line) and what is wrong. A bad command line (2) also shows the command's usage.
"""


def _help(command: click.Command, path: list[str]) -> str:
    # click caches a command's help option from the first context that asks for it; a command
    # invoked on its own (outside the ``eventwire`` group) would cache ``--help`` alone.
    if getattr(command, "_help_option", None) is not None:
        command._help_option = None
    ctx = click.Context(
        command,
        info_name=" ".join(path),
        max_content_width=100,
        terminal_width=100,
        help_option_names=["-h", "--help"],
    )
    return command.get_help(ctx)


def cli_reference() -> str:
    parts = [HEADER]
    parts.append(f"\n## eventwire\n\n```\n{_help(cli, ['eventwire'])}\n```\n")
    assert isinstance(cli, click.Group)
    for name in sorted(cli.commands):
        command = cli.commands[name]
        parts.append(f"\n## eventwire {name}\n\n```\n{_help(command, ['eventwire', name])}\n```\n")
        if isinstance(command, click.Group):
            for sub in sorted(command.commands):
                path = ["eventwire", name, sub]
                text = _help(command.commands[sub], path)
                parts.append(f"\n### {' '.join(path)}\n\n```\n{text}\n```\n")
    return "".join(parts)


def _markdown(doc: str) -> str:
    """Module docstring (reST-flavoured) as Markdown: ``code`` and :func:`x` become `code`."""
    doc = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", doc)
    return doc.replace("``", "`").strip()


def formats_reference() -> str:
    parts = [
        "# Input formats\n\n"
        "What `eventwire ingest` reads and how. Generated from the readers' own documentation by\n"
        "`python -m eventwire.cli.docs formats > docs/formats.md`; a test checks that it matches.\n"
    ]
    for title, module in _READERS:
        doc = importlib.import_module(module).__doc__ or ""
        parts.append(f"\n## {title}\n\n{_markdown(doc)}\n")
    return "".join(parts)


if __name__ == "__main__":
    which = sys.argv[1] if len(sys.argv) > 1 else "cli"
    click.echo(formats_reference() if which == "formats" else cli_reference(), nl=False)
