"""Driver analysis: Pearson r between a respondent's stage emotion and outcome (section 4),
checked by hand and against SciPy on both engines."""

import io
import math
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sqlalchemy import insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.analysis.drivers import (
    driver_analysis,
    pearson_from_sums,
    stage_drivers,
)
from journey.analysis.kpis import stage_kpis
from journey.analysis.priorities import priority_matrix
from journey.ingest.importer import import_responses
from journey.store.db import writing
from journey.store.filters import Filters
from journey.store.lookups import find_journey
from journey.store.models import Outcome, SurveyImport

HEADER = "respondent_id,persona,stage,touchpoint,emotion,expectation\n"
WAVE_1 = (
    HEADER
    + "r1,Family,Booking,Website,5,\n"  # r1's Booking emotion: mean(+1, 0) = +0.5
    + "r1,Family,Booking,App,3,\n"
    + "r1,Family,Check-in,,2,\n"
    + "r1,Family,Security,,4,\n"
    + "r2,Family,Booking,Website,2,\n"
    + "r2,Family,Check-in,,4,\n"
    + "r2,Family,Security,,4,\n"
    + "r2,Family,Flight,,,Met\n"  # no emotion: never paired
    + "r3,Family,Booking,App,4,\n"
    + "r3,Family,Check-in,,3,\n"
    + "r3,Family,Security,,4,\n"
    + "r4,Family,Booking,Website,1,\n"  # r4's Booking emotion: mean(−1, −0.5) = −0.75
    + "r4,Family,Booking,App,2,\n"
    + "r4,Family,Check-in,,5,\n"
    + "r4,Family,Security,,4,\n"
    + "r5,Family,Booking,Website,3,\n"  # r5's outcome is in W2 only: not paired
)
WAVE_2 = HEADER + "r1,Family,Booking,Website,1,\n"
OUTCOMES = {"W1": {"r1": 9.0, "r2": 3.0, "r3": 7.0, "r4": 1.0}, "W2": {"r1": 10.0, "r5": 8.0}}

# (stage emotion, outcome) per respondent and wave, worked out from the rows above
BOOKING_PAIRS = [(0.5, 9.0), (-0.5, 3.0), (0.5, 7.0), (-0.75, 1.0), (-1.0, 10.0)]
CHECK_IN_PAIRS = [(-0.5, 9.0), (0.5, 3.0), (0.0, 7.0), (1.0, 1.0)]


def journey_id(engine: Engine) -> int:
    with Session(engine) as session:
        found = find_journey(session=session, name="Air travel").id
    assert found is not None
    return found


def load(engine: Engine, text: str, wave: str, outcomes: dict[str, float]) -> None:
    """Import a wave's responses, then store its outcomes with that import."""
    report = import_responses(
        engine=engine,
        stream=io.BytesIO(text.encode()),
        file_name=f"{wave}.csv",
        journey_name="Air travel",
        wave=wave,
    )
    assert report.rows_rejected == 0 and report.import_id is not None
    with Session(engine) as session:
        for respondent, value in outcomes.items():
            session.add(
                Outcome(
                    import_id=report.import_id,
                    journey_id=journey_id(engine),
                    respondent_id=respondent,
                    wave=wave,
                    value=value,
                )
            )
        session.commit()


@pytest.fixture
def surveyed(air_travel: Engine) -> Engine:
    load(air_travel, WAVE_1, "W1", OUTCOMES["W1"])
    load(air_travel, WAVE_2, "W2", OUTCOMES["W2"])
    return air_travel


def scipy_r(pairs: list[tuple[float, float]]) -> float:
    xs, ys = zip(*pairs, strict=True)
    return float(stats.pearsonr(xs, ys).statistic)


def driver(table: pd.DataFrame, stage: str) -> tuple[float | None, int]:
    row = table[table["stage"] == stage].iloc[0]
    return (None if pd.isna(row["r"]) else float(row["r"])), int(row["n"])


def test_r_equals_scipy_on_the_same_pairs(surveyed: Engine) -> None:
    table = stage_drivers(engine=surveyed, journey_id=journey_id(surveyed))
    r, n = driver(table, "Booking")
    assert n == 5
    assert r == pytest.approx(scipy_r(BOOKING_PAIRS), rel=1e-12)
    r, n = driver(table, "Check-in")
    assert n == 4
    assert r == pytest.approx(scipy_r(CHECK_IN_PAIRS), rel=1e-12)


