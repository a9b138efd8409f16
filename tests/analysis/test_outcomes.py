"""Outcome metrics (DESIGN.md section 4): NPS, CSAT, CES, yes/no, numeric, and the split."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sqlalchemy.engine import Engine

from journey.analysis.outcomes import (
    KINDS,
    OutcomeKind,
    net_promoter,
    outcome_by_expectation,
    outcome_metric,
    stage_expectation_units,
)
from journey.store.filters import Filters
from tests.factories import Answer, store_responses

# Two shapes of 0–10 answers: balanced (NPS 0) and promoter-heavy (NPS +35).
BALANCED = [0.03, 0.02, 0.03, 0.04, 0.05, 0.08, 0.10, 0.15, 0.15, 0.15, 0.20]
FAVOURABLE = [0.02, 0.01, 0.01, 0.02, 0.02, 0.03, 0.04, 0.15, 0.20, 0.25, 0.25]
SIMULATIONS = 40_000


def nps_by_hand(promoters: int, detractors: int, n: int) -> tuple[float, float, float]:
    """The contract's NPS and interval, in points, written out (cut to −100…+100)."""
    p, d = promoters / n, detractors / n
    half = 1.96 * math.sqrt((p + d - (p - d) ** 2) / n)
    return 100 * (p - d), max(100 * (p - d - half), -100), min(100 * (p - d + half), 100)


def test_nps_is_promoters_minus_detractors_in_points() -> None:
    answers = [10, 9, 9, 8, 7, 6, 0, 3, 10, 5, 9, 2]  # 5 promoters, 5 detractors… of 12
    metric = outcome_metric(answers, "nps")
    assert (metric.kind, metric.unit, metric.n) == ("nps", "points", 12)
    expected = nps_by_hand(5, 5, 12)
    assert (metric.value, metric.low, metric.high) == pytest.approx(expected, abs=1e-12)
    assert metric.value == pytest.approx(0.0, abs=1e-12)


def test_nps_interval_of_a_lopsided_sample() -> None:
    answers = [10] * 6 + [9] * 2 + [7] + [4] * 3  # 8 promoters, 3 detractors of 12
    metric = outcome_metric(answers, "nps")
    assert (metric.value, metric.low, metric.high) == pytest.approx(
        nps_by_hand(8, 3, 12), abs=1e-12
    )


def test_nps_interval_stops_at_plus_100() -> None:
    """9 promoters and a passive: +90 ± 18.6 would reach +108.6, which no NPS can."""
    metric = outcome_metric([10] * 9 + [8], "nps")
    score, low, _ = nps_by_hand(9, 0, 10)
    assert (metric.value, metric.low, metric.high) == pytest.approx((score, low, 100.0))


@pytest.mark.parametrize("shape", [BALANCED, FAVOURABLE], ids=["balanced", "favourable"])
def test_nps_interval_covers_the_true_score_95_percent_of_the_time(shape: list[float]) -> None:
    """Coverage by simulation, with sample sizes drawn across 20…1000, and at each n ≥ 200.

    Below about 100 answers the normal approximation covers less (about 92.5% at n = 20):
    the pooled figure includes those sizes, the per-n figures start where it holds.
    """
    rng = np.random.default_rng(20240)
    probabilities = np.array(shape)
    truth = 100 * (probabilities[9:].sum() - probabilities[:7].sum())

    def coverage(n: np.ndarray | int, size: int | None) -> float:
        counts = rng.multinomial(n, probabilities, size=size)
        _, low, high = net_promoter(counts[:, 9:].sum(axis=1), counts[:, :7].sum(axis=1), n)
        return float(np.mean((low <= truth) & (truth <= high)))

    sizes = rng.integers(20, 1001, size=SIMULATIONS)
    assert 0.94 <= coverage(sizes, None) <= 0.96
    for n in (200, 500, 1000):
        assert 0.94 <= coverage(n, SIMULATIONS) <= 0.96, n


def test_net_promoter_is_vectorised_and_missing_without_answers() -> None:
    score, low, high = net_promoter([5, 0], [5, 0], [12, 0])
    assert (score[0], low[0], high[0]) == pytest.approx(nps_by_hand(5, 5, 12))
    assert np.isnan(score[1]) and np.isnan(low[1]) and np.isnan(high[1])


@pytest.mark.parametrize(
    ("answers", "scale", "top_two"),
    [([5, 4, 4, 3, 1, 2, 5, 4, 3, 3], (1, 5), 5), ([7, 6, 5, 4, 7, 1, 2, 6, 6], (1, 7), 5)],
)
def test_csat_is_the_top_two_box_share_with_wilson(
    answers: list[int], scale: tuple[int, int], top_two: int
) -> None:
    metric = outcome_metric(answers, "csat", scale=scale)
    expected = stats.binomtest(top_two, len(answers)).proportion_ci(method="wilson")
    assert (metric.unit, metric.n) == ("share", len(answers))
    assert metric.value == pytest.approx(top_two / len(answers))
    assert (metric.low, metric.high) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_yes_no_is_the_share_of_yes_with_wilson() -> None:
    metric = outcome_metric([1, 0, 1, 1, 0, 1, 1, float("nan")], "yes/no")
    expected = stats.binomtest(5, 7).proportion_ci(method="wilson")
    assert metric.n == 7  # the missing one left out
    assert metric.value == pytest.approx(5 / 7)
    assert (metric.low, metric.high) == pytest.approx((expected.low, expected.high), abs=1e-12)


