"""The counts behind the section-4 figures: from the summaries where they answer, else the data.

Both paths return the same three things, so the figures computed from them agree to the last
digit (tests/store/test_counts.py compares them on random data under random filters):

- per stage (× persona or wave) and emotion value, the responses and expectation answers;
- per stage (× persona or wave), the distinct respondents with an emotion;
- per persona or wave (or for all), the distinct respondents with an emotion anywhere in the
  journey, the denominator of reach.

The summaries (journey/store/summaries.py) answer every filter but a respondent attribute of
an import whose attributes were too varied to summarise. Respondent counts come from them
only where adding them up is exact; otherwise those counts, and only those, are read from
the responses table.
"""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import pandas as pd
from sqlalchemy import (
    JSON,
    ColumnElement,
    Label,
    Select,
    case,
    cast,
    distinct,
    func,
    select,
    type_coerce,
)
from sqlalchemy.engine import Connection, Engine
from sqlmodel import col

from journey.store.filters import Filters, response_conditions
from journey.store.models import (
    AttributeSummary,
    ImportSummary,
    Persona,
    RespondentSummary,
    Response,
    ResponseSummary,
    SurveyImport,
)

Split = Literal["persona", "wave"] | None
HISTOGRAM_COLUMNS = ["emotion", "responses", "n_below", "n_meets", "n_exceeds"]
EXPECTATION_LABELS = ("below", "meets", "exceeds")
Summary = type[ResponseSummary] | type[AttributeSummary]


@dataclass(frozen=True)
class Counts:
    """What the figures of one journey under some filters are computed from."""

    # stage_id, the split's column (persona or wave) if any, then HISTOGRAM_COLUMNS.
    histogram: pd.DataFrame
    # stage_id, the split's column if any, respondents.
    respondents: pd.DataFrame
    # Distinct respondents with an emotion anywhere in the journey, per persona or wave
    # (the key is None when the figures are not split).
    reach_base: dict[str | None, int]
    # Where the counts came from: "summaries", "responses", or "summaries and responses".
    source: str


@dataclass(frozen=True)
class _Plan:
    """Which counts the summaries can give for a view."""

    table: Summary | None  # None: everything from the responses table
    stage_respondents: bool
    journey_respondents: bool

    @property
    def source(self) -> str:
        if self.table is None:
            return "responses"
        exact = self.stage_respondents and self.journey_respondents
        return "summaries" if exact else "summaries and responses"


RESPONSES_ONLY = _Plan(None, False, False)


def stage_counts(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters,
    split: Split = None,
    from_summaries: bool = True,
) -> Counts:
    """The counts per stage (× persona or wave) and the reach base, from one snapshot.

    `from_summaries=False` reads the responses table only: the reference the summaries are
    tested and benchmarked against.
    """
    with snapshot(engine) as connection:
        plan = _plan(connection, journey_id, filters, split) if from_summaries else RESPONSES_ONLY
        if plan.table is None:
            histogram = _response_histogram(connection, journey_id, filters, split)
        else:
            histogram = _summary_histogram(connection, plan.table, journey_id, filters, split)
        keys = ["stage_id", *([split] if split else [])]
        if plan.stage_respondents:
            # Nobody rated a stage twice: a stage's respondents are its ratings.
            rated = histogram[histogram["emotion"].notna()]
            respondents = (
                rated.groupby(keys, sort=False, dropna=False)["responses"]
                .sum()
                .rename("respondents")
                .reset_index()
            )
        else:
            respondents = _response_stage_respondents(connection, journey_id, filters, split)
        reach = (
            _summary_reach(connection, journey_id, filters, split)
            if plan.journey_respondents
            else _response_reach(connection, journey_id, filters, split)
        )
    return Counts(histogram[[*keys, *HISTOGRAM_COLUMNS]], respondents, reach, source=plan.source)


def reach_base(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters,
    split: Split = None,
    from_summaries: bool = True,
) -> dict[str | None, int]:
    """Distinct respondents with an emotion anywhere in the journey (per persona or wave)."""
    with snapshot(engine) as connection:
        plan = _plan(connection, journey_id, filters, split) if from_summaries else RESPONSES_ONLY
        if plan.journey_respondents:
            return _summary_reach(connection, journey_id, filters, split)
        return _response_reach(connection, journey_id, filters, split)


