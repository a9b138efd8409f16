"""The names of journeys, stages, touchpoints and personas: one line, not empty, not too long.

The catalogue's editors and the importer (which creates personas and touchpoints) clean names
by the same rule; names are unique ignoring case, because imports match them so.
"""

from journey.errors import JourneyError

MAX_NAME = 120


class NameRefused(JourneyError):
    """A name that cannot be used; the message says why."""


def clean_name(value: str, *, what: str) -> str:
    """The name without surrounding spaces; NameRefused if it is empty, multi-line or too long."""
    name = str(value).strip()
    if not name:
        raise NameRefused(f"The {what} needs a name.")
    if any(ch in name for ch in "\r\n\t\x00"):
        raise NameRefused(f"A {what} name is one line of text.")
    if len(name) > MAX_NAME:
        raise NameRefused(f"A {what} name has at most {MAX_NAME} characters, not {len(name)}.")
    return name
