"""Bringing a database to the current schema: Alembic's migrations in journey/store/migrations.

Alembic is imported only when a migration has to run: a database already at the newest
migration costs one query, so the CLI and the app start without Alembic's imports.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from journey.errors import JourneyError

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration in journey/store/migrations/versions (tests/store/test_migrations.py
# checks it): a database stamped with it needs nothing.
HEAD = "0003"
VERSION_TABLE = "alembic_version"
MIGRATIONS = "journey.store:migrations"
# Alembic keeps the running migration's context in a module global: one thread at a time.
_ALEMBIC = threading.Lock()


class NewerSchema(JourneyError):
    """The database was upgraded by a newer Journey Lens than this one."""


def stored_version(*, engine: Engine) -> str | None:
    """The migration the database was last brought to; None for an empty or pre-Alembic one."""
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        version = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if version is None else str(version)


def upgrade_to_head(engine: Engine) -> None:
    """Run, in one transaction, every migration the database lacks (safe to repeat)."""
    version = stored_version(engine=engine)
    if version == HEAD:
        return
    from alembic import command

    if version is not None:
        _refuse_unknown(version)
    with _ALEMBIC, engine.connect() as connection, migration_transaction(connection):
        command.upgrade(alembic_config(connection), "head")


def _refuse_unknown(version: str) -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    if version not in {script.revision for script in scripts.walk_revisions()}:
        raise NewerSchema(
            f"the database has schema {version}, from a newer Journey Lens; this version knows "
            f"schemas up to {HEAD}: upgrade Journey Lens (or restore a backup made before)"
        )


def alembic_config(connection: Connection | None = None) -> "Config":
    """Alembic's settings without an alembic.ini: env.py migrates the connection given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    config.attributes["connection"] = connection
    return config


@contextmanager
def migration_transaction(connection: Connection) -> Iterator[None]:
    """One transaction around the migrations, held by one process at a time.

    Two processes starting on a database that is behind (the app and a CLI command) would
    otherwise both run the same migrations; the second waits here, then finds nothing to do.
    """
    if connection.dialect.name == "sqlite":
        with _sqlite_migration_transaction(connection):
            yield
        return
    with connection.begin():
        if connection.dialect.name == "postgresql":
            # Per schema, so that databases sharing a server do not wait for each other.
            connection.execute(
                text(
                    "SELECT pg_advisory_xact_lock(hashtext('journey schema ' || current_schema()))"
                )
            )
        yield


@contextmanager
def _sqlite_migration_transaction(connection: Connection) -> Iterator[None]:
    # SQLite changes a table by copying it into a new one and dropping the old: with foreign
    # keys on, that drop would delete every row referring to it. SQLite ignores the pragma
    # inside a transaction, so it is set first, and the keys are checked before committing.
    enforced = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        # IMMEDIATE takes the write lock now: a second process waits (busy timeout) instead
        # of reading the old version and migrating too.
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"a migration left rows whose parent is missing: {broken[:5]}")
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.exec_driver_sql(f"PRAGMA foreign_keys={'ON' if enforced else 'OFF'}")
        connection.commit()
