"""The import history: every file imported, and deleting exactly the rows one import added."""

import pandas as pd
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from journey.errors import JourneyError
from journey.ingest.progress import ProgressCallback, ProgressMeter
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


DELETE_STEP = 50_000  # response ids per statement, so that progress can be shown


def delete_import(
    *, engine: Engine, import_id: int, progress: ProgressCallback | None = None
) -> tuple[int, int]:
    """Delete one import with its responses and outcomes, in one transaction; counts removed.

    The responses go in slices of their ids, each slice reported to `progress`.
    """
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
        _delete_responses(
            session, import_id, int(responses), ProgressMeter("Deleting", progress, "responses")
        )
        session.execute(delete(Outcome).where(col(Outcome.import_id) == import_id))
        session.execute(delete(SurveyImport).where(col(SurveyImport.id) == import_id))
    return int(responses), int(outcomes)


def _delete_responses(session: Session, import_id: int, count: int, meter: ProgressMeter) -> None:
    mine = col(Response.import_id) == import_id
    low, high = session.execute(
        select(func.min(col(Response.id)), func.max(col(Response.id))).where(mine)
    ).one()
    done = 0
    if low is not None:
        for start in range(low, high + 1, DELETE_STEP):
            end = start + DELETE_STEP
            statement = delete(Response).where(
                mine, col(Response.id) >= start, col(Response.id) < end
            )
            done += session.execute(statement).rowcount  # type: ignore[attr-defined]
            meter.update(done, min(1.0, (end - low) / (high - low + 1)))
    meter.finish(count)
