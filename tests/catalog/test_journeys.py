"""Creating, renaming and deleting journeys: every rule, exactly."""

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.future_state import (
    create_future_state,
)
from journey.catalog.journeys import create_journey, delete_journey, update_journey
from journey.catalog.notes import add_note, delete_note
from journey.catalog.personas import delete_persona
from journey.catalog.rules import EditError
from journey.catalog.stages import add_stage, delete_stage
from journey.catalog.touchpoints import update_touchpoint
from journey.store.models import (
    Journey,
    Note,
    Outcome,
    Response,
    SavedMapping,
    SurveyImport,
    Touchpoint,
)
from tests.factories import (
    WIDE_MAPPING,
    count_rows,
    journey_id,
    save_mapping,
    stage_id,
    stage_order,
)


def test_create_journey_is_unique_ignoring_case(air_travel: Engine) -> None:
    new_id = create_journey(engine=air_travel, name=" Rail travel ", description=" Trains ")
    with Session(air_travel) as session:
        created = session.get(Journey, new_id)
        assert created is not None
        assert (created.name, created.description, created.state) == (
            "Rail travel",
            "Trains",
            "current",
        )
    with pytest.raises(EditError, match="There is already a journey named 'Air travel'"):
        create_journey(engine=air_travel, name="AIR TRAVEL")
    with pytest.raises(EditError, match="state is 'current' or 'future', not 'past'"):
        create_journey(engine=air_travel, name="Sea", state="past")
    with pytest.raises(EditError, match="needs a name"):
        create_journey(engine=air_travel, name=" ")


def test_rename_journey_keeps_its_responses(measured: Engine) -> None:
    air = journey_id(measured)
    result = update_journey(engine=measured, journey_id=air, name="Flying")
    assert result.summary == "Renamed journey 'Air travel' to 'Flying' (7 responses stay attached)."
    assert result.responses == 7
    assert count_rows(measured, Response, col(Response.journey_id) == air) == 7
    assert journey_id(measured, "Flying") == air
    # A change of case alone is a rename of the same journey, not a clash with itself.
    update_journey(engine=measured, journey_id=air, name="FLYING", description="By air")
    with Session(measured) as session:
        renamed = session.get(Journey, air)
        assert renamed is not None
        assert (renamed.name, renamed.description) == ("FLYING", "By air")


def test_rename_journey_refuses_another_journeys_name(air_travel: Engine) -> None:
    create_journey(engine=air_travel, name="Rail travel")
    with pytest.raises(EditError, match="already a journey named 'Rail travel'"):
        update_journey(engine=air_travel, journey_id=journey_id(air_travel), name="rail TRAVEL")
    assert journey_id(air_travel, "Air travel")


def test_delete_journey_takes_everything_of_it_and_nothing_else(measured: Engine) -> None:
    air = journey_id(measured)
    other = create_journey(engine=measured, name="Rail travel")
    add_stage(engine=measured, journey_id=other, name="Booking")
    future = create_future_state(engine=measured, current_id=air, name="Air (future)")
    add_note(engine=measured, journey_id=air, stage_id=stage_id(measured, "Booking"),
                     kind="insight", text="Busy on Mondays", author="Ana")  # fmt: skip
    save_mapping(measured, WIDE_MAPPING)

    with pytest.raises(EditError, match="now has 7 responses, not the 6 you confirmed"):
        delete_journey(engine=measured, journey_id=air, confirmed_responses=6)
    assert count_rows(measured, Response) == 7

    result = delete_journey(engine=measured, journey_id=air, confirmed_responses=7)
    assert result.summary == "Deleted journey 'Air travel' with 7 responses from 1 import."
    for table in (Response, Outcome, SurveyImport, SavedMapping, Note):
        assert count_rows(measured, table) == 0, table
    assert count_rows(measured, Touchpoint) == 2  # the future state's copies
    with Session(measured) as session:
        assert session.get(Journey, air) is None
        names = {row[0] for row in session.exec(select(Journey.name)).all()}
        assert names == {"Rail travel", "Air (future)"}
        kept = session.get(Journey, future)
        assert kept is not None and kept.current_id is None  # the future state stays, unlinked
    assert stage_order(measured, "Rail travel") == [("Booking", 0)]


def test_unknown_ids_are_refused(air_travel: Engine) -> None:
    with pytest.raises(EditError, match="There is no journey #999"):
        update_journey(engine=air_travel, journey_id=999, name="X")
    with pytest.raises(EditError, match="There is no stage #999"):
        delete_stage(engine=air_travel, stage_id=999, confirmed_responses=0)
    with pytest.raises(EditError, match="There is no touchpoint #999"):
        update_touchpoint(engine=air_travel, touchpoint_id=999, channel="web")
    with pytest.raises(EditError, match="There is no persona #999"):
        delete_persona(engine=air_travel, persona_id=999)
    with pytest.raises(EditError, match="There is no note #999"):
        delete_note(engine=air_travel, note_id=999)
    with pytest.raises(EditError, match="There is no journey #999"):
        add_stage(engine=air_travel, journey_id=999, name="Lost")
