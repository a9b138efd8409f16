"""Fixtures of the catalogue tests: a small journey with stored responses."""

import pytest
from sqlalchemy.engine import Engine

from tests.factories import Answer, store_responses


@pytest.fixture
def measured(air_travel: Engine) -> Engine:
    """Air travel with 7 responses: Booking 4 (Website 2, App 1), Check-in 2, Flight 1."""
    store_responses(
        air_travel,
        [
            Answer("r1", "Booking", 1.0, touchpoint="Website", expectation="exceeds"),
            Answer("r2", "Booking", -1.0, touchpoint="Website", expectation="below"),
            Answer("r1", "Booking", 0.5, touchpoint="App"),
            Answer("r3", "Booking", 0.0, persona="Family"),
            Answer("r1", "Check-in", 0.5),
            Answer("r2", "Check-in", -0.5, persona="Family"),
            Answer("r3", "Flight", 1.0, persona="Family"),
        ],
        outcomes={"r1": 9, "r2": 3},
    )
    return air_travel
