"""Read-only queries behind the pages, returned as DataFrames (never ORM objects)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import Select, func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.store import counts
from journey.store.filters import Filters, response_conditions
from journey.store.models import (
    MAX_ATTRIBUTE_VALUES,
    Journey,
    JourneyTheme,
    Note,
    Persona,
    Response,
    Stage,
    SurveyImport,
    Touchpoint,
)


def frame_of(engine: Engine, query: Select[*tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    """The query's rows as a DataFrame with these column names."""
    with engine.connect() as connection:
        return pd.DataFrame(connection.execute(query).all(), columns=columns)


def journey_table(*, engine: Engine) -> pd.DataFrame:
    """Every journey: id, name, description, state, and the current-state journey it targets."""
    query = select(
        col(Journey.id),
        col(Journey.name),
        col(Journey.description),
        col(Journey.state),
        col(Journey.current_id),
    ).order_by(col(Journey.state), col(Journey.id))
    return frame_of(engine, query, ["journey_id", "name", "description", "state", "current_id"])


def stage_table(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """The journey's stages in order: id, name, position, goal and future-state targets."""
    query = (
        select(
            col(Stage.id),
            col(Stage.name),
            col(Stage.position),
            col(Stage.goal),
            col(Stage.target_emotion),
            col(Stage.target_meets_or_exceeds),
        )
        .where(col(Stage.journey_id) == journey_id)
        .order_by(col(Stage.position))
    )
    return frame_of(
        engine,
        query,
        ["stage_id", "stage", "position", "goal", "target_emotion", "target_meets_or_exceeds"],
    )


def future_targets(*, engine: Engine, journey_id: int) -> pd.DataFrame | None:
    """Targets of the future-state journey linked to this one, by stage name; None if none."""
    query = (
        select(col(Journey.id))
        .where(col(Journey.current_id) == journey_id)
        .order_by(col(Journey.id))
    )
    with engine.connect() as connection:
        future_id = connection.execute(query).scalar()
    if future_id is None:
        return None
    return stage_table(engine=engine, journey_id=future_id)[
        ["stage", "target_emotion", "target_meets_or_exceeds"]
    ]


def touchpoint_table(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """Touchpoints and channels per stage (with their ids), in stage and touchpoint order."""
    query = (
        select(
            col(Touchpoint.id),
            col(Stage.id),
            col(Stage.name),
            col(Touchpoint.name),
            col(Touchpoint.channel),
        )
        .join(Stage, col(Stage.id) == col(Touchpoint.stage_id))
        .where(col(Stage.journey_id) == journey_id)
        .order_by(col(Stage.position), col(Touchpoint.position), col(Touchpoint.id))
    )
    columns = ["touchpoint_id", "stage_id", "stage", "touchpoint", "channel"]
    return frame_of(engine, query, columns)


def note_table(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """Notes of the journey (stage empty for journey-wide notes), oldest first."""
    query = (
        select(
            col(Note.id),
            col(Stage.name),
            col(Note.kind),
            col(Note.text),
            col(Note.author),
            col(Note.created_at),
        )
        .outerjoin(Stage, col(Stage.id) == col(Note.stage_id))
        .where(col(Note.journey_id) == journey_id)
        .order_by(col(Note.created_at), col(Note.id))
    )
    return frame_of(engine, query, ["note_id", "stage", "kind", "text", "author", "created_at"])


def persona_names(*, engine: Engine, journey_id: int) -> list[str]:
    """Personas that have responses in the journey, by name (read off the summaries)."""
    return counts.persona_names(engine=engine, journey_id=journey_id)


def wave_table(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """Survey waves of the journey, in time order: name, files, responses, first import.

    A wave's time is its earliest response date (or, undated, its first import), so waves
    called "Spring" and "Autumn" still come in the order they happened.
    """
    imports = (
        select(
            col(SurveyImport.wave),
            func.count(),
            func.sum(SurveyImport.rows_kept),
            func.min(SurveyImport.imported_at),
            func.min(SurveyImport.first_response),
        )
        .where(col(SurveyImport.journey_id) == journey_id)
        .group_by(col(SurveyImport.wave))
    )
    waves = frame_of(
        engine, imports, ["wave", "files", "responses", "first_imported", "first_response"]
    )
    when = [
        str(day) if day is not None and not pd.isna(day) else str(imported)[:10]
        for day, imported in zip(waves["first_response"], waves["first_imported"], strict=True)
    ]
    return (
        waves.assign(when=when)
        .sort_values(["when", "wave"])
        .drop(columns="when")
        .reset_index(drop=True)
    )


def response_dates(
    *, engine: Engine, journey_id: int, filters: Filters
) -> tuple[date | None, date | None]:
    """The first and last response date of the journey under the filters (None if undated)."""
    return counts.response_dates(engine=engine, journey_id=journey_id, filters=filters)


ImportContents = tuple[date | None, date | None, list[str] | None, dict[str, list[str]] | None]


def _contents(engine: Engine, journey_id: int) -> list[ImportContents]:
    """What each import of the journey recorded: first and last date, channels, attributes."""
    query = select(
        col(SurveyImport.first_response),
        col(SurveyImport.last_response),
        col(SurveyImport.channels),
        col(SurveyImport.attribute_values),
    ).where(col(SurveyImport.journey_id) == journey_id)
    with engine.connect() as connection:
        return [
            (first, last, channels, attributes)
            for first, last, channels, attributes in connection.execute(query)
        ]


def channel_names(*, engine: Engine, journey_id: int) -> list[str]:
    """Channels the journey's responses came through (from what each import recorded)."""
    found = {c for _, _, channels, _ in _contents(engine, journey_id) for c in channels or []}
    return sorted(found)


def attribute_values(*, engine: Engine, journey_id: int) -> dict[str, list[str]]:
    """Respondent attributes that can filter (segment, region…) and their values.

    Attributes with more than MAX_ATTRIBUTE_VALUES values are ids, not segments: left out.
    """
    values: dict[str, set[str]] = {}
    for _, _, _, attributes in _contents(engine, journey_id):
        for name, found in (attributes or {}).items():
            values.setdefault(name, set()).update(found)
    return {
        name: sorted(found)
        for name, found in sorted(values.items())
        if len(found) <= MAX_ATTRIBUTE_VALUES
    }


def date_bounds(*, engine: Engine, journey_id: int) -> tuple[date | None, date | None]:
    """The first and last response date of the whole journey (from its imports)."""
    contents = _contents(engine, journey_id)
    firsts = [row[0] for row in contents if row[0]]
    lasts = [row[1] for row in contents if row[1]]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)


VERBATIM_LIMIT = 500


def verbatims(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters,
    stage: str | None = None,
    search: str = "",
    sentiment: str | None = None,
    theme: str | None = None,
    limit: int = VERBATIM_LIMIT,
) -> pd.DataFrame:
    """Comments with their stage, persona, rating, expectation, sentiment and theme, newest first.

    `sentiment` keeps one label (negative, neutral, positive); `theme` one theme by name.
    """
    query = (
        select(
            col(Stage.name),
            col(Persona.name),
            col(Response.comment),
            col(Response.raw_value),
            col(Response.emotion),
            col(Response.expectation),
            col(Response.sentiment),
            col(Response.sentiment_label),
            col(JourneyTheme.name),
            col(Response.wave),
            col(Response.responded_at),
        )
        .join(Stage, col(Stage.id) == col(Response.stage_id))
        .join(Persona, col(Persona.id) == col(Response.persona_id))
        .outerjoin(JourneyTheme, col(JourneyTheme.id) == col(Response.theme_id))
        .where(*response_conditions(journey_id, filters), col(Response.comment).is_not(None))
        .order_by(col(Response.responded_at).desc(), col(Response.id).desc())
        .limit(limit)
    )
    if stage:
        query = query.where(col(Stage.name) == stage)
    if search.strip():
        query = query.where(
            func.lower(col(Response.comment)).contains(search.strip().lower(), autoescape=True)
        )
    if sentiment:
        query = query.where(col(Response.sentiment_label) == sentiment)
    if theme:
        query = query.where(col(JourneyTheme.name) == theme)
    columns = ["stage", "persona", "comment", "rating", "emotion", "expectation", "sentiment",
               "sentiment_label", "theme", "wave", "responded_at"]  # fmt: skip
    return frame_of(engine, query, columns)


def all_persona_names(*, engine: Engine) -> list[str]:
    """Every persona's name, as defined."""
    with engine.connect() as connection:
        return [
            str(n)
            for n in connection.execute(
                select(col(Persona.name)).order_by(col(Persona.name))
            ).scalars()
        ]


@dataclass(frozen=True)
class ResponseCounts:
    """Stored responses of a journey: in all, per stage id and per touchpoint id."""

    journey: int
    stages: dict[int, int]
    touchpoints: dict[int, int]


def response_counts(*, engine: Engine, journey_id: int) -> ResponseCounts:
    """How many responses refer to the journey, each of its stages and each touchpoint."""
    query = (
        select(col(Response.stage_id), col(Response.touchpoint_id), func.count())
        .where(col(Response.journey_id) == journey_id)
        .group_by(col(Response.stage_id), col(Response.touchpoint_id))
    )
    stages: dict[int, int] = {}
    touchpoints: dict[int, int] = {}
    with engine.connect() as connection:
        for stage_id, touchpoint_id, number in connection.execute(query):
            stages[stage_id] = stages.get(stage_id, 0) + number
            if touchpoint_id is not None:
                touchpoints[touchpoint_id] = touchpoints.get(touchpoint_id, 0) + number
    return ResponseCounts(sum(stages.values()), stages, touchpoints)


def persona_table(*, engine: Engine) -> pd.DataFrame:
    """Every persona with its respondents (distinct ids per journey) and responses."""
    people = (
        select(col(Response.persona_id), col(Response.journey_id), col(Response.respondent_id))
        .distinct()
        .subquery()
    )
    respondents = (
        select(people.c.persona_id, func.count().label("respondents"))
        .group_by(people.c.persona_id)
        .subquery()
    )
    responses = (
        select(col(Response.persona_id), func.count().label("responses"))
        .group_by(col(Response.persona_id))
        .subquery()
    )
    query = (
        select(
            col(Persona.id),
            col(Persona.name),
            col(Persona.description),
            col(Persona.goals),
            col(Persona.pain_points),
            func.coalesce(respondents.c.respondents, 0),
            func.coalesce(responses.c.responses, 0),
        )
        .outerjoin(respondents, respondents.c.persona_id == col(Persona.id))
        .outerjoin(responses, responses.c.persona_id == col(Persona.id))
        .order_by(col(Persona.id))
    )
    columns = ["persona_id", "name", "description", "goals", "pain_points"]
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    frame = pd.DataFrame(rows, columns=[*columns, "respondents", "responses"])
    return frame.astype({"respondents": int, "responses": int})
