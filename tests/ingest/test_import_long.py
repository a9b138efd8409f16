"""Importing long CSV files: what is kept, what is rejected and why (DESIGN.md sections 1, 3)."""

import csv
import hashlib
import io
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from journey.errors import FileRefused
from journey.ingest import long_format
from journey.ingest.importer import ImportReport, import_responses
from journey.ingest.scales import DEFAULT_SCALE, Scale, parse_scale
from journey.store.db import revision
from journey.store.lookups import UnknownJourney
from journey.store.models import Persona, Response, Stage, SurveyImport, Touchpoint

HEADER = "respondent_id,persona,stage,touchpoint,emotion,expectation,comment\n"


def load(
    engine: Engine,
    text: str,
    *,
    file_name: str = "w1.csv",
    wave: str | None = "W1",
    scale: Scale = DEFAULT_SCALE,
    journey: str = "Air travel",
) -> ImportReport:
    """Import CSV text (header included) into a journey."""
    return import_responses(
        engine=engine,
        stream=io.BytesIO(text.encode("utf-8")),
        file_name=file_name,
        journey_name=journey,
        wave=wave,
        scale=scale,
    )


def rejects(report: ImportReport) -> list[tuple[int, str, str]]:
    return [(r.line, r.column, r.reason) for r in report.rejects.preview]


def counts(engine: Engine) -> dict[str, int]:
    """Rows in every table, and the change counter."""
    with Session(engine) as session:
        found = {
            table.name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
            for table in SQLModel.metadata.sorted_tables
        }
    return found | {"revision": revision(engine)}


def stored(engine: Engine, *columns: Any) -> list[tuple[Any, ...]]:
    """The given columns of every stored response, in import and line order."""
    with Session(engine) as session:
        query = (
            select(*columns)
            .select_from(Response)
            .join(Persona, Persona.id == Response.persona_id)
            .join(Stage, Stage.id == Response.stage_id)
            .order_by(Response.import_id, Response.source_line)
        )
        return [tuple(row) for row in session.execute(query).all()]


def touchpoint_id(engine: Engine, name: str) -> int:
    with Session(engine) as session:
        found = session.execute(select(Touchpoint.id).where(Touchpoint.name == name)).scalar_one()
    return int(found)


def test_every_reason_a_row_is_rejected_with_its_line_and_column(air_travel: Engine) -> None:
    report = load(
        air_travel,
        HEADER
        + "r1,Family,Booking,Website,5,Exceeded,great\n"  # 2 kept
        + "r2,Family,Lounge,,3,,\n"  # 3 unknown stage
        + "r2,Family,Booking,Kiosk,3,,\n"  # 4 unknown touchpoint
        + "r2,Family,Booking,,three,,\n"  # 5 not a number
        + "r2,Family,Booking,,6,,\n"  # 6 above the scale
        + "r2,Family,Booking,,0,,\n"  # 7 below the scale
        + ",Family,Booking,,3,,\n"  # 8 missing respondent id
        + "  ,Family,Booking,,3,,\n"  # 9 blank respondent id
        + "r2,Family,Booking,,4,Sort of,\n"  # 10 unknown expectation
        + "r2,Family,Check-in,,,,\n"  # 11 neither emotion nor expectation
        + "r2,Family,Security,,,Did not meet,\n"  # 12 kept: expectation only
        + "r2,Family,Flight,3\n"  # 13 too few fields
        + "r3,Family,Flight,,3,,,extra\n"  # 14 too many fields
        + "r1,Family,Booking,Website,4,,\n",  # 15 duplicate of line 2
    )
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (14, 2, 12)
    assert rejects(report) == [
        (3, "stage", "unknown stage 'Lounge' (stages: Booking, Check-in, Security, Flight)"),
        (4, "touchpoint", "unknown touchpoint 'Kiosk' in stage 'Booking'"),
        (5, "emotion", "not a number or a known label: 'three'"),
        (6, "emotion", "value 6 outside the scale 1:5"),
        (7, "emotion", "value 0 outside the scale 1:5"),
        (8, "respondent_id", "missing respondent id"),
        (9, "respondent_id", "missing respondent id"),
        (10, "expectation", "unknown expectation label: 'Sort of'"),
        (11, "emotion", "empty: neither an emotion nor an expectation"),
        (13, "", "row has 4 fields, the header has 7"),
        (14, "", "row has 8 fields, the header has 7"),
        (15, "emotion", "duplicate of line 2 in this file"),
    ]
    assert stored(air_travel, Response.source_line, Response.emotion, Response.expectation) == [
        (2, 1.0, "exceeds"),
        (12, None, "below"),
    ]


