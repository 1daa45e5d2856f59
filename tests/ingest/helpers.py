"""Helpers for the ingestion tests: invented articles and archive builders (all in tmp_path)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.records import RawDocument, Rejection

BODY_1 = (
    "Heavy rain caused the river Tessa to burst its banks on Monday, flooding hundreds of homes "
    "in the town of Varnos, local officials said."
)
BODY_2 = (
    '"We have never seen water this high," said mayor Elin Trask, adding that 300 people had '
    "been moved to temporary shelters in the school and the sports hall."
)
BODY_3 = (
    "Emergency crews worked through the night to reinforce levees along the eastern districts "
    "of the town, the regional fire service said in a statement."
)


def article_page(
    *,
    title: str = "Floods hit Varnos after river bursts banks",
    body: Sequence[str] = (BODY_1, BODY_2, BODY_3),
    published: str | None = "2024-03-05T14:30:00+02:00",
    author: str | None = "Mira Kessel",
    site: str | None = "Northgate Herald",
    canonical: str | None = "https://herald.example/news/floods-varnos",
    lang: str | None = "en",
    charset: str = "utf-8",
) -> str:
    """A news page with boilerplate around the article, metadata in the usual places."""
    meta = [f'<meta charset="{charset}">', f"<title>{title} | {site or 'News'}</title>"]
    if site:
        meta.append(f'<meta property="og:site_name" content="{site}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    paragraphs = "\n".join(f"<p>{p}</p>" for p in body)
    lang_attr = f' lang="{lang}"' if lang else ""
    return (
        f"<!DOCTYPE html>\n<html{lang_attr}><head>{''.join(meta)}</head><body>"
        '<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>\n{paragraphs}\n</article>"
        "<footer>Copyright Northgate Media. All rights reserved.</footer></body></html>"
    )


@dataclass(frozen=True)
class WarcRecord:
    url: str
    body: bytes
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    rec_type: str = "response"


def build_warc(path: Path, records: Sequence[WarcRecord], *, gzip: bool) -> list[int]:
    """Write a WARC file with a warcinfo record first; return the offset of each given record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
    offsets: list[int] = []
    for rec in records:
        offsets.append(buffer.tell())
        if rec.rec_type == "response":
            http = StatusAndHeaders(
                rec.status, [("Content-Type", rec.content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                rec.url, "response", payload=io.BytesIO(rec.body), http_headers=http
            )
        else:
            http = StatusAndHeaders(
                f"GET {rec.url} HTTP/1.1", [("Host", "herald.example")], is_http_request=True
            )
            record = writer.create_warc_record(
                rec.url, rec.rec_type, payload=io.BytesIO(b""), http_headers=http
            )
        writer.write_record(record)
    path.write_bytes(buffer.getvalue())
    return offsets


def split(items: Sequence[RawDocument | Rejection]) -> tuple[list[RawDocument], list[Rejection]]:
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    return docs, rejections
