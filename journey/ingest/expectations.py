"""Expectation answers: the labels survey tools use for below / meets / exceeds."""

import re

from journey.errors import JourneyError
from journey.ingest.scales import clean_label

_SUFFIX = re.compile(r"\s*(my\s+)?expectations?\.?$")

_LABELS: dict[str, str] = {
    "below": "below",
    "does not meet": "below",
    "did not meet": "below",
    "didn't meet": "below",
    "not met": "below",
    "doesn't meet": "below",
    "under": "below",
    "fell short of": "below",
    "worse than expected": "below",
    "below expected": "below",
    "meets": "meets",
    "met": "meets",
    "meet": "meets",
    "as expected": "meets",
    "in line with": "meets",
    "matched": "meets",
    "exceeds": "exceeds",
    "exceeded": "exceeds",
    "above": "exceeds",
    "exceed": "exceeds",
    "better than expected": "exceeds",
    "above expected": "exceeds",
}


class ExpectationError(JourneyError):
    """An expectation answer that matches no known label; the message is the reason."""


def parse_expectation(text: str) -> str | None:
    """`below`, `meets` or `exceeds` from a label like "Did not meet"; None if blank."""
    cleaned = clean_label(text)
    if not cleaned:
        return None
    key = _SUFFIX.sub("", cleaned).strip()
    found = _LABELS.get(key)
    if found is None:
        raise ExpectationError(f"unknown expectation label: {text.strip()[:40]!r}")
    return found
