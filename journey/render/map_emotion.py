"""The journey map's emotion lane: the curve with its band, peaks and valleys, the future
state's targets, labels placed off the markers, and a face and a word per stage for readers who
do not read charts."""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from journey.analysis.significance import stage_steps
from journey.render.curves import curve_points
from journey.render.map_canvas import BANDS, GREY, Canvas, lane_heading, marker_box
from journey.render.palette import MARKERS, TARGET_COLOUR
from journey.render.text_layout import (
    Box,
    line_height,
    place_label,
)

# Mean emotion → a word and a face, for readers who do not read charts. The faces are drawn
# as paths (a circle, two eyes, a mouth), so they look the same in every renderer and font.
FEELINGS = (  # (lowest mean, word, mouth path, colour)
    (0.5, "Delighted", "M -0.5 0.15 Q 0 0.8 0.5 0.15 Z", "#006B4F"),
    (0.2, "Pleased", "M -0.45 0.25 Q 0 0.65 0.45 0.25", "#006B4F"),
    (-0.2, "Neutral", "M -0.4 0.4 L 0.4 0.4", "#555555"),
    (-0.5, "Unhappy", "M -0.45 0.55 Q 0 0.15 0.45 0.55", "#A34400"),
    (
        -2.0,
        "Frustrated",
        "M -0.5 0.6 Q 0 0.0 0.5 0.6 M -0.55 -0.5 L -0.15 -0.35 M 0.55 -0.5 L 0.15 -0.35",
        "#A34400",
    ),
)
_FACE = (
    "M -1 0 A 1 1 0 1 0 1 0 A 1 1 0 1 0 -1 0 "  # the head
    "M -0.35 -0.3 L -0.35 -0.1 M 0.35 -0.3 L 0.35 -0.1 "  # the eyes
)


def feeling(mean: float) -> tuple[str, str, str]:
    """The word, face (an SVG path) and colour for a mean emotion."""
    for lowest, word, mouth, colour in FEELINGS:
        if mean >= lowest:
            return word, _FACE + mouth, colour
    raise ValueError(mean)  # unreachable: the last threshold is below −1


@dataclass(frozen=True)
class _Curve:
    """Where the emotion lane draws −1 … +1."""

    top: float  # y of +1
    height: float

    def y(self, emotion: float) -> float:
        return self.top + (1 - (emotion + 1) / 2) * self.height


LABEL_ROOM = 46  # px above +1 and below −1 where labels may go (above a target at +1, too)
CURVE_HEIGHT = 190
SMALLEST_CURVE = 110


def emotion_lane(
    canvas: Canvas, kpis: pd.DataFrame, order: list[str], top: float, curve_height: int
) -> float:
    start = lane_heading(canvas, "Emotion: mean, −1 … +1, with its 95% interval", top)
    curve = _Curve(start + LABEL_ROOM, curve_height)
    bottom_of_labels = curve.top + curve_height + LABEL_ROOM
    feelings_top = bottom_of_labels + 6
    bottom = feelings_top + 20 + line_height(12) + line_height(11) + 8
    canvas.band(top, bottom, BANDS[0])
    index_of = {name: i for i, name in enumerate(order)}
    # Neutral (0) as a faint guide.
    canvas.rules.append(
        {
            "x": 0,
            "x2": canvas.stages,
            "y": curve.y(0),
            "y2": curve.y(0),
            "colour": "#9A9A9A",
            "dashed": True,
            "width": 1,
        }
    )

    points = curve_points(kpis.drop(columns=["versus"], errors="ignore"))
    points = points[points["stage"].isin(order)].copy()
    points["index"] = points["stage"].map(index_of)
    points["px"] = points["index"].map(canvas.centre)
    points["py"] = points["mean_emotion"].astype(float).map(curve.y)
    eligible = points[~points["low_sample"]]
    if len(eligible):
        canvas.areas.extend(
            {
                "x": canvas.x(row["px"]),
                "y": curve.y(float(row["ci_high"])),
                "y2": curve.y(float(row["ci_low"])),
            }
            for row in eligible.to_dict("records")
            if not pd.isna(row["ci_low"])
        )
    steps = stage_steps(kpis)
    for step in steps.dropna(subset=["from_mean", "to_mean"]).to_dict("records"):
        canvas.rules.append(
            {
                "x": canvas.x(canvas.centre(index_of[str(step["stage"])])),
                "x2": canvas.x(canvas.centre(index_of[str(step["next_stage"])])),
                "y": curve.y(float(step["from_mean"])),
                "y2": curve.y(float(step["to_mean"])),
                "colour": MARKERS["Stage"][1],
                "dashed": not bool(step["significant_emotion"]),
                "width": 3,
            }
        )
    first = kpis.drop_duplicates("stage")
    target_px = {
        str(stage): curve.y(float(value))
        for stage, value in zip(first["stage"], first["target_emotion"], strict=True)
        if stage in index_of and not pd.isna(value)
    }
    _target_line(canvas, target_px, index_of)
    rows = points.to_dict("records")
    for row in rows:
        canvas.points.append(
            {
                "x": canvas.x(row["px"]),
                "y": row["py"],
                "shape": MARKERS[row["marker"]][0],
                "size": 210,
                "fill": MARKERS[row["marker"]][1],
                "stroke": "white",
                "role": "stage",
                **{key: row[key] for key in _TOOLTIP_FIELDS},
            }
        )
    lane_area = Box(0, start, canvas.width, bottom_of_labels)
    for row in rows:
        _curve_label(canvas, row, target_px.get(str(row["stage"])), lane_area)
    for row in rows:
        _feeling(canvas, row, feelings_top)
    for stage in order:
        if stage not in set(points["stage"]):
            canvas.text(
                ["no ratings"],
                x=canvas.centre(index_of[stage]),
                top=feelings_top + 20,
                size=12,
                colour=GREY,
            )
    return bottom


