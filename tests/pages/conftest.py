"""Fixtures of the page tests: the demo database copy the app runs on."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from journey.store.db import make_engine


@pytest.fixture
def database(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The demo copy the app runs on, opened for the test's own checks."""
    monkeypatch.setenv("JOURNEY_DB_URL", f"sqlite:///{demo_copy}")
    engine = make_engine(f"sqlite:///{demo_copy}")
    yield engine
    engine.dispose()
