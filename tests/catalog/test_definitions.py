"""Journey definitions as YAML: exact round trips, updates and clear errors (DESIGN.md 3)."""

from collections.abc import Iterator

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.catalog.definitions import DefinitionsError, export_definitions, import_definitions
from journey.demo.definitions import demo_definitions
from journey.store.db import create_schema, make_engine
from journey.store.models import Journey, Persona, Stage, Touchpoint

FULL = """
personas:
  - name: Business traveller
    description: Flies for work, twice a month
    goals: Get there on time
    pain_points: Queues; surprise fees
  - {name: Family}
  - {name: Student, goals: Cheap seats}
journeys:
  - name: Air travel
    description: From booking to baggage claim
    state: current
    stages:
      - name: Booking
        goal: Book quickly
        touchpoints:
          - {name: Website, channel: web}
          - {name: App, channel: app}
          - {name: Travel agent}
      - {name: Check-in}
      - {name: Security, goal: "Feel safe, not rushed"}
      - name: Flight
        touchpoints: [{name: Cabin crew, channel: in person}]
  - name: Air travel (future)
    state: future
    current_state: Air travel
    stages:
      - {name: Booking, target_emotion: 0.6, target_meets_or_exceeds: 0.9}
      - {name: Check-in, target_emotion: -0.25}
      - {name: Security, target_emotion: 0}
      - {name: Flight, target_emotion: 1, target_meets_or_exceeds: 0}
  - name: Lost luggage
    stages: [{name: Report}, {name: Wait}, {name: Reunited}]
"""


@pytest.fixture
def memory_db() -> Iterator[Engine]:
    """An empty in-memory_db SQLite database: a second database for round trips, and the one
    refusals are tested on (they are decided before anything is written, whatever the engine)."""
    engine = make_engine("sqlite://")
    create_schema(engine)
    yield engine
    engine.dispose()


def counts(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            model.__name__: int(
                session.execute(select(func.count()).select_from(model)).scalar_one()
            )
            for model in (Persona, Journey, Stage, Touchpoint)
        }


