"""Real-looking exports, from the file to the suggested mapping to the import (issue 13).

Each test names the item of the issue it reproduces; the fixtures are in tests/exports.py.
"""

import io
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.catalog.definitions import import_definitions
from journey.errors import JourneyError
from journey.ingest.importer import ImportReport, import_responses, saved_mapping
from journey.ingest.mapping import Mapping, MappingError, NewTouchpoint, load_mapping
from journey.ingest.plans import (
    ColumnPlan,
    PlanError,
    ignore_undecided,
    mapping_from_plans,
    plan_problems,
    set_scale,
    touchpoint_offers,
)
from journey.ingest.reading import Peek, open_table, peek_table
from journey.ingest.suggest import suggest_outcome_labels, suggest_plans, text_answers
from journey.store.db import make_engine
from journey.store.models import Response, Stage, Touchpoint
from tests import exports

FIRST_PURCHASE = [(stage, []) for stage in exports.FIRST_PURCHASE_STAGES]
Stages = Sequence[tuple[str, Sequence[str]]]


def peek(data: bytes, name: str = "export.csv") -> Peek:
    return peek_table(io.BytesIO(data), name)


def plans_of(found: Peek, stages: Stages, personas: Sequence[str] = ()) -> list[ColumnPlan]:
    return suggest_plans(found.header, found.descriptions, found.evidence, stages, personas)


def by_column(plans: list[ColumnPlan]) -> dict[str, ColumnPlan]:
    return {plan.column: plan for plan in plans}


def stages_of(definitions: str) -> list[tuple[str, list[str]]]:
    return [(s["name"], []) for s in yaml.safe_load(definitions)["journeys"][0]["stages"]]


@pytest.fixture
def demo_copy_engine(demo_copy: Path) -> Iterator[Engine]:
    """The demo database ('First purchase' and its personas), a copy of the test's own."""
    engine = make_engine(f"sqlite:///{demo_copy}")
    yield engine
    engine.dispose()


def load(
    engine: Engine, data: bytes, mapping: Mapping, journey: str, **options: object
) -> ImportReport:
    return import_responses(
        engine=engine,
        stream=io.BytesIO(data),
        file_name="export.csv",
        journey_name=journey,
        mapping=mapping,
        **options,  # type: ignore[arg-type]
    )


# Item 1: a blank first header cell (pandas' index) — no crash, and not a rating on 0:199.


def test_an_empty_header_cell_is_named_column_n_and_a_row_number_is_not_a_rating() -> None:
    found = peek(exports.pandas_index_export())
    assert found.header[:2] == ["Column 1", "ResponseId"]
    assert open_table(io.BytesIO(b"a,,c,\n1,2,3,4\n"), "x.csv").header == [
        "a", "Column 2", "c", "Column 4",
    ]  # fmt: skip
    plans = by_column(plans_of(found, FIRST_PURCHASE, exports.DEMO_PERSONAS))
    assert (plans["Column 1"].role, plans["Column 1"].scale) == ("ignore", None)
    assert plans["ResponseId"].role == "respondent id"


# Item 2: the blank-header column left at its suggested role, then Check — no KeyError.


@pytest.mark.parametrize("role", ["ignore", "attribute"])
def test_a_blank_header_column_at_its_suggested_role_checks_and_imports(
    role: str, demo_copy_engine: Engine
) -> None:
    data = exports.pandas_index_export()
    plans = plans_of(peek(data), FIRST_PURCHASE, exports.DEMO_PERSONAS)
    plans = [replace(plan, role=role) if plan.column == "Column 1" else plan for plan in plans]
    mapping = mapping_from_plans(plans)
    check = load(demo_copy_engine, data, mapping, "First purchase", dry_run=True)
    assert (check.rows_read, check.rows_kept, check.rows_rejected) == (250 * 7, 250 * 7, 0)
    report = load(demo_copy_engine, data, mapping, "First purchase", wave="W")
    assert report.rows_kept == 1750


# Item 3 is in test_dates.py; the Google Forms export as a whole:


