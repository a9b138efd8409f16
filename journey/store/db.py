"""Engine factory, schema creation and the change counter that keys every cache."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, update
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, col, create_engine, select

from journey.store.models import Revision
from journey.store.schema import upgrade_to_head

DEFAULT_DB_URL = "sqlite:///data/journey.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def database_url(url: str | None = None) -> str:
    """The URL given, else `JOURNEY_DB_URL`, else the embedded SQLite file."""
    return url or os.environ.get("JOURNEY_DB_URL") or DEFAULT_DB_URL


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the dashboard read while an import writes; the busy timeout makes a
    # second writer wait instead of failing; foreign keys make cascades real.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str | None = None) -> Engine:
    """Create an engine for the URL; SQLite files get their folder, WAL and foreign keys."""
    resolved = make_url(database_url(url))
    if resolved.get_backend_name() != "sqlite":
        return create_engine(resolved, pool_pre_ping=True)
    in_memory = resolved.database in (None, "", ":memory:")
    if not in_memory:
        Path(resolved.database or "").parent.mkdir(parents=True, exist_ok=True)
    pooling: dict[str, Any] = {"poolclass": StaticPool} if in_memory else {}
    engine = create_engine(resolved, connect_args={"check_same_thread": False}, **pooling)
    event.listen(engine, "connect", _tune_sqlite)
    return engine


def create_schema(engine: Engine) -> None:
    """Bring the database, empty or not, to the current schema (safe to repeat)."""
    upgrade_to_head(engine)


def bump_revision(session: Session) -> None:
    """Mark the data as changed, inside the caller's transaction."""
    session.exec(
        update(Revision).where(col(Revision.id) == 1).values(value=col(Revision.value) + 1)
    )


def revision(engine: Engine) -> int:
    """The change counter: equal values mean equal data."""
    with Session(engine) as session:
        row = session.exec(select(Revision.value).where(Revision.id == 1)).first()
    return row or 0


class BulkInsert:
    """Stores batches of ready rows, skipping those that clash with a unique key; each call
    says how many were stored.

    SQLite takes the driver's `executemany` of `INSERT … ON CONFLICT DO NOTHING`. PostgreSQL
    would run that statement once per row, so there the batch is streamed with `COPY` into a
    temporary table (dropped at commit) and moved with one `INSERT … SELECT … ON CONFLICT DO
    NOTHING`: the same guarantee, at the speed of `COPY`. Values arrive ready to store: no
    ORM conversions on this path.
    """

    def __init__(self, session: Session, table: str, columns: tuple[str, ...]) -> None:
        self.session, self.table, self.columns = session, table, columns
        self.postgres = session.get_bind().dialect.name == "postgresql"
        names = ", ".join(columns)
        if self.postgres:
            self.staging = f"staging_{table}"
            session.connection().exec_driver_sql(  # the columns' types, no constraints
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.staging} ON COMMIT DROP AS "
                f"SELECT {names} FROM {table} WITH NO DATA"
            )
            self.copy_sql = f"COPY {self.staging} ({names}) FROM STDIN"
            self.move_sql = (
                f"INSERT INTO {table} ({names}) SELECT {names} FROM {self.staging} "
                "ON CONFLICT DO NOTHING"
            )
        else:
            marks = ", ".join(["?"] * len(columns))
            self.insert_sql = (
                f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"
            )

    def __call__(self, rows: list[tuple[Any, ...]]) -> int:
        connection = self.session.connection()
        if not self.postgres:
            return int(connection.exec_driver_sql(self.insert_sql, rows).rowcount)
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(self.copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
        moved = int(connection.exec_driver_sql(self.move_sql).rowcount)
        connection.exec_driver_sql(f"TRUNCATE {self.staging}")
        return moved


def new_id(session: Session, row: SQLModel) -> int:
    """Add a row and return the id the database gives it (inside the caller's transaction)."""
    session.add(row)
    session.flush()
    row_id = getattr(row, "id", None)
    assert isinstance(row_id, int)
    return row_id


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session whose changes commit together, with the revision bumped, or not at all."""
    with Session(engine) as session:
        try:
            yield session
            bump_revision(session)
            session.commit()
        except BaseException:
            session.rollback()
            raise
