"""The public API is explicit: everything in ``__all__`` exists and nothing public is unlisted."""

from __future__ import annotations

import ast
import subprocess
import sys
import types
from pathlib import Path

import eventwire


def test_all_members_exist() -> None:
    missing = [name for name in eventwire.__all__ if not hasattr(eventwire, name)]
    assert not missing


def test_no_unlisted_public_members() -> None:
    public = {
        name
        for name, value in vars(eventwire).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert public - set(eventwire.__all__) == set()


def test_lazy_names_match_the_typed_imports() -> None:
    """Each public name is served lazily (``_EXPORTS``) and imported for type checkers."""
    source = Path(eventwire.__file__).read_text("utf-8")
    typed: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("eventwire"):
            typed.update({alias.name: node.module for alias in node.names})
    assert typed == eventwire._EXPORTS
    assert set(eventwire.__all__) == {"__version__", *typed}


def test_import_eventwire_loads_no_heavy_library() -> None:
    code = (
        "import sys, eventwire; "
        "print(sorted(m for m in ('spacy', 'duckdb', 'pyarrow', 'trafilatura', 'lingua') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
