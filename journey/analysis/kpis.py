"""Section-4 figures per stage (and persona): counted in SQL, finished in pandas.

The database returns, per stage (× persona or wave), how many responses have each emotion
value and each expectation answer, and how many respondents there are — from the summaries
where they answer (journey/store/counts.py). Exact sums, means, intervals, shares, peaks,
valleys and impact are computed from those few rows.
"""

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from journey.analysis.curve import DEFAULT_MIN_N, peaks_and_valleys
from journey.analysis.intervals import t_interval
from journey.store import counts
from journey.store.filters import ALL_RESPONSES, Filters
from journey.store.queries import future_targets, stage_table, wave_table

KPI_KEYS = (
    "stage",
    "persona",
    "n",
    "respondents",
    "mean_emotion",
    "ci_low",
    "ci_high",
    "share_below",
    "share_meets",
    "share_exceeds",
    "meets_or_exceeds",
    "net_expectation",
    "low_sample",
    "shape",
    "impact",
)


SUMMED = ("n", "total", "total_sq", "n_below", "n_meets", "n_exceeds")


def _split(by_persona: bool, by_wave: bool) -> counts.Split:
    if by_persona and by_wave:
        raise ValueError("figures split by persona or by wave, not both")
    return "persona" if by_persona else "wave" if by_wave else None


def stage_sums(
    *, engine: Engine, journey_id: int, filters: Filters, by_persona: bool, by_wave: bool = False
) -> pd.DataFrame:
    """Counts and sums per stage (× persona or × wave), from the summaries where they answer."""
    found = counts.stage_counts(
        engine=engine, journey_id=journey_id, filters=filters, split=_split(by_persona, by_wave)
    )
    return sums_from_counts(found)


def sums_from_counts(found: counts.Counts) -> pd.DataFrame:
    """Per stage (× group): n, respondents, exact sums of emotion and its square, answers.

    The sums are exact (fractions of the stored values, rounded once), so they do not
    depend on the order the values were added in: the summaries and the responses table
    give the same figures to the last digit.
    """
    keys = [c for c in found.histogram.columns if c in ("stage_id", "persona", "wave")]
    sums: dict[tuple[Any, ...], dict[str, Any]] = {}
    for values in found.histogram.to_dict("records"):
        key = tuple(values[k] for k in keys)
        into = sums.setdefault(key, dict.fromkeys(SUMMED, 0))
        count, emotion = int(values["responses"]), values["emotion"]
        if emotion is not None and not pd.isna(emotion):
            value = Fraction(float(emotion))  # the stored double, exactly
            into["n"] += count
            into["total"] += value * count
            into["total_sq"] += value * value * count
        for label in ("n_below", "n_meets", "n_exceeds"):
            into[label] += int(values[label])
    respondents = {
        tuple(row[:-1]): int(row[-1])
        for row in found.respondents[[*keys, "respondents"]].itertuples(index=False)
    }
    rows = [
        {
            **dict(zip(keys, key, strict=True)),
            "n": into["n"],
            "respondents": respondents.get(key, 0),
            "total": float(into["total"]) if into["n"] else None,
            "total_sq": float(into["total_sq"]) if into["n"] else None,
            "n_below": into["n_below"],
            "n_meets": into["n_meets"],
            "n_exceeds": into["n_exceeds"],
        }
        for key, into in sums.items()
    ]
    columns = [*keys, "n", "respondents", "total", "total_sq", "n_below", "n_meets", "n_exceeds"]
    return pd.DataFrame(rows, columns=columns)


def journey_respondents(
    *, engine: Engine, journey_id: int, filters: Filters, by_persona: bool, by_wave: bool = False
) -> dict[str | None, int]:
    """Distinct respondents with an emotion anywhere in the journey (per persona or wave)."""
    return counts.reach_base(
        engine=engine, journey_id=journey_id, filters=filters, split=_split(by_persona, by_wave)
    )


