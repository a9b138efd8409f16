"""Trends' figures per stage and wave: emotion and meets-or-exceeds, with intervals and tests."""

import numpy as np
import pandas as pd
from scipy import stats

from journey.analysis.significance import wave_steps
from journey.formatting import percent, signed


def wilson_interval(
    successes: pd.Series, n: pd.Series, level: float = 0.95
) -> tuple[pd.Series, pd.Series]:
    """Wilson score interval of a share: honest near 0 and 1 and for small n (NaN when n = 0)."""
    z = stats.norm.ppf(0.5 + level / 2)
    n = n.astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = successes / n
        centre = (share + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(share * (1 - share) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return (centre - half).where(n > 0), (centre + half).where(n > 0)


def trend_table(kpis_by_wave: pd.DataFrame) -> pd.DataFrame:
    """Per stage and wave: mean emotion with its interval, meets-or-exceeds with Wilson's,
    and whether each changed significantly since the previous wave."""
    table = kpis_by_wave[kpis_by_wave["n"] + kpis_by_wave["n_expectation"] > 0].copy()
    tests = wave_steps(kpis_by_wave)[
        [
            "stage",
            "wave",
            "emotion_difference",
            "q_emotion",
            "significant_emotion",
            "share_difference",
            "q_share",
            "significant_share",
        ]
    ]
    table = table.merge(tests, on=["stage", "wave"], how="left")
    for column in ("significant_emotion", "significant_share"):
        table[column] = table[column].astype("boolean").fillna(False).astype(bool)
    table["change_text"] = [
        "first wave" if pd.isna(d) else f"{signed(d)} (q = {q:.2g})"
        for d, q in zip(table["emotion_difference"], table["q_emotion"], strict=True)
    ]
    table["share_change_text"] = [
        "first wave" if pd.isna(d) else f"{d:+.0%} (q = {q:.2g})".replace("-", "−")
        for d, q in zip(table["share_difference"], table["q_share"], strict=True)
    ]
    low, high = wilson_interval(table["n_meets"] + table["n_exceeds"], table["n_expectation"])
    table["moe_low"], table["moe_high"] = low, high
    table["mean_text"] = table["mean_emotion"].map(signed)
    table["moe_text"] = table["meets_or_exceeds"].map(percent)
    table["moe_interval"] = [
        f"{percent(a)} to {percent(b)}" for a, b in zip(low, high, strict=True)
    ]
    return table
