"""Numbers as people read them: signed emotions, percentages, counts; a dash when missing."""

import math
import numbers
import re

MISSING = "–"


def number(value: object) -> float | None:
    """The value as a float, or None when it is missing (None, NaN, NA) or not a number."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def signed(value: object, digits: int = 2) -> str:
    """+0.41 / −0.37 (a real minus sign, readable on a projector); 0.00 has no sign."""
    found = number(value)
    if found is None:
        return MISSING
    if round(found, digits) == 0:
        return f"{0:.{digits}f}"  # "−0.00" would claim a direction the figure does not have
    return f"{found:+.{digits}f}".replace("-", "−")


def points(value: object, digits: int = 1) -> str:
    """A difference of two shares in percentage points: +3.2 pts / −0.4 pts / 0.0 pts."""
    found = number(value)
    return MISSING if found is None else f"{signed(found * 100, digits)} pts"


SMALLEST_Q = 0.001


def q_value(value: object) -> str:
    """A (BH-adjusted) p-value as people read it: 0.023, or "< 0.001" for the tiny ones."""
    found = number(value)
    if found is None:
        return MISSING
    return f"< {SMALLEST_Q}" if found < SMALLEST_Q else f"{found:.3f}"


def percent(value: object) -> str:
    found = number(value)
    return MISSING if found is None else f"{found:.0%}"


def count(value: object) -> str:
    found = number(value)
    return MISSING if found is None else f"{round(found):,}"


def outcome_value(value: object, unit: str) -> str:
    """An outcome figure as its kind is read: NPS in signed points, shares in %, means as is."""
    found = number(value)
    if found is None:
        return MISSING
    if unit == "points":
        return f"{round(found):+d}".replace("-", "−") if round(found) else "0"
    if unit == "share":
        return percent(found)
    return f"{found:.2f}"


def plural(number: int, word: str, words: str | None = None) -> str:
    """`1 journey`, `2 journeys`, `1,204 responses` (`words` for irregular plurals)."""
    return f"{number:,} {word if number == 1 else words or word + 's'}"


# Characters that start Markdown, HTML, LaTeX or Streamlit syntax anywhere in a line: links
# and images, emphasis, code, tags, tables, `:red[…]` and `:icon:` directives.
_MARKDOWN_SPECIAL = set("\\`*_{}[]<>#|$~")
# The Markdown renderer turns anything that looks like a URL or e-mail address into a link,
# escaped or not. An invisible word joiner (U+2060) after the scheme, "www" or "@" keeps the
# text looking the same while it no longer looks like an address.
_WORD_JOINER = "\u2060"
_ADDRESS = re.compile(
    r"(?i)(\b[a-z][a-z0-9+.-]*:(?=//)|\bwww(?=\.)|\b(?:mailto|javascript|data):|@(?=\S))"
)
_LINE_START = re.compile(r"^(\s*)([-+])", re.MULTILINE)  # list items


def markdown_text(text: str) -> str:
    """User text made inert for Markdown: links, emphasis, headings, HTML tags, LaTeX and
    Streamlit directives all show as the characters typed."""
    joined = _ADDRESS.sub(lambda m: m.group(0) + _WORD_JOINER, str(text))
    escaped = "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in joined)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
