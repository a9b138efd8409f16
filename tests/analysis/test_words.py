"""Words: plain text, and misspellings mapped back only when the word is not a word."""

from journey.analysis.text.vectors import word_vectors
from journey.analysis.text.words import Speller, tokens


def test_tokens_drop_links_handles_and_accents() -> None:
    """Links, @handles and entities are not words; accents and curly apostrophes fold."""
    assert tokens("@airline Málaga’s bag &amp; https://t.co/x #fail") == [
        "malaga's",
        "bag",
        "fail",
    ]


def test_speller_corrects_only_unknown_words() -> None:
    """ "terible" becomes "terrible"; "ride" stays although "rude" is one edit away."""
    speller = Speller(["terrible", "rude", "disappointed"], known={"ride"})
    assert speller.correct("terible") == "terrible"
    assert speller.correct("dissapointed") == "disappointed"
    assert speller.correct("ride") == "ride"
    assert speller.correct("rud") == "rud"  # shorter than four letters: left alone
    assert speller.correct("xylophone") == "xylophone"


def test_word_vectors_know_near_meanings() -> None:
    """ "suitcase" is nearer "luggage" than "router" is; unknown pieces give a zero vector."""
    suitcase, luggage, router = word_vectors(["suitcase", "luggage", "router"])
    assert suitcase @ luggage > 0.5 > suitcase @ router
    assert not word_vectors(["☃"]).any()
