"""Every table of Journey Lens (DESIGN.md section 1)."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

EXPECTATIONS = ("below", "meets", "exceeds")
NOTE_KINDS = ("insight", "pain point", "opportunity", "comment")
JOURNEY_STATES = ("current", "future")
FREQUENCIES = ("weekly", "monthly")
REPORT_FILES = ("pdf", "html", "pptx")  # what a subscription sends
UNSPECIFIED_PERSONA = "Unspecified"
# An attribute with more distinct values than this is an id, not a segment: no filter offers it.
MAX_ATTRIBUTE_VALUES = 50


def _fk(target: str, *, nullable: bool = False, index: bool = True) -> Any:
    """A foreign-key column that follows its parent when the parent is deleted."""
    return Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey(target, ondelete="CASCADE"),
            nullable=nullable,
            index=index,
        ),
    )


class Persona(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    goals: str = ""
    pain_points: str = ""


class Journey(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    description: str = ""
    state: str = "current"
    # A future-state journey is the target for one current-state journey.
    current_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("journey.id", ondelete="SET NULL"), nullable=True),
    )


class Stage(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("journey_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    name: str
    position: int
    goal: str = ""
    target_emotion: float | None = None
    target_meets_or_exceeds: float | None = None


class Touchpoint(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    stage_id: int = _fk("stage.id")
    name: str
    channel: str = ""
    position: int = 0


class SurveyImport(SQLModel, table=True):
    """One imported file: a batch of responses belonging to a survey wave."""

    __tablename__ = "survey_import"
    __table_args__ = (UniqueConstraint("journey_id", "wave", "content_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    file_name: str
    content_hash: str
    wave: str
    imported_at: datetime
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    outcomes_kept: int = 0
    layout: str = ""
    new_personas: str = ""
    # What the import holds, so the filters can offer their choices without reading every
    # response: the dates it spans, its channels, and its respondent attributes' values.
    first_response: date | None = None
    last_response: date | None = None
    channels: list[str] | None = Field(default=None, sa_column=Column(JSON))
    attribute_values: dict[str, list[str]] | None = Field(default=None, sa_column=Column(JSON))


class SavedMapping(SQLModel, table=True):
    """The mapping last used for a survey's wide export, offered again for its next wave."""

    __tablename__ = "saved_mapping"
    __table_args__ = (UniqueConstraint("journey_id", "signature"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    signature: str  # SHA-256 of the export's column names: same survey, same signature
    layout: str = ""
    mapping_yaml: str
    updated_at: datetime


class Response(SQLModel, table=True):
    __table_args__ = (
        # One response per (journey, respondent, stage, touchpoint, wave); a missing
        # touchpoint counts as one value, so the key is coalesced.
        Index(
            "uq_response_key",
            "journey_id",
            "respondent_id",
            "stage_id",
            text("coalesce(touchpoint_id, 0)"),
            "wave",
            unique=True,
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Only the unique key is indexed: every index costs the bulk import time, the KPI
    # queries read most of a journey's rows anyway, and deletions by import, stage or
    # persona are rare enough to scan for.
    import_id: int = _fk("survey_import.id", index=False)
    source_line: int
    journey_id: int = _fk("journey.id", index=False)
    stage_id: int = _fk("stage.id", index=False)
    touchpoint_id: int | None = _fk("touchpoint.id", nullable=True, index=False)
    persona_id: int = _fk("persona.id", index=False)
    respondent_id: str
    wave: str
    channel: str | None = None
    emotion: float | None = None
    raw_value: float | None = None
    scale_min: float | None = None
    scale_max: float | None = None
    expectation: str | None = None
    comment: str | None = None
    responded_at: date | None = None
    attributes: dict[str, str] | None = Field(default=None, sa_column=Column(JSON))


class Outcome(SQLModel, table=True):
    """A respondent's overall outcome in one wave (satisfaction, NPS…), for drivers."""

    __table_args__ = (UniqueConstraint("journey_id", "respondent_id", "wave"),)

    id: int | None = Field(default=None, primary_key=True)
    import_id: int = _fk("survey_import.id")
    journey_id: int = _fk("journey.id", index=False)
    respondent_id: str
    wave: str
    measure: str = "outcome"
    value: float


class Note(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    stage_id: int | None = _fk("stage.id", nullable=True)
    kind: str = "insight"
    text: str
    author: str = ""
    created_at: datetime


class Revision(SQLModel, table=True):
    """A counter bumped by every write, so caches know when the data changed."""

    id: int | None = Field(default=None, primary_key=True)
    value: int = 0


class Subscription(SQLModel, table=True):
    """A report sent by e-mail, weekly or monthly, of one journey under fixed filters."""

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    # journey.store.filters.Filters as JSON (see journey.catalog.subscriptions).
    filters: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    format: str = "pdf"  # one of REPORT_FILES
    recipients: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    frequency: str = "weekly"  # one of FREQUENCIES
    # Weekly: 0 = Monday … 6 = Sunday. Monthly: the day of the month, 1 … 31 (the last day of
    # a shorter month stands in for 29–31).
    day: int = 0
    created_at: datetime
    created_by: str = ""


class Delivery(SQLModel, table=True):
    """A report sent (or being sent) for one period of a subscription: never twice."""

    __table_args__ = (UniqueConstraint("subscription_id", "due_on"),)

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: int = _fk("subscription.id")
    due_on: date  # the scheduled day of the period this delivery stands for
    claimed_at: datetime  # when a `send-due` run took it on
    sent_at: datetime | None = None  # None until the mail server accepted it
    recipients: str = ""
    file_name: str = ""
    size: int = 0  # bytes of the attachment
