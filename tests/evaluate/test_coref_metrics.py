"""The coreference metrics against the CoNLL reference scorer's published test cases (TC-A, key
{a} {bc} {def}; expected values as the reference scorer's test configuration gives them)."""

from __future__ import annotations

import pytest
from pytest import approx

from eventwire.evaluate.coref_metrics import b_cubed, ceaf_e, conll_scores, muc

KEY = [["a"], ["b", "c"], ["d", "e", "f"]]

# response, MUC (R, P, F), B-cubed (R, P, F), CEAF-e (R, P, F); "B" is a mention that is not in
# the key (it overlaps b in the reference cases), "x", "y", "z" are false alarms.
CASES = {
    "TC-A-1": (KEY, (1, 1, 1), (1, 1, 1), (1, 1, 1)),
    "TC-A-2": ([["a"], ["d", "e"]], (1 / 3, 1, 1 / 2), (7 / 18, 1, 14 / 25), (0.6, 0.9, 0.72)),
    "TC-A-3": (
        [["a"], ["b", "c", "x"], ["d", "e", "f", "y"], ["z"]],
        (1, 3 / 5, 0.75),
        (1, (4 + 7 / 12) / 9, 110 / 163),
        (0.88571, 0.66429, 0.75918),
    ),
    "TC-A-4": (
        [["a"], ["b", "c", "x"], ["d", "y"], ["z"]],
        (1 / 3, 1 / 3, 1 / 3),
        ((3 + 1 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7, 2 * (5 / 9) * (17 / 42) / (5 / 9 + 17 / 42)),
        (0.73333, 0.55, 0.62857),
    ),
    "TC-A-5": (
        [["a"], ["b", "c", "x", "B"], ["d", "y"], ["z"]],
        (1 / 3, 1 / 4, 2 / 7),
        ((3 + 1 / 3) / 6, 2.5 / 8, 2 * (5 / 9) * (5 / 16) / (5 / 9 + 5 / 16)),
        (0.68889, 0.51667, 0.59048),
    ),
    "TC-A-6": (
        [["a"], ["b", "c", "x"], ["d", "y"], ["B", "z"]],
        (1 / 3, 1 / 4, 2 / 7),
        ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 8, 2 * (5 / 9) * (17 / 48) / (5 / 9 + 17 / 48)),
        (0.73333, 0.55, 0.62857),
    ),
    # TC-A-7: "b" listed twice in one response cluster; de-duplicated, it is TC-A-4
    "TC-A-7": (
        [["a"], ["b", "c", "x", "b"], ["d", "y"], ["z"]],
        (1 / 3, 1 / 3, 1 / 3),
        ((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7, 2 * (5 / 9) * (17 / 42) / (5 / 9 + 17 / 42)),
        (0.73333, 0.55, 0.62857),
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_reference_scorer_cases(case: str) -> None:
    response, expected_muc, expected_b3, expected_ceafe = CASES[case]
    assert muc(KEY, response) == approx(expected_muc, abs=1e-4)
    assert b_cubed(KEY, response) == approx(expected_b3, abs=1e-4)
    assert ceaf_e(KEY, response) == approx(expected_ceafe, abs=1e-4)


def test_all_singletons_and_one_cluster() -> None:
    singletons = [[m] for cluster in KEY for m in cluster]
    one = [[m for cluster in KEY for m in cluster]]
    # no links: MUC is 0; B-cubed precision is perfect, recall is the mean of 1/|K|
    assert muc(KEY, singletons) == (0, 0, 0)
    assert b_cubed(KEY, singletons)[:2] == approx((3 / 6, 1))
    # everything in one cluster: MUC recall is perfect, B-cubed recall too
    assert muc(KEY, one)[0] == 1
    assert b_cubed(KEY, one)[:2] == approx((1, (1 + 4 + 9) / 36))


def test_conll_f1_is_the_mean_of_the_three_f1() -> None:
    scores = conll_scores(KEY, CASES["TC-A-3"][0])
    f1s = [scores[m]["f1"] for m in ("muc", "bcubed", "ceafe")]  # type: ignore[index]
    assert scores["conll_f1"] == approx(sum(f1s) / 3, abs=1e-4)
    assert scores["conll_f1"] == approx((0.75 + 110 / 163 + 0.75918) / 3, abs=1e-4)