def test_a_rejected_row_keeps_its_own_fields(air_travel: Engine) -> None:
    report = load(air_travel, HEADER + "r1,Family,Lounge,,3,Met,so so\n")
    assert report.rejects.preview[0].fields == ("r1", "Family", "Lounge", "", "3", "Met", "so so")


def test_the_first_problem_of_a_row_in_reading_order_is_its_reason(air_travel: Engine) -> None:
    report = load(air_travel, HEADER + ",Family,Lounge,,9,sort of,\nr1,Family,Booking,,9,nope,\n")
    assert [(line, column) for line, column, _ in rejects(report)] == [
        (2, "respondent_id"),
        (3, "emotion"),
    ]


def test_stage_and_touchpoint_names_match_case_insensitively(air_travel: Engine) -> None:
    report = load(
        air_travel,
        HEADER + "r1,Family, BOOKING ,website,4,,\nr2,Family,check-in,,2,,\n",
    )
    assert report.rows_kept == 2
    assert stored(air_travel, Stage.name, Response.touchpoint_id, Response.channel) == [
        ("Booking", touchpoint_id(air_travel, "Website"), "web"),
        ("Check-in", None, None),
    ]


def test_a_touchpoint_of_another_stage_is_unknown(air_travel: Engine) -> None:
    report = load(air_travel, HEADER + "r1,Family,Flight,Website,4,,\n")
    assert rejects(report) == [(2, "touchpoint", "unknown touchpoint 'Website' in stage 'Flight'")]


def test_stored_values_raw_scale_and_normalised(air_travel: Engine) -> None:
    load(
        air_travel,
        HEADER
        + "r1,Family,Booking,,1,,\n"
        + "r2,Family,Booking,,3,Met,\n"
        + "r3,Family,Booking,,5,,\n"
        + 'r4,Family,Booking,,"3,5",,\n'
        + "r5,Family,Booking,, satisfied ,,\n",
    )
    rows = stored(
        air_travel,
        Response.raw_value,
        Response.emotion,
        Response.scale_min,
        Response.scale_max,
        Response.expectation,
    )
    assert rows == [
        (1.0, -1.0, 1.0, 5.0, None),
        (3.0, 0.0, 1.0, 5.0, "meets"),
        (5.0, 1.0, 1.0, 5.0, None),
        (3.5, 0.25, 1.0, 5.0, None),
        (4.0, 0.5, 1.0, 5.0, None),
    ]


def test_a_declared_scale_of_minus_three_to_three(air_travel: Engine) -> None:
    report = load(
        air_travel,
        HEADER
        + "r1,Family,Flight,,-3,,\n"
        + "r2,Family,Flight,,0,,\n"
        + "r3,Family,Flight,,3,,\n"
        + "r4,Family,Flight,,2,,\n"
        + "r5,Family,Flight,,4,,\n"
        + "r6,Family,Flight,,-3.5,,\n",
        scale=parse_scale("-3:3"),
    )
    assert (report.rows_kept, report.rows_rejected) == (4, 2)
    assert [reason for _, _, reason in rejects(report)] == [
        "value 4 outside the scale -3:3",
        "value -3.5 outside the scale -3:3",
    ]
    rows = stored(
        air_travel, Response.raw_value, Response.emotion, Response.scale_min, Response.scale_max
    )
    assert [row[0] for row in rows] == [-3.0, 0.0, 3.0, 2.0]
    assert [row[1] for row in rows] == pytest.approx([-1.0, 0.0, 1.0, 2 / 3], rel=1e-12)
    assert {(row[2], row[3]) for row in rows} == {(-3.0, 3.0)}


