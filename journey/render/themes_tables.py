"""The themes' numbers as people read them, and the chart of a stage's themes in words."""

import pandas as pd

from journey.formatting import percent, signed
from journey.render.theme_charts import SIGNIFICANCE, q_text


def theme_table(
    rows: pd.DataFrame, terms: dict[str, list[str]], quotes: dict[str, list[str]]
) -> pd.DataFrame:
    """One row per theme: comments, share, mean emotion, difference, q, terms, quotes."""
    return pd.DataFrame(
        {
            "Theme": rows["theme"],
            "Comments (n)": rows["n"],
            "Share": rows["share"].round(3),
            "Mean emotion (−1…+1)": rows["mean_emotion"].round(3),
            "Difference from the other comments": rows["difference"].round(3),
            "q (Welch, BH)": rows["p_adjusted"].map(q_text),
            "Most telling terms": [", ".join(terms.get(t, [])) for t in rows["theme"]],
            "Representative quotes": [" | ".join(quotes.get(t, [])) for t in rows["theme"]],
        }
    ).reset_index(drop=True)


def theme_caption(rows: pd.DataFrame, scope: str) -> str:
    """The themes in words: the largest, and those whose ratings differ significantly."""
    top = rows.sort_values("share", ascending=False).iloc[0]
    parts = [f"{scope}: the most talked-about theme is {top['theme']} ({percent(top['share'])} "
             f"of {int(top['n'] / top['share']):,} comments)."]  # fmt: skip
    worse = rows[(rows["p_adjusted"] < SIGNIFICANCE) & (rows["difference"] < 0)]
    if len(worse):
        named = ", ".join(
            f"{t} ({signed(d)})" for t, d in zip(worse["theme"], worse["difference"], strict=True)
        )
        parts.append(f"Rated significantly worse than the other comments: {named}.")
    return " ".join(parts)


def what_people_say_table(top: pd.DataFrame) -> pd.DataFrame:
    """The top themes of each stage as people read them, with a quote for each."""
    return pd.DataFrame(
        {
            "Stage": top["stage"],
            "Theme": top["theme"],
            "Comments (n)": top["n"],
            "Share of the stage's comments": top["share"].round(3),
            "Mean emotion (−1…+1)": top["mean_emotion"].round(3),
            "Representative quote": top["quote"],
        }
    ).reset_index(drop=True)


def stage_themes_text(top: pd.DataFrame, stage: str) -> str:
    """A stage's top themes in words: “Theme” 72% of its comments, “Other theme” 16%, …"""
    rows = top[top["stage"] == stage]
    parts = [
        f"“{theme}” {percent(share)}"
        for theme, share in zip(rows["theme"], rows["share"], strict=True)
    ]
    if not parts:
        return "no theme has enough comments to be shown"
    return f"{parts[0]} of its comments" + "".join(f", {part}" for part in parts[1:])


def valley_themes(kpis: pd.DataFrame, top: pd.DataFrame) -> list[str]:
    """What people say in each valley of the curve: "First bill (valley): “Unexpected
    charges” 79% of its comments, …", in the order of the stages."""
    valleys = kpis.loc[kpis["shape"] == "valley", "stage"].astype(str)
    return [f"{stage} (valley): {stage_themes_text(top, stage)}" for stage in valleys]
