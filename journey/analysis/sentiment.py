"""How a comment feels: a score in −1 … +1 and a label, from the words alone (no rating needed).

The method, chosen to run offline on a CPU at 100,000 comments a minute and to be explained to
a CX team in one paragraph: VADER's lexicon of 7,500 human-rated words and emoticons
(Hutto & Gilbert, 2014) scores the words, with VADER's rules for negation ("not helpful"),
intensifiers ("really rude"), capitals, exclamation marks and contrast ("late, but the crew
were lovely": the clause after "but" counts three times as much as the one before). On top:
customer-service cues (`text.service_cues`) that catch complaints with no negative word in them
("still waiting for my refund", "left at the wrong door"), idioms that read backwards word by
word ("couldn't be happier"), sarcasm (praise next to a complaint, with no sign the problem
was put right), questions and requests (their polite words are not praise), emoji, and
misspellings of the scored words ("terible", "dissapointed"), corrected only when the word is
not itself an English word. The sum is squashed into −1 … +1 as VADER does, x / √(x² + 15).
Each comment is scored on its own, so a score never depends on the other comments.
"""

import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from journey.analysis.text import service_cues
from journey.analysis.text.vectors import vocabulary
from journey.analysis.text.words import Speller, fold

SentimentLabel = Literal["negative", "neutral", "positive"]
LABELS: tuple[SentimentLabel, ...] = ("negative", "neutral", "positive")
THRESHOLD = 0.05

WORDS = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?|[.!?;]+|,")
CLAUSE_END = frozenset({".", "!", "?", ";", ","})
NEGATORS = frozenset(
    """not no never none nobody nothing neither nor nowhere without hardly barely cannot
    isn't aren't wasn't weren't don't doesn't didn't won't wouldn't can't couldn't shouldn't
    hasn't haven't hadn't ain't""".split()
)
# Contractions written without the apostrophe, as people type them.
CONTRACTIONS = {
    w.replace("'", ""): w
    for w in """isn't aren't wasn't weren't don't doesn't didn't won't wouldn't can't couldn't
    shouldn't hasn't haven't hadn't i'm i've it's that's""".split()
}
BOOSTERS = frozenset(
    """very really so extremely absolutely incredibly super totally completely utterly truly
    most such too highly seriously genuinely""".split()
)
DAMPENERS = frozenset("""slightly somewhat bit little fairly barely kinda sorta""".split())
CONTRAST = frozenset({"but", "however", "although", "though"})
EMOJI: dict[str, float] = {
    "😡": -3.0, "😠": -3.0, "🤬": -3.5, "🙄": -1.8, "😤": -2.0, "😞": -2.0, "😢": -2.0,
    "😭": -2.5, "👎": -2.0, "💔": -2.0, "😒": -1.5, "😩": -2.0, "😫": -2.0, "🤦": -1.5,
    "😑": -1.0, "😐": -0.5, "😖": -2.0, "😣": -1.8, "😬": -1.0, "🤮": -3.0, "💩": -2.5,
    "👍": 2.0, "🙏": 1.5, "😍": 3.0, "👏": 2.0, "❤": 3.0, "😊": 2.0, "👌": 2.0, "😀": 2.0,
    "😃": 2.0, "😄": 2.0, "😁": 2.0, "🙂": 1.2, "🥰": 3.0, "💯": 2.0, "🎉": 2.0, "⭐": 1.5,
    "🌟": 2.0, "💙": 2.5, "💕": 2.5, "💖": 2.5, "😎": 1.5, "🤩": 3.0, "🥳": 2.5, "✅": 1.0,
}  # fmt: skip


@dataclass(frozen=True)
class Sentiment:
    """A comment's sentiment: `score` in −1 … +1 and its label."""

    score: float
    label: SentimentLabel


def sentiment_label(score: float) -> SentimentLabel:
    """`negative` below −0.05, `positive` above +0.05, else `neutral`."""
    if score < -THRESHOLD:
        return "negative"
    if score > THRESHOLD:
        return "positive"
    return "neutral"


@dataclass(frozen=True)
class _Lexicon:
    valence: dict[str, float]
    speller: Speller


@cache
def _lexicon() -> _Lexicon:
    """VADER's word list with the service overrides, and a speller aimed at its words."""
    text = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    valence: dict[str, float] = {}
    for line in text.splitlines():
        word, value, *_ = line.split("\t")
        valence[word] = float(value)
    valence.update(service_cues.OVERRIDES)
    cue_words = {w for p, _ in service_cues.CUES for w in re.findall(r"[a-z]{4,}", p)}
    targets = [*sorted(valence), *sorted(BOOSTERS), *sorted(cue_words), *sorted(CONTRACTIONS)]
    return _Lexicon(valence, Speller(targets, known=vocabulary()))


