"""Rating scales: parsing raw answers and normalising them to −1 … +1 (DESIGN.md section 2)."""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from journey.errors import JourneyError

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_SPACES = re.compile(r"\s+")

# Text answers of common answer scales, each family with the scale its numbers are on.
ANSWER_FAMILIES: dict[str, tuple[str, dict[str, float]]] = {
    "satisfaction": (
        "1:5",
        {
            "very dissatisfied": 1,
            "dissatisfied": 2,
            "somewhat dissatisfied": 2,
            "neutral": 3,
            "neither satisfied nor dissatisfied": 3,
            "somewhat satisfied": 4,
            "satisfied": 4,
            "very satisfied": 5,
        },
    ),
    "agreement": (
        "1:5",
        {
            "strongly disagree": 1,
            "disagree": 2,
            "somewhat disagree": 2,
            "neither agree nor disagree": 3,
            "neutral": 3,
            "somewhat agree": 4,
            "agree": 4,
            "strongly agree": 5,
        },
    ),
    "quality": (
        "1:5",
        {
            "very poor": 1,
            "poor": 2,
            "fair": 3,
            "good": 4,
            "excellent": 5,
            "very bad": 1,
            "bad": 2,
            "okay": 3,
            "very good": 5,
        },
    ),
    "ease": (
        "1:5",
        {"very difficult": 1, "difficult": 2, "neutral": 3, "easy": 4, "very easy": 5},
    ),
    "frequency": (
        "1:5",
        {
            "never": 1,
            "rarely": 2,
            "sometimes": 3,
            "occasionally": 3,
            "often": 4,
            "very often": 5,
            "always": 5,
        },
    ),
    "favourability": (
        "1:5",
        {
            "very unfavorably": 1,
            "unfavorably": 2,
            "very unfavourably": 1,
            "unfavourably": 2,
            "very unfavorable": 1,
            "unfavorable": 2,
            "very unfavourable": 1,
            "unfavourable": 2,
            "neutral": 3,
            "favorably": 4,
            "very favorably": 5,
            "favourably": 4,
            "very favourably": 5,
            "favorable": 4,
            "very favorable": 5,
            "favourable": 4,
            "very favourable": 5,
        },
    ),
    "yes or no": ("0:1", {"no": 0, "yes": 1}),
}
# Answers on a 1–5 scale, as a rating cell is read when the mapping gives no labels.
LIKERT_LABELS: dict[str, float] = {
    label: number
    for scale, labels in ANSWER_FAMILIES.values()
    if scale == "1:5"
    for label, number in labels.items()
}
# Every answer a suggestion may number (yes / no are 1 and 0: a scale of their own).
KNOWN_ANSWERS: dict[str, float] = {
    label: number for _, labels in ANSWER_FAMILIES.values() for label, number in labels.items()
}


def answer_family(labels: Iterable[str]) -> str | None:
    """The family (satisfaction, frequency, yes or no…) that knows most of these answers."""
    cleaned = {clean_label(label) for label in labels}
    best, best_count = None, 0
    for name, (_, known) in ANSWER_FAMILIES.items():
        count = len(cleaned & known.keys())
        if count > best_count:
            best, best_count = name, count
    return best


class RatingError(JourneyError):
    """A cell that cannot be read as a rating; the message is the reject reason."""


class ScaleError(JourneyError):
    """A scale that is not `MIN:MAX` with numbers and MIN < MAX."""


@dataclass(frozen=True)
class Scale:
    min: float
    max: float

    def __post_init__(self) -> None:
        if not self.max > self.min:
            raise ScaleError(f"a scale needs min < max, got {self.min:g}:{self.max:g}")

    def __str__(self) -> str:
        return f"{self.min:g}:{self.max:g}"

    def contains(self, value: float) -> bool:
        return self.min <= value <= self.max

    def normalise(self, value: float) -> float:
        """Map a raw value on this scale to −1 … +1."""
        return 2 * (value - self.min) / (self.max - self.min) - 1

    def rate(self, text: str, labels: Mapping[str, float]) -> tuple[float, float]:
        """Read a rating cell on this scale: (raw value, emotion); RatingError says why not."""
        raw = parse_rating(text, labels)
        if not self.contains(raw):
            raise RatingError(f"value {raw:g} outside the scale {self}")
        return raw, self.normalise(raw)


DEFAULT_SCALE = Scale(1, 5)


def parse_scale(text: str) -> Scale:
    """Read a scale written `MIN:MAX`, e.g. `1:5` or `-3:3`."""
    parts = text.split(":")
    if len(parts) != 2:
        raise ScaleError(f"scale {text!r} is not MIN:MAX (e.g. 1:5)")
    try:
        low, high = float(parts[0]), float(parts[1])
    except ValueError:
        raise ScaleError(f"scale {text!r} is not MIN:MAX with numbers") from None
    return Scale(low, high)


def clean_label(text: str) -> str:
    """Lower-case a text answer and collapse its spaces, so labels match loosely."""
    return _SPACES.sub(" ", text.strip()).lower()


def parse_number(text: str) -> float | None:
    """A number from a cell (`3`, `3.5`, `3,5`), or None when it is not one."""
    cleaned = text.strip()
    if _DECIMAL_COMMA.match(cleaned):
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def label_table(labels: Mapping[str, float]) -> dict[str, float]:
    """Text labels keyed the way `parse_rating` looks them up."""
    return {clean_label(label): float(value) for label, value in labels.items()}


def parse_rating(text: str, labels: Mapping[str, float] = LIKERT_LABELS) -> float:
    """A raw rating: a number, or a text label of `labels` (keys from `label_table`)."""
    number = parse_number(text)
    if number is not None:
        return number
    value = labels.get(clean_label(text))
    if value is None:
        raise RatingError(f"not a number or a known label: {text.strip()[:40]!r}")
    return value