def test_values_outside_the_scale_are_rejected_never_clipped(air_travel: Engine) -> None:
    report = load(air_travel, HEADER + "r1,Family,Booking,,5.5,,\nr2,Family,Booking,,10,,\n")
    assert (report.rows_kept, report.rows_rejected) == (0, 2)
    assert counts(air_travel)["response"] == 0


def test_empty_emotion_with_an_expectation_is_kept_as_missing(air_travel: Engine) -> None:
    report = load(air_travel, HEADER + "r1,Family,Booking,,,Exceeded,\nr2,Family,Booking,, ,,\n")
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (2, 1, 1)
    assert rejects(report) == [(3, "emotion", "empty: neither an emotion nor an expectation")]
    assert stored(air_travel, Response.respondent_id, Response.emotion, Response.raw_value) == [
        ("r1", None, None)
    ]


def test_header_matched_case_insensitively_ignoring_surrounding_spaces(air_travel: Engine) -> None:
    text = (
        " Respondent ID ,PERSONA,  Stage,TouchPoint ,EMOTION , Expectation,Comment\n"
        "r1,Family,Booking,App,4,Met,fine\n"
    )
    report = load(air_travel, text)
    assert report.rows_kept == 1
    assert report.layout == "long"
    assert stored(
        air_travel,
        Response.respondent_id,
        Response.touchpoint_id,
        Response.channel,
        Response.emotion,
        Response.expectation,
        Response.comment,
        Response.attributes,
    ) == [("r1", touchpoint_id(air_travel, "App"), "app", 0.5, "meets", "fine", None)]
    bad = load(air_travel, text.replace("4,Met", "9,Met"), file_name="w2.csv")
    assert rejects(bad) == [(2, "EMOTION", "value 9 outside the scale 1:5")]


def test_only_the_required_columns(air_travel: Engine) -> None:
    report = load(air_travel, "stage,emotion,persona,respondent_id\nFlight,2,Family,r1\n")
    assert report.rows_kept == 1
    assert stored(
        air_travel, Stage.name, Response.emotion, Persona.name, Response.respondent_id
    ) == [("Flight", -0.5, "Family", "r1")]


def test_extra_columns_are_stored_as_respondent_attributes(air_travel: Engine) -> None:
    load(
        air_travel,
        "respondent_id,persona,stage,emotion,Region,Plan\n"
        "r1,Family,Booking,4,North,Gigabit\n"
        "r2,Family,Booking,4, South ,\n"
        "r3,Family,Booking,4,,\n",
    )
    assert stored(air_travel, Response.attributes) == [
        ({"Plan": "Gigabit", "Region": "North"},),
        ({"Region": "South"},),
        (None,),
    ]


def test_given_channel_wins_over_the_touchpoints_own(air_travel: Engine) -> None:
    load(
        air_travel,
        "respondent_id,persona,stage,touchpoint,channel,emotion\n"
        "r1,Family,Booking,Website,call centre,4\n"
        "r2,Family,Booking,Website,,4\n"
        "r3,Family,Flight,,email,4\n",
    )
    assert stored(air_travel, Response.channel) == [("call centre",), ("web",), ("email",)]


def test_comment_and_date_are_stored(air_travel: Engine) -> None:
    load(
        air_travel,
        "respondent_id,persona,stage,emotion,comment,responded_at\n"
        "r1,Family,Booking,4, Too slow ,2026-03-04\n"
        "r2,Family,Booking,4,,\n",
    )
    rows = stored(air_travel, Response.comment, Response.responded_at)
    assert [(comment, str(day) if day else None) for comment, day in rows] == [
        ("Too slow", "2026-03-04"),
        (None, None),
    ]


