"""Situation reports: figures consistent with the store, links that resolve inside the document,
hostile article text neutralised, each format valid, and the command's errors."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli.main import cli
from eventwire.errors import EventwireError
from eventwire.fusion.read import list_events
from eventwire.report import Report, Selection, build_report, render_report
from eventwire.report.render import md_text, safe_url
from eventwire.store import Store
from eventwire.store.events import EventFilters
from eventwire.stories import list_stories


def _biggest_story(db: str) -> str:
    with Store(db, read_only=True) as store:
        return str(list_stories(store, limit=1)[0]["story_id"])


def _report(db: str, selection: Selection) -> Report:
    with Store(db, read_only=True) as store:
        return build_report(store, selection)


def _anchors(doc: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', doc))


def _fmt(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


# ------------------------------------------------------------------ figures


def test_story_report_figures_match_the_store(sample_db: str) -> None:
    story = _biggest_story(sample_db)
    report = _report(sample_db, Selection(story=story))
    with Store(sample_db, read_only=True) as store:
        events = list_events(store, EventFilters(story=story))
        members = store.con.execute(
            "SELECT count(DISTINCT source_group) FROM event_members m JOIN events e "
            "USING (event_id) WHERE e.story_id = ? AND NOT m.copied AND m.killed_best IS NOT NULL",
            [story],
        ).fetchone()
    assert [e.event_id for e in report.events] == [e["event_id"] for e in events]
    assert dict(report.type_counts) == Counter(e["plover_type"] for e in events)
    killed = [e["figures"]["killed"] for e in events if "killed" in e["figures"]]
    assert killed, "the sample's biggest story reports deaths"
    headline = {f.kind: f for f in report.figures}["killed"]
    assert headline.best == sum(k["best"] for k in killed)
    assert headline.low == sum(k["low"] for k in killed)
    assert headline.high == sum(k["high"] for k in killed)
    assert len(headline.events) == len(killed)
    assert members is not None and headline.sources == members[0]
    html = render_report(report, "html").decode()
    md = render_report(report, "md").decode()
    for value in (headline.low, headline.best, headline.high, headline.sources):
        assert f'<a href="#fig-killed">{_fmt(value)}</a>' in html
        assert f"[{_fmt(value)}](#fig-killed)" in md
    top = report.events[0]
    assert top.event_id == events[0]["event_id"]
    assert f'<section class="event" id="ev-{top.event_id}">' in html
    assert f"eventwire event {top.event_id}" in md and f"/api/events/{top.event_id}" in html


def test_report_lists_quotes_conflicts_and_warnings(sample_db: str) -> None:
    report = _report(sample_db, Selection(story=_biggest_story(sample_db)))
    assert report.quotes and all(q.text for q in report.quotes)
    assert report.conflicting, "the story's main event has sources that disagree"
    assert all(len({c.value for c in e.conflicts}) > 1 for e in report.conflicting)
    codes = {w.code for w in report.warnings}
    assert {"copied", "attribution-stripped", "patchwork"} <= codes
    assert report.coverage.independent_sources < report.coverage.articles
    md = render_report(report, "md").decode()
    for heading in ("Notable quotes", "Conflicting figures", "Content warnings", "Method"):
        assert f"## {heading}" in md


def test_unresolved_speakers_are_marked(sample_db: str) -> None:
    report = _report(sample_db, Selection(country="KE"))
    html = render_report(report, "html").decode()
    unresolved = [q for q in report.quotes if not q.resolved]
    assert html.count("[speaker unresolved]") == len(unresolved)


# ------------------------------------------------------------------ links


@pytest.mark.parametrize(
    "selection",
    [
        Selection(country="IQ"),
        Selection(place="Mosul", radius_km=40),
        Selection(story="story-8a695da0db2e0655"),
    ],
    ids=["country", "place", "story"],
)
def test_every_link_resolves_to_an_anchor(sample_db: str, selection: Selection) -> None:
    report = _report(sample_db, selection)
    assert report.events
    html = render_report(report, "html").decode()
    md = render_report(report, "md").decode()
    for doc, links in (
        (html, re.findall(r'href="#([^"]+)"', html)),
        (md, re.findall(r"\]\(#([^)\s]+)\)", md)),
    ):
        assert links
        missing = set(links) - _anchors(doc)
        assert not missing, sorted(missing)
    for e in report.events:
        assert f'id="ev-{e.event_id}"' in html and f'id="ev-{e.event_id}"' in md


def test_place_radius_selects_events_near_the_place(sample_db: str) -> None:
    near = _report(sample_db, Selection(place="Mosul", radius_km=40))
    far = _report(sample_db, Selection(place="Mosul", radius_km=1000))
    assert {e.event_id for e in near.events} < {e.event_id for e in far.events}
    assert all(e.country_iso in (None, "IQ") for e in near.events)
    assert not any(e.place_name == "Nairobi" for e in far.events)


def test_period_limits_the_events(sample_db: str) -> None:
    whole = _report(sample_db, Selection(country="IQ"))
    from datetime import date

    part = _report(
        sample_db, Selection(country="IQ", since=date(2026, 3, 15), until=date(2026, 3, 16))
    )
    assert 0 < len(part.events) < len(whole.events)
    for e in part.events:
        assert e.date_end is None or e.date_end >= "2026-03-15"


# ------------------------------------------------------------------ hostile text


def test_hostile_text_is_escaped_in_html(hostile_db: str) -> None:
    report = _report(hostile_db, Selection(country="IQ"))
    html = render_report(report, "html").decode()
    assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in html  # the title arrived
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # the quote or sentence arrived
    assert not re.search(r"<script", html, re.IGNORECASE)
    assert not re.search(r"<[^>]*\bon\w+\s*=", html, re.IGNORECASE)  # no event handler
    assert not re.search(r"href\s*=\s*\"?\s*javascript:", html, re.IGNORECASE)
    assert "Content-Security-Policy" in html


def test_hostile_text_is_neutralised_in_markdown(hostile_db: str) -> None:
    report = _report(hostile_db, Selection(country="IQ"))
    md = render_report(report, "md").decode()
    assert "&lt;script&gt;" in md
    assert not re.search(r"<(script|img|b)\b", md, re.IGNORECASE)
    assert "](javascript:" not in md and "(<javascript:" not in md


def test_markdown_text_and_urls() -> None:
    text = md_text("<b>x</b> [a](javascript:b) # *y*\n## z")
    assert "<" not in text and "\n" not in text
    assert "](" not in text and "\\#" in text and "\\*y\\*" in text
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" data:text/html,x") is None
    assert safe_url("https://a.example/x y)") == "https://a.example/x%20y%29"


# ------------------------------------------------------------------ formats


def test_each_format_is_valid(sample_db: str) -> None:
    report = _report(sample_db, Selection(story=_biggest_story(sample_db)))
    html = render_report(report, "html").decode()
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count("<svg") == 2 and html.count("</svg>") == 2
    md = render_report(report, "md").decode()
    assert md.startswith("# Situation report: ")
    pdf = render_report(report, "pdf")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert b"/Link" in pdf  # the numbers are internal links
    with pytest.raises(EventwireError, match="unknown report format"):
        render_report(report, "docx")


# ------------------------------------------------------------------ the command


def test_cli_writes_each_format(sample_db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    story = _biggest_story(sample_db)
    result = runner.invoke(cli, ["report", "--story", story, "--db", sample_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Situation report: ")
    place = ["report", "--place", "Mosul", "--radius", "25"]
    for fmt, head in (("html", b"<!DOCTYPE html>"), ("pdf", b"%PDF-"), ("md", b"# ")):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(
            cli,
            [*place, "--format", fmt, "-o", str(out), "--db", sample_db],
        )
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(head)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--story", "story-nope"], 2, "no story 'story-nope'"),
        (["--place", "Xyzzyville"], 2, "unknown place 'Xyzzyville'"),
        (["--country", "FR"], 2, "no events in country 'FR'"),
        (["--country", "France"], 2, "ISO 3166-1 alpha-2"),
        (["--country", "IQ", "--story", "x"], 2, "exactly one of"),
        (["--country", "IQ", "--radius", "5"], 2, "--radius goes with --place"),
        (["--country", "IQ", "--since", "2026-03-10", "--until", "2026-03-01"], 2, "starts"),
    ],
)
def test_cli_errors_are_one_line(sample_db: str, args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(cli, ["report", *args, "--db", sample_db])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_cli_empty_and_missing_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    runner = CliRunner()
    result = runner.invoke(cli, ["report", "--country", "IQ", "--db", str(empty)])
    assert result.exit_code != 0
    assert "holds no events yet" in result.stderr and "Traceback" not in result.output
    result = runner.invoke(cli, ["report", "--country", "IQ", "--db", str(tmp_path / "no.db")])
    assert result.exit_code == 4 and "no store here yet" in result.stderr
