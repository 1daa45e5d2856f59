"""Writing a :class:`~eventwire.report.select.Report` as Markdown or HTML (PDF: :mod:`.pdf`).

Both formats hold the same sections and the same anchors: each event's evidence section is
``#ev-<event id>``, each headline figure's breakdown ``#fig-<kind>``, each event type's list
``#type-<TYPE>``; every number links to one of them. Text from articles is untrusted: in HTML it
is escaped (and the page's Content-Security-Policy allows no script at all); in Markdown, HTML
special characters become entities and Markdown syntax is backslash-escaped, so that a title
cannot open a tag, a link or a heading. Only ``http``/``https`` URLs become links.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from html import escape
from urllib.parse import quote, urlsplit

from eventwire.errors import EventwireError
from eventwire.report.select import (
    EventEntry,
    EventFigure,
    Evidence,
    HeadlineFigure,
    Report,
)
from eventwire.report.svg import MapPoint, map_svg, timeline_bins, timeline_svg

__all__ = ["FORMATS", "charts", "md_text", "render_report", "safe_url", "split_evidence"]

FORMATS = ("md", "html", "pdf")

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|~>])")
_WARNING_TEXT = {
    "patchwork": "patchwork: stitched together from several earlier articles",
    "attribution-stripped": "attribution stripped: copied text without its source's credit",
    "copied": "copied: most sentences found in earlier articles",
}
METHOD_NOTE = (
    "Events, figures and quotes are extracted automatically from the articles and are given "
    "as reported, not verified. An independent source is an original article with all its "
    "copies and reprints: copies are shown but not counted again. Each event's figures are the "
    "low, best and high estimates across its independent sources; headline totals add up the "
    "events that report a figure, so events with no figure count as none, not as zero."
)


def render_report(report: Report, fmt: str) -> bytes:
    """``report`` as ``md``, ``html`` (UTF-8) or ``pdf`` bytes."""
    if fmt == "md":
        return _Markdown(report).render().encode("utf-8")
    if fmt == "html":
        return _Html(report).render().encode("utf-8")
    if fmt == "pdf":
        from eventwire.report.pdf import render_pdf

        return render_pdf(report)
    raise EventwireError(f"unknown report format {fmt!r}: use one of {', '.join(FORMATS)}")


# ------------------------------------------------------------------ shared helpers


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an ``http``/``https`` URL, percent-encoding characters that could
    break out of a link; None otherwise (``javascript:``, ``data:``...)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return quote(url.strip(), safe=":/?#@!$&*+,;=%~-._")


def md_text(text: object) -> str:
    """Untrusted text as inline Markdown: one line, HTML characters as entities, Markdown
    syntax backslash-escaped."""
    s = " ".join(str(text).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def num(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def _dates(e: EventEntry) -> str:
    if not e.date_start:
        return "undated"
    if not e.date_end or e.date_end == e.date_start:
        return e.date_start
    return f"{e.date_start} to {e.date_end}"


def _place(e: EventEntry) -> str:
    parts = [p for p in (e.place_name, e.admin1, e.country_iso) if p]
    return ", ".join(dict.fromkeys(parts)) or "place unknown"


def _when(value: str | None) -> str:
    return value[:16].replace("T", " ") if value else "undated"


def charts(report: Report, *, links: bool = True) -> tuple[str, str, str]:
    """The report's map and timeline as SVG text, and a note on what the timeline leaves out."""
    points = [
        MapPoint(
            lat=e.lat,
            lon=e.lon,
            label=f"{e.plover_type} {_dates(e)}, {_place(e)}: {e.independent_sources} sources",
            kind=e.plover_type,
            weight=e.independent_sources,
            anchor=e.anchor,
        )
        for e in report.events
        if e.lat is not None and e.lon is not None
    ]
    dated = [
        (date.fromisoformat(e.date_start), _killed(e))
        for e in report.events
        if e.date_start and e.date_precision in ("day", "week")
    ]
    days = _clip_outliers(dated, report)
    left_out = len(report.events) - len(days)
    note = "Events dated to the day or week, by their first day" + (
        f"; {left_out} events dated less precisely or far from the period are not shown."
        if left_out
        else "."
    )
    return map_svg(points, links=links), timeline_svg(timeline_bins(days)), note


def _killed(e: EventEntry) -> float:
    return next((f.best for f in e.figures if f.kind == "killed"), 0.0)