def test_a_google_forms_export_with_offset_timestamps_imports_with_its_dates(
    demo_copy_engine: Engine,
) -> None:
    data = exports.google_forms_export()
    found = peek(data)
    assert found.layout == "Google Forms"
    plans = by_column(plans_of(found, FIRST_PURCHASE, exports.DEMO_PERSONAS))
    assert plans["Timestamp"].role == "date"
    assert plans["How often do you read your first bill in full?"].scale == "1:5"  # Never…Always
    assert (plans["Would you recommend us to a friend?"].role,
            plans["Would you recommend us to a friend?"].scale) == ("outcome", "0:1")  # fmt: skip
    answers = [
        value
        for plan in plans.values()
        if plan.role == "rating"
        for value in found.column_evidence(plan.column).values()
    ]
    labels, unknown = text_answers(answers, {})
    assert unknown == [] and labels["Always"] == 5 and labels["Strongly agree"] == 5
    mapping = mapping_from_plans(
        list(plans.values()), labels=labels, outcome_labels={"Yes": 1, "No": 0}
    )
    report = load(demo_copy_engine, data, mapping, "First purchase", wave="GF")
    assert (report.rows_read, report.rows_rejected, report.dates_unread) == (150 * 7, 0, 0)
    assert report.outcomes_kept == 150
    with Session(demo_copy_engine) as session:
        first = session.scalars(
            select(col(Response.responded_at))
            .where(col(Response.wave) == "GF")
            .order_by(col(Response.id))
        ).first()
    assert str(first) == "2023-06-04"


# Item 4: SurveyMonkey without `Collector ID`.


def test_surveymonkey_without_collector_id_is_recognised_by_its_second_header_row(
    demo_copy_engine: Engine,
) -> None:
    data = exports.surveymonkey_export()
    found = peek(data)
    assert (found.layout, found.header_rows, found.row_count) == ("SurveyMonkey", 2, 150)
    assert found.header[4:6] == [
        "How satisfied were you with each step? - Discover",
        "How satisfied were you with each step? - Compare plans",
    ]
    assert found.header[3] == "Which describes you best?"  # "Response" is not joined
    assert not [name for name in found.header if name.startswith(("(", " ")) or not name]
    assert [line for line, _ in open_table(io.BytesIO(data), "sm.csv").rows][:2] == [3, 4]
    plans = plans_of(found, FIRST_PURCHASE, exports.DEMO_PERSONAS)
    assert plan_problems(plans) == []
    report = load(demo_copy_engine, data, mapping_from_plans(plans), "First purchase", wave="SM")
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (1050, 1050, 0)
    assert report.outcomes_kept == 150


def test_a_plain_wide_file_whose_first_answer_lacks_an_id_is_not_taken_for_surveymonkey() -> None:
    data = b"Respondent ID,Q1,Q2\n,4,5\nR2,3,4\n"
    assert peek(data).layout == "wide" and peek(data).row_count == 2


# Item 6: evidence from every row, not the first 200.


def test_not_applicable_zeros_after_row_200_are_offered_on_every_airline_rating() -> None:
    found = peek(exports.airline_export())
    plans = by_column(plans_of(found, stages_of(exports.AIRLINE_DEFINITIONS)))
    late = [name for name in exports.AIRLINE_RATINGS if name not in exports.AIRLINE_EARLY_ZEROS]
    first_200 = exports.airline_rows(200)
    index = exports.AIRLINE_HEADER.index(late[0])
    assert "0" not in {row[index] for row in first_200}  # the fixture hides them that long
    assert {
        name: (plans[name].scale, plans[name].na) for name in exports.AIRLINE_RATINGS
    } == dict.fromkeys(exports.AIRLINE_RATINGS, ("1:5", "0"))


def test_a_rare_answer_first_given_at_line_308_is_numbered() -> None:
    found = peek(exports.delivery_export())
    column = "How do you feel about our app?"
    evidence = found.column_evidence(column)
    assert evidence.first_seen("Very unfavorably") == exports.RARE_ANSWER_LINE == 308
    known, unknown = text_answers(evidence.values(), {})
    assert known["Very unfavorably"] == 1 and unknown == []


