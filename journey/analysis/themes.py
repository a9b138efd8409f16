"""Why a stage hurts: comments grouped into themes, and each theme's weight per stage.

A comment gets at most one theme, in three steps (DESIGN §6):
0. **Examples.** A comment that is one of a theme's examples (the same words, in any case) has
   that theme: the team said so, e.g. by moving the comment there, whatever its keywords.
1. **Codebook keywords.** A theme of the team's codebook whose keyword or phrase appears in the
   comment as whole words, in any case; where several match, the one with more matching
   keywords, then the first in the codebook.
2. **Resemblance.** A comment with no keyword resembles a codebook theme when one of its words
   means nearly what one of the theme's keywords means, or the whole comment is close to one
   of the theme's examples (cosine ≥ `resemblance`). Among the themes it resembles it takes
   the one with the highest sum of that similarity and its cosine to the centre of the
   theme's comments so far (keyword matches and examples). Meaning comes from MiniLM's word
   vectors (`text.vectors`: "suitcase" is near "luggage"), after misspellings are mapped to
   the corpus's own words ("luggae" → "luggage"); a comment's vector is the TF-IDF-weighted
   mean of its words' vectors, less the mean of all comments.
3. **Discovery.** The rest are clustered with k-means on the comment vectors (k from `k`, else
   about √n, at most 20); each cluster is named by its most telling terms (used by many in
   the cluster and few elsewhere). Clusters smaller than `min_size`, and comments with no
   content words, are `Other`.

Determinism: comments are processed in sorted order of their text, every random step has a
fixed seed, and identical comments share one vector, so the same comments give the same themes
whatever order they come in.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse

from journey.analysis.text.vectors import vocabulary, word_vectors
from journey.analysis.text.words import STOPWORDS, Speller, normalise, tokens

Source = Literal["codebook", "discovered", "other"]
OTHER = "Other"
MAX_DISCOVERED = 20
RESEMBLANCE = 0.25
SAMPLE = 20_000
SEED = 0
# Words that say how, not what: kept for the vectors, but they make poor theme names.
PLAIN_WORDS = frozenset(
    """no not nothing never none didn't don't doesn't isn't wasn't won't wouldn't couldn't can't
    cannot haven't hasn't aren't weren't said says say shows show showed mean means like way
    next made make use used need needs want wanted going go goes went come came take took
    give gave know let told tell ask asked put keep keeps kept thing things lot""".split()
)


@dataclass(frozen=True)
class CodebookTheme:
    """A theme the team names: keywords (words or phrases) and example comments."""

    name: str
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """The team's themes, in the order they wrote them (the order breaks ties)."""

    themes: tuple[CodebookTheme, ...] = ()


@dataclass(frozen=True)
class CommentTheme:
    """The theme of one comment and where it came from."""

    theme: str
    source: Source


@dataclass(frozen=True)
class Theme:
    """A theme found in the comments: its most telling terms and most central comments."""

    name: str
    source: Source
    terms: tuple[str, ...]
    n: int
    quotes: tuple[int, ...]  # positions in the input of the (up to) three most central comments


@dataclass(frozen=True)
class ThemeResult:
    """Per comment its theme (in input order), and the themes, largest first."""

    comments: list[CommentTheme]
    themes: list[Theme]


def _keyword_pattern(codebook: Codebook) -> tuple[re.Pattern[str], list[int]]:
    """One pattern for every keyword (longest first), and the theme of each alternative."""
    keywords = sorted(
        {
            (tuple(tokens(k)), n)
            for n, t in enumerate(codebook.themes)
            for k in t.keywords
            if tokens(k)
        },
        key=lambda kn: (-len(" ".join(kn[0])), kn),
    )
    alternatives = [r"\W+".join(map(re.escape, words)) for words, _ in keywords]
    pattern = "|".join(f"(?P<k{i}>{a})" for i, a in enumerate(alternatives)) or r"(?!x)x"
    return re.compile(rf"(?<![\w'])(?:{pattern})(?![\w'])"), [n for _, n in keywords]


