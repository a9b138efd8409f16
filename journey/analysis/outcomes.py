"""Outcome metrics (DESIGN.md section 4): NPS, CSAT, CES, yes/no and numeric outcomes.

Each kind is reported the way CX teams read it, with a 95% interval:
- **NPS** (0–10): share of promoters (9–10) minus share of detractors (0–6), in points
  (−100…+100), ± 1.96·sqrt((p + d − (p − d)²)/n), the variance of a difference of two shares
  of one multinomial sample. The interval is cut to −100…+100 where the normal approximation
  runs past what an NPS can be.
- **CSAT** (1–5 or 1–7): the top-two-box share (4–5, or 6–7) with Wilson's interval.
- **CES** (customer effort score): the mean on its own scale with a Student-t interval. The mean
  is what the CES literature reports (Dixon, Freeman & Toman, "Stop Trying to Delight Your
  Customers", HBR 2010, and the 1–7 agreement scale of CES 2.0), and it needs no decision about
  which end of the scale is "easy": the original 1–5 scale rates effort (low is good), the 1–7
  scale rates agreement that the company made it easy (high is good). The mean keeps the
  survey's own direction.
- **yes/no** (stored as 0/1): the share of 1s with Wilson's interval.
- **numeric**: the mean with a Student-t interval.
"""

from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import numpy.typing as npt
import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.engine import Engine
from sqlmodel import col

from journey.analysis.intervals import t_interval, wilson_interval
from journey.store.filters import ALL_RESPONSES, Filters, response_conditions
from journey.store.models import OUTCOME_KINDS, Outcome, Response, Stage, SurveyImport

FloatArray = npt.NDArray[np.float64]
OutcomeKind = Literal["nps", "csat", "ces", "yes/no", "numeric"]
KINDS = cast(tuple[OutcomeKind, ...], OUTCOME_KINDS)
EXPECTATIONS = ("below", "meets", "exceeds")
NPS_Z = 1.96  # the contract's interval: ± 1.96 standard errors
CSAT_SCALES = ((1, 5), (1, 7))


@dataclass(frozen=True)
class OutcomeMetric:
    """One outcome figure with its 95% interval, on the scale named by `unit`."""

    kind: OutcomeKind
    label: str  # what the figure is, in words: "NPS", "Top-two-box share"…
    unit: Literal["points", "share", "mean"]  # points: −100…+100; share: 0…1; mean: the scale's
    n: int  # answers counted (missing values left out)
    value: float | None  # None when there is no answer
    low: float | None
    high: float | None


def _answers(values: npt.ArrayLike) -> FloatArray:
    answers = np.asarray(values, dtype=np.float64).ravel()
    return answers[~np.isnan(answers)]


def _require(answers: FloatArray, allowed: set[float], what: str) -> None:
    unknown = sorted(set(np.unique(answers).tolist()) - allowed)
    if unknown:
        shown = ", ".join(f"{value:g}" for value in unknown[:5])
        raise ValueError(f"{what}; found {shown}")


def _float(value: float) -> float | None:
    return None if pd.isna(value) else float(value)


