"""Themes as drivers: does mentioning a theme go with a worse outcome, beside the stages?

A unit (a respondent in a wave with an outcome) mentions a theme when any of its comments in
that wave has it. Per theme: the outcome's mean difference between the units that mention it
and those that do not, with Welch's 95% interval; and the theme's importance when it joins the
stages in the relative-importance model (its Shapley share of R²), so "Late flight" can be
ranked beside "Check-in" on one scale.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.analysis.curve import DEFAULT_MIN_N
from journey.analysis.drivers import driver_items, unit_emotions
from journey.analysis.importance import (
    DEFAULT_RESAMPLES,
    DEFAULT_SEED,
    EXACT_LIMIT,
    relative_importance,
)
from journey.store.filters import ALL_RESPONSES, Filters, response_conditions
from journey.store.models import JourneyTheme, Outcome, Response

OTHER = "Other"


@dataclass(frozen=True)
class ThemeDrivers:
    """Per theme its effect on the outcome and its importance beside the stages."""

    table: pd.DataFrame  # theme, mentions, effect, effect_low, effect_high, importance, share
    r2: float | None  # R² of the joint model (stages and themes), None without one
    n: int  # the joint model's complete units


def unit_mentions(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
) -> pd.DataFrame:
    """Which theme each unit's comments mention: respondent_id, wave, theme (one row each)."""
    query = (
        select(col(Response.respondent_id), col(Response.wave), col(JourneyTheme.name))
        .join(JourneyTheme, col(JourneyTheme.id) == col(Response.theme_id))
        .where(*response_conditions(journey_id, filters), col(JourneyTheme.name) != OTHER)
        .distinct()
    )
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    return pd.DataFrame(rows, columns=["respondent_id", "wave", "theme"])


def unit_outcomes(*, engine: Engine, journey_id: int, units: pd.Index) -> pd.Series:
    """The outcome of each unit (respondent_id, wave) of `units`."""
    query = select(col(Outcome.respondent_id), col(Outcome.wave), col(Outcome.value)).where(
        col(Outcome.journey_id) == journey_id
    )
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]
    found = pd.DataFrame(rows, columns=["respondent_id", "wave", "outcome"])
    return found.set_index(["respondent_id", "wave"])["outcome"].reindex(units).astype(float)


def _effect(with_theme: np.ndarray, without: np.ndarray) -> tuple[float, float, float]:
    """Mean difference (with − without) and Welch's 95% interval."""
    difference = float(with_theme.mean() - without.mean())
    v1, v2 = with_theme.var(ddof=1) / len(with_theme), without.var(ddof=1) / len(without)
    error = float(np.sqrt(v1 + v2))
    if error == 0:
        return difference, difference, difference
    freedom = (v1 + v2) ** 2 / (v1**2 / (len(with_theme) - 1) + v2**2 / (len(without) - 1))
    half = float(special.stdtrit(freedom, 0.975)) * error
    return difference, difference - half, difference + half


def theme_drivers(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    min_n: int = DEFAULT_MIN_N,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> ThemeDrivers:
    """Each theme mentioned by at least `min_n` units with an outcome, as a driver."""
    units = unit_emotions(engine=engine, journey_id=journey_id, filters=filters)
    emotions = units.pivot(index=["respondent_id", "wave"], columns="item_id", values="emotion")
    outcome = units.groupby(["respondent_id", "wave"])["outcome"].first().reindex(emotions.index)
    mentions = unit_mentions(engine=engine, journey_id=journey_id, filters=filters)
    mentioned = (
        pd.crosstab([mentions["respondent_id"], mentions["wave"]], mentions["theme"])
        .clip(upper=1)
        .reindex(emotions.index, fill_value=0)
        if len(mentions)
        else pd.DataFrame(index=emotions.index)
    )
    themes = [t for t in mentioned.columns if mentioned[t].sum() >= min_n]
    columns = ["theme", "mentions", "effect", "effect_low", "effect_high", "importance", "share"]
    rows = []
    for theme in themes:
        flag = mentioned[theme].to_numpy() == 1
        values = outcome.to_numpy()
        effect = _effect(values[flag], values[~flag]) if (~flag).sum() >= 2 else (np.nan,) * 3
        rows.append([theme, int(flag.sum()), *effect, np.nan, np.nan])
    table = pd.DataFrame(rows, columns=columns)
    stages = [
        item
        for item in driver_items(engine=engine, journey_id=journey_id)["item_id"]
        if item in emotions.columns and emotions[item].notna().sum() >= min_n
    ]
    predictors = pd.concat([emotions[stages], mentioned[themes]], axis=1).dropna()
    if not themes or len(predictors) < max(min_n, len(predictors.columns) + 2):
        return ThemeDrivers(_ranked(table), None, 0)
    if len(predictors.columns) > EXACT_LIMIT:  # keep the model exact: the most mentioned themes
        keep = EXACT_LIMIT - len(stages)
        themes = list(mentioned[themes].sum().sort_values(ascending=False).index[: max(keep, 0)])
        predictors = predictors[[*stages, *themes]]
    found = relative_importance(
        predictors.to_numpy(dtype=float),
        outcome[predictors.index].to_numpy(),
        resamples=resamples,
        seed=seed,
    )
    offset = len(stages)
    for k, theme in enumerate(themes):
        table.loc[table["theme"] == theme, ["importance", "share"]] = (
            float(found.importance[offset + k]),
            float(found.share[offset + k]),
        )
    return ThemeDrivers(_ranked(table), found.r2, len(predictors))


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    """Themes by importance where it is known, then by the size of their effect."""
    order = table.assign(
        _known=table["importance"].notna(),
        _importance=table["importance"].fillna(0),
        _size=table["effect"].abs().fillna(0),
    ).sort_values(["_known", "_importance", "_size"], ascending=[False, False, False])
    return order.drop(columns=["_known", "_importance", "_size"]).reset_index(drop=True)
