"""Text on a picture: lines broken between words, sizes estimated, labels kept off each other.

Vega draws text where it is told and never moves it; a chart that must not overlap labels has
to know, before drawing, how much room each label takes. The estimates here are deliberately
generous (wider than Source Sans, Helvetica or Arial set the same text), so a label that
fits here fits on screen, in the PNG and in the PDF.
"""

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Average advance of a character, in em: generous for Arial / Liberation Sans (about 0.5 for
# lower case, 0.67 for capitals), so mixed text is not underestimated.
CHAR_EM = 0.6
BOLD_CHAR_EM = 0.65
LINE_HEIGHT = 1.25  # line spacing, in font sizes


def wrap(text: str, chars: int, max_lines: int | None = None) -> list[str]:
    """The text on lines of at most `chars` characters, broken only between words.

    A word longer than a line keeps its own line, whole ("Recommendations", never
    "Recommendati / ons"). Past `max_lines` the last line ends with an ellipsis.
    """
    lines = textwrap.wrap(
        " ".join(str(text).split()),
        max(chars, 1),
        break_long_words=False,
        break_on_hyphens=False,
    ) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        lines[-1] = (last if len(last) < chars else last[: max(chars - 1, 1)].rstrip()) + "…"
    return lines


def text_width(line: str, size: float, *, bold: bool = False) -> float:
    """The estimated width in pixels of one line of text."""
    return len(line) * size * (BOLD_CHAR_EM if bold else CHAR_EM)


def chars_for(width: float, size: float, *, bold: bool = False) -> int:
    """How many characters fit on a line `width` pixels wide."""
    return max(int(width / (size * (BOLD_CHAR_EM if bold else CHAR_EM))), 1)


def fitting_size(words: Iterable[str], width: float, largest: float, smallest: float) -> float:
    """The largest font size (down to `smallest`) at which every word fits in `width`."""
    longest = max((len(word) for word in words), default=1)
    size = width / (max(longest, 1) * BOLD_CHAR_EM)
    return max(min(largest, size), smallest)


def line_height(size: float) -> float:
    return size * LINE_HEIGHT


@dataclass(frozen=True)
class Box:
    """A rectangle in pixels: left, top, right, bottom (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self, other: "Box") -> bool:
        return (
            self.left >= other.left
            and self.right <= other.right
            and self.top >= other.top
            and self.bottom <= other.bottom
        )


def text_box(lines: Sequence[str], size: float, x: float, top: float, *, bold: bool = False) -> Box:
    """The box of centred text whose first line starts at `top`."""
    width = max((text_width(line, size, bold=bold) for line in lines), default=0.0)
    return Box(x - width / 2, top, x + width / 2, top + len(lines) * line_height(size))


def place_label(
    lines: Sequence[str],
    size: float,
    *,
    x: float,
    anchor: Box,
    obstacles: Sequence[Box],
    area: Box,
    prefer_above: bool,
    gap: float = 4.0,
    bold: bool = False,
) -> float:
    """The top of a label centred at `x`, above or below `anchor`, clear of every obstacle.

    The preferred side is tried first; where an obstacle is in the way the label moves past
    it (staying inside `area`), then the other side is tried. If nothing is clear, the
    preferred side's first position is returned (the label then overlaps; the tests say so).
    """
    height = len(lines) * line_height(size)

    def clear(top: float) -> bool:
        box = text_box(lines, size, x, top, bold=bold)
        return box.inside(area) and not any(box.overlaps(o) for o in obstacles)

    def candidates(above: bool) -> list[float]:
        if above:
            tops = [anchor.top - gap - height]
            tops += [o.top - gap - height for o in obstacles if o.top < anchor.top + 1]
            return sorted(tops, reverse=True)
        tops = [anchor.bottom + gap]
        tops += [o.bottom + gap for o in obstacles if o.bottom > anchor.bottom - 1]
        return sorted(tops)

    order = [prefer_above, not prefer_above]
    for above in order:
        for top in candidates(above):
            if clear(top):
                return top
    return candidates(prefer_above)[0]
