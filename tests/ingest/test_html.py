"""HTML pages that libxml2 alone cannot read."""

from __future__ import annotations

from eventwire.ingest.html import MAX_DEPTH, flatten_deep, read_html
from eventwire.records import RawDocument
from eventwire.settings import Settings


def test_a_page_nested_deeper_than_libxml2_allows_keeps_its_text(settings: Settings) -> None:
    body = "Police arrested ten people in Nairobi on Tuesday after protests turned violent."
    page = (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * 300
        + f"<p>{body}</p>"
        + "</div>" * 300
        + "</body></html>"
    )
    doc = read_html(page.encode(), source="deep.html", settings=settings)
    assert isinstance(doc, RawDocument) and doc.text == body and doc.title == "Deep"
    shallow = "<html><body><div><p>text</p></div></body></html>"
    assert flatten_deep(shallow) is shallow
    flat = flatten_deep(page)
    assert flat.count("<div>") == MAX_DEPTH - 2 and body in flat
