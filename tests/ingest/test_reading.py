"""Reading files as survey tools write them (encodings, delimiters, layouts, line numbers), or
refusing them whole (DESIGN.md section 3)."""

import codecs
import hashlib
import io
import struct
import zlib

import openpyxl
import pytest

from journey.errors import FileRefused
from journey.ingest.layouts import surveymonkey_header
from journey.ingest.reading import Table, inspect_bytes, open_table, peek_table

HEADER = "respondent_id,persona,stage,emotion"


def table_of(data: bytes, name: str = "wave.csv") -> Table:
    return open_table(io.BytesIO(data), name)


def rows_of(data: bytes) -> list[tuple[int, list[str]]]:
    return list(table_of(data).rows)


def refusal(data: bytes, name: str = "wave.csv") -> FileRefused:
    """The FileRefused raised while opening the file or reading any of its rows."""
    with pytest.raises(FileRefused) as caught:
        list(table_of(data, name).rows)
    return caught.value


def png_header() -> bytes:
    """The first bytes of a real 256×256 PNG image: signature and IHDR chunk."""
    ihdr = struct.pack(">IIBBBBB", 256, 256, 8, 2, 0, 0, 0)
    crc = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(ihdr)) + b"IHDR" + ihdr + crc


def test_utf8() -> None:
    table = table_of(f"{HEADER}\nr1,Café,Booking,4\n".encode())
    assert (table.facts.encoding, table.delimiter, table.layout) == ("utf-8", ",", "long")
    assert table.header == ["respondent_id", "persona", "stage", "emotion"]
    assert list(table.rows) == [(2, ["r1", "Café", "Booking", "4"])]


def test_utf8_with_bom_leaves_no_bom_in_the_first_header_cell() -> None:
    table = table_of(codecs.BOM_UTF8 + f"{HEADER}\nr1,Café,Booking,4\n".encode())
    assert table.facts.encoding == "utf-8-sig"
    assert table.header[0] == "respondent_id"
    assert table.layout == "long"
    assert list(table.rows) == [(2, ["r1", "Café", "Booking", "4"])]


def test_excel_unicode_text_utf16_le_with_bom_tab_delimited() -> None:
    """Excel's "Unicode text": UTF-16 LE with a BOM, tabs, CRLF line ends."""
    text = (
        "respondent_id\tpersona\tstage\temotion\r\nr1\tCafé\tBooking\t4\r\nr2\tZoë\tFlight\t5\r\n"
    )
    table = table_of(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "export.txt")
    assert (table.facts.encoding, table.delimiter, table.layout) == ("utf-16", "\t", "long")
    assert table.header == ["respondent_id", "persona", "stage", "emotion"]
    assert list(table.rows) == [
        (2, ["r1", "Café", "Booking", "4"]),
        (3, ["r2", "Zoë", "Flight", "5"]),
    ]


