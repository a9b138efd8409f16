"""The numbers behind the charts, as tables people read (named columns, rounded)."""

import pandas as pd

FIGURE_COLUMNS = {
    "stage": "Stage",
    "touchpoint": "Touchpoint",
    "persona": "Persona",
    "n": "n (responses)",
    "respondents": "Respondents",
    "mean_emotion": "Mean emotion (−1…+1)",
    "ci_low": "95% CI low",
    "ci_high": "95% CI high",
    "n_expectation": "n (expectation answers)",
    "share_below": "Below",
    "share_meets": "Meets",
    "share_exceeds": "Exceeds",
    "meets_or_exceeds": "Meets or exceeds",
    "net_expectation": "Net expectation",
    "shape": "Peak / valley",
    "low_sample": "Low sample",
    "reach": "Reach",
    "impact": "Impact (below × reach)",
    "target_emotion": "Target emotion",
    "gap": "Gap to target",
}


def stage_figures(kpis: pd.DataFrame) -> pd.DataFrame:
    """The section-4 figures with readable headers; persona only when split."""
    columns = [c for c in FIGURE_COLUMNS if c in kpis.columns]
    if kpis["persona"].isna().all():
        columns.remove("persona")
    if "target_emotion" not in kpis or kpis["target_emotion"].isna().all():
        columns = [c for c in columns if c not in ("target_emotion", "gap")]
    table = kpis[columns].rename(columns=FIGURE_COLUMNS)
    return table.round(3)


def moments_table(moments: pd.DataFrame) -> pd.DataFrame:
    """Moments that matter, ranked, with what makes each one matter."""
    table = moments[["stage", "persona", "impact", "share_below", "reach", "n", "mean_emotion"]]
    if table["persona"].isna().all():
        table = table.drop(columns=["persona"])
    table = table.rename(columns=FIGURE_COLUMNS).round(3)
    table.insert(0, "Rank", range(1, len(table) + 1))
    return table


DRIVER_COLUMNS = {
    "importance": "Importance (R² share)",
    "importance_low": "95% interval low",
    "importance_high": "95% interval high",
    "share": "Share of what is explained",
    "r": "r with the outcome",
    "n": "n (respondents with both)",
    "mean_emotion": "Mean emotion (−1…+1)",
    "quadrant": "Group",
}


def driver_table(drivers: pd.DataFrame, matrix: pd.DataFrame) -> pd.DataFrame:
    """Every stage (or touchpoint) of a driver analysis, ranked, with its group where placed."""
    name = str(drivers.columns[0])
    placed = matrix[[name, "mean_emotion", "quadrant"]] if len(matrix) else None
    table = drivers if placed is None else drivers.merge(placed, on=name, how="left")
    columns = [name, *(c for c in DRIVER_COLUMNS if c in table.columns)]
    renamed = table[columns].rename(columns={name: name.capitalize(), **DRIVER_COLUMNS})
    renamed.insert(0, "Rank", range(1, len(renamed) + 1))
    return renamed.round(3)


def theme_driver_table(themes: pd.DataFrame) -> pd.DataFrame:
    """Themes as drivers, ranked: mentions, the outcome's difference with its interval,
    importance beside the stages."""
    table = themes.rename(
        columns={
            "theme": "Theme",
            "mentions": "Respondents who mention it",
            "effect": "Outcome difference (mention − not)",
            "effect_low": "95% interval low",
            "effect_high": "95% interval high",
            "importance": "Importance beside the stages (R² share)",
            "share": "Share of what is explained",
        }
    ).round(3)
    table.insert(0, "Rank", range(1, len(table) + 1))
    return table