def test_export_import_export_is_identical(engine: Engine, memory_db: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    first = export_definitions(engine=engine)
    import_definitions(engine=memory_db, text=first)
    assert export_definitions(engine=memory_db) == first


def test_export_holds_what_was_imported(engine: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    exported = yaml.safe_load(export_definitions(engine=engine))
    assert exported == yaml.safe_load(FULL) | {
        "journeys": [
            journey | {"state": journey.get("state", "current")}
            for journey in yaml.safe_load(FULL)["journeys"]
        ]
    }


def test_export_writes_only_what_is_set(engine: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    exported = yaml.safe_load(export_definitions(engine=engine))
    assert exported["personas"][1] == {"name": "Family"}
    assert exported["journeys"][0]["stages"][1] == {"name": "Check-in"}
    assert exported["journeys"][0]["stages"][0]["touchpoints"][2] == {"name": "Travel agent"}


def test_demo_definitions_round_trip(engine: Engine, memory_db: Engine) -> None:
    import_definitions(engine=engine, text=demo_definitions())
    first = export_definitions(engine=engine)
    import_definitions(engine=memory_db, text=first)
    assert export_definitions(engine=memory_db) == first
    assert yaml.safe_load(first) == yaml.safe_load(demo_definitions())


def test_import_counts_what_it_saw(engine: Engine) -> None:
    assert import_definitions(engine=engine, text=FULL) == {"personas": 3, "journeys": 3}
    assert counts(engine) == {"Persona": 3, "Journey": 3, "Stage": 11, "Touchpoint": 4}


def test_future_state_is_linked_to_its_current_journey(engine: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    with Session(engine) as session:
        journeys = {j.name: j for j in session.execute(select(Journey)).scalars()}
        future = journeys["Air travel (future)"]
        assert (future.state, future.current_id) == ("future", journeys["Air travel"].id)
        assert journeys["Air travel"].current_id is None
        targets = session.execute(
            select(Stage.name, Stage.target_emotion, Stage.target_meets_or_exceeds)
            .where(Stage.journey_id == future.id)
            .order_by(Stage.position)
        ).all()
    assert [tuple(row) for row in targets] == [
        ("Booking", 0.6, 0.9),
        ("Check-in", -0.25, None),
        ("Security", 0.0, None),
        ("Flight", 1.0, 0.0),
    ]


def test_a_future_state_may_come_before_its_current_journey(engine: Engine) -> None:
    import_definitions(
        engine=engine,
        text="journeys:\n"
        "  - {name: Later, state: future, current_state: Now, stages: [{name: A}]}\n"
        "  - {name: Now, stages: [{name: A}]}\n",
    )
    with Session(engine) as session:
        journeys = {j.name: j for j in session.execute(select(Journey)).scalars()}
    assert journeys["Later"].current_id == journeys["Now"].id


def test_reimport_updates_and_never_duplicates(engine: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    before = counts(engine)
    changed = (
        FULL.replace("Flies for work, twice a month", "Flies for work, weekly")
        .replace("From booking to baggage claim", "Door to door")
        .replace("goal: Book quickly", "goal: Book in two minutes")
        .replace("{name: App, channel: app}", "{name: App, channel: mobile app}")
    )
    import_definitions(engine=engine, text=changed)
    assert counts(engine) == before
    exported = yaml.safe_load(export_definitions(engine=engine))
    assert exported["personas"][0]["description"] == "Flies for work, weekly"
    assert exported["personas"][0]["goals"] == "Get there on time"
    air = exported["journeys"][0]
    assert air["description"] == "Door to door"
    assert air["stages"][0]["goal"] == "Book in two minutes"
    assert air["stages"][0]["touchpoints"][1] == {"name": "App", "channel": "mobile app"}


def test_reimporting_the_same_file_changes_nothing(engine: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    first, before = export_definitions(engine=engine), counts(engine)
    import_definitions(engine=engine, text=FULL)
    assert (export_definitions(engine=engine), counts(engine)) == (first, before)


def test_reimport_reorders_stages_and_keeps_unlisted_ones_after(engine: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    import_definitions(
        engine=engine,
        text="journeys:\n  - {name: Air travel, stages: [{name: Flight}, {name: Booking}]}\n",
    )
    exported = yaml.safe_load(export_definitions(engine=engine))
    names = [stage["name"] for stage in exported["journeys"][0]["stages"]]
    assert names == ["Flight", "Booking", "Check-in", "Security"]
    assert counts(engine)["Stage"] == 11


def test_persona_fields_left_out_are_kept(engine: Engine) -> None:
    import_definitions(engine=engine, text=FULL)
    import_definitions(
        engine=engine, text="personas: [{name: Student, description: Studies abroad}]\n"
    )
    exported = yaml.safe_load(export_definitions(engine=engine))
    assert exported["personas"][2] == {
        "name": "Student",
        "description": "Studies abroad",
        "goals": "Cheap seats",
    }


def test_empty_database_exports_empty_lists(engine: Engine) -> None:
    assert yaml.safe_load(export_definitions(engine=engine)) == {"personas": [], "journeys": []}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("personas:\n  - name: A\n bad: x\n", "line 3, column 2"),
        ("journeys:\n\t- name: X\n", "line 2, column 1"),
        ("personas: [{name: A}\n", "line 2, column 1"),
    ],
)
def test_invalid_yaml_reports_line_and_column(memory_db: Engine, text: str, where: str) -> None:
    with pytest.raises(DefinitionsError) as caught:
        import_definitions(engine=memory_db, text=text, source="defs.yaml")
    assert str(caught.value).startswith(f"defs.yaml, {where}: not valid YAML")


def refused(engine: Engine, text: str) -> str:
    """The error message; nothing of the file may have been stored."""
    before = counts(engine)
    with pytest.raises(DefinitionsError) as caught:
        import_definitions(engine=engine, text=text, source="defs.yaml")
    assert counts(engine) == before
    return str(caught.value)


def test_duplicate_stage_names(memory_db: Engine) -> None:
    message = refused(
        memory_db,
        "personas: [{name: P}]\n"
        "journeys:\n  - {name: J, stages: [{name: Booking}, {name: Pay}, {name: Booking}]}\n",
    )
    assert message == (
        "defs.yaml: journeys[0].stages: stage 'Booking' is listed twice ('Booking'): "
        "names are unique, ignoring case"
    )


def test_stage_names_differing_only_in_case_are_duplicates(memory_db: Engine) -> None:
    refused(memory_db, "journeys:\n  - {name: J, stages: [{name: Booking}, {name: booking}]}\n")


def test_bad_state(memory_db: Engine) -> None:
    message = refused(memory_db, "journeys:\n  - {name: J, state: past, stages: [{name: A}]}\n")
    assert message == ("defs.yaml: journeys[0].state: expected 'current' or 'future', got \"past\"")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("target_emotion: 1.5", "target_emotion: expected a number between -1 and 1, got 1.5"),
        ("target_emotion: -1.01", "target_emotion: expected a number between -1 and 1, got -1.01"),
        (
            "target_meets_or_exceeds: 1.2",
            "target_meets_or_exceeds: expected a number between 0 and 1",
        ),
        ("target_meets_or_exceeds: -0.1", "target_meets_or_exceeds: expected a number between 0"),
        ("target_emotion: high", 'target_emotion: expected a number, got "high"'),
    ],
)
def test_target_out_of_range(memory_db: Engine, target: str, message: str) -> None:
    found = refused(memory_db, f"journeys:\n  - {{name: J, stages: [{{name: A, {target}}}]}}\n")
    assert message in found


def test_future_state_of_an_undefined_journey(engine: Engine) -> None:
    """Found only after the journeys were written: the transaction must undo them."""
    import_definitions(engine=engine, text="personas: [{name: P}]\n")
    message = refused(
        engine,
        "personas: [{name: Q}]\n"
        "journeys:\n"
        "  - {name: Dream, state: future, current_state: Reality, stages: [{name: A}]}\n",
    )
    assert message == (
        "defs.yaml: journey 'Dream' is the future state of 'Reality', which is not defined"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("just text\n", "expected a mapping with 'personas' and/or 'journeys'"),
        ("- a\n- b\n", "expected a mapping with 'personas' and/or 'journeys'"),
        ("stages: []\n", "expected a mapping with 'personas' and/or 'journeys'"),
        ("personas: [{description: nameless}]\n", "personas[0].name: required, but missing"),
        ("journeys: [{name: J, stages: [plain]}]\n", "journeys[0].stages[0]: expected a mapping"),
    ],
)
def test_malformed_documents(memory_db: Engine, text: str, message: str) -> None:
    assert message in refused(memory_db, text)


def fresh() -> Engine:
    engine = make_engine("sqlite://")
    create_schema(engine)
    return engine


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
        ("journeys: [{name: A, stages: [{name: X}, {name: X}]}]", "stage 'X' is listed twice"),
        ("journeys: [{name: A, state: someday}]", "state: expected 'current' or 'future'"),
        ("journeys: [{name: A, stages: [{name: X, target_emotion: 2}]}]", "between -1 and 1"),
        (
            "journeys: [{name: F, state: future, current_state: Nope}]",
            "'Nope', which is not defined",
        ),
        ("journeys: [{stages: []}]", "journeys[0].name: required, but missing"),
        ("personas: [{name: P}\njourneys: [", "defs.yaml, line 2, column 1: not valid YAML"),
        ("just text", "expected a mapping"),
    ],
)
def test_invalid_files_say_where(text: str, message: str) -> None:
    engine = fresh()
    with pytest.raises(DefinitionsError, match=message.replace("[", r"\[").replace("]", r"\]")):
        import_definitions(engine=engine, text=text, source="defs.yaml")
    assert export_definitions(engine=engine) == "personas: []\njourneys: []\n"
