"""Shared fixtures: every test gets its own database, never data/."""

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy.engine import Engine, make_url

from journey.catalog.definitions import import_definitions
from journey.demo.loader import load_demo
from journey.store.db import create_schema, make_engine
from tests.postgres import PostgresServer, binaries

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


# Database, import and CLI tests run on both engines; PostgreSQL where it is installed, and
# always in CI (JOURNEY_TEST_POSTGRES=required makes its absence a failure, not a skip).
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    if binaries() is None:
        if os.environ.get("JOURNEY_TEST_POSTGRES") == "required":
            pytest.fail("PostgreSQL is required here but not installed (make system-deps)")
        pytest.skip("PostgreSQL is not installed: only SQLite is tested")
    server = PostgresServer.start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of its own: an SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    schema, url = server.new_schema()
    yield url
    server.drop_schema(schema)


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database brought to the newest migration, once per test session."""
    path = tmp_path_factory.mktemp("migrated") / "head.db"
    engine = make_engine(f"sqlite:///{path}")
    create_schema(engine)
    engine.dispose()  # the last connection closed: everything is in the file, no WAL beside it
    return path


@pytest.fixture
def engine(db_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """An empty database with the schema, on each backend."""
    if db_url.startswith("sqlite"):
        # Running the migrations costs ~40 ms; a copy of their result costs ~1 ms.
        template: Path = request.getfixturevalue("migrated_sqlite_file")
        shutil.copyfile(template, str(make_url(db_url).database))
    engine = make_engine(db_url)
    create_schema(engine)  # a copy is at head already: one query
    yield engine
    engine.dispose()


@pytest.fixture
def air_travel(engine: Engine) -> Engine:
    """A database with one small journey ('Air travel': Booking, Check-in, Security, Flight)."""
    import_definitions(engine=engine, text=SMALL_DEFINITIONS)
    return engine


@pytest.fixture(autouse=True)
def fresh_streamlit_caches() -> Iterator[None]:
    """Streamlit's caches outlive an AppTest: every test starts, and leaves, them empty."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


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


def shown(markdown: str) -> str:
    """What a Markdown element shows: user text is escaped (backslashes, word joiners)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
