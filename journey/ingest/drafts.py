"""Validated rows on their way into the database, shared by the long and wide readers."""

from dataclasses import dataclass
from datetime import date

from journey.ingest.scales import Scale


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


@dataclass(frozen=True)
class UnreadDate:
    """A row whose date could not be read: its responses are kept, with no date."""

    line: int
    column: str
    text: str