def _clip_outliers(days: list[tuple[date, float]], report: Report) -> list[tuple[date, float]]:
    """Leave out events dated far from the period the articles cover (a year read wrongly,
    background history), so the timeline shows the selection's days."""
    sel = report.selection
    lo = sel.since or _day(report.coverage.first_published, -30)
    hi = sel.until or _day(report.coverage.last_published, 1)
    return [(d, k) for d, k in days if (lo is None or d >= lo) and (hi is None or d <= hi)]


def _day(value: str | None, shift: int) -> date | None:
    if not value:
        return None
    return date.fromordinal(date.fromisoformat(value[:10]).toordinal() + shift)


def split_evidence(e: EventEntry) -> tuple[list[Evidence], list[Evidence]]:
    """An event's evidence sentences that are not copies, and one row per article that copies
    some of them."""
    originals = [m for m in e.evidence if not m.copied]
    copies: dict[str, Evidence] = {}
    for m in e.evidence:
        if m.copied:
            copies.setdefault(m.article_id, m)
    return originals, list(copies.values())


def figure_cells(f: HeadlineFigure) -> tuple[str, str, str]:
    return num(f.low), num(f.best), num(f.high)


def _evidence_label(m: Evidence) -> str:
    mark = f" (copy of {m.donor_article_id})" if m.copied else ""
    first = " (earliest)" if m.earliest else ""
    return (
        f"{m.outlet or 'unknown outlet'}, {_when(m.published)}, article {m.article_id}{mark}{first}"
    )


# ------------------------------------------------------------------ Markdown


