"""Text cleaning: Unicode, whitespace, control characters and boilerplate lines.

:func:`clean_text` returns text in one shape that every later stage can rely on:

* Unicode NFC; the common UTF-8-read-as-cp1252 mojibake (``Ã©``, ``â€™``) is repaired in each
  run of such characters that decodes cleanly as UTF-8, and left alone otherwise;
* no control characters, no zero-width or bidirectional formatting marks, no soft hyphens;
  every kind of space (tab, no-break, thin, ideographic, ...) becomes one ASCII space;
* lines stripped and inner runs of spaces collapsed; a line hard-wrapped in the middle of a
  sentence (it ends without punctuation and the next line starts in lower case) is joined to the
  next; other line breaks are kept as ``"\\n"``;
* paragraphs (blocks separated by blank lines) separated by exactly ``"\\n\\n"``;
* boilerplate lines removed: a line is dropped only when the *whole* line matches one of
  :data:`BOILERPLATE_PATTERNS` and is at most :data:`MAX_BOILERPLATE_CHARS` long, so a sentence
  that merely starts with "Share", "Related" or "Read more" is kept.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

__all__ = [
    "BOILERPLATE_PATTERNS",
    "MAX_BOILERPLATE_CHARS",
    "clean_line",
    "clean_text",
    "is_boilerplate",
]

#: Lines longer than this are never treated as boilerplate.
MAX_BOILERPLATE_CHARS = 300

_SOCIAL = (
    r"(?:facebook|twitter|x|whatsapp|linkedin|e-?mail|reddit|telegram|messenger|pinterest"
    r"|instagram|youtube|tiktok|threads|bluesky|flipboard|google\+?|sms|copy link)"
)
_SOCIALS = rf"{_SOCIAL}(?:\s*(?:,|and|or|/|\||•|·)?\s*{_SOCIAL})*"
# An optional tail after a label such as "Read more" or "Related": a separator, then a headline.
_TAIL = r"(?:\s*[:>»›|–—-]\s*.{0,160})?"
_PHOTO_LABEL = r"(?:(?:file )?(?:photo|photograph|picture|image)(?: by)?\s*[:/]?\s*)"
_AGENCY_CREDIT = (
    r"(?:getty images|afp(?: via getty images)?|reuters|ap(?: photo)?|epa(?:-efe)?|efe|dpa"
    r"|anadolu(?: agency)?|xinhua|shutterstock|sipa|zuma(?: press)?|pa(?: media| wire)?)"
)

#: Boilerplate lines, as (name, pattern) pairs. Each pattern must match a whole line (after
#: stripping leading bullets and trailing punctuation), case-insensitively. Patterns that do not
#: start with fixed words go in ``_KEYWORD_SOURCES`` below with a word the line must contain.
#: Add new patterns here; ``tests/normalise/test_text_cleaning.py`` checks both what they remove
#: and what they keep.
_BOILERPLATE_SOURCES: tuple[tuple[str, str], ...] = (
    # "Share", "Share this article", "Share on Facebook", "Tweet", "Email", "Print this page"
    (
        "share",
        rf"(?:share|tweet|e-?mail|print|save|pin)(?: (?:this|the))?"
        rf"(?: (?:article|story|page|post|video|link))?(?: (?:on|via|to|with) {_SOCIALS})?",
    ),
    # a share bar reduced to its labels: "Facebook Twitter WhatsApp Email"
    ("share-bar", _SOCIALS),
    # "Read more", "READ MORE: Iraqi forces retake airport", "See also: ..."
    (
        "read-more",
        rf"(?:read|see|view) (?:more|also|next|the full (?:story|article)|full story){_TAIL}",
    ),
    # "Related:", "Related articles", "More on this story", "You may also like", "Most read"
    (
        "related",
        r"(?:related(?: (?:articles?|stories|content|coverage|topics?|links|news|posts?|videos?|"
        r"reading|internet links))?|more on this (?:story|topic)|more (?:stories|articles)|"
        r"recommended(?: for you| stories| articles| reading)?|"
        r"you (?:may|might) (?:also )?(?:like|be interested in|have missed)|"
        r"most (?:read|popular|viewed|shared|watched)|top stories|trending(?: now| stories)?|"
        rf"editor'?s'? picks?|don'?t miss|also (?:read|see)|further reading){_TAIL}",
    ),
    # "Click here to read more", "Click here for the full report"
    ("click-here", r"click (?:here|the link)(?: (?:to|for) .{0,120})?"),
    # "Sign up for our newsletter", "Subscribe to The Daily Courier", "Subscribe now"
    ("subscribe", r"(?:sign up|subscribe|register)(?: now| today| here| for free)?"),
    ("subscribe-to", r"subscribe (?:to|for) .{1,80}"),
    (
        "newsletter",
        r"(?:(?:sign up|subscribe|register|get|receive|join)\b.{0,80}\b"
        r"(?:newsletters?|briefings?|email alerts?|news alerts|digest|mailing list|"
        r"our (?:podcast|channel|youtube channel|whatsapp channel|telegram channel))\b.{0,80})",
    ),
    (
        "login",
        r"(?:already (?:a subscriber|have an account)\??.{0,40}|(?:log|sign) in(?: to .{0,60})?"
        r"|create (?:a free )?account|become a (?:member|subscriber).{0,60})",
    ),
    # "Advertisement", "Story continues below advertisement", "Continue reading the main story"
    (
        "advertisement",
        r"(?:advertisement|advertising|ad|ads by .{1,40}|sponsored(?: content| by .{1,60})?|"
        r"paid (?:content|partner content)|(?:story|article) continues (?:below|after)"
        r"(?: (?:the )?(?:advertisement|ad))?|continue reading(?: below| the main story)?|"
        r"scroll (?:down )?to continue(?: with content| reading)?|ad feedback)",
    ),
    # "Follow us on Twitter", "Follow Al Wire on Facebook and Instagram for more updates"
    ("follow", rf"follow (?:us|@\w+|[\w .'’&-]{{1,40}}) on {_SOCIALS}.{{0,60}}"),
    ("follow-label", rf"(?:follow us|connect with us|find us on {_SOCIALS}|join us on {_SOCIALS})"),
    # "© 2017 Al Wire", "Copyright 2017 The Associated Press. All rights reserved. ..."
    ("copyright-sign", r"(?:copyright\s*)?(?:©|\(c\))\s*.{0,240}"),
    ("copyright-year", r"copyright\s+(?:\d{4}|by\b).{0,240}"),
    ("rights-reserved", r"all rights reserved\b.{0,160}"),
    (
        "redistribution",
        r"this (?:material|article|content) may not be (?:published|reproduced|copied).{0,160}",
    ),
    # cookie and consent notices
    ("cookie-buttons", r"(?:accept|reject|decline|manage|allow|agree to)(?: all)? cookies.{0,40}"),
    (
        "cookie-links",
        r"cookie (?:policy|settings|preferences|notice|consent)|privacy (?:policy|settings)",
    ),
    ("terms", r"terms (?:of (?:use|service)|and conditions)"),
    (
        "continuing-use",
        r"by (?:continuing|using|clicking)\b.{0,60}\b(?:this|our) (?:site|website|page|service)"
        r"\b.{0,100}\b(?:agree|accept|consent|cookies|terms|policy)\b.{0,160}",
    ),
    # "Image caption Iraqi troops ...", "Image copyright Getty Images", "Photo credit: ..."
    (
        "image-caption",
        r"(?:(?:image|photo|picture|video) (?:caption|copyright|credit)s?|media caption|"
        r"image source)\b.{0,200}",
    ),
    (
        "photo-label",
        r"(?:file )?(?:photo|photograph|picture|image|credit)s?(?: by)?\s*:\s*.{0,100}",
    ),
    # credit-only lines: "Getty Images", "Reuters", "(AP Photo/Felipe Ruiz)", "Photo: AFP"
    ("credit", rf"\(?{_PHOTO_LABEL}?{_AGENCY_CREDIT}(?:\s*/\s*[\w.'’ -]{{1,40}})?\)?"),
    # page furniture
    (
        "page-furniture",
        r"(?:loading|skip to (?:main )?content|skip to navigation|back to top|listen to (?:this )?"
        r"(?:article|story).{0,30}|media playback is (?:unsupported|not supported) on your device|"
        r"please enable javascript.{0,120}|your browser does not support.{0,120}|"
        r"(?:watch|play) (?:the )?video|close|menu|search|home|next|previous|"
        r"comments?(?: \(\d+\))?|\d+ comments?|leave a (?:comment|reply)|show comments|"
        r"report an? (?:error|typo|correction)|(?:this article is )?more than \d+ years? old)",
    ),
)

#: Boilerplate patterns tried only on lines that contain their keyword (lower case), as
#: (name, keyword, pattern): they start anywhere in the line, which is slow to try on every line.
_KEYWORD_SOURCES: tuple[tuple[str, str, str], ...] = (
    # "Northern Ledger 2017 | All rights reserved", "(c) Al Wire. All Rights Reserved."
    (
        "rights-reserved-end",
        "rights reserved",
        r".{0,160}[.,;:|©\d]\s*all rights reserved\b.{0,160}",
    ),
    # "We use cookies to ensure you get the best experience on our website."
    (
        "cookies",
        "cookies",
        r".{0,60}\b(?:we|this (?:site|website)|our (?:site|website|partners)) (?:use|uses|"
        r"is using|are using) cookies\b.{0,160}\b(?:experience|browsing|website|site|content|ads|"
        r"advertising|analy[sz]e|personali[sz]e|traffic|preferences|policy)\b.{0,200}",
    ),
    # "AFP/Getty Images", "Ahmed Karim/Reuters", "Photograph: Ahmed Karim/Reuters"
    (
        "credit-slash",
        "/",
        rf"\(?{_PHOTO_LABEL}?[\w.'’ -]{{1,60}}\s*/\s*{_AGENCY_CREDIT}"
        rf"(?:\s*/\s*[\w.'’ -]{{1,40}})?\)?",
    ),
    ("getty", "getty", r".{0,80}(?:/|\bvia |\bcredit:? |copyright )\s*getty images.{0,30}"),
)

_LEAD = r"[\s•·>»›|*#-]*"
_TRAIL = r"[\s.:!?…>»›|•·*-]*"

#: The compiled boilerplate patterns, one per entry above (for inspection and reuse).
BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(source, re.IGNORECASE)
    for source in [s for _, s in _BOILERPLATE_SOURCES] + [s for _, _, s in _KEYWORD_SOURCES]
)

# One alternation of the patterns that start with fixed words, wrapped with leading bullets and
# trailing punctuation; the keyword patterns wrapped the same way.
_BOILERPLATE_RE = re.compile(
    _LEAD + "(?:" + "|".join(f"(?:{s})" for _, s in _BOILERPLATE_SOURCES) + ")" + _TRAIL,
    re.IGNORECASE,
)
_KEYWORD_RES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (keyword, re.compile(_LEAD + f"(?:{s})" + _TRAIL, re.IGNORECASE))
    for _, keyword, s in _KEYWORD_SOURCES
)


def is_boilerplate(line: str) -> bool:
    """Whether a whole (stripped) line is boilerplate."""
    if len(line) > MAX_BOILERPLATE_CHARS:
        return False
    if _BOILERPLATE_RE.fullmatch(line) is not None:
        return True
    lowered = line.lower()
    return any(
        keyword in lowered and pattern.fullmatch(line) is not None
        for keyword, pattern in _KEYWORD_RES
    )


# --------------------------------------------------------------------------- characters

# Characters deleted outright: C0/C1 controls (except newline; tab and form feed become spaces),
# zero-width space/joiner-less marks, soft hyphen, BOM, bidirectional formatting marks.
# ZWJ/ZWNJ (U+200C, U+200D) are kept: they carry meaning in Persian, Indic scripts and emoji.
_DELETE = (
    [c for c in range(0x00, 0x20) if c not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D)]
    + list(range(0x7F, 0xA0))
    + [0x00AD, 0x180E, 0x200B, 0x200E, 0x200F, 0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF]
    + list(range(0x202A, 0x202F))
    + list(range(0x2066, 0x206A))
)
# Characters turned into an ASCII space.
_SPACES = [0x09, 0x0B, 0x0C, 0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)]
# Line and paragraph separators, replaced before the C1 control NEL (U+0085) is deleted.
_SEPARATORS = (("\u2028", "\n"), ("\u2029", "\n\n"), ("\x85", "\n"))


def _char_class(codes: list[int]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(set(codes))) + "]+")


# str.translate is fast on ASCII strings only; other strings go through regular expressions.
_ASCII_TABLE: dict[int, str | None] = {c: None for c in _DELETE if c < 0x80}
_ASCII_TABLE.update({c: " " for c in _SPACES if c < 0x80})
_DELETE_RE = _char_class(_DELETE)
_SPACES_RE = _char_class(_SPACES)
_SPECIAL_RE = _char_class(_DELETE + _SPACES)

_NEWLINES_RE = re.compile(r"\r\n?")
_INNER_SPACES_RE = re.compile(r" {2,}")
_PARAGRAPH_SPLIT_RE = re.compile(r"\n[ \n]*\n")
# Ends a line that may continue on the next (hard wrap): a letter, digit or comma.
_WRAPPABLE_END_RE = re.compile(r"[^\W_]$|,$")

# Mojibake markers: UTF-8 bytes of common characters decoded as cp1252.
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\x81\x8d\x8f\x90\x9d"
_CP1252_RUN_RE = re.compile(f"[\xa0-\xff{_CP1252_HIGH}]{{2,}}")
# Mojibake markers: the lead byte of a 2-byte UTF-8 sequence read as cp1252 ("Ã", "Ð", "Ø", ...)
# followed by a continuation byte read the same way, or "â€"/"â‚" (quotes, dashes, euro sign).
# A no-break space counts as a continuation only after "Â" or "Ã", where it is common mojibake
# and rare in real text.
_MOJIBAKE_RE = re.compile(
    f"â[€‚][\xa0-\xbf{_CP1252_HIGH}]|[ÂÃ][\xa0-\xbf{_CP1252_HIGH}]|[Ä-ß][\xa1-\xbf{_CP1252_HIGH}]"
)


def _c1_as_bytes(error: UnicodeError) -> tuple[bytes, int]:
    """Encode C1 controls as their byte: what browsers do with bytes cp1252 leaves undefined."""
    if isinstance(error, UnicodeEncodeError):
        chunk = error.object[error.start : error.end]
        if all(0x80 <= ord(c) <= 0x9F for c in chunk):
            return chunk.encode("latin-1"), error.end
    raise error


codecs.register_error("eventwire.c1", _c1_as_bytes)


def _fix_run(match: re.Match[str]) -> str:
    run = match.group()
    if _MOJIBAKE_RE.search(run) is None:
        return run
    try:
        return run.encode("cp1252", errors="eventwire.c1").decode("utf-8")
    except UnicodeError:
        return run


def _fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 in each run of such characters that decodes cleanly."""
    if _MOJIBAKE_RE.search(text) is None:
        return text
    return _CP1252_RUN_RE.sub(_fix_run, text)


