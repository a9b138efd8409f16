"""Creating, renaming and deleting personas: every rule, exactly."""

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.personas import create_persona, delete_persona, update_persona
from journey.catalog.rules import EditError
from journey.ingest.mapping import load_mapping
from journey.store.models import (
    Persona,
    Response,
)
from journey.store.queries import (
    persona_table,
)
from tests.factories import (
    WIDE_MAPPING,
    Answer,
    count_rows,
    persona_id,
    save_mapping,
    saved_mappings,
    store_responses,
)


def test_personas_with_their_respondents(measured: Engine) -> None:
    store_responses(measured, [Answer("r1", "Flight", 0.0), Answer("r9", "Flight", 0.0)],
                    wave="W2", file_name="w2.csv")  # fmt: skip
    create_persona(engine=measured, name="Student", goals="Cheap", pain_points="Fees")
    table = persona_table(engine=measured)
    assert table[["name", "respondents", "responses"]].values.tolist() == [
        ["Business traveller", 3, 6],  # r1, r2 in W1; r1 again in W2 is the same respondent; r9
        ["Family", 2, 3],
        ["Student", 0, 0],
    ]
    student = table[table["name"] == "Student"].iloc[0]
    assert (student["goals"], student["pain_points"], student["description"]) == (
        "Cheap",
        "Fees",
        "",
    )


def test_persona_names_are_unique_ignoring_case(air_travel: Engine) -> None:
    with pytest.raises(EditError, match="There is already a persona named 'Family'"):
        create_persona(engine=air_travel, name=" family ")
    with pytest.raises(EditError, match="There is already a persona named 'Family'"):
        update_persona(
            engine=air_travel, persona_id=persona_id(air_travel, "Business traveller"),
            name="FAMILY",
        )  # fmt: skip


def test_rename_persona_keeps_responses_and_updates_mappings(measured: Engine) -> None:
    save_mapping(measured, WIDE_MAPPING)
    family = persona_id(measured, "Family")
    result = update_persona(engine=measured, persona_id=family, name="Parents",
                                    description="Two kids")  # fmt: skip
    assert result.summary == (
        "Renamed persona 'Family' to 'Parents' (3 responses stay attached); "
        "1 saved mapping updated."
    )
    assert count_rows(measured, Response, col(Response.persona_id) == family) == 3
    assert load_mapping(saved_mappings(measured)[0]).persona_names == {
        "biz": "Business traveller",
        "fam": "Parents",
        "Family": "Parents",  # the next wave's file may still say "Family"
    }
    with Session(measured) as session:
        renamed = session.get(Persona, family)
        assert renamed is not None and renamed.description == "Two kids"


def test_unspecified_persona_keeps_its_name(air_travel: Engine) -> None:
    unspecified = create_persona(engine=air_travel, name="Unspecified")
    with pytest.raises(EditError, match="keeps its name"):
        update_persona(engine=air_travel, persona_id=unspecified, name="Nobody")
    update_persona(engine=air_travel, persona_id=unspecified, description="No answer")


def test_a_persona_with_responses_cannot_be_deleted(measured: Engine) -> None:
    with pytest.raises(EditError, match="3 responses refer to persona 'Family', so it cannot"):
        delete_persona(engine=measured, persona_id=persona_id(measured, "Family"))
    student = create_persona(engine=measured, name="Student")
    assert delete_persona(engine=measured, persona_id=student).summary == (
        "Deleted persona 'Student'."
    )
    assert count_rows(measured, Persona) == 2
