"""What the commands share: errors as one line with a documented exit code, and output checks.

Every command runs under :func:`report_errors`: an :class:`~eventwire.errors.EventwireError`
prints as ``error: MESSAGE`` on one line of stderr, with no traceback, and the process exits with
the error's code (the table in ``docs/cli.md``). A command with a ``--db`` option also turns a
database error met while reading the store into a store error naming it. Output files are
checked with :func:`check_output` before any work, so a long run does not fail at its end.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import duckdb

from eventwire.errors import EventwireError, ExitCode, OutputError, StoreError, one_line

__all__ = ["check_output", "report_errors", "silence_stdout"]

F = TypeVar("F", bound=Callable[..., Any])


def _store_path(db: str | None) -> str:
    """The store a command uses: ``--db``, else the ``store.path`` setting."""
    if db:
        return db
    obj = click.get_current_context().find_root().obj
    return str(obj["settings"].store.path) if obj else "the store"


def report_errors(func: F) -> F:
    """Map eventwire errors to a one-line message on stderr and a documented exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except duckdb.Error as e:
            if "db" not in kwargs:
                raise
            error: EventwireError = StoreError(
                f"{_store_path(kwargs['db'])}: cannot read the store: {e}"
            )
        except EventwireError as e:
            error = e
        except KeyboardInterrupt:
            click.echo("interrupted: committed batches are kept; run again to finish", err=True)
            sys.exit(int(ExitCode.INTERRUPTED))
        click.echo(f"error: {one_line(str(error))}", err=True)
        sys.exit(int(error.exit_code))

    return wrapper  # type: ignore[return-value]


def check_output(path: Path) -> None:
    """Refuse an output file whose folder does not exist or cannot be written (OutputError)."""
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"{path}: cannot write: the folder {folder} {what}")
    target = path if path.exists() else folder
    if not os.access(target, os.W_OK):
        raise OutputError(f"{path}: cannot write: {target} is read-only")


def silence_stdout() -> None:
    """Point standard output at the null device, so that output still buffered after a failed
    write (a full disk, a closed pipe) is not written again, and fails again, at exit."""
    try:
        fd = sys.stdout.fileno()
    except (OSError, ValueError):  # not a real file (a test runner's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
