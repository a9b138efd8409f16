"""Expectation answers as survey tools label them (DESIGN.md section 3)."""

import pytest

from journey.errors import JourneyError
from journey.ingest.expectations import ExpectationError, parse_expectation


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Below expectations", "below"),
        ("below", "below"),
        ("Did not meet", "below"),
        ("Did not meet expectations", "below"),
        ("did not meet my expectations.", "below"),
        ("Didn't meet expectations", "below"),
        ("Does not meet expectations", "below"),
        ("Fell short of expectations", "below"),
        ("Worse than expected", "below"),
        ("Met", "meets"),
        ("Meets", "meets"),
        ("Meets expectations", "meets"),
        ("Met my expectations", "meets"),
        ("meets expectation", "meets"),
        ("As expected", "meets"),
        ("  MET  ", "meets"),
        ("Exceeded", "exceeds"),
        ("Exceeds", "exceeds"),
        ("Exceeded expectations", "exceeds"),
        ("EXCEEDS  my expectations", "exceeds"),
        ("Above expectations", "exceeds"),
        ("Better than expected", "exceeds"),
        ("exceeds\tmy   expectations.", "exceeds"),
    ],
)
def test_known_labels(label: str, expected: str) -> None:
    assert parse_expectation(label) == expected


@pytest.mark.parametrize("blank", ["", " ", "\t", "  \n "])
def test_blank_is_no_expectation(blank: str) -> None:
    assert parse_expectation(blank) is None


@pytest.mark.parametrize("label", ["sort of", "Maybe", "expectations", "5", "Met?", "Exceeding"])
def test_unknown_label_is_refused(label: str) -> None:
    with pytest.raises(ExpectationError, match="unknown expectation label"):
        parse_expectation(label)


def test_error_message_quotes_the_label_cut_to_forty_characters() -> None:
    with pytest.raises(ExpectationError) as caught:
        parse_expectation(" " + "y" * 50)
    assert str(caught.value) == f"unknown expectation label: {'y' * 40!r}"


def test_expectation_error_is_a_journey_error() -> None:
    assert issubclass(ExpectationError, JourneyError)