def test_rejects_outside_the_scale_count_together_under_their_scale(air_travel: Engine) -> None:
    mapping = load_mapping(
        "ratings: [{column: A, stage: Booking, scale: '1:5'}, "
        "{column: B, stage: Flight, scale: '0:10'}]"
    )
    report = load(air_travel, b"A,B\n0,11\n7,12\n3,4\n", mapping, "Air travel")
    assert dict(report.rejects.reasons) == {
        "value outside the scale 1:5": 2,
        "value outside the scale 0:10": 2,
    }


# Item 7: suggestions a user would have to undo.


def test_numbers_that_are_not_a_rating_scale_are_attributes() -> None:
    airline = by_column(plans_of(peek(exports.airline_export()), []))
    delivery = by_column(plans_of(peek(exports.delivery_export()), []))
    numeric = {
        "Age": airline, "Flight Distance": airline, "Departure Delay in Minutes": airline,
        "Arrival Delay in Minutes": airline, "Family size": delivery, "latitude": delivery,
        "longitude": delivery, "Pin code": delivery,
    }  # fmt: skip
    assert {name: plans[name].role for name, plans in numeric.items()} == dict.fromkeys(
        numeric, "attribute"
    )


def test_the_outcome_and_the_persona_are_suggested_from_names_and_answers() -> None:
    airline = by_column(plans_of(peek(exports.airline_export()), []))
    assert airline["satisfaction"].role == "outcome"
    assert suggest_outcome_labels(["satisfied", "neutral or dissatisfied", "satisfied"]) == {
        "satisfied": 1.0,
        "neutral or dissatisfied": 0.0,
    }
    assert (airline["Customer Type"].role, airline["Type of Travel"].role) == ("persona",) * 2
    delivery = by_column(plans_of(peek(exports.delivery_export()), []))
    frequency = delivery["Personalized_Recommendation_Frequency"]
    assert (frequency.role, frequency.scale) == ("rating", "1:5")  # not the persona
    assert delivery["Reorder"].scale == "0:1"  # yes / no is a scale


def test_stages_are_matched_as_people_write_them() -> None:
    airline = by_column(
        plans_of(peek(exports.airline_export()), stages_of(exports.AIRLINE_DEFINITIONS))
    )
    assert airline["Checkin service"].stage == "Check-in"
    assert airline["Ease of Online booking"].stage == "Booking"
    delivery = by_column(
        plans_of(peek(exports.delivery_export()), stages_of(exports.DELIVERY_DEFINITIONS))
    )
    assert delivery["Wrong order delivered"].stage == "Delivery"
    assert delivery["Easy Payment option"].stage == "Payment"


def test_every_undecided_column_is_listed_at_once_and_can_be_settled_in_bulk() -> None:
    plans = plans_of(peek(exports.airline_export()), stages_of(exports.AIRLINE_DEFINITIONS))
    problems = plan_problems(plans)
    undecided = [column for problem in problems for column in problem.columns]
    assert len(undecided) == 12 and "Gate location" in undecided and "Cleanliness" in undecided
    with pytest.raises(PlanError) as refused:
        mapping_from_plans(plans)
    assert len(refused.value.problems) == len(problems)
    assert "'Gate location': choose its stage" in str(refused.value)
    settled = ignore_undecided(plans)
    assert plan_problems(settled) == []
    mapping = mapping_from_plans(settled)
    assert [r.column for r in mapping.ratings] == ["Ease of Online booking", "Checkin service"]
    rescaled = set_scale(plans, ["Gate location", "Cleanliness"], "0:5")
    assert {p.column: p.scale for p in rescaled if p.scale == "0:5"} == {
        "Gate location": "0:5",
        "Cleanliness": "0:5",
    }


# Item 8: two rating columns on one stage become a touchpoint each, created with the import.


def flight_plans() -> list[ColumnPlan]:
    """The airline suggestions with the 'Inflight…' columns put on the Flight stage, the
    columns without a stage and the second one on Boarding ignored."""
    plans = plans_of(peek(exports.airline_export()), stages_of(exports.AIRLINE_DEFINITIONS))
    plans = [replace(p, stage="Flight") if p.column.startswith("Inflight") else p for p in plans]
    return [
        replace(p, role="ignore")
        if p.role == "rating" and (not p.stage or p.column == "On-board service")
        else p
        for p in plans
    ]


