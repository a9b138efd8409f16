"""Alembic's environment: the migrations run on the connection Journey Lens hands over.

`journey.store.schema.upgrade_to_head` passes its engine's connection, already inside the
migration transaction; the `alembic` command (developers, see alembic.ini) opens the
database of `sqlalchemy.url`, else `JOURNEY_DB_URL`, else data/journey.db.
"""

from logging.config import fileConfig
from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString, UTCDateTime

import journey.store.models  # noqa: F401 - puts every table on SQLModel.metadata
from journey.store.db import make_engine
from journey.store.schema import VERSION_TABLE, migration_transaction


def render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write SQLModel's column types as SQLAlchemy's, so migrations do not import SQLModel."""
    if kind == "type" and isinstance(item, AutoString):
        return "sa.String()"
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection: Connection) -> None:
    """Run the pending migrations (or autogenerate) on the connection, inside its transaction."""
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        version_table=VERSION_TABLE,
        # SQLite alters most things only by copying the table: autogenerate writes batch steps.
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_from_command_line(url: str | None) -> None:
    """Open the database the `alembic` command names, and migrate it like the app would."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection, migration_transaction(connection):
            run_migrations(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Journey Lens migrations read the data they change: run them without --sql")
given = context.config.attributes.get("connection")
if given is not None:
    run_migrations(given)
else:
    if context.config.config_file_name is not None:
        fileConfig(context.config.config_file_name)
    run_from_command_line(context.config.get_main_option("sqlalchemy.url") or None)
