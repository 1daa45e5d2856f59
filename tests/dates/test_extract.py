"""Time expressions normalised against the publication date (invented sentences)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from eventwire.dates import extract_times, format_value
from eventwire.records import TimeExpression

MONDAY = date(2017, 4, 17)  # a Monday


def _find(text: str, needle: str, published: date = MONDAY) -> TimeExpression:
    found = extract_times(text, published=published, article_id="a1")
    at = text.find(needle)
    for expr in found:
        if (needle in expr.text or expr.text in needle) and at <= expr.span.start < at + len(
            needle
        ):
            return expr
    raise AssertionError(f"{needle!r} not found in {[e.text for e in found]}")


def test_spans_are_offsets_into_the_text() -> None:
    text = "Rescue teams reached Port Halden on Thursday, the ministry said."
    for expr in extract_times(text, published=MONDAY, article_id="a1"):
        assert text[expr.span.start : expr.span.end] == expr.text
        assert expr.article_id == "a1"


def test_bare_weekday_equal_to_publication_weekday_is_that_day() -> None:
    expr = _find("A spokesman for the regional council said Monday that roads were shut.", "Monday")
    assert (expr.type, expr.value, expr.granularity) == ("DATE", "2017-04-17", "day")


def test_bare_weekday_is_the_most_recent_one() -> None:
    expr = _find("Protesters gathered outside the court on Friday.", "Friday")
    assert expr.value == "2017-04-14"
    expr = _find("Protesters gathered outside the court on Tuesday.", "Tuesday")
    assert expr.value == "2017-04-11"


def test_weekday_in_future_clause_is_the_next_one() -> None:
    expr = _find("The council will vote on the budget on Thursday.", "Thursday")
    assert expr.value == "2017-04-20"


def test_month_name_is_the_most_recent_one() -> None:
    expr = _find("The offensive on the river towns began in October.", "October")
    assert (expr.value, expr.granularity) == ("2016-10", "month")
    expr = _find("The offensive on the river towns began in February.", "February")
    assert expr.value == "2017-02"


def test_since_month_is_an_interval_to_publication() -> None:
    expr = _find("Relief convoys have been blocked since October.", "October")
    assert expr.value == "2016-10"
    assert (expr.interval_start, expr.interval_end) == ("2016-10", "2017-04-17")


def test_since_clause_with_month_is_an_interval() -> None:
    text = "About 4,000 families have left Dunmore since the army began its push in November."
    expr = _find(text, "November")
    assert (expr.interval_start, expr.interval_end) == ("2016-11", "2017-04-17")


def test_over_the_past_two_months_is_a_duration_ending_at_publication() -> None:
    text = "Police have made steady gains in the hills over the past two months."
    expr = _find(text, "over the past two months")
    assert (expr.type, expr.value, expr.granularity) == ("DURATION", "P2M", "month")
    assert (expr.interval_start, expr.interval_end) == ("2017-02-17", "2017-04-17")


def test_the_past_week_is_a_duration_and_the_previous_year_a_date() -> None:
    expr = _find("Prices have risen sharply over the past week.", "over the past week")
    assert (expr.type, expr.value) == ("DURATION", "P1W")
    assert (expr.interval_start, expr.interval_end) == ("2017-04-10", "2017-04-17")
    assert _find("Sales fell from the previous year.", "previous year").type == "DATE"
    assert _find("Prices eased in the past week of March.", "past week of March").type == "DATE"


def test_last_week_and_earlier_this_year() -> None:
    assert _find("The bridge collapsed last week.", "last week").value == "2017-W15"
    expr = _find("The rebels were pushed out earlier this year.", "earlier this year")
    assert (expr.value, expr.granularity, expr.interval_end) == ("2017", "year", "2017-04-17")


def test_bare_year_after_by() -> None:
    expr = _find("The movement had split into two wings by 2004, officials said.", "2004")
    assert (expr.value, expr.granularity) == ("2004", "year")


def test_year_like_counts_are_not_years() -> None:
    found = extract_times("The agency said 2010 people had registered.", published=MONDAY)
    assert all(e.value != "2010" for e in found)


def test_a_count_after_a_preposition_is_not_a_year() -> None:
    # Duckling reads "after 25" as after the year 2025 and "after 63" as 1963
    for text in (
        "The governor imposed a curfew after 25 people were killed on Thursday.",
        "A curfew was imposed after 63 people were killed on Thursday.",
        "Aid arrived since 300 families fled the town on Thursday.",
    ):
        found = extract_times(text, published=MONDAY)
        assert [(t.text, t.value) for t in found] == [("Thursday", "2017-04-13")], text


def test_a_day_of_the_month_alone() -> None:
    # MONDAY is 17 April 2017: a day still to come is last month's, unless the clause is future
    assert _find("The talks collapsed on the 7th, officials said.", "the 7th").value == (
        "2017-04-07"
    )
    assert _find("They returned on the 21st and left.", "the 21st").value == "2017-03-21"
    assert _find("Talks will resume on the 21st.", "the 21st").value == "2017-04-21"
    assert _find("It ended on the 31st.", "the 31st").value == "2017-03-31"


def test_an_ordinal_before_a_name_or_a_noun_is_not_a_day() -> None:
    for text in (
        "The 7th Armoured Brigade moved into the town.",
        "Fire broke out on the 5th floor of the ministry.",
        "Troops of the 3rd Division were deployed.",
    ):
        assert extract_times(text, published=MONDAY) == [], text


def test_days_ago_at_the_reference_hour() -> None:
    # Duckling gives "three days ago" the grain of its reference time (an hour)
    assert _find("The offensive began three days ago.", "three days ago").value == "2017-04-14"


def test_the_start_or_end_of_a_named_period() -> None:
    cases = {
        "Since the start of the year, 300 people have died.": ("the start of the year", "2017"),
        "Aid ran out at the end of last month.": ("the end of last month", "2017-03"),
        "The talks stalled at the beginning of this week.": (
            "the beginning of this week",
            "2017-W16",
        ),
        "Repairs will finish by the end of next year.": ("the end of next year", "2018"),
    }
    for text, (needle, value) in cases.items():
        found = _find(text, needle)
        assert (found.text, found.value) == (needle, value), text


def test_a_past_weekend_read_on_a_weekday_is_the_one_that_passed() -> None:
    # MONDAY, 17 April 2017: the weekend that passed is 15-16 April, ISO week 15
    assert _find("Two soldiers died over the weekend.", "the weekend").value == "2017-W15-WE"
    assert _find("A rally will be held over the weekend.", "the weekend").value == "2017-W16-WE"
    sunday = date(2017, 4, 16)
    found = _find("Two soldiers died over the weekend.", "the weekend", sunday)
    assert found.value == "2017-W15-WE"


def test_references() -> None:
    text = "The town is now calm. Aid workers recently returned and hope to stay in the future."
    values = {e.text: e.value for e in extract_times(text, published=MONDAY)}
    assert values["now"] == "PRESENT_REF"
    assert values["recently"] == "PAST_REF"
    assert values["the future"] == "FUTURE_REF"


def test_durations_sets_and_decades() -> None:
    text = "Under a 12-year lease the port pays weekly fees, as it has since the 1990s."
    values = {e.text: (e.type, e.value) for e in extract_times(text, published=MONDAY)}
    assert values["12-year"] == ("DURATION", "P12Y")
    assert values["weekly"] == ("SET", "P1W")
    assert values["1990s"] == ("DATE", "199")


def test_absolute_dates_and_clock_times() -> None:
    text = "The ferry left on March 3, 2015. A second one sailed at 08:30 GMT."
    values = {e.text: (e.type, e.value) for e in extract_times(text, published=MONDAY)}
    assert values["March 3, 2015"] == ("DATE", "2015-03-03")
    assert values["08:30 GMT"] == ("TIME", "2017-04-17T08:30Z")
    text = "The ferry left on March 3, 2015 at 08:30 GMT."
    values = {e.text: (e.type, e.value) for e in extract_times(text, published=MONDAY)}
    assert values["March 3, 2015 at 08:30 GMT"] == ("TIME", "2015-03-03T08:30Z")


def test_quarters_and_years_ago() -> None:
    text = "Profits fell in the third quarter, two years ago the firm had no debt."
    values = {e.text: e.value for e in extract_times(text, published=MONDAY)}
    assert values["the third quarter"] == "2016-Q3"
    assert values["two years ago"] == "2015"


def test_list_commas_are_not_one_expression() -> None:
    found = extract_times("Talks were held in May, June and July.", published=MONDAY)
    assert [e.value for e in found] == ["2016-05", "2016-06", "2016-07"]


def test_datetime_publication_is_accepted() -> None:
    found = extract_times("Shops reopened yesterday.", published=datetime(2017, 4, 17, 22, 5))
    assert [e.value for e in found] == ["2017-04-16"]


@pytest.mark.parametrize(
    ("grain", "expected"),
    [
        ("day", "2017-04-17"),
        ("week", "2017-W16"),
        ("month", "2017-04"),
        ("quarter", "2017-Q2"),
        ("year", "2017"),
        ("decade", "201"),
    ],
)
def test_format_value(grain: str, expected: str) -> None:
    assert format_value(MONDAY, grain) == expected


def test_offsets_are_python_str_indices_with_non_ascii_text() -> None:
    text = "“Ça suffit,” said Zoë Brandt — the café’s owner 😀 — on Friday."
    (expr,) = extract_times(text, published=MONDAY)
    assert text[expr.span.start : expr.span.end] == "Friday"
    assert expr.value == "2017-04-14"


def test_extraction_is_picklable_for_workers() -> None:
    import functools
    import pickle

    job = pickle.loads(pickle.dumps(functools.partial(extract_times, published=MONDAY)))
    (expr,) = job("The dam gave way on Sunday.")
    assert expr.value == "2017-04-16"
    assert pickle.loads(pickle.dumps(expr)) == expr


def test_weekday_with_date_is_one_expression_in_the_past() -> None:
    text = "Mourners gathered near the shrine in Lahore on Sunday, March 12, police said."
    (expr,) = extract_times(text, published=MONDAY)
    assert (expr.text, expr.value) == ("Sunday, March 12", "2017-03-12")


def test_near_future_day_of_month_is_kept() -> None:
    expr = _find("A court hearing has been set for April 25.", "April 25")
    assert expr.value == "2017-04-25"


def test_ages_are_not_durations() -> None:
    from datetime import date

    found = extract_times(
        "A 52-year-old shopkeeper and a 7-year-old boy fled on Monday after talks that lasted "
        "two years.",
        published=date(2026, 3, 9),
    )
    assert [(t.text, t.value) for t in found] == [("Monday", "2026-03-09"), ("two years", "P2Y")]


def test_a_nul_byte_does_not_break_duckling() -> None:
    # found by tests/fuzz: Duckling's binding panicked on a NUL byte (not an Exception at all)
    found = extract_times("on Monday \x00 \u00c4x", published=datetime(2026, 3, 9))
    assert [(t.text, t.value) for t in found] == [("Monday", "2026-03-09")]


@pytest.mark.parametrize(
    ("text", "needle", "value"),
    [
        ("They vowed to return every Friday until the levy goes.", "every Friday", "XXXX-WXX-5"),
        ("The council meets each Tuesday in the town hall.", "each Tuesday", "XXXX-WXX-2"),
        ("Monitors will report every three months.", "every three months", "P3M"),
        ("Elections are held every five years.", "every five years", "P5Y"),
        ("Trucks bring water to the camp once a week.", "once a week", "P1W"),
        ("Patrols pass the village three times a day.", "three times a day", "P1D"),
        ("The clinic opens every other day.", "every other day", "P2D"),
    ],
)
def test_recurring_expressions_are_sets(text: str, needle: str, value: str) -> None:
    expr = _find(text, needle)
    assert (expr.type, expr.value) == ("SET", value)
    assert expr.text == needle


def test_a_bare_clock_time_is_on_the_publication_day() -> None:
    expr = _find("The explosion happened at 10.45 a.m. local time.", "10.45 a.m.")
    assert (expr.type, expr.value) == ("TIME", "2017-04-17T10:45")
    expr = _find("The convoy left at 10.45 a.m. on Saturday.", "10.45 a.m.")
    assert expr.value.startswith("2017-04-15")


@pytest.mark.parametrize(
    ("text", "needle", "value"),
    [
        ("Repairs to the dam begin in June.", "June", "2017-06"),
        ("The president's term ends on 31 December.", "31 December", "2017-12-31"),
        ("The ceasefire expires in August.", "August", "2017-08"),
        ("The dam was damaged in June.", "June", "2016-06"),
    ],
)
def test_scheduling_verbs_in_the_present_point_ahead(text: str, needle: str, value: str) -> None:
    assert _find(text, needle).value == value
