"""Each theme's weight per stage (and persona): how many comments carry it, and how the ratings
that carry it differ from the stage's other commented ratings (DESIGN §6)."""

import numpy as np
import pandas as pd

from journey.analysis.significance import benjamini_hochberg, welch


def stage_theme_table(
    comments: pd.DataFrame, *, k: int = 10, by_persona: bool = False
) -> pd.DataFrame:
    """Per stage (and persona) and theme: n, share, mean emotion, difference, p, p_adjusted.

    `comments` has one row per comment with `stage`, `theme`, `emotion` (NaN for a comment
    without a rating) and, when split, `persona`. `share` is of the group's comments;
    `difference` is the theme's mean emotion minus the mean of the group's other commented
    ratings, tested with Welch's t-test; themes with fewer than `k` comments in a group are
    left out, and Benjamini–Hochberg adjusts the p-values of the rows shown.
    """
    keys = ["stage", "persona"] if by_persona else ["stage"]
    frame = comments[[*keys, "theme", "emotion"]].copy()
    frame["emotion"] = frame["emotion"].astype(float)
    frame["rated"] = frame["emotion"].notna().astype(int)
    frame["square"] = frame["emotion"] ** 2
    order = {key: i for i, key in enumerate(dict.fromkeys(map(tuple, frame[keys].to_numpy())))}
    themes = (
        frame.groupby([*keys, "theme"], sort=False)
        .agg(
            n=("theme", "size"),
            rated=("rated", "sum"),
            total=("emotion", "sum"),
            total_sq=("square", "sum"),
        )
        .reset_index()
    )
    groups = frame.groupby(keys, sort=False).agg(
        group_n=("theme", "size"),
        group_rated=("rated", "sum"),
        group_total=("emotion", "sum"),
        group_total_sq=("square", "sum"),
    )
    table = themes.join(groups, on=keys)
    table = table[table["n"] >= k].reset_index(drop=True)
    table["share"] = table["n"] / table["group_n"]
    with np.errstate(invalid="ignore", divide="ignore"):
        table["mean_emotion"] = (table["total"] / table["rated"]).where(table["rated"] > 0)
    table["difference"], table["p_value"] = welch(
        table["rated"],
        table["total"],
        table["total_sq"],
        table["group_rated"] - table["rated"],
        table["group_total"] - table["total"],
        table["group_total_sq"] - table["total_sq"],
    )
    table["p_adjusted"] = benjamini_hochberg(table["p_value"])
    table["_order"] = [order[tuple(row)] for row in table[keys].to_numpy()]
    table = table.sort_values(["_order", "n", "theme"], ascending=[True, False, True])
    columns = [*keys, "theme", "n", "share", "mean_emotion", "difference", "p_value", "p_adjusted"]
    return table[columns].reset_index(drop=True)
