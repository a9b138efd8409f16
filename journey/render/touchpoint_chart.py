"""A stage's touchpoints side by side: mean emotion with its 95% interval, n on each."""

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.formatting import percent, signed
from journey.render.axes import EMOTION_AXIS
from journey.render.palette import OKABE_ITO


def touchpoint_chart(figures: pd.DataFrame) -> ChartType:
    """One row per touchpoint of a stage: its mean emotion and interval on −1 … +1."""
    data = figures[figures["n"] > 0].assign(
        mean_text=lambda f: f["mean_emotion"].map(signed),
        interval_text=lambda f: [
            f"{signed(low)} to {signed(high)}" if not pd.isna(low) else "– (n < 2)"
            for low, high in zip(f["ci_low"], f["ci_high"], strict=True)
        ],
        meets_text=lambda f: f["meets_or_exceeds"].map(percent),
        n_label=lambda f: [f"n={n:,}" for n in f["n"]],
    )
    order = list(data["touchpoint"])
    y = alt.Y(
        "touchpoint:N", sort=order, title=None, axis=alt.Axis(labelLimit=260, labelFontSize=13)
    )
    x = alt.X("mean_emotion:Q", scale=alt.Scale(domain=[-1, 1]), title=EMOTION_AXIS)
    tooltip = [
        alt.Tooltip("touchpoint:N", title="Touchpoint"),
        alt.Tooltip("mean_text:N", title="Mean emotion (−1…+1)"),
        alt.Tooltip("interval_text:N", title="95% interval"),
        alt.Tooltip("n:Q", title="Responses (n)", format=","),
        alt.Tooltip("meets_text:N", title="Meets or exceeds"),
    ]
    base = alt.Chart(data).encode(y=y)
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(color="#999999").encode(x="zero:Q")
    band = base.mark_rule(strokeWidth=3, color=OKABE_ITO[0], opacity=0.5).encode(
        x=alt.X("ci_low:Q", scale=alt.Scale(domain=[-1, 1]), title=EMOTION_AXIS),
        x2="ci_high:Q",
        tooltip=tooltip,
    )
    points = base.mark_point(filled=True, size=160, color=OKABE_ITO[0]).encode(x=x, tooltip=tooltip)
    counts = base.mark_text(align="left", dx=10, dy=-10, fontSize=11, color="#333333").encode(
        x=x, text="n_label:N"
    )
    return alt.layer(zero, band, points, counts).properties(width="container", height=alt.Step(40))


def touchpoint_caption(figures: pd.DataFrame) -> str:
    """The touchpoints in words: the best and the worst felt, with their n."""
    measured = figures[figures["n"] > 0].dropna(subset=["mean_emotion"])
    if measured.empty:
        return "No touchpoint of this stage has ratings under these filters."
    ranked = measured.sort_values("mean_emotion")
    worst, best = ranked.iloc[0], ranked.iloc[-1]
    if len(ranked) == 1:
        return f"{worst['touchpoint']}: {signed(worst['mean_emotion'])} (n={int(worst['n']):,})."
    return (
        f"Best felt: {best['touchpoint']} ({signed(best['mean_emotion'])}, n={int(best['n']):,}); "
        f"worst felt: {worst['touchpoint']} ({signed(worst['mean_emotion'])}, "
        f"n={int(worst['n']):,})."
    )
