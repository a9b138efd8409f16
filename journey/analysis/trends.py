"""Trends' figures per stage and wave: emotion and meets-or-exceeds, with intervals and tests."""

import pandas as pd

from journey.analysis.intervals import wilson_interval
from journey.analysis.significance import wave_steps
from journey.formatting import percent, signed


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
