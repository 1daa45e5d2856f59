"""Decoding bytes to text and telling formats apart.

Decoding order (:func:`decode_bytes`):

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. UTF-16 without a byte-order mark (every other byte NUL, which strict UTF-8 would accept);
3. strict UTF-8;
4. UTF-8 with stray bytes (declared UTF-8, or more valid multi-byte characters than stray
   bytes): decoded per run of bytes, the valid UTF-8 kept as it is and each stray byte read as
   cp1252, so that a few bad bytes never turn a whole page into mojibake;
5. a charset the source declared (HTTP ``Content-Type``, HTML ``<meta charset>``), if the bytes
   decode in it;
6. charset-normalizer's best guess;
7. otherwise the input is rejected with reason ``encoding``.

Format sniffing (:func:`sniff_format`) looks at the first bytes only: binary signatures and NUL
bytes, gzip, ``WARC/``, a JSON object, an RSS/Atom/RDF root, HTML markers; anything else that
decodes is plain text.
"""

from __future__ import annotations

import codecs
import re
import zlib
from email.message import Message
from pathlib import PurePath

from charset_normalizer import CharsetMatch, from_bytes

from eventwire.errors import InputError, Reason

__all__ = [
    "SNIFF_BYTES",
    "binary_kind",
    "charset_from_content_type",
    "declared_html_charset",
    "decode_bytes",
    "format_from_name",
    "sniff_format",
    "utf16_without_bom",
]

#: How many leading bytes are inspected to recognise a format.
SNIFF_BYTES = 65_536

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"MZ", "a Windows executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"\x00asm", "a WebAssembly module"),
    (b"\xca\xfe\xba\xbe", "a Java class file"),
)

GZIP_MAGIC = b"\x1f\x8b"

# Extensions read as a given format. Double extensions are checked first.
_EXTENSIONS: dict[str, str] = {
    ".warc.gz": "warc",
    ".jsonl.gz": "jsonl",
    ".ndjson.gz": "jsonl",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "xml",
    ".warc": "warc",
}

# Extensions of files eventwire never reads, with a word on what they are.
_UNSUPPORTED: dict[str, str] = {
    ".pdf": "PDF documents",
    ".png": "images",
    ".jpg": "images",
    ".jpeg": "images",
    ".gif": "images",
    ".webp": "images",
    ".svg": "images",
    ".ico": "images",
    ".zip": "ZIP archives",
    ".tar": "tar archives",
    ".tgz": "tar archives",
    ".bz2": "bzip2 archives",
    ".xz": "xz archives",
    ".7z": "7-Zip archives",
    ".rar": "RAR archives",
    ".doc": "Word documents",
    ".docx": "Word documents",
    ".odt": "OpenDocument files",
    ".rtf": "RTF documents",
    ".xls": "spreadsheets",
    ".xlsx": "spreadsheets",
    ".csv": "CSV tables",
    ".tsv": "TSV tables",
    ".parquet": "Parquet files",
    ".mp3": "audio files",
    ".mp4": "video files",
    ".exe": "programs",
    ".so": "programs",
    ".pyc": "compiled Python files",
    ".db": "databases",
    ".duckdb": "databases",
    ".sqlite": "databases",
    ".json": "JSON documents (use JSON Lines, .jsonl, one article per line)",
    ".gz": "gzip files other than .jsonl.gz and .warc.gz",
    ".arc": "ARC archives (use WARC)",
}

