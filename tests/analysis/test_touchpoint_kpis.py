"""Figures per touchpoint, one level below the stage, on data whose every number is by hand."""

import math
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from journey.analysis.touchpoint_kpis import NO_TOUCHPOINT, touchpoint_kpis
from journey.cli import main
from journey.store.filters import Filters
from tests.factories import Answer, journey_id, store_responses
from tests.reference import t_interval


@pytest.fixture
def rated(air_travel: Engine) -> Engine:
    """Booking: Website rated by r1..r3, App by r1 and r4; Check-in rated as a stage."""
    store_responses(
        air_travel,
        [
            Answer("r1", "Booking", 1.0, touchpoint="Website", expectation="exceeds"),
            Answer("r2", "Booking", 0.5, touchpoint="Website", expectation="meets"),
            Answer("r3", "Booking", -0.5, touchpoint="Website", expectation="below",
                   persona="Family"),
            Answer("r1", "Booking", -1.0, touchpoint="App", expectation="below"),
            Answer("r4", "Booking", 0.0, touchpoint="App", persona="Family"),
            Answer("r2", "Check-in", 0.5),
        ],
    )  # fmt: skip
    return air_travel


def row(figures: Any, stage: str, touchpoint: str, persona: str | None = None) -> Any:
    found = figures[(figures["stage"] == stage) & (figures["touchpoint"] == touchpoint)]
    if persona is not None:
        found = found[found["persona"] == persona]
    assert len(found) == 1
    return found.iloc[0]


def test_each_touchpoint_has_its_own_figures(rated: Engine) -> None:
    figures = touchpoint_kpis(engine=rated, journey_id=journey_id(rated), min_n=2)
    assert list(zip(figures["stage"], figures["touchpoint"], strict=True)) == [
        ("Booking", "Website"), ("Booking", "App"), ("Check-in", NO_TOUCHPOINT),
    ]  # fmt: skip
    website = row(figures, "Booking", "Website")
    assert (website["n"], website["respondents"]) == (3, 3)
    assert website["mean_emotion"] == pytest.approx(1 / 3, rel=1e-12)
    low, high = t_interval([1.0, 0.5, -0.5])
    assert (website["ci_low"], website["ci_high"]) == pytest.approx((low, high), rel=1e-12)
    assert website["share_below"] == pytest.approx(1 / 3) and website["share_exceeds"] == 1 / 3
    # reach: 3 of the 4 respondents with an emotion anywhere; impact = 1/3 below × 3/4
    assert website["reach"] == 0.75 and website["impact"] == pytest.approx(0.25)
    app = row(figures, "Booking", "App")
    assert (app["n"], app["mean_emotion"], app["share_below"]) == (2, -0.5, 1.0)
    assert row(figures, "Check-in", NO_TOUCHPOINT)["low_sample"]  # n = 1 < 2
    assert figures["shape"].isna().all()  # peaks and valleys belong to the stage curve


def test_touchpoints_split_by_persona_and_filtered(rated: Engine) -> None:
    figures = touchpoint_kpis(engine=rated, journey_id=journey_id(rated), by_persona=True, min_n=1)
    family = row(figures, "Booking", "App", "Family")
    assert (family["n"], family["mean_emotion"]) == (1, 0.0)
    assert math.isnan(family["ci_low"])  # one response: no interval
    only_family = touchpoint_kpis(
        engine=rated, journey_id=journey_id(rated), filters=Filters(personas=("Family",))
    )
    assert row(only_family, "Booking", "Website")["n"] == 1


def test_kpis_by_touchpoint_from_the_command_line(
    rated: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    url = rated.url.render_as_string(hide_password=False)
    for split in ("touchpoint", "persona,touchpoint", "touchpoint,persona"):
        capsys.readouterr()
        code = main(["kpis", "--db", url, "--journey", "Air travel", "--by", split,
                     "--format", "csv"])  # fmt: skip
        assert code == 0
        header = capsys.readouterr().out.splitlines()[0].split(",")
        assert header[:3] == ["stage", "touchpoint", "persona"]
    with pytest.raises(SystemExit) as refused:
        main(["kpis", "--db", url, "--journey", "Air travel", "--by", "wave"])
    assert refused.value.code == 2
