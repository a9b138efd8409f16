"""Journey definitions as YAML: exact round trips and clear errors."""

import pytest
from sqlalchemy.engine import Engine

from journey.catalog.definitions import DefinitionsError, export_definitions, import_definitions
from journey.demo.definitions import demo_definitions
from journey.store.db import create_schema, make_engine


def fresh() -> Engine:
    engine = make_engine("sqlite://")
    create_schema(engine)
    return engine


def test_export_import_export_is_identical(air_travel: Engine) -> None:
    first = export_definitions(engine=air_travel)
    other = fresh()
    import_definitions(engine=other, text=first)
    assert export_definitions(engine=other) == first


def test_the_demo_definitions_round_trip() -> None:
    engine = fresh()
    import_definitions(engine=engine, text=demo_definitions())
    exported = export_definitions(engine=engine)
    again = fresh()
    import_definitions(engine=again, text=exported)
    assert export_definitions(engine=again) == exported
    assert "current_state: First purchase" in exported and "target_emotion: 0.3" in exported


def test_reimport_updates_without_duplicating(air_travel: Engine) -> None:
    text = export_definitions(engine=air_travel).replace("Flies for work", "Flies every week")
    import_definitions(engine=air_travel, text=text)
    exported = export_definitions(engine=air_travel)
    assert "Flies every week" in exported and exported.count("name: Booking") == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("journeys: [{name: A, stages: [{name: X}, {name: X}]}]", "stage names must be unique"),
        ("journeys: [{name: A, state: someday}]", "state must be 'current' or 'future'"),
        ("journeys: [{name: A, stages: [{name: X, target_emotion: 2}]}]", "between -1 and 1"),
        (
            "journeys: [{name: F, state: future, current_state: Nope}]",
            "'Nope', which is not defined",
        ),
        ("journeys: [{stages: []}]", "journeys[0]: missing name"),
        ("personas: [{name: P}\njourneys: [", "defs.yaml, line 2, column 1: not valid YAML"),
        ("just text", "expected a mapping"),
    ],
)
def test_invalid_files_say_where(text: str, message: str) -> None:
    engine = fresh()
    with pytest.raises(DefinitionsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_definitions(engine=engine, text=text, source="defs.yaml")
    assert export_definitions(engine=engine) == "personas: []\njourneys: []\n"
