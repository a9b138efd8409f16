"""What people say, drawn: a stage's themes by share, and the share of negative comments."""

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.formatting import percent, signed
from journey.render.axes import STAGE_STEP, stage_axis
from journey.render.palette import DIVERGING, OKABE_ITO

SIGNIFICANCE = 0.05  # a theme's difference is called significant below this adjusted p


def q_text(value: object) -> str:
    """An adjusted p-value as people read it: "< 0.001", "0.03", "–"."""
    if not isinstance(value, int | float) or value != value:
        return "–"
    return "< 0.001" if value < 0.001 else f"{value:.2g}"


def theme_bars(table: pd.DataFrame) -> ChartType:
    """Each theme's share of the comments, coloured by how its ratings differ from the rest.

    `table` has theme, n, share, mean_emotion, difference, p_adjusted (one group: a stage, or
    the whole journey). Significant differences are outlined and named in the tooltip.
    """
    data = table.assign(
        share_text=table["share"].map(percent),
        mean_text=table["mean_emotion"].map(signed),
        difference_text=table["difference"].map(signed),
        q_text=table["p_adjusted"].map(q_text),
        significant=(table["p_adjusted"] < SIGNIFICANCE).map({True: "yes", False: "no"}),
    )
    order = list(data.sort_values("share", ascending=False)["theme"])
    bars = (
        alt.Chart(data)
        .mark_bar(stroke="#000000")
        .encode(
            y=alt.Y("theme:N", sort=order, title=None, axis=alt.Axis(labelLimit=280)),
            x=alt.X("share:Q", title="Share of the comments", axis=alt.Axis(format="%")),
            color=alt.Color(
                "difference:Q",
                scale=alt.Scale(domain=[-1, 1], range=list(DIVERGING)),
                title="Emotion vs the other comments (−1…+1)",
            ),
            strokeWidth=alt.condition("datum.significant == 'yes'", alt.value(2), alt.value(0)),
            tooltip=[
                alt.Tooltip("theme:N", title="Theme"),
                alt.Tooltip("n:Q", title="Comments (n)", format=","),
                alt.Tooltip("share_text:N", title="Share of the comments"),
                alt.Tooltip("mean_text:N", title="Mean emotion of their ratings (−1…+1)"),
                alt.Tooltip("difference_text:N", title="Difference from the other comments"),
                alt.Tooltip("q_text:N", title="q (Welch, Benjamini–Hochberg)"),
            ],
        )
    )
    labels = bars.mark_text(align="left", dx=4, fontSize=12, color="#333333").encode(
        text="share_text:N", color=alt.value("#333333"), strokeWidth=alt.value(0)
    )
    return alt.layer(bars, labels).properties(width="container", height=alt.Step(30))


def negative_share_chart(per_stage: pd.DataFrame, order: list[str]) -> ChartType:
    """Per stage, the share of its comments that read as negative, with n, on the stage axis."""
    data = per_stage.assign(
        share_text=per_stage["negative_share"].map(percent),
        n_label=[f"n={n:,}" for n in per_stage["comments"]],
    )
    bars = (
        alt.Chart(data)
        .mark_bar(color=OKABE_ITO[5], size=STAGE_STEP * 0.5)
        .encode(
            x=stage_axis(order),
            y=alt.Y(
                "negative_share:Q",
                title=["Negative", "comments"],  # one line is longer than the axis
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=3),
            ),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("share_text:N", title="Comments that read negative"),
                alt.Tooltip("comments:Q", title="Comments (n)", format=","),
            ],
        )
    )
    text = bars.mark_text(dy=-8, fontSize=11, color="#333333").encode(text="share_text:N")
    return alt.layer(bars, text).properties(height=140, width=alt.Step(STAGE_STEP))
