"""Reading the first sheet of an Excel `.xlsx` workbook as rows of text."""

import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, BinaryIO

from journey.errors import FileRefused
from journey.ingest import limits

if TYPE_CHECKING:
    from journey.ingest.reading import Position

ZIP_MAGIC = b"PK\x03\x04"
MAX_EXPANDED_BYTES = 1 << 30  # 1 GiB of XML, far beyond any survey export
MAX_RATIO = 200  # real workbooks compress ~10:1; a zip bomb, thousands to one


def _check_archive(stream: BinaryIO, file_name: str) -> None:
    """Refuse a workbook that would expand to far more than its size, before expanding it."""
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRefused(file_name, "not a readable .xlsx workbook (broken zip archive)") from None
    packed = max(1, sum(member.compress_size for member in members))
    expanded = sum(member.file_size for member in members)
    if expanded > MAX_EXPANDED_BYTES or expanded / packed > MAX_RATIO:
        raise FileRefused(
            file_name,
            f"the workbook would expand to {expanded:,} bytes from {packed:,} "
            f"(more than {MAX_RATIO}× or {MAX_EXPANDED_BYTES:,} bytes): refused as a zip bomb",
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_rows(
    stream: BinaryIO, file_name: str, position: "Position"
) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's non-blank rows as text, with their row numbers (read lazily)."""
    stream.seek(0)
    _check_archive(stream, file_name)
    stream.seek(0)
    from openpyxl import load_workbook  # only when a workbook arrives: it is slow to import

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged workbook
        raise FileRefused(file_name, f"not a readable .xlsx workbook ({error})") from None
    return _sheet_rows(workbook, file_name, position)


def _sheet_rows(
    workbook: object, file_name: str, position: "Position"
) -> Iterator[tuple[int, list[str]]]:
    try:
        sheet = workbook.worksheets[0]  # type: ignore[attr-defined]
        position.total_rows = sheet.max_row  # from the sheet's own dimension; None if unsaid
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > limits.MAX_ROWS:
                reason = f"more than {limits.MAX_ROWS:,} rows: split the file"
                raise FileRefused(file_name, reason, number)
            row = [_text(value) for value in values]
            position.rows = number
            if any(cell.strip() for cell in row):
                yield number, row
    finally:
        workbook.close()  # type: ignore[attr-defined]
