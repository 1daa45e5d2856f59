"""Docs that cannot drift: the CLI reference, settings, reason codes and export columns."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

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
