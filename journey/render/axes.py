"""The shared axes of the charts: stages in journey order (wrapped names), emotion on −1 … +1."""

import json

import altair as alt
import pandas as pd

from journey.render.text_layout import wrap

EMOTION_AXIS = "Mean emotion (−1 very negative … +1 very positive)"
# The same on a chart too short for it (an axis title longer than its axis is cut off).
SHORT_EMOTION_AXIS = ["Mean emotion", "(−1 … +1)"]
FULL_TITLE_HEIGHT = 320  # px: the height from which the full title fits along the axis

AxisTitle = str | list[str]


def emotion_title(height: int) -> AxisTitle:
    """The emotion axis's title for a chart of this height."""
    return EMOTION_AXIS if height >= FULL_TITLE_HEIGHT else SHORT_EMOTION_AXIS


STAGE_STEP = 120  # pixels per stage: wide enough for two-line stage names


def stage_order(kpis: pd.DataFrame) -> list[str]:
    """Stage names in journey order."""
    return list(dict.fromkeys(kpis.sort_values("position")["stage"]))


def stage_label_expr(order: list[str], width: int = 12) -> str:
    """A Vega expression that wraps each stage name onto lines of about `width` characters.

    Lines break between words only: a longer word keeps a line of its own, whole.
    """
    lines = {name: wrap(name, width) for name in order}
    return f"{json.dumps(lines, ensure_ascii=False)}[datum.label] || datum.label"


def stage_axis(order: list[str], *, title: str | None = None, header: bool = False) -> alt.X:
    """The stage axis every chart shares: journey order, names wrapped between words.

    `header` puts bold names on top, as the journey map's column headings.
    """
    return alt.X(
        "stage:N",
        sort=order,
        scale=alt.Scale(domain=order),
        title=title,
        axis=alt.Axis(
            orient="top" if header else "bottom",
            labelAngle=0,
            labelExpr=stage_label_expr(order),
            labelFontSize=14 if header else 13,
            labelFontWeight="bold" if header else "normal",
            ticks=not header,
            domain=not header,
        ),
    )


def lane_axis(order: list[str]) -> alt.X:
    """The same stage positions as `stage_axis`, drawn without an axis (the map's lanes)."""
    return alt.X("stage:N", sort=order, scale=alt.Scale(domain=order), title=None, axis=None)


def emotion_y(title: AxisTitle | None = EMOTION_AXIS, field: str = "mean_emotion") -> alt.Y:
    """An emotion field on the vertical axis, on −1 … +1 (every layer of a chart the same)."""
    return alt.Y(f"{field}:Q", scale=alt.Scale(domain=[-1, 1]), title=title)