def stage_kpis(
    *,
    engine: Engine,
    journey_id: int,
    filters: Filters = ALL_RESPONSES,
    by_persona: bool = False,
    by_wave: bool = False,
    min_n: int = DEFAULT_MIN_N,
    from_summaries: bool = True,
) -> pd.DataFrame:
    """The section-4 figures per stage (and persona, or wave), in stage order.

    Split by persona, each persona's stages form their own curve (DESIGN.md section 4); split
    by wave, each wave's do, which is what trends compare. `from_summaries=False` counts
    from the responses table alone (what the summaries are tested and benchmarked against).
    """
    stages = with_targets(
        stage_table(engine=engine, journey_id=journey_id),
        future_targets(engine=engine, journey_id=journey_id),
    )
    found = counts.stage_counts(
        engine=engine,
        journey_id=journey_id,
        filters=filters,
        split=_split(by_persona, by_wave),
        from_summaries=from_summaries,
    )
    order = list(wave_table(engine=engine, journey_id=journey_id)["wave"]) if by_wave else None
    kpis = kpis_from_sums(
        stages, sums_from_counts(found), found.reach_base, min_n=min_n, group_order=order
    )
    kpis["gap"] = kpis["mean_emotion"] - kpis["target_emotion"].astype(float)
    return kpis