@pytest.fixture
def airline_db(engine: Engine) -> Engine:
    import_definitions(engine=engine, text=exports.AIRLINE_DEFINITIONS)
    return engine


def touchpoints(engine: Engine) -> list[tuple[str, str, int]]:
    with Session(engine) as session:
        rows = session.execute(
            select(Stage.name, Touchpoint.name, Touchpoint.position)
            .join(Stage, col(Stage.id) == col(Touchpoint.stage_id))
            .order_by(col(Touchpoint.id))
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_two_ratings_on_one_stage_get_a_touchpoint_each_created_with_the_import(
    airline_db: Engine,
) -> None:
    plans = flight_plans()
    assert any("rate the same stage 'Flight'" in str(p) for p in plan_problems(plans))
    offers = touchpoint_offers(plans, stages_of(exports.AIRLINE_DEFINITIONS))
    assert [(o.column, o.stage, o.name) for o in offers] == [
        ("Inflight wifi service", "Flight", "Inflight wifi service"),
        ("Inflight entertainment", "Flight", "Inflight entertainment"),
        ("Inflight service", "Flight", "Inflight service"),
    ]
    offers[2] = replace(offers[2], name="Cabin crew")  # as the user edited it
    mapping = mapping_from_plans(plans, new_touchpoints=offers)
    assert [r.touchpoint for r in mapping.ratings if r.stage == "Flight"] == [
        "Inflight wifi service", "Inflight entertainment", "Cabin crew",
    ]  # fmt: skip
    assert load_mapping(mapping.to_yaml()) == mapping
    data = exports.airline_export()

    check = load(airline_db, data, mapping, "Air travel", dry_run=True)
    assert check.new_touchpoints == [
        "Flight › Inflight wifi service", "Flight › Inflight entertainment", "Flight › Cabin crew",
    ]  # fmt: skip
    assert touchpoints(airline_db) == []  # a check creates nothing

    report = load(airline_db, data, mapping, "Air travel", wave="2023-06")
    assert (
        report.rows_rejected == 0 and "new touchpoints: Flight › Inflight wifi" in report.summary()
    )
    assert touchpoints(airline_db) == [
        ("Flight", "Inflight wifi service", 0),
        ("Flight", "Inflight entertainment", 1),
        ("Flight", "Cabin crew", 2),
    ]
    with Session(airline_db) as session:
        rated = (
            session.execute(
                select(Touchpoint.name).join(
                    Response, col(Response.touchpoint_id) == col(Touchpoint.id)
                )
            )
            .scalars()
            .all()
        )
    assert set(rated) == {"Inflight wifi service", "Inflight entertainment", "Cabin crew"}
    remembered = saved_mapping(
        engine=airline_db,
        journey_name="Air travel",
        header=open_table(io.BytesIO(data), "x").header,
    )
    assert remembered is not None and remembered.new_touchpoints == ()  # they exist now
    again = load(airline_db, data, mapping, "Air travel", wave="2023-07")
    assert again.new_touchpoints == [] and len(touchpoints(airline_db)) == 3


def test_a_refused_import_leaves_no_touchpoint_behind(airline_db: Engine) -> None:
    plans = flight_plans()
    offers = touchpoint_offers(plans, stages_of(exports.AIRLINE_DEFINITIONS))
    mapping = mapping_from_plans(plans, new_touchpoints=offers)
    header_only = exports.airline_export().split(b"\r\n", 1)[0] + b"\r\n"
    with pytest.raises(JourneyError, match="no data rows"):
        load(airline_db, header_only, mapping, "Air travel")
    assert touchpoints(airline_db) == []
    bad = replace(
        mapping, new_touchpoints=(*mapping.new_touchpoints, NewTouchpoint("Lounge", "Bar"))
    )
    with pytest.raises(MappingError, match="unknown stage 'Lounge'"):
        load(airline_db, exports.airline_export(), bad, "Air travel")
    assert touchpoints(airline_db) == []
