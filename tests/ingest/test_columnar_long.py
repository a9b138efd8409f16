"""The columnar reader of long files gives exactly what the row-by-row reader gives, line
numbers and reasons included, and steps aside for every file it cannot number exactly."""

import io
from dataclasses import fields, replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from journey.catalog.definitions import import_definitions
from journey.errors import FileRefused
from journey.ingest.batches import ResponseBatch
from journey.ingest.columnar_long import columnar_long_batches
from journey.ingest.drafts import UnreadDate
from journey.ingest.line_scan import simple_line_count
from journey.ingest.long_format import long_batches
from journey.ingest.reading import open_table, peek_table
from journey.ingest.rejects import Reject
from journey.ingest.scales import DEFAULT_SCALE
from journey.store.db import create_schema, make_engine
from journey.store.lookups import StageIndex, stage_index
from tests.conftest import SMALL_DEFINITIONS

HEADER = "respondent_id,persona,stage,touchpoint,emotion,expectation,comment,responded_at,region"
ROWS = [
    "r1,Family,Booking,Website,4,meets,Fine,2026-03-01,North",
    'r1,Family,Check-in,,2,below,"Slow, very ""slow""",2026-03-01,North',
    "r2,,Booking,App,5,exceeds,,03/02/2026,",
    "r3,Business traveller,Nowhere,,3,,,2026-03-03,South",  # unknown stage
    "r4,Family,Booking,Kiosk,3,,,2026-03-03,South",  # unknown touchpoint
    "r5,Family,Flight,,9,,,2026-03-03,South",  # outside the scale
    ",Family,Flight,,3,,,2026-03-03,South",  # no respondent
    "r6,Family,Security,,,,,2026-03-03,South",  # neither emotion nor expectation
    "r7,Family,Security,,2,perhaps,,2026-03-03,South",  # unknown expectation
    "r8,Family,Flight,,4,,,soon,East",  # unreadable date: kept without it
    ",,,,,,,,",  # a line of empty cells is not a row
    "r9, Family ,flight ,,Agree,,  padded  ,,East",
    "r1,Family,Booking,Website,4,meets,Again,2026-03-01,North",  # a duplicate: the writer's
]


@pytest.fixture(scope="module")
def stages() -> StageIndex:
    engine = make_engine("sqlite://")
    create_schema(engine)
    import_definitions(engine=engine, text=SMALL_DEFINITIONS)
    with Session(engine) as session:
        return stage_index(session=session, journey_id=1)


def items(data: bytes, stages: StageIndex, *, columnar: bool) -> list[object]:
    """What a reader gives, batches flattened to rows, so block sizes do not matter."""
    stream = io.BytesIO(data)
    table = open_table(stream, "f.csv")
    if columnar:
        found = columnar_long_batches(stream, table, stages, DEFAULT_SCALE)
        assert found is not None, "the file should qualify for the columnar reader"
    else:
        found = long_batches(table, stages, DEFAULT_SCALE)
    flat: list[object] = []
    for item in found:
        if isinstance(item, ResponseBatch):
            for row in range(len(item)):
                values = [getattr(item, f.name)[row] for f in fields(item)]
                values[2] = tuple(values[2])  # the source row
                flat.append(tuple(values))
        elif isinstance(item, Reject):
            flat.append((item.line, item.column, item.reason, tuple(item.fields)))
        else:
            assert isinstance(item, UnreadDate)
            flat.append(item)
    return sorted(flat, key=repr)


def test_both_readers_agree_on_every_kind_of_row(stages: StageIndex) -> None:
    data = ("\n".join([HEADER, *ROWS]) + "\n").encode()
    columnar = items(data, stages, columnar=True)
    assert columnar == items(data, stages, columnar=False)
    rejected = {
        entry[0]: entry[2] for entry in columnar if isinstance(entry, tuple) and len(entry) == 4
    }
    assert rejected[5].startswith("unknown stage 'Nowhere'")
    assert rejected[6] == "unknown touchpoint 'Kiosk' in stage 'Booking'"
    assert rejected[8] == "missing respondent id"
    unread = [entry for entry in columnar if isinstance(entry, UnreadDate)]
    assert [(u.line, u.text) for u in unread] == [(11, "soon")]