def test_new_personas_are_created_and_named_in_the_report(air_travel: Engine) -> None:
    before = counts(air_travel)["persona"]
    report = load(
        air_travel,
        "respondent_id,persona,stage,emotion\n"
        "r1,family,Booking,4\n"  # an existing persona, in another case
        "r2,Student,Booking,4\n"
        "r3,STUDENT,Check-in,4\n"
        "r4,Retiree,Booking,4\n",
    )
    assert report.new_personas == ["Student", "Retiree"]
    assert "new personas: Student, Retiree" in report.summary()
    assert counts(air_travel)["persona"] == before + 2
    assert [name for (name,) in stored(air_travel, Persona.name)] == [
        "Family",
        "Student",
        "Student",
        "Retiree",
    ]
    with Session(air_travel) as session:
        batch = session.execute(select(SurveyImport)).scalar_one()
    assert batch.new_personas == "Student, Retiree"


def test_blank_persona_is_unspecified(air_travel: Engine) -> None:
    report = load(
        air_travel, "respondent_id,persona,stage,emotion\nr1,,Booking,4\nr2,  ,Flight,2\n"
    )
    assert report.rows_kept == 2
    assert report.new_personas == ["Unspecified"]
    assert stored(air_travel, Persona.name) == [("Unspecified",), ("Unspecified",)]


def test_same_stage_with_and_without_a_touchpoint_are_different_responses(
    air_travel: Engine,
) -> None:
    report = load(
        air_travel,
        HEADER
        + "r1,Family,Booking,,4,,\n"
        + "r1,Family,Booking,Website,4,,\n"
        + "r1,Family,Booking,App,4,,\n"
        + "r1,Family,Booking,app,5,,\n",
    )
    assert (report.rows_kept, report.rows_rejected) == (3, 1)
    assert rejects(report) == [(5, "emotion", "duplicate of line 4 in this file")]


def test_duplicate_of_a_stored_response_from_another_file_in_the_same_wave(
    air_travel: Engine,
) -> None:
    first = load(air_travel, HEADER + "r1,Family,Booking,,4,,\nr2,Family,Booking,,4,,\n")
    second = load(
        air_travel,
        HEADER + "r3,Family,Booking,,2,,\nr2,Family,Booking,,5,,\n",
        file_name="w1-late.csv",
    )
    assert (second.rows_read, second.rows_kept, second.rows_rejected) == (2, 1, 1)
    assert rejects(second) == [
        (3, "emotion", f"duplicate of a stored response (import #{first.import_id}, line 3)")
    ]
    # never stored twice: r2 keeps the first file's answer
    assert stored(air_travel, Response.respondent_id, Response.raw_value) == [
        ("r1", 4.0),
        ("r2", 4.0),
        ("r3", 2.0),
    ]


def test_the_same_respondent_in_another_wave_is_not_a_duplicate(air_travel: Engine) -> None:
    load(air_travel, HEADER + "r1,Family,Booking,,4,,\n", wave="W1")
    later = load(air_travel, HEADER + "r1,Family,Booking,,5,,\n", file_name="w2.csv", wave="W2")
    assert (later.rows_kept, later.rows_rejected) == (1, 0)
    assert counts(air_travel)["response"] == 2


def test_wave_defaults_to_the_file_name_without_extension(air_travel: Engine) -> None:
    report = load(
        air_travel, HEADER + "r1,Family,Booking,,4,,\n", file_name="2026-Q1.csv", wave=None
    )
    assert report.wave == "2026-Q1"
    assert stored(air_travel, Response.wave) == [("2026-Q1",)]


def test_reimporting_identical_bytes_is_a_no_op_that_says_so(air_travel: Engine) -> None:
    text = HEADER + "r1,Family,Booking,,4,,\nr2,Student,Booking,,9,,\n"
    first = load(air_travel, text)
    before = counts(air_travel)
    again = load(air_travel, text, file_name="renamed.csv")
    assert again.already_imported
    assert again.import_id == first.import_id
    assert (again.rows_read, again.rows_kept, again.rows_rejected) == (2, 1, 1)
    assert "already imported" in again.summary()
    assert counts(air_travel) == before