def with_targets(stages: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """The stages with the targets of their future-state journey (matched by stage name)."""
    if targets is None:
        return stages
    own = stages.drop(columns=["target_emotion", "target_meets_or_exceeds"])
    return own.merge(targets, on="stage", how="left")


def kpis_from_sums(
    stages: pd.DataFrame,
    sums: pd.DataFrame,
    reach_base: dict[str | None, int],
    *,
    min_n: int = DEFAULT_MIN_N,
    group_order: list[str] | None = None,
) -> pd.DataFrame:
    """Finish the figures from per-group sums; every stage appears, measured or not.

    Groups (personas or waves) come in `group_order` where given, else alphabetically.
    """
    split = next((name for name in ("persona", "wave") if name in sums.columns), None)
    if split:
        present = set(sums[split].unique()) if len(sums) else set()
        groups = [g for g in group_order if g in present] if group_order else sorted(present)
        grid = stages.merge(pd.DataFrame({split: pd.Series(groups, dtype=object)}), how="cross")
        sums = sums.astype({split: object})
        frame = grid.merge(sums, on=["stage_id", split], how="left")
    else:
        frame = stages.merge(sums, on="stage_id", how="left")
    if split != "persona":
        frame["persona"] = None
    whole = ["n", "respondents", "n_below", "n_meets", "n_exceeds"]
    frame[whole] = frame[whole].fillna(0).astype("int64")
    if split:
        frame[f"{split}_order"] = frame[split].map({g: i for i, g in enumerate(groups)})
    frame = frame.sort_values(["position", f"{split}_order"] if split else ["position"])
    return finish_figures(frame.reset_index(drop=True), reach_base, min_n, split or "persona")


def finish_figures(
    frame: pd.DataFrame, reach_base: dict[str | None, int], min_n: int, group: str
) -> pd.DataFrame:
    """Means, intervals, shares, reach, impact, peaks and valleys from the counts and sums."""
    n = frame["n"].astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = frame["total"].astype(float) / n
        variance = (frame["total_sq"].astype(float) - n * mean**2) / (n - 1)
    frame["mean_emotion"] = mean.where(n > 0)
    frame["ci_low"], frame["ci_high"] = t_interval(mean, variance, n)
    answered = frame[["n_below", "n_meets", "n_exceeds"]].sum(axis=1)
    frame["n_expectation"] = answered
    for label in ("below", "meets", "exceeds"):
        frame[f"share_{label}"] = (frame[f"n_{label}"] / answered).where(answered > 0)
    frame["meets_or_exceeds"] = frame["share_meets"] + frame["share_exceeds"]
    frame["net_expectation"] = frame["share_exceeds"] - frame["share_below"]
    frame["low_sample"] = frame["n"] < min_n
    base = frame[group].map(lambda value: reach_base.get(value, 0)).astype(float)
    frame["journey_respondents"] = base.astype("int64")  # reach's denominator, per group
    frame["reach"] = (frame["respondents"] / base).where(base > 0)
    frame["impact"] = frame["share_below"] * frame["reach"]
    frame["shape"] = None
    for _, rows in frame.groupby(group, dropna=False, sort=False):
        shapes = peaks_and_valleys(
            [None if pd.isna(v) else float(v) for v in rows["mean_emotion"]],
            list(~rows["low_sample"]),
        )
        frame.loc[rows.index, "shape"] = pd.Series(shapes, index=rows.index, dtype=object)
    frame["shape"] = frame["shape"].astype(object).where(frame["shape"].notna(), None)
    return frame  # the sums stay: significance tests are computed from them


def moments_that_matter(kpis: pd.DataFrame) -> pd.DataFrame:
    """Stages ranked by impact = share below × reach; ties go to the larger n."""
    ranked = kpis[kpis["impact"].notna()].copy()
    ranked["impact"] = ranked["impact"].astype(float)
    return ranked.sort_values(["impact", "n"], ascending=[False, False]).reset_index(drop=True)


@dataclass(frozen=True)
class Headline:
    """The overview's figures for one journey under the filters."""

    respondents: int
    responses: int
    mean_emotion: float | None
    meets_or_exceeds: float | None
    net_expectation: float | None
    high_point: str | None
    low_point: str | None
    top_moment: str | None


def headline(kpis: pd.DataFrame, respondents: int) -> Headline:
    """Journey-wide figures from the per-stage ones (response-weighted means)."""
    n = int(kpis["n"].sum())
    measured = kpis[kpis["n"] > 0]
    mean = float((measured["mean_emotion"].astype(float) * measured["n"]).sum() / n) if n else None
    answered = int(kpis["n_expectation"].sum())
    shares = {
        label: int(kpis[f"n_{label}"].sum()) / answered if answered else 0.0
        for label in ("below", "meets", "exceeds")
    }
    eligible = kpis[~kpis["low_sample"] & kpis["mean_emotion"].notna()]
    means, stages = eligible["mean_emotion"].astype(float), eligible["stage"]
    moments = moments_that_matter(kpis)
    return Headline(
        respondents=respondents,
        responses=n,
        mean_emotion=mean,
        meets_or_exceeds=(shares["meets"] + shares["exceeds"]) if answered else None,
        net_expectation=(shares["exceeds"] - shares["below"]) if answered else None,
        high_point=str(stages.iloc[int(means.to_numpy().argmax())]) if len(eligible) else None,
        low_point=str(stages.iloc[int(means.to_numpy().argmin())]) if len(eligible) else None,
        top_moment=str(moments.iloc[0]["stage"]) if len(moments) else None,
    )


def peak_end(kpis: pd.DataFrame) -> list[tuple[str, str, float]]:
    """The three moments that shape how a journey is remembered: high, low, and the end.

    Each is (role, stage, mean emotion), over the stages reliable enough to rank.
    """
    eligible = kpis[~kpis["low_sample"] & kpis["mean_emotion"].notna()]
    if eligible.empty:
        return []
    means = eligible["mean_emotion"].astype(float)
    picks = [
        ("High point", means.idxmax()),
        ("Low point", means.idxmin()),
        ("End", eligible.sort_values("position").index[-1]),
    ]
    return [(role, str(eligible.loc[i, "stage"]), float(means[i])) for role, i in picks]


def most_below_expectations(kpis: pd.DataFrame) -> pd.Series | None:
    """The stage (row) with the largest share of answers below expectations; None if none."""
    answered = kpis[kpis["n_expectation"] > 0]
    if answered.empty:
        return None
    return answered.iloc[int(answered["share_below"].astype(float).to_numpy().argmax())]
