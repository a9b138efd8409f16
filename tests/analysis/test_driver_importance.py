"""Driver analysis on a hand-built database, against figures computed here from the same rows."""

import json

import numpy as np
import pytest
from scipy import stats
from sqlalchemy.engine import Engine

from journey.analysis.drivers import driver_analysis, stage_drivers, touchpoint_driver_analysis
from journey.analysis.importance import SHAPLEY, relative_importance
from journey.errors import JourneyError
from journey.store.filters import Filters
from tests.analysis.reference import brute_force_shapley, least_squares_r2
from tests.factories import Answer, store_responses

Unit = dict[str, float | None]  # a unit's stage and touchpoint emotions, and its outcome
Units = dict[tuple[str, str], Unit]  # by (respondent id, wave)
Surveyed = tuple[Engine, Units]
LEVELS = (-1.0, -0.5, 0.0, 0.5, 1.0)  # a 1–5 rating, normalised
UNITS = 40  # respondents of wave W1; r00…r04 answer again in W2


def rating(i: int, step: int, shift: int) -> float:
    """A deterministic rating that varies across respondents."""
    return LEVELS[(i * step + shift) % 5]


def wave_rows(wave: str, count: int) -> tuple[list[Answer], dict[str, float], Units]:
    """One wave's answers and outcomes, and each unit's figures worked out by hand.

    Booking is rated on two touchpoints (its emotion is their mean), Check-in and Flight once;
    Security by every third respondent only, too few to be included with min_n = 30.
    """
    answers: list[Answer] = []
    outcomes: dict[str, float] = {}
    units: Units = {}
    offset = 0 if wave == "W1" else 3
    for i in range(count):
        respondent = f"r{i:02d}"
        website, app = rating(i + offset, 2, 1), rating(i + offset, 3, 4)
        check_in, flight = rating(i + offset, 4, 2), rating(i + offset, 7, 0)
        answers += [
            Answer(respondent, "Booking", website, touchpoint="Website"),
            Answer(respondent, "Booking", app, touchpoint="App"),
            Answer(respondent, "Check-in", check_in),
            Answer(respondent, "Flight", flight),
        ]
        security = None
        if i % 3 == 0:
            security = rating(i + offset, 1, 3)
            answers.append(Answer(respondent, "Security", security))
        booking = (website + app) / 2
        noise = ((i * 5 + offset) % 7 - 3) / 3
        outcomes[respondent] = 6 + 2.5 * booking + 1.0 * check_in + 0.5 * flight + noise
        units[(respondent, wave)] = {
            "Booking": booking,
            "Check-in": check_in,
            "Flight": flight,
            "Security": security,
            "Website": website,
            "App": app,
            "outcome": outcomes[respondent],
        }
    return answers, outcomes, units


@pytest.fixture
def surveyed(air_travel: Engine) -> Surveyed:
    """Two waves stored; the units (respondent, wave) with their figures, in id order."""
    units: Units = {}
    for wave, count in (("W1", UNITS), ("W2", 5)):
        answers, outcomes, figures = wave_rows(wave, count)
        store_responses(air_travel, answers, wave=wave, file_name=f"{wave}.csv", outcomes=outcomes)
        units.update(figures)
    return air_travel, dict(sorted(units.items()))


def matrix(units: Units, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[unit[name] for name in names] for unit in units.values()], dtype=float)
    y = np.array([unit["outcome"] for unit in units.values()], dtype=float)
    return x, y


def test_importance_is_the_shapley_value_over_the_included_stages(surveyed: Surveyed) -> None:
    engine, units = surveyed
    analysis = driver_analysis(engine=engine, journey_id=1)
    included = ["Booking", "Check-in", "Flight"]  # Security: 16 units < 30
    x, y = matrix(units, included)
    shapley = dict(zip(included, brute_force_shapley(x, y), strict=True))
    r2 = least_squares_r2(x, y, (0, 1, 2))
    assert (analysis.level, analysis.method, analysis.n, analysis.reason) == (
        "stage",
        SHAPLEY,
        45,
        None,
    )
    assert analysis.r2 == pytest.approx(r2, abs=1e-12)
    drivers = {driver.name: driver for driver in analysis.drivers}
    for name in included:
        assert drivers[name].importance == pytest.approx(shapley[name], abs=1e-12)
        assert drivers[name].share == pytest.approx(shapley[name] / r2, abs=1e-12)
    total = sum(driver.importance for driver in analysis.drivers if driver.importance is not None)
    assert total == pytest.approx(r2, abs=1e-12)
    ranked = sorted(included, key=lambda name: -shapley[name])
    assert [driver.name for driver in analysis.drivers] == [*ranked, "Security"]