def _normalise_chars(text: str) -> str:
    if text.isascii():
        if "\r" in text:
            text = _NEWLINES_RE.sub("\n", text)
        return text.translate(_ASCII_TABLE)
    text = _fix_mojibake(text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = _NEWLINES_RE.sub("\n", text)
    for separator, replacement in _SEPARATORS:
        if separator in text:
            text = text.replace(separator, replacement)
    if _SPECIAL_RE.search(text) is None:
        return text
    return _SPACES_RE.sub(" ", _DELETE_RE.sub("", text))


def _join_wrapped(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines: a line without final punctuation followed by a lower-case start."""
    out: list[str] = []
    for line in lines:
        if out and line[:1].islower() and _WRAPPABLE_END_RE.search(out[-1]) is not None:
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def clean_text(text: str) -> str:
    """Clean an article's text; see the module docstring for the exact rules."""
    text = _normalise_chars(text)
    paragraphs: list[str] = []
    for block in _PARAGRAPH_SPLIT_RE.split(text):
        lines: list[str] = []
        for raw_line in block.split("\n"):
            line = raw_line.strip()
            if not line:
                continue
            if "  " in line:
                line = _INNER_SPACES_RE.sub(" ", line)
            if is_boilerplate(line):
                continue
            lines.append(line)
        if lines:
            paragraphs.append("\n".join(_join_wrapped(lines) if len(lines) > 1 else lines))
    return "\n\n".join(paragraphs)


def clean_line(text: str) -> str:
    """Clean a one-line field (a title, a byline): as :func:`clean_text`, on one line.

    Boilerplate patterns are not applied.
    """
    text = _normalise_chars(text)
    return " ".join(text.split())