def test_stage_emotion_is_the_mean_of_the_respondents_ratings_in_the_stage(
    surveyed: Engine,
) -> None:
    """Wave 1 alone: r1 rated Booking 5 and 3 (+1 and 0), r4 rated it 1 and 2."""
    table = stage_drivers(
        engine=surveyed, journey_id=journey_id(surveyed), filters=Filters(waves=("W1",))
    )
    r, n = driver(table, "Booking")
    assert n == 4
    assert r == pytest.approx(scipy_r(BOOKING_PAIRS[:4]), rel=1e-12)
    # the mean of the ratings, not each rating on its own: that would give other pairs
    per_rating = [(1.0, 9.0), (0.0, 9.0), (-0.5, 3.0), (0.5, 7.0), (-1.0, 1.0), (-0.5, 1.0)]
    assert r != pytest.approx(scipy_r(per_rating), rel=1e-6)


def test_pairs_are_matched_within_the_same_wave_only(surveyed: Engine) -> None:
    """r1 is paired twice (once per wave, with that wave's outcome); r5 never."""
    table = stage_drivers(engine=surveyed, journey_id=journey_id(surveyed))
    assert driver(table, "Booking")[1] == 5
    assert driver(table, "Check-in")[1] == 4


def test_a_single_pair_gives_no_r(surveyed: Engine) -> None:
    """Wave 2 holds one pair (r1's Booking and r1's W2 outcome): no correlation."""
    second = stage_drivers(
        engine=surveyed, journey_id=journey_id(surveyed), filters=Filters(waves=("W2",))
    )
    assert list(second["stage"]) == ["Booking"]
    assert driver(second, "Booking") == (None, 1)


def test_ranked_by_strength_with_undefined_last(surveyed: Engine) -> None:
    table = stage_drivers(engine=surveyed, journey_id=journey_id(surveyed))
    assert list(table.columns) == ["stage", "r", "n"]
    booking, check_in = scipy_r(BOOKING_PAIRS), scipy_r(CHECK_IN_PAIRS)
    assert check_in < 0 < booking
    strongest = ["Check-in", "Booking"] if abs(check_in) > abs(booking) else ["Booking", "Check-in"]
    assert list(table["stage"]) == [*strongest, "Security"]
    strengths = [abs(r) for r in table["r"][:2]]
    assert strengths == sorted(strengths, reverse=True)


def test_a_stage_whose_emotion_does_not_vary_has_no_r(surveyed: Engine) -> None:
    """Everyone rated Security 4."""
    assert driver(stage_drivers(engine=surveyed, journey_id=journey_id(surveyed)), "Security") == (
        None,
        4,
    )


def test_a_stage_without_pairs_is_not_listed(surveyed: Engine) -> None:
    assert "Flight" not in set(
        stage_drivers(engine=surveyed, journey_id=journey_id(surveyed))["stage"]
    )


