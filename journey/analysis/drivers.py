"""Driver analysis: how strongly each stage's emotion moves with the overall outcome.

`stage_drivers` gives Pearson's r per stage from SQL sums. `driver_analysis` adds what r cannot
say when stages are correlated: each stage's share of the outcome's explained variance after the
others (its Shapley value of R², see journey.analysis.importance), with bootstrap intervals.
`touchpoint_driver_analysis` does the same one level down, within a stage.
"""

import math
from dataclasses import astuple, dataclass, replace
from typing import Any

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.analysis.curve import DEFAULT_MIN_N
from journey.analysis.importance import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    SHAPLEY,
    relative_importance,
)
from journey.errors import JourneyError
from journey.formatting import plural as plural_of
from journey.store.filters import ALL_RESPONSES, Filters, response_conditions
from journey.store.models import Outcome, Response, Stage, Touchpoint


def stage_drivers(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
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


@dataclass(frozen=True)
class Driver:
    """One stage (or touchpoint) of a driver analysis."""

    name: str
    r: float | None  # Pearson r with the outcome over the units that have both
    n: int  # those units
    importance: float | None  # Shapley value of R² (or relative weight); None when excluded
    share: float | None  # importance / r2
    importance_low: float | None  # 95% percentile bootstrap interval
    importance_high: float | None


@dataclass(frozen=True)
class DriverAnalysis:
    """What each stage (or touchpoint) explains of the outcome, ranked (DESIGN.md section 4)."""

    level: str  # "stage" or "touchpoint": what `Driver.name` names
    r2: float | None  # R² of the outcome on the included stages, over the complete units
    n: int  # complete units: every included stage present
    method: str | None  # SHAPLEY or RELATIVE_WEIGHTS; None without importance
    drivers: tuple[Driver, ...]  # ranked by importance, then the others by abs(r)
    reason: str | None  # why there is no importance, when there is none

    def table(self) -> pd.DataFrame:
        """The drivers as a table, ranked, with a `stage` (or `touchpoint`) column."""
        figures = ["r", "importance", "share", "importance_low", "importance_high"]
        columns = [self.level, "r", "n", *figures[1:]]
        table = pd.DataFrame([astuple(driver) for driver in self.drivers], columns=columns)
        return table.astype(dict.fromkeys(figures, float))  # a missing figure is NaN

    def without_small_groups(self, k: int) -> "DriverAnalysis":
        """The analysis without the stages fewer than `k` respondents rated (who could be
        recognised); no importance at all when the complete respondents are fewer than `k`."""
        kept = tuple(driver for driver in self.drivers if driver.n >= k)
        if self.n >= k or self.r2 is None:
            return replace(self, drivers=kept)
        reason = f"Fewer than {k} respondents rated every {self.level}: too few to stay anonymous."
        blanked = [
            replace(d, importance=None, share=None, importance_low=None, importance_high=None)
            for d in kept
        ]
        blanked.sort(key=lambda d: (d.r is None, -abs(d.r or 0.0)))
        return replace(self, r2=None, n=0, method=None, drivers=tuple(blanked), reason=reason)

    def summary(self) -> str:
        """What the stages explain of the outcome, in one sentence (or why it is not known)."""
        if self.r2 is None:
            return self.reason or "No importance could be computed."
        method = "Shapley decomposition of R²" if self.method == SHAPLEY else f"{self.method}"
        included = sum(driver.importance is not None for driver in self.drivers)
        return (
            f"The {included} {self.level}s together explain {self.r2:.0%} of the variation in the "
            f"outcome (R² = {self.r2:.2f}, {self.n:,} respondents who rated every one of them; "
            f"{method}, 95% bootstrap intervals)."
        )

    def as_dict(self) -> dict[str, Any]:
        """The section-5 JSON object: {r2, n, method, drivers}."""
        return {
            "r2": self.r2,
            "n": self.n,
            "method": self.method,
            "drivers": self.table()
            .astype(object)
            .where(lambda t: t.notna(), None)
            .to_dict("records"),
        }


def unit_emotions(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    stage_id: int | None = None,
) -> pd.DataFrame:
    """Each unit's mean emotion per stage, with its outcome: one row per unit and stage.

    A unit is a respondent in a wave that has an outcome. Given `stage_id`, the rows are per
    touchpoint of that stage instead (ratings without a touchpoint left out). Columns:
    respondent_id, wave, item_id (the stage's or touchpoint's id), emotion, outcome.
    """
    item_id = col(Response.touchpoint_id) if stage_id is not None else col(Response.stage_id)
    conditions = [*response_conditions(journey_id, filters), col(Response.emotion).is_not(None)]
    if stage_id is not None:
        conditions += [col(Response.stage_id) == stage_id, item_id.is_not(None)]
    # Averaged first, joined after: the join then touches one row per unit and item, not
    # one per rating.
    scores = (
        select(
            col(Response.respondent_id).label("respondent_id"),
            col(Response.wave).label("wave"),
            item_id.label("item_id"),
            func.avg(Response.emotion).label("emotion"),
        )
        .where(*conditions)
        .group_by(col(Response.respondent_id), item_id, col(Response.wave))
        .subquery()
    )
    query = select(
        scores.c.respondent_id,
        scores.c.wave,
        scores.c.item_id,
        scores.c.emotion,
        col(Outcome.value),
    ).join(
        Outcome,
        and_(
            col(Outcome.journey_id) == journey_id,
            col(Outcome.respondent_id) == scores.c.respondent_id,
            col(Outcome.wave) == scores.c.wave,
        ),
    )
    with engine.connect() as connection:
        # Plain tuples: pandas reads a million of them in a second, Row objects ten times slower.
        rows = [tuple(row) for row in connection.execute(query)]
    units = pd.DataFrame(rows, columns=["respondent_id", "wave", "item_id", "emotion", "outcome"])
    return units.astype({"item_id": "int64", "emotion": float, "outcome": float})


def driver_items(*, engine: Engine, journey_id: int, stage_id: int | None = None) -> pd.DataFrame:
    """The journey's stages (or one stage's touchpoints) in order: item_id, item, position."""
    item = Touchpoint if stage_id is not None else Stage
    condition = (
        col(Touchpoint.stage_id) == stage_id
        if stage_id is not None
        else col(Stage.journey_id) == journey_id
    )
    query = (
        select(col(item.id), col(item.name), col(item.position))
        .where(condition)
        .order_by(col(item.position), col(item.id))
    )
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return pd.DataFrame(rows, columns=["item_id", "item", "position"])


def driver_analysis(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    min_n: int = DEFAULT_MIN_N,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> DriverAnalysis:
    """How much of the outcome each stage explains after the others (DESIGN.md section 4)."""
    units = unit_emotions(engine=engine, journey_id=journey_id, filters=filters)
    items = driver_items(engine=engine, journey_id=journey_id)
    return analyse_units(units, items, "stage", min_n=min_n, resamples=resamples, seed=seed)


def touchpoint_driver_analysis(
    *,
    engine: Engine,
    journey_id: int,
    stage: str,
    filters: Filters = ALL_RESPONSES,
    min_n: int = DEFAULT_MIN_N,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> DriverAnalysis:
    """The same analysis one level down: the touchpoints of one stage, as drivers."""
    with engine.connect() as connection:
        stage_id = connection.execute(
            select(col(Stage.id)).where(
                col(Stage.journey_id) == journey_id, func.lower(Stage.name) == stage.lower()
            )
        ).scalar()
    if stage_id is None:
        raise JourneyError(f"no stage {stage!r} in this journey")
    units = unit_emotions(engine=engine, journey_id=journey_id, filters=filters, stage_id=stage_id)
    items = driver_items(engine=engine, journey_id=journey_id, stage_id=stage_id)
    return analyse_units(units, items, "touchpoint", min_n=min_n, resamples=resamples, seed=seed)


def analyse_units(
    units: pd.DataFrame,
    items: pd.DataFrame,
    level: str,
    *,
    min_n: int = DEFAULT_MIN_N,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> DriverAnalysis:
    """The driver analysis of `unit_emotions` rows: r and n per item, then importance.

    `items` (item_id, item, position, in order) names the stages or touchpoints; those
    without a single unit are left out, as `stage_drivers` leaves them out.
    """
    items = items[items["item_id"].isin(set(units["item_id"]))]
    emotions = units.pivot(index=["respondent_id", "wave"], columns="item_id", values="emotion")
    emotions = emotions.reindex(columns=list(items["item_id"]))
    outcome = units.groupby(["respondent_id", "wave"])["outcome"].first().reindex(emotions.index)
    correlations = {}
    for item_id in items["item_id"]:
        paired = emotions[item_id].notna()
        x, y = emotions.loc[paired, item_id].to_numpy(), outcome[paired].to_numpy()
        sums = (len(x), x.sum(), y.sum(), (x * x).sum(), (y * y).sum(), (x * y).sum())
        correlations[item_id] = (pearson_from_sums(*(float(s) for s in sums)), int(paired.sum()))
    included = [i for i in items["item_id"] if correlations[i][1] >= min_n]
    complete = emotions[included].dropna()
    names = dict(zip(items["item_id"], items["item"], strict=True))
    reason = _why_no_importance(level, [names[i] for i in included], complete, outcome, min_n=min_n)
    found = (
        None
        if reason
        else relative_importance(
            complete.to_numpy(),
            outcome[complete.index].to_numpy(),
            resamples=resamples,
            seed=seed,
        )
    )
    ranked = []
    for item_id, name, position in items.itertuples(index=False):
        r, n = correlations[item_id]
        figures: tuple[float | None, ...] = (None, None, None, None)
        if found is not None and item_id in included:
            k = included.index(item_id)
            figures = tuple(
                _number(values[k])
                for values in (
                    found.importance,
                    found.share,
                    found.importance_low,
                    found.importance_high,
                )
            )
        driver = Driver(name, r, n, *figures)
        ranked.append((_rank(driver, position), driver))
    ranked.sort(key=lambda pair: pair[0])
    return DriverAnalysis(
        level=level,
        r2=None if found is None else found.r2,
        n=len(complete) if included else 0,
        method=None if found is None else found.method,
        drivers=tuple(driver for _, driver in ranked),
        reason=reason,
    )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _rank(driver: Driver, position: int) -> tuple[int, float, int]:
    """Importance first (largest first), then the others by strength of r, undefined last."""
    if driver.importance is not None:
        return (0, -driver.importance, position)
    return (1, -abs(driver.r) if driver.r is not None else math.inf, position)


def _why_no_importance(
    level: str, included: list[str], complete: pd.DataFrame, outcome: pd.Series, *, min_n: int
) -> str | None:
    """Why importance cannot be computed, in words; None when it can."""
    plural = f"{level}s"
    if not included:
        return (
            f"No {level} has at least {min_n} respondents with both a rating and an outcome, "
            "so importance is not computed."
        )
    n, k = len(complete), len(included)
    listed = ", ".join(included)
    if n == 0:
        return (
            f"No respondent rated all of {listed}: each rated some of them only, so what each "
            f"explains cannot be told apart from the others; the correlations are shown instead."
        )
    if n < min_n:
        return (
            f"Only {plural_of(n, 'respondent')} rated every {level} with enough answers "
            f"({listed}); importance needs at least {min_n}."
        )
    if n <= k + 1:
        return (
            f"{n} respondents cannot separate {k} {plural}: importance needs more respondents "
            f"than {plural} plus one."
        )
    if outcome[complete.index].nunique() < 2:
        return "Every respondent has the same outcome: there is no variation to explain."
    return None
