"""Datelines at the head of an article: ``MOSUL, Iraq (Reuters) -``, ``BAGHDAD (AP) —``.

A dateline is looked for only at the very start of the text, or at the start of the line after a
short title line. Its shape is::

    PLACE[/PLACE2] [, Country] [, Date] [(AGENCY)] DASH

where DASH is ``-``, ``–``, ``—`` or ``--`` and Date is a day and month (``March 3``, ``14 June``,
``Mar. 3, 2017``) or a weekday. The place is either in capitals (``RAS AL-AIN``, title-cased in
the result) or title case (``Mosul``). To keep headlines such as ``Obama, Merkel - The Odd
Couple`` out, a title-case place needs an agency, a date, or a known country or US state after
it, and capitalised labels such as ``UPDATE`` or ``EXCLUSIVE`` are never places.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

from eventwire.records import Dateline, Span

__all__ = ["AGENCIES", "normalise_agency", "parse_dateline"]

#: Agency names as written in datelines (lower case) -> the name eventwire records.
#: Unknown agencies are kept as written; pass a larger table to :func:`parse_dateline` to add
#: more.
AGENCIES: Mapping[str, str] = MappingProxyType(
    {
        "reuters": "Reuters",
        "thomson reuters": "Reuters",
        "ap": "AP",
        "associated press": "AP",
        "the associated press": "AP",
        "afp": "AFP",
        "agence france-presse": "AFP",
        "agence france presse": "AFP",
        "dpa": "dpa",
        "deutsche presse-agentur": "dpa",
        "efe": "EFE",
        "ansa": "ANSA",
        "xinhua": "Xinhua",
        "tass": "TASS",
        "itar-tass": "TASS",
        "ria novosti": "RIA Novosti",
        "interfax": "Interfax",
        "anadolu": "Anadolu",
        "anadolu agency": "Anadolu",
        "aa": "Anadolu",
        "kyodo": "Kyodo",
        "yonhap": "Yonhap",
        "pti": "PTI",
        "press trust of india": "PTI",
        "ians": "IANS",
        "upi": "UPI",
        "united press international": "UPI",
        "bloomberg": "Bloomberg",
        "cnn": "CNN",
        "bbc": "BBC",
        "al jazeera": "Al Jazeera",
        "irna": "IRNA",
        "sana": "SANA",
        "wafa": "WAFA",
        "kuna": "KUNA",
        "mena": "MENA",
        "spa": "SPA",
        "wam": "WAM",
        "ips": "IPS",
        "cna": "CNA",
        "aap": "AAP",
        "cp": "CP",
        "the canadian press": "CP",
        "canadian press": "CP",
        "pa": "PA",
        "press association": "PA",
        "apa": "APA",
        "bernama": "Bernama",
        "antara": "Antara",
        "ukrinform": "Ukrinform",
        "unian": "UNIAN",
        "irin": "IRIN",
    }
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.lower().split())


# Countries and US states accepted after a title-case place ("Mosul, Iraq --").
_KNOWN_REGIONS = _words(
    "Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria "
    "Azerbaijan Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan "
    "Bolivia Botswana Brazil Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad Chile "
    "China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica "
    "Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia "
    "Georgia Germany Ghana Greece Grenada Guatemala Guinea Guinea-Bissau Guyana Haiti "
    "Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan "
    "Jordan Kazakhstan Kenya Kiribati Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho "
    "Liberia Libya Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives "
    "Mali Malta Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro "
    "Morocco Mozambique Myanmar Burma Namibia Nauru Nepal Netherlands Nicaragua Niger "
    "Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland "
    "Portugal Qatar Romania Russia Rwanda Samoa Senegal Serbia Seychelles Singapore "
    "Slovakia Slovenia Somalia Somaliland Spain Sudan Suriname Sweden Switzerland Syria "
    "Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia Turkey Türkiye Turkmenistan "
    "Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Yemen Zambia "
    "Zimbabwe Crimea Kurdistan Gaza Darfur Tibet Xinjiang Kashmir England Scotland Wales "
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida "
    "Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland "
    "Massachusetts Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio "
    "Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Washington "
    "Wisconsin Wyoming"
) | frozenset(
    (
        "bosnia and herzegovina",
        "burkina faso",
        "cabo verde",
        "cape verde",
        "central african republic",
        "costa rica",
        "czech republic",
        "democratic republic of congo",
        "democratic republic of the congo",
        "dominican republic",
        "east timor",
        "el salvador",
        "equatorial guinea",
        "ivory coast",
        "marshall islands",
        "new zealand",
        "north korea",
        "north macedonia",
        "papua new guinea",
        "saint lucia",
        "san marino",
        "saudi arabia",
        "sierra leone",
        "solomon islands",
        "south africa",
        "south korea",
        "south sudan",
        "sri lanka",
        "timor-leste",
        "trinidad and tobago",
        "united arab emirates",
        "united kingdom",
        "united states",
        "vatican city",
        "west bank",
        "new hampshire",
        "new jersey",
        "new mexico",
        "new york",
        "north carolina",
        "north dakota",
        "rhode island",
        "south carolina",
        "south dakota",
        "west virginia",
        "d.c.",
    )
)

# Capitalised words that open headlines and wire slugs but are never places.
_NOT_PLACES = _words(
    "breaking update updated exclusive analysis opinion editorial watch video videos photos "
    "photo live factbox explainer interview refile corrected correction urgent flash alert "
    "news comment feature review graphic insight timeline wrapup preview advisory "
    "top sport sports business world local national politics health science breaking-news "
    "important warning report reports "
    # organisations that open sentences in capitals
    "is isis isil un us eu nato "
    # wire-service slugs ("BC-SOC--", "RUGBY-")
    "bc soccer football rugby cricket golf tennis boxing athletics marathon cycling motor "
    "motorsport nba nfl nhl mlb olympics"
)

_PARTICLES = _words(
    "al el ad an as ash at az ar ul de da di do dos du la le les von van der den of"
)

_MONTHS = (
    r"(?:jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?\.?|july?\.?|"
    r"aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)"
)
_WEEKDAYS = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day|\.)?"
_DATE = (
    rf"(?:(?:{_WEEKDAYS},?\s+)?(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})(?:,?\s+\d{{4}})?"
    rf"|{_WEEKDAYS})"
)
# A word of a place name: letters with inner apostrophes, hyphens or dots ("AL-QAIM", "SAN'A",
# "ST."). Case is checked in code: ``re`` has no Unicode upper-case class.
_WORD = r"[^\W\d_](?:[^\W\d_]|['’.\-](?=[^\W\d_]))*\.?"
_NAME = rf"{_WORD}(?:[ ]{_WORD}){{0,3}}"
# A hyphen must be followed by a space ("SOCCER-Pirates win" is a wire slug, not a dateline), and
# a double hyphen needs a space on one side ("SMITH--John Arthur, 98" opens a death notice).
_DASH = r"(?:(?<=\s)--|--(?=\s)|-(?=\s)|[–—―])"
_CALENDAR_WORD_RE = re.compile(rf"(?:{_MONTHS}|{_WEEKDAYS})", re.IGNORECASE)

_DATELINE_RE = re.compile(
    rf"""
    [ ]*
    (?P<place>{_NAME})
    (?:\s*/\s*{_NAME}){{0,3}}                    # WASHINGTON/BAGHDAD
    (?:,[ ]*(?!{_DATE}(?!\w))(?P<country>{_NAME}))?
    (?:,?[ ]*(?P<date>{_DATE})(?!\w))?
    [ ]*(?:\((?P<agency>[^()\n]{{1,40}})\))?
    [ ]*(?P<dash>{_DASH})(?=\s|\w|["“‘'])
    """,
    re.VERBOSE | re.IGNORECASE,
)

#: The longest first line treated as a title, after which a dateline may start the next line.
MAX_TITLE_CHARS = 200


def normalise_agency(name: str, agencies: Mapping[str, str] = AGENCIES) -> str:
    """The recorded name of an agency: ``Associated Press`` -> ``AP``; unknown names as written."""
    cleaned = " ".join(name.split()).strip(" .,")
    # "(Reuters/AP)", "(AFP, Reuters)": the first agency named.
    first = re.split(r"\s*[/,;&]\s*|\s+and\s+", cleaned, maxsplit=1)[0]
    return agencies.get(first.lower(), first)


def _is_caps(words: list[str]) -> bool:
    letters = "".join(words)
    return sum(c.isalpha() for c in letters) >= 2 and all(w.isupper() for w in words)


def _is_title(words: list[str]) -> bool:
    if not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.split("-")[0].lower() in _PARTICLES for w in words[1:])


_LETTERS_RE = re.compile(r"[^\W\d_]+")


def _title_case(name: str) -> str:
    """Title-case a place in capitals: ``RAS AL-AIN`` -> ``Ras Al-Ain``, ``SAN'A`` -> ``San'a``."""
    parts: list[str] = []
    last = 0
    for match in _LETTERS_RE.finditer(name):
        start = match.start()
        parts.append(name[last:start])
        word = match.group()
        starts_word = start == 0 or name[start - 1] in " -/"
        parts.append(word.capitalize() if starts_word else word.lower())
        last = match.end()
    parts.append(name[last:])
    return "".join(parts)


def _region(text: str | None) -> str | None:
    if text is None:
        return None
    words = text.split()
    # Countries in capitals are title-cased; abbreviations ("N.Y.", "SC") are kept.
    return _title_case(text) if _is_caps(words) and len(text) > 3 and "." not in text else text


def _place(words: list[str], has_agency: bool) -> tuple[int, list[str]] | None:
    """The place's words and its offset in the matched name, or None when it is no place.

    A name in capitals or title case is a place. With an agency after it, words before a run of
    capitals are a byline or a slug on the same line ("By Jane Roe. BOSTON (Reuters) -"), and
    the place is the run of capitals.
    """
    if _is_caps(words):
        return 0, words
    first = len(words)
    while first > 0 and words[first - 1].isupper():
        first -= 1
    if has_agency and 0 < first < len(words) and _is_caps(words[first:]):
        if all(w[:1].isupper() for w in words[:first]):
            return len(" ".join(words[:first])) + 1, words[first:]
        return None
    if _is_title(words):
        return 0, words
    return None


def _plausible_region(country: str) -> bool:
    """A country, US state or abbreviation ("Iraq", "IRAQ", "Wash.", "N.Y.", "SC", "Nineveh")."""
    words = country.split()
    if country.lower().rstrip(".") in _KNOWN_REGIONS or country.endswith("."):
        return True
    if _is_caps(words):
        return len(country) <= 3
    return _is_title(words) and len(words) <= 3


def _parse_at(text: str, pos: int, agencies: Mapping[str, str]) -> Dateline | None:
    match = _DATELINE_RE.match(text, pos)
    if match is None:
        return None
    country, date, agency = match.group("country", "date", "agency")
    if agency is not None and not (
        agency.strip()[:1].isupper() or agency.strip().lower() in agencies
    ):
        return None
    found = _place(match.group("place").split(), agency is not None)
    if found is None:
        return None
    offset, words = found
    head = words[0].lower().strip(".")
    if (
        head in _NOT_PLACES
        or head.split("-")[0] in _NOT_PLACES
        or len(head) < 2
        or _CALENDAR_WORD_RE.fullmatch(words[0])
    ):
        return None
    place = " ".join(words)
    if country is not None and not _plausible_region(country):
        return None
    if _is_caps(words):
        # Three or more words in capitals with nothing after them is more likely a headline.
        if len(words) >= 3 and not (agency or date or country):
            return None
        place = _title_case(place)
    else:
        known = country is not None and country.lower().rstrip(".") in _KNOWN_REGIONS
        if not (agency or date or known):
            return None
        if country is not None and not _is_title(country.split()):
            return None
    return Dateline(
        place=place,
        country=_region(country),
        agency=normalise_agency(agency, agencies) if agency else None,
        span=Span(start=match.start("place") + offset, end=match.end("dash")),
    )


def parse_dateline(text: str, *, agencies: Mapping[str, str] = AGENCIES) -> Dateline | None:
    """The dateline at the head of ``text``, or None.

    Looks at the start of the text and, when the first line is a short title, at the start of
    the next non-empty line. The span covers the place through the dash.
    """
    found = _parse_at(text, 0, agencies)
    if found is not None:
        return found
    first_break = text.find("\n")
    if 0 < first_break <= MAX_TITLE_CHARS:
        start = first_break
        while start < len(text) and text[start] in "\n ":
            start += 1
        if start < len(text):
            return _parse_at(text, start, agencies)
    return None
