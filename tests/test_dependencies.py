"""Every third-party package the code imports is declared in pyproject.toml's dependencies."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from .conftest import REPO

PACKAGE = REPO / "src" / "eventwire"


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
        assert match, f"unreadable requirement {requirement!r}"
        names.add(_normalise(match.group(0)))
    return names


def _optional(tree: ast.AST) -> set[int]:
    """Ids of the import nodes inside ``try`` blocks that handle ImportError (optional imports)."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        caught = {
            name.id
            for handler in node.handlers
            if handler.type is not None
            for name in ast.walk(handler.type)
            if isinstance(name, ast.Name)
        }
        if caught & {"ImportError", "ModuleNotFoundError"}:
            guarded.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    return guarded


def _imported(path: Path) -> set[str]:
    """Top-level names of a module's absolute imports, wherever they are (functions too), but
    those of optional imports (in a ``try`` that handles ImportError)."""
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    optional = _optional(tree)
    names = set()
    for node in ast.walk(tree):
        if id(node) in optional:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def third_party_imports() -> dict[str, set[str]]:
    """Third-party top-level import name -> the modules of src/eventwire that import it."""
    found: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for name in _imported(path):
            if name in sys.stdlib_module_names or name in {"eventwire", "__future__"}:
                continue
            found.setdefault(name, set()).add(path.relative_to(REPO).as_posix())
    return found


def test_the_walk_finds_imports_in_functions_and_skips_optional_ones(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import os\nimport spacy.tokens\nfrom . import sibling\n"
        "def f():\n    from numpy import array\n"
        "try:\n    import tzdata\nexcept ImportError:\n    pass\n"
    )
    assert _imported(module) == {"os", "spacy", "numpy"}
    found = third_party_imports()
    assert {"click", "duckdb", "spacy", "dateparser"} <= set(found)
    assert not {"json", "eventwire", "__future__"} & set(found)


def test_every_imported_package_is_declared() -> None:
    declared = _declared()
    providers = packages_distributions()
    problems = []
    for name, modules in sorted(third_party_imports().items()):
        where = ", ".join(sorted(modules))
        distributions = providers.get(name)
        if not distributions:
            problems.append(f"{name} (imported in {where}) is provided by no installed package")
        elif not {_normalise(d) for d in distributions} & declared:
            problems.append(
                f"{name} (imported in {where}) comes from {', '.join(distributions)}, "
                "which pyproject.toml does not declare"
            )
    assert not problems, "undeclared dependencies:\n" + "\n".join(problems)
