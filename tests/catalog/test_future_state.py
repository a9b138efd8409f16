"""Future-state journeys and their targets: every rule, exactly."""

import math

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.analysis.kpis import stage_kpis
from journey.catalog.future_state import (
    StageTarget,
    create_future_state,
    link_future_state,
    set_targets,
)
from journey.catalog.journeys import create_journey
from journey.catalog.rules import EditError
from journey.store.models import (
    Journey,
)
from journey.store.queries import (
    future_targets,
    touchpoint_table,
)
from tests.factories import TOUCHPOINT_COLUMNS, journey_id, stage_id, stage_order


def test_create_future_state_copies_stages_and_links_them(air_travel: Engine) -> None:
    air = journey_id(air_travel)
    future = create_future_state(engine=air_travel, current_id=air, name="Air 2027")
    with Session(air_travel) as session:
        created = session.get(Journey, future)
        assert created is not None
        assert (created.state, created.current_id) == ("future", air)
    assert stage_order(air_travel, "Air 2027") == stage_order(air_travel)
    copied = touchpoint_table(engine=air_travel, journey_id=future)[TOUCHPOINT_COLUMNS]
    assert copied.values.tolist() == [["Booking", "Website", "web"], ["Booking", "App", "app"]]
    with pytest.raises(EditError, match="'Air travel' already has a future state: 'Air 2027'"):
        create_future_state(engine=air_travel, current_id=air, name="Air 2028")
    with pytest.raises(EditError, match="'Air 2027' is not a current-state journey"):
        create_future_state(engine=air_travel, current_id=future, name="Air 2029")


def test_targets_per_stage_reach_the_current_journeys_kpis(air_travel: Engine) -> None:
    air = journey_id(air_travel)
    future = create_future_state(engine=air_travel, current_id=air, name="Air 2027")
    booking = stage_id(air_travel, "Booking", "Air 2027")
    flight = stage_id(air_travel, "Flight", "Air 2027")
    result = set_targets(engine=air_travel, journey_id=future, targets={
        booking: StageTarget(0.5, 0.8), flight: StageTarget(-0.25, None),
    })  # fmt: skip
    assert result.summary == "Saved the targets of 'Air 2027'."
    targets = future_targets(engine=air_travel, journey_id=air)
    assert targets is not None
    assert targets.set_index("stage").loc["Booking"].tolist() == [0.5, 0.8]
    assert targets.set_index("stage").loc["Flight", "target_emotion"] == -0.25
    assert math.isnan(targets.set_index("stage").loc["Flight", "target_meets_or_exceeds"])
    kpis = stage_kpis(engine=air_travel, journey_id=air).set_index("stage")
    assert kpis.loc["Booking", "target_emotion"] == 0.5
    set_targets(engine=air_travel, journey_id=future, targets={booking: StageTarget()})
    cleared = future_targets(engine=air_travel, journey_id=air)
    assert cleared is not None and cleared["target_emotion"].isna().tolist()[0]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (StageTarget(1.5, None), "A target emotion is between -1 and 1, not 1.5"),
        (StageTarget(-1.01, None), "A target emotion is between -1 and 1, not -1.01"),
        (StageTarget(float("nan"), None), "A target emotion is between -1 and 1, not nan"),
        (StageTarget(None, 1.2), "share is between 0 and 1, not 1.2"),
        (StageTarget(None, -0.1), "share is between 0 and 1, not -0.1"),
    ],
)
def test_targets_out_of_range_are_refused(
    air_travel: Engine, target: StageTarget, message: str
) -> None:
    future = create_future_state(
        engine=air_travel, current_id=journey_id(air_travel), name="Air 2027"
    )
    booking = stage_id(air_travel, "Booking", "Air 2027")
    with pytest.raises(EditError, match=message):
        set_targets(engine=air_travel, journey_id=future, targets={booking: target})


def test_targets_belong_to_a_future_states_own_stages(air_travel: Engine) -> None:
    air = journey_id(air_travel)
    with pytest.raises(EditError, match="'Air travel' is a current-state journey"):
        set_targets(engine=air_travel, journey_id=air, targets={})
    future = create_future_state(engine=air_travel, current_id=air, name="Air 2027")
    with pytest.raises(EditError, match="are not stages of 'Air 2027'"):
        set_targets(engine=air_travel, journey_id=future, targets={
            stage_id(air_travel, "Booking"): StageTarget(0.1, None)
        })  # fmt: skip


def test_link_and_unlink_a_future_state(air_travel: Engine) -> None:
    air = journey_id(air_travel)
    rail = create_journey(engine=air_travel, name="Rail travel")
    future = create_journey(engine=air_travel, name="Someday", state="future")
    result = link_future_state(engine=air_travel, future_id=future, current_id=air)
    assert result.summary == "'Someday' is now the future state of 'Air travel'."
    with pytest.raises(EditError, match="'Rail travel' is not a future-state journey"):
        link_future_state(engine=air_travel, future_id=rail, current_id=air)
    with pytest.raises(EditError, match="'Someday' is not a current-state journey"):
        link_future_state(engine=air_travel, future_id=future, current_id=future)
    other = create_journey(engine=air_travel, name="Other day", state="future")
    with pytest.raises(EditError, match="'Air travel' already has a future state: 'Someday'"):
        link_future_state(engine=air_travel, future_id=other, current_id=air)
    link_future_state(engine=air_travel, future_id=future, current_id=None)
    assert future_targets(engine=air_travel, journey_id=air) is None
    link_future_state(engine=air_travel, future_id=other, current_id=air)
    assert future_targets(engine=air_travel, journey_id=air) is not None
