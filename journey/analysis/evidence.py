"""Evidence per stage: what the survey data measured, and what is still an assumption.

A stage with at least one stored response is *measured*: it shows how many responses and
respondents back it, from which waves, dates and source files. A stage without any is an
*assumption*: the map draws it, but nobody has asked customers about it yet.
"""

from datetime import date
from typing import Any

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.store.models import Response, SurveyImport
from journey.store.queries import stage_table

MEASURED = "measured"
ASSUMPTION = "assumption"
EVIDENCE_COLUMNS = [
    "stage_id",
    "stage",
    "position",
    "responses",
    "respondents",
    "waves",
    "first_responded_at",
    "last_responded_at",
    "source_files",
    "evidence",
]


def stage_evidence(*, engine: Engine, journey_id: int) -> pd.DataFrame:
    """One row per stage, in stage order: its responses, respondents, waves, dates, files."""
    counts = (
        select(
            col(Response.stage_id),
            func.count(),
            func.count(func.distinct(Response.respondent_id)),
            func.min(col(Response.responded_at)),
            func.max(col(Response.responded_at)),
        )
        .where(col(Response.journey_id) == journey_id)
        .group_by(col(Response.stage_id))
    )
    sources = (
        select(col(Response.stage_id), col(Response.wave), col(SurveyImport.file_name))
        .distinct()
        .join(SurveyImport, col(SurveyImport.id) == col(Response.import_id))
        .where(col(Response.journey_id) == journey_id)
    )
    with engine.connect() as connection:
        count_rows = connection.execute(counts).all()
        source_rows = connection.execute(sources).all()
    return evidence_table(
        stage_table(engine=engine, journey_id=journey_id),
        pd.DataFrame(
            count_rows,
            columns=["stage_id", "responses", "respondents", "first", "last"],
        ),
        pd.DataFrame(source_rows, columns=["stage_id", "wave", "file_name"]),
    )


def evidence_table(
    stages: pd.DataFrame, counts: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame:
    """Join per-stage counts and sources onto the stages (pure: no database).

    `stages` has stage_id, stage, position; `counts` has stage_id, responses, respondents,
    first, last; `sources` has stage_id, wave, file_name (one row per distinct pair). Waves and
    files are listed sorted and joined with ", "; dates are `date` or None.
    """
    by_stage = {row["stage_id"]: row for row in counts.to_dict("records")}
    rows = []
    for stage in stages.sort_values("position").to_dict("records"):
        found = by_stage.get(stage["stage_id"])
        own = sources[sources["stage_id"] == stage["stage_id"]]
        responses = int(found["responses"]) if found is not None else 0
        rows.append(
            {
                "stage_id": int(stage["stage_id"]),
                "stage": stage["stage"],
                "position": int(stage["position"]),
                "responses": responses,
                "respondents": int(found["respondents"]) if found is not None else 0,
                "waves": ", ".join(sorted(set(own["wave"]))),
                "first_responded_at": _date(found["first"]) if found is not None else None,
                "last_responded_at": _date(found["last"]) if found is not None else None,
                "source_files": ", ".join(sorted(set(own["file_name"]))),
                "evidence": MEASURED if responses else ASSUMPTION,
            }
        )
    frame = pd.DataFrame(rows, columns=EVIDENCE_COLUMNS)
    return frame.astype({"responses": int, "respondents": int}).astype(
        {"first_responded_at": object, "last_responded_at": object}
    )


def _date(value: Any) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def evidence_summary(evidence: pd.DataFrame) -> str:
    """The evidence in one sentence: how many stages are measured, which are assumptions."""
    if evidence.empty:
        return "The journey has no stages yet."
    measured = evidence[evidence["evidence"] == MEASURED]
    assumed = list(evidence.loc[evidence["evidence"] == ASSUMPTION, "stage"])
    total = len(evidence)
    if not assumed:
        return (
            f"All {total} stages are measured, by {int(measured['responses'].sum()):,} "
            "responses in all."
        )
    if measured.empty:
        return f"No stage is measured yet: all {total} are assumptions (no survey responses)."
    return (
        f"{len(measured)} of {total} stages are measured, by "
        f"{int(measured['responses'].sum()):,} responses; still assumptions (no responses): "
        f"{', '.join(assumed)}."
    )
