"""Datelines at the head of an article."""

from __future__ import annotations

import pytest

from eventwire.normalise.dateline import AGENCIES, normalise_agency, parse_dateline

CASES = [
    # text, place, country, agency, dateline text
    ("MOSUL, Iraq (Reuters) - Iraqi forces", "Mosul", "Iraq", "Reuters", "MOSUL, Iraq (Reuters) -"),
    ("BAGHDAD (AP) — Two soldiers", "Baghdad", None, "AP", "BAGHDAD (AP) —"),
    (
        "KYIV, Ukraine, March 3 (AFP) - The",
        "Kyiv",
        "Ukraine",
        "AFP",
        "KYIV, Ukraine, March 3 (AFP) -",
    ),
    ("GENEVA, 14 June (Reuters) – Talks", "Geneva", None, "Reuters", "GENEVA, 14 June (Reuters) –"),
    ("GENEVA, June 14 (Reuters) – Talks", "Geneva", None, "Reuters", "GENEVA, June 14 (Reuters) –"),
    ("NAIROBI — Police said", "Nairobi", None, None, "NAIROBI —"),
    ("Mosul, Iraq -- Fighting", "Mosul", "Iraq", None, "Mosul, Iraq --"),
    (
        "BEIRUT, Lebanon (Al Wire) — A",
        "Beirut",
        "Lebanon",
        "Al Wire",
        "BEIRUT, Lebanon (Al Wire) —",
    ),
    (
        "RAS AL-AIN, Syria (Reuters) - x",
        "Ras Al-Ain",
        "Syria",
        "Reuters",
        "RAS AL-AIN, Syria (Reuters) -",
    ),
    (
        "WASHINGTON/BAGHDAD (Reuters) - x",
        "Washington",
        None,
        "Reuters",
        "WASHINGTON/BAGHDAD (Reuters) -",
    ),
    (
        "NEW YORK, Sept. 12, 2017 (AP) — x",
        "New York",
        None,
        "AP",
        "NEW YORK, Sept. 12, 2017 (AP) —",
    ),
    (
        "ADEN, YEMEN (Associated Press) — x",
        "Aden",
        "Yemen",
        "AP",
        "ADEN, YEMEN (Associated Press) —",
    ),
    (
        "Qaryat al-Nour, Iraq (AFP) - x",
        "Qaryat al-Nour",
        "Iraq",
        "AFP",
        "Qaryat al-Nour, Iraq (AFP) -",
    ),
    ("ZÜRICH (dpa) - x", "Zürich", None, "dpa", "ZÜRICH (dpa) -"),
    (
        "SALT LAKE CITY, Utah (AP) — x",
        "Salt Lake City",
        "Utah",
        "AP",
        "SALT LAKE CITY, Utah (AP) —",
    ),
    ("FARGO, N.D. — x", "Fargo", "N.D.", None, "FARGO, N.D. —"),
    ("WASHINGTON -- The", "Washington", None, None, "WASHINGTON --"),
    ("By Hana Yousef. KIRKUK (Reuters) - x", "Kirkuk", None, "Reuters", "KIRKUK (Reuters) -"),
]


@pytest.mark.parametrize(("text", "place", "country", "agency", "span_text"), CASES)
def test_datelines(
    text: str, place: str, country: str | None, agency: str | None, span_text: str
) -> None:
    found = parse_dateline(text)
    assert found is not None
    assert (found.place, found.country, found.agency) == (place, country, agency)
    assert found.span.text_of(text) == span_text


def test_dateline_after_title_line() -> None:
    text = "Aid convoy reaches besieged district\n\nBAGHDAD (AP) — A convoy of 12 trucks arrived."
    found = parse_dateline(text)
    assert found is not None
    assert found.place == "Baghdad"
    assert found.span.text_of(text) == "BAGHDAD (AP) —"


NOT_DATELINES = [
    "Iraq (AP) said the convoy had arrived.",
    "'IS' In Talks With Al Qaeda On 'Possible Alliance'\n\nTwo soldiers were killed on Monday.",
    "IS In Talks With Al Qaeda - report",
    "Obama, Merkel - The Odd Couple",
    "UPDATE 2-Iraqi forces advance",
    "EXCLUSIVE - Militia leaders meet",
    "The militants — who fled in March — regrouped.",
    "Iraq — the country's army said",
    "Iraqi forces - backed by air support - advanced.",
    "ISIS - the group said",
    "Monday, March 3 - A day of clashes",
    "(Reuters) - Iraqi forces advanced.",
    "Two soldiers were killed. BAGHDAD (AP) — more text",
    "x" * 250 + "\nBAGHDAD (AP) — a dateline after a long first paragraph",
    "SOCCER-Northern Rovers sign striker",
    "BC-SOC--Rovers-Results",
    "HADDAD--Samir Yusuf, 88, of Basra, died on Friday.",
    "IRAQI FORCES RETAKE AIRPORT - officials",
    "TALKS STALL, MILITIA LEADERS SAY THEY WILL WALK OUT - x",
    "A FIRE - broke out",
    "",
]


@pytest.mark.parametrize("text", NOT_DATELINES)
def test_not_datelines(text: str) -> None:
    assert parse_dateline(text) is None


def test_agency_table() -> None:
    assert normalise_agency("Associated Press") == "AP"
    assert normalise_agency("Agence France-Presse") == "AFP"
    assert normalise_agency("Reuters/AP") == "Reuters"
    assert normalise_agency("Northern Wire") == "Northern Wire"
    assert AGENCIES["afp"] == "AFP"


def test_invented_agency_table() -> None:
    table = {**AGENCIES, "nw": "Northern Wire"}
    found = parse_dateline("KIRKUK (NW) - A car bomb", agencies=table)
    assert found is not None and found.agency == "Northern Wire"
    found = parse_dateline("KIRKUK (NW) - A car bomb")
    assert found is not None and found.agency == "NW"
