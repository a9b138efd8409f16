"""The journey map's drawing surface: texts, boxes, rules and points placed in pixels, then
drawn as one layered chart whose x counts stages and whose y counts pixels from the top."""

from dataclasses import dataclass, field
from typing import Any

import altair as alt
import pandas as pd
from altair.typing import ChartType

from journey.render.curves import CURVE_TOOLTIP
from journey.render.palette import FONT, MARKERS
from journey.render.text_layout import Box, line_height, text_width

INK = "#222222"
GREY, LIGHT = "#5F5F5F", "#DDE3EA"
BANDS = ("#F3F6F9", "#FFFFFF")
STAGE_BAND = "#E3EDF6"
OPPORTUNITY = "#00684A"
MOMENT = "#A34400"
PAD = 8  # px between a column's edge and its text


@dataclass
class Canvas:
    """Texts, boxes, rules and points collected lane by lane, then drawn as layers."""

    stages: int
    width: int
    texts: list[dict[str, Any]] = field(default_factory=list)
    bands: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    points: list[dict[str, Any]] = field(default_factory=list)
    labels: list[Box] = field(default_factory=list)  # every text box placed so far

    @property
    def column(self) -> float:
        return self.width / self.stages

    def x(self, pixels: float) -> float:
        """Pixels from the left edge, in stage units (the x scale counts stages)."""
        return pixels / self.column

    def centre(self, index: int) -> float:
        return (index + 0.5) * self.column

    def text(
        self,
        lines: list[str],
        *,
        x: float,
        top: float,
        size: float,
        colour: str = INK,
        bold: bool = False,
        align: str = "center",
        tooltip: dict[str, str] | None = None,
    ) -> Box:
        """Text whose first line starts at `top`; `x` is its centre (or left edge)."""
        width = max((text_width(line, size, bold=bold) for line in lines), default=0.0)
        left = x - width / 2 if align == "center" else x
        box = Box(left, top, left + width, top + len(lines) * line_height(size))
        self.texts.append(
            {
                "x": self.x(x),
                "y": top,
                "text": "\n".join(lines),
                "size": size,
                "colour": colour,
                "bold": bold,
                "align": align,
                "line_height": line_height(size),
                **(tooltip or {}),
            }
        )
        self.labels.append(box)
        return box

    def band(self, top: float, bottom: float, colour: str) -> None:
        """A lane's background, the whole width (drawn under everything else)."""
        self.bands.append({"x": 0, "x2": self.stages, "y": top, "y2": bottom, "colour": colour})

    def rect(
        self, left: float, right: float, top: float, bottom: float, colour: str, **extra: Any
    ) -> None:
        self.rects.append(
            {"x": self.x(left), "x2": self.x(right), "y": top, "y2": bottom, "colour": colour}
            | extra
        )


def marker_box(x: float, y: float, size: float) -> Box:
    half = size**0.5 / 2 + 1
    return Box(x - half, y - half, x + half, y + half)


def _x(canvas: Canvas, field_name: str = "x") -> alt.X:
    return alt.X(
        f"{field_name}:Q",
        scale=alt.Scale(domain=[0, canvas.stages], nice=False, zero=False),
        axis=None,
        title=None,
    )


def _y(height: int, field_name: str = "y") -> alt.Y:
    # Pixels from the top: the domain runs from the bottom (height) up to 0.
    return alt.Y(
        f"{field_name}:Q",
        scale=alt.Scale(domain=[height, 0], nice=False, zero=False),
        axis=None,
        title=None,
    )


_TIP = [alt.Tooltip("tip_stage:N", title="Stage"), alt.Tooltip("tip_text:N", title="Detail")]


def draw(canvas: Canvas, height: int) -> ChartType:
    layers: list[ChartType] = [
        alt.Chart(pd.DataFrame(canvas.bands))
        .mark_rect()
        .encode(
            x=_x(canvas),
            x2="x2:Q",
            y=_y(height),
            y2="y2:Q",
            color=alt.Color("colour:N", scale=None),
        )
    ]
    if canvas.rects:
        rects = pd.DataFrame(canvas.rects)
        tipped = "tip_text" in rects and rects["tip_text"].notna().any()
        layers.append(
            alt.Chart(rects)
            .mark_rect()
            .encode(
                x=_x(canvas),
                x2="x2:Q",
                y=_y(height),
                y2="y2:Q",
                color=alt.Color("colour:N", scale=None),
                **({"tooltip": _TIP} if tipped else {}),
            )
        )
    if canvas.areas:
        layers.append(
            alt.Chart(pd.DataFrame(canvas.areas))
            .mark_area(opacity=0.22, color=MARKERS["Stage"][1])
            .encode(x=_x(canvas), y=_y(height), y2="y2:Q")
        )
    rules = pd.DataFrame(canvas.rules)
    for (dashed, width), group in rules.groupby(["dashed", "width"]):
        layers.append(
            alt.Chart(group)
            .mark_rule(strokeWidth=float(str(width)), strokeDash=[4, 4] if dashed else [1, 0])
            .encode(
                x=_x(canvas),
                x2="x2:Q",
                y=_y(height),
                y2="y2:Q",
                color=alt.Color("colour:N", scale=None),
            )
        )
    points = pd.DataFrame(canvas.points)
    for role, group in points.groupby("role", sort=False):
        encoding: dict[str, Any] = {
            "x": _x(canvas),
            "y": _y(height),
            "shape": alt.Shape("shape:N", scale=None),
            "size": alt.Size("size:Q", scale=None),
            "stroke": alt.Stroke("stroke:N", scale=None),
        }
        if role == "stage":
            encoding["tooltip"] = CURVE_TOOLTIP
        elif role == "target":
            encoding["tooltip"] = [alt.Tooltip("stage:N", title="Future-state target for")]
        filled = role != "face"
        mark = alt.Chart(group.dropna(axis=1, how="all")).mark_point(
            filled=filled, opacity=1, strokeWidth=1.6 if role == "face" else 1
        )
        if filled:
            encoding["fill"] = alt.Fill("fill:N", scale=None)
        layers.append(mark.encode(**encoding))
    texts = pd.DataFrame(canvas.texts)
    for (bold, align, spacing), group in texts.groupby(["bold", "align", "line_height"]):
        tipped = "tip_text" in group and group["tip_text"].notna().any()
        layers.append(
            alt.Chart(group.dropna(axis=1, how="all"))
            .mark_text(
                align="left" if align == "left" else "center",
                baseline="top",
                lineBreak="\n",
                lineHeight=float(str(spacing)),
                fontWeight="bold" if bold else "normal",
                font=FONT,
            )
            .encode(
                x=_x(canvas),
                y=_y(height),
                text="text:N",
                size=alt.Size("size:Q", scale=None),
                color=alt.Color("colour:N", scale=None),
                **({"tooltip": _TIP} if tipped else {}),
            )
        )
    # Exactly width × height (no room added for a rule's half pixel), so the picture fills
    # the page's width and the poster's page without a scroll bar or a margin.
    chart = alt.layer(*layers).properties(
        width=canvas.width,
        height=height,
        padding=0,
        autosize=alt.AutoSizeParams(type="fit", contains="padding"),
    )
    return chart.configure(font=FONT, view=alt.ViewConfig(strokeWidth=0))


def lane_heading(canvas: Canvas, title: str, top: float) -> float:
    """A lane's title in small capitals at its top left; where the lane's content starts."""
    canvas.text([title.upper()], x=PAD, top=top + 6, size=11, colour=GREY, bold=True, align="left")
    return top + 24
