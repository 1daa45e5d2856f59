"""Docs that cannot drift: the CLI reference, settings, reason codes and export columns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from eventwire.cli.docs import cli_reference, formats_reference
from eventwire.errors import Reason
from eventwire.export import EXPORT_KINDS, iter_export
from eventwire.store import Store

from .conftest import REPO

DOCS = REPO / "docs"


def test_cli_reference_matches_the_code() -> None:
    assert (DOCS / "cli.md").read_text("utf-8") == cli_reference(), (
        "docs/cli.md is stale: run `python -m eventwire.cli.docs cli > docs/cli.md`"
    )


def test_formats_reference_matches_the_code() -> None:
    assert (DOCS / "formats.md").read_text("utf-8") == formats_reference(), (
        "docs/formats.md is stale: run `python -m eventwire.cli.docs formats > docs/formats.md`"
    )


def test_every_setting_is_documented() -> None:
    defaults = tomllib.loads(
        resources.files("eventwire").joinpath("default_settings.toml").read_text("utf-8")
    )
    doc = (DOCS / "settings.md").read_text("utf-8")
    missing = [
        f"{section}.{key}"
        for section, values in defaults.items()
        for key in values
        if f"`{section}.{key}`" not in doc
    ]
    assert not missing, f"undocumented settings: {missing}"


def test_every_rejection_reason_is_documented() -> None:
    doc = (DOCS / "errors.md").read_text("utf-8")
    missing = [r.value for r in Reason if f"`{r.value}`" not in doc]
    assert not missing, f"undocumented reason codes: {missing}"


@pytest.mark.parametrize("kind", sorted(EXPORT_KINDS))
def test_every_export_column_is_in_the_codebook(kind: str) -> None:
    doc = (DOCS / "codebook.md").read_text("utf-8")
    section = re.search(rf"^## {kind}\n(.*?)(?=^## |\Z)", doc, re.S | re.M)
    assert section, f"docs/codebook.md has no section '## {kind}'"
    with Store(":memory:") as store:
        cur = store.con.execute(EXPORT_KINDS[kind])
        columns = [d[0] for d in cur.description or []]
    assert list(iter_export(Store(":memory:"), kind)) == []
    missing = [c for c in columns if f"`{c}`" not in section.group(1)]
    assert not missing, f"columns of {kind} missing from docs/codebook.md: {missing}"


def test_every_jsonl_field_name_is_documented() -> None:
    from eventwire.ingest.jsonl import FIELDS

    doc = (DOCS / "formats.md").read_text("utf-8")
    missing = [name for names in FIELDS.values() for name in names if f"`{name}`" not in doc]
    assert not missing, f"JSONL field names missing from docs/formats.md: {missing}"


def test_the_readme_python_example_runs(tmp_path: Path) -> None:
    """The README's Python API example, run as a user would from the repository root (its
    store in a temporary folder): it ingests the sample corpus and prints every sentence."""
    readme = (REPO / "README.md").read_text("utf-8")
    section = readme[readme.index("### Python API") :]
    code = section[section.index("```python\n") + len("```python\n") :]
    code = code[: code.index("```")]
    db = tmp_path / "news.duckdb"
    code = code.replace('"news.duckdb"', repr(str(db)))
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, "EVENTWIRE_STORE_PATH": str(db)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    ingested, _ = lines[0].split(" ", 1)
    assert int(ingested) >= 30
    assert lines[-1] == "('ingest@1', 'normalise@1', 'nlp@1', 'places@1')"
    with Store(db) as store:
        ids = {a.id for a in store.iter_articles()}
        sentences = sum(len(store.sentences(article_id)) for article_id in ids)
    # a sentence may hold a line break: count the lines that start with an article id
    assert sum(line.split(" ", 1)[0] in ids for line in lines) == sentences > 500
