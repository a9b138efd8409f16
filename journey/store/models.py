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
# What an overall outcome can measure (DESIGN.md section 4, "Outcome metrics").
OUTCOME_KINDS = ("nps", "csat", "ces", "yes/no", "numeric")
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
    # What the import's overall outcome measures (DESIGN.md section 4, "Outcome metrics"):
    # nps, csat, ces, yes/no or numeric, and the answer scale where it matters ("1:5").
    outcome_kind: str | None = None
    outcome_scale: str | None = None


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
    # Few indexes: every index costs the bulk import time. The unique key keeps responses
    # single; the import's, appended in order (the cheapest index to keep), finds an
    # import's rows for its summaries and its deletion. Stage and persona deletions are
    # rare enough to scan for.
    import_id: int = _fk("survey_import.id")
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
    # The comment's sentiment (−1 … +1, and its label) and theme, stored when the journey's
    # comments are themed (after each import, and when the codebook changes).
    sentiment: float | None = None
    sentiment_label: str | None = None
    theme_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("theme.id", ondelete="SET NULL"), nullable=True),
    )


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


class JourneyTheme(SQLModel, table=True):
    """A theme of a journey's comments: from the team's codebook, discovered, or `Other`."""

    __tablename__ = "theme"
    __table_args__ = (UniqueConstraint("journey_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    name: str
    source: str  # codebook, discovered or other
    position: int  # largest first, Other last
    comments: int = 0
    terms: list[str] | None = Field(default=None, sa_column=Column(JSON))
    quotes: list[int] | None = Field(default=None, sa_column=Column(JSON))  # response ids


class JourneyCodebook(SQLModel, table=True):
    """The team's codebook of a journey, as the YAML file it imports and exports."""

    __tablename__ = "codebook"

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("journey.id", ondelete="CASCADE"), nullable=False, unique=True
        )
    )
    codebook_yaml: str = ""
    discovered: int | None = None  # how many themes to discover (None: chosen from the data)
    updated_at: datetime


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


# The summaries (journey/store/summaries.py): what the section-4 figures sum, kept per import
# and refreshed inside every transaction that adds or removes responses, so the pages read a
# few thousand rows instead of millions. Nothing else writes them.


class AttributeSummary(SQLModel, table=True):
    """Responses of one import counted per cell, respondent attributes and emotion value."""

    __tablename__ = "attribute_summary"

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    import_id: int = _fk("survey_import.id")
    stage_id: int = _fk("stage.id", index=False)
    persona_id: int = _fk("persona.id", index=False)
    wave: str
    responded_at: date | None = None
    channel: str | None = None
    # The responses' attributes as stored (JSON text); None when they have none, or when the
    # import's attributes are too varied to summarise (ImportSummary.attributes says which).
    attributes: str | None = None
    emotion: float | None = None
    responses: int
    n_below: int
    n_meets: int
    n_exceeds: int


class ResponseSummary(SQLModel, table=True):
    """The attribute summary without attributes: the rows the unfiltered figures read."""

    __tablename__ = "response_summary"

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    import_id: int = _fk("survey_import.id")
    stage_id: int = _fk("stage.id", index=False)
    persona_id: int = _fk("persona.id", index=False)
    wave: str
    responded_at: date | None = None
    channel: str | None = None
    emotion: float | None = None
    responses: int
    n_below: int
    n_meets: int
    n_exceeds: int


class RespondentSummary(SQLModel, table=True):
    """Respondents of one import with an emotion anywhere in the journey, per cell."""

    __tablename__ = "respondent_summary"

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = _fk("journey.id")
    import_id: int = _fk("survey_import.id")
    persona_id: int = _fk("persona.id", index=False)
    wave: str
    responded_at: date | None = None
    attributes: str | None = None
    # The channels of the respondent's rated responses, as a JSON list.
    channels: str
    respondents: int


class ImportSummary(SQLModel, table=True):
    """What makes an import's respondent counts add up (see journey/store/summaries.py)."""

    __tablename__ = "import_summary"

    import_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("survey_import.id", ondelete="CASCADE"), primary_key=True
        ),
    )
    journey_id: int = _fk("journey.id")
    # Every respondent rated each stage at most once: a stage's respondents are its ratings.
    stages_apart: bool
    # Every respondent has one persona, one date and one set of attributes in the import.
    journey_apart: bool
    # The attribute summary holds the responses' attributes.
    attributes: bool
    # Some respondents also rated in another import of the journey, of the same wave / of
    # another wave.
    shared_in_wave: bool
    shared_across_waves: bool


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
