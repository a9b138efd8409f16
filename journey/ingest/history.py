"""The import history: every file imported, and deleting exactly the rows one import added."""

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.store.db import writing
from journey.store.models import Outcome, Response, SurveyImport
from journey.store.queries import frame_of


def import_table(engine: Engine, journey_id: int) -> pd.DataFrame:
    """Imports of a journey, newest first: file, layout, wave, when, read / kept / rejected."""
    query = (
        select(
            SurveyImport.id,
            SurveyImport.file_name,
            SurveyImport.layout,
            SurveyImport.wave,
            SurveyImport.imported_at,
            SurveyImport.rows_read,
            SurveyImport.rows_kept,
            SurveyImport.rows_rejected,
            SurveyImport.outcomes_kept,
            SurveyImport.new_personas,
        )
        .where(col(SurveyImport.journey_id) == journey_id)
        .order_by(col(SurveyImport.imported_at).desc(), col(SurveyImport.id).desc())
    )
    columns = [
        "import_id",
        "file",
        "layout",
        "wave",
        "imported_at",
        "read",
        "kept",
        "rejected",
        "outcomes",
        "new_personas",
    ]
    return frame_of(engine, query, columns)


def delete_import(engine: Engine, import_id: int) -> tuple[int, int]:
    """Delete one import with its responses and outcomes, in one transaction; counts removed."""
    with writing(engine) as session:
        if session.get(SurveyImport, import_id) is None:
            raise LookupError(f"no import #{import_id}")
        responses = session.exec(  # type: ignore[call-overload]
            select(func.count()).where(col(Response.import_id) == import_id)
        ).one()[0]
        outcomes = session.exec(  # type: ignore[call-overload]
            select(func.count()).where(col(Outcome.import_id) == import_id)
        ).one()[0]
        session.exec(delete(Response).where(col(Response.import_id) == import_id))  # type: ignore[call-overload]
        session.exec(delete(Outcome).where(col(Outcome.import_id) == import_id))  # type: ignore[call-overload]
        session.exec(delete(SurveyImport).where(col(SurveyImport.id) == import_id))  # type: ignore[call-overload]
    return int(responses), int(outcomes)
