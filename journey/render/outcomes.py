"""The overall outcome in words and tables: its metric, and what expectations do to it."""

import pandas as pd

from journey.formatting import outcome_value

OUTCOME_HELP = {
    "nps": "NPS: the share of promoters (9–10) minus the share of detractors (0–6), in points.",
    "csat": "CSAT: the share of answers in the top two boxes of the scale (Wilson's interval).",
    "ces": "CES: the mean effort score on the survey's own scale (Student-t interval).",
    "yes/no": "The share of respondents who answered yes (Wilson's interval).",
    "numeric": "The mean of the outcome (Student-t interval); no import declared its kind.",
}


def outcome_contrast(split: pd.DataFrame, label: str) -> str:
    """The stage whose expectations split the outcome most, in one sentence."""
    wide = split.pivot(index="stage", columns="expectation", values="value")
    if (
        not {"below", "exceeds"} <= set(wide.columns)
        or wide[["below", "exceeds"]].isna().all().all()
    ):
        return f"The {label} of respondents below, meeting and exceeding expectations, per stage."
    gap = (wide["exceeds"] - wide["below"]).dropna()
    stage = str(gap.idxmax())
    unit = str(split["unit"].iloc[0])
    below, exceeds = wide.loc[stage, "below"], wide.loc[stage, "exceeds"]
    return (
        f"Among respondents whose {stage} fell below expectations, the {label} is "
        f"{outcome_value(below, unit)}; among those for whom it exceeded them, "
        f"{outcome_value(exceeds, unit)}: the widest gap of any stage."
    )


def outcome_split_table(split: pd.DataFrame) -> pd.DataFrame:
    """Per stage, the outcome of those below, meeting and exceeding expectations, with n."""
    rows = []
    for stage, group in split.groupby("stage", sort=False):
        row: dict[str, object] = {"Stage": stage}
        for figure in group.to_dict("records"):
            label, unit = str(figure["expectation"]).capitalize(), str(figure["unit"])
            row[label] = outcome_value(figure["value"], unit)
            row[f"{label}: 95% interval"] = (
                f"{outcome_value(figure['low'], unit)} to {outcome_value(figure['high'], unit)}"
            )
            row[f"{label}: n"] = int(figure["n"])
        rows.append(row)
    return pd.DataFrame(rows)