def test_r_and_n_are_pearsons_over_the_units_with_both(surveyed: Surveyed) -> None:
    engine, units = surveyed
    analysis = driver_analysis(engine=engine, journey_id=1)
    drivers = {driver.name: driver for driver in analysis.drivers}
    for name in ("Booking", "Check-in", "Flight", "Security"):
        pairs = [(u[name], u["outcome"]) for u in units.values() if u[name] is not None]
        xs, ys = zip(*pairs, strict=True)
        assert drivers[name].n == len(pairs)
        assert drivers[name].r == pytest.approx(stats.pearsonr(xs, ys).statistic, abs=1e-12)
    assert drivers["Security"].n == 16
    sql = stage_drivers(engine=engine, journey_id=1).set_index("stage")
    for driver in analysis.drivers:
        assert driver.n == sql.loc[driver.name, "n"]
        assert driver.r == pytest.approx(sql.loc[driver.name, "r"], abs=1e-12)


def test_a_stage_below_min_n_has_no_importance(surveyed: Surveyed) -> None:
    engine, _ = surveyed
    security = driver_analysis(engine=engine, journey_id=1).drivers[-1]
    assert security.name == "Security"
    assert (security.importance, security.share) == (None, None)
    assert (security.importance_low, security.importance_high) == (None, None)


def test_bootstrap_intervals_resample_the_complete_units(surveyed: Surveyed) -> None:
    """The same intervals as relative_importance on the unit matrix, in (id, wave) order."""
    engine, units = surveyed
    analysis = driver_analysis(engine=engine, journey_id=1, seed=5)
    again = driver_analysis(engine=engine, journey_id=1, seed=5)
    assert analysis == again
    included = ["Booking", "Check-in", "Flight"]
    x, y = matrix(units, included)
    expected = relative_importance(x, y, resamples=200, seed=5)
    drivers = {driver.name: driver for driver in analysis.drivers}
    for k, name in enumerate(included):
        assert drivers[name].importance_low == pytest.approx(expected.importance_low[k], abs=1e-9)
        assert drivers[name].importance_high == pytest.approx(expected.importance_high[k], abs=1e-9)
        low, high = drivers[name].importance_low, drivers[name].importance_high
        assert low is not None and high is not None
        assert low <= (drivers[name].importance or 0.0) <= high


def test_a_lower_min_n_includes_security_and_only_its_units_are_complete(
    surveyed: Surveyed,
) -> None:
    """With min_n = 16 Security is included, and only its 16 units are complete: enough."""
    engine, units = surveyed
    analysis = driver_analysis(engine=engine, journey_id=1, min_n=16)
    complete = {key: u for key, u in units.items() if u["Security"] is not None}
    names = ["Booking", "Check-in", "Security", "Flight"]  # stage order
    x, y = matrix(complete, names)
    assert analysis.n == 16
    assert analysis.r2 == pytest.approx(least_squares_r2(x, y, (0, 1, 2, 3)), abs=1e-12)
    stricter = driver_analysis(engine=engine, journey_id=1, min_n=17)
    assert stricter.n == 45 and stricter.r2 is not None  # Security (16) left out again


def test_fewer_complete_units_than_min_n_gives_the_reason(air_travel: Engine) -> None:
    """Booking and Flight each have 35 units, but only 25 have both."""
    answers = [Answer(f"r{i:02d}", "Booking", rating(i, 2, 0)) for i in range(35)]
    answers += [Answer(f"r{i:02d}", "Flight", rating(i, 3, 1)) for i in range(10, 45)]
    outcomes = {f"r{i:02d}": float(i % 11) for i in range(45)}
    store_responses(air_travel, answers, outcomes=outcomes)
    analysis = driver_analysis(engine=air_travel, journey_id=1)
    assert (analysis.r2, analysis.method, analysis.n) == (None, None, 25)
    assert analysis.reason is not None and "Only 25 respondents" in analysis.reason
    assert "at least 30" in analysis.reason
    assert all(driver.importance is None for driver in analysis.drivers)
    strengths = [abs(driver.r or 0.0) for driver in analysis.drivers]
    assert strengths == sorted(strengths, reverse=True)
    assert [driver.n for driver in analysis.drivers] == [35, 35]


