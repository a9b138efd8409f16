"""Trend charts: one small panel per stage across survey waves, with 95% interval bands."""

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.formatting import signed
from journey.render.axes import stage_order
from journey.render.curves import PAGE_WIDTH
from journey.render.palette import OKABE_ITO

PANEL_WIDTH, PANEL_HEIGHT = 200, 130
# Panels side by side within a page's main column; 80 px each for the axis and the spacing.
COLUMNS = PAGE_WIDTH // (PANEL_WIDTH + 80)


def _panel(data: pd.DataFrame, stage: str, waves: list[str], measure: str) -> ChartType:
    emotion = measure == "emotion"
    value, low, high = (
        ("mean_emotion", "ci_low", "ci_high")
        if emotion
        else ("meets_or_exceeds", "moe_low", "moe_high")
    )
    domain = [-1, 1] if emotion else [0, 1]
    title = "Mean emotion" if emotion else "Meets or exceeds"
    base = alt.Chart(data[data["stage"] == stage]).encode(
        x=alt.X(
            "wave:O",
            sort=waves,
            scale=alt.Scale(domain=waves),
            title=None,
            axis=alt.Axis(labelAngle=0),
        ),
    )
    band = base.mark_area(opacity=0.2, color=OKABE_ITO[0]).encode(
        y=alt.Y(
            f"{low}:Q",
            scale=alt.Scale(domain=domain),
            title=title,
            axis=alt.Axis(format="+.1f" if emotion else "%"),
        ),
        y2=f"{high}:Q",
    )
    significant = "significant_emotion" if emotion else "significant_share"
    line = base.mark_line(color=OKABE_ITO[0]).encode(
        y=alt.Y(f"{value}:Q", scale=alt.Scale(domain=domain))
    )
    # Filled: a significant change since the previous wave; hollow: not (or the first wave).
    points = base.mark_point(size=70, color=OKABE_ITO[0], strokeWidth=2).encode(
        y=alt.Y(f"{value}:Q", scale=alt.Scale(domain=domain)),
        fill=alt.condition(f"datum.{significant}", alt.value(OKABE_ITO[0]), alt.value("white")),
        tooltip=[
            alt.Tooltip("stage:N", title="Stage"),
            alt.Tooltip("wave:O", title="Wave"),
            alt.Tooltip("mean_text:N", title="Mean emotion (−1…+1)"),
            alt.Tooltip("ci_low:Q", title="95% interval from", format="+.2f"),
            alt.Tooltip("ci_high:Q", title="95% interval to", format="+.2f"),
            alt.Tooltip("n:Q", title="Responses (n)", format=","),
            alt.Tooltip("moe_text:N", title="Meets or exceeds"),
            alt.Tooltip("moe_interval:N", title="95% interval (Wilson)"),
            alt.Tooltip("n_expectation:Q", title="Answered (n)", format=","),
            alt.Tooltip("change_text:N", title="Emotion vs previous wave"),
            alt.Tooltip("share_change_text:N", title="Meets-or-exceeds vs previous wave"),
        ],
    )
    return alt.layer(band, line, points).properties(
        title=stage, width=PANEL_WIDTH, height=PANEL_HEIGHT
    )


def trend_chart(table: pd.DataFrame, measure: str = "emotion") -> ChartType:
    """One small panel per stage: the measure across waves with its 95% interval band."""
    waves = list(table.sort_values("wave_order")["wave"].unique())
    panels = [_panel(table, stage, waves, measure) for stage in stage_order(table)]
    return alt.concat(*panels, columns=COLUMNS)


def trend_caption(table: pd.DataFrame) -> str:
    """The biggest change from the first to the last wave, in words."""
    waves = list(table.sort_values("wave_order")["wave"].unique())
    if len(waves) < 2:
        return "Only one wave so far: trends need at least two."
    first = table[table["wave"] == waves[0]].set_index("stage")["mean_emotion"]
    last = table[table["wave"] == waves[-1]].set_index("stage")["mean_emotion"]
    change = (last - first).dropna()
    if change.empty:
        return f"No stage was measured in both {waves[0]} and {waves[-1]}."
    rise, fall = change.idxmax(), change.idxmin()
    return (
        f"From {waves[0]} to {waves[-1]}: largest rise {rise} ({signed(change[rise])}), "
        f"largest fall {fall} ({signed(change[fall])})."
    )
