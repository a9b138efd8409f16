"""Rating scales: normalising to −1 … +1 and reading raw answers (DESIGN.md section 2)."""

import math

import pytest

from journey.errors import JourneyError
from journey.ingest.scales import (
    DEFAULT_SCALE,
    LIKERT_LABELS,
    RatingError,
    Scale,
    ScaleError,
    clean_label,
    label_table,
    parse_number,
    parse_rating,
    parse_scale,
)


@pytest.mark.parametrize(
    ("raw", "emotion"), [(1, -1.0), (2, -0.5), (3, 0.0), (4, 0.5), (5, 1.0), (3.5, 0.25)]
)
def test_one_to_five_maps_onto_minus_one_to_plus_one(raw: float, emotion: float) -> None:
    assert Scale(1, 5).normalise(raw) == pytest.approx(emotion, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("raw", [-3, -2, -1, 0, 1, 2, 3])
def test_minus_three_to_three_is_divided_by_three(raw: int) -> None:
    assert Scale(-3, 3).normalise(raw) == pytest.approx(raw / 3, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("raw", "emotion"), [(0, -1.0), (5, 0.0), (10, 1.0), (7, 0.4)])
def test_zero_to_ten_follows_the_formula(raw: int, emotion: float) -> None:
    assert Scale(0, 10).normalise(raw) == pytest.approx(emotion, rel=1e-12, abs=1e-15)


def test_default_scale_is_one_to_five() -> None:
    assert DEFAULT_SCALE == Scale(1, 5)
    assert str(DEFAULT_SCALE) == "1:5"


def test_contains_includes_both_ends_only() -> None:
    scale = Scale(1, 5)
    assert scale.contains(1) and scale.contains(5) and scale.contains(2.5)
    assert not scale.contains(0) and not scale.contains(5.01) and not scale.contains(-1)


@pytest.mark.parametrize(("low", "high"), [(5, 1), (3, 3)])
def test_a_scale_needs_min_below_max(low: float, high: float) -> None:
    with pytest.raises(ScaleError, match="min < max"):
        Scale(low, high)


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("1:5", Scale(1, 5)),
        ("-3:3", Scale(-3, 3)),
        (" 0 : 10 ", Scale(0, 10)),
        ("1:7", Scale(1, 7)),
    ],
)
def test_parse_scale_reads_min_colon_max(text: str, scale: Scale) -> None:
    assert parse_scale(text) == scale


def test_parse_scale_round_trips_through_str() -> None:
    assert str(parse_scale("-3:3")) == "-3:3"
    assert parse_scale(str(Scale(0.5, 4.5))) == Scale(0.5, 4.5)


@pytest.mark.parametrize("text", ["1-5", "15", "", "1:2:3"])
def test_parse_scale_refuses_a_text_that_is_not_min_colon_max(text: str) -> None:
    with pytest.raises(ScaleError, match="is not MIN:MAX"):
        parse_scale(text)


@pytest.mark.parametrize("text", ["a:b", "1:five", ":5"])
def test_parse_scale_refuses_words(text: str) -> None:
    with pytest.raises(ScaleError, match="with numbers"):
        parse_scale(text)


@pytest.mark.parametrize("text", ["5:1", "2:2"])
def test_parse_scale_refuses_an_empty_or_reversed_range(text: str) -> None:
    with pytest.raises(ScaleError, match="min < max"):
        parse_scale(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("3", 3.0),
        ("3.5", 3.5),
        ("3,5", 3.5),
        ("-2,5", -2.5),
        ("+1", 1.0),
        (" 4 ", 4.0),
        ("\t0\n", 0.0),
        ("10", 10.0),
    ],
)
def test_parse_number_reads_points_and_decimal_commas(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize(
    "text", ["", "   ", "three", "3,5,1", "1.000,5", "4 stars", "nan", "NaN", "inf", "-Infinity"]
)
def test_parse_number_refuses_what_is_not_a_finite_number(text: str) -> None:
    assert parse_number(text) is None


def test_parse_number_never_returns_nan_or_infinity() -> None:
    for text in ("nan", "-nan", "inf", "+inf", "infinity", "1e999", "-1e999"):
        value = parse_number(text)
        assert value is None or math.isfinite(value)


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("Very satisfied", 5.0),
        ("very SATISFIED", 5.0),
        ("  Very   satisfied  ", 5.0),
        ("Very\tsatisfied", 5.0),
        ("DISSATISFIED", 2.0),
        ("Neutral", 3.0),
        ("Strongly disagree", 1.0),
        ("strongly AGREE ", 5.0),
        ("Neither agree nor disagree", 3.0),
        ("Excellent", 5.0),
        ("Poor", 2.0),
        ("Somewhat satisfied", 4.0),
    ],
)
def test_parse_rating_reads_likert_labels_in_any_case_and_spacing(text: str, raw: float) -> None:
    assert parse_rating(text) == raw


@pytest.mark.parametrize(("text", "raw"), [("4", 4.0), (" 2 ", 2.0), ("3,5", 3.5)])
def test_parse_rating_reads_numbers(text: str, raw: float) -> None:
    assert parse_rating(text) == raw


@pytest.mark.parametrize("text", ["meh", "", "Very very satisfied", "nan"])
def test_parse_rating_refuses_unknown_text(text: str) -> None:
    with pytest.raises(RatingError, match="not a number or a known label"):
        parse_rating(text)


def test_rating_error_message_quotes_the_answer_cut_to_forty_characters() -> None:
    with pytest.raises(RatingError) as caught:
        parse_rating("  " + "x" * 60 + "  ")
    assert str(caught.value) == f"not a number or a known label: {'x' * 40!r}"


def test_rating_error_is_a_journey_error() -> None:
    assert issubclass(RatingError, JourneyError)


def test_clean_label_lower_cases_and_collapses_spaces() -> None:
    assert clean_label("  Very \t  Satisfied\n") == "very satisfied"


def test_label_table_keys_labels_the_way_parse_rating_looks_them_up() -> None:
    table = label_table({"  Not At All   Likely ": 0, "Extremely likely": 10, "Maybe": 5.5})
    assert table == {"not at all likely": 0.0, "extremely likely": 10.0, "maybe": 5.5}
    assert all(isinstance(value, float) for value in table.values())


def test_parse_rating_with_a_custom_label_table() -> None:
    table = label_table({"Not at all likely": 0, "Extremely likely": 10})
    assert parse_rating("NOT at all  likely", table) == 0.0
    assert parse_rating(" extremely LIKELY", table) == 10.0
    assert parse_rating("7", table) == 7.0
    with pytest.raises(RatingError):
        parse_rating("Satisfied", table)  # the Likert labels are not mixed in


def test_likert_labels_are_on_the_one_to_five_scale() -> None:
    assert set(LIKERT_LABELS.values()) <= {1, 2, 3, 4, 5}
    assert all(key == clean_label(key) for key in LIKERT_LABELS)
