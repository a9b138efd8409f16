"""Shared fixtures: every test gets its own database, never data/."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from journey.db import create_schema, make_engine
from journey.definitions import import_definitions
from journey.demo import load_demo

SMALL_DEFINITIONS = """
personas:
  - {name: Business traveller, description: Flies for work}
  - {name: Family}
journeys:
  - name: Air travel
    state: current
    stages:
      - name: Booking
        goal: Book quickly
        touchpoints: [{name: Website, channel: web}, {name: App, channel: app}]
      - {name: Check-in}
      - {name: Security}
      - {name: Flight}
"""


@pytest.fixture
def engine() -> Iterator[Engine]:
    """An empty in-memory database with the schema."""
    engine = make_engine("sqlite://")
    create_schema(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def air_travel(engine: Engine) -> Engine:
    """A database with one small journey ('Air travel': Booking, Check-in, Security, Flight)."""
    import_definitions(engine, SMALL_DEFINITIONS)
    return engine


@pytest.fixture(scope="session")
def demo_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file database with the full demo data, built once per test session (read-only use)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    load_demo(engine)
    engine.dispose()
    return path


@pytest.fixture
def demo_copy(demo_db_file: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database that a test may change."""
    copy = tmp_path / "demo.db"
    copy.write_bytes(demo_db_file.read_bytes())
    return copy
