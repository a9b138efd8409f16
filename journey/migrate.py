"""Bringing an existing database up to the current schema, without losing its data.

Journey Lens only ever adds tables, columns and indexes between versions, so an upgrade is:
create what is missing, and add each missing column with its default. Anything else (a
dropped or retyped column) would need a hand-written step and is refused loudly.
"""

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.schema import Column, CreateIndex
from sqlmodel import SQLModel


def missing_columns(engine: Engine) -> list[tuple[str, Column[object]]]:
    """Columns the models have that the database's existing tables lack."""
    inspector = inspect(engine)
    existing_tables = set(inspector.get_table_names())
    missing = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name not in existing_tables:
            continue
        present = {column["name"] for column in inspector.get_columns(table.name)}
        missing += [(table.name, column) for column in table.columns if column.name not in present]
    return missing


def _add_column_sql(engine: Engine, table: str, column: Column[object]) -> str:
    kind = column.type.compile(dialect=engine.dialect)
    default = getattr(column.default, "arg", None)
    if default is None or callable(default):
        if not column.nullable:
            raise RuntimeError(
                f"cannot add required column {table}.{column.name} without a default: "
                "this upgrade needs a hand-written migration"
            )
        return f'ALTER TABLE "{table}" ADD COLUMN "{column.name}" {kind}'
    literal = f"'{default}'" if isinstance(default, str) else repr(default)
    return f'ALTER TABLE "{table}" ADD COLUMN "{column.name}" {kind} NOT NULL DEFAULT {literal}'


def upgrade_schema(engine: Engine) -> list[str]:
    """Create missing tables, add missing columns and indexes; returns the columns it added."""
    missing = missing_columns(engine)
    statements = [_add_column_sql(engine, table, column) for table, column in missing]
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
        SQLModel.metadata.create_all(connection)
        for table in SQLModel.metadata.sorted_tables:
            for index in table.indexes:  # reflection cannot see expression indexes: ask the DB
                connection.execute(CreateIndex(index, if_not_exists=True))
    return statements
