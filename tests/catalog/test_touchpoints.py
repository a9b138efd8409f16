"""Adding, renaming and deleting touchpoints: every rule, exactly."""

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.rules import EditError
from journey.catalog.touchpoints import add_touchpoint, delete_touchpoint, update_touchpoint
from journey.ingest.mapping import load_mapping
from journey.store.models import (
    Response,
    Touchpoint,
)
from journey.store.queries import (
    response_counts,
    touchpoint_table,
)
from tests.factories import (
    TOUCHPOINT_COLUMNS,
    WIDE_MAPPING,
    count_rows,
    journey_id,
    save_mapping,
    saved_mappings,
    stage_id,
    touchpoint_id,
)


def test_add_touchpoint_with_its_channel(air_travel: Engine) -> None:
    air, booking = journey_id(air_travel), stage_id(air_travel, "Booking")
    add_touchpoint(engine=air_travel, stage_id=booking, name=" Call centre ",
                           channel=" call centre ")  # fmt: skip
    add_touchpoint(engine=air_travel, stage_id=stage_id(air_travel, "Flight"),
                           name="Website")  # same name, other stage: fine  # fmt: skip
    points = touchpoint_table(engine=air_travel, journey_id=air)
    assert points[TOUCHPOINT_COLUMNS].values.tolist() == [
        ["Booking", "Website", "web"], ["Booking", "App", "app"],
        ["Booking", "Call centre", "call centre"], ["Flight", "Website", ""],
    ]  # fmt: skip
    with pytest.raises(EditError, match="Stage 'Booking' already has a touchpoint named 'App'"):
        add_touchpoint(engine=air_travel, stage_id=booking, name="APP")
    with pytest.raises(EditError, match="A channel is one line"):
        add_touchpoint(engine=air_travel, stage_id=booking, name="Kiosk", channel="a\nb")
    with pytest.raises(EditError, match="The touchpoint needs a name"):
        add_touchpoint(engine=air_travel, stage_id=booking, name="")


def test_rename_touchpoint_keeps_responses_and_follows_into_mappings(measured: Engine) -> None:
    save_mapping(measured, WIDE_MAPPING)
    website = touchpoint_id(measured, "Booking", "Website")
    result = update_touchpoint(engine=measured, touchpoint_id=website, name="Web site",
                                       channel="web (mobile)")  # fmt: skip
    assert result.summary == (
        "Renamed touchpoint 'Website' to 'Web site' (2 responses stay attached); "
        "1 saved mapping updated."
    )
    assert count_rows(measured, Response, col(Response.touchpoint_id) == website) == 2
    points = touchpoint_table(engine=measured, journey_id=journey_id(measured))
    assert points[TOUCHPOINT_COLUMNS].values.tolist()[0] == ["Booking", "Web site", "web (mobile)"]
    mapping = load_mapping(saved_mappings(measured)[0])
    assert [r.touchpoint for r in mapping.ratings] == ["Web site", "App", None]
    with pytest.raises(EditError, match="already has a touchpoint named 'App'"):
        update_touchpoint(engine=measured, touchpoint_id=website, name="app")


def test_delete_touchpoint_takes_its_responses_only(measured: Engine) -> None:
    website = touchpoint_id(measured, "Booking", "Website")
    with pytest.raises(EditError, match="now has 2 responses, not the 0 you confirmed"):
        delete_touchpoint(engine=measured, touchpoint_id=website, confirmed_responses=0)
    result = delete_touchpoint(engine=measured, touchpoint_id=website, confirmed_responses=2)
    assert result.summary == "Deleted touchpoint 'Website' with 2 responses."
    booking = stage_id(measured, "Booking")
    assert count_rows(measured, Response, col(Response.stage_id) == booking) == 2
    assert touchpoint_table(engine=measured, journey_id=journey_id(measured))[
        TOUCHPOINT_COLUMNS
    ].values.tolist() == [["Booking", "App", "app"]]
    with Session(measured) as session:
        app = session.get(Touchpoint, touchpoint_id(measured, "Booking", "App"))
        assert app is not None and app.position == 0


def test_response_counts_per_journey_stage_and_touchpoint(measured: Engine) -> None:
    counts = response_counts(engine=measured, journey_id=journey_id(measured))
    assert counts.journey == 7
    assert counts.stages == {
        stage_id(measured, "Booking"): 4,
        stage_id(measured, "Check-in"): 2,
        stage_id(measured, "Flight"): 1,
    }
    assert counts.touchpoints == {
        touchpoint_id(measured, "Booking", "Website"): 2,
        touchpoint_id(measured, "Booking", "App"): 1,
    }
    rows = touchpoint_table(engine=measured, journey_id=journey_id(measured))
    assert rows[["stage", "touchpoint", "channel"]].values.tolist() == [
        ["Booking", "Website", "web"], ["Booking", "App", "app"],
    ]  # fmt: skip