def net_promoter(
    promoters: npt.ArrayLike, detractors: npt.ArrayLike, n: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """NPS in points with its interval, from counts of promoters (9–10) and detractors (0–6).

    Vectorised over the counts; n = 0 gives NaN. The interval is the contract's
    ± 1.96·sqrt((p + d − (p − d)²)/n), cut to −100…+100.
    """
    total = np.asarray(n, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.asarray(promoters, dtype=np.float64) / total
        d = np.asarray(detractors, dtype=np.float64) / total
        score = p - d
        half = NPS_Z * np.sqrt(np.clip(p + d - score**2, 0.0, None) / total)
    low, high = np.maximum(score - half, -1.0), np.minimum(score + half, 1.0)
    return 100 * score, 100 * low, 100 * high


def nps_metric(values: npt.ArrayLike) -> OutcomeMetric:
    """Net Promoter Score of 0–10 answers, in points, with the contract's interval."""
    answers = _answers(values)
    _require(answers, {float(v) for v in range(11)}, "NPS answers are whole numbers from 0 to 10")
    n = len(answers)
    if n == 0:
        return OutcomeMetric("nps", "NPS", "points", 0, None, None, None)
    score, low, high = net_promoter(np.sum(answers >= 9), np.sum(answers <= 6), n)
    return OutcomeMetric("nps", "NPS", "points", n, float(score), float(low), float(high))


def share_metric(kind: OutcomeKind, label: str, successes: int, n: int) -> OutcomeMetric:
    """A share of answers with Wilson's interval."""
    if n == 0:
        return OutcomeMetric(kind, label, "share", 0, None, None, None)
    low, high = wilson_interval(pd.Series([successes]), pd.Series([n]))
    return OutcomeMetric(
        kind, label, "share", n, successes / n, _float(low.iloc[0]), _float(high.iloc[0])
    )


def mean_metric(kind: OutcomeKind, label: str, answers: FloatArray) -> OutcomeMetric:
    """The mean of the answers with a Student-t interval (none below two answers)."""
    n = len(answers)
    if n == 0:
        return OutcomeMetric(kind, label, "mean", 0, None, None, None)
    mean = float(answers.mean())
    variance = float(answers.var(ddof=1)) if n > 1 else float("nan")
    low, high = t_interval(pd.Series([mean]), pd.Series([variance]), pd.Series([n]))
    return OutcomeMetric(kind, label, "mean", n, mean, _float(low.iloc[0]), _float(high.iloc[0]))


def outcome_metric(
    values: npt.ArrayLike, kind: OutcomeKind, *, scale: tuple[int, int] = (1, 5)
) -> OutcomeMetric:
    """The metric of a vector of outcome values (missing ones left out), by the outcome's kind.

    `scale` is the answer scale of a CSAT (1–5 or 1–7) or CES question. Values that the kind
    does not allow (an 11 for NPS, a 0.5 for yes/no, a 6 on a 1–5 CSAT) raise ValueError.
    """
    answers = _answers(values)
    if kind == "nps":
        return nps_metric(answers)
    if kind == "csat":
        if scale not in CSAT_SCALES:
            raise ValueError(f"CSAT is asked on 1–5 or 1–7, not {scale[0]}–{scale[1]}")
        low, high = scale
        _require(
            answers, {float(v) for v in range(low, high + 1)}, f"CSAT answers run {low}–{high}"
        )
        return share_metric(
            "csat", "Top-two-box share", int(np.sum(answers >= high - 1)), len(answers)
        )
    if kind == "ces":
        low, high = scale
        _require(answers, {float(v) for v in range(low, high + 1)}, f"CES answers run {low}–{high}")
        return mean_metric("ces", f"Mean effort score ({low}–{high})", answers)
    if kind == "yes/no":
        _require(answers, {0.0, 1.0}, "yes/no outcomes are stored as 0 (no) and 1 (yes)")
        return share_metric("yes/no", "Share yes", int(answers.sum()), len(answers))
    if kind == "numeric":
        return mean_metric("numeric", "Mean", answers)
    raise ValueError(f"unknown outcome kind {kind!r}: one of {', '.join(KINDS)}")


def outcome_by_expectation(
    units: pd.DataFrame, kind: OutcomeKind, *, scale: tuple[int, int] = (1, 5)
) -> pd.DataFrame:
    """The outcome metric of the units whose stage fell below, met and exceeded expectations.

    `units` has one row per unit with columns `expectation` and `outcome`. The result has one
    row per answer, in the order below, meets, exceeds (n = 0 and no figure where none gave
    it), with columns expectation, n, value, low, high, unit.
    """
    rows = []
    for label in EXPECTATIONS:
        metric = outcome_metric(
            units.loc[units["expectation"] == label, "outcome"], kind, scale=scale
        )
        rows.append((label, metric.n, metric.value, metric.low, metric.high, metric.unit))
    return pd.DataFrame(rows, columns=["expectation", "n", "value", "low", "high", "unit"])


def stage_expectation_units(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
) -> pd.DataFrame:
    """Per stage, each unit's expectation answer and outcome (one SQL query).

    A unit is a respondent in a wave that has an outcome. Where a unit answered the
    expectation question more than once in a stage (on several touchpoints), the lowest answer
    counts: a stage fell below expectations when any part of it did.
    """
    rank = case(
        (col(Response.expectation) == "below", 0),
        (col(Response.expectation) == "meets", 1),
        (col(Response.expectation) == "exceeds", 2),
    )
    query = (
        select(
            col(Stage.name),
            col(Stage.position),
            col(Response.respondent_id),
            col(Response.wave),
            func.min(rank),
            col(Outcome.value),
        )
        .join(Stage, col(Stage.id) == col(Response.stage_id))
        .join(
            Outcome,
            (col(Outcome.journey_id) == col(Response.journey_id))
            & (col(Outcome.respondent_id) == col(Response.respondent_id))
            & (col(Outcome.wave) == col(Response.wave)),
        )
        .where(
            *response_conditions(journey_id, filters), col(Response.expectation).in_(EXPECTATIONS)
        )
        .group_by(
            col(Stage.name),
            col(Stage.position),
            col(Response.respondent_id),
            col(Response.wave),
            col(Outcome.value),
        )
        .order_by(col(Stage.position), col(Response.respondent_id), col(Response.wave))
    )
    with engine.connect() as connection:
        rows = [tuple(row) for row in connection.execute(query)]  # tuples: far faster in pandas
    units = pd.DataFrame(
        rows, columns=["stage", "position", "respondent_id", "wave", "rank", "outcome"]
    )
    units["expectation"] = units["rank"].map(dict(enumerate(EXPECTATIONS)))
    units["outcome"] = units["outcome"].astype(float)
    return units[["stage", "position", "respondent_id", "wave", "expectation", "outcome"]]


@dataclass(frozen=True)
class OutcomeSpec:
    """What a journey's overall outcome measures, from its imports' mappings."""

    kind: OutcomeKind
    scale: tuple[int, int]  # the answer scale (CSAT and CES); NPS 0–10, yes/no 0–1
    declared: bool  # False: no import said what the outcome is, so it reads as a number


def journey_outcome_spec(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
) -> OutcomeSpec | None:
    """The outcome kind of the journey's latest import with outcomes (in the chosen waves)."""
    query = (
        select(col(SurveyImport.outcome_kind), col(SurveyImport.outcome_scale))
        .where(col(SurveyImport.journey_id) == journey_id, col(SurveyImport.outcomes_kept) > 0)
        .order_by(col(SurveyImport.imported_at).desc(), col(SurveyImport.id).desc())
    )
    if filters.waves:
        query = query.where(col(SurveyImport.wave).in_(filters.waves))
    with engine.connect() as connection:
        found = connection.execute(query).first()
    if found is None:
        return None
    kind, scale = found
    if kind is None:
        return OutcomeSpec("numeric", (1, 5), declared=False)
    low, high = (int(float(part)) for part in (scale or "1:5").split(":"))
    return OutcomeSpec(cast(OutcomeKind, kind), (low, high), declared=True)


def unit_outcomes(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
) -> pd.Series:
    """The outcome of every unit (respondent in a wave) with a response under the filters."""
    units = (
        select(col(Response.respondent_id), col(Response.wave))
        .where(*response_conditions(journey_id, filters))
        .distinct()
        .subquery()
    )
    query = (
        select(col(Outcome.value))
        .join(
            units,
            (units.c.respondent_id == col(Outcome.respondent_id))
            & (units.c.wave == col(Outcome.wave)),
        )
        .where(col(Outcome.journey_id) == journey_id)
    )
    with engine.connect() as connection:
        values = [value for (value,) in connection.execute(query)]
    return pd.Series(values, dtype=float)


def journey_outcome(
    *, engine: Engine, journey_id: int, filters: Filters = ALL_RESPONSES
) -> tuple[OutcomeSpec, OutcomeMetric] | None:
    """The journey's outcome metric under the filters, with its kind; None without outcomes."""
    spec = journey_outcome_spec(engine=engine, journey_id=journey_id, filters=filters)
    if spec is None:
        return None
    values = unit_outcomes(engine=engine, journey_id=journey_id, filters=filters)
    return spec, outcome_metric(values, spec.kind, scale=spec.scale)


def stage_outcomes_by_expectation(
    *, engine: Engine, journey_id: int, spec: OutcomeSpec, filters: Filters = ALL_RESPONSES
) -> pd.DataFrame:
    """Per stage (in order), the outcome metric of the units below, meeting and exceeding.

    Columns: stage, expectation, n, value, low, high, unit; three rows per stage that has
    expectation answers from units with an outcome.
    """
    units = stage_expectation_units(engine=engine, journey_id=journey_id, filters=filters)
    frames = [
        outcome_by_expectation(group, spec.kind, scale=spec.scale).assign(stage=str(stage))
        for (_, stage), group in units.groupby(["position", "stage"], sort=True)
    ]
    columns = ["stage", "expectation", "n", "value", "low", "high", "unit"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]