def test_identical_bytes_into_another_wave_are_imported(air_travel: Engine) -> None:
    text = HEADER + "r1,Family,Booking,,4,,\n"
    load(air_travel, text, wave="W1")
    other = load(air_travel, text, wave="W2")
    assert not other.already_imported and other.rows_kept == 1


def test_an_import_that_keeps_nothing_is_not_recorded(air_travel: Engine) -> None:
    before = counts(air_travel)
    report = load(air_travel, HEADER + "r1,Family,Lounge,,4,,\n")
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (1, 0, 1)
    assert report.import_id is None
    assert counts(air_travel) == before
    assert not load(air_travel, HEADER + "r1,Family,Lounge,,4,,\n").already_imported


def test_import_is_recorded_with_its_counts_and_hash(air_travel: Engine) -> None:
    text = HEADER + "r1,Family,Booking,,4,,\nr2,Family,Lounge,,4,,\n"
    report = load(air_travel, text, file_name="spring.csv", wave="Spring")
    with Session(air_travel) as session:
        batch = session.execute(select(SurveyImport)).scalar_one()
    assert batch.id == report.import_id
    assert (batch.file_name, batch.wave, batch.layout) == ("spring.csv", "Spring", "long")
    assert (batch.rows_read, batch.rows_kept, batch.rows_rejected) == (2, 1, 1)
    assert batch.content_hash == hashlib.sha256(text.encode()).hexdigest()


def test_missing_required_column_refuses_the_file_and_changes_nothing(air_travel: Engine) -> None:
    before = counts(air_travel)
    with pytest.raises(FileRefused) as caught:
        load(air_travel, "respondent_id,persona,stage,touchpoint\nr1,Student,Booking,Website\n")
    assert caught.value.line == 1
    assert "missing required column(s) emotion" in caught.value.reason
    assert counts(air_travel) == before


def test_a_column_given_twice_refuses_the_file(air_travel: Engine) -> None:
    before = counts(air_travel)
    with pytest.raises(FileRefused, match="appears twice"):
        load(air_travel, "respondent_id,persona,stage,emotion,Emotion\nr1,Family,Booking,4,5\n")
    assert counts(air_travel) == before


def test_header_only_file_is_refused(air_travel: Engine) -> None:
    before = counts(air_travel)
    with pytest.raises(FileRefused, match="no data rows"):
        load(air_travel, HEADER)
    assert counts(air_travel) == before