@pytest.mark.parametrize(
    "shape",
    [
        pytest.param(lambda lines: "\r\n".join(lines) + "\r\n", id="crlf"),
        pytest.param(lambda lines: "\n".join(lines), id="no-final-line-break"),
        pytest.param(lambda lines: "\ufeff" + "\n".join(lines) + "\n", id="bom"),
    ],
)
def test_line_endings_and_a_byte_order_mark(stages: StageIndex, shape: object) -> None:
    data = shape([HEADER, *ROWS]).encode()  # type: ignore[operator]
    assert items(data, stages, columnar=True) == items(data, stages, columnar=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a,b,c\n1,2,3\n4,5,6\n", 3),
        ("a,b,c\n1,2,3\n4,5,6", 3),
        ('a,b,c\n1,"2,x",3\n', 2),
        ('a,b,c\n1,"say ""hi""",3\n', 2),
        ('a,b,c\n1,"two\nlines",3\n', None),  # a line break inside quotes
        ("a,b,c\n1,2,3\n\n4,5,6\n", None),  # a blank line
        ("a,b,c\n1,2\n", None),  # a short row
        ("a,b,c\n1,2,3,4\n", None),  # a long row
        ('a,b,c\n1,5" screen,3\n', None),  # a stray quote
        ('a,b,c\n1,x"y,3\n', None),  # a quote inside an unquoted cell: the row reader's call
        ('a,b,c\n1,"abc"def,3\n', None),  # text after a closing quote: refused by the row reader
        ('a,b,c\n1,"abc" ,3\n', None),
        ('a,b,c\n"1",""," ""q"" "\n', 2),  # empty and doubled quotes in place
        ('\ufeff"a","b","c"\n1,2,3\n', 2),  # a byte order mark before a quoted header
        ("a,b,c\r1,2,3\r", None),  # carriage returns alone
    ],
)
def test_which_files_the_columnar_reader_takes(text: str, expected: int | None) -> None:
    found = simple_line_count(io.BytesIO(text.encode()), ",", 3)
    assert (found and found.lines) == expected


def test_the_scan_carries_quotes_and_fields_across_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    import journey.ingest.line_scan as scan

    monkeypatch.setattr(scan, "SCAN_BLOCK", 5)
    text = 'a,b,c\n1,"x,y,z",3\n"q""q",2,\r\n4,5,6'
    assert simple_line_count(io.BytesIO(text.encode()), ",", 3) == (4, 0)
    assert simple_line_count(io.BytesIO(b'a,b,c\n1,"x\ny",3\n'), ",", 3) is None
    empty = "a,b,c\n,,\r\n1,2,3\n,,\n,,"  # lines of empty cells, each line break, and none
    for block in (5, 1 << 21):
        monkeypatch.setattr(scan, "SCAN_BLOCK", block)
        assert simple_line_count(io.BytesIO(empty.encode()), ",", 3) == (5, 3)


def test_files_it_cannot_number_exactly_go_to_the_row_reader(stages: StageIndex) -> None:
    data = (HEADER + '\nr1,Family,Booking,,4,,"two\nlines",,\n').encode()
    stream = io.BytesIO(data)
    assert columnar_long_batches(stream, open_table(stream, "f.csv"), stages, DEFAULT_SCALE) is None
    latin = (HEADER + "\nr1,Famille é,Booking,,4,,,,\n").encode("cp1252")
    stream = io.BytesIO(latin)
    assert columnar_long_batches(stream, open_table(stream, "f.csv"), stages, DEFAULT_SCALE) is None


CELLS = st.sampled_from(
    ["", "r1", "r2", " r3 ", "Family", "Booking", "booking ", "Check-in", "Flight", "Nowhere",
     "Website", "App", "Kiosk", "1", "3", "5", "9", "3.5", "x", "Agree", "meets", "below",
     "maybe", "2026-01-02", "02/01/2026", "soon", "a, b", 'say "hi"', "é"]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=9, max_size=9), min_size=1, max_size=30))
