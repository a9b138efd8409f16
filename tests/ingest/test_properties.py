"""Property-based tests: whatever arrives, the importer answers cleanly and never half-writes."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.catalog.definitions import import_definitions
from journey.errors import FileRefused
from journey.ingest.importer import import_responses
from journey.ingest.inspection import inspect_file
from journey.ingest.mapping import MappingError, load_mapping
from journey.store.db import create_schema, make_engine
from journey.store.models import Outcome, Response, SurveyImport
from tests.conftest import SMALL_DEFINITIONS

pytestmark = pytest.mark.slow

EXAMPLES = 2_500
HEADER = ["respondent_id", "persona", "stage", "touchpoint", "emotion", "expectation", "comment"]
CELL = st.one_of(
    st.sampled_from(["", "Booking", "booking ", "Check-in", "Nowhere", "Website", "App", "3", "5",
                     "9", "-1", "3,5", "x", "meets", "Did not meet", "huh", "Family", "r1", "r2",
                     "=cmd()", '"', '""', "\n", "\r\n", ",", ";", "\t", "é", "\x00"]),
    st.text(max_size=8),
)  # fmt: skip
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
WIDE_MAPPING = load_mapping(
    "respondent_id: id\npersona: persona\noutcome: overall\n"
    "ratings: [{column: q1, stage: Booking, scale: '1:5', na: [0]},"
    " {column: q2, stage: Flight, scale: '0:10'}]\n"
    "expectations: [{column: q3, stage: Check-in}]\n"
)


def new_engine() -> Engine:
    engine = make_engine("sqlite://")
    create_schema(engine)
    import_definitions(engine=engine, text=SMALL_DEFINITIONS)
    return engine


def counts(engine: Engine) -> tuple[int, int, int]:
    with Session(engine) as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Response, Outcome, SurveyImport)
        )


def check_import(engine: Engine, data: bytes, **options: object) -> None:
    """The invariants: refused whole (nothing written), or counted exactly (all or nothing)."""
    before = counts(engine)
    try:
        report = import_responses(engine=engine, stream=io.BytesIO(data), file_name="f.csv",
                                  journey_name="Air travel", **options)  # fmt: skip
    except (FileRefused, MappingError) as refusal:
        assert str(refusal)
        assert counts(engine) == before
        return
    after = counts(engine)
    assert report.rows_read == report.rows_kept + report.rows_rejected
    assert all(reject.reason for reject in report.rejects.preview)
    if report.already_imported or report.import_id is None:
        assert after == before
    else:
        assert after[0] - before[0] == report.rows_kept
        assert after[1] - before[1] == report.outcomes_kept
        assert after[2] - before[2] == 1


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(data=st.binary(max_size=600))
def test_arbitrary_bytes_are_refused_or_imported_cleanly(data: bytes) -> None:
    check_import(ENGINE, data)


@SETTINGS
@given(
    rows=st.lists(st.lists(CELL, min_size=5, max_size=8), max_size=12),
    encoding=ENCODINGS,
    delimiter=st.sampled_from([",", ";", "\t"]),
    quote_all=st.booleans(),
)
def test_csv_like_text_is_refused_or_imported_cleanly(
    rows: list[list[str]], encoding: str, delimiter: str, quote_all: bool
) -> None:
    def line(cells: list[str]) -> str:
        if quote_all:
            return delimiter.join('"' + c.replace('"', '""') + '"' for c in cells)
        return delimiter.join(cells)

    text = "\n".join([line(HEADER)] + [line(row) for row in rows]) + "\n"
    data = text.encode(encoding, errors="replace")
    check_import(ENGINE, data)


@SETTINGS
@given(rows=st.lists(st.lists(CELL, min_size=6, max_size=7), max_size=10))
def test_wide_exports_are_refused_or_imported_cleanly(rows: list[list[str]]) -> None:
    header = ["id", "persona", "q1", "q2", "q3", "overall"]
    text = "\n".join(",".join(f'"{c}"' for c in row) for row in [header, *rows]) + "\n"
    check_import(ENGINE, text.encode("utf-8"), mapping=WIDE_MAPPING)


ENGINE = new_engine()


STAGES = [("Booking", ["Website", "App"]), ("Check-in", []), ("Security", []), ("Flight", [])]


@SETTINGS
@given(
    header=st.lists(CELL, min_size=1, max_size=7),
    rows=st.lists(st.lists(CELL, max_size=8), max_size=10),
    second_header=st.sampled_from([None, ["", "Response", "Booking", "Open-Ended Response"]]),
)
def test_any_table_gets_suggestions_and_a_list_of_what_is_left_to_decide(
    header: list[str], rows: list[list[str]], second_header: list[str] | None
) -> None:
    """What the upload page and `inspect` do first never fails on a readable file (issue 13)."""
    lines = [header, *([second_header] if second_header else []), *rows]
    text = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in row) for row in lines)
    try:
        found = inspect_file(stream=io.BytesIO(text.encode()), file_name="f.csv", stages=STAGES)
    except FileRefused as refusal:
        assert str(refusal)
        return
    assert [plan.column for plan in found.plans] == found.peek.header
    assert all(name.strip() for name in found.peek.header)  # an empty name is `Column N`
    assert len(set(found.peek.header)) == len(found.peek.header)
    if found.mapping is not None:
        assert load_mapping(found.mapping.to_yaml()) == found.mapping
        undecided = {column for problem in found.problems for column in problem.columns}
        assert undecided.isdisjoint(found.mapping.columns())