_HTML_MARKERS = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|article|meta\s|title>|div[\s>]|p>)", re.IGNORECASE
)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def format_from_name(name: str) -> tuple[str | None, str | None]:
    """The format a file name announces, as ``(format, None)``, or ``(None, why)`` if unsupported.

    ``(None, None)`` means the name says nothing and the content decides. ``xml`` means a feed
    if the content has an RSS/Atom/RDF root, else HTML or unsupported.
    """
    lower = PurePath(name).name.lower()
    for ext, fmt in _EXTENSIONS.items():
        if lower.endswith(ext):
            return fmt, None
    suffix = PurePath(lower).suffix
    if suffix in _UNSUPPORTED:
        return None, f"{_UNSUPPORTED[suffix]} are not read"
    return None, None


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` for text in UTF-16 without a byte-order mark (mostly ASCII
    characters, so every other byte is NUL), else None."""
    sample = head[:8192]
    if len(sample) < 16:
        return None
    sample = sample[: len(sample) // 2 * 2]
    even, odd = sample[0::2], sample[1::2]
    for zeros, chars, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros):
            printable = sum(1 for b in chars if 32 <= b < 127 or b in (9, 10, 13) or b >= 0xA0)
            if printable >= 0.9 * len(chars):
                return name
    return None


def binary_kind(head: bytes) -> str | None:
    """A description of the binary format ``head`` starts with, or None if it looks like text."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    if head.startswith(GZIP_MAGIC):
        return None
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if utf16_without_bom(head) is not None:
        return None
    sample = head[:8192]
    # binary formats are full of NUL bytes; a stray one or two in a text is damage, not binary
    if sample.count(b"\x00") > max(2, len(sample) // 100):
        return "binary data (NUL bytes)"
    return None


def _gunzip_head(head: bytes) -> bytes:
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 4096)
    except zlib.error:
        return b""


def sniff_format(head: bytes) -> str | None:
    """Guess a format from the leading bytes of an input.

    Returns one of ``warc``, ``jsonl``, ``feed``, ``html``, ``text`` or ``None`` for content that
    is binary or compressed in a way no reader takes. Empty input sniffs as ``text``.
    """
    if head.startswith(GZIP_MAGIC):
        inner = _gunzip_head(head).lstrip()
        if inner.startswith(b"WARC/"):
            return "warc"
        if inner.startswith(b"{"):
            return "jsonl"
        return None
    if binary_kind(head) is not None:
        return None
    if head.startswith(b"WARC/"):
        return "warc"
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head.decode(encoding, errors="ignore").encode("utf-8")
            break
    else:
        wide = utf16_without_bom(head)
        if wide is not None:
            head = head.decode(wide, errors="ignore").encode("utf-8")
    start = head.lstrip()[:2048]
    if start.startswith(b"{"):
        return "jsonl"
    if start.startswith(b"<"):
        probe = head[:8192]
        if _FEED_ROOT.search(probe) and not _HTML_ROOT.search(probe):
            return "feed"
        if _HTML_MARKERS.search(probe):
            return "html"
        if start.startswith(b"<?xml"):
            return "xml"
    return "text"


def declared_html_charset(head: bytes) -> str | None:
    """The charset named by an HTML ``<meta charset>`` / ``http-equiv`` in the first 4 kB."""
    m = _META_CHARSET.search(head[:4096])
    return m.group(1).decode("ascii", errors="ignore") if m else None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value, if any."""
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    value = msg.get_param("charset")
    return value.strip() if isinstance(value, str) else None


def _usable(encoding: str | None) -> str | None:
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _plausible(text: str) -> bool:
    """False for text full of control characters, the mark of a wrong guess."""
    if not text:
        return True
    sample = text[:20_000]
    bad = sum(
        1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0
    )
    return bad <= len(sample) // 100


# Western European encodings win ties: charset-normalizer often scores cp1250 and cp1252 alike
# for Western text, and cp1252 is by far the more common legacy encoding of news pages.
_PREFERRED_ON_TIE = ("cp1252", "iso8859_15", "latin_1")


def _best_guess(data: bytes) -> CharsetMatch | None:
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for name in _PREFERRED_ON_TIE:
        for match in matches:
            if (
                match.encoding == name
                and match.chaos <= best.chaos
                and match.coherence >= best.coherence
            ):
                return match
    return best


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("eventwire-stray-cp1252", _stray_as_cp1252)


def _mixed_utf8(data: bytes, *, declared_utf8: bool) -> str | None:
    """Text that is UTF-8 with a few stray bytes (a page declaring UTF-8 with some bad bytes, a
    file pasted together from two encodings), decoded per run of bytes: the valid UTF-8 is kept
    as it is and each stray byte is read as cp1252. None when the bytes are not mostly UTF-8
    (then the whole input is another encoding and is guessed as such)."""
    kept = data.decode("utf-8", errors="ignore")
    multibyte = sum(1 for ch in kept if ord(ch) > 0x7F)
    stray = len(data) - len(kept.encode("utf-8"))
    if not declared_utf8 and (multibyte == 0 or stray > multibyte):
        return None
    text = data.decode("utf-8", errors="eventwire-stray-cp1252")
    return text if _plausible(text) else None


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode ``data`` (BOM, strict UTF-8, declared charset, best guess); raise InputError.

    A declared charset of ``iso-8859-1`` or ``us-ascii`` is read as ``cp1252``, as browsers do.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise InputError(
                    Reason.ENCODING,
                    f"the text starts with a {encoding} byte-order mark but is not {encoding}",
                ) from e
    wide = utf16_without_bom(data)
    if wide is not None:
        try:
            return data.decode(wide)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    name = _usable(declared)
    mixed = _mixed_utf8(data, declared_utf8=name == "utf-8")
    if mixed is not None:
        return mixed
    if name in {"latin-1", "iso8859-1", "ascii"}:
        name = "cp1252"
    if name is not None and name != "utf-8":
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            text = None
        if text is not None and _plausible(text):
            return text
    best = _best_guess(data[:200_000])
    if best is not None and best.encoding:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None and _plausible(text):
            return text
    raise InputError(
        Reason.ENCODING,
        "the bytes are not valid UTF-8 and no other text encoding fits them; "
        "convert the file to UTF-8",
    )
