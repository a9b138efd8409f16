"""Files that go wrong: each has one exact outcome, and a refused file changes nothing."""

import io
import zipfile

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from journey.errors import FileRefused
from journey.ingest import limits
from journey.ingest.importer import MappingNeeded, import_responses
from journey.ingest.mapping import MappingError, load_mapping

GOOD = "r1,Business traveller,Booking,4\nr2,Family,Check-in,2\n"
HEADER = "respondent_id,persona,stage,emotion\n"


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table: the database's whole state, for before/after comparisons."""
    with Session(engine) as session:
        return {
            table.name: session.execute(select(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
            if table.name != "revision"
        }


def attempt(engine: Engine, data: bytes, name: str = "survey.csv", **options: object) -> object:
    return import_responses(
        engine=engine, stream=io.BytesIO(data), file_name=name, journey_name="Air travel", **options
    )


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b"", "the file is empty", None),
        (HEADER.encode(), "the file has a header but no data rows", 1),
        ((HEADER + GOOD + 'r3,Family,Flight,"3\nr4,Family,Flight,5\n').encode(), "unterminated", 4),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data", 3),
        ((HEADER + GOOD).encode() + b"r3,Family,Flight,\x81\x8d\n", "not UTF-8", 4),
        (b"respondent_id;persona\nr1;Family\n", "missing required column(s) stage, emotion", 1),
        (b"respondent_id,persona,stage,Stage,emotion\nr1,Family,Booking,Booking,4\n", "twice", 1),
    ],
    ids=["empty", "header only", "unterminated quote", "binary renamed .csv", "undecodable",
         "wrong delimiter", "duplicate column"],
)  # fmt: skip
def test_broken_files_are_refused_whole_with_the_line(
    air_travel: Engine, data: bytes, reason: str, line: int | None
) -> None:
    attempt(air_travel, (HEADER + "r0,Family,Booking,3\n").encode(), "earlier.csv")
    before = row_counts(air_travel)
    with pytest.raises(FileRefused) as refused:
        attempt(air_travel, data)
    assert reason in refused.value.reason
    assert refused.value.line == line
    assert "survey.csv" in str(refused.value)
    assert row_counts(air_travel) == before


def test_a_file_whose_every_row_is_rejected_records_nothing(air_travel: Engine) -> None:
    before = row_counts(air_travel)
    data = (HEADER + "r1,Family,Nowhere,4\nr2,Family,Booking,9\n,Family,Booking,3\n").encode()
    report = attempt(air_travel, data)
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (3, 0, 3)
    assert report.import_id is None
    assert "nothing was imported" in report.summary()
    assert [(r.line, r.column, r.reason.split(" (")[0]) for r in report.rejects.preview] == [
        (2, "stage", "unknown stage 'Nowhere'"),
        (3, "emotion", "value 9 outside the scale 1:5"),
        (4, "respondent_id", "missing respondent id"),
    ]
    assert row_counts(air_travel) == before
    fixed = attempt(air_travel, (HEADER + GOOD).encode())
    assert not fixed.already_imported and fixed.rows_kept == 2


def test_duplicate_attribute_columns_are_numbered(air_travel: Engine) -> None:
    data = (HEADER.strip() + ",Region,region\nr1,Family,Booking,4,North,South\n").encode()
    report = attempt(air_travel, data)
    assert report.rows_kept == 1
    with Session(air_travel) as session:
        stored = session.execute(
            select(SQLModel.metadata.tables["response"].c.attributes)
        ).scalar_one()
    assert stored == {"Region": "North", "region (2)": "South"}


def test_a_wide_export_without_a_mapping_is_refused(air_travel: Engine) -> None:
    data = b"ResponseId,Q1,Q2\nR_1,4,5\n"
    before = row_counts(air_travel)
    with pytest.raises(MappingNeeded, match="needs a mapping"):
        attempt(air_travel, data)
    assert row_counts(air_travel) == before


def test_a_mapping_naming_missing_columns_is_refused(air_travel: Engine) -> None:
    mapping = load_mapping("ratings: [{column: Q9, stage: Booking}]")
    before = row_counts(air_travel)
    with pytest.raises(MappingError, match="'Q9'"):
        attempt(air_travel, b"ResponseId,Q1\nR_1,4\n", mapping=mapping)
    assert row_counts(air_travel) == before


def test_a_zip_bomb_workbook_is_refused_before_it_is_expanded(air_travel: Engine) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (50 << 20))
    with pytest.raises(FileRefused, match="zip bomb"):
        attempt(air_travel, buffer.getvalue(), "bomb.xlsx")


def test_a_cell_beyond_the_limit_refuses_the_file(air_travel: Engine) -> None:
    data = (
        HEADER + GOOD + "r3,Family,Booking," + "9" * (limits.MAX_CELL_CHARS + 1) + "\n"
    ).encode()
    with pytest.raises(FileRefused, match="a cell longer than 100,000 characters") as refused:
        attempt(air_travel, data)
    assert refused.value.line == 4


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_ROWS", 2, "more than 2 rows"),
        ("MAX_COLUMNS", 3, "the header has 4 columns; the limit is 3"),
        ("MAX_FILE_BYTES", 20, "bytes; the limit is 20"),
    ],
)
def test_files_beyond_the_limits_are_refused_whole(
    air_travel: Engine, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, message: str
) -> None:
    monkeypatch.setattr(limits, limit, value)
    before = row_counts(air_travel)
    with pytest.raises(FileRefused, match=message):
        attempt(air_travel, (HEADER + GOOD + "r3,Family,Flight,5\n").encode())
    assert row_counts(air_travel) == before
