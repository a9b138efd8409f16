"""Alembic's migrations of the Journey Lens schema, run by `journey.store.schema`."""