_TOOLTIP_FIELDS = [
    "stage",
    "mean_text",
    "ci_text",
    "n",
    "respondents",
    "meets_text",
    "label",
    "gap_text",
]


def _target_line(canvas: Canvas, target_px: dict[str, float], index_of: dict[str, int]) -> None:
    ordered = sorted(target_px, key=index_of.__getitem__)
    for here, there in zip(ordered, ordered[1:], strict=False):
        canvas.rules.append(
            {
                "x": canvas.x(canvas.centre(index_of[here])),
                "x2": canvas.x(canvas.centre(index_of[there])),
                "y": target_px[here],
                "y2": target_px[there],
                "colour": TARGET_COLOUR,
                "dashed": True,
                "width": 1.5,
            }
        )
    for stage in ordered:
        canvas.points.append(
            {
                "x": canvas.x(canvas.centre(index_of[stage])),
                "y": target_px[stage],
                "shape": "diamond",
                "size": 90,
                "fill": "white",
                "stroke": TARGET_COLOUR,
                "role": "target",
                "stage": stage,
            }
        )


def _curve_label(
    canvas: Canvas, row: dict[Hashable, Any], target_y: float | None, area: Box
) -> None:
    """The stage's mean (and "peak" / "valley"), next to its marker, clear of the target."""
    lines = [str(row["mean_text"])]
    if row["marker"] in ("Peak", "Valley"):
        lines.append(row["marker"].lower())
    anchor = marker_box(row["px"], row["py"], 210)
    obstacles = [anchor]
    if target_y is not None:
        obstacles.append(marker_box(row["px"], target_y, 90))
    column = Box(
        row["px"] - canvas.column / 2, area.top, row["px"] + canvas.column / 2, area.bottom
    )
    obstacles += [box for box in canvas.labels if box.overlaps(column)]
    top = place_label(
        lines,
        13,
        x=row["px"],
        anchor=anchor,
        obstacles=obstacles,
        area=area,
        prefer_above=row["marker"] != "Valley",
        bold=True,
    )
    canvas.text(lines, x=row["px"], top=top, size=13, bold=True, colour=MARKERS[row["marker"]][2])


def _feeling(canvas: Canvas, row: dict[Hashable, Any], top: float) -> None:
    """A face and a word for the stage's mean (or "low sample": too few to say)."""
    if row["marker"] == "Low sample":
        canvas.text(
            [f"low sample (n = {row['n']:,})"], x=row["px"], top=top + 20, size=12, colour=GREY
        )
        return
    word, face, colour = feeling(float(row["mean_emotion"]))
    canvas.points.append(
        {
            "x": canvas.x(row["px"]),
            "y": top + 9,
            "shape": face,
            "size": 260,
            "fill": "none",
            "stroke": colour,
            "role": "face",
            "stage": row["stage"],
        }
    )
    canvas.labels.append(marker_box(row["px"], top + 9, 260))
    box = canvas.text([word], x=row["px"], top=top + 20, size=12, bold=True, colour=colour)
    canvas.text([f"n = {row['n']:,}"], x=row["px"], top=box.bottom, size=11, colour=GREY)
