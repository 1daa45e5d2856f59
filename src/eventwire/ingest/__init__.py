"""Ingestion: turn files, folders, stdin and URLs into RawDocuments, or Rejections with a reason.

Formats: plain text, HTML (main text by trafilatura), JSON Lines, RSS/Atom feeds, WARC archives,
and http(s) URLs. Each reader's module documents its rules; bad inputs never stop a run, they come
out as :class:`~eventwire.records.Rejection` records with a :class:`~eventwire.errors.Reason` code.
"""

from __future__ import annotations

from eventwire.ingest.dates import parse_datetime
from eventwire.ingest.decode import decode_bytes, sniff_format
from eventwire.ingest.feeds import read_feed
from eventwire.ingest.html import HtmlExtract, extract_html, html_to_text
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.sources import read_path, read_sources, read_stream, read_url
from eventwire.ingest.text import read_text, split_title
from eventwire.ingest.warc import read_warc
from eventwire.ingest.web import Fetched, fetch_url, make_client

__all__ = [
    "Fetched",
    "HtmlExtract",
    "decode_bytes",
    "extract_html",
    "fetch_url",
    "html_to_text",
    "make_client",
    "parse_datetime",
    "read_feed",
    "read_jsonl",
    "read_path",
    "read_sources",
    "read_stream",
    "read_text",
    "read_url",
    "read_warc",
    "sniff_format",
    "split_title",
]
