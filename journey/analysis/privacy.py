"""The privacy threshold: a group too small to stay anonymous shows no figures and no words."""

import pandas as pd


def small_groups(kpis_by_persona: pd.DataFrame) -> set[tuple[str, str]]:
    """(stage, persona) groups that `suppress_small_groups` hid."""
    hidden = kpis_by_persona[kpis_by_persona["suppressed"]]
    return set(zip(hidden["stage"], hidden["persona"], strict=True))


def hidden_note(kpis: pd.DataFrame, k: int) -> str | None:
    """A caption saying how many groups are hidden by the privacy threshold, if any."""
    count = int(kpis["suppressed"].sum())
    if not count:
        return None
    groups = "group is" if count == 1 else "groups are"
    return f"{count} {groups} hidden: fewer than {k} respondents, who could be recognised."


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


def suppress_small_groups(kpis: pd.DataFrame, k: int) -> pd.DataFrame:
    """The figures with every group of fewer than `k` respondents blanked and marked.

    A blanked group counts as unmeasured (n = 0) everywhere, so no chart, table, peak or
    ranking can reveal it; `suppressed` says which rows were hidden, for captions.
    """
    hidden = (kpis["respondents"] > 0) & (kpis["respondents"] < k)
    result = kpis.copy()
    result["suppressed"] = hidden
    if hidden.any():
        for column in FIGURES:
            if column in result:
                result.loc[hidden, column] = float("nan")
        for column in COUNTS:
            result.loc[hidden, column] = 0
        result.loc[hidden, "shape"] = None
        result.loc[hidden, "low_sample"] = True
    return result