class _Markdown:
    def __init__(self, report: Report) -> None:
        self.r = report
        self.out: list[str] = []

    def add(self, *lines: str) -> None:
        self.out.extend(lines)

    def link(self, text: str, anchor: str) -> str:
        return f"[{text}](#{anchor})"

    def render(self) -> str:
        r = self.r
        c = r.coverage
        self.add(f"# {md_text(r.title)}", "")
        self.add(
            f"- **Selection:** {md_text(r.selection_text)}",
            f"- **Period covered:** {c.first_event_date or '…'} to {c.last_event_date or '…'} "
            f"(events); articles published {_when(c.first_published)} to "
            f"{_when(c.last_published)}",
            f"- **Generated:** {r.generated} from {md_text(r.store_path)}",
            "",
        )
        self.headline()
        svg_map, svg_time, note = charts(r)
        self.add("## Map", "", svg_map, "", "## Timeline", "", svg_time, "", note, "")
        self.event_index()
        self.add("## Key events", "", "Most independent sources first.", "")
        key = set(r.key_events)
        for e in r.events:
            if e.event_id in key:
                self.event(e)
        self.quotes()
        self.conflicts()
        self.warnings()
        others = [e for e in r.events if e.event_id not in key]
        if others:
            self.add("## Other events", "")
            for e in others:
                self.event(e)
        self.method()
        return "\n".join(self.out).rstrip() + "\n"

    def headline(self) -> None:
        r = self.r
        self.add("## Headline figures", "")
        if not r.events:
            self.add("No events in this selection and period.", "")
            return
        self.add("| Event type | Events |", "|---|---:|")
        for kind, n in r.type_counts:
            self.add(f"| {md_text(kind)} | {self.link(str(n), 'type-' + kind)} |")
        self.add("")
        if not r.figures:
            self.add("No event in this selection reports people killed, injured or displaced.", "")
            return
        self.add(
            "| Figure | Low | Best | High | Events | Independent sources |",
            "|---|---:|---:|---:|---:|---:|",
        )
        for f in r.figures:
            a = "fig-" + f.kind
            low, best, high = figure_cells(f)
            self.add(
                f"| {f.kind} | {self.link(low, a)} | {self.link(best, a)} | {self.link(high, a)} "
                f"| {self.link(str(len(f.events)), a)} | {self.link(str(f.sources), a)} |"
            )
        self.add("")
        for f in r.figures:
            self.add(f'<a id="fig-{f.kind}"></a>', "", f"### {f.kind.capitalize()}: by event", "")
            for event_id in f.events:
                e = r.event(event_id)
                ef = next(x for x in e.figures if x.kind == f.kind)
                self.add(f"- {self.figure_line(e, ef)}")
            self.add("")

    def figure_line(self, e: EventEntry, f: EventFigure) -> str:
        a = e.anchor
        return (
            f"{self.link(e.event_id, a)} {md_text(e.plover_type)}, {_dates(e)}, "
            f"{md_text(_place(e))}: low {self.link(num(f.low), a)}, best "
            f"{self.link(num(f.best), a)}, high {self.link(num(f.high), a)}, given by "
            f"{self.link(str(f.sources), a)} independent sources"
        )

    def event_index(self) -> None:
        r = self.r
        if not r.events:
            return
        self.add("## All events by type", "")
        for kind, _ in r.type_counts:
            self.add(f'<a id="type-{kind}"></a>', "", f"### {md_text(kind)}", "")
            self.add(
                "| Event | Date | Place | Status | Sources | Killed | Injured | Displaced |",
                "|---|---|---|---|---:|---:|---:|---:|",
            )
            for e in r.events:
                if e.plover_type != kind:
                    continue
                cells = []
                for k in ("killed", "injured", "displaced"):
                    f = next((x for x in e.figures if x.kind == k), None)
                    cells.append(self.link(num(f.best), e.anchor) if f else "")
                self.add(
                    f"| {self.link(e.event_id, e.anchor)} | {_dates(e)} | {md_text(_place(e))} "
                    f"| {md_text(e.status)} | {self.link(str(e.independent_sources), e.anchor)} "
                    f"| {' | '.join(cells)} |"
                )
            self.add("")

    def event(self, e: EventEntry) -> None:
        a = e.anchor
        self.add(
            f'<a id="{a}"></a>',
            "",
            f"### {md_text(e.plover_type)}: {md_text(_place(e))}, {_dates(e)}",
            "",
            f"- **Event:** `{e.event_id}` (`eventwire event {e.event_id}`, "
            f"`/api/events/{e.event_id}`)",
            f"- **Status:** {md_text(e.status)}"
            + (f"; flags: {md_text(', '.join(e.flags))}" if e.flags else ""),
        )
        if e.actor or e.target:
            self.add(
                f"- **Actor → target:** {md_text(e.actor or '-')} → {md_text(e.target or '-')}"
            )
        self.add(
            f"- **Reported by:** {self.link(str(e.independent_sources), a)} independent sources, "
            f"{e.articles} articles, {e.outlets} outlets; earliest "
            f"{md_text(e.first_outlet or 'unknown outlet')} {_when(e.first_published)}"
        )
        for f in e.figures:
            self.add(
                f"- **{f.kind.capitalize()}:** low {self.link(num(f.low), a)}, best "
                f"{self.link(num(f.best), a)}, high {self.link(num(f.high), a)} "
                f"({self.link(str(f.sources), a)} independent sources give it)"
            )
        originals, copies = split_evidence(e)
        self.add("", "Evidence:", "")
        for m in originals:
            url = safe_url(m.url)
            where = md_text(_evidence_label(m))
            title = md_text(m.title) if m.title else "untitled"
            title = f"[{title}](<{url}>)" if url else title
            self.add(f"- {where}: {title}", f"  > {md_text(m.sentence)}")
        if copies:
            self.add(
                "- Copies (not counted as sources): "
                + "; ".join(md_text(_evidence_label(m)) for m in copies)
            )
        self.add("")

    def quotes(self) -> None:
        r = self.r
        self.add("## Notable quotes", "")
        if not r.quotes:
            self.add("No direct quote in the selection's articles.", "")
            return
        for q in r.quotes:
            speaker = md_text(q.speaker) if q.speaker else "unknown speaker"
            if q.speaker_role:
                speaker += f" ({md_text(q.speaker_role)})"
            if not q.resolved:
                speaker += " *\\[speaker unresolved\\]*"
            event = f", event {self.link(q.anchor[3:], q.anchor)}" if q.anchor else ""
            self.add(
                f"> “{md_text(q.text)}”",
                ">",
                f"> — {speaker}; {md_text(q.outlet or 'unknown outlet')} {_when(q.published)}, "
                f"article {q.article_id}, in {q.articles} articles{event}",
                "",
            )

    def conflicts(self) -> None:
        r = self.r
        self.add("## Conflicting figures", "")
        if not r.conflicting:
            self.add("No event in this selection has sources that disagree on a figure.", "")
            return
        for e in r.conflicting:
            self.add(
                f"{self.link(e.event_id, e.anchor)} {md_text(e.plover_type)}, {_dates(e)}, "
                f"{md_text(_place(e))}:",
                "",
                "| Figure | Value | Source (outlets) | Published | Said by | Sentence |",
                "|---|---:|---|---|---|---|",
            )
            for c in e.conflicts:
                self.add(
                    f"| {c.kind} | {self.link(num(c.value), e.anchor)} "
                    f"| {md_text(', '.join(c.outlets) or '-')} | {_when(c.published)} "
                    f"| {md_text(c.speaker or '-')} | {md_text(c.sentence)} |"
                )
            self.add("")

    def warnings(self) -> None:
        r = self.r
        self.add("## Content warnings", "")
        if not r.warnings:
            self.add("No copied, patchwork or attribution-stripped article in the selection.", "")
            return
        for code in _WARNING_TEXT:
            rows = [w for w in r.warnings if w.code == code]
            if not rows:
                continue
            self.add(f"**{_WARNING_TEXT[code]}** ({len(rows)} articles)", "")
            for w in rows:
                self.add(
                    f"- {md_text(w.outlet or 'unknown outlet')} {_when(w.published)}, article "
                    f"`{w.article_id}`: {md_text(w.title or 'untitled')}"
                    + (f" — {md_text(w.detail)}" if w.detail else "")
                )
            self.add("")

    def method(self) -> None:
        c = self.r.coverage
        self.add("## Method and coverage", "")
        self.add(*(f"- {line}" for line in _coverage_lines(self.r)))
        self.add("", METHOD_NOTE, "")
        if c.events_shown < c.events_total:
            self.add(f"Only the {c.events_shown} events with most sources are shown.", "")


