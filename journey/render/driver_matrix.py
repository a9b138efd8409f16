"""The importance × performance matrix of the driver analysis, "fix first" highlighted.

Importance (each stage's share of the explained variance of the outcome, with its bootstrap
interval) is the vertical axis; performance (mean emotion) the horizontal one, scaled to the
stages shown with the zero line kept. Labels are placed so that none overlaps another or a
point: `place_labels` works in pixels, where overlap is decided.
"""

import math
from dataclasses import dataclass

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.analysis.priorities import FIX_FIRST, KEEP_IT_UP, LOW_PRIORITY, NEGATIVE_LINK, OVERKILL
from journey.formatting import percent, signed
from journey.render.palette import OKABE_ITO

WIDTH, HEIGHT = 720, 420
QUADRANT_STYLE = {  # colour, shape: each group differs in both, and in its label
    FIX_FIRST: ("#D55E00", "diamond"),
    KEEP_IT_UP: (OKABE_ITO[0], "circle"),
    LOW_PRIORITY: ("#8C8C8C", "square"),
    OVERKILL: (OKABE_ITO[2], "triangle-up"),
    NEGATIVE_LINK: ("#000000", "cross"),
}
FONT_SIZE = 12
CHAR_WIDTH = 6.6  # pixels per character at FONT_SIZE, generous for wide letters
MARKER_RADIUS = 9  # pixels around a point that no label may cover
X_STEP = 0.1  # the performance axis: its range rounds out to, and its ticks fall on, multiples


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels (y grows downwards, as on screen)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return not (
            self.right <= other.left
            or other.right <= self.left
            or self.bottom <= other.top
            or other.bottom <= self.top
        )


def _domain(
    values: pd.Series, *, keep_zero: bool, floor: float, ceiling: float, step: float
) -> list[float]:
    """The data's range with a margin, the zero line kept, rounded outwards to a multiple of
    `step`, within [floor, ceiling].

    The chart uses it as is (no "nice" rounding by Vega-Lite), so the label placement, the
    shaded quadrant and the axis all work on the same range.
    """
    low, high = float(values.min()), float(values.max())
    if keep_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    margin = max(0.05, (high - low) * 0.12)
    # Rounded before floor and ceil, so that 0.22 / 0.02 = 11.000000000000002 stays 11.
    low = math.floor(round((low - margin) / step, 9)) * step
    high = math.ceil(round((high + margin) / step, 9)) * step
    return [max(floor, round(low, 9)), min(ceiling, round(high, 9))]


def place_labels(
    points: pd.DataFrame,
    *,
    x_domain: list[float],
    y_domain: list[float],
    width: int = WIDTH,
    height: int = HEIGHT,
) -> pd.DataFrame:
    """Where each point's label goes (`label_x`, `label_y` in data units, `align`).

    Labels are tried right of the point, left of it, then above and below at growing
    distances; the first place that overlaps no point and no label already placed (and stays
    in the plot) wins. Points are labelled in rank order, so the most important get the
    closest places.
    """

    def px(x: float, y: float) -> tuple[float, float]:
        return (
            (x - x_domain[0]) / (x_domain[1] - x_domain[0]) * width,
            (y_domain[1] - y) / (y_domain[1] - y_domain[0]) * height,
        )

    centres = [px(x, y) for x, y in zip(points["mean_emotion"], points["importance"], strict=True)]
    taken = [
        Box(cx - MARKER_RADIUS, cy - MARKER_RADIUS, cx + MARKER_RADIUS, cy + MARKER_RADIUS)
        for cx, cy in centres
    ]
    placed = []
    for (cx, cy), name in zip(centres, points["label"], strict=True):
        text_width, text_height = len(str(name)) * CHAR_WIDTH, FONT_SIZE + 2
        gap = MARKER_RADIUS + 3
        candidates = [
            (cx + gap, cy - text_height / 2, "left"),
            (cx - gap, cy - text_height / 2, "right"),
        ]
        for step in range(1, 8):
            for dy in (-step * text_height, step * text_height):
                candidates += [(cx - text_width / 2, cy + dy - text_height / 2, "center")]
        chosen = candidates[0]
        for left, top, align in candidates:
            start = {"left": left, "right": left - text_width, "center": left}[align]
            box = Box(start, top, start + text_width, top + text_height)
            inside = box.left >= 0 and box.right <= width and box.top >= 0 and box.bottom <= height
            if inside and not any(box.overlaps(other) for other in taken):
                chosen = (left, top, align)
                taken.append(box)
                break
        left, top, align = chosen
        placed.append(
            (
                x_domain[0] + left / width * (x_domain[1] - x_domain[0]),
                y_domain[1] - (top + text_height / 2) / height * (y_domain[1] - y_domain[0]),
                align,
            )
        )
    return pd.DataFrame(placed, columns=["label_x", "label_y", "align"], index=points.index)


