"""Notes on a journey or a stage: every rule, exactly."""

from datetime import UTC, datetime

import pandas as pd
import pytest
from sqlalchemy.engine import Engine

from journey.catalog.journeys import create_journey
from journey.catalog.notes import add_note, delete_note, update_note
from journey.catalog.rules import EditError
from journey.store.models import (
    Note,
)
from journey.store.queries import (
    note_table,
)
from tests.factories import count_rows, journey_id, stage_id


def test_notes_on_stages_and_the_whole_journey(air_travel: Engine) -> None:
    air, booking = journey_id(air_travel), stage_id(air_travel, "Booking")
    written = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    first = add_note(engine=air_travel, journey_id=air, stage_id=booking,
                             kind="pain point", text=" Too many steps ", author=" Ana ",
                             created_at=written)  # fmt: skip
    add_note(engine=air_travel, journey_id=air, stage_id=None, kind="opportunity",
                     text="One-click rebooking", author="Ben",
                     created_at=datetime(2026, 3, 2, tzinfo=UTC))  # fmt: skip
    notes = note_table(engine=air_travel, journey_id=air)
    assert notes[["kind", "text", "author"]].values.tolist() == [
        ["pain point", "Too many steps", "Ana"],
        ["opportunity", "One-click rebooking", "Ben"],
    ]
    assert notes["stage"].iloc[0] == "Booking" and pd.isna(notes["stage"].iloc[1])
    update_note(engine=air_travel, note_id=first, stage_id=stage_id(air_travel, "Flight"),
                        kind="insight", text="Multi\nline", author="Ana B.")  # fmt: skip
    notes = note_table(engine=air_travel, journey_id=air)
    assert notes[["stage", "kind", "text", "author"]].values.tolist()[0] == [
        "Flight", "insight", "Multi\nline", "Ana B.",
    ]  # fmt: skip
    assert notes["created_at"].iloc[0].replace(tzinfo=None) == written.replace(tzinfo=None)
    assert delete_note(engine=air_travel, note_id=first).summary == ("Deleted the insight note.")
    assert len(note_table(engine=air_travel, journey_id=air)) == 1


@pytest.mark.parametrize(
    ("kind", "text", "author", "message"),
    [
        ("rant", "x", "Ana", "not 'rant'"),
        ("insight", "  ", "Ana", "The note is empty"),
        ("insight", "x", " ", "the author is empty"),
        ("insight", "x" * 4001, "Ana", "at most 4,000 characters, not 4,001"),
    ],
)
def test_notes_are_validated(
    air_travel: Engine, kind: str, text: str, author: str, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        add_note(engine=air_travel, journey_id=journey_id(air_travel), stage_id=None,
                         kind=kind, text=text, author=author)  # fmt: skip
    assert count_rows(air_travel, Note) == 0


def test_a_note_stays_within_its_journey(air_travel: Engine) -> None:
    rail = create_journey(engine=air_travel, name="Rail travel")
    with pytest.raises(EditError, match="Stage 'Booking' is not a stage of 'Rail travel'"):
        add_note(engine=air_travel, journey_id=rail, kind="insight", text="x",
                         author="Ana", stage_id=stage_id(air_travel, "Booking"))  # fmt: skip
