"""Reading delimited text files as survey tools write them, or refusing them whole.

A file is read in two passes over its bytes: the first hashes it and settles the encoding
(so a bad byte near the end refuses the file before any row is used), the second parses it
row by row, so memory stays bounded whatever the file's size.
"""

import codecs
import contextlib
import csv
import hashlib
import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from journey.errors import FileRefused
from journey.ingest import limits
from journey.ingest.evidence import ColumnEvidence, column_evidence
from journey.ingest.layouts import LONG, WIDE, detect_layout
from journey.ingest.line_scan import LineCount, simple_line_count
from journey.ingest.progress import ProgressCallback, ProgressMeter
from journey.ingest.workbook import ZIP_MAGIC, xlsx_rows

if TYPE_CHECKING:
    from _csv import Reader as CsvReader

_BLOCK = 1 << 20
_SNIFF_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t", "|")
_ASCII_COMPATIBLE = ("utf-8", "utf-8-sig", "cp1252")  # what the byte scan can read
csv.field_size_limit(limits.MAX_CELL_CHARS)


@dataclass(frozen=True)
class FileFacts:
    """What the first pass learned: the content hash and how to decode the text."""

    content_hash: str
    encoding: str
    size: int


@dataclass
class Position:
    """How far the rows have been read: how many, and the share of the file behind them."""

    rows: int = 0  # rows read, the header's included
    total_rows: int | None = None  # known ahead for workbooks, which say their size
    size: int = 0
    tell: Callable[[], int] = field(default=lambda: 0, repr=False)
    header_rows: int = 1

    @property
    def data_rows(self) -> int:
        """The rows of answers read so far (the header rows not counted)."""
        return max(0, self.rows - self.header_rows)

    def fraction(self) -> float:
        """The share of the file read so far, 0 … 1."""
        if self.total_rows:  # the header rows are counted in both, and left out of both
            return min(1.0, self.data_rows / max(1, self.total_rows - self.header_rows))
        return min(1.0, self.tell() / self.size) if self.size else 0.0


@dataclass
class Table:
    """A parsed file: its layout, unique header names, then rows with the line each starts on."""

    file_name: str
    facts: FileFacts
    delimiter: str
    layout: str
    header: list[str]
    rows: Iterator[tuple[int, list[str]]] = field(repr=False)
    descriptions: tuple[str, ...] = ()
    header_rows: int = 1
    position: Position = field(default_factory=Position, repr=False)


def inspect_bytes(stream: BinaryIO, file_name: str) -> FileFacts:
    """Hash the file and choose its encoding: BOM, UTF-16 by its NULs, UTF-8, else Windows-1252."""
    stream.seek(0)
    digest = hashlib.sha256()
    head = stream.read(_SNIFF_BYTES)
    encoding = _encoding_from_head(head, file_name)
    utf8 = codecs.getincrementaldecoder("utf-8")() if encoding == "utf-8" else None
    size, block = 0, head
    while block:
        digest.update(block)
        if utf8 is not None:
            try:
                utf8.decode(block)
            except UnicodeDecodeError:
                # Not UTF-8 after all: Windows-1252, unless bytes it leaves undefined appear.
                utf8, encoding = None, "cp1252"
        size += len(block)
        block = stream.read(_BLOCK)
    if utf8 is not None:
        try:
            utf8.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
    if size == 0:
        raise FileRefused(file_name, "the file is empty")
    facts = FileFacts(digest.hexdigest(), encoding, size)
    if encoding == "cp1252":
        _check_decodes(
            stream, file_name, "cp1252", "bytes that are not UTF-8, UTF-16 or Windows-1252 text"
        )
    elif encoding.startswith("utf-16"):
        _check_decodes(stream, file_name, encoding, f"bytes that do not decode as {encoding}")
    return facts


def _encoding_from_head(head: bytes, file_name: str) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    nuls = head.count(b"\x00")
    if nuls and nuls >= len(head) // 4:
        # UTF-16 without a BOM: ASCII text leaves every other byte NUL.
        if head[1::2].count(0) > len(head) // 4:
            return "utf-16-le"
        if head[0::2].count(0) > len(head) // 4:
            return "utf-16-be"
    if nuls:
        line = head.count(b"\n", 0, head.index(b"\x00")) + 1
        raise FileRefused(file_name, "binary data, not a text table (NUL byte)", line)
    return "utf-8"


