"""The privacy threshold: a group too small to stay anonymous shows no figures and no words."""

import pandas as pd


def small_groups(kpis_by_persona: pd.DataFrame, k: int) -> set[tuple[str, str]]:
    """(stage, persona) groups with at least one but fewer than `k` respondents."""
    small = kpis_by_persona[
        (kpis_by_persona["respondents"] > 0) & (kpis_by_persona["respondents"] < k)
    ]
    return set(zip(small["stage"], small["persona"], strict=True))


def without_small_groups(verbatims: pd.DataFrame, groups: set[tuple[str, str]]) -> pd.DataFrame:
    """The comments, minus those from respondents in groups too small to be anonymous."""
    keep = [
        (stage, persona) not in groups
        for stage, persona in zip(verbatims["stage"], verbatims["persona"], strict=True)
    ]
    return verbatims[keep].reset_index(drop=True)
