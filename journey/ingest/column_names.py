"""Reading column names: their words, crude stems, and the stage (or touchpoint) they name."""

import difflib
import re
from collections.abc import Sequence

_BRACKET = re.compile(r"\[([^\]]+)\]\s*$")
_WORD = re.compile(r"[0-9a-z]+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ers", "er", "ed", "es", "s", "e", "y")


def stem(word: str) -> str:
    """A crude stem, enough to match "comparing plans" with the stage "Compare plans"."""
    for _ in range(2):  # "discovering" → "discover" → "discov", like "discover"
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
    return word


def words(text: str) -> list[str]:
    """The lower-cased words and numbers of a text."""
    return _WORD.findall(text.lower())


def stems(text: str) -> list[str]:
    """The stems of a text's words."""
    return [stem(word) for word in words(text)]


def _where_named(text: str, name: str) -> int | None:
    """Where (the index of the last word) the words of `name` appear in `text`, stemmed, in
    order and adjacent; also written together ("Checkin" names "Check-in"). None if nowhere."""
    seen, wanted = stems(text), stems(name)
    if not wanted:
        return None
    found = None
    for i in range(len(seen) - len(wanted) + 1):
        if seen[i : i + len(wanted)] == wanted:
            found = i + len(wanted) - 1
    if len(wanted) > 1:
        joined = stem("".join(words(name)))
        for i, word in enumerate(seen):
            if word == joined:
                found = max(found if found is not None else -1, i)
    return found


def match_stage(
    text: str, stages: Sequence[tuple[str, Sequence[str]]]
) -> tuple[str | None, str | None]:
    """The stage (and touchpoint) a column's text names.

    Where several are named, the one named last wins ("Wrong order delivered" is about the
    delivery, not the order); then the longer name.
    """
    bracket = _BRACKET.search(text)
    for candidate in [bracket.group(1), text] if bracket else [text]:
        found: tuple[int, int, str, str | None] | None = None
        for stage, touchpoints in stages:
            named = [(point, _where_named(candidate, point)) for point in touchpoints]
            named.append((stage, _where_named(candidate, stage)))
            for name, where in named:
                if where is None:
                    continue
                key = (where, len(name), stage, None if name is stage else name)
                if found is None or key[:2] > found[:2]:
                    found = key
        if found:
            return found[2], found[3]
    names = {" ".join(stems(stage)): stage for stage, _ in stages}
    close = difflib.get_close_matches(" ".join(stems(text)), list(names), n=1, cutoff=0.75)
    return (names[close[0]], None) if close else (None, None)
