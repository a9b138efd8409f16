"""The database of release 0.1, which the upgrade tests and the summaries' tests start from."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.engine import Engine

from journey.store.db import make_engine
from tests.postgres import PostgresServer

FIXTURES = Path(__file__).parent / "fixtures"


def _schema_name(db_url: str) -> str:
    engine = make_engine(db_url)
    with engine.connect() as connection:
        name = connection.execute(text("SELECT current_schema()")).scalar_one()
    engine.dispose()
    return str(name)


@pytest.fixture
def release_0_1(db_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The database of release 0.1 (tests/store/fixtures), not upgraded yet."""
    if db_url.startswith("sqlite"):
        shutil.copyfile(FIXTURES / "release-0.1.db", str(make_url(db_url).database))
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        dump = FIXTURES / "release-0.1-postgresql.sql"
        server.restore_schema(dump, dumped="legacy", name=_schema_name(db_url))
    engine = make_engine(db_url)
    yield engine
    engine.dispose()
