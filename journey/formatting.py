"""Numbers as people read them: signed emotions, percentages, counts; a dash when missing."""

import math

MISSING = "–"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def signed(value: float | None, digits: int = 2) -> str:
    """+0.41 / −0.37 (a real minus sign, readable on a projector)."""
    return MISSING if _missing(value) else f"{value:+.{digits}f}".replace("-", "−")


def percent(value: float | None) -> str:
    return MISSING if _missing(value) else f"{value:.0%}"


def count(value: int | None) -> str:
    return MISSING if value is None else f"{value:,}"


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def markdown_text(text: str) -> str:
    """User text made inert for Markdown: every character Markdown could act on is escaped.

    Links, emphasis, headings, HTML tags and LaTeX all show as the characters typed.
    """
    return "".join(f"\\{c}" if c in _MARKDOWN_SPECIAL else c for c in str(text))
