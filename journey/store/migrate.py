"""Bringing an existing database up to the current schema, without losing its data.

Journey Lens only ever adds tables, columns and indexes between versions, so an upgrade is:
create what is missing, and add each missing column with its default. Anything else (a
dropped or retyped column) would need a hand-written step and is refused loudly.
"""

import json

from sqlalchemy import Text, cast, func, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.schema import Column, CreateIndex
from sqlmodel import Session, SQLModel, col, select


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


def backfill_import_contents(engine: Engine) -> int:
    """Record what older imports hold (dates, channels, attributes), read once from their rows.

    Imports made since these columns exist record it as they are written; this catches up
    the imports of a database made before. Returns how many imports it completed.
    """
    from journey.store.models import Response, SurveyImport  # the models import nothing from here

    with Session(engine) as session:
        missing = session.exec(select(SurveyImport).where(col(SurveyImport.channels).is_(None)))
        batches = list(missing.all())
        for batch in batches:
            own = col(Response.import_id) == batch.id
            dates = select(
                func.min(col(Response.responded_at)), func.max(col(Response.responded_at))
            )
            batch.first_response, batch.last_response = session.exec(dates.where(own)).one()
            channel = col(Response.channel)
            found = select(channel).distinct().where(own, channel.is_not(None))
            batch.channels = sorted(str(c) for c in session.exec(found).all())
            values: dict[str, set[str]] = {}
            combinations = (
                select(cast(col(Response.attributes), Text))
                .distinct()
                .where(own, col(Response.attributes).is_not(None))
            )
            for attributes in session.exec(combinations).all():
                for name, value in json.loads(attributes).items():
                    values.setdefault(name, set()).add(str(value))
            batch.attribute_values = {k: sorted(v) for k, v in sorted(values.items())}
            session.add(batch)
        session.commit()
    return len(batches)