def _words(comment: str, speller: Speller) -> tuple[list[str], set[int]]:
    """Lower-cased words with misspellings corrected, and which were shouted in capitals."""
    found = WORDS.findall(fold(comment))
    capitals = {i for i, w in enumerate(found) if len(w) > 1 and w.isupper() and w.isalpha()}
    if len(capitals) * 2 >= sum(w.isalpha() for w in found):
        capitals = set()  # all in capitals is a habit, not emphasis
    words = [w.lower() for w in found]
    return [CONTRACTIONS.get(w) or speller.correct(w) for w in words], capitals


def _emoji(comment: str) -> float:
    """The valence of the emoji in the comment (❤️ counts as ❤)."""
    return 0.0 if comment.isascii() else sum(EMOJI.get(char, 0.0) for char in comment)


def _is_question(text: str, cues: list[tuple[int, float]]) -> bool:
    """A question or request, not a complaint put as one ("why…?", "how hard is it…?")."""
    return bool(service_cues.QUESTION_OPENERS.match(text)) and all(v > -1.8 for _, v in cues)


def _cue_items(text: str, starts: list[int]) -> tuple[list[tuple[int, float]], set[int]]:
    """Cue valences at the index of their first word, and the words the cues took."""
    taken: set[int] = set()
    items: list[tuple[int, float]] = []
    for match in service_cues.CUE_PATTERN.finditer(text):
        first = bisect_right(starts, match.start()) - 1
        last = bisect_right(starts, max(match.end() - 1, match.start())) - 1
        taken.update(range(first, last + 1))
        items.append((first, service_cues.CUE_VALENCE[str(match.lastgroup)]))
    return items, taken


def _word_items(
    words: list[str], capitals: set[int], taken: set[int], valence: dict[str, float]
) -> list[tuple[int, float]]:
    """Lexicon valences, turned by negation and raised by intensifiers and capitals."""
    items: list[tuple[int, float]] = []
    for i, word in enumerate(words):
        value = valence.get(word)
        if i in taken or not value:
            continue
        for distance in (1, 2, 3):
            j = i - distance
            if j < 0 or words[j] in CLAUSE_END:
                break
            before = words[j]
            scale = 1.0 - 0.05 * (distance - 1)
            if before in BOOSTERS:
                value += math.copysign(0.293 * scale, value)
            elif before in DAMPENERS:
                value -= math.copysign(0.293 * scale, value)
            if before in NEGATORS:
                value *= -0.74
                break
        if i in capitals:
            value += math.copysign(0.733, value)
        items.append((i, value))
    return items


def _score(comment: str, lexicon: _Lexicon) -> float:
    """The comment's score: cues, then lexicon words, sarcasm, contrast, questions, emphasis."""
    words, capitals = _words(comment, lexicon.speller)
    if not words:
        return 0.0
    text = " ".join(words)
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    cues, taken = _cue_items(text, starts)
    items = cues + _word_items(words, capitals, taken, lexicon.valence)
    praise = [i for i, w in enumerate(words) if w in service_cues.SARCASM_PRONE and i not in taken]
    complaint = sum(v for _, v in cues if v < 0)
    contrast = [i for i, w in enumerate(words) if w in CONTRAST and 0 < i < len(words) - 1]
    recovered = any(w in service_cues.RECOVERY for w in words)
    if praise and complaint <= -1.5 and not contrast and not recovered:
        # Praise beside a complaint with nothing put right reads as sarcasm.
        items = [(i, -abs(v) if i in praise else v) for i, v in items]
    if contrast:
        pivot = contrast[-1]
        items = [(i, v * (0.5 if i < pivot else 1.5)) for i, v in items]
    total = sum(v for _, v in items) + _emoji(comment)
    if _is_question(text, cues):
        # Questions and requests: mild words are politeness, only strong feeling counts.
        total = math.copysign(max(abs(total) - 2.0, 0.0), total)
    if total:
        total += math.copysign(min(comment.count("!"), 4) * 0.292, total)
    return max(-1.0, min(1.0, total / math.sqrt(total * total + 15)))


def score_sentiment(comments: Sequence[str]) -> list[Sentiment]:
    """Score each comment in −1 … +1 and label it; same comment, same result."""
    lexicon = _lexicon()
    scored: dict[str, Sentiment] = {}
    for comment in comments:
        if comment not in scored:
            score = round(_score(comment, lexicon), 4)
            scored[comment] = Sentiment(score, sentiment_label(score))
    return [scored[comment] for comment in comments]
