"""Driver analysis: how strongly each stage's emotion moves with the overall outcome."""

import math

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.store.filters import ALL_RESPONSES, Filters, response_conditions
from journey.store.models import Outcome, Response, Stage


def stage_drivers(
    engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
) -> pd.DataFrame:
    """Pearson r per stage between respondent stage emotion and outcome, strongest first.

    A respondent's stage emotion is the mean of their ratings in the stage; it is paired with
    their outcome in the same wave. Sums of x, y, x², y², xy per stage come from SQL.
    """
    scores = (
        select(
            col(Response.stage_id).label("stage_id"),
            col(Response.respondent_id).label("respondent_id"),
            col(Response.wave).label("wave"),
            func.avg(Response.emotion).label("x"),
        )
        .where(*response_conditions(journey_id, filters), col(Response.emotion).is_not(None))
        .group_by(col(Response.stage_id), col(Response.respondent_id), col(Response.wave))
        .subquery()
    )
    x, y = scores.c.x, col(Outcome.value)
    query = (
        select(
            col(Stage.name),
            col(Stage.position),
            func.count(),
            func.sum(x),
            func.sum(y),
            func.sum(x * x),
            func.sum(y * y),
            func.sum(x * y),
        )
        .select_from(scores)
        .join(
            Outcome,
            and_(
                col(Outcome.journey_id) == journey_id,
                col(Outcome.respondent_id) == scores.c.respondent_id,
                col(Outcome.wave) == scores.c.wave,
            ),
        )
        .join(Stage, col(Stage.id) == scores.c.stage_id)
        .group_by(col(Stage.name), col(Stage.position))
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    table = pd.DataFrame(
        [
            (name, position, pearson_from_sums(*sums), int(sums[0]))
            for name, position, *sums in rows
        ],
        columns=["stage", "position", "r", "n"],
    )
    table["r"] = table["r"].astype(float)  # None (no variation) becomes NaN, ranked last
    table["strength"] = table["r"].abs()
    table = table.sort_values(["strength", "position"], ascending=[False, True], na_position="last")
    return table[["stage", "r", "n"]].reset_index(drop=True)


def pearson_from_sums(
    n: float, sx: float, sy: float, sxx: float, syy: float, sxy: float
) -> float | None:
    """Pearson's r from running sums; None when either variable does not vary."""
    if n < 2:
        return None
    cov = n * sxy - sx * sy
    var_x, var_y = n * sxx - sx * sx, n * syy - sy * sy
    if var_x <= 1e-12 * max(1.0, n * sxx) or var_y <= 1e-12 * max(1.0, n * syy):
        return None
    return max(-1.0, min(1.0, cov / math.sqrt(var_x * var_y)))


QUADRANTS = {
    (True, False): "Fix first",  # matters much, performs badly
    (True, True): "Keep it up",
    (False, False): "Low priority",
    (False, True): "Possible overkill",
}


def priority_matrix(drivers: pd.DataFrame, kpis: pd.DataFrame) -> pd.DataFrame:
    """Importance (r with the outcome) against performance (mean emotion), in quadrants.

    The quadrants split at the medians of the stages shown, so "fix first" means: more tied
    to the outcome than the typical stage, and felt worse than the typical stage.
    """
    table = drivers.dropna(subset=["r"]).merge(
        kpis[["stage", "mean_emotion", "position"]], on="stage", how="inner"
    )
    table = table.dropna(subset=["mean_emotion"]).rename(columns={"n": "pairs"})
    if table.empty:
        return table.assign(quadrant=pd.Series(dtype=object))
    important = table["r"] >= table["r"].median()
    performing = table["mean_emotion"] >= table["mean_emotion"].median()
    table["quadrant"] = [QUADRANTS[key] for key in zip(important, performing, strict=True)]
    return table.sort_values("r", ascending=False).reset_index(drop=True)