def response_dates(
    *, engine: Engine, journey_id: int, filters: Filters
) -> tuple[date | None, date | None]:
    """The first and last response date of the journey under the filters (None if undated)."""
    with snapshot(engine) as connection:
        table = _plan(connection, journey_id, filters, None).table
        if table is None:
            conditions = response_conditions(journey_id, filters)
            day = col(Response.responded_at)
        else:
            conditions = _summary_conditions(connection, table, journey_id, filters)
            day = col(table.responded_at)
        first, last = connection.execute(
            select(func.min(day), func.max(day)).where(*conditions)
        ).one()
    return first, last


def persona_names(*, engine: Engine, journey_id: int) -> list[str]:
    """Personas that have responses in the journey, by name."""
    with snapshot(engine) as connection:
        table = (
            ResponseSummary
            if summarised(connection=connection, journey_id=journey_id)
            else Response
        )
        query = (
            select(col(Persona.name))
            .distinct()
            .join(table, col(table.persona_id) == col(Persona.id))
            .where(col(table.journey_id) == journey_id)
            .order_by(col(Persona.name))
        )
        return [str(name) for name in connection.execute(query).scalars()]


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see the same state, even while an import commits."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        elif connection.dialect.name == "sqlite":
            # Python's sqlite3 opens no transaction for reads: each would see its own state.
            connection.exec_driver_sql("BEGIN")
        yield connection


def summarised(*, connection: Connection, journey_id: int) -> bool:
    """Whether every import of the journey has its summaries."""
    return _unsummarised(connection, journey_id, ()) == 0


def _unsummarised(connection: Connection, journey_id: int, waves: tuple[str, ...]) -> int:
    query = (
        select(func.count())
        .select_from(SurveyImport)
        .outerjoin(ImportSummary, col(ImportSummary.import_id) == col(SurveyImport.id))
        .where(col(SurveyImport.journey_id) == journey_id, col(ImportSummary.import_id).is_(None))
    )
    if waves:
        query = query.where(col(SurveyImport.wave).in_(waves))
    return int(connection.execute(query).scalar_one())


def _plan(connection: Connection, journey_id: int, filters: Filters, split: Split) -> _Plan:
    """What the summaries can answer for these filters, from what each import recorded."""
    if _unsummarised(connection, journey_id, filters.waves):
        return RESPONSES_ONLY  # written without its summaries: never guess
    query = select(
        col(ImportSummary.stages_apart),
        col(ImportSummary.journey_apart),
        col(ImportSummary.attributes),
        col(ImportSummary.shared_in_wave),
        col(ImportSummary.shared_across_waves),
    ).join(SurveyImport, col(SurveyImport.id) == col(ImportSummary.import_id))
    query = query.where(col(ImportSummary.journey_id) == journey_id)
    if filters.waves:
        query = query.where(col(SurveyImport.wave).in_(filters.waves))
    imports = connection.execute(query).all()
    if filters.attributes and not all(row.attributes for row in imports):
        return RESPONSES_ONLY
    # Respondents shared between imports are counted once per import: harmless only when
    # the imports fall in different groups, i.e. different waves with one wave per group.
    one_wave = split == "wave" or len(filters.waves) == 1
    shared = any(
        row.shared_in_wave or (row.shared_across_waves and not one_wave) for row in imports
    )
    return _Plan(
        AttributeSummary if filters.attributes else ResponseSummary,
        stage_respondents=not shared and all(row.stages_apart for row in imports),
        journey_respondents=not shared and all(row.journey_apart for row in imports),
    )


def _attribute_value(column: Any, name: str, dialect: str) -> ColumnElement[Any]:
    """An attribute's value in a stored JSON text, as Response.attributes[name] reads it."""
    document = type_coerce(column, JSON) if dialect == "sqlite" else cast(column, JSON)
    value: ColumnElement[Any] = document[name].as_string()
    return value


def _summary_conditions(
    connection: Connection,
    table: Summary | type[RespondentSummary],
    journey_id: int,
    filters: Filters,
) -> list[ColumnElement[Any]]:
    """The filters as conditions on a summary table, as response_conditions puts them."""
    conditions: list[ColumnElement[Any]] = [col(table.journey_id) == journey_id]
    if filters.personas:
        chosen = select(col(Persona.id)).where(col(Persona.name).in_(filters.personas))
        conditions.append(col(table.persona_id).in_(chosen))
    if filters.waves:
        conditions.append(col(table.wave).in_(filters.waves))
    if filters.date_from:
        conditions.append(col(table.responded_at) >= filters.date_from)
    if filters.date_to:
        conditions.append(col(table.responded_at) <= filters.date_to)
    if filters.channels:
        if table is RespondentSummary:
            # A respondent counts when any channel they rated through was chosen.
            sets = _channel_sets(connection, journey_id, filters)
            conditions.append(col(RespondentSummary.channels).in_(sets))
        else:
            channel = (
                ResponseSummary.channel if table is ResponseSummary else AttributeSummary.channel
            )
            conditions.append(col(channel).in_(filters.channels))
    if filters.attributes:
        if table is ResponseSummary:
            raise ValueError("the response summary has no attributes: read the attribute summary")
        stored = col(
            RespondentSummary.attributes
            if table is RespondentSummary
            else AttributeSummary.attributes
        )
        # The filter is read on each distinct set of attributes once, not on every row.
        matching = (
            select(stored)
            .distinct()
            .correlate(None)
            .where(col(table.journey_id) == journey_id, stored.is_not(None))
            .where(
                *[
                    _attribute_value(stored, name, connection.dialect.name).in_(values)
                    for name, values in filters.attribute_choices().items()
                ]
            )
        )
        conditions.append(stored.in_(matching))
    return conditions


