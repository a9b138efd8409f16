"""The journey's outcome metric by its declared kind, and per stage by expectation answer."""

import pytest
from scipy import stats
from sqlalchemy.engine import Engine

from journey.analysis.outcomes import (
    OutcomeSpec,
    journey_outcome,
    journey_outcome_spec,
    stage_outcomes_by_expectation,
)
from journey.store.filters import Filters
from tests.factories import Answer, journey_id, store_responses

# Booking: r1, r2 below; r3 meets; r4, r5 exceeds. Outcomes 0–10 (NPS): r1 3, r2 6 (detractors),
# r3 8 (passive), r4 9, r5 10 (promoters); r6 rated Check-in only, outcome 10.
ANSWERS = [
    Answer("r1", "Booking", -1.0, expectation="below"),
    Answer("r2", "Booking", -0.5, expectation="below", persona="Family"),
    Answer("r3", "Booking", 0.0, expectation="meets"),
    Answer("r4", "Booking", 0.5, expectation="exceeds"),
    Answer("r5", "Booking", 1.0, expectation="exceeds", persona="Family"),
    Answer("r6", "Check-in", 0.5, expectation="exceeds"),
]
OUTCOMES = {"r1": 3.0, "r2": 6.0, "r3": 8.0, "r4": 9.0, "r5": 10.0, "r6": 10.0}


@pytest.fixture
def nps(air_travel: Engine) -> Engine:
    store_responses(
        air_travel, ANSWERS, outcomes=OUTCOMES, outcome_kind="nps", outcome_scale="0:10"
    )
    return air_travel


def test_the_nps_of_the_journey_and_its_interval(nps: Engine) -> None:
    found = journey_outcome(engine=nps, journey_id=journey_id(nps))
    assert found is not None
    spec, metric = found
    assert spec == OutcomeSpec("nps", (0, 10), declared=True)
    # promoters r4, r5, r6 = 3/6; detractors r1, r2 = 2/6 → NPS = +16.7 points
    p, d = 3 / 6, 2 / 6
    assert (metric.n, metric.unit) == (6, "points")
    assert metric.value == pytest.approx(100 * (p - d), rel=1e-12)
    half = 1.96 * ((p + d - (p - d) ** 2) / 6) ** 0.5 * 100
    assert (metric.low, metric.high) == pytest.approx((100 * (p - d) - half, 100 * (p - d) + half))


def test_filters_choose_the_respondents_whose_outcome_counts(nps: Engine) -> None:
    found = journey_outcome(
        engine=nps, journey_id=journey_id(nps), filters=Filters(personas=("Family",))
    )
    assert found is not None
    assert (found[1].n, found[1].value) == (2, pytest.approx(0.0))  # r2 detractor, r5 promoter


def test_the_outcome_per_stage_by_expectation(nps: Engine) -> None:
    spec = OutcomeSpec("nps", (0, 10), declared=True)
    split = stage_outcomes_by_expectation(engine=nps, journey_id=journey_id(nps), spec=spec)
    booking = split[split["stage"] == "Booking"].set_index("expectation")
    assert list(booking["n"]) == [2, 1, 2]
    assert list(booking["value"]) == pytest.approx([-100.0, 0.0, 100.0])
    assert list(split["stage"].unique()) == ["Booking", "Check-in"]


def test_a_csat_outcome_reports_the_top_two_box_share_with_wilson(air_travel: Engine) -> None:
    csat = {"r1": 7.0, "r2": 6.0, "r3": 5.0, "r4": 2.0, "r5": 6.0, "r6": 1.0}
    store_responses(air_travel, ANSWERS, outcomes=csat, outcome_kind="csat", outcome_scale="1:7")
    found = journey_outcome(engine=air_travel, journey_id=journey_id(air_travel))
    assert found is not None
    metric = found[1]
    expected = stats.binomtest(3, 6).proportion_ci(method="wilson")
    assert (metric.value, metric.low, metric.high) == pytest.approx(
        (0.5, expected.low, expected.high), rel=1e-12
    )


def test_an_undeclared_outcome_reads_as_a_number(air_travel: Engine) -> None:
    store_responses(air_travel, ANSWERS, outcomes=OUTCOMES)
    spec = journey_outcome_spec(engine=air_travel, journey_id=journey_id(air_travel))
    assert spec == OutcomeSpec("numeric", (1, 5), declared=False)


def test_no_outcome_no_metric(air_travel: Engine) -> None:
    store_responses(air_travel, ANSWERS)
    assert journey_outcome(engine=air_travel, journey_id=journey_id(air_travel)) is None
