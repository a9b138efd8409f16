"""Adding, renaming, reordering and deleting stages: every rule, exactly."""

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.analysis.kpis import stage_kpis
from journey.catalog.future_state import (
    create_future_state,
)
from journey.catalog.notes import add_note
from journey.catalog.rules import EditError
from journey.catalog.stages import add_stage, delete_stage, move_stage, reorder_stages, update_stage
from journey.ingest.mapping import load_mapping
from journey.store.db import revision
from journey.store.models import (
    Response,
    SurveyImport,
    Touchpoint,
)
from journey.store.queries import (
    note_table,
    stage_table,
)
from tests.factories import (
    WIDE_MAPPING,
    count_rows,
    journey_id,
    save_mapping,
    saved_mappings,
    stage_id,
    stage_order,
)


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