def priority_chart(matrix: pd.DataFrame, *, height: int = HEIGHT) -> ChartType:
    """Each stage at (mean emotion, importance) with its interval; "fix first" shaded and named."""
    name = str(matrix.columns[0])
    data = matrix.assign(
        label=matrix[name],
        importance_high=matrix["importance_high"].fillna(matrix["importance"]),
        importance_low=matrix["importance_low"].fillna(matrix["importance"]),
        importance_text=matrix["importance"].map(lambda v: f"{v:.3f}"),
        interval_text=[
            f"{low:.3f} to {high:.3f}"
            for low, high in zip(matrix["importance_low"], matrix["importance_high"], strict=True)
        ],
        share_text=matrix["share"].map(percent),
        r_text=matrix["r"].map(lambda r: f"{r:+.2f}".replace("-", "−")),
        mean_text=matrix["mean_emotion"].map(signed),
    )
    x_domain = _domain(data["mean_emotion"], keep_zero=True, floor=-1.0, ceiling=1.0, step=X_STEP)
    y_domain = [
        0.0,
        _domain(data["importance_high"], keep_zero=True, floor=0, ceiling=1, step=0.02)[1],
    ]
    data = data.join(place_labels(data, x_domain=x_domain, y_domain=y_domain, height=height))
    x_scale = alt.Scale(domain=x_domain, nice=False, zero=False)
    y_scale = alt.Scale(domain=y_domain, nice=False)
    # A tick every X_STEP: at Vega's 0.05 the first label, pushed inside the plot, covered the next.
    count = round((x_domain[1] - x_domain[0]) / X_STEP)
    ticks = [round(x_domain[0] + X_STEP * i, 1) for i in range(count + 1)]
    x = alt.X(
        "mean_emotion:Q",
        scale=x_scale,
        axis=alt.Axis(values=ticks, format=".1f"),
        title="Performance: mean emotion (−1 very negative … +1 very positive)",
    )
    y = alt.Y(
        "importance:Q",
        scale=y_scale,
        title="Importance: share of the outcome's variance it explains (R², after the others)",
    )
    importance_median = float(data["importance"].median())
    emotion_median = float(data["mean_emotion"].median())
    shade = alt.Chart(
        pd.DataFrame(
            {"x": [x_domain[0]], "x2": [emotion_median], "y": [importance_median],
             "y2": [y_domain[1]]}
        )
    )  # fmt: skip
    fix_first = shade.mark_rect(color=QUADRANT_STYLE[FIX_FIRST][0], opacity=0.08).encode(
        x=alt.X("x:Q", scale=x_scale), x2="x2", y=alt.Y("y:Q", scale=y_scale), y2="y2"
    )
    corner = alt.Chart(
        pd.DataFrame({"x": [x_domain[0]], "y": [y_domain[1]], "text": ["FIX FIRST"]})
    ).mark_text(
        align="left", baseline="top", dx=6, dy=6, fontSize=13, fontWeight="bold", color="#A34400"
    )
    corner_label = corner.encode(
        x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), text="text:N"
    )
    medians = alt.Chart(
        pd.DataFrame({"importance": [importance_median], "mean_emotion": [emotion_median]})
    )
    horizontal = medians.mark_rule(strokeDash=[4, 4], color="#666666").encode(y=y)
    vertical = medians.mark_rule(strokeDash=[4, 4], color="#666666").encode(x=x)
    zero = (
        alt.Chart(pd.DataFrame({"mean_emotion": [0.0]}))
        .mark_rule(color="#333333", strokeWidth=1)
        .encode(x=x)
    )
    groups = [g for g in QUADRANT_STYLE if g in set(data["quadrant"])]
    tooltip = [
        alt.Tooltip(f"{name}:N", title=name.capitalize()),
        alt.Tooltip("quadrant:N", title="Group"),
        alt.Tooltip("importance_text:N", title="Importance (R² share)"),
        alt.Tooltip("interval_text:N", title="95% interval (bootstrap)"),
        alt.Tooltip("share_text:N", title="Share of what the stages explain"),
        alt.Tooltip("r_text:N", title="r with the outcome"),
        alt.Tooltip("n:Q", title="Respondents with a rating and an outcome (n)", format=","),
        alt.Tooltip("mean_text:N", title="Mean emotion (−1…+1)"),
    ]
    intervals = (
        alt.Chart(data)
        .mark_rule(strokeWidth=2, color="#555555")
        .encode(x=x, y=alt.Y("importance_low:Q", scale=y_scale), y2="importance_high:Q",
                tooltip=tooltip)
    )  # fmt: skip
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=240, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "quadrant:N",
                scale=alt.Scale(domain=groups, range=[QUADRANT_STYLE[g][0] for g in groups]),
                legend=alt.Legend(title="Group", orient="top"),
            ),
            shape=alt.Shape(
                "quadrant:N",
                scale=alt.Scale(domain=groups, range=[QUADRANT_STYLE[g][1] for g in groups]),
                legend=alt.Legend(title="Group", orient="top"),
            ),
            tooltip=tooltip,
        )
    )
    labels = [
        alt.Chart(data[data["align"] == align])
        .mark_text(align=align, baseline="middle", fontSize=FONT_SIZE)
        .encode(
            x=alt.X("label_x:Q", scale=x_scale),
            y=alt.Y("label_y:Q", scale=y_scale),
            text="label:N",
        )
        for align in ("left", "right", "center")
    ]
    return alt.layer(
        fix_first, corner_label, horizontal, vertical, zero, intervals, points, *labels
    ).properties(height=height, width=WIDTH)


def priority_caption(matrix: pd.DataFrame, summary: str) -> str:
    """The matrix in words: what the stages explain, which to fix first, the strongest driver."""
    name = str(matrix.columns[0])
    first = list(matrix.loc[matrix["quadrant"] == FIX_FIRST, name])
    negative = list(matrix.loc[matrix["quadrant"] == NEGATIVE_LINK, name])
    strongest = matrix.iloc[0]
    parts = [
        summary,
        f"Fix first (more important than the typical {name} and felt worse): "
        f"{', '.join(first) or 'none'}.",
        f"Strongest driver: {strongest[name]} (importance {strongest['importance']:.3f}, "
        f"{percent(strongest['share'])} of what the {name}s explain; "
        f"r = {strongest['r']:+.2f}, n = {int(strongest['n']):,}).".replace("-", "−"),
    ]
    if negative:
        parts.append(
            f"Negative link (a better feeling there goes with a worse outcome): "
            f"{', '.join(negative)}; check how the question was asked before acting on it."
        )
    return " ".join(parts)
