"""What a chart draws, read back from Vega's own scene graph: the boxes of its texts and marks.

The positions come from vl-convert's scene graph of the chart's spec (Vega placed them); the
widths of texts are measured with Liberation Sans, the metric twin of Arial/Helvetica (the
fallback every renderer here uses), not with the chart code's own estimates.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert as vlc
from PIL import ImageFont

from journey.render.exports import chart_spec

FONTS = Path("/usr/share/fonts/truetype/liberation")


@dataclass(frozen=True)
class Drawn:
    """One text or symbol as drawn: its box in pixels (y grows downwards)."""

    kind: str  # "text" or "symbol"
    text: str
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Drawn") -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@cache
def _font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size=max(round(size), 1))


def _text_box(item: dict[str, Any], x: float, y: float) -> Drawn:
    size = float(item.get("fontSize", 11))
    bold = str(item.get("fontWeight", "normal")) in ("bold", "700")
    text = item["text"]
    lines = text if isinstance(text, list) else str(text).split(item.get("lineBreak", "\n"))
    width = max(_font(size, bold).getlength(line) for line in lines)
    height = (len(lines) - 1) * float(item.get("lineHeight", size)) + size
    if abs(float(item.get("angle", 0))) == 90:  # an axis title, written upwards
        # The first line's letters stand left of (x, y); further lines follow to its right.
        further = (len(lines) - 1) * float(item.get("lineHeight", size))
        return Drawn("text", "\n".join(lines), x - size, y - width / 2, x + further, y + width / 2)
    left = {"left": x, "right": x - width}.get(str(item.get("align", "center")), x - width / 2)
    baseline = str(item.get("baseline", "alphabetic"))
    top = {"top": y, "middle": y - height / 2, "bottom": y - height}.get(baseline, y - size * 0.8)
    return Drawn("text", "\n".join(lines), left, top, left + width, top + height)


def _symbol_box(item: dict[str, Any], x: float, y: float) -> Drawn:
    half = float(item.get("size", 64)) ** 0.5 / 2
    return Drawn("symbol", str(item.get("shape", "circle")), x - half, y - half, x + half, y + half)


def drawn(chart: Any) -> tuple[list[Drawn], float, float]:
    """Every text and symbol the chart draws, and the chart's width and height."""
    scene = vlc.vegalite_to_scenegraph(chart_spec(chart))
    # Items are placed relative to the plot's origin; the picture starts `origin` before it.
    left, top = (float(value) for value in scene["origin"])
    found = list(_walk(scene["scenegraph"], left, top))
    return found, float(scene["width"]), float(scene["height"])


def _walk(node: dict[str, Any], x: float, y: float) -> Iterator[Drawn]:
    kind = node.get("marktype")
    for item in node.get("items", []):
        here_x = x + float(item.get("x", 0)) + float(item.get("dx", 0))
        here_y = y + float(item.get("y", 0)) + float(item.get("dy", 0))
        if kind == "text" and str(item.get("text", "")).strip():
            yield _text_box(item, here_x, here_y)
        elif kind == "symbol":
            yield _symbol_box(item, here_x, here_y)
        elif kind == "group":
            for child in item.get("items", []):
                yield from _walk(child, x + float(item.get("x", 0)), y + float(item.get("y", 0)))