def keyword_themes(comments: Sequence[str], codebook: Codebook) -> list[str | None]:
    """The codebook theme whose keywords a comment contains as whole words, or None.

    Where keywords of several themes appear, the theme with more distinct keywords found wins,
    then the one written first; a phrase counts once, not also as its words.
    """
    pattern, theme_of = _keyword_pattern(codebook)
    found: list[str | None] = []
    for comment in comments:
        hits = Counter(
            theme_of[int(str(m.lastgroup)[1:])]
            for m in {m.lastgroup: m for m in pattern.finditer(normalise(comment))}.values()
        )
        best = min(hits, key=lambda n: (-hits[n], n)) if hits else None
        found.append(None if best is None else codebook.themes[best].name)
    return found


def example_themes(comments: Sequence[str], codebook: Codebook) -> list[str | None]:
    """The codebook theme a comment is an example of (the same words, in any case), or None;
    where several themes list it, the first."""
    owner: dict[tuple[str, ...], str] = {}
    for theme in codebook.themes:
        for example in theme.examples:
            owner.setdefault(tuple(tokens(example)), theme.name)
    keys = [tuple(tokens(c)) for c in comments]
    return [owner.get(key) if key else None for key in keys]


@dataclass(frozen=True)
class _Corpus:
    """Distinct comments' content words, TF-IDF (words and word pairs) and meaning vectors."""

    tfidf: sparse.csr_matrix
    terms: np.ndarray
    words: sparse.csr_matrix  # which vocabulary words each comment uses (1/0)
    vocabulary: list[str]
    vectors: np.ndarray


def _corrected_words(texts: list[str]) -> list[list[str]]:
    """Content words, with rare unknown spellings mapped to a more common word of the corpus.

    A function word or number leaves an empty string in its place, so that word pairs are
    only made of words that were next to each other.
    """
    raw = [[w if w not in STOPWORDS and not w.isdigit() else "" for w in tokens(t)] for t in texts]
    counts = Counter(w for words in raw for w in words if w)
    common = [w for w, c in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0])) if c >= 2]
    speller = Speller(common, known=vocabulary() | set(common))
    return [[speller.correct(w) if w else w for w in words] for words in raw]


def _terms(words: list[str]) -> list[str]:
    """A comment's terms: its content words, and pairs of content words side by side."""
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False) if a and b]
    return [w for w in words if w] + pairs


def _corpus(words: list[list[str]]) -> _Corpus:
    """TF-IDF of the comments, and each comment's meaning: its TF-IDF-weighted word vectors."""
    # scikit-learn loads in a second or two: only when comments are themed.
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.preprocessing import normalize  # type: ignore[import-untyped]

    if not any(any(w) for w in words):  # no content word anywhere: nothing to weigh
        nothing = sparse.csr_matrix((len(words), 0))
        vectors = np.zeros((len(words), word_vectors([]).shape[1]), dtype=np.float32)
        return _Corpus(nothing, np.array([], dtype=object), nothing, [], vectors)
    vectoriser = TfidfVectorizer(analyzer=_terms, sublinear_tf=True)
    tfidf = vectoriser.fit_transform(words).tocsr()
    terms = vectoriser.get_feature_names_out()
    unigrams = np.flatnonzero([" " not in t for t in terms])
    weights = tfidf[:, unigrams]
    meaning = np.asarray(weights @ word_vectors(list(terms[unigrams])))
    # The direction every comment shares tells them apart by nothing.
    meaning -= meaning.mean(axis=0)
    used = weights.copy()
    used.data[:] = 1.0
    return _Corpus(tfidf, terms, used.tocsr(), list(terms[unigrams]), normalize(meaning))


