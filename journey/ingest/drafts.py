"""Validated rows on their way into the database, shared by the long and wide readers."""

from dataclasses import dataclass
from datetime import date, datetime

from journey.ingest.scales import Scale

_DATE_FORMATS = ("%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d")


@dataclass(frozen=True)
class Draft:
    """A validated response, not yet checked against stored ones."""

    line: int
    column: str
    fields: tuple[str, ...]
    respondent_id: str
    persona: str
    stage_id: int
    touchpoint_id: int | None
    channel: str | None
    scale: Scale | None  # None for a stage-level response that carries no rating
    raw_value: float | None
    emotion: float | None
    expectation: str | None
    comment: str | None
    responded_at: date | None
    attributes: dict[str, str] | None


@dataclass(frozen=True)
class OutcomeDraft:
    """A respondent's overall outcome from one row of a wide file."""

    line: int
    column: str
    fields: tuple[str, ...]
    respondent_id: str
    value: float


def parse_date(text: str) -> date:
    """A response date in ISO form or a common survey-tool form; ValueError with the reason."""
    cleaned = text.strip()
    try:
        return datetime.fromisoformat(cleaned.replace(" UTC", "")).date()
    except ValueError:
        pass
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {cleaned[:40]!r}")