def test_utf16_be_with_bom() -> None:
    text = "respondent_id\tpersona\tstage\temotion\nr1\tCafé\tBooking\t4\n"
    table = table_of(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    assert table.facts.encoding == "utf-16"
    assert list(table.rows) == [(2, ["r1", "Café", "Booking", "4"])]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_by_its_nuls(codec: str) -> None:
    text = "respondent_id\tpersona\tstage\temotion\nr1\tCafé\tBooking\t4\n"
    table = table_of(text.encode(codec))
    assert table.facts.encoding == codec
    assert list(table.rows) == [(2, ["r1", "Café", "Booking", "4"])]


def test_windows_1252() -> None:
    data = (
        b"respondent_id,persona,stage,emotion\r\n"
        b"r1,Caf\xe9,Booking,4\r\n"  # é
        b"r2,\x80 saver,Flight,3\r\n"  # €
    )
    table = table_of(data)
    assert table.facts.encoding == "cp1252"
    assert list(table.rows) == [
        (2, ["r1", "Café", "Booking", "4"]),
        (3, ["r2", "€ saver", "Flight", "3"]),
    ]


@pytest.mark.parametrize(("delimiter", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_delimiters(delimiter: str, name: str) -> None:
    lines = [["respondent_id", "persona", "stage", "emotion"], ["r1", "Family", "Booking", "4"]]
    data = "".join(delimiter.join(line) + "\n" for line in lines).encode()
    table = table_of(data)
    assert table.delimiter == delimiter, name
    assert table.header == lines[0]
    assert list(table.rows) == [(2, lines[1])]


def test_semicolon_file_keeps_decimal_commas_in_one_cell() -> None:
    data = b"respondent_id;persona;stage;emotion\nr1;Family;Booking;3,5\nr2;Family;Flight;4,0\n"
    table = table_of(data)
    assert table.delimiter == ";"
    assert list(table.rows) == [
        (2, ["r1", "Family", "Booking", "3,5"]),
        (3, ["r2", "Family", "Flight", "4,0"]),
    ]


def test_quoted_fields_with_embedded_newlines_keep_the_line_each_row_starts_on() -> None:
    data = (
        b"respondent_id,persona,stage,emotion,comment\n"
        b'r1,Family,Booking,4,"first line\nsecond line\nthird line"\n'
        b"r2,Family,Booking,3,plain\n"
        b'r3,"Busy, very",Flight,5,"a ""quoted"" word\nand more"\n'
        b"r4,Family,Flight,2,last\n"
    )
    assert rows_of(data) == [
        (2, ["r1", "Family", "Booking", "4", "first line\nsecond line\nthird line"]),
        (5, ["r2", "Family", "Booking", "3", "plain"]),
        (6, ["r3", "Busy, very", "Flight", "5", 'a "quoted" word\nand more']),
        (8, ["r4", "Family", "Flight", "2", "last"]),
    ]


def test_crlf_line_ends_inside_and_outside_quotes_count_as_one_line_each() -> None:
    data = (
        b"respondent_id,persona,stage,emotion,comment\r\n"
        b'r1,Family,Booking,4,"one\r\ntwo\r\nthree"\r\n'
        b"r2,Family,Booking,3,x\r\n"
    )
    assert rows_of(data) == [
        (2, ["r1", "Family", "Booking", "4", "one\r\ntwo\r\nthree"]),
        (5, ["r2", "Family", "Booking", "3", "x"]),
    ]


def test_blank_lines_are_skipped_but_counted() -> None:
    data = f"{HEADER}\n\nr1,Family,Booking,4\n,,,\n\nr2,Family,Flight,5\n".encode()
    assert rows_of(data) == [
        (3, ["r1", "Family", "Booking", "4"]),
        (6, ["r2", "Family", "Flight", "5"]),
    ]


def test_unterminated_quote_refuses_the_file_at_the_line_where_the_quote_opened() -> None:
    data = (
        f"{HEADER},comment\n"
        + "".join(f"r{i},Family,Booking,4,fine\n" for i in range(1, 9))  # lines 2-9
        + 'r9,Family,Booking,3,"never closed\n'  # line 10
        + "r10,Family,Flight,5,more\n"
        + "r11,Family,Flight,5,more\n"
    ).encode()
    error = refusal(data, "w1.csv")
    assert error.line == 10
    assert error.file_name == "w1.csv"
    assert "unterminated quoted field" in error.reason
    assert str(error).startswith("w1.csv, line 10: broken CSV structure")


def test_unterminated_quote_on_the_last_line() -> None:
    data = f'{HEADER},comment\nr1,Family,Booking,4,ok\nr2,Family,Booking,4,"oops\n'.encode()
    assert refusal(data).line == 3


def test_unterminated_quote_in_the_header() -> None:
    assert refusal(b'respondent_id,"persona,stage,emotion\nr1,Family,Booking,4\n').line == 1


def test_empty_file_is_refused() -> None:
    error = refusal(b"", "empty.csv")
    assert error.reason == "the file is empty"
    assert str(error) == "empty.csv: the file is empty"


def test_file_of_blank_lines_holds_no_table() -> None:
    error = refusal(b"\n\r\n\n")
    assert error.line == 1
    assert "no header row" in error.reason


def test_png_image_is_refused_as_binary() -> None:
    error = refusal(png_header(), "photo.png")
    assert error.file_name == "photo.png"
    assert "binary data" in error.reason
    assert error.line == 3  # the PNG signature holds two newlines before its first NUL


def test_nul_byte_in_text_is_refused_with_its_line() -> None:
    error = refusal(f"{HEADER}\nr1,Family,Booking,4\nr2,Fam\x00ily,Booking,4\n".encode())
    assert "NUL byte" in error.reason
    assert error.line == 3


@pytest.mark.parametrize("data", [b"\x00\x01\x02\x03" * 40, png_header() + b"\x00" * 200])
def test_other_binary_data_is_refused(data: bytes) -> None:
    refusal(data)


def test_bytes_undefined_in_windows_1252_are_refused_with_their_line() -> None:
    """0x81 is neither UTF-8 nor Windows-1252: no supported encoding reads the file."""
    data = b"respondent_id,persona,stage,emotion\nr1,Family,Booking,4\nr2,Fam\x81ly,Booking,4\n"
    error = refusal(data)
    assert error.line == 3
    assert "not UTF-8, UTF-16 or Windows-1252" in error.reason


def test_undecodable_bytes_far_into_a_file_are_refused_before_any_row_is_read() -> None:
    good = "".join(f"r{i},Family,Booking,4\n" for i in range(20_000))
    data = f"{HEADER}\n{good}".encode() + b"r,Fam\x8dly,Booking,4\n"
    with pytest.raises(FileRefused) as caught:
        table_of(data)  # refused on opening: no row is handed out first
    assert caught.value.line == 20_002


def test_undecodable_utf16_is_refused_with_the_line_of_the_bad_bytes() -> None:
    def encode(text: str) -> bytes:
        return text.encode("utf-16-le")

    data = (
        codecs.BOM_UTF16_LE
        + encode("respondent_id\tpersona\tstage\temotion\r\nr1\tFamily\tBooking\t4\r\nr2\t")
        + b"\x00\xd8"  # a lone high surrogate: no text
        + encode("x\tBooking\t4\r\n")
    )
    assert refusal(data).line == 3


def test_inspect_bytes_hashes_the_whole_file() -> None:
    data = codecs.BOM_UTF8 + f"{HEADER}\nr1,Café,Booking,4\n".encode()
    facts = inspect_bytes(io.BytesIO(data), "wave.csv")
    assert facts.content_hash == hashlib.sha256(data).hexdigest()
    assert facts.size == len(data)
    assert facts.encoding == "utf-8-sig"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (b"a,b\nc,d\n", "utf-8"),
        ("a,b\nCafé,d\n".encode(), "utf-8"),
        (b"a,b\nCaf\xe9,d\n", "cp1252"),
        ("a\tb\nc\td\n".encode("utf-16"), "utf-16"),
        ("a\tb\nc\td\n".encode("utf-16-le"), "utf-16-le"),
    ],
)
def test_inspect_bytes_chooses_the_encoding(data: bytes, encoding: str) -> None:
    assert inspect_bytes(io.BytesIO(data), "x.csv").encoding == encoding


def test_inspect_bytes_falls_back_to_windows_1252_when_utf8_breaks_late() -> None:
    """A bad UTF-8 byte after the sniffed head still decides the whole file's encoding."""
    data = b"a,b\n" + b"plain,row\n" * 10_000 + b"caf\xe9,x\n"
    assert inspect_bytes(io.BytesIO(data), "x.csv").encoding == "cp1252"
    assert list(table_of(data).rows)[-1] == (10_002, ["café", "x"])


def test_inspect_bytes_refuses_an_empty_stream() -> None:
    with pytest.raises(FileRefused, match="empty"):
        inspect_bytes(io.BytesIO(b""), "x.csv")


def test_the_callers_stream_stays_open_after_reading() -> None:
    stream = io.BytesIO(f"{HEADER}\nr1,Family,Booking,4\n".encode())
    list(open_table(stream, "x.csv").rows)
    assert not stream.closed


LONG = "respondent_id,persona,stage,emotion\nr1,Zoë,Café,4\nr2,Ana,Booking,5\n"


def table_parts(
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
    found, _, header, rows = table_parts(data)
    assert found == encoding
    assert header == ["respondent_id", "persona", "stage", "emotion"]
    assert rows == [(2, ["r1", "Zoë", "Café", "4"]), (3, ["r2", "Ana", "Booking", "5"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(delimiter: str) -> None:
    _, found, header, rows = table_parts(LONG.replace(",", delimiter).encode())
    assert found == delimiter and len(header) == 4 and rows[1][1][3] == "5"


def test_excel_unicode_text_is_utf16_tabs() -> None:
    found, delimiter, _, rows = table_parts(
        LONG.replace(",", "\t").replace("\n", "\r\n").encode("utf-16")
    )
    assert (found, delimiter) == ("utf-16", "\t") and rows[0][1][1] == "Zoë"


def test_quoted_fields_with_newlines_keep_their_starting_line() -> None:
    data = b'id,comment,stage\n1,"two\nlines",A\n2,"three\nwhole\nlines",B\n3,plain,C\n'
    assert [line for line, _ in table_parts(data)[3]] == [2, 4, 7]
    assert table_parts(data)[3][1][1][1] == "three\nwhole\nlines"


def test_blank_lines_keep_the_line_numbers() -> None:
    assert [line for line, _ in table_parts(b"a,b\n\n1,2\n,\n3,4\n")[3]] == [3, 5]


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
    assert table_parts(b"Q,q,Q,x\n1,2,3,4\n")[2] == ["Q", "q (2)", "Q (3)", "x"]


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
        table_parts(data)
    assert reason in refused.value.reason and refused.value.line == line


def test_a_touchpoint_that_mentions_recommendation_is_not_the_outcome() -> None:
    from journey.demo.journeys import FIRST_PURCHASE
    from journey.ingest.evidence import evidence_of_rows
    from journey.ingest.suggest import suggest_plans

    stages = [(s.name, [t for t, _ in s.touchpoints]) for s in FIRST_PURCHASE.stages]
    plans = suggest_plans(
        ["Q1", "Q2"],
        ["How was it? - Friend's recommendation", "How likely are you to recommend us?"],
        evidence_of_rows(2, [["4", "9"], ["3", "7"]]),
        stages,
    )
    assert [(p.role, p.stage, p.touchpoint) for p in plans] == [
        ("rating", "Discover", "Friend's recommendation"),
        ("outcome", None, None),
    ]


@pytest.mark.parametrize(
    ("header", "said"),
    [
        ("ResponseId,Q1,Q2\n", "wide export"),
        ("#,Q1,Submit Date (UTC)\n", "wide Typeform export"),
    ],
)
def test_peek_names_a_wide_export_once(header: str, said: str) -> None:
    peek = peek_table(io.BytesIO((header + "1,4,5\n").encode()), "w.csv")
    assert peek.describe().startswith(f"w.csv: {said} (one row per respondent)")
