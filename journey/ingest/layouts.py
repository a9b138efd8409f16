"""Recognising survey tools' export layouts from their header rows (DESIGN.md section 3)."""

import re
from dataclasses import dataclass

LONG = "long"
WIDE = "wide"
QUALTRICS = "Qualtrics"
SURVEYMONKEY = "SurveyMonkey"
GOOGLE_FORMS = "Google Forms"
TYPEFORM = "Typeform"
LONG_REQUIRED = ("respondent_id", "persona", "stage", "emotion")
_NON_WORD = re.compile(r"[\s\-]+")
DUPLICATE_SUFFIX = re.compile(r" \(\d+\)$")  # what `unique_headers` adds to a repeated name
_SURVEYMONKEY_PLAIN = {"", "response", "open-ended response"}
_NUMBER = re.compile(r"^[+-]?\d+([.,]\d+)?$")


@dataclass(frozen=True)
class Layout:
    """Which tool wrote the file, its column names, and how many rows the header takes."""

    tool: str
    header: list[str]
    header_rows: int
    descriptions: tuple[str, ...] = ()  # question texts, where the export carries them apart

    @property
    def is_long(self) -> bool:
        return self.tool == LONG


def header_key(name: str) -> str:
    """How a header cell is matched: case-insensitive, surrounding spaces ignored."""
    return _NON_WORD.sub("_", name.strip().lower())


def unique_headers(header: list[str]) -> list[str]:
    """Header names made unique: an empty one is `Column N`, later duplicates get " (2)"…"""
    seen: dict[str, int] = {}
    names = []
    for position, raw in enumerate(header, start=1):
        name = raw.strip() or f"Column {position}"
        count = seen.get(name.lower(), 0) + 1
        seen[name.lower()] = count
        names.append(name if count == 1 else f"{name} ({count})")
    return names


def surveymonkey_header(first: list[str], second: list[str]) -> list[str]:
    """Carry each merged heading across its blank cells and join it to the sub-heading."""
    names, heading = [], ""
    for index, top in enumerate(first):
        heading = top.strip() or heading
        sub = second[index].strip() if index < len(second) else ""
        if sub.lower() in _SURVEYMONKEY_PLAIN:
            names.append(heading)
        else:
            names.append(f"{heading} - {sub}" if heading else sub)
    return names


def _is_surveymonkey(first: list[str], second: list[str]) -> bool:
    """Whether the second row is SurveyMonkey's row of sub-headings rather than an answer.

    Exports with `Collector ID` are recognised by it. Without it (columns deleted, or an
    export of selected questions), by the second row's `Response` / `Open-Ended Response`
    marks, or by merged headings (blank cells in the first row over sub-headings in the
    second) with an empty cell under `Respondent ID`, which every answer row fills.
    """
    marks = {cell.strip().lower() for cell in second}
    if marks & {"response", "open-ended response"}:
        return True
    width = min(len(first), len(second))
    merged = [i for i in range(1, width) if not first[i].strip() and second[i].strip()]
    if not merged or any(_NUMBER.match(second[i].strip()) for i in merged):
        return False
    keys = [header_key(cell) for cell in first]
    if "respondent_id" not in keys:
        return False
    position = keys.index("respondent_id")
    return position < len(second) and not second[position].strip()


def meant_as_long(header: list[str]) -> bool:
    """Whether a header names at least two long-format columns: then a missing one is news."""
    return len({header_key(name) for name in header} & set(LONG_REQUIRED)) >= 2


def detect_layout(first_rows: list[list[str]]) -> Layout:
    """The layout of a file from its first (up to three) rows."""
    first = first_rows[0]
    cells = [cell.strip() for cell in first]
    keys = {header_key(cell) for cell in cells}
    third = first_rows[2] if len(first_rows) > 2 else []
    if sum(cell.strip().startswith('{"ImportId"') for cell in third) >= max(1, len(third) // 2):
        texts = tuple(cell.strip() for cell in first_rows[1])
        return Layout(QUALTRICS, unique_headers(first), 3, texts)
    if len(first_rows) > 1 and ("collector_id" in keys or _is_surveymonkey(first, first_rows[1])):
        return Layout(SURVEYMONKEY, unique_headers(surveymonkey_header(first, first_rows[1])), 2)
    if set(LONG_REQUIRED) <= keys:
        return Layout(LONG, unique_headers(first), 1)
    if cells and cells[0] == "Timestamp":
        return Layout(GOOGLE_FORMS, unique_headers(first), 1)
    if (cells and cells[0] == "#") or "Submit Date (UTC)" in cells:
        return Layout(TYPEFORM, unique_headers(first), 1)
    return Layout(WIDE, unique_headers(first), 1)
