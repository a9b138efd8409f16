"""The long format's rules, row by row (DESIGN.md section 3), on both engines."""

import io

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.ingest.importer import ImportReport, import_responses
from journey.ingest.scales import parse_scale
from journey.store.models import Persona, Response

HEADER = (
    " Respondent ID ,PERSONA,Stage,touchpoint,Emotion,expectation,comment,responded_at,Region\n"
)


def load(engine: Engine, rows: str, **options: object) -> ImportReport:
    return import_responses(
        engine=engine,
        stream=io.BytesIO((HEADER + rows).encode()),
        file_name="w1.csv",
        journey_name="air TRAVEL",
        **options,
    )


def stored(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        query = (
            select(
                Response.respondent_id,
                Persona.name,
                Response.stage_id,
                Response.touchpoint_id,
                Response.channel,
                Response.raw_value,
                Response.emotion,
                Response.expectation,
                Response.comment,
                Response.responded_at,
                Response.attributes,
            )
            .join(Persona, Persona.id == Response.persona_id)
            .order_by(Response.id)
        )
        return [tuple(row) for row in session.execute(query).all()]


def test_every_reason_a_row_is_rejected(air_travel: Engine) -> None:
    report = load(
        air_travel,
        "".join(
            [
                "r1,Family,booking ,website,5,Exceeded,great,2026-01-02,North\n",  # 2 kept
                ",Family,Booking,,3,,,,\n",  # 3 missing id
                "r2,Family,Lounge,,3,,,,\n",  # 4 unknown stage
                "r2,Family,Booking,Kiosk,3,,,,\n",  # 5 unknown touchpoint
                "r2,Family,Booking,,three,,,,\n",  # 6 not a number
                "r2,Family,Booking,,6,,,,\n",  # 7 outside the scale
                "r2,Family,Booking,,4,sort of,,,\n",  # 8 unknown expectation
                "r2,Family,Booking,,,,,,\n",  # 9 neither emotion nor expectation
                "r2,Family,Check-in,,,Did not meet,,,\n",  # 10 kept: expectation without emotion
                "r2,Family,Flight,,2,,,31/31/2026,\n",  # 11 kept, its date left empty
                "r1,Family,Booking,Website,4,,,,\n",  # 12 duplicate of line 2
                "r3,Family,Flight,,3,,,,,extra\n",  # 13 too many fields
            ]
        ),
    )
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (12, 3, 9)
    assert report.dates_unread == 1
    assert [(d.line, d.column, d.text) for d in report.unread_dates] == [
        (11, "responded_at", "31/31/2026")
    ]
    reasons = [(r.line, r.column, r.reason.split(" (")[0]) for r in report.rejects.preview]
    assert reasons == [
        (3, "Respondent ID", "missing respondent id"),
        (4, "Stage", "unknown stage 'Lounge'"),
        (5, "touchpoint", "unknown touchpoint 'Kiosk' in stage 'Booking'"),
        (6, "Emotion", "not a number or a known label: 'three'"),
        (7, "Emotion", "value 6 outside the scale 1:5"),
        (8, "expectation", "unknown expectation label: 'sort of'"),
        (9, "Emotion", "empty: neither an emotion nor an expectation"),
        (12, "Emotion", "duplicate of line 2 in this file"),
        (13, "", "row has 10 fields, the header has 9"),
    ]
    assert report.rejects.reasons["unknown stage …"] == 1
    assert report.rejects.reasons["duplicate of line N in this file"] == 1
    first, second, third = stored(air_travel)
    assert third[0] == "r2" and third[5:] == (2.0, -0.5, None, None, None, None)
    assert first[0:2] == ("r1", "Family") and first[4:] == (
        "web",
        5.0,
        1.0,
        "exceeds",
        "great",
        first[9],
        {"Region": "North"},
    )
    assert str(first[9]) == "2026-01-02"
    assert second[5:8] == (None, None, "below")


def test_personas_are_matched_created_and_named(air_travel: Engine) -> None:
    report = load(
        air_travel,
        "r1,family,Booking,,4,,,,\nr2,Night owl,Booking,,4,,,,\n"
        "r3,,Booking,,4,,,,\nr4,NIGHT OWL,Check-in,,4,,,,\n",
    )
    assert report.new_personas == ["Night owl", "Unspecified"]
    assert [row[1] for row in stored(air_travel)] == [
        "Family",
        "Night owl",
        "Unspecified",
        "Night owl",
    ]


def test_numbers_labels_and_scales(air_travel: Engine) -> None:
    report = load(
        air_travel,
        'r1,Family,Booking,,3.5,,,,\nr2,Family,Booking,,"3,5",,,,\n'
        "r3,Family,Booking,,  Very SATISFIED ,,,,\n",
    )
    assert report.rows_kept == 3
    assert [row[6] for row in stored(air_travel)] == pytest.approx([0.25, 0.25, 1.0])
    bipolar = import_responses(
        engine=air_travel,
        stream=io.BytesIO(
            (
                HEADER + "r4,Family,Flight,,-3,,,,\nr5,Family,Flight,,1.5,,,,\n"
                "r6,Family,Flight,,4,,,,\n"
            ).encode()
        ),
        file_name="bipolar.csv",
        journey_name="Air travel",
        scale=parse_scale("-3:3"),
    )
    assert (bipolar.rows_kept, bipolar.rows_rejected) == (2, 1)
    assert [row[6] for row in stored(air_travel)][3:] == pytest.approx([-1.0, 0.5])
    assert bipolar.rejects.preview[0].reason == "value 4 outside the scale -3:3"


def test_stored_duplicates_in_the_same_wave_only(air_travel: Engine) -> None:
    load(air_travel, "r1,Family,Booking,,4,,,,\n", wave="W1")
    again = import_responses(
        engine=air_travel,
        stream=io.BytesIO(
            (HEADER + "r1,Family,Booking,,5,,,,\nr2,Family,Booking,,5,,,,\n").encode()
        ),
        file_name="other.csv",
        journey_name="Air travel",
        wave="W1",
    )
    assert (again.rows_kept, again.rows_rejected) == (1, 1)
    assert again.rejects.preview[0].reason.startswith(
        "duplicate of a stored response (import #1, line 2"
    )
    next_wave = load(air_travel, "r1,Family,Booking,,4,,,,\n", wave="W2")
    assert next_wave.rows_kept == 1 and not next_wave.already_imported
    same = load(air_travel, "r1,Family,Booking,,4,,,,\n", wave="W2")
    assert same.already_imported and "already imported" in same.summary()


def test_a_dry_run_validates_against_stored_data_and_writes_nothing(air_travel: Engine) -> None:
    load(air_travel, "r1,Family,Booking,,4,,,,\n", wave="W1")
    check = import_responses(
        engine=air_travel,
        stream=io.BytesIO(
            (HEADER + "r1,Family,Booking,,5,,,,\nr2,New persona,Booking,,5,,,,\n").encode()
        ),
        file_name="other.csv",
        journey_name="Air travel",
        wave="W1",
        dry_run=True,
    )
    assert (check.rows_kept, check.rows_rejected, check.new_personas) == (1, 1, ["New persona"])
    assert "would be kept 1" in check.summary()
    assert len(stored(air_travel)) == 1
    with Session(air_travel) as session:
        assert session.execute(select(Persona).where(Persona.name == "New persona")).first() is None


def test_a_bad_expectation_rejects_only_the_response_that_carries_it(air_travel: Engine) -> None:
    from journey.ingest.mapping import load_mapping

    mapping = load_mapping(
        "respondent_id: id\n"
        "ratings: [{column: web, stage: Booking, touchpoint: Website},\n"
        "  {column: app, stage: Booking, touchpoint: App}, {column: checkin, stage: Check-in}]\n"
        "expectations: [{column: booking_exp, stage: Booking},\n"
        "  {column: checkin_exp, stage: Check-in}]\n"
    )
    data = (
        b"id,web,app,booking_exp,checkin,checkin_exp\nr1,4,5,Sort of,3,Not sure\nr2,4,2,Met,,Met\n"
    )
    report = import_responses(
        engine=air_travel,
        stream=io.BytesIO(data),
        file_name="w.csv",
        journey_name="Air travel",
        mapping=mapping,
    )
    # r1: both Booking touchpoint ratings kept, Booking's stage-level expectation rejected;
    # Check-in's rating carries its expectation, so the two go together.
    reasons = [(r.line, r.column) for r in report.rejects.preview]
    assert reasons == [(2, "booking_exp"), (2, "checkin_exp")]
    # r1: 4 responses (2 kept); r2: two ratings, Booking's stage-level expectation, and
    # Check-in's expectation on its (empty) rating: 4 kept.
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (8, 6, 2)
