"""Deterministic rows stored straight into the tables, and the ids of named things."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.store.db import writing
from journey.store.lookups import find_journey, persona_ids, stage_index
from journey.store.models import (
    Journey,
    Outcome,
    Persona,
    Response,
    SavedMapping,
    Stage,
    SurveyImport,
    Touchpoint,
)
from journey.store.queries import stage_table
from journey.store.summaries import refresh_summaries

WIDE_MAPPING = """\
format: wide
respondent_id: id
persona: type
persona_names: {biz: Business traveller, fam: Family}
ratings:
- {column: q1, stage: Booking, touchpoint: Website, scale: '1:5'}
- {column: q2, stage: booking, touchpoint: App, scale: '1:5'}
- {column: q3, stage: Flight, scale: '1:5'}
expectations:
- {column: q4, stage: Booking}
comments:
- {column: q5, stage: Booking}
"""
TOUCHPOINT_COLUMNS = ["stage", "touchpoint", "channel"]


@dataclass(frozen=True)
class Answer:
    """One stored response: a respondent's rating of a stage (and touchpoint)."""

    respondent: str
    stage: str
    emotion: float | None = 0.0
    persona: str = "Business traveller"
    touchpoint: str | None = None
    expectation: str | None = None
    responded_at: date | None = None


def store_responses(
    engine: Engine,
    answers: Sequence[Answer],
    *,
    journey: str = "Air travel",
    wave: str = "W1",
    file_name: str = "w1.csv",
    outcomes: dict[str, float] | None = None,
    outcome_kind: str | None = None,
    outcome_scale: str | None = None,
) -> int:
    """One import (a file of a wave) holding these answers (and outcomes of a kind)."""
    with writing(engine) as session:
        found = find_journey(session=session, name=journey)
        assert found.id is not None
        index = stage_index(session=session, journey_id=found.id)
        personas = persona_ids(session=session)
        batch = SurveyImport(
            journey_id=found.id,
            file_name=file_name,
            content_hash=hashlib.sha256(f"{file_name}/{wave}".encode()).hexdigest(),
            wave=wave,
            imported_at=datetime(2026, 1, 1, tzinfo=UTC),
            rows_read=len(answers),
            rows_kept=len(answers),
            outcomes_kept=len(outcomes or {}),
            outcome_kind=outcome_kind,
            outcome_scale=outcome_scale,
        )
        session.add(batch)
        session.flush()
        assert batch.id is not None
        for line, answer in enumerate(answers, start=2):
            stage_id = index.stage_id(answer.stage)
            assert stage_id is not None, answer.stage
            point = index.touchpoint(stage_id, answer.touchpoint) if answer.touchpoint else None
            session.add(
                Response(
                    import_id=batch.id,
                    source_line=line,
                    journey_id=found.id,
                    stage_id=stage_id,
                    touchpoint_id=point[0] if point else None,
                    persona_id=personas[answer.persona.lower()],
                    respondent_id=answer.respondent,
                    wave=wave,
                    emotion=answer.emotion,
                    expectation=answer.expectation,
                    responded_at=answer.responded_at,
                )
            )
        refresh_summaries(session=session, import_ids=[batch.id])  # as the importer does
        for respondent, value in (outcomes or {}).items():
            session.add(
                Outcome(
                    import_id=batch.id,
                    journey_id=found.id,
                    respondent_id=respondent,
                    wave=wave,
                    value=value,
                )
            )
        return batch.id


def save_mapping(engine: Engine, mapping_yaml: str, *, journey: str = "Air travel") -> None:
    """A saved mapping of a wide export, as the upload page leaves it for the next wave."""
    with writing(engine) as session:
        found = find_journey(session=session, name=journey)
        assert found.id is not None
        session.add(
            SavedMapping(
                journey_id=found.id,
                signature=hashlib.sha256(mapping_yaml.encode()).hexdigest(),
                mapping_yaml=mapping_yaml,
                updated_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        )


def saved_mappings(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return [row.mapping_yaml for row in session.scalars(select(SavedMapping)).all()]


def count_rows(engine: Engine, table: type, *conditions: ColumnElement[bool]) -> int:
    """Rows of a table (matching the conditions)."""
    with Session(engine) as session:
        query = select(func.count()).select_from(table).where(*conditions)
        return int(session.execute(query).scalar_one())


def journey_id(engine: Engine, name: str = "Air travel") -> int:
    """The id of the journey of this name."""
    with Session(engine) as session:
        return int(
            session.execute(select(col(Journey.id)).where(col(Journey.name) == name)).scalar_one()
        )


def stage_id(engine: Engine, name: str, journey: str = "Air travel") -> int:
    """The id of the stage of this name in the journey."""
    query = (
        select(col(Stage.id))
        .join(Journey, col(Journey.id) == col(Stage.journey_id))
        .where(col(Journey.name) == journey, col(Stage.name) == name)
    )
    with Session(engine) as session:
        return int(session.execute(query).scalar_one())


def touchpoint_id(engine: Engine, stage: str, name: str, journey: str = "Air travel") -> int:
    """The id of the touchpoint of this name in the stage."""
    query = select(col(Touchpoint.id)).where(
        col(Touchpoint.stage_id) == stage_id(engine, stage, journey), col(Touchpoint.name) == name
    )
    with Session(engine) as session:
        return int(session.execute(query).scalar_one())


def persona_id(engine: Engine, name: str) -> int:
    """The id of the persona of this name."""
    with Session(engine) as session:
        return int(
            session.execute(select(col(Persona.id)).where(col(Persona.name) == name)).scalar_one()
        )


def stage_order(engine: Engine, journey: str = "Air travel") -> list[tuple[str, int]]:
    """The journey's stages with their positions, in order."""
    frame = stage_table(engine=engine, journey_id=journey_id(engine, journey))
    return list(zip(frame["stage"], frame["position"], strict=True))
