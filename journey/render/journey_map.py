"""The journey map as one designed picture, to read on a screen and to hang on a wall.

A header (journey, personas, waves, n) over lanes on light bands: the stages; their goals;
touchpoints with channel tags; the emotion curve with its 95% band, peaks and valleys and, for
readers who do not read charts, a face and a word per stage; expectations as one 100% bar per
stage with the moments that matter; what people say (the top themes, when given); and the
opportunities noted on each stage.

The map is one layered chart on a pixel grid: x counts stages (stage i spans i … i+1), y counts
pixels from the top. Everything is placed before drawing, for a layout width: labels are moved
off markers and off each other, and long names wrap between words. Drawn wider than its layout
width (the page's full width), everything only moves further apart.
"""

from dataclasses import dataclass

import pandas as pd
from altair.typing import ChartType

from journey.analysis.kpis import moments_that_matter
from journey.formatting import percent, plural
from journey.render.axes import stage_order
from journey.render.exports import chart_pdf_page
from journey.render.map_canvas import (
    BANDS,
    GREY,
    INK,
    LIGHT,
    MOMENT,
    OPPORTUNITY,
    PAD,
    STAGE_BAND,
    Canvas,
    draw,
    lane_heading,
    marker_box,
)
from journey.render.map_emotion import CURVE_HEIGHT, SMALLEST_CURVE, emotion_lane
from journey.render.map_lists import list_lane, opportunity_entries, theme_entries
from journey.render.palette import (
    CHANNEL_COLOURS,
    EXPECTATION_COLOURS,
    EXPECTATION_LABELS,
    MARKERS,
    OTHER_CHANNEL,
    TARGET_COLOUR,
    text_colour_on,
)
from journey.render.text_layout import (
    Box,
    chars_for,
    fitting_size,
    line_height,
    text_width,
    wrap,
)

MAP_WIDTH = 880  # px a map is laid out for: a page's main column on a 1366-px screen
MIN_COLUMN = 125  # px per stage at least, so a long name's longest word fits its column
POSTER_SIZE = (1191, 842)  # A3 landscape in PDF points (420 × 297 mm)
TOP_MOMENTS = 3


@dataclass(frozen=True)
class MapHeader:
    """What the map is of: journey, personas, waves and how many respondents."""

    journey: str
    personas: tuple[str, ...] = ()
    waves: tuple[str, ...] = ()
    respondents: int = 0

    def subtitle(self) -> str:
        who = ", ".join(self.personas) if self.personas else "All personas"
        waves = ", ".join(self.waves) if self.waves else "all waves"
        return f"{who} · waves {waves} · n = {plural(self.respondents, 'respondent')}"


def layout_width(stages: int, width: int = MAP_WIDTH) -> int:
    """The width a map of this many stages is laid out for: wider for long journeys."""
    return max(width, stages * MIN_COLUMN)


def _header(canvas: Canvas, header: MapHeader) -> float:
    title = wrap(
        f"{header.journey} — journey map", chars_for(canvas.width - 2 * PAD, 22, bold=True)
    )
    box = canvas.text(title, x=PAD, top=10, size=22, bold=True, align="left")
    subtitle = wrap(header.subtitle(), chars_for(canvas.width - 2 * PAD, 13))
    box = canvas.text(subtitle, x=PAD, top=box.bottom + 4, size=13, colour=GREY, align="left")
    return _legend(canvas, box.bottom + 10) + 8


def _legend(canvas: Canvas, top: float) -> float:
    """Markers and lines in words, left to right (no glyphs: every renderer draws shapes)."""
    items: list[tuple[str, str, str]] = [
        ("triangle-up", MARKERS["Peak"][1], "peak"),
        ("triangle-down", MARKERS["Valley"][1], "valley"),
        ("square", MARKERS["Low sample"][1], "low sample (not ranked)"),
        ("diamond", TARGET_COLOUR, "future-state target"),
        ("solid", MARKERS["Stage"][1], "significant change"),
        ("dashed", MARKERS["Stage"][1], "change not significant"),
    ]
    left = float(PAD)
    for shape, colour, words in items:
        needed = 28 + text_width(words, 12)
        if left + needed > canvas.width - PAD:
            left, top = PAD, top + 18
        if shape in ("solid", "dashed"):
            canvas.rules.append(
                {
                    "x": canvas.x(left),
                    "x2": canvas.x(left + 20),
                    "y": top + 8,
                    "y2": top + 8,
                    "colour": colour,
                    "dashed": shape == "dashed",
                    "width": 3,
                }
            )
            canvas.labels.append(Box(left, top + 6, left + 20, top + 10))
        else:
            canvas.points.append(
                {
                    "x": canvas.x(left + 6),
                    "y": top + 8,
                    "shape": shape,
                    "size": 90,
                    "fill": "white" if shape == "diamond" else colour,
                    "stroke": colour,
                    "role": "legend",
                }
            )
            canvas.labels.append(marker_box(left + 6, top + 8, 90))
        box = canvas.text([words], x=left + 26, top=top + 1, size=12, colour=GREY, align="left")
        left = box.right + 20
    return top + 18


