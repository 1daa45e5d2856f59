"""RSS and Atom feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from eventwire.errors import Reason
from eventwire.ingest import read_feed, read_path
from eventwire.records import RawDocument, Rejection
from eventwire.settings import Settings
from tests.ingest.helpers import BODY_1, BODY_2, BODY_3, article_page, split

RSS = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Northgate Herald</title>
  <link>https://herald.example/</link>
  <language>en-gb</language>
  <item>
    <title>Floods hit Varnos</title>
    <link>https://herald.example/news/floods</link>
    <pubDate>Tue, 05 Mar 2024 14:30:00 +0200</pubDate>
    <dc:creator>Mira Kessel</dc:creator>
    <description>Teaser only.</description>
    <content:encoded><![CDATA[<p>{BODY_1}</p><p>{BODY_2}</p>]]></content:encoded>
  </item>
  <item>
    <title>Levees reinforced</title>
    <link>https://herald.example/news/levees</link>
    <pubDate>Wed, 06 Mar 2024 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;{BODY_3}&lt;/p&gt;</description>
  </item>
  <item>
    <title>Photo gallery</title>
    <link>https://herald.example/gallery</link>
  </item>
</channel>
</rss>
"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Coast Radio</title>
  <id>urn:coast</id>
  <updated>2024-03-05T10:00:00Z</updated>
  <entry>
    <title>Harbour closed</title>
    <id>urn:coast:1</id>
    <link href="https://coast.example/harbour"/>
    <published>2024-03-05T09:15:00+01:00</published>
    <updated>2024-03-05T10:00:00Z</updated>
    <author><name>Jens Holm</name></author>
    <content type="html">&lt;p&gt;{BODY_1}&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "herald.rss"
    path.write_text(RSS, encoding="utf-8")
    items = list(read_path(path, settings=settings))
    assert [i.locator for i in items] == ["item 1", "item 2", "item 3"]
    first, second, third = items
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert first.text == f"{BODY_1}\n{BODY_2}"  # the full content, not the teaser
    assert first.title == "Floods hit Varnos"
    assert first.url == "https://herald.example/news/floods"
    assert first.published == datetime(2024, 3, 5, 14, 30, tzinfo=timezone(timedelta(hours=2)))
    assert first.byline == "Mira Kessel"
    assert first.outlet == "Northgate Herald"
    assert first.language == "en"
    assert first.source_format == "feed" and first.source == str(path)
    assert second.text == BODY_3  # HTML in the description reduced to text
    assert second.published == datetime(2024, 3, 6, 8, 0, tzinfo=UTC)
    assert isinstance(third, Rejection) and third.code == Reason.NO_TEXT


def test_atom_entry(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "coast.xml"  # .xml: sniffed as a feed
    path.write_text(ATOM, encoding="utf-8")
    docs, rejections = split(list(read_path(path, settings=settings)))
    assert rejections == []
    (doc,) = docs
    assert doc.text == BODY_1
    assert doc.url == "https://coast.example/harbour"
    assert doc.published == datetime(2024, 3, 5, 9, 15, tzinfo=timezone(timedelta(hours=1)))
    assert doc.byline == "Jens Holm"
    assert doc.outlet == "Coast Radio"
    assert doc.language == "de"


@pytest.mark.parametrize(
    "content",
    [b"<rss><channel><title>Broken</ti", b"<?xml version='1.0'?><rss version='2.0'><<<<"],
)
def test_malformed_feed(tmp_path: Path, settings: Settings, content: bytes) -> None:
    path = tmp_path / "broken.rss"
    path.write_bytes(content)
    items = list(read_path(path, settings=settings))
    assert [(i.code, i.source) for i in items if isinstance(i, Rejection)] == [
        (Reason.MALFORMED_XML, str(path))
    ]
    assert len(items) == 1


def test_xml_that_is_not_a_feed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "catalogue.xml"
    path.write_text("<?xml version='1.0'?><catalogue><book>Title</book></catalogue>")
    (item,) = list(read_path(path, settings=settings))
    assert isinstance(item, Rejection) and item.code == Reason.UNSUPPORTED


def test_feed_over_the_cap(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "big.rss"
    path.write_text(RSS, encoding="utf-8")
    small = settings.replace(ingest={"max_feed_bytes": 500})
    (item,) = list(read_path(path, settings=small))
    assert isinstance(item, Rejection) and item.code == Reason.TOO_LARGE
    assert "ingest.max_feed_bytes" in item.message


def _site(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/news/floods":
        page = article_page(
            body=(BODY_1, BODY_2, BODY_3), site="Herald Online", published=None, author=None
        )
        return httpx.Response(200, html=page)
    return httpx.Response(404, text="not here")


def test_fetch_items_replaces_content_with_the_page(settings: Settings) -> None:
    client = httpx.Client(transport=httpx.MockTransport(_site), follow_redirects=True)
    items = list(
        read_feed(RSS.encode(), source="herald.rss", settings=settings, fetch=True, client=client)
    )
    first, second, third = items
    assert isinstance(first, RawDocument)
    assert first.text.split("\n") == [BODY_1, BODY_2, BODY_3]  # the whole page
    assert first.title == "Floods hit Varnos"  # item metadata first
    assert first.byline == "Mira Kessel"
    assert first.outlet == "Herald Online"  # the page names its site
    # the link 404s: the item's own text is kept
    assert isinstance(second, RawDocument) and second.text == BODY_3
    # 404 and no text of its own
    assert isinstance(third, Rejection) and third.code == Reason.FETCH_FAILED
    assert "404" in third.message and third.locator == "item 3"


def test_character_references_that_name_no_character_do_not_crash_the_feed(
    settings: Settings,
) -> None:
    # found by tests/fuzz: "&#xD800;" made feedparser raise UnicodeEncodeError on the whole feed

    body = "Police arrested ten people in Nairobi on Tuesday, a spokesman said after the protests."
    data = (
        "<rss version='2.0'><channel>"
        f"<item><title>Bad &#xD800; &#0; &#1114112;</title><description>{body} &#55296;"
        "</description><link>https://x.example/a</link></item>"
        f"<item><title>Good &#233;</title><description>{body}</description>"
        "<link>https://x.example/b</link></item></channel></rss>"
    ).encode()
    items = list(read_feed(data, source="feed.xml", settings=settings))
    assert [getattr(i, "url", None) for i in items] == [
        "https://x.example/a",
        "https://x.example/b",
    ]
    assert items[1].title == "Good é"
    assert "\ufffd" in (items[0].title or "")
