"""Reading files as survey tools write them: encodings, delimiters, layouts, line numbers."""

import io

import openpyxl
import pytest

from journey.errors import FileRefused
from journey.ingest.layouts import surveymonkey_header
from journey.ingest.reading import open_table, peek_table

LONG = "respondent_id,persona,stage,emotion\nr1,Zoë,Café,4\nr2,Ana,Booking,5\n"


def rows_of(
    data: bytes, name: str = "f.csv"
) -> tuple[str, str, list[str], list[tuple[int, list[str]]]]:
    table = open_table(io.BytesIO(data), name)
    return table.facts.encoding, table.delimiter, table.header, list(table.rows)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (LONG.encode("utf-8"), "utf-8"),
        (LONG.encode("utf-8-sig"), "utf-8-sig"),
        (LONG.encode("utf-16"), "utf-16"),
        (LONG.encode("utf-16-le"), "utf-16-le"),
        (LONG.encode("cp1252"), "cp1252"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 BOM", "utf-16 no BOM", "windows-1252"],
)
def test_encodings(data: bytes, encoding: str) -> None:
    found, _, header, rows = rows_of(data)
    assert found == encoding
    assert header == ["respondent_id", "persona", "stage", "emotion"]
    assert rows == [(2, ["r1", "Zoë", "Café", "4"]), (3, ["r2", "Ana", "Booking", "5"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(delimiter: str) -> None:
    _, found, header, rows = rows_of(LONG.replace(",", delimiter).encode())
    assert found == delimiter and len(header) == 4 and rows[1][1][3] == "5"


def test_excel_unicode_text_is_utf16_tabs() -> None:
    found, delimiter, _, rows = rows_of(
        LONG.replace(",", "\t").replace("\n", "\r\n").encode("utf-16")
    )
    assert (found, delimiter) == ("utf-16", "\t") and rows[0][1][1] == "Zoë"


def test_quoted_fields_with_newlines_keep_their_starting_line() -> None:
    data = b'id,comment,stage\n1,"two\nlines",A\n2,"three\nwhole\nlines",B\n3,plain,C\n'
    assert [line for line, _ in rows_of(data)[3]] == [2, 4, 7]
    assert rows_of(data)[3][1][1][1] == "three\nwhole\nlines"


def test_blank_lines_are_skipped_but_counted() -> None:
    assert [line for line, _ in rows_of(b"a,b\n\n1,2\n,\n3,4\n")[3]] == [3, 5]


def test_qualtrics_three_header_rows() -> None:
    data = (
        '\ufeffStartDate,ResponseId,Q1\r\n"Start Date","Response ID","How was it?"\r\n'
        '"{""ImportId"":""startDate""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}"\r\n'
        "2026-01-01,R_1,4\r\n"
    ).encode()
    table = open_table(io.BytesIO(data), "q.csv")
    assert (table.layout, table.header) == ("Qualtrics", ["StartDate", "ResponseId", "Q1"])
    assert table.descriptions == ("Start Date", "Response ID", "How was it?")
    assert list(table.rows) == [(4, ["2026-01-01", "R_1", "4"])]


def test_surveymonkey_merged_headings() -> None:
    first = ["Respondent ID", "Collector ID", "How was each step?", "", "", "Comments"]
    second = ["", "", "Booking", "Check-in", "Flight", "Open-Ended Response"]
    assert surveymonkey_header(first, second) == [
        "Respondent ID",
        "Collector ID",
        "How was each step? - Booking",
        "How was each step? - Check-in",
        "How was each step? - Flight",
        "Comments",
    ]
    data = (
        "\n".join(",".join(row) for row in (first, second, ["1", "9", "4", "3", "", "ok"]))
    ).encode("cp1252")
    table = open_table(io.BytesIO(data), "sm.csv")
    assert table.layout == "SurveyMonkey" and list(table.rows) == [
        (3, ["1", "9", "4", "3", "", "ok"])
    ]


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        ("Timestamp,How was it? [Booking],How was it? [Flight]", "Google Forms"),
        ("#,How was booking?,Submit Date (UTC),Network ID", "Typeform"),
        ("respondent_id,persona,stage,emotion", "long"),
        ("ResponseId,Q1,Q2", "wide"),
    ],
)
def test_layouts_are_recognised(header: str, layout: str) -> None:
    table = open_table(io.BytesIO(f"{header}\n1,2,3,4\n".encode()), "f.csv")
    assert table.layout == layout


def test_duplicate_header_names_are_numbered() -> None:
    assert rows_of(b"Q,q,Q,x\n1,2,3,4\n")[2] == ["Q", "q (2)", "Q (3)", "x"]


def test_an_excel_workbook_reads_its_first_sheet() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["respondent_id", "persona", "stage", "emotion"])
    sheet.append(["r1", "Ana", "Booking", 4])
    sheet.append([None, None, None, None])
    sheet.append(["r2", "Ana", "Flight", 2.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = open_table(io.BytesIO(buffer.getvalue()), "survey.xlsx")
    assert (table.facts.encoding, table.layout) == ("xlsx", "long")
    assert list(table.rows) == [
        (2, ["r1", "Ana", "Booking", "4"]),
        (4, ["r2", "Ana", "Flight", "2.5"]),
    ]


def test_peek_says_what_was_recognised() -> None:
    peek = peek_table(io.BytesIO(LONG.replace(",", ";").encode("utf-8-sig")), "s.csv")
    assert peek.describe() == (
        "s.csv: long (one row per respondent × stage), UTF-8 with BOM, "
        "semicolon-delimited, 4 columns"
    )


@pytest.mark.parametrize(
    ("data", "reason", "line"),
    [
        (b'a,b\n1,2\n3,"4\n5,6\n', "unterminated quoted field", 3),
        (b'a,b\n1,"x"y\n', "broken CSV structure", 2),
        (b"a,b\n1,2\n\xff\xfe\x00\x00garbage\x00", "binary data", 3),
        (b"a,b\n1,2\n3,\x81\x8d\x8f\n", "not UTF-8, UTF-16 or Windows-1252", 3),
        (b"\n\n", "no header row", 1),
        (b"", "the file is empty", None),
    ],
)
def test_unreadable_files_are_refused_with_the_line(
    data: bytes, reason: str, line: int | None
) -> None:
    with pytest.raises(FileRefused) as refused:
        rows_of(data)
    assert reason in refused.value.reason and refused.value.line == line


def test_a_touchpoint_that_mentions_recommendation_is_not_the_outcome() -> None:
    from journey.demo.journeys import FIRST_PURCHASE
    from journey.ingest.suggest import suggest_plans

    stages = [(s.name, [t for t, _ in s.touchpoints]) for s in FIRST_PURCHASE.stages]
    plans = suggest_plans(
        ["Q1", "Q2"],
        ["How was it? - Friend's recommendation", "How likely are you to recommend us?"],
        [["4", "9"], ["3", "7"]],
        stages,
    )
    assert [(p.role, p.stage, p.touchpoint) for p in plans] == [
        ("rating", "Discover", "Friend's recommendation"),
        ("outcome", None, None),
    ]