def _stage_lane(canvas: Canvas, order: list[str], top: float) -> float:
    inner = canvas.column - 2 * PAD
    words = [word for name in order for word in name.split()]
    size = fitting_size(words, inner, largest=16, smallest=10)
    wrapped = [wrap(name, chars_for(inner, size, bold=True)) for name in order]
    height = max(len(lines) for lines in wrapped) * line_height(size) + 20
    canvas.band(top, top + height, STAGE_BAND)
    for index, lines in enumerate(wrapped):
        canvas.text(lines, x=canvas.centre(index), top=top + 10, size=size, bold=True)
    return top + height


def _goal_lane(canvas: Canvas, stages: pd.DataFrame, order: list[str], top: float) -> float:
    goals = dict(zip(stages["stage"], stages["goal"].fillna(""), strict=True))
    chars = chars_for(canvas.column - 2 * PAD, 12)
    wrapped = [wrap(goals.get(name) or "—", chars, max_lines=5) for name in order]
    start = lane_heading(canvas, "Goal", top)
    bottom = start + max(len(lines) for lines in wrapped) * line_height(12) + 10
    canvas.band(top, bottom, BANDS[0])
    for index, lines in enumerate(wrapped):
        canvas.text(
            lines,
            x=canvas.centre(index),
            top=start,
            size=12,
            tooltip={"tip_stage": order[index], "tip_text": goals.get(order[index]) or "—"},
        )
    return bottom


def _touchpoint_lane(
    canvas: Canvas, touchpoints: pd.DataFrame, order: list[str], top: float
) -> float:
    start = lane_heading(canvas, "Touchpoints · channel", top)
    inner = canvas.column - 2 * PAD
    lowest = start
    placed: list[tuple[int, list[str], list[str], str, str, str]] = []
    for index, stage in enumerate(order):
        rows = touchpoints[touchpoints["stage"] == stage]
        y = start
        for name, channel in zip(rows["touchpoint"], rows["channel"].fillna(""), strict=True):
            tag = (
                wrap(channel.upper(), chars_for(inner, 10, bold=True), max_lines=1)
                if channel
                else []
            )
            lines = wrap(str(name), chars_for(inner, 12), max_lines=2)
            placed.append((index, tag, lines, str(name), channel, stage))
            y += (line_height(10) if tag else 0) + len(lines) * line_height(12) + 8
        if rows.empty:
            placed.append((index, [], ["—"], "", "", stage))
            y += line_height(12) + 8
        lowest = max(lowest, y)
    bottom = lowest + 2
    canvas.band(top, bottom, BANDS[1])
    tops = dict.fromkeys(range(len(order)), start)
    for index, tag, lines, name, channel, stage in placed:
        y = tops[index]
        tip = {"tip_stage": stage, "tip_text": f"{name} ({channel or 'no channel'})"}
        if tag:
            colour = CHANNEL_COLOURS.get(channel.strip().lower(), OTHER_CHANNEL)
            box = canvas.text(
                tag, x=canvas.centre(index), top=y, size=10, bold=True, colour=colour, tooltip=tip
            )
            y = box.bottom
        box = canvas.text(lines, x=canvas.centre(index), top=y, size=12, tooltip=tip)
        tops[index] = box.bottom + 8
    return bottom


def _expectation_lane(canvas: Canvas, kpis: pd.DataFrame, order: list[str], top: float) -> float:
    start = lane_heading(canvas, "Expectations", top)
    # The colour key, after the heading.
    left = PAD + text_width("EXPECTATIONS", 11, bold=True) + 16
    for label in ("below", "meets", "exceeds"):
        canvas.rect(left, left + 12, top + 7, top + 19, EXPECTATION_COLOURS[label])
        canvas.labels.append(Box(left, top + 7, left + 12, top + 19))
        box = canvas.text(
            [EXPECTATION_LABELS[label].lower()],
            x=left + 16,
            top=top + 6,
            size=11,
            colour=GREY,
            align="left",
        )
        left = box.right + 14
    ranks = {
        str(stage): rank
        for rank, stage in enumerate(moments_that_matter(kpis)["stage"].head(TOP_MOMENTS), 1)
    }
    figures = kpis.drop_duplicates("stage").set_index("stage")
    bar_top, bar_bottom = start + 2, start + 26
    for index, stage in enumerate(order):
        row = figures.loc[stage].to_dict()
        left = index * canvas.column + PAD
        answered = int(row["n_expectation"])
        if answered == 0:
            canvas.text(
                ["no answers"], x=canvas.centre(index), top=bar_top + 4, size=12, colour=GREY
            )
            continue
        for label in ("below", "meets", "exceeds"):
            share = float(row[f"share_{label}"])
            right = left + share * (canvas.column - 2 * PAD)
            colour = EXPECTATION_COLOURS[label]
            canvas.rect(
                left,
                right,
                bar_top,
                bar_bottom,
                colour,
                tip_stage=stage,
                tip_text=f"{EXPECTATION_LABELS[label]}: {percent(share)} of {answered:,} answers",
            )
            text = percent(share)
            if right - left >= text_width(text, 11, bold=True) + 6:
                canvas.text(
                    [text],
                    x=(left + right) / 2,
                    top=bar_top + 5,
                    size=11,
                    bold=True,
                    colour=text_colour_on(colour),
                )
            left = right
        below = canvas.text(
            [f"{percent(row['meets_or_exceeds'])} meet or exceed"],
            x=canvas.centre(index),
            top=bar_bottom + 6,
            size=12,
        )
        if stage in ranks:
            lines = wrap(
                f"Moment that matters #{ranks[stage]}",
                chars_for(canvas.column - 2 * PAD, 12, bold=True),
            )
            canvas.text(
                lines,
                x=canvas.centre(index),
                top=below.bottom + 2,
                size=12,
                bold=True,
                colour=MOMENT,
            )
    bottom = bar_bottom + 6 + line_height(12) + 2 + 2 * line_height(12) + 8
    canvas.band(top, bottom, BANDS[1])
    return bottom


