"""The journey map's lanes of short texts under their stages: what people say (each stage's
top themes) and the opportunities noted on each stage."""

from collections.abc import Hashable
from typing import Any

import pandas as pd

from journey.formatting import percent
from journey.render.map_canvas import GREY, PAD, Canvas, lane_heading
from journey.render.text_layout import chars_for, line_height, wrap

TOP_THEMES = 3  # as many as `top_themes` gives (not imported: it would load scikit-learn)


def list_lane(
    canvas: Canvas,
    title: str,
    entries: dict[str, list[tuple[str, str]]],
    order: list[str],
    top: float,
    *,
    colour: str,
    empty: str,
    band: str,
    max_lines: int,
) -> float:
    """A lane of short texts under their stages (themes, opportunities), one after another."""
    start = lane_heading(canvas, title, top)
    chars = chars_for(canvas.column - 2 * PAD, 12)
    lowest = start + line_height(12)
    blocks: list[tuple[int, list[str], str]] = []
    for index, stage in enumerate(order):
        y = start
        for text, tip in entries.get(stage, []):
            lines = wrap(text, chars, max_lines=max_lines)
            blocks.append((index, lines, tip))
            y += len(lines) * line_height(12) + 6
        lowest = max(lowest, y)
    bottom = lowest + 6
    canvas.band(top, bottom, band)
    if not blocks:
        canvas.text([empty], x=PAD, top=start, size=12, colour=GREY, align="left")
    tops = dict.fromkeys(range(len(order)), start)
    for index, lines, tip in blocks:
        box = canvas.text(
            lines,
            x=canvas.centre(index),
            top=tops[index],
            size=12,
            colour=colour,
            tooltip={"tip_stage": order[index], "tip_text": tip},
        )
        tops[index] = box.bottom + 6
    return bottom


def theme_entries(themes: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Each stage's top themes, largest first; the tooltip adds n and a quote when given."""
    entries: dict[str, list[tuple[str, str]]] = {}
    ranked = themes.sort_values(["stage", "share"], ascending=[True, False], kind="stable")
    for stage, group in ranked.groupby("stage", sort=False):
        entries[str(stage)] = [
            (f"{percent(row['share'])} {row['theme']}", _theme_tip(row))
            for row in group.head(TOP_THEMES).to_dict("records")
        ]
    return entries


def _theme_tip(row: dict[Hashable, Any]) -> str:
    tip = f"{row['theme']}: {percent(row['share'])} of the stage's comments"
    if "n" in row:
        tip += f" (n = {int(row['n']):,})"
    return tip + (f". “{row['quote']}”" if row.get("quote") else "")


def opportunity_entries(notes: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    chosen = notes[(notes["kind"] == "opportunity") & notes["stage"].notna()]
    entries: dict[str, list[tuple[str, str]]] = {}
    for stage, text, author in zip(chosen["stage"], chosen["text"], chosen["author"], strict=True):
        entries.setdefault(str(stage), []).append((f"• {text}", f"{text} ({author})"))
    return entries