def _check_decodes(stream: BinaryIO, file_name: str, encoding: str, reason: str) -> None:
    """Decode the whole file once, so bad bytes are refused with their own line."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)()
    newlines = 0
    for block in iter(lambda: stream.read(_BLOCK), b""):
        try:
            newlines += decoder.decode(block).count("\n")
        except UnicodeDecodeError as error:
            good = block[: error.start].decode(encoding, errors="ignore")  # the readable part
            raise FileRefused(file_name, reason, newlines + good.count("\n") + 1) from None
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise FileRefused(file_name, reason, newlines + 1) from None


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the most, and most even, columns."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            widths = [
                len(row) for row in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
            ]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(width == widths[0] for width in widths), widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


def open_table(stream: BinaryIO, file_name: str) -> Table:
    """Open a CSV/TSV or `.xlsx` file and recognise its layout; rows are read lazily."""
    size = _size(stream)
    if size > limits.MAX_FILE_BYTES:
        raise FileRefused(
            file_name, f"the file has {size:,} bytes; the limit is {limits.MAX_FILE_BYTES:,}"
        )
    stream.seek(0)
    position = Position(size=size)
    if stream.read(4) == ZIP_MAGIC:
        facts = FileFacts(_sha256(stream), "xlsx", _size(stream))
        rows, delimiter = xlsx_rows(stream, file_name, position), ""
    else:
        facts = inspect_bytes(stream, file_name)
        stream.seek(0)
        text = io.TextIOWrapper(stream, encoding=facts.encoding, newline="")
        try:
            delimiter = sniff_delimiter(text.read(_SNIFF_BYTES))
        except UnicodeDecodeError:
            text.detach()
            reason = f"bytes that do not decode as {facts.encoding}"
            raise FileRefused(file_name, reason, _bad_line(stream, facts.encoding)) from None
        text.seek(0)
        position.tell = stream.tell
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        rows = _numbered_rows(text, reader, file_name, position)
    head = list(itertools.islice(rows, 3))
    if not head:
        raise FileRefused(file_name, "no header row: the file holds no table", 1)
    layout = detect_layout([row for _, row in head])
    position.header_rows = layout.header_rows
    if len(layout.header) > limits.MAX_COLUMNS:
        reason = (
            f"the header has {len(layout.header):,} columns; the limit is {limits.MAX_COLUMNS:,}"
        )
        raise FileRefused(file_name, reason, 1)
    body = itertools.chain(head[layout.header_rows :], rows)
    return Table(
        file_name,
        facts,
        delimiter,
        layout.tool,
        layout.header,
        body,
        layout.descriptions,
        layout.header_rows,
        position,
    )


def _bad_line(stream: BinaryIO, encoding: str) -> int:
    """The line of the first bytes that do not decode (1 if none fail in the first block)."""
    stream.seek(0)
    head = stream.read(_SNIFF_BYTES)
    try:
        head.decode(encoding)
    except UnicodeDecodeError as error:
        return head[: error.start].decode(encoding, errors="ignore").count("\n") + 1
    return 1


def _sha256(stream: BinaryIO) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(_BLOCK), b""):
        digest.update(block)
    return digest.hexdigest()


def _size(stream: BinaryIO) -> int:
    return stream.seek(0, io.SEEK_END)


def _numbered_rows(
    text: io.TextIOWrapper, reader: "CsvReader", file_name: str, position: Position
) -> Iterator[tuple[int, list[str]]]:
    """Rows with the physical line each starts on; blank lines are skipped.

    The text wrapper is detached at the end, so the caller's byte stream stays open.
    """
    line, count = 1, 0
    try:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                reason = str(error)
                if "unexpected end of data" in reason:
                    reason = "unterminated quoted field (a quote opened here is never closed)"
                elif "field larger than field limit" in reason:
                    reason = f"a cell longer than {limits.MAX_CELL_CHARS:,} characters"
                raise FileRefused(file_name, f"broken CSV structure: {reason}", line) from None
            except UnicodeDecodeError:
                raise FileRefused(file_name, "bytes that do not decode as text", line) from None
            if row and (row[0] or any(row)):  # a line of empty cells is not a row
                count += 1
                if count > limits.MAX_ROWS:
                    reason = f"more than {limits.MAX_ROWS:,} rows: split the file"
                    raise FileRefused(file_name, reason, line)
                position.rows = count
                yield line, row
            line = reader.line_num + 1
    finally:
        with contextlib.suppress(ValueError):  # the caller may have closed the stream already
            text.detach()


@dataclass(frozen=True)
class Peek:
    """A file as the upload page shows it: what was recognised, the first rows, and the
    evidence of every row (each column's distinct values) that the suggestions rest on."""

    file_name: str
    layout: str
    encoding: str
    delimiter: str
    content_hash: str
    size: int
    header: list[str]
    descriptions: tuple[str, ...]
    rows: list[list[str]]
    header_rows: int = 1
    row_count: int = 0
    evidence: tuple[ColumnEvidence, ...] = field(default=(), repr=False)

    def describe(self) -> str:
        """What was detected, in words."""
        tool = "" if self.layout == WIDE else f" {self.layout}"  # not "wide wide export"
        kind = (
            "long (one row per respondent × stage)"
            if self.layout == "long"
            else f"wide{tool} export (one row per respondent)"
        )
        encoding = {
            "utf-8-sig": "UTF-8 with BOM",
            "utf-8": "UTF-8",
            "cp1252": "Windows-1252",
            "xlsx": "Excel workbook",
        }.get(self.encoding, self.encoding.upper())
        delimiter = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(self.delimiter)
        parts = [kind, encoding] + ([f"{delimiter}-delimited"] if delimiter else [])
        return f"{self.file_name}: " + ", ".join(parts) + f", {len(self.header)} columns"

    def column_evidence(self, column: str) -> ColumnEvidence:
        """The whole file's evidence for one column (by its name)."""
        return self.evidence[self.header.index(column)]


def peek_table(
    stream: BinaryIO,
    file_name: str,
    rows: int = 200,
    progress: ProgressCallback | None = None,
    *,
    long_evidence: bool = True,
) -> Peek:
    """Read the whole file once: the first `rows` rows, and every column's distinct values.

    FileRefused if the file is unreadable, wherever the break is. Without `long_evidence`,
    a long file that the byte scan finds simple (so nothing in it can break) is only
    counted: the upload page needs no suggestions for it, and a million rows are counted in
    a fraction of a second instead of read one by one.
    """
    table = open_table(stream, file_name)
    if not long_evidence and (counted := _counted_long(stream, table, rows)) is not None:
        return counted
    meter = ProgressMeter("Reading", progress)
    evidence, count, first = column_evidence(
        len(table.header),
        table.rows,
        keep=rows,
        on_chunk=lambda done: meter.update(done, table.position.fraction()),
    )
    meter.finish(count)
    return _peek(table, first, count, tuple(evidence))


def simple_lines(
    stream: BinaryIO, table: Table, encodings: tuple[str, ...] = _ASCII_COMPATIBLE
) -> LineCount | None:
    """The table's lines counted by the byte scan (line_scan.py) when every line is one row
    under a one-line header, in an encoding the reader at hand takes; None otherwise, and
    None beyond the row limit. The stream is left where it was."""
    if table.position.header_rows != 1 or len(table.delimiter) != 1:
        return None
    if table.facts.encoding not in encodings:
        return None
    where = stream.tell()
    found = simple_line_count(stream, table.delimiter, len(table.header))
    stream.seek(where)
    return None if found is None or found.lines - 1 > limits.MAX_ROWS else found


def _counted_long(stream: BinaryIO, table: Table, rows: int) -> Peek | None:
    """A simple long file's peek, its rows counted by the byte scan; None for other files."""
    found = simple_lines(stream, table) if table.layout == LONG else None
    if found is None:
        return None
    first = [row for _, row in itertools.islice(table.rows, rows)]
    return _peek(table, first, found.lines - 1 - found.empty)


def _peek(
    table: Table,
    first: list[list[str]],
    count: int,
    evidence: tuple[ColumnEvidence, ...] = (),
) -> Peek:
    return Peek(
        table.file_name,
        table.layout,
        table.facts.encoding,
        table.delimiter,
        table.facts.content_hash,
        table.facts.size,
        table.header,
        table.descriptions,
        first,
        table.header_rows,
        count,
        evidence,
    )