def _telling_terms(tfidf: sparse.csr_matrix, rows: np.ndarray, terms: np.ndarray) -> list[str]:
    """Up to three terms that most set the rows apart from all the comments.

    A term's weight is p · log(p / q), p and q the shares of the rows and of all comments that
    use it (its part of the relative entropy): common in the group and rare elsewhere. Terms
    used by a single comment of a larger group are not telling; a word inside a chosen pair
    (or a pair around a chosen word) is not repeated.
    """
    used = tfidf.copy()
    used.data[:] = 1.0
    inside = np.asarray(used[rows].sum(axis=0)).ravel()
    p = inside / len(rows)
    q = np.asarray(used.mean(axis=0)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        weight = np.where(inside >= min(2, len(rows)), p * np.log(p / q), 0.0)
    chosen: list[str] = []
    for i in np.lexsort((terms, -weight)):
        term = str(terms[i])
        if weight[i] <= 0 or len(chosen) == 3:
            break
        if set(term.split()) <= PLAIN_WORDS:
            continue
        if not any(set(term.split()) & set(c.split()) for c in chosen):
            chosen.append(term)
    return chosen


def _central(vectors: np.ndarray, rows: np.ndarray, count: int = 3) -> list[int]:
    """The rows closest to the rows' centre (ties to the earlier row)."""
    centre = vectors[rows].mean(axis=0)
    closeness = vectors[rows] @ centre
    return [int(rows[i]) for i in np.lexsort((rows, -closeness))[:count]]


def _row_max(words: sparse.csr_matrix, word_scores: np.ndarray) -> np.ndarray:
    """Per comment and theme, the best score among the comment's words (0 for no words)."""
    best = np.zeros((words.shape[0], word_scores.shape[1]), dtype=np.float32)
    rows = np.flatnonzero(np.diff(words.indptr))
    if len(rows):
        starts = words.indptr[rows]
        for column in range(word_scores.shape[1]):
            values = word_scores[words.indices, column]
            best[rows, column] = np.maximum.reduceat(values, starts)
    return best


def _resemblance(
    corpus: _Corpus, codebook: Codebook, examples: np.ndarray, example_theme: np.ndarray
) -> np.ndarray:
    """Per comment and codebook theme: how closely the comment resembles the theme.

    The larger of: the best cosine between one of the comment's words and one of the theme's
    keywords (a phrase's vector is the mean of its words'), and the best cosine between the
    comment and one of the theme's examples.
    """
    from sklearn.preprocessing import normalize

    keyword_vectors, owner = [], []
    for number, theme in enumerate(codebook.themes):
        for keyword in theme.keywords:
            content = [w for w in tokens(keyword) if w not in STOPWORDS] or tokens(keyword)
            if content:
                keyword_vectors.append(word_vectors(content).mean(axis=0))
                owner.append(number)
    themes = len(codebook.themes)
    word_scores = np.zeros((len(corpus.vocabulary), themes), dtype=np.float32)
    if keyword_vectors:
        similarity = word_vectors(corpus.vocabulary) @ normalize(np.vstack(keyword_vectors)).T
        for number in range(themes):
            mine = np.asarray(owner) == number
            if mine.any():
                word_scores[:, number] = similarity[:, mine].max(axis=1)
    score = _row_max(corpus.words, word_scores)
    for number in range(themes):
        mine = examples[example_theme == number]
        if len(mine):
            score[:, number] = np.maximum(score[:, number], (corpus.vectors @ mine.T).max(axis=1))
    return score


def assign_themes(
    comments: Sequence[str],
    codebook: Codebook | None = None,
    *,
    k: int | None = None,
    resemblance: float = RESEMBLANCE,
    min_size: int = 3,
) -> ThemeResult:
    """Give each comment at most one theme: codebook, discovered, or `Other`."""
    from sklearn.cluster import KMeans  # type: ignore[import-untyped]
    from sklearn.preprocessing import normalize

    codebook = codebook or Codebook()
    distinct = sorted(set(comments))
    examples = [e for t in codebook.themes for e in t.examples]
    example_theme = np.array([n for n, t in enumerate(codebook.themes) for _ in t.examples])
    words = _corrected_words(distinct + examples)
    everything = _corpus(words)
    n = len(distinct)
    corpus = _Corpus(
        everything.tfidf[:n],
        everything.terms,
        everything.words[:n],
        everything.vocabulary,
        everything.vectors[:n],
    )
    themes = np.full(n, "", dtype=object)
    sources = np.full(n, "other", dtype=object)
    has_words = np.array([any(w) for w in words[:n]], dtype=bool)

    for row, name in enumerate(keyword_themes(distinct, codebook)):
        if name is not None:
            themes[row], sources[row] = name, "codebook"
    for row, name in enumerate(example_themes(distinct, codebook)):
        if name is not None:
            themes[row], sources[row] = name, "codebook"
    if codebook.themes:
        score = _resemblance(corpus, codebook, everything.vectors[n:], example_theme)
        # Among the themes a comment resembles, the one whose comments it is closest to: the
        # keyword-matched comments (and examples) teach each theme the corpus's own words.
        members = [
            np.vstack(
                [corpus.vectors[themes == t.name], everything.vectors[n:][example_theme == i]]
            )
            for i, t in enumerate(codebook.themes)
        ]
        centres = np.vstack([m.mean(axis=0) if len(m) else np.zeros(m.shape[1]) for m in members])
        closeness = np.where(
            score >= resemblance, score + corpus.vectors @ normalize(centres).T, -np.inf
        )
        best = closeness.argmax(axis=1)
        close = np.isfinite(closeness.max(axis=1))
        for i in np.flatnonzero((themes == "") & close & has_words):
            themes[i], sources[i] = codebook.themes[best[i]].name, "codebook"

    rest = np.flatnonzero((themes == "") & has_words)
    if len(rest) >= max(2, min_size):
        clusters = min(k or min(MAX_DISCOVERED, max(2, round(np.sqrt(len(rest))))), len(rest))
        # k-means learns its centres on at most SAMPLE comments spread evenly over the sorted
        # comments, then every comment joins its nearest centre: the same themes, 5× faster.
        sample = rest[np.linspace(0, len(rest) - 1, min(SAMPLE, len(rest))).astype(int)]
        model = KMeans(clusters, n_init=4, random_state=SEED).fit(corpus.vectors[sample])
        labels = model.predict(corpus.vectors[rest])
        taken = {t.name for t in codebook.themes} | {OTHER}
        for label in sorted(set(labels), key=lambda c: (-(labels == c).sum(), c)):
            rows = rest[labels == label]
            name = ", ".join(_telling_terms(corpus.tfidf, rows, corpus.terms)).capitalize()
            if len(rows) < min_size or not name or name in taken:
                continue
            taken.add(name)
            themes[rows], sources[rows] = name, "discovered"
    themes[themes == ""] = OTHER
    return _result(comments, distinct, themes, sources, corpus)


def _result(
    comments: Sequence[str],
    distinct: list[str],
    themes: np.ndarray,
    sources: np.ndarray,
    corpus: _Corpus,
) -> ThemeResult:
    """Per comment its theme, and per theme its size, terms and most central comments."""
    position = {text: i for i, text in enumerate(distinct)}
    rows_of = np.array([position[text] for text in comments], dtype=int)
    first_seen = {text: i for i, text in reversed(list(enumerate(comments)))}
    counts = Counter(themes[rows_of])
    found: list[Theme] = []
    for name in dict.fromkeys(themes):
        rows = np.flatnonzero(themes == name)
        terms = _telling_terms(corpus.tfidf, rows, corpus.terms) if name != OTHER else []
        quotes = tuple(first_seen[distinct[r]] for r in _central(corpus.vectors, rows))
        found.append(Theme(str(name), sources[rows[0]], tuple(terms), counts[name], quotes))
    found.sort(key=lambda t: (t.name == OTHER, -t.n, t.name))
    per_comment = [CommentTheme(str(themes[r]), sources[r]) for r in rows_of]
    return ThemeResult(per_comment, found)