def test_a_break_near_the_end_refuses_the_whole_file_and_changes_nothing(
    air_travel: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Good rows (several chunks of them, with a new persona) before an unterminated quote."""
    monkeypatch.setattr(long_format, "CHUNK_ROWS", 4)
    load(air_travel, HEADER + "r0,Family,Flight,,3,,\n", file_name="earlier.csv")
    before = counts(air_travel)
    good = "".join(f"r{i},Student,Booking,,4,,fine\n" for i in range(1, 31))  # lines 2-31
    text = HEADER + good + 'r31,Student,Flight,,2,,"never closed\nr32,Student,Flight,,2,,x\n'
    with pytest.raises(FileRefused) as caught:
        load(air_travel, text, file_name="broken.csv")
    assert (caught.value.file_name, caught.value.line) == ("broken.csv", 32)
    assert "unterminated quoted field" in caught.value.reason
    assert counts(air_travel) == before
    with Session(air_travel) as session:
        assert session.execute(select(Persona).where(Persona.name == "Student")).first() is None


def test_undecodable_bytes_refuse_the_file_and_change_nothing(air_travel: Engine) -> None:
    before = counts(air_travel)
    data = (HEADER + "r1,Family,Booking,,4,,\n").encode() + b"r2,Family,Booking,,4,,caf\x81\n"
    with pytest.raises(FileRefused) as caught:
        import_responses(
            engine=air_travel,
            stream=io.BytesIO(data),
            file_name="bad.csv",
            journey_name="Air travel",
        )
    assert caught.value.line == 3
    assert counts(air_travel) == before


def test_unknown_journey(air_travel: Engine) -> None:
    before = counts(air_travel)
    with pytest.raises(UnknownJourney) as caught:
        load(air_travel, HEADER + "r1,Family,Booking,,4,,\n", journey="Train travel")
    assert "unknown journey 'Train travel'" in str(caught.value)
    assert "'Air travel'" in str(caught.value)
    assert counts(air_travel) == before


def test_journey_name_matches_case_insensitively(air_travel: Engine) -> None:
    report = load(air_travel, HEADER + "r1,Family,Booking,,4,,\n", journey="  air TRAVEL ")
    assert report.journey == "Air travel" and report.rows_kept == 1


def test_rejects_csv_has_line_column_reason_then_the_original_header_in_line_order(
    air_travel: Engine,
) -> None:
    report = load(
        air_travel,
        "respondent_id,persona,stage,emotion,Region\n"
        "r1,Family,Booking,4,North\n"  # 2 kept
        "r1,Family,Booking,5,North\n"  # 3 duplicate (found when the batch is written)
        "r2,Family,Lounge,4,South\n"  # 4 unknown stage
        "r3,Family,Booking\n"  # 5 too few fields
        'r4,Family,Booking,9,"East, coast"\n',  # 6 outside the scale
    )
    out = io.StringIO()
    report.rejects.write_csv(out)
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [
        ["line", "column", "reason", "respondent_id", "persona", "stage", "emotion", "Region"],
        [
            "3",
            "emotion",
            "duplicate of line 2 in this file",
            "r1",
            "Family",
            "Booking",
            "5",
            "North",
        ],
        [
            "4",
            "stage",
            "unknown stage 'Lounge' (stages: Booking, Check-in, Security, Flight)",
            "r2",
            "Family",
            "Lounge",
            "4",
            "South",
        ],
        ["5", "", "row has 3 fields, the header has 5", "r3", "Family", "Booking"],
        [
            "6",
            "emotion",
            "value 9 outside the scale 1:5",
            "r4",
            "Family",
            "Booking",
            "9",
            "East, coast",
        ],
    ]


def test_rejected_and_kept_counts_in_the_summary(air_travel: Engine) -> None:
    report = load(air_travel, HEADER + "r1,Family,Booking,,4,,\nr2,Family,Lounge,,4,,\n")
    assert "responses read 2, kept 1, rejected 1" in report.summary()


def test_semicolon_utf16_file_with_decimal_commas(air_travel: Engine) -> None:
    text = "respondent_id;persona;stage;emotion\r\nr1;Café crowd;Booking;3,5\r\n"
    report = import_responses(
        engine=air_travel,
        stream=io.BytesIO(text.encode("utf-16")),
        file_name="export.txt",
        journey_name="Air travel",
    )
    assert report.rows_kept == 1 and report.new_personas == ["Café crowd"]
    assert stored(air_travel, Response.raw_value, Response.emotion) == [(3.5, 0.25)]


def test_the_report_says_whether_stored_responses_carry_comments(air_travel: Engine) -> None:
    """Only then do the journey's comments need theming again (the CLI and the page ask)."""
    plain = HEADER + "r1,Family,Booking,,4,,\nr2,Family,Booking,,2,,\n"
    assert not load(air_travel, plain).new_comments
    commented = HEADER + "r3,Family,Booking,,4,,Quick and easy\n"
    checked = import_responses(
        engine=air_travel,
        stream=io.BytesIO(commented.encode()),
        file_name="w2.csv",
        journey_name="Air travel",
        wave="W2",
        scale=DEFAULT_SCALE,
        dry_run=True,
    )
    assert not checked.new_comments  # a check stores nothing
    assert load(air_travel, commented, file_name="w2.csv", wave="W2").new_comments
    assert not load(air_travel, commented, file_name="w2.csv", wave="W2").new_comments  # again
