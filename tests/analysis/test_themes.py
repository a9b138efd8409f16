"""Themes: codebook keyword rules, resemblance, discovery, and determinism."""

import random

from journey.analysis.themes import (
    OTHER,
    Codebook,
    CodebookTheme,
    ThemeResult,
    assign_themes,
    example_themes,
    keyword_themes,
)

CODEBOOK = Codebook(
    (
        CodebookTheme("Late flight", ("late", "delay", "delayed")),
        CodebookTheme("Lost luggage", ("lost luggage", "luggage", "bag")),
        CodebookTheme("Hard to reach", ("on hold", "no reply")),
    )
)

COMMENTS = [
    "Flight delayed by 3 hours",
    "my suitcase never showed up at the carousel",
    "on hold for an hour, then cut off",
    "the sandwiches were stale and overpriced",
    "the coffee on board was cold and the sandwich stale",
    "cold coffee, stale sandwich, awful food",
    "food was stale again",
    "seat would not recline and the screen was broken",
    "the seat was broken and the screen did not work",
    "broken screen and a seat that would not recline",
    "lovely crew, thank you",
    "the crew were lovely and kind",
    "crew so lovely and helpful",
    "!!!",
]


def test_keywords_match_whole_words_in_any_case() -> None:
    """ "late" matches LATE and Late, not "chocolate" nor "latest"."""
    found = keyword_themes(
        ["So LATE again", "Late.", "hot chocolate", "the latest update", "the bag!"], CODEBOOK
    )
    assert found == ["Late flight", "Late flight", None, None, "Lost luggage"]


def test_phrases_match_as_phrases() -> None:
    """ "on hold" matches across spaces, case and punctuation, but not "hold on"."""
    found = keyword_themes(["ON  HOLD, again", "on-hold forever", "hold on a minute"], CODEBOOK)
    assert found == ["Hard to reach", "Hard to reach", None]


def test_more_keywords_win_then_codebook_order() -> None:
    """Two themes' keywords: the one with more distinct keywords, then the first written."""
    found = keyword_themes(
        ["bag was late", "lost luggage, and the bag was late and delayed", "bag and luggage late"],
        CODEBOOK,
    )
    assert found == ["Late flight", "Late flight", "Lost luggage"]


def test_a_phrase_counts_once() -> None:
    """ "lost luggage" is one keyword found, not also "luggage"."""
    codebook = Codebook(
        (CodebookTheme("A", ("luggage", "late")), CodebookTheme("B", ("lost luggage",)))
    )
    assert keyword_themes(["lost luggage, late"], codebook) == ["A"]


def test_resemblance_without_a_keyword() -> None:
    """ "suitcase" is no keyword, but close in meaning to "luggage": the codebook theme."""
    result = assign_themes(COMMENTS, CODEBOOK)
    assert result.comments[1].theme == "Lost luggage"
    assert result.comments[1].source == "codebook"


def test_examples_bring_comments_that_resemble_them() -> None:
    """A theme with only examples takes the comments close to them, not the others."""
    codebook = Codebook((CodebookTheme("Food", examples=("the sandwich was stale",)),))
    result = assign_themes(COMMENTS, codebook)
    assert result.comments[3] == result.comments[6]
    assert result.comments[3].theme == "Food"
    assert result.comments[3].source == "codebook"
    assert result.comments[10].theme != "Food"


def test_an_example_has_its_theme_whatever_its_keywords() -> None:
    """A comment moved into a theme stays there although another theme's keyword is in it."""
    codebook = Codebook(
        (
            CodebookTheme("Late flight", ("late",)),
            CodebookTheme("Kind crew", examples=("The crew were LATE but so kind!",)),
        )
    )
    comments = ["the crew were late but so kind", "late again", "the crew were late"]
    assert example_themes(comments, codebook) == ["Kind crew", None, None]
    result = assign_themes(comments, codebook)
    assert [(c.theme, c.source) for c in result.comments] == [
        ("Kind crew", "codebook"),
        ("Late flight", "codebook"),
        ("Late flight", "codebook"),
    ]
    assert example_themes(["!!!", ""], Codebook((CodebookTheme("Empty", examples=("?",)),))) == [
        None,
        None,
    ]


def test_without_a_codebook_every_theme_is_discovered() -> None:
    """No codebook: discovered themes named by their terms, and Other for no content."""
    result = assign_themes(COMMENTS)
    assert {c.source for c in result.comments} <= {"discovered", "other"}
    assert result.comments[-1].theme == OTHER
    for theme in result.themes:
        if theme.source == "discovered":
            assert theme.terms
            assert theme.name.lower().startswith(theme.terms[0])


def test_k_limits_discovered_themes() -> None:
    """`k` caps the number of discovered themes."""
    result = assign_themes(COMMENTS, k=2, min_size=1)
    assert sum(t.source == "discovered" for t in result.themes) <= 2


def test_themes_count_and_quote_their_comments() -> None:
    """Per theme: n adds up to the comments, quotes are (up to) three of its own comments."""
    comments = COMMENTS + COMMENTS[:3]
    result = assign_themes(comments, CODEBOOK)
    assert sum(t.n for t in result.themes) == len(comments)
    for theme in result.themes:
        assert 1 <= len(theme.quotes) <= 3
        assert all(result.comments[q].theme == theme.name for q in theme.quotes)


def test_same_input_same_output() -> None:
    """Twice the same comments: the same themes, terms and quotes."""
    assert assign_themes(COMMENTS, CODEBOOK) == assign_themes(COMMENTS, CODEBOOK)


def test_order_of_the_input_does_not_change_a_theme() -> None:
    """Shuffled comments keep their themes (the engine works on the sorted distinct texts)."""
    before = dict(zip(COMMENTS, assign_themes(COMMENTS).comments, strict=True))
    shuffled = COMMENTS[:]
    random.Random(7).shuffle(shuffled)
    after = dict(zip(shuffled, assign_themes(shuffled).comments, strict=True))
    assert before == after


def test_no_comments_and_no_words() -> None:
    """No comments: no themes; comments without content words: all Other, keywords still count."""
    assert assign_themes([], CODEBOOK) == ThemeResult([], [])
    assert {c.theme for c in assign_themes(["!!!", "", "the"]).comments} == {OTHER}
    result = assign_themes(["!!!", "", "ok so", "late"], CODEBOOK)
    assert [c.theme for c in result.comments] == [OTHER, OTHER, OTHER, "Late flight"]
