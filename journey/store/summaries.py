"""The summaries: what the section-4 figures sum, kept per import, refreshed with the data.

Every transaction that adds or removes responses refreshes the summaries of the imports it
touched (`refresh_summaries`), so they always equal what the responses table would give;
journey/store/counts.py reads them. An import counts its responses by cell as it stores them
(`summarise_import`), which spares the GROUP BY over them, the costliest query of an import;
when a duplicate was skipped it falls back to the GROUP BY. Their grain, and why respondent
counts stay exact:

- `attribute_summary`: one row per import × stage × persona × response date × channel ×
  respondent attributes × emotion value, with the number of responses and of each
  expectation answer. These are the columns the filters select on (journey, persona, wave,
  dates, channels, attributes) and the figures split by (stage, persona, wave), so every
  filter is a condition on a few rows. Emotion values are part of the key rather than
  summed: the figures add them up exactly from these counts (journey/analysis/kpis.py), so
  the result does not depend on the order a database adds floating-point numbers in, and
  both paths agree to the last digit. Survey scales have few points: a few rows per cell.
- `response_summary`: the same without attributes, which every view without an attribute
  filter reads (ten times fewer rows in the benchmark).
- `respondent_summary`: per import × persona × response date × attributes × set of channels,
  the respondents with an emotion anywhere in the journey (the denominator of reach).
- `import_summary`: per import, whether its respondent counts may be added up.

A sum of distinct counts is a distinct count only when no respondent is in two of the rows
summed. Each import records whether that holds inside it — every respondent rated each
stage at most once (then a stage's respondents are its ratings), and has one persona, one
date and one set of attributes (then they are in one row of the respondent summary) — and
whether any of its respondents also rated in another import of the journey, in the same
wave or another one. Where nothing is shared, or where the views take one wave per group,
every count comes from the summaries: one file per wave of fresh respondents, the usual
case, and the demo and the benchmark. Otherwise the respondent counts, and only those, are
taken from the responses table (journey/store/counts.py decides, view by view).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    case,
    cast,
    delete,
    distinct,
    exists,
    func,
    insert,
    literal,
    literal_column,
    null,
    select,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from journey.store.models import (
    MAX_ATTRIBUTE_VALUES,
    AttributeSummary,
    ImportSummary,
    RespondentSummary,
    Response,
    ResponseSummary,
    SurveyImport,
)

# An import whose attributes combine into more sets than this is summarised without them
# (an attribute filter then reads its responses): the summary would be as long as the data.
MAX_ATTRIBUTE_SETS = 1_000
SUMMARY_TABLES = (AttributeSummary, ResponseSummary, RespondentSummary, ImportSummary)


# A response's summary cell as an import writes it: stage id, persona id, emotion, channel,
# response date (ISO text), attributes (JSON text), then its expectation answer.
Cell = tuple[int, int, float | None, str | None, str | None, str | None, str | None]
EXPECTATIONS = ("below", "meets", "exceeds")


@dataclass(frozen=True)
class _Import:
    journey_id: int
    wave: str
    attributes: dict[str, list[str]] | None


def refresh_summaries(*, session: Session, import_ids: Iterable[int]) -> None:
    """Recompute the summaries of these imports from their responses (caller's transaction)."""
    for import_id in sorted(set(import_ids)):
        _refresh(session, import_id, None)


def summarise_import(*, session: Session, import_id: int, counted: Counter[Cell]) -> None:
    """Summarise a new import whose responses were counted by cell as they were written.

    The counts stand in for one pass over the import's responses (the import's costliest
    query); the respondent counts are still read from the responses (caller's transaction).
    """
    _refresh(session, import_id, counted)


def _refresh(session: Session, import_id: int, counted: Counter[Cell] | None) -> None:
    _forget(session, import_id)
    found = session.execute(
        select(
            col(SurveyImport.journey_id),
            col(SurveyImport.wave),
            col(SurveyImport.attribute_values),
        ).where(col(SurveyImport.id) == import_id)
    ).one_or_none()
    if found is not None:
        _summarise(session, import_id, _Import(found[0], found[1], found[2]), counted)


def forget_summaries(*, session: Session, import_ids: Iterable[int]) -> None:
    """Drop the summaries of imports about to be deleted (caller's transaction)."""
    for import_id in set(import_ids):
        _forget(session, import_id)


def imports_of_stage(*, session: Session, stage_id: int) -> list[int]:
    """The imports that hold responses to the stage (read off the summaries)."""
    query = (
        select(col(ResponseSummary.import_id))
        .distinct()
        .where(col(ResponseSummary.stage_id) == stage_id)
    )
    return [int(i) for i in session.execute(query).scalars()]


def _forget(session: Session, import_id: int) -> None:
    for table in SUMMARY_TABLES:
        session.execute(delete(table).where(col(table.import_id) == import_id))


def _summarise(
    session: Session, import_id: int, batch: _Import, counted: Counter[Cell] | None
) -> None:
    # On PostgreSQL two imports into one journey may commit side by side: each would miss
    # the other's respondents when checking for shared ones. One at a time per journey.
    if session.get_bind().dialect.name == "postgresql":
        key = f"journey summaries {batch.journey_id}"
        session.execute(select(func.pg_advisory_xact_lock(func.hashtext(key))))
    with_attributes = _attributes_summarisable(batch.attributes)
    if counted is None:
        _count_cells(session, import_id, batch, with_attributes)
    else:
        _store_cells(session, import_id, batch, with_attributes, counted)
    _roll_up(session, import_id, batch)
    groups = _count_respondents(session, import_id, batch, with_attributes)
    session.add(
        ImportSummary(
            import_id=import_id,
            journey_id=batch.journey_id,
            stages_apart=all(g.rated == g.stages for g in groups),
            journey_apart=not any(g.mixed for g in groups),
            attributes=with_attributes,
            shared_in_wave=any(g.shared_in_wave for g in groups),
            shared_across_waves=any(g.shared_across_waves for g in groups),
        )
    )
    session.flush()


def _attributes_summarisable(values: dict[str, list[str]] | None) -> bool:
    """Whether the import's attributes are few enough to be part of the summary's key.

    The import records up to MAX_ATTRIBUTE_VALUES + 1 values per attribute: more than the
    limit means an id-like attribute, which would make every respondent a cell of its own.
    """
    sets = 1
    for found in (values or {}).values():
        if len(found) > MAX_ATTRIBUTE_VALUES:
            return False
        sets *= len(found) + 1  # + 1: the attribute may be missing
    return sets <= MAX_ATTRIBUTE_SETS


def _attributes_key(with_attributes: bool) -> ColumnElement[Any]:
    """The responses' attributes as text (the stored JSON), or nothing."""
    return cast(col(Response.attributes) if with_attributes else null(), String)


CELL_COLUMNS = ("stage_id", "persona_id", "emotion", "channel", "responded_at")
COUNT_COLUMNS = ("responses", "n_below", "n_meets", "n_exceeds")


def _count_cells(session: Session, import_id: int, batch: _Import, with_attributes: bool) -> None:
    """Fill the attribute summary from the import's responses (one GROUP BY)."""
    expectation = col(Response.expectation)
    attributes = _attributes_key(with_attributes)
    # The import's journey and wave are the same on every row: constants, not sort keys.
    cells: list[Any] = [col(getattr(Response, name)) for name in CELL_COLUMNS]
    constants: list[ColumnElement[Any]] = [
        literal(import_id),
        literal(batch.journey_id),
        literal(batch.wave),
    ]
    counts = (
        select(
            *constants,
            *cells,
            attributes,
            func.count(),
            *[func.count(case((expectation == label, 1))) for label in EXPECTATIONS],
        )
        .where(col(Response.import_id) == import_id)
        # PostgreSQL refuses a constant in GROUP BY: without attributes there is none to group.
        .group_by(*cells, *([attributes] if with_attributes else []))
    )
    head = ["import_id", "journey_id", "wave", *CELL_COLUMNS]
    session.execute(
        insert(AttributeSummary).from_select([*head, "attributes", *COUNT_COLUMNS], counts)
    )


def _store_cells(
    session: Session,
    import_id: int,
    batch: _Import,
    with_attributes: bool,
    counted: Counter[Cell],
) -> None:
    """Fill the attribute summary from cells counted while the import wrote its responses."""
    totals: dict[tuple[Any, ...], list[int]] = {}
    for (*cell, attributes, expectation), count in counted.items():
        key = (*cell, attributes if with_attributes else None)
        found = totals.get(key)
        if found is None:
            found = totals[key] = [0, 0, 0, 0]
        found[0] += count
        if expectation in EXPECTATIONS:
            found[1 + EXPECTATIONS.index(expectation)] += count
    # Straight to the driver, as the responses were: the ORM's per-row work would cost more
    # than the counting saved. SQLite stores dates as ISO text; PostgreSQL takes dates.
    sqlite = session.get_bind().dialect.name == "sqlite"
    days: dict[str | None, object] = {
        day: day if sqlite else date.fromisoformat(day) for day in {key[4] for key in totals} if day
    }
    days[None] = None
    head = (import_id, batch.journey_id, batch.wave)
    rows = [
        (*head, stage, persona, emotion, channel, days[day], attributes, *counts)
        for (stage, persona, emotion, channel, day, attributes), counts in totals.items()
    ]
    columns = ("import_id", "journey_id", "wave", *CELL_COLUMNS, "attributes", *COUNT_COLUMNS)
    mark = "?" if session.get_bind().dialect.paramstyle == "qmark" else "%s"
    statement = (
        f"INSERT INTO {AttributeSummary.__tablename__} ({', '.join(columns)}) "
        f"VALUES ({', '.join([mark] * len(columns))})"
    )
    if rows:
        session.connection().exec_driver_sql(statement, rows)


def _roll_up(session: Session, import_id: int, batch: _Import) -> None:
    """Fill the response summary from the attribute summary (attributes added up)."""
    head = ["import_id", "journey_id", "wave", *CELL_COLUMNS]
    constants: list[ColumnElement[Any]] = [
        literal(import_id),
        literal(batch.journey_id),
        literal(batch.wave),
    ]
    kept: list[Any] = [col(getattr(AttributeSummary, name)) for name in CELL_COLUMNS]
    rollup = (
        select(
            *constants,
            *kept,
            *[func.sum(getattr(AttributeSummary, name)) for name in COUNT_COLUMNS],
        )
        .where(col(AttributeSummary.import_id) == import_id)
        .group_by(*kept)
    )
    session.execute(insert(ResponseSummary).from_select([*head, *COUNT_COLUMNS], rollup))


@dataclass(frozen=True)
class _Group:
    """Respondents of the import who share a persona, date, attributes and channels."""

    rated: int  # their ratings
    stages: int  # their distinct (respondent, stage) pairs
    mixed: bool  # some have several personas, dates or sets of attributes
    shared_in_wave: bool
    shared_across_waves: bool


def _channel_set(dialect: str) -> ColumnElement[str]:
    """The distinct channels of a respondent's rows as a JSON list (order not significant)."""
    if dialect == "postgresql":
        return literal_column(
            "coalesce(CAST(json_agg(DISTINCT response.channel ORDER BY response.channel) "
            "FILTER (WHERE response.channel IS NOT NULL) AS TEXT), '[]')",
            String,
        )
    # json_quote(NULL) is 'null', not NULL: rows without a channel are left out first.
    return literal_column(
        "'[' || coalesce(group_concat(DISTINCT CASE WHEN response.channel IS NOT NULL "
        "THEN json_quote(response.channel) END), '') || ']'",
        String,
    )


def _single(value: Any) -> ColumnElement[bool]:
    """True when the grouped rows all have the same value here, or all have none."""
    return (func.count(value) == 0) | (
        (func.count(value) == func.count()) & (func.min(value) == func.max(value))
    )


def _count_respondents(
    session: Session, import_id: int, batch: _Import, with_attributes: bool
) -> list[_Group]:
    """Fill the respondent summary from the import's rated responses, one pass per respondent."""
    attributes = _attributes_key(with_attributes)
    other = aliased(Response)
    others = select(col(SurveyImport.wave)).where(
        col(SurveyImport.journey_id) == batch.journey_id, col(SurveyImport.id) != import_id
    )
    other_waves = set(session.execute(others).scalars())

    def rated_elsewhere(*, same_wave: bool) -> ColumnElement[int]:
        """1 for a respondent who rated in another import of the journey (that wave or not)."""
        possible = batch.wave in other_waves if same_wave else bool(other_waves - {batch.wave})
        if not possible:  # no other import to look in: the first file of a wave, usually
            return literal(0)
        wave = col(other.wave)
        found = exists().where(
            col(other.journey_id) == batch.journey_id,
            col(other.respondent_id) == col(Response.respondent_id),
            (wave == batch.wave) if same_wave else (wave != batch.wave),
            col(other.import_id) != import_id,
            col(other.emotion).is_not(None),
        )
        return case((found, 1), else_=0)

    persona, day = col(Response.persona_id), col(Response.responded_at)
    per_respondent = (
        select(
            func.min(persona).label("persona_id"),
            func.min(day).label("responded_at"),
            func.min(attributes).label("attributes"),
            _channel_set(session.get_bind().dialect.name).label("channels"),
            func.count().label("rated"),
            func.count(distinct(col(Response.stage_id))).label("stages"),
            case((_single(persona) & _single(day) & _single(attributes), 0), else_=1).label(
                "mixed"
            ),
            rated_elsewhere(same_wave=True).label("in_wave"),
            rated_elsewhere(same_wave=False).label("across_waves"),
        )
        .where(col(Response.import_id) == import_id, col(Response.emotion).is_not(None))
        .group_by(col(Response.respondent_id))
        .subquery()
    )
    found = per_respondent.c
    key = [found.persona_id, found.responded_at, found.attributes, found.channels]
    query = select(
        *key,
        func.count(),
        func.sum(found.rated),
        func.sum(found.stages),
        func.max(found.mixed),
        func.max(found.in_wave),
        func.max(found.across_waves),
    ).group_by(*key)
    groups: list[_Group] = []
    rows: list[dict[str, Any]] = []
    for persona_id, responded_at, attribute_text, channels, respondents, *facts in session.execute(
        query
    ).all():
        rated, stages, mixed, in_wave, across = facts
        groups.append(_Group(int(rated), int(stages), bool(mixed), bool(in_wave), bool(across)))
        rows.append(
            {
                "journey_id": batch.journey_id,
                "import_id": import_id,
                "persona_id": persona_id,
                "wave": batch.wave,
                "responded_at": _as_date(responded_at),
                "attributes": attribute_text,
                "channels": channels,
                "respondents": int(respondents),
            }
        )
    if rows:
        session.execute(insert(RespondentSummary), rows)
    return groups


def _as_date(value: date | str | None) -> date | None:
    """A date from an aggregate (SQLite's min of a date column comes back as text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value
