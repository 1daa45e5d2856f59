"""Writing a report as PDF with ``fpdf2`` (pure Python, offline): the same sections as the
HTML report, the map and timeline drawn from the same SVG, and every number an internal link to
its event's evidence section.

Text is set with DejaVu Sans when that font is installed (most Linux systems), so any script
prints; otherwise with the PDF core font Helvetica, which holds Latin-1 only: other characters
are folded to their closest Latin-1 form or written as ``?``. Article text never runs as markup:
it is written as plain text cells.
"""

from __future__ import annotations

import io
import logging
import unicodedata
from pathlib import Path

from eventwire.errors import EventwireError
from eventwire.report.render import (
    METHOD_NOTE,
    _coverage_lines,
    _dates,
    _evidence_label,
    _place,
    _when,
    charts,
    figure_cells,
    num,
    split_evidence,
)
from eventwire.report.select import EventEntry, Report

__all__ = ["render_pdf"]

_FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/local/share/fonts",
    "/Library/Fonts",
)
_FOLD = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "→": "->", "−": "-"}
)


def _font() -> tuple[Path, Path] | None:
    for folder in _FONT_DIRS:
        regular, bold = Path(folder, "DejaVuSans.ttf"), Path(folder, "DejaVuSans-Bold.ttf")
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


def _latin1(text: str) -> str:
    out = []
    for c in text.translate(_FOLD):
        if ord(c) < 256:
            out.append(c)
            continue
        base = unicodedata.normalize("NFKD", c).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


def render_pdf(report: Report) -> bytes:
    """``report`` as PDF bytes."""
    try:
        from fpdf import FPDF
    except ImportError as e:  # declared as a dependency; a broken install ends here
        raise EventwireError(
            "PDF reports need the fpdf2 package: pip install fpdf2 (or use --format html)"
        ) from e
    return _Pdf(report, FPDF).render()


