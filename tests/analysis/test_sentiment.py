"""Sentiment of single comments: clear cases, negation, service complaints, labels."""

import pytest

from journey.analysis.sentiment import score_sentiment, sentiment_label


def label(comment: str) -> str:
    """The label of one comment."""
    return score_sentiment([comment])[0].label


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("The crew were wonderful, thank you!", "positive"),
        ("Terrible service, never again", "negative"),
        ("not happy with the service", "negative"),
        ("not bad at all", "positive"),
        ("the staff were not helpful", "negative"),
        ("couldn't be happier with my new sofa", "positive"),
        ("no complaints, arrived as promised", "positive"),
        ("still waiting for my refund", "negative"),
        ("parcel left at the wrong door", "negative"),
        ("on hold for 2 hours and then they hung up", "negative"),
        ("terible servise, very dissapointed", "negative"),
        ("Great, another delay. Love spending my birthday at the gate", "negative"),
        ("the flight was late but the crew were lovely and kept us updated", "positive"),
        ("what time does the store open on Sundays?", "neutral"),
        ("can you help me change my booking please", "neutral"),
        ("booked the 7am flight to Leeds", "neutral"),
        ("arrived today 👍", "positive"),
        ("arrived today 😡", "negative"),
    ],
)
def test_clear_cases(comment: str, expected: str) -> None:
    """Comments any analyst would code the same way get that label."""
    assert label(comment) == expected


def test_negation_turns_the_word_around() -> None:
    """ "helpful" scores above zero and "not helpful" below."""
    helpful, not_helpful = score_sentiment(["helpful", "not helpful"])
    assert helpful.score > 0.05 > -0.05 > not_helpful.score


def test_intensifier_strengthens() -> None:
    """ "really rude" is more negative than "rude"."""
    plain, strong = score_sentiment(["rude", "really rude"])
    assert strong.score < plain.score < 0


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (-0.0501, "negative"),
        (-0.05, "neutral"),
        (0.0, "neutral"),
        (0.05, "neutral"),
        (0.0501, "positive"),
    ],
)
def test_label_cut_offs(score: float, expected: str) -> None:
    """Negative below −0.05, positive above +0.05, neutral between, both ends included."""
    assert sentiment_label(score) == expected


def test_each_comment_scored_on_its_own() -> None:
    """Same comment, same score, whatever else is in the batch and in which order."""
    comments = ["still waiting for my refund", "lovely staff", "", "ok"]
    alone = [score_sentiment([c])[0] for c in comments]
    assert score_sentiment(comments) == alone
    assert score_sentiment(comments[::-1]) == alone[::-1]
    assert all(-1 <= s.score <= 1 for s in alone)
    assert alone[2].label == "neutral"
