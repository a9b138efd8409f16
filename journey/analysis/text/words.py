"""Words of a comment: lower-cased tokens, and misspellings mapped back to the words we score."""

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})

# Function words: they carry no theme, and they are what char n-grams would otherwise match on.
STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i i'm i've i'd i'll if in
    into is it it's its itself just me more most my myself now of off on once only or other our
    ours ourselves out over own same she should so some such than that that's the their theirs
    them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves you're you've us im ive id also got get gets getting one even still really us
    guys hi hello please thanks thank much
    """.split()
)


# Links, @handles and HTML entities are not what a customer says: "@united" would read as
# praise to a lexicon, and handles would make a theme of each company named.
NOT_WORDS = re.compile(r"https?://\S+|www\.\S+|(?<!\w)@\w+|&(?:amp|lt|gt|quot|#\d+);")


def fold(text: str) -> str:
    """Plain words: no links, @handles or HTML entities; accents and curly apostrophes folded."""
    if "@" in text or "://" in text or "www." in text or "&" in text:
        text = NOT_WORDS.sub(" ", text)
    if text.isascii():
        return text
    folded = unicodedata.normalize("NFKD", text.translate(APOSTROPHES))
    return "".join(c for c in folded if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower-case the comment, fold accents and curly apostrophes."""
    return fold(text).lower()


def tokens(text: str) -> list[str]:
    """The words of a comment, lower-cased, apostrophes kept inside words."""
    return TOKEN.findall(normalise(text))


def _deletes(word: str, distance: int) -> set[str]:
    found = {word}
    for _ in range(distance):
        found |= {w[:i] + w[i + 1 :] for w in found for i in range(len(w))}
    return found


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (an adjacent swap counts as one edit)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


class Speller:
    """Maps an unknown word to the closest target word (one edit, two for long words).

    Only words that are not already known are corrected, so "ride" never becomes "rude";
    ties go to the more common target word (lower rank), then alphabetically.
    """

    def __init__(self, targets: Iterable[str], known: Iterable[str]) -> None:
        self._rank: dict[str, int] = {}
        for word in targets:
            if len(word) >= 4 and word.isalpha():
                self._rank.setdefault(word, len(self._rank))
        self._known = frozenset(known) | frozenset(self._rank)
        self._index: dict[str, list[str]] = {}
        for word in self._rank:
            for variant in _deletes(word, self._reach(word)):
                self._index.setdefault(variant, []).append(word)

    @staticmethod
    def _reach(word: str) -> int:
        return 2 if len(word) >= 8 else 1

    def known(self, word: str) -> bool:
        """Whether the word is spelled as a known word."""
        return word in self._known

    @lru_cache(maxsize=65536)  # noqa: B019 - one speller per process, words repeat a lot
    def correct(self, word: str) -> str:
        """The word itself when known or too short; else the closest target word, if any."""
        if len(word) < 4 or not word.isalpha() or word in self._known:
            return word
        reach = self._reach(word)
        candidates = {c for variant in _deletes(word, reach) for c in self._index.get(variant, ())}
        best = sorted(
            (d, self._rank[c], c)
            for c in candidates
            if (d := _distance(word, c)) <= min(reach, self._reach(c))
        )
        return best[0][2] if best else word