def journey_map(
    stages: pd.DataFrame,
    touchpoints: pd.DataFrame,
    kpis: pd.DataFrame,
    notes: pd.DataFrame,
    *,
    header: MapHeader | None = None,
    themes: pd.DataFrame | None = None,
    width: int = MAP_WIDTH,
    height: int | None = None,
) -> ChartType:
    """The journey map as one picture (see the module's docstring).

    `themes` (columns stage, theme, share; n and quote, when there, go in the tooltips), when
    given, fills the "what people say" lane with each stage's top themes (`top_themes`).
    `width` is the width the map is laid out for (wider for long journeys, see
    `layout_width`); `height`, when given, is met by stretching or shrinking the emotion curve
    (the A3 poster).
    """
    order = stage_order(kpis)
    canvas = Canvas(stages=len(order), width=layout_width(len(order), width))
    lanes = _lanes(canvas, stages, touchpoints, kpis, notes, header, themes, CURVE_HEIGHT)
    if height is not None and lanes != height:
        # The curve takes up the difference: taller on a roomy page, down to a minimum on a
        # crowded one (a map still taller than the page is then scaled down to fit it).
        curve = max(CURVE_HEIGHT + int(height - lanes), SMALLEST_CURVE)
        canvas = Canvas(stages=len(order), width=canvas.width)
        lanes = _lanes(canvas, stages, touchpoints, kpis, notes, header, themes, curve)
    return draw(canvas, int(max(lanes, height or 0)))


def _lanes(
    canvas: Canvas,
    stages: pd.DataFrame,
    touchpoints: pd.DataFrame,
    kpis: pd.DataFrame,
    notes: pd.DataFrame,
    header: MapHeader | None,
    themes: pd.DataFrame | None,
    curve_height: int,
) -> float:
    order = stage_order(kpis)
    y = _header(canvas, header) if header is not None else 0.0
    top_of_lanes = y
    y = _stage_lane(canvas, order, y)
    y = _goal_lane(canvas, stages, order, y)
    y = _touchpoint_lane(canvas, touchpoints, order, y)
    y = emotion_lane(canvas, kpis, order, y, curve_height)
    y = _expectation_lane(canvas, kpis, order, y)
    if themes is not None:
        y = list_lane(
            canvas,
            "What people say: top themes in the comments",
            theme_entries(themes),
            order,
            y,
            colour=INK,
            empty="No themes for these comments.",
            band=BANDS[0],
            max_lines=3,
        )
    y = list_lane(
        canvas,
        "Opportunities",
        opportunity_entries(notes),
        order,
        y,
        colour=OPPORTUNITY,
        empty="No opportunities noted yet (add them on the Notes page).",
        band=BANDS[1] if themes is not None else BANDS[0],
        max_lines=6,
    )
    # Column dividers across the lanes, drawn over the bands.
    canvas.rules.extend(
        {
            "x": index,
            "x2": index,
            "y": top_of_lanes,
            "y2": y,
            "colour": LIGHT,
            "dashed": False,
            "width": 1,
        }
        for index in range(1, canvas.stages)
    )
    return y


def journey_poster(
    stages: pd.DataFrame,
    touchpoints: pd.DataFrame,
    kpis: pd.DataFrame,
    notes: pd.DataFrame,
    *,
    header: MapHeader,
    themes: pd.DataFrame | None = None,
) -> bytes:
    """The map as an A3 landscape PDF poster: laid out for the page, the curve filling it."""
    width, height = POSTER_SIZE
    chart = journey_map(
        stages, touchpoints, kpis, notes, header=header, themes=themes, width=width, height=height
    )
    return chart_pdf_page(chart, POSTER_SIZE)
