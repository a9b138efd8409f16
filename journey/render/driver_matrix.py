"""The importance × performance matrix of the driver analysis, "fix first" highlighted."""

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.formatting import signed
from journey.render.axes import EMOTION_AXIS
from journey.render.palette import OKABE_ITO

QUADRANT_STYLE = {  # colour, shape: "fix first" differs in both, and in its label
    "Fix first": ("#D55E00", "diamond"),
    "Keep it up": (OKABE_ITO[0], "circle"),
    "Low priority": ("#8C8C8C", "square"),
    "Possible overkill": (OKABE_ITO[2], "triangle-up"),
}


def priority_chart(matrix: pd.DataFrame, *, height: int = 420) -> ChartType:
    """Each stage at (mean emotion, r); the "fix first" quadrant shaded and named."""
    data = matrix.assign(
        r_text=matrix["r"].map(lambda r: f"{r:.2f}"),
        mean_text=matrix["mean_emotion"].map(signed),
    )
    r_median = float(matrix["r"].median())
    mean_median = float(matrix["mean_emotion"].median())
    low_r = min(0.0, float(matrix["r"].min()) - 0.05)
    high_r = max(0.6, float(matrix["r"].max()) + 0.05)
    x = alt.X(
        "mean_emotion:Q", scale=alt.Scale(domain=[-1, 1]), title=f"Performance: {EMOTION_AXIS}"
    )
    y = alt.Y(
        "r:Q",
        scale=alt.Scale(domain=[low_r, high_r]),
        title="Importance: correlation (r) of the stage's emotion with the outcome",
    )
    shade = alt.Chart(
        pd.DataFrame({"x": [-1.0], "x2": [mean_median], "y": [r_median], "y2": [high_r]})
    )
    fix_first = shade.mark_rect(color="#D55E00", opacity=0.08).encode(
        x="x:Q", x2="x2", y="y:Q", y2="y2"
    )
    corner = alt.Chart(pd.DataFrame({"x": [-0.97], "y": [high_r - 0.01], "text": ["FIX FIRST"]}))
    corner_label = corner.mark_text(
        align="left", baseline="top", fontSize=13, fontWeight="bold", color="#A34400"
    ).encode(x="x:Q", y="y:Q", text="text:N")
    rules = alt.Chart(pd.DataFrame({"r": [r_median], "mean_emotion": [mean_median]}))
    horizontal = rules.mark_rule(strokeDash=[4, 4], color="#666666").encode(y="r:Q")
    vertical = rules.mark_rule(strokeDash=[4, 4], color="#666666").encode(x="mean_emotion:Q")
    quadrants = list(QUADRANT_STYLE)
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=260, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "quadrant:N",
                scale=alt.Scale(domain=quadrants, range=[c for c, _ in QUADRANT_STYLE.values()]),
                legend=alt.Legend(title="Quadrant", orient="top"),
            ),
            shape=alt.Shape(
                "quadrant:N",
                scale=alt.Scale(domain=quadrants, range=[s for _, s in QUADRANT_STYLE.values()]),
                legend=alt.Legend(title="Quadrant", orient="top"),
            ),
            tooltip=[
                alt.Tooltip("stage:N", title="Stage"),
                alt.Tooltip("quadrant:N", title="Quadrant"),
                alt.Tooltip("r_text:N", title="r with the outcome"),
                alt.Tooltip("pairs:Q", title="Respondents with both (n)", format=","),
                alt.Tooltip("mean_text:N", title="Mean emotion (−1…+1)"),
            ],
        )
    )
    labels = (
        alt.Chart(data).mark_text(align="left", dx=12, fontSize=12).encode(x=x, y=y, text="stage:N")
    )
    return alt.layer(fix_first, corner_label, horizontal, vertical, points, labels).properties(
        height=height, width=720
    )


def priority_caption(matrix: pd.DataFrame) -> str:
    """The matrix in words: which stages to fix first."""
    first = list(matrix.loc[matrix["quadrant"] == "Fix first", "stage"])
    strongest = matrix.iloc[0]
    return (
        f"Fix first (more tied to the outcome and felt worse than the typical stage): "
        f"{', '.join(first) or 'none'}. Strongest driver: {strongest['stage']} "
        f"(r = {strongest['r']:.2f}, n = {int(strongest['pairs']):,})."
    )
