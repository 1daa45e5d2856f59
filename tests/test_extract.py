"""The extract stages' glue: undated articles, and events linked to the quotes around them."""

from __future__ import annotations

from eventwire.extract import undated_times


def test_an_undated_article_keeps_only_the_values_its_text_fixes() -> None:
    text = (
        "Gunmen attacked a convoy on Monday, a week after the ceasefire of 14 April 2017 "
        "collapsed. The talks began in 2016."
    )
    found = {t.text: t for t in undated_times(text, article_id="a")}
    assert found["14 April 2017"].value == "2017-04-14"
    assert found["2016"].value == "2016"
    monday = next(t for k, t in found.items() if "Monday" in k)
    assert monday.value is None and monday.granularity is None
    assert monday.type == "DATE"