def test_no_outcome_no_importance(air_travel: Engine) -> None:
    store_responses(air_travel, [Answer("r1", "Booking", 0.5)])
    analysis = driver_analysis(engine=air_travel, journey_id=1)
    assert (analysis.drivers, analysis.n, analysis.r2) == ((), 0, None)
    assert analysis.reason is not None and "No stage has at least 30" in analysis.reason


def test_an_outcome_that_does_not_vary_has_nothing_to_explain(air_travel: Engine) -> None:
    answers = [Answer(f"r{i:02d}", "Booking", rating(i, 2, 0)) for i in range(30)]
    store_responses(air_travel, answers, outcomes={f"r{i:02d}": 7.0 for i in range(30)})
    analysis = driver_analysis(engine=air_travel, journey_id=1)
    assert analysis.reason is not None and "same outcome" in analysis.reason
    assert analysis.drivers[0].r is None and analysis.drivers[0].n == 30


def test_filters_choose_the_units(surveyed: Surveyed) -> None:
    engine, units = surveyed
    first = driver_analysis(engine=engine, journey_id=1, filters=Filters(waves=("W1",)))
    assert first.n == UNITS
    x, y = matrix(
        {k: u for k, u in units.items() if k[1] == "W1"}, ["Booking", "Check-in", "Flight"]
    )
    assert first.r2 == pytest.approx(least_squares_r2(x, y, (0, 1, 2)), abs=1e-12)
    nobody = driver_analysis(engine=engine, journey_id=1, filters=Filters(personas=("Family",)))
    assert nobody.drivers == () and nobody.reason is not None


def test_touchpoints_of_a_stage_as_drivers(surveyed: Surveyed) -> None:
    engine, units = surveyed
    analysis = touchpoint_driver_analysis(engine=engine, journey_id=1, stage="booking")
    x, y = matrix(units, ["Website", "App"])
    shapley = dict(zip(["Website", "App"], brute_force_shapley(x, y), strict=True))
    assert (analysis.level, analysis.n) == ("touchpoint", 45)
    assert analysis.r2 == pytest.approx(least_squares_r2(x, y, (0, 1)), abs=1e-12)
    for driver in analysis.drivers:
        assert driver.importance == pytest.approx(shapley[driver.name], abs=1e-12)
        assert driver.r == pytest.approx(
            stats.pearsonr(x[:, ["Website", "App"].index(driver.name)], y).statistic, abs=1e-12
        )
    assert [d.name for d in analysis.drivers] == sorted(shapley, key=lambda n: -shapley[n])
    assert list(analysis.table().columns)[0] == "touchpoint"


def test_an_unknown_stage_is_refused(surveyed: Surveyed) -> None:
    engine, _ = surveyed
    with pytest.raises(JourneyError, match="Boarding"):
        touchpoint_driver_analysis(engine=engine, journey_id=1, stage="Boarding")


def test_the_json_object_of_the_contract(surveyed: Surveyed) -> None:
    engine, _ = surveyed
    analysis = driver_analysis(engine=engine, journey_id=1)
    shown = json.loads(json.dumps(analysis.as_dict(), allow_nan=False))
    assert list(shown) == ["r2", "n", "method", "drivers"]
    assert shown["n"] == 45 and shown["method"] == "shapley"
    keys = ["stage", "r", "n", "importance", "share", "importance_low", "importance_high"]
    assert all(list(driver) == keys for driver in shown["drivers"])
    assert shown["drivers"][-1]["stage"] == "Security"
    assert shown["drivers"][-1]["importance"] is None
    table = analysis.table()
    assert list(table.columns) == keys
    assert list(table["stage"]) == [driver["stage"] for driver in shown["drivers"]]