class _Pdf:
    def __init__(self, report: Report, factory: type) -> None:
        self.r = report
        self.pdf = factory(format="A4", unit="mm")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_margins(15, 15, 15)
        font = _font()
        if font is not None:
            self.pdf.add_font("body", "", str(font[0]))
            self.pdf.add_font("body", "B", str(font[1]))
            self.family = "body"
            self.clean = _plain
        else:
            self.family = "helvetica"
            self.clean = _latin1_plain
        self.anchors: dict[str, int] = {}
        self.pdf.set_title(self.clean(report.title))
        self.pdf.set_creator("eventwire")

    # ---------------------------------------------------------------- primitives

    def anchor(self, name: str) -> int:
        """The internal link of a section (created on first use, placed by :meth:`place`)."""
        if name not in self.anchors:
            self.anchors[name] = self.pdf.add_link()
        return self.anchors[name]

    def place(self, name: str) -> None:
        self.pdf.set_link(self.anchor(name), page=self.pdf.page, y=self.pdf.get_y())

    def font(self, size: float, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def heading(self, text: str, size: float = 14, anchor: str | None = None) -> None:
        if self.pdf.get_y() > 250:
            self.pdf.add_page()
        self.pdf.ln(3)
        if anchor:
            self.place(anchor)
        self.font(size, bold=True)
        self.pdf.multi_cell(0, size * 0.5, self.clean(text), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def para(self, text: str, size: float = 9.5) -> None:
        self.font(size)
        self.pdf.multi_cell(0, 4.6, self.clean(text), new_x="LMARGIN", new_y="NEXT")

    def runs(self, parts: list[tuple[str, str | None]], size: float = 9.5) -> None:
        """One paragraph of text runs, each ``(text, anchor or None)``; linked runs in blue."""
        self.font(size)
        for text, anchor in parts:
            if anchor:
                self.pdf.set_text_color(20, 70, 160)
                self.pdf.write(4.6, self.clean(text), link=self.anchor(anchor))
                self.pdf.set_text_color(0, 0, 0)
            else:
                self.pdf.write(4.6, self.clean(text))
        self.pdf.ln(5.2)

    def svg(self, text: str) -> None:
        try:
            image = io.BytesIO(text.encode("utf-8"))
            logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
            if self.pdf.get_y() > 180:
                self.pdf.add_page()
            self.pdf.image(image, w=self.pdf.epw)
        except Exception as e:  # a chart that cannot be drawn is left out
            self.para(f"(chart not drawn: {e})")

    # ---------------------------------------------------------------- sections

    def render(self) -> bytes:
        r, pdf = self.r, self.pdf
        c = r.coverage
        pdf.add_page()
        self.heading(r.title, 16)
        self.para(f"Selection: {r.selection_text}")
        self.para(
            f"Period covered: {c.first_event_date or '...'} to {c.last_event_date or '...'} "
            f"(events); articles published {_when(c.first_published)} to "
            f"{_when(c.last_published)}"
        )
        self.para(f"Generated: {r.generated} from {r.store_path}")
        self.headline()
        svg_map, svg_time, note = charts(r, links=False)
        self.heading("Map")
        self.svg(svg_map)
        self.heading("Timeline")
        self.svg(svg_time)
        self.para(note, 8)
        key = set(r.key_events)
        self.heading("Key events")
        self.para("Most independent sources first.")
        for e in r.events:
            if e.event_id in key:
                self.event(e)
        self.quotes()
        self.conflicts()
        self.warnings()
        others = [e for e in r.events if e.event_id not in key]
        if others:
            self.heading("Other events")
            for e in others:
                self.event(e)
        self.heading("Method and coverage")
        for line in _coverage_lines(r):
            self.para("- " + line)
        self.para(METHOD_NOTE)
        if c.events_shown < c.events_total:
            self.para(f"Only the {c.events_shown} events with most sources are shown.")
        return bytes(pdf.output())

    def headline(self) -> None:
        r = self.r
        self.heading("Headline figures")
        if not r.events:
            self.para("No events in this selection and period.")
            return
        self.runs(
            [("Events by type: ", None)]
            + [
                part
                for i, (kind, n) in enumerate(r.type_counts)
                for part in (((", " if i else "") + f"{kind} ", None), (str(n), "type-" + kind))
            ]
        )
        if not r.figures:
            self.para("No event in this selection reports people killed, injured or displaced.")
        for f in r.figures:
            a = "fig-" + f.kind
            low, best, high = figure_cells(f)
            self.runs(
                [
                    (f"{f.kind.capitalize()}: low ", None),
                    (low, a),
                    (", best ", None),
                    (best, a),
                    (", high ", None),
                    (high, a),
                    (" in ", None),
                    (str(len(f.events)), a),
                    (" events, given by ", None),
                    (str(f.sources), a),
                    (" independent sources", None),
                ]
            )
        for f in r.figures:
            self.heading(f"{f.kind.capitalize()}: by event", 11, anchor="fig-" + f.kind)
            for event_id in f.events:
                e = r.event(event_id)
                ef = next(x for x in e.figures if x.kind == f.kind)
                a = e.anchor
                self.runs(
                    [
                        ("- ", None),
                        (e.event_id, a),
                        (f" {e.plover_type}, {_dates(e)}, {_place(e)}: low ", None),
                        (num(ef.low), a),
                        (", best ", None),
                        (num(ef.best), a),
                        (", high ", None),
                        (num(ef.high), a),
                        (", given by ", None),
                        (str(ef.sources), a),
                        (" independent sources", None),
                    ]
                )
        self.heading("All events by type", 12)
        for kind, _ in r.type_counts:
            self.heading(kind, 10.5, anchor="type-" + kind)
            for e in r.events:
                if e.plover_type == kind:
                    parts: list[tuple[str, str | None]] = [
                        ("- ", None),
                        (e.event_id, e.anchor),
                        (f" {_dates(e)}, {_place(e)}, {e.status}; sources ", None),
                        (str(e.independent_sources), e.anchor),
                    ]
                    for ef in e.figures:
                        parts += [(f"; {ef.kind} ", None), (num(ef.best), e.anchor)]
                    self.runs(parts, 9)

    def event(self, e: EventEntry) -> None:
        a = e.anchor
        self.heading(f"{e.plover_type}: {_place(e)}, {_dates(e)}", 11, anchor=a)
        self.para(
            f"Event {e.event_id} (eventwire event {e.event_id}, /api/events/{e.event_id}); "
            f"status {e.status}" + (f"; flags: {', '.join(e.flags)}" if e.flags else "")
        )
        if e.actor or e.target:
            self.para(f"Actor -> target: {e.actor or '-'} -> {e.target or '-'}")
        self.runs(
            [
                ("Reported by ", None),
                (str(e.independent_sources), a),
                (
                    f" independent sources, {e.articles} articles, {e.outlets} outlets; earliest "
                    f"{e.first_outlet or 'unknown outlet'} {_when(e.first_published)}",
                    None,
                ),
            ]
        )
        for f in e.figures:
            self.runs(
                [
                    (f"{f.kind.capitalize()}: low ", None),
                    (num(f.low), a),
                    (", best ", None),
                    (num(f.best), a),
                    (", high ", None),
                    (num(f.high), a),
                    (" (", None),
                    (str(f.sources), a),
                    (" independent sources give it)", None),
                ]
            )
        originals, copies = split_evidence(e)
        for m in originals:
            self.font(8.5, bold=True)
            self.pdf.multi_cell(
                0,
                4.2,
                self.clean(f"{_evidence_label(m)}: {m.title or 'untitled'}"),
                new_x="LMARGIN",
                new_y="NEXT",
            )
            self.font(9)
            self.pdf.set_x(self.pdf.l_margin + 5)
            self.pdf.multi_cell(0, 4.4, self.clean(m.sentence), new_x="LMARGIN", new_y="NEXT")
        if copies:
            self.para(
                "Copies (not counted as sources): " + "; ".join(_evidence_label(m) for m in copies),
                8,
            )
        self.pdf.ln(2)

    def quotes(self) -> None:
        r = self.r
        self.heading("Notable quotes")
        if not r.quotes:
            self.para("No direct quote in the selection's articles.")
        for q in r.quotes:
            speaker = q.speaker or "unknown speaker"
            if q.speaker_role:
                speaker += f" ({q.speaker_role})"
            if not q.resolved:
                speaker += " [speaker unresolved]"
            self.para(f'"{q.text}"')
            parts: list[tuple[str, str | None]] = [
                (
                    f"    - {speaker}; {q.outlet or 'unknown outlet'} {_when(q.published)}, "
                    f"article {q.article_id}, in {q.articles} articles",
                    None,
                )
            ]
            if q.anchor:
                parts += [(", event ", None), (q.anchor[3:], q.anchor)]
            self.runs(parts, 8.5)

    def conflicts(self) -> None:
        r = self.r
        self.heading("Conflicting figures")
        if not r.conflicting:
            self.para("No event in this selection has sources that disagree on a figure.")
        for e in r.conflicting:
            self.runs(
                [(e.event_id, e.anchor), (f" {e.plover_type}, {_dates(e)}, {_place(e)}:", None)]
            )
            for c in e.conflicts:
                self.runs(
                    [
                        (f"- {c.kind} ", None),
                        (num(c.value), e.anchor),
                        (
                            f": {', '.join(c.outlets) or '-'}, {_when(c.published)}, said by "
                            f"{c.speaker or '-'}: {c.sentence}",
                            None,
                        ),
                    ],
                    8.5,
                )

    def warnings(self) -> None:
        from eventwire.report.render import _WARNING_TEXT

        r = self.r
        self.heading("Content warnings")
        if not r.warnings:
            self.para("No copied, patchwork or attribution-stripped article in the selection.")
        for code, text in _WARNING_TEXT.items():
            rows = [w for w in r.warnings if w.code == code]
            if not rows:
                continue
            self.font(9.5, bold=True)
            self.pdf.multi_cell(
                0, 4.6, self.clean(f"{text} ({len(rows)} articles)"), new_x="LMARGIN", new_y="NEXT"
            )
            for w in rows:
                detail = f" - {w.detail}" if w.detail else ""
                self.para(
                    f"- {w.outlet or 'unknown outlet'} {_when(w.published)}, article "
                    f"{w.article_id}: {w.title or 'untitled'}{detail}",
                    8.5,
                )


def _plain(text: str) -> str:
    """Text for a Unicode font: control characters (but not spaces) dropped."""
    return "".join(c if c.isprintable() else " " for c in text)


def _latin1_plain(text: str) -> str:
    return _latin1(_plain(text))