def test_constant_outcome_gives_no_r(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1", dict.fromkeys(("r1", "r2", "r3", "r4"), 5.0))
    table = stage_drivers(engine=air_travel, journey_id=journey_id(air_travel))
    assert table["r"].isna().all()
    assert list(table["n"]) == [4, 4, 4]


def test_no_outcomes_no_drivers(air_travel: Engine) -> None:
    load(air_travel, WAVE_1, "W1", {})
    table = stage_drivers(engine=air_travel, journey_id=journey_id(air_travel))
    assert table.empty
    assert list(table.columns) == ["stage", "r", "n"]


def test_persona_filter(surveyed: Engine) -> None:
    table = stage_drivers(
        engine=surveyed,
        journey_id=journey_id(surveyed),
        filters=Filters(personas=("Business traveller",)),
    )
    assert table.empty


def sums(xs: list[float], ys: list[float]) -> tuple[float, float, float, float, float, float]:
    """n, Σx, Σy, Σx², Σy², Σxy."""
    return (
        len(xs),
        sum(xs),
        sum(ys),
        sum(x * x for x in xs),
        sum(y * y for y in ys),
        sum(x * y for x, y in zip(xs, ys, strict=True)),
    )


def test_pearson_from_sums_equals_scipy() -> None:
    xs, ys = [1.0, 2.0, 3.0, 4.0, 7.0], [1.0, 3.0, 2.0, 5.0, 4.0]
    expected = float(stats.pearsonr(xs, ys).statistic)
    assert pearson_from_sums(*sums(xs, ys)) == pytest.approx(expected, rel=1e-12)


def test_pearson_from_sums_perfect_lines() -> None:
    xs = [0.1 * i for i in range(10)]
    up = pearson_from_sums(*sums(xs, [3 * x + 0.7 for x in xs]))
    down = pearson_from_sums(*sums(xs, [-2 * x + 1 for x in xs]))
    assert up == pytest.approx(1.0, rel=1e-12) and up is not None and up <= 1.0
    assert down == pytest.approx(-1.0, rel=1e-12) and down is not None and down >= -1.0


@pytest.mark.parametrize(("xs", "ys"), [([], []), ([0.5], [7.0])])
def test_pearson_from_sums_needs_two_pairs(xs: list[float], ys: list[float]) -> None:
    assert pearson_from_sums(*sums(xs, ys)) is None


@pytest.mark.parametrize(
    ("xs", "ys"),
    [
        ([0.5, 0.5, 0.5], [1.0, 2.0, 3.0]),  # x constant
        ([1.0, 2.0, 3.0], [4.0, 4.0, 4.0]),  # y constant
        ([0.1, 0.1, 0.1, 0.1], [0.3, 0.3, 0.3, 0.3]),  # both, with rounding noise in the sums
        ([0.0, 0.0], [0.0, 0.0]),
    ],
)
def test_pearson_from_sums_without_variation_is_none(xs: list[float], ys: list[float]) -> None:
    assert pearson_from_sums(*sums(xs, ys)) is None


def test_pearson_from_sums_stays_within_minus_one_and_one() -> None:
    xs = [1e-3 * i for i in range(1, 50)]
    r = pearson_from_sums(*sums(xs, [5 * x for x in xs]))
    assert r is not None and math.isfinite(r) and -1.0 <= r <= 1.0


def add_outcomes(engine: Engine, wave: str, values: dict[str, float]) -> None:
    with writing(engine) as session:
        batch = SurveyImport(journey_id=1, file_name=f"outcomes-{wave}", content_hash=wave,
                             wave=wave, imported_at=datetime.now(UTC))  # fmt: skip
        session.add(batch)
        session.flush()
        rows = [{"import_id": batch.id, "journey_id": 1, "respondent_id": r, "wave": wave,
                 "measure": "nps", "value": v} for r, v in values.items()]  # fmt: skip
        session.connection().execute(insert(Outcome.__table__), rows)  # type: ignore[arg-type]


def test_r_is_pearson_of_stage_emotion_and_outcome(air_travel: Engine) -> None:
    rng = np.random.default_rng(3)
    rows = ["respondent_id,persona,stage,touchpoint,emotion"]
    stage_emotion: dict[str, float] = {}
    outcome: dict[str, float] = {}
    for i in range(40):
        web, app = int(rng.integers(1, 6)), int(rng.integers(1, 6))
        rows += [f"r{i},Family,Booking,Website,{web}", f"r{i},Family,Booking,App,{app}",
                 f"r{i},Family,Check-in,,{int(rng.integers(1, 6))}"]  # fmt: skip
        stage_emotion[f"r{i}"] = ((web - 3) / 2 + (app - 3) / 2) / 2  # mean of the two ratings
        outcome[f"r{i}"] = float(rng.integers(0, 11)) + stage_emotion[f"r{i}"] * 4
    data = io.BytesIO("\n".join(rows).encode())
    import_responses(
        engine=air_travel, stream=data, file_name="w.csv", journey_name="Air travel", wave="W1"
    )
    add_outcomes(air_travel, "W1", outcome)
    add_outcomes(air_travel, "W2", {"r1": 10.0, "r2": 0.0})  # another wave: never paired
    drivers = stage_drivers(engine=air_travel, journey_id=1).set_index("stage")
    expected = stats.pearsonr(list(stage_emotion.values()), [outcome[r] for r in stage_emotion])
    assert drivers.loc["Booking", "r"] == pytest.approx(expected.statistic, rel=1e-9)
    assert drivers.loc["Booking", "n"] == 40
    assert list(drivers.index)[0] == "Booking"  # strongest first
    analysis = driver_analysis(engine=air_travel, journey_id=1, min_n=10)
    matrix = priority_matrix(analysis.table(), stage_kpis(engine=air_travel, journey_id=1))
    assert set(matrix["stage"]) == {"Booking", "Check-in"}


def test_a_constant_outcome_has_no_r() -> None:
    assert pearson_from_sums(3, 3.0, 30.0, 5.0, 300.0, 30.0) is None  # y = 10 for everyone
    assert pearson_from_sums(1, 1.0, 1.0, 1.0, 1.0, 1.0) is None
    x, y = np.array([1.0, 2.0, 4.0]), np.array([2.0, 1.0, 5.0])
    r = pearson_from_sums(3, x.sum(), y.sum(), (x * x).sum(), (y * y).sum(), (x * y).sum())
    assert r == pytest.approx(stats.pearsonr(x, y).statistic, rel=1e-12)
