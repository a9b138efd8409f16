"""Editing journeys, stages, touchpoints, targets, personas and notes: every rule, exactly."""

import math
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey import cli
from journey.analysis.kpis import stage_kpis
from journey.catalog.definitions import export_definitions, import_definitions
from journey.catalog.definitions_file import check_definitions, import_definitions_file
from journey.catalog.future_state import (
    StageTarget,
    create_future_state,
    link_future_state,
    set_targets,
)
from journey.catalog.journeys import create_journey, delete_journey, update_journey
from journey.catalog.notes import add_note, delete_note, update_note
from journey.catalog.personas import create_persona, delete_persona, update_persona
from journey.catalog.rules import EditError, clean_name
from journey.catalog.stages import add_stage, delete_stage, move_stage, reorder_stages, update_stage
from journey.catalog.touchpoints import add_touchpoint, delete_touchpoint, update_touchpoint
from journey.demo.definitions import demo_definitions
from journey.ingest.mapping import load_mapping
from journey.store.db import create_schema, make_engine, revision
from journey.store.models import (
    Journey,
    Note,
    Outcome,
    Persona,
    Response,
    SavedMapping,
    Stage,
    SurveyImport,
    Touchpoint,
)
from journey.store.queries import (
    future_targets,
    note_table,
    persona_table,
    response_counts,
    stage_table,
    touchpoint_table,
)
from tests.conftest import SMALL_DEFINITIONS
from tests.factories import Answer, count_rows, save_mapping, saved_mappings, store_responses

WIDE_MAPPING = """\
format: wide
respondent_id: id
persona: type
persona_names: {biz: Business traveller, fam: Family}
ratings:
- {column: q1, stage: Booking, touchpoint: Website, scale: '1:5'}
- {column: q2, stage: booking, touchpoint: App, scale: '1:5'}
- {column: q3, stage: Flight, scale: '1:5'}
expectations:
- {column: q4, stage: Booking}
comments:
- {column: q5, stage: Booking}
"""

TOUCHPOINT_COLUMNS = ["stage", "touchpoint", "channel"]


# --- helpers ----------------------------------------------------------------------------


def journey_id(engine: Engine, name: str = "Air travel") -> int:
    with Session(engine) as session:
        found = session.exec(select(Journey.id).where(col(Journey.name) == name)).one()
    return int(found[0])


def stage_id(engine: Engine, name: str, journey: str = "Air travel") -> int:
    with Session(engine) as session:
        found = session.exec(
            select(Stage.id)
            .join(Journey, col(Journey.id) == col(Stage.journey_id))
            .where(col(Journey.name) == journey, col(Stage.name) == name)
        ).one()
    return int(found[0])


def touchpoint_id(engine: Engine, stage: str, name: str) -> int:
    with Session(engine) as session:
        found = session.exec(
            select(Touchpoint.id).where(
                col(Touchpoint.stage_id) == stage_id(engine, stage), col(Touchpoint.name) == name
            )
        ).one()
    return int(found[0])