def _channel_sets(connection: Connection, journey_id: int, filters: Filters) -> list[str]:
    """The respondent summary's channel sets that include a chosen channel."""
    query = (
        select(col(RespondentSummary.channels))
        .distinct()
        .where(col(RespondentSummary.journey_id) == journey_id)
    )
    chosen = set(filters.channels)
    return [text for text in connection.execute(query).scalars() if chosen & set(json.loads(text))]


def _split_column(table: Any, split: Split) -> list[Any]:
    if split == "persona":
        return [col(Persona.name).label("persona")]
    return [col(table.wave).label("wave")] if split == "wave" else []


def _with_persona(
    query: Select[*tuple[Any, ...]], table: Any, split: Split
) -> Select[*tuple[Any, ...]]:
    if split != "persona":
        return query
    return query.join(Persona, col(Persona.id) == col(table.persona_id))


def _frame(connection: Connection, query: Select[*tuple[Any, ...]]) -> pd.DataFrame:
    result = connection.execute(query)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def _summary_histogram(
    connection: Connection, table: Summary, journey_id: int, filters: Filters, split: Split
) -> pd.DataFrame:
    group = [col(table.stage_id).label("stage_id"), *_split_column(table, split)]
    emotion: Label[float | None] = col(table.emotion).label("emotion")
    query = select(
        *group,
        emotion,
        *[func.sum(getattr(table, name)).label(name) for name in HISTOGRAM_COLUMNS[1:]],
    ).where(*_summary_conditions(connection, table, journey_id, filters))
    query = _with_persona(query, table, split).group_by(*group, emotion)
    return _frame(connection, query)


def _summary_reach(
    connection: Connection, journey_id: int, filters: Filters, split: Split
) -> dict[str | None, int]:
    group = _split_column(RespondentSummary, split)
    query = select(*group, func.coalesce(func.sum(col(RespondentSummary.respondents)), 0)).where(
        *_summary_conditions(connection, RespondentSummary, journey_id, filters)
    )
    query = _with_persona(query, RespondentSummary, split).group_by(*group)
    return {(row[0] if group else None): int(row[-1]) for row in connection.execute(query)}


def _response_histogram(
    connection: Connection, journey_id: int, filters: Filters, split: Split
) -> pd.DataFrame:
    emotion: Label[float | None] = col(Response.emotion).label("emotion")
    expectation = col(Response.expectation)
    group = [col(Response.stage_id).label("stage_id"), *_split_column(Response, split)]
    query = select(
        *group,
        emotion,
        func.count().label("responses"),
        *[
            func.count(case((expectation == label, 1))).label(f"n_{label}")
            for label in EXPECTATION_LABELS
        ],
    ).where(*response_conditions(journey_id, filters))
    return _frame(connection, _with_persona(query, Response, split).group_by(*group, emotion))


def _response_stage_respondents(
    connection: Connection, journey_id: int, filters: Filters, split: Split
) -> pd.DataFrame:
    group = [col(Response.stage_id).label("stage_id"), *_split_column(Response, split)]
    query = select(
        *group, func.count(distinct(col(Response.respondent_id))).label("respondents")
    ).where(*response_conditions(journey_id, filters), col(Response.emotion).is_not(None))
    return _frame(connection, _with_persona(query, Response, split).group_by(*group))


def _response_reach(
    connection: Connection, journey_id: int, filters: Filters, split: Split
) -> dict[str | None, int]:
    group = _split_column(Response, split)
    query = select(*group, func.count(distinct(col(Response.respondent_id)))).where(
        *response_conditions(journey_id, filters), col(Response.emotion).is_not(None)
    )
    query = _with_persona(query, Response, split).group_by(*group)
    return {(row[0] if group else None): int(row[-1]) for row in connection.execute(query)}