@pytest.mark.parametrize(("kind", "scale"), [("ces", (1, 7)), ("ces", (1, 5)), ("numeric", (1, 5))])
def test_ces_and_numeric_outcomes_are_means_with_a_t_interval(
    kind: OutcomeKind, scale: tuple[int, int]
) -> None:
    answers = np.array([5, 4, 4, 3, 1, 2, 5, 4, 3, 3], dtype=float)
    metric = outcome_metric(answers, kind, scale=scale)
    expected = stats.t.interval(0.95, 9, loc=answers.mean(), scale=stats.sem(answers))
    assert (metric.unit, metric.n) == ("mean", 10)
    assert metric.value == pytest.approx(3.4)
    assert (metric.low, metric.high) == pytest.approx(expected, rel=1e-12)


def test_no_answers_no_figure() -> None:
    for kind in KINDS:
        metric = outcome_metric([], kind)
        assert (metric.n, metric.value, metric.low, metric.high) == (0, None, None, None)


def test_one_answer_has_a_mean_but_no_t_interval() -> None:
    metric = outcome_metric([4.0], "numeric")
    assert (metric.value, metric.low, metric.high) == (4.0, None, None)


@pytest.mark.parametrize(
    ("values", "kind", "scale", "message"),
    [
        ([3, 11], "nps", (1, 5), "0 to 10"),
        ([7.5], "nps", (1, 5), "0 to 10"),
        ([1, 6], "csat", (1, 5), "CSAT answers run 1–5"),
        ([1, 4], "csat", (1, 10), "1–5 or 1–7"),
        ([0, 0.5], "yes/no", (1, 5), "0 \\(no\\) and 1 \\(yes\\)"),
        ([8], "ces", (1, 7), "CES answers run 1–7"),
        ([1], "stars", (1, 5), "unknown outcome kind"),
    ],
)
def test_values_the_kind_does_not_allow_are_refused(
    values: list[float], kind: str, scale: tuple[int, int], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        outcome_metric(values, kind, scale=scale)  # type: ignore[arg-type]


def test_outcome_split_by_the_stages_expectation_answer() -> None:
    units = pd.DataFrame(
        {
            "expectation": ["below"] * 5 + ["meets"] * 4 + ["exceeds"] * 6,
            "outcome": [0, 3, 9, 6, 10] + [7, 8, 9, 5] + [10, 10, 9, 8, 9, 2],
        }
    )
    split = outcome_by_expectation(units, "nps")
    assert list(split.columns) == ["expectation", "n", "value", "low", "high", "unit"]
    assert list(split["expectation"]) == ["below", "meets", "exceeds"]
    assert list(split["n"]) == [5, 4, 6]
    expected = [nps_by_hand(2, 3, 5), nps_by_hand(1, 1, 4), nps_by_hand(4, 1, 6)]
    for row, (value, low, high) in zip(split.itertuples(), expected, strict=True):
        assert (row.value, row.low, row.high) == pytest.approx((value, low, high), abs=1e-12)
    assert split["value"].tolist() == pytest.approx([-20.0, 0.0, 50.0])
    assert split.loc[0, "low"] == -100  # −20 − 85.9 is cut at −100


def test_an_answer_nobody_gave_has_no_figure() -> None:
    units = pd.DataFrame({"expectation": ["meets", "meets"], "outcome": [1.0, 0.0]})
    split = outcome_by_expectation(units, "yes/no").set_index("expectation")
    assert split.loc["below", "n"] == 0 and split["value"].isna()["below"]
    assert split.loc["meets", "value"] == 0.5


def test_stage_expectation_units_pairs_each_answer_with_the_waves_outcome(
    air_travel: Engine,
) -> None:
    """One unit per respondent, wave and stage; the lowest answer where there are several."""
    store_responses(
        air_travel,
        [
            Answer("r1", "Booking", 0.5, touchpoint="Website", expectation="exceeds"),
            Answer("r1", "Booking", -0.5, touchpoint="App", expectation="below"),
            Answer("r1", "Check-in", 0.0, expectation="meets"),
            Answer("r2", "Booking", 1.0, touchpoint="Website", expectation="exceeds"),
            Answer("r2", "Check-in", None, expectation="below"),  # no rating, still an answer
            Answer("r3", "Booking", 1.0, touchpoint="Website", expectation="meets"),  # no outcome
            Answer("r4", "Booking", 0.0, touchpoint="App"),  # no expectation answer
        ],
        outcomes={"r1": 3.0, "r2": 9.0, "r4": 10.0},
    )
    store_responses(
        air_travel,
        [Answer("r1", "Booking", 1.0, touchpoint="Website", expectation="meets")],
        wave="W2",
        file_name="w2.csv",
        outcomes={"r1": 8.0},
    )
    units = stage_expectation_units(engine=air_travel, journey_id=1)
    rows = sorted(
        units[["stage", "respondent_id", "wave", "expectation", "outcome"]].itertuples(
            index=False, name=None
        )
    )
    assert rows == [
        ("Booking", "r1", "W1", "below", 3.0),
        ("Booking", "r1", "W2", "meets", 8.0),
        ("Booking", "r2", "W1", "exceeds", 9.0),
        ("Check-in", "r1", "W1", "meets", 3.0),
        ("Check-in", "r2", "W1", "below", 9.0),
    ]
    only_second = stage_expectation_units(
        engine=air_travel, journey_id=1, filters=Filters(waves=("W2",))
    )
    assert list(only_second["respondent_id"]) == ["r1"]
