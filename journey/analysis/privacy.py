"""The privacy threshold: a group too small to stay anonymous shows no figures and no words.

`protected_kpis` is the one door every figure per stage goes out through (pages, report,
deck, e-mailed reports, the command line). It hides

- every group of fewer than k respondents (the threshold);
- in a split (per persona or per wave), enough further groups of each stage that no hidden
  group can be worked out from the stage's total and the visible groups (complementary
  suppression, journey/analysis/disclosure.py), the same groups whichever personas or waves
  are chosen, so one choice cannot be subtracted from another;
- a stage whose figures under a persona (wave) choice would separate that stage's hidden
  groups, so that "the total minus the chosen ones" never leaves a hidden group alone;
- a group whose figures under a date, channel or attribute filter differ from the unfiltered
  group's by fewer than k respondents (the filtered-out few could be subtracted).
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Literal

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from journey.analysis.disclosure import protect
from journey.analysis.kpis import stage_kpis
from journey.store.filters import Filters

Split = Literal["persona", "wave"] | None
# The section-4 figures of a journey under some filters and split, as the caller loads them
# (the app through its cache, the report and the CLI from the database).
Figures = Callable[[Filters, Split], pd.DataFrame]
SMALL = "small"  # fewer than k respondents
COMPLEMENT = "complement"  # hidden so that a small group cannot be worked out


def small_groups(kpis_by_persona: pd.DataFrame) -> set[tuple[str, str]]:
    """(stage, persona) groups that `suppress_small_groups` hid."""
    hidden = kpis_by_persona[kpis_by_persona["suppressed"]]
    return set(zip(hidden["stage"], hidden["persona"], strict=True))


def hidden_note(kpis: pd.DataFrame, k: int) -> str | None:
    """A caption saying how many groups are hidden by the privacy rule, and why, if any."""
    reasons = kpis.get("hidden_because", pd.Series(SMALL, index=kpis.index))
    small = int((kpis["suppressed"] & (reasons == SMALL)).sum())
    more = int(kpis["suppressed"].sum()) - small
    if not small and not more:
        return None
    parts = []
    if small:
        groups = "group is" if small == 1 else "groups are"
        parts.append(
            f"{small} {groups} hidden: fewer than {k} respondents, who could be recognised."
        )
    if more:
        groups = "group is" if more == 1 else "groups are"
        parts.append(
            f"{more} more {groups} hidden so that no small group can be worked out by "
            "subtracting the visible ones from a total or from another selection."
        )
    return " ".join(parts)


def without_small_groups(verbatims: pd.DataFrame, groups: set[tuple[str, str]]) -> pd.DataFrame:
    """The comments, minus those from respondents in groups too small to be anonymous."""
    keep = [
        (stage, persona) not in groups
        for stage, persona in zip(verbatims["stage"], verbatims["persona"], strict=True)
    ]
    return verbatims[keep].reset_index(drop=True)


FIGURES = (
    "mean_emotion",
    "ci_low",
    "ci_high",
    "share_below",
    "share_meets",
    "share_exceeds",
    "meets_or_exceeds",
    "net_expectation",
    "reach",
    "impact",
    "gap",
)
COUNTS = (
    "n",
    "respondents",
    "n_below",
    "n_meets",
    "n_exceeds",
    "n_expectation",
    "total",
    "total_sq",
)


def small(kpis: pd.DataFrame, k: int) -> pd.Series:
    """Groups of 1 … k − 1 respondents."""
    return (kpis["respondents"] > 0) & (kpis["respondents"] < k)


def suppress_small_groups(kpis: pd.DataFrame, k: int) -> pd.DataFrame:
    """The figures with every group of fewer than `k` respondents blanked and marked."""
    return blank(kpis, small(kpis, k))


def blank(
    kpis: pd.DataFrame, hidden: pd.Series, *, small_ones: pd.Series | None = None
) -> pd.DataFrame:
    """The figures with the `hidden` groups blanked and marked.

    A blanked group counts as unmeasured (n = 0) everywhere, so no chart, table, peak or
    ranking can reveal it; `suppressed` says which rows were hidden and `hidden_because`
    why ("small", or "complement" for those hidden to protect a small one), for captions.
    """
    hidden = hidden.astype(bool)
    result = kpis.copy()
    result["suppressed"] = hidden
    small_ones = hidden if small_ones is None else small_ones
    result["hidden_because"] = np.where(small_ones, SMALL, np.where(hidden, COMPLEMENT, ""))
    if hidden.any():
        for column in FIGURES:
            if column in result:
                result.loc[hidden, column] = float("nan")
        for column in COUNTS:
            result.loc[hidden, column] = 0
        result.loc[hidden, "shape"] = None
        result.loc[hidden, "low_sample"] = True
    return result


def stored_figures(*, engine: Engine, journey_id: int, min_n: int) -> Figures:
    """The loader of `protected_kpis` that reads the database directly (report, CLI)."""

    def figures(filters: Filters, split: Split) -> pd.DataFrame:
        return stage_kpis(
            engine=engine,
            journey_id=journey_id,
            filters=filters,
            by_persona=split == "persona",
            by_wave=split == "wave",
            min_n=min_n,
        )

    return figures


def protected_kpis(figures: Figures, *, filters: Filters, split: Split, k: int) -> pd.DataFrame:
    """The figures under the filters (and split) as they may be released: see the module."""
    if split is not None:
        cells = _protected_split(figures, filters=filters, split=split, k=k)
        chosen = filters.personas if split == "persona" else filters.waves
        if chosen:
            cells = cells[cells[split].isin(chosen)].reset_index(drop=True)
            order = f"{split}_order"  # renumbered among the chosen, as the split alone would
            cells[order] = cells[order].rank(method="dense").astype(int) - 1
    else:
        table = figures(filters, None)
        tiny = small(table, k)
        cells = blank(
            table, tiny | _filtered_out_few(figures, table, filters, None, k), small_ones=tiny
        )
    separated = _separating_stages(figures, filters=filters, split=split, k=k)
    if separated:
        extra = cells["stage"].isin(separated) & ~cells["suppressed"]
        if extra.any():
            cells = blank(
                cells, cells["suppressed"] | extra, small_ones=cells["hidden_because"] == SMALL
            )
    return cells


def _protected_split(
    figures: Figures, *, filters: Filters, split: Literal["persona", "wave"], k: int
) -> pd.DataFrame:
    """Every group of the split (whatever is chosen of it), protected against its stage totals."""
    every = replace(filters, personas=()) if split == "persona" else replace(filters, waves=())
    table = figures(every, split)
    tiny = small(table, k)
    others = _filtered_out_few(figures, table, every, split, k)
    hidden = protect(table, margins=[["stage"]], k=k, also=list(others)).hidden
    return blank(table, hidden, small_ones=tiny)


def _filtered_out_few(
    figures: Figures, table: pd.DataFrame, filters: Filters, split: Split, k: int
) -> pd.Series:
    """Groups from which a date, channel or attribute filter leaves out 1 … k − 1 respondents."""
    wider = replace(filters, date_from=None, date_to=None, channels=(), attributes=())
    if wider == filters:
        return pd.Series(False, index=table.index)
    keys = ["stage"] if split is None else ["stage", split]
    everyone = figures(wider, split).set_index(keys)["respondents"]
    left_out = everyone.reindex(pd.MultiIndex.from_frame(table[keys]) if split else table["stage"])
    gap = left_out.to_numpy(dtype=float) - table["respondents"].to_numpy(dtype=float)
    return pd.Series((gap > 0) & (gap < k), index=table.index)


def _separating_stages(figures: Figures, *, filters: Filters, split: Split, k: int) -> set[str]:
    """Stages where the chosen personas (waves) hold some but not all of its hidden groups."""
    stages: set[str] = set()
    choices: tuple[tuple[Literal["persona", "wave"], tuple[str, ...]], ...] = (
        ("persona", filters.personas),
        ("wave", filters.waves),
    )
    for dimension, chosen in choices:
        if not chosen or split == dimension:
            continue
        cells = _protected_split(figures, filters=filters, split=dimension, k=k)
        hidden = cells[cells["suppressed"]]
        for stage, groups in hidden.groupby("stage")[dimension]:
            inside = set(groups) & set(chosen)
            if inside and inside != set(groups):
                stages.add(str(stage))
    return stages
