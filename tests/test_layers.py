"""Stage packages depend downward only: each imports only the layers below it (or itself).

The layers, lowest first, follow the pipeline: shared modules (records, errors, settings, the
stage registry, numbers, text), the store, then the stages in the order an article meets them,
then the exports, the run, the evaluation (which runs the stages as the run does) and the CLI.
Imports inside functions count too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import eventwire

ROOT = Path(eventwire.__file__).parent

#: Each top-level module or package of eventwire and its layer.
LAYERS: dict[str, int] = {
    "errors": 0,
    "records": 0,
    "numbers": 0,
    "text": 0,
    "settings": 1,
    "stages": 2,
    "gold": 2,
    "store": 3,
    "ingest": 4,
    "normalise": 5,
    "nlp": 6,
    "dates": 7,
    "figures": 8,
    "quotes": 9,
    "places": 9,
    "events": 10,
    "extract": 11,
    "provenance": 12,
    "stories": 13,
    "fusion": 14,
    "export": 15,
    "query": 15,
    "workers": 15,
    "pipeline": 16,
    "report": 16,
    "engine": 17,
    "evaluate": 17,
    "serve": 17,
    "cli": 18,
}


def _unit(path: Path) -> str:
    rel = path.relative_to(ROOT)
    return rel.parts[0].removesuffix(".py")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "eventwire" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_module_has_a_layer() -> None:
    units = {_unit(p) for p in ROOT.rglob("*.py")} - {"__init__"}
    assert units <= set(LAYERS), f"add to LAYERS: {sorted(units - set(LAYERS))}"


def test_stages_depend_downward_only() -> None:
    wrong = []
    for path in sorted(ROOT.rglob("*.py")):
        unit = _unit(path)
        if unit == "__init__":
            continue  # the package root serves the public API lazily
        for target in _imports(path):
            if target != unit and LAYERS.get(target, 99) >= LAYERS[unit]:
                wrong.append(f"{path.relative_to(ROOT)} imports eventwire.{target}")
    assert not wrong, "\n".join(wrong)