def _coverage_lines(r: Report) -> Iterable[str]:
    c = r.coverage
    yield (
        f"{c.events_shown} events from {c.articles} articles by {c.outlets} outlets, "
        f"{c.independent_sources} independent sources ({c.copies} articles are copies only)"
    )
    yield f"Articles published {_when(c.first_published)} to {_when(c.last_published)}"
    yield f"Events dated {c.first_event_date or '…'} to {c.last_event_date or '…'}"
    yield (
        f"{len(r.warnings)} content warnings, {len(r.conflicting)} events with conflicting figures"
    )


# ------------------------------------------------------------------ HTML

_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
color:#222;line-height:1.45}
h1{font-size:1.6rem}h2{border-bottom:1px solid #ccc;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;
vertical-align:top}td.n{text-align:right}
blockquote{margin:.3rem 0 .3rem 1rem;padding-left:.6rem;border-left:3px solid #bbb;color:#333}
.meta{color:#555;font-size:.9rem}.copy{color:#888}.flag{color:#a04000;font-weight:bold}
.unresolved{color:#a04000;font-style:italic}section.event{margin-bottom:1.5rem}
code{font-size:.9em}svg{max-width:100%;height:auto}
"""


def h(text: object) -> str:
    return escape(str(text), quote=True)


class _Html:
    def __init__(self, report: Report) -> None:
        self.r = report
        self.out: list[str] = []

    def add(self, *parts: str) -> None:
        self.out.extend(parts)

    def link(self, text: str, anchor: str) -> str:
        return f'<a href="#{h(anchor)}">{h(text)}</a>'

    def render(self) -> str:
        r = self.r
        c = r.coverage
        self.add(
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; img-src data:\">",
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{h(r.title)}</title><style>{_CSS}</style></head><body>",
            f"<h1>{h(r.title)}</h1>",
            '<ul class="meta">',
            f"<li><b>Selection:</b> {h(r.selection_text)}</li>",
            f"<li><b>Period covered:</b> {h(c.first_event_date or '…')} to "
            f"{h(c.last_event_date or '…')} (events); articles published "
            f"{h(_when(c.first_published))} to {h(_when(c.last_published))}</li>",
            f"<li><b>Generated:</b> {h(r.generated)} from {h(r.store_path)}</li></ul>",
        )
        self.headline()
        svg_map, svg_time, note = charts(r)
        self.add(
            '<h2 id="map">Map</h2>',
            svg_map,
            '<h2 id="timeline">Timeline</h2>',
            svg_time,
            f'<p class="meta">{h(note)}</p>',
        )
        self.event_index()
        self.add('<h2 id="key-events">Key events</h2>', "<p>Most independent sources first.</p>")
        key = set(r.key_events)
        for e in r.events:
            if e.event_id in key:
                self.event(e)
        self.quotes()
        self.conflicts()
        self.warnings()
        others = [e for e in r.events if e.event_id not in key]
        if others:
            self.add('<h2 id="other-events">Other events</h2>')
            for e in others:
                self.event(e)
        self.add('<h2 id="method">Method and coverage</h2><ul>')
        self.add(*(f"<li>{h(line)}</li>" for line in _coverage_lines(r)))
        self.add(f"</ul><p>{h(METHOD_NOTE)}</p>")
        if c.events_shown < c.events_total:
            self.add(f"<p>Only the {c.events_shown} events with most sources are shown.</p>")
        self.add("</body></html>")
        return "\n".join(self.out) + "\n"

    def table(self, head: Iterable[str], rows: Iterable[Iterable[str]], numeric: set[int]) -> None:
        self.add("<table><thead><tr>" + "".join(f"<th>{h(x)}</th>" for x in head) + "</tr></thead>")
        self.add("<tbody>")
        for row in rows:
            cells = "".join(
                f'<td class="n">{x}</td>' if i in numeric else f"<td>{x}</td>"
                for i, x in enumerate(row)
            )
            self.add(f"<tr>{cells}</tr>")
        self.add("</tbody></table>")

    def headline(self) -> None:
        r = self.r
        self.add('<h2 id="headline">Headline figures</h2>')
        if not r.events:
            self.add("<p>No events in this selection and period.</p>")
            return
        self.table(
            ("Event type", "Events"),
            ((h(k), self.link(str(n), "type-" + k)) for k, n in r.type_counts),
            {1},
        )
        if not r.figures:
            self.add(
                "<p>No event in this selection reports people killed, injured or displaced.</p>"
            )
            return
        rows = []
        for f in r.figures:
            a = "fig-" + f.kind
            rows.append(
                (
                    h(f.kind),
                    *(self.link(x, a) for x in figure_cells(f)),
                    self.link(str(len(f.events)), a),
                    self.link(str(f.sources), a),
                )
            )
        self.table(
            ("Figure", "Low", "Best", "High", "Events", "Independent sources"),
            rows,
            {1, 2, 3, 4, 5},
        )
        for f in r.figures:
            self.add(f'<h3 id="fig-{h(f.kind)}">{h(f.kind.capitalize())}: by event</h3><ul>')
            for event_id in f.events:
                e = r.event(event_id)
                ef = next(x for x in e.figures if x.kind == f.kind)
                a = e.anchor
                self.add(
                    f"<li>{self.link(e.event_id, a)} {h(e.plover_type)}, {h(_dates(e))}, "
                    f"{h(_place(e))}: low {self.link(num(ef.low), a)}, best "
                    f"{self.link(num(ef.best), a)}, high {self.link(num(ef.high), a)}, given by "
                    f"{self.link(str(ef.sources), a)} independent sources</li>"
                )
            self.add("</ul>")

    def event_index(self) -> None:
        r = self.r
        if not r.events:
            return
        self.add('<h2 id="all-events">All events by type</h2>')
        for kind, _ in r.type_counts:
            self.add(f'<h3 id="type-{h(kind)}">{h(kind)}</h3>')
            rows = []
            for e in r.events:
                if e.plover_type != kind:
                    continue
                cells: list[str] = []
                for k in ("killed", "injured", "displaced"):
                    f = next((x for x in e.figures if x.kind == k), None)
                    cells.append(self.link(num(f.best), e.anchor) if f else "")
                rows.append(
                    (
                        self.link(e.event_id, e.anchor),
                        h(_dates(e)),
                        h(_place(e)),
                        h(e.status),
                        self.link(str(e.independent_sources), e.anchor),
                        *cells,
                    )
                )
            self.table(
                ("Event", "Date", "Place", "Status", "Sources", "Killed", "Injured", "Displaced"),
                rows,
                {4, 5, 6, 7},
            )

    def event(self, e: EventEntry) -> None:
        a = e.anchor
        self.add(
            f'<section class="event" id="{h(a)}">',
            f"<h3>{h(e.plover_type)}: {h(_place(e))}, {h(_dates(e))}</h3><ul>",
            f"<li><b>Event:</b> <code>{h(e.event_id)}</code> (<code>eventwire event "
            f"{h(e.event_id)}</code>, <code>/api/events/{h(e.event_id)}</code>)</li>",
            f"<li><b>Status:</b> {h(e.status)}"
            + (f'; <span class="flag">{h(", ".join(e.flags))}</span>' if e.flags else "")
            + "</li>",
        )
        if e.actor or e.target:
            self.add(f"<li><b>Actor → target:</b> {h(e.actor or '-')} → {h(e.target or '-')}</li>")
        self.add(
            f"<li><b>Reported by:</b> {self.link(str(e.independent_sources), a)} independent "
            f"sources, {e.articles} articles, {e.outlets} outlets; earliest "
            f"{h(e.first_outlet or 'unknown outlet')} {h(_when(e.first_published))}</li>"
        )
        for f in e.figures:
            self.add(
                f"<li><b>{h(f.kind.capitalize())}:</b> low {self.link(num(f.low), a)}, best "
                f"{self.link(num(f.best), a)}, high {self.link(num(f.high), a)} "
                f"({self.link(str(f.sources), a)} independent sources give it)</li>"
            )
        originals, copies = split_evidence(e)
        self.add("</ul><p>Evidence:</p><ul>")
        for m in originals:
            url = safe_url(m.url)
            title = h(m.title or "untitled")
            if url:
                title = f'<a href="{h(url)}" rel="noopener noreferrer nofollow">{title}</a>'
            self.add(
                f"<li>{h(_evidence_label(m))}: {title}<blockquote>{h(m.sentence)}</blockquote></li>"
            )
        if copies:
            self.add(
                '<li class="copy">Copies (not counted as sources): '
                + "; ".join(h(_evidence_label(m)) for m in copies)
                + "</li>"
            )
        self.add("</ul></section>")

    def quotes(self) -> None:
        r = self.r
        self.add('<h2 id="quotes">Notable quotes</h2>')
        if not r.quotes:
            self.add("<p>No direct quote in the selection's articles.</p>")
            return
        for q in r.quotes:
            speaker = h(q.speaker) if q.speaker else "unknown speaker"
            if q.speaker_role:
                speaker += f" ({h(q.speaker_role)})"
            if not q.resolved:
                speaker += ' <span class="unresolved">[speaker unresolved]</span>'
            event = f", event {self.link(q.anchor[3:], q.anchor)}" if q.anchor else ""
            self.add(
                f"<blockquote>“{h(q.text)}”<br>— {speaker}; "
                f"{h(q.outlet or 'unknown outlet')} {h(_when(q.published))}, article "
                f"<code>{h(q.article_id)}</code>, in {q.articles} articles{event}</blockquote>"
            )

    def conflicts(self) -> None:
        r = self.r
        self.add('<h2 id="conflicts">Conflicting figures</h2>')
        if not r.conflicting:
            self.add("<p>No event in this selection has sources that disagree on a figure.</p>")
            return
        for e in r.conflicting:
            self.add(
                f"<p>{self.link(e.event_id, e.anchor)} {h(e.plover_type)}, {h(_dates(e))}, "
                f"{h(_place(e))}:</p>"
            )
            self.table(
                ("Figure", "Value", "Source (outlets)", "Published", "Said by", "Sentence"),
                (
                    (
                        h(c.kind),
                        self.link(num(c.value), e.anchor),
                        h(", ".join(c.outlets) or "-"),
                        h(_when(c.published)),
                        h(c.speaker or "-"),
                        h(c.sentence),
                    )
                    for c in e.conflicts
                ),
                {1},
            )

    def warnings(self) -> None:
        r = self.r
        self.add('<h2 id="warnings">Content warnings</h2>')
        if not r.warnings:
            self.add(
                "<p>No copied, patchwork or attribution-stripped article in the selection.</p>"
            )
            return
        for code, text in _WARNING_TEXT.items():
            rows = [w for w in r.warnings if w.code == code]
            if not rows:
                continue
            self.add(f"<p><b>{h(text)}</b> ({len(rows)} articles)</p><ul>")
            for w in rows:
                detail = f" — {h(w.detail)}" if w.detail else ""
                self.add(
                    f"<li>{h(w.outlet or 'unknown outlet')} {h(_when(w.published))}, article "
                    f"<code>{h(w.article_id)}</code>: {h(w.title or 'untitled')}{detail}</li>"
                )
            self.add("</ul>")
