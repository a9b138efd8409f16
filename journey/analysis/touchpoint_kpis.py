"""Section-4 figures one level down: per touchpoint of each stage (and persona).

A stage's touchpoints are rated by the same people in the same visit, so the figures are the
stage's, split: n, respondents, mean emotion with its interval, expectation shares, reach and
impact. Peaks and valleys stay a property of the stage curve: touchpoints get none.
"""

from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.analysis.curve import DEFAULT_MIN_N
from journey.analysis.kpis import finish_figures, journey_respondents
from journey.store.filters import ALL_RESPONSES, Filters, response_conditions
from journey.store.models import Persona, Response
from journey.store.queries import stage_table, touchpoint_table

NO_TOUCHPOINT = "(the stage as a whole)"  # ratings given about the stage, not one touchpoint


def expectation_count(label: str) -> ColumnElement[int]:
    """SQL: how many responses answered this expectation label."""
    return func.sum(case((col(Response.expectation) == label, 1), else_=0))


def touchpoint_sums(
    *, engine: Engine, journey_id: int, filters: Filters, by_persona: bool
) -> pd.DataFrame:
    """Counts and sums per stage and touchpoint (× persona), straight from SQL."""
    emotion = col(Response.emotion)
    group: list[Any] = [col(Response.stage_id), func.coalesce(col(Response.touchpoint_id), 0)]
    if by_persona:
        group.append(col(Persona.name))
    query = (
        select(
            *group,
            func.count(emotion),
            func.count(distinct(case((emotion.is_not(None), col(Response.respondent_id))))),
            func.sum(emotion),
            func.sum(emotion * emotion),
            expectation_count("below"),
            expectation_count("meets"),
            expectation_count("exceeds"),
        )
        .join(Persona, col(Persona.id) == col(Response.persona_id))
        .where(*response_conditions(journey_id, filters))
        .group_by(*group)
    )
    columns = ["stage_id", "touchpoint_id"] + (["persona"] if by_persona else [])
    columns += ["n", "respondents", "total", "total_sq", "n_below", "n_meets", "n_exceeds"]
    with engine.connect() as connection:
        return pd.DataFrame([tuple(row) for row in connection.execute(query)], columns=columns)


def touchpoint_kpis(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    by_persona: bool = False,
    min_n: int = DEFAULT_MIN_N,
) -> pd.DataFrame:
    """The figures per touchpoint, in stage and touchpoint order (and per persona).

    Every touchpoint of the journey appears, measured or not; ratings without a touchpoint
    appear as the stage's own row, where there are any.
    """
    stages = stage_table(engine=engine, journey_id=journey_id)[["stage_id", "stage", "position"]]
    points = touchpoint_table(engine=engine, journey_id=journey_id)
    sums = touchpoint_sums(
        engine=engine, journey_id=journey_id, filters=filters, by_persona=by_persona
    )
    items = points[["stage_id", "touchpoint_id", "touchpoint"]].assign(
        item_order=range(1, len(points) + 1)
    )
    whole = sums.loc[sums["touchpoint_id"] == 0, ["stage_id"]].drop_duplicates()
    items = pd.concat(
        [items, whole.assign(touchpoint_id=0, touchpoint=NO_TOUCHPOINT, item_order=0)],
        ignore_index=True,
    ).merge(stages, on="stage_id")
    keys = ["stage_id", "touchpoint_id"]
    if by_persona:
        personas = sorted(set(sums["persona"])) if len(sums) else []
        items = items.merge(
            pd.DataFrame({"persona": pd.Series(personas, dtype=object)}), how="cross"
        )
        keys.append("persona")
    else:
        items["persona"] = None
    frame = items.merge(sums, on=keys, how="left")
    counts = ["n", "respondents", "n_below", "n_meets", "n_exceeds"]
    frame[counts] = frame[counts].fillna(0).astype("int64")
    order = ["position", "item_order"] + (["persona"] if by_persona else [])
    frame = frame.sort_values(order).reset_index(drop=True)
    reach_base = journey_respondents(
        engine=engine, journey_id=journey_id, filters=filters, by_persona=by_persona
    )
    figures = finish_figures(frame, reach_base, min_n, "persona")
    figures["shape"] = None
    return figures
