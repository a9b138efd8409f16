"""Numbers as text: signs, percentage points, q-values, missing values."""

import math

import pytest

from journey.formatting import MISSING, points, q_value, signed


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.414, "+0.41"),
        (-0.366, "−0.37"),
        (-0.004, "0.00"),  # rounds to zero: no sign, never "−0.00"
        (0.004, "0.00"),
        (-0.0, "0.00"),
        (-0.005000001, "−0.01"),
        (None, MISSING),
        (math.nan, MISSING),
    ],
)
def test_signed(value: float | None, text: str) -> None:
    assert signed(value) == text


def test_signed_with_more_digits_keeps_the_sign_of_what_shows() -> None:
    assert signed(-0.0004, 3) == "0.000"
    assert signed(-0.0251, 3) == "−0.025"


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0321, "+3.2 pts"), (-0.004, "−0.4 pts"), (-0.0004, "0.0 pts"), (None, MISSING)],
)
def test_points(value: float | None, text: str) -> None:
    assert points(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(5e-230, "< 0.001"), (0.0, "< 0.001"), (0.000999, "< 0.001"), (0.001, "0.001"),
     (0.0234, "0.023"), (0.5, "0.500"), (1.0, "1.000"), (math.nan, MISSING)],
)  # fmt: skip
def test_q_value(value: float, text: str) -> None:
    assert q_value(value) == text
