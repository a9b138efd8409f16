"""Peaks and valleys along the stage order (DESIGN.md section 4)."""

import pytest

from journey.analysis.curve import DEFAULT_MIN_N, PEAK, VALLEY, peaks_and_valleys


def shapes(means: list[float | None], eligible: list[bool] | None = None) -> list[str | None]:
    return peaks_and_valleys(means, eligible if eligible is not None else [True] * len(means))


def test_default_min_n_is_thirty() -> None:
    assert DEFAULT_MIN_N == 30


def test_simple_peak_and_valley() -> None:
    assert shapes([0.0, 0.5, -0.2, 0.1]) == [VALLEY, PEAK, VALLEY, PEAK]
    assert (PEAK, VALLEY) == ("peak", "valley")


def test_middle_of_a_slope_is_neither() -> None:
    assert shapes([-0.5, 0.0, 0.5]) == [VALLEY, None, PEAK]


def test_first_and_last_compare_with_their_one_neighbour() -> None:
    assert shapes([0.9, 0.1, 0.2, 0.8]) == [PEAK, VALLEY, None, PEAK]
    assert shapes([-0.9, 0.1, 0.2, -0.8]) == [VALLEY, None, PEAK, VALLEY]


def test_equal_neighbours_make_neither() -> None:
    assert shapes([0.2, 0.2, 0.2]) == [None, None, None]
    assert shapes([0.1, 0.3, 0.3, 0.1]) == [VALLEY, None, None, VALLEY]


def test_a_tie_with_one_neighbour_only_is_neither() -> None:
    """Strictly greater than each neighbour: equal to one of them is not a peak."""
    assert shapes([0.0, 0.5, 0.5, 0.9]) == [VALLEY, None, None, PEAK]
    assert shapes([0.5, 0.5, 0.0]) == [None, None, VALLEY]


def test_two_stages() -> None:
    assert shapes([0.1, 0.4]) == [VALLEY, PEAK]
    assert shapes([0.4, 0.4]) == [None, None]


def test_a_single_eligible_stage_is_neither() -> None:
    assert shapes([0.7]) == [None]
    assert shapes([0.1, 0.7, -0.3], [False, True, False]) == [None, None, None]


def test_no_stage_at_all() -> None:
    assert shapes([]) == []


def test_ineligible_stages_are_neither_and_skipped_as_neighbours() -> None:
    means: list[float | None] = [0.0, 0.9, 0.2, -0.8, 0.5]
    eligible = [True, False, True, False, True]
    # eligible curve: 0.0, 0.2, 0.5 — a slope, whatever the low-sample stages say
    assert shapes(means, eligible) == [VALLEY, None, None, None, PEAK]


def test_neighbours_are_the_nearest_eligible_stages_before_and_after() -> None:
    means: list[float | None] = [0.3, -0.9, -0.9, 0.1, 0.9, 0.9, 0.4]
    eligible = [True, False, False, True, False, False, True]
    assert shapes(means, eligible) == [PEAK, None, None, VALLEY, None, None, PEAK]


def test_stages_without_a_mean_are_skipped() -> None:
    means: list[float | None] = [None, 0.2, None, -0.4, None, 0.6, None]
    assert shapes(means) == [None, PEAK, None, VALLEY, None, PEAK, None]


def test_only_stages_without_a_mean() -> None:
    assert shapes([None, None], [True, True]) == [None, None]


@pytest.mark.parametrize(
    ("means", "expected"),
    [
        ([0.1, 0.2, 0.3, 0.4], [VALLEY, None, None, PEAK]),
        ([0.4, 0.3, 0.2, 0.1], [PEAK, None, None, VALLEY]),
        ([0.0, 1.0, 0.0, 1.0, 0.0], [VALLEY, PEAK, VALLEY, PEAK, VALLEY]),
    ],
)
def test_monotone_and_zigzag_curves(means: list[float | None], expected: list[str | None]) -> None:
    assert shapes(means) == expected
