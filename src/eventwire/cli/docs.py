"""Generate the CLI reference (``docs/cli.md``) from the commands' own ``--help``.

``python -m eventwire.cli.docs > docs/cli.md`` rewrites it; a test fails when it drifts.
"""

from __future__ import annotations

import click

from eventwire.cli.main import cli

__all__ = ["cli_reference"]

HEADER = """# CLI reference

Generated from `--help` by `python -m eventwire.cli.docs > docs/cli.md`; a test checks that it
matches the code.

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
| 130 | interrupted; committed batches are kept, run again to finish |
"""


def _help(command: click.Command, path: list[str]) -> str:
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
    return "".join(parts)


if __name__ == "__main__":
    click.echo(cli_reference(), nl=False)