def test_both_readers_agree_on_random_files(rows: list[list[str]]) -> None:
    engine: Engine = make_engine("sqlite://")
    create_schema(engine)
    import_definitions(engine=engine, text=SMALL_DEFINITIONS)
    with Session(engine) as session:
        index = stage_index(session=session, journey_id=1)

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"') else value

    data = (HEADER + "\n" + "\n".join(",".join(map(cell, row)) for row in rows) + "\n").encode()
    assert items(data, index, columnar=True) == items(data, index, columnar=False)


def test_small_blocks_and_chunks_change_nothing(
    stages: StageIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Blocks parsed a few rows at a time are regrouped into chunks: same items, same lines."""
    import journey.ingest.columnar_long as columnar

    data = ("\n".join([HEADER, *ROWS * 4]) + "\n").encode()
    expected = items(data, stages, columnar=False)
    monkeypatch.setattr(columnar, "_READ_BLOCK", 256)
    monkeypatch.setattr(columnar, "CHUNK_ROWS", 5)
    assert items(data, stages, columnar=True) == expected


def test_a_quote_out_of_place_is_refused_as_the_row_reader_refuses_it(
    stages: StageIndex,
) -> None:
    good = "".join(f"r{i},Family,Booking,,4,,,,\n" for i in range(5))
    data = (HEADER + "\n" + good + 'r9,Family,Booking,,4,,"Fine"really,,\n').encode()
    stream = io.BytesIO(data)
    assert columnar_long_batches(stream, open_table(stream, "f.csv"), stages, DEFAULT_SCALE) is None
    with pytest.raises(FileRefused, match="broken CSV structure") as refused:
        list(long_batches(open_table(io.BytesIO(data), "f.csv"), stages, DEFAULT_SCALE))
    assert refused.value.line == 7


RAW_CELLS = st.sampled_from(
    ["r1", "Family", "Booking", "Website", "4", "meets", "", '"', '""', '"x"', 'x"y', '"a"b',
     '"a,b"', '" q "', "\r"]
)  # fmt: skip


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(RAW_CELLS, min_size=9, max_size=9), min_size=1, max_size=8))
def test_raw_quotes_either_agree_or_go_to_the_row_reader(rows: list[list[str]]) -> None:
    """Cells written as they come, quotes and all: where the scan lets a file through, the
    columnar reader gives what the row reader gives; where the row reader refuses a file,
    the scan never let it through."""
    engine: Engine = make_engine("sqlite://")
    create_schema(engine)
    import_definitions(engine=engine, text=SMALL_DEFINITIONS)
    with Session(engine) as session:
        index = stage_index(session=session, journey_id=1)
    data = (HEADER + "\n" + "\n".join(",".join(row) for row in rows) + "\n").encode()
    try:
        expected = items(data, index, columnar=False)
    except FileRefused:
        expected = None
    stream = io.BytesIO(data)
    try:
        table = open_table(stream, "f.csv")
    except FileRefused:
        assert expected is None
        return
    qualifies = simple_line_count(stream, ",", len(table.header)) is not None
    if expected is None:
        assert not qualifies
    elif qualifies:
        assert items(data, index, columnar=True) == expected


@pytest.mark.parametrize(
    "text",
    [
        "\n".join([HEADER, *ROWS]) + "\n",
        "\r\n".join([HEADER, *ROWS]),
        "\ufeff" + "\n".join([HEADER, *ROWS, ",,,,,,,,", ",,,,,,,,"]),
    ],
)
def test_a_long_file_counted_instead_of_read_peeks_the_same(text: str) -> None:
    """The upload page's quick look at a simple long file: the same rows, count and facts as
    reading every row, only without the evidence the suggestions for wide files need."""
    data = text.encode()
    full = peek_table(io.BytesIO(data), "f.csv")
    quick = peek_table(io.BytesIO(data), "f.csv", long_evidence=False)
    assert quick == replace(full, evidence=())
    rows = [line for line in text.splitlines()[1:] if line.strip(",\r")]
    assert quick.row_count == len(rows)


def test_a_file_the_scan_declines_is_read_row_by_row() -> None:
    data = (HEADER + '\nr1,Family,Booking,,4,,"two\nlines",,\n').encode()
    quick = peek_table(io.BytesIO(data), "f.csv", long_evidence=False)
    assert quick.row_count == 1 and quick.evidence
