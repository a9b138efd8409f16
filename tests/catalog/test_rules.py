"""The rules every edit follows: clean names; each write one transaction that moves the revision."""

import pytest
from sqlalchemy.engine import Engine

from journey.catalog.journeys import update_journey
from journey.catalog.notes import add_note
from journey.catalog.personas import create_persona
from journey.catalog.rules import EditError, clean_name
from journey.catalog.stages import add_stage, delete_stage, move_stage, update_stage
from journey.catalog.touchpoints import add_touchpoint
from journey.store.db import revision
from tests.factories import journey_id, stage_id


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "needs a name"),
        ("   ", "needs a name"),
        ("Two\nlines", "one line"),
        ("Tab\there", "one line"),
        ("x" * 121, "at most 120 characters, not 121"),
    ],
)
def test_names_are_one_non_empty_line(name: str, message: str) -> None:
    with pytest.raises(EditError, match=message):
        clean_name(name, what="stage")


def test_names_lose_their_surrounding_spaces() -> None:
    assert clean_name("  Check-in  ", what="stage") == "Check-in"
    assert clean_name("x" * 120, what="stage") == "x" * 120


def test_every_write_bumps_the_revision_and_refusals_do_not(air_travel: Engine) -> None:
    air = journey_id(air_travel)
    writes = [
        lambda: add_stage(engine=air_travel, journey_id=air, name="Lounge"),
        lambda: update_stage(engine=air_travel, stage_id=stage_id(air_travel, "Lounge"),
                                     goal="Rest"),
        lambda: move_stage(engine=air_travel, stage_id=stage_id(air_travel, "Lounge"),
                                   position=0),
        lambda: add_touchpoint(engine=air_travel, stage_id=stage_id(air_travel, "Lounge"),
                                       name="Sofa"),
        lambda: create_persona(engine=air_travel, name="Student"),
        lambda: add_note(engine=air_travel, journey_id=air, stage_id=None,
                                 kind="comment", text="x", author="Ana"),
        lambda: update_journey(engine=air_travel, journey_id=air, description="d"),
        lambda: delete_stage(engine=air_travel, stage_id=stage_id(air_travel, "Lounge"),
                                     confirmed_responses=0),
    ]  # fmt: skip
    for write in writes:
        before = revision(air_travel)
        write()
        assert revision(air_travel) == before + 1
    before = revision(air_travel)
    with pytest.raises(EditError):
        add_stage(engine=air_travel, journey_id=air, name="booking")
    assert revision(air_travel) == before