def persona_id(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        found = session.exec(select(Persona.id).where(col(Persona.name) == name)).one()
    return int(found[0])


def stage_order(engine: Engine, journey: str = "Air travel") -> list[tuple[str, int]]:
    frame = stage_table(engine=engine, journey_id=journey_id(engine, journey))
    return list(zip(frame["stage"], frame["position"], strict=True))


@pytest.fixture
def measured(air_travel: Engine) -> Engine:
    """Air travel with 7 responses: Booking 4 (Website 2, App 1), Check-in 2, Flight 1."""
    store_responses(
        air_travel,
        [
            Answer("r1", "Booking", 1.0, touchpoint="Website", expectation="exceeds"),
            Answer("r2", "Booking", -1.0, touchpoint="Website", expectation="below"),
            Answer("r1", "Booking", 0.5, touchpoint="App"),
            Answer("r3", "Booking", 0.0, persona="Family"),
            Answer("r1", "Check-in", 0.5),
            Answer("r2", "Check-in", -0.5, persona="Family"),
            Answer("r3", "Flight", 1.0, persona="Family"),
        ],
        outcomes={"r1": 9, "r2": 3},
    )
    return air_travel


# --- validation -------------------------------------------------------------------------


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


# --- journeys ---------------------------------------------------------------------------


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


# --- stages -----------------------------------------------------------------------------


def test_add_stage_at_the_end_or_before_another(air_travel: Engine) -> None:
    air = journey_id(air_travel)
    add_stage(engine=air_travel, journey_id=air, name="Baggage claim", goal=" Fast ")
    add_stage(engine=air_travel, journey_id=air, name="Inspiration", position=0)
    assert stage_order(air_travel) == [
        ("Inspiration", 0), ("Booking", 1), ("Check-in", 2), ("Security", 3), ("Flight", 4),
        ("Baggage claim", 5),
    ]  # fmt: skip
    goals = dict(
        zip(
            *[stage_table(engine=air_travel, journey_id=air)[c] for c in ("stage", "goal")],
            strict=True,
        )
    )
    assert goals["Baggage claim"] == "Fast"


@pytest.mark.parametrize(
    ("name", "position", "message"),
    [
        ("check-IN", None, "Journey 'Air travel' already has a stage named 'Check-in'"),
        (" ", None, "The stage needs a name"),
        ("Lounge", 5, "A new stage goes at position 1 to 5, not 6"),
        ("Lounge", -1, "A new stage goes at position 1 to 5, not 0"),
    ],
)
def test_add_stage_refusals_change_nothing(
    air_travel: Engine, name: str, position: int | None, message: str
) -> None:
    before = revision(air_travel)
    with pytest.raises(EditError, match=message):
        add_stage(
            engine=air_travel, journey_id=journey_id(air_travel), name=name, position=position
        )
    assert len(stage_order(air_travel)) == 4
    assert revision(air_travel) == before


def test_rename_stage_keeps_its_responses_and_kpis(measured: Engine) -> None:
    check_in = stage_id(measured, "Check-in")
    result = update_stage(engine=measured, stage_id=check_in, name=" Check in ")
    assert result.summary == "Renamed stage 'Check-in' to 'Check in' (2 responses stay attached)."
    assert stage_id(measured, "Check in") == check_in
    assert count_rows(measured, Response, col(Response.stage_id) == check_in) == 2
    kpis = stage_kpis(engine=measured, journey_id=journey_id(measured)).set_index("stage")
    assert kpis.loc["Check in", "n"] == 2
    assert kpis.loc["Check in", "mean_emotion"] == pytest.approx(0.0)
    assert list(kpis.index) == ["Booking", "Check in", "Security", "Flight"]


def test_rename_stage_to_a_taken_name_is_refused_but_case_changes_are_fine(
    air_travel: Engine,
) -> None:
    booking = stage_id(air_travel, "Booking")
    with pytest.raises(EditError, match="already has a stage named 'Flight'"):
        update_stage(engine=air_travel, stage_id=booking, name="flight")
    result = update_stage(engine=air_travel, stage_id=booking, name="BOOKING")
    assert result.summary == "Renamed stage 'Booking' to 'BOOKING'."
    result = update_stage(engine=air_travel, stage_id=booking, goal="Book in 2 minutes")
    assert result.summary == "Saved stage 'BOOKING'."
    assert (
        stage_table(engine=air_travel, journey_id=journey_id(air_travel))["goal"][0]
        == "Book in 2 minutes"
    )


def test_rename_stage_follows_into_saved_mappings_and_the_future_state(measured: Engine) -> None:
    save_mapping(measured, WIDE_MAPPING)
    create_future_state(engine=measured, current_id=journey_id(measured),
                                name="Air travel (future state)")  # fmt: skip
    result = update_stage(
        engine=measured, stage_id=stage_id(measured, "Booking"), name="Reservation"
    )
    assert result.summary == (
        "Renamed stage 'Booking' to 'Reservation' (4 responses stay attached); renamed in its "
        "future state 'Air travel (future state)' too; 1 saved mapping updated."
    )
    mapping = load_mapping(saved_mappings(measured)[0])
    assert [(r.stage, r.touchpoint) for r in mapping.ratings] == [
        ("Reservation", "Website"), ("Reservation", "App"), ("Flight", None),
    ]  # fmt: skip
    assert [e.stage for e in mapping.expectations] == ["Reservation"]
    assert [c.stage for c in mapping.comments] == ["Reservation"]
    future = stage_table(
        engine=measured, journey_id=journey_id(measured, "Air travel (future state)")
    )
    assert list(future["stage"]) == ["Reservation", "Check-in", "Security", "Flight"]


def test_reorder_is_a_change_of_positions(measured: Engine) -> None:
    air = journey_id(measured)
    ids = {name: stage_id(measured, name) for name in ("Booking", "Check-in", "Security", "Flight")}
    result = move_stage(engine=measured, stage_id=ids["Flight"], position=1)
    assert result.summary == (
        "New stage order of 'Air travel': Booking → Flight → Check-in → Security."
    )
    assert stage_order(measured) == [
        ("Booking", 0),
        ("Flight", 1),
        ("Check-in", 2),
        ("Security", 3),
    ]
    order = [ids["Security"], ids["Check-in"], ids["Booking"], ids["Flight"]]
    reorder_stages(engine=measured, journey_id=air, stage_ids=order)
    assert [s for s, _ in stage_order(measured)] == ["Security", "Check-in", "Booking", "Flight"]
    assert list(stage_kpis(engine=measured, journey_id=air)["stage"]) == [
        "Security",
        "Check-in",
        "Booking",
        "Flight",
    ]
    assert count_rows(measured, Response) == 7


@pytest.mark.parametrize("wrong", [[], [1, 2, 3], [1, 1, 2, 3], [1, 2, 3, 99]])
def test_reorder_must_list_every_stage_once(air_travel: Engine, wrong: list[int]) -> None:
    with pytest.raises(EditError, match="must list each of its 4 stages once"):
        reorder_stages(engine=air_travel, journey_id=journey_id(air_travel), stage_ids=wrong)


def test_move_stage_outside_the_journey_is_refused(air_travel: Engine) -> None:
    with pytest.raises(EditError, match="Stage positions go from 1 to 4, not 5"):
        move_stage(engine=air_travel, stage_id=stage_id(air_travel, "Booking"), position=4)


def test_delete_stage_takes_its_responses_touchpoints_and_notes(measured: Engine) -> None:
    air, booking = journey_id(measured), stage_id(measured, "Booking")
    add_note(engine=measured, journey_id=air, stage_id=booking, kind="pain point",
                     text="Too many steps", author="Ana")  # fmt: skip
    add_note(engine=measured, journey_id=air, stage_id=None, kind="insight",
                     text="Whole journey", author="Ana")  # fmt: skip
    result = delete_stage(engine=measured, stage_id=booking, confirmed_responses=4)
    assert result.summary == "Deleted stage 'Booking' with 4 responses and 1 note."
    assert result.responses == 4
    assert count_rows(measured, Response) == 3
    assert count_rows(measured, Response, col(Response.stage_id) == booking) == 0
    assert count_rows(measured, Touchpoint) == 0
    assert list(note_table(engine=measured, journey_id=air)["text"]) == ["Whole journey"]
    assert stage_order(measured) == [("Check-in", 0), ("Security", 1), ("Flight", 2)]
    assert count_rows(measured, SurveyImport) == 1  # the import stays with its other rows


def test_delete_stage_checks_the_confirmed_count(measured: Engine) -> None:
    booking = stage_id(measured, "Booking")
    before = revision(measured)
    with pytest.raises(EditError, match="Stage 'Booking' now has 4 responses, not the 3 you"):
        delete_stage(engine=measured, stage_id=booking, confirmed_responses=3)
    assert count_rows(measured, Response) == 7
    assert revision(measured) == before
    delete_stage(engine=measured, stage_id=stage_id(measured, "Security"),
                         confirmed_responses=0)  # fmt: skip
    assert [s for s, _ in stage_order(measured)] == ["Booking", "Check-in", "Flight"]


# --- touchpoints ------------------------------------------------------------------------


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


# --- future state -----------------------------------------------------------------------


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


# --- personas ---------------------------------------------------------------------------


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


# --- notes ------------------------------------------------------------------------------


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


# --- every write is one transaction that moves the revision ----------------------------


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


# --- definitions: round trip and uploads ------------------------------------------------


def fresh_engine(tmp_path: Path, name: str) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    create_schema(engine)
    return engine


def round_trip(engine: Engine, tmp_path: Path) -> tuple[str, str]:
    """Export, import into an empty database, export again."""
    first = export_definitions(engine=engine)
    empty = fresh_engine(tmp_path, "empty.db")
    import_definitions(engine=empty, text=first)
    return first, export_definitions(engine=empty)


def test_definitions_round_trip_the_demo_exactly(tmp_path: Path) -> None:
    demo = fresh_engine(tmp_path, "demo.db")
    import_definitions(engine=demo, text=demo_definitions())
    first, second = round_trip(demo, tmp_path)
    assert first == second
    assert "current_state: First purchase" in first


def test_definitions_round_trip_after_edits(air_travel: Engine, tmp_path: Path) -> None:
    air = journey_id(air_travel)
    add_stage(engine=air_travel, journey_id=air, name="Inspiration", position=0,
                      goal='Dream: "somewhere" — ☀️ #1')  # fmt: skip
    move_stage(engine=air_travel, stage_id=stage_id(air_travel, "Flight"), position=1)
    update_stage(engine=air_travel, stage_id=stage_id(air_travel, "Security"),
                         name="yes")  # a YAML boolean, unless quoted  # fmt: skip
    add_touchpoint(engine=air_travel, stage_id=stage_id(air_travel, "yes"), name="123",
                           channel="in person")  # fmt: skip
    website = touchpoint_id(air_travel, "Booking", "Website")
    delete_touchpoint(engine=air_travel, touchpoint_id=website, confirmed_responses=0)
    create_persona(engine=air_travel, name="null", description="Multi\nline: yes",
                           pain_points="  ")  # fmt: skip
    update_journey(engine=air_travel, journey_id=air, description="- not a list")
    future = create_future_state(engine=air_travel, current_id=air, name="Air: 2027")
    set_targets(engine=air_travel, journey_id=future, targets={
        stage_id(air_travel, "Flight", "Air: 2027"): StageTarget(0.1 + 0.2, 0.75),
    })  # fmt: skip
    first, second = round_trip(air_travel, tmp_path)
    assert first == second
    document = yaml.safe_load(first)
    stages = document["journeys"][0]["stages"]
    assert [s["name"] for s in stages] == ["Inspiration", "Flight", "Booking", "Check-in", "yes"]
    assert stages[4]["touchpoints"] == [{"name": "123", "channel": "in person"}]
    assert document["journeys"][1]["current_state"] == "Air travel"
    assert document["journeys"][1]["stages"][1]["target_emotion"] == 0.1 + 0.2


def test_cli_definitions_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, copy = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    (tmp_path / "start.yaml").write_text(SMALL_DEFINITIONS, encoding="utf-8")
    assert cli.main(["definitions", "import", str(tmp_path / "start.yaml"), "--db", source]) == 0
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    assert cli.main(["definitions", "export", "--out", str(first), "--db", source]) == 0
    assert cli.main(["definitions", "import", str(first), "--db", copy]) == 0
    assert cli.main(["definitions", "export", "--out", str(second), "--db", copy]) == 0
    assert first.read_bytes() == second.read_bytes()
    capsys.readouterr()


def test_import_definitions_file(air_travel: Engine) -> None:
    text = SMALL_DEFINITIONS.replace("- {name: Flight}", "- {name: Flight}\n      - {name: Bags}")
    result = import_definitions_file(
        engine=air_travel, content=("\ufeff" + text).encode("utf-8"), file_name="defs.yaml"
    )
    assert result.summary == (
        "defs.yaml: 2 personas and 1 journey imported (created or updated; nothing deleted)."
    )
    assert [s for s, _ in stage_order(air_travel)][-1] == "Bags"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00bad", "defs.yaml: not UTF-8 text"),
        (b"journeys: [unclosed", "defs.yaml, line 1, column 20: not valid YAML"),
        (b"- just a list", "expected a mapping with 'personas' and/or 'journeys'"),
        (b"journeys: 5", "defs.yaml: journeys must be a list"),
        (b"journeys: [{name: X, stages: {a: 1}}]", r"journeys\[0\].stages must be a list"),
        (b"journeys: [{name: air TRAVEL}]", "journey 'air TRAVEL' differs from 'Air travel' only"),
        (b"personas: [{name: FAMILY}]", "persona 'FAMILY' differs from 'Family' only in case"),
        (b"journeys: [{name: Air travel, stages: [{name: booking}]}]", "stage 'booking' differs"),
        (b"journeys: [{name: New, stages: [{name: A}, {name: a}]}]", "stage 'a' differs from 'A'"),
        (
            b"journeys: [{name: Air travel, stages: [{name: Booking, "
            b"touchpoints: [{name: app}]}]}]",
            "touchpoint 'app' differs from 'App' only in case",
        ),
        (b"journeys: [{name: X, state: past}]", "state must be 'current' or 'future'"),
        (b"journeys: [{name: X, stages: [{name: A, target_emotion: 3}]}]", "between -1 and 1"),
    ],
)
def test_bad_definitions_files_are_refused_whole(
    air_travel: Engine, content: bytes, message: str
) -> None:
    before = export_definitions(engine=air_travel)
    with pytest.raises(EditError, match=message):
        import_definitions_file(engine=air_travel, content=content, file_name="defs.yaml")
    assert export_definitions(engine=air_travel) == before


def test_check_definitions_accepts_the_export_itself_and_writes_nothing(
    air_travel: Engine,
) -> None:
    before = revision(air_travel)
    check_definitions(
        engine=air_travel, text=export_definitions(engine=air_travel), source="export"
    )
    assert revision(air_travel) == before
