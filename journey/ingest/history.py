"""The import history: every file imported, and deleting exactly the rows one import added."""

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.errors import JourneyError
from journey.store.db import writing
from journey.store.models import Outcome, Response, SurveyImport
from journey.store.queries import frame_of
from journey.store.summaries import forget_summaries


def import_table(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """Imports of a journey, newest first: file, layout, wave, when, read / kept / rejected."""
    query = (
        select(
            col(SurveyImport.id),
            col(SurveyImport.file_name),
            col(SurveyImport.layout),
            col(SurveyImport.wave),
            col(SurveyImport.imported_at),
            col(SurveyImport.rows_read),
            col(SurveyImport.rows_kept),
            col(SurveyImport.rows_rejected),
            col(SurveyImport.outcomes_kept),
            col(SurveyImport.new_personas),
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


def delete_import(*, engine: Engine, import_id: int) -> tuple[int, int]:
    """Delete one import with its responses and outcomes, in one transaction; counts removed."""
    with writing(engine) as session:
        if session.get(SurveyImport, import_id) is None:
            raise JourneyError(
                f"There is no import #{import_id} (it may have been deleted meanwhile)."
            )
        responses = session.execute(
            select(func.count()).where(col(Response.import_id) == import_id)
        ).scalar_one()
        outcomes = session.execute(
            select(func.count()).where(col(Outcome.import_id) == import_id)
        ).scalar_one()
        # What the other imports recorded stays true without this one's responses (a
        # respondent they shared with it is at worst counted from the responses table).
        forget_summaries(session=session, import_ids=[import_id])
        session.execute(delete(Response).where(col(Response.import_id) == import_id))
        session.execute(delete(Outcome).where(col(Outcome.import_id) == import_id))
        session.execute(delete(SurveyImport).where(col(SurveyImport.id) == import_id))
    return int(responses), int(outcomes)
