"""Comments get a sentiment and a theme; journeys get their themes and a codebook.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 18:10:00

Existing comments have no sentiment or theme until the journey's comments are themed (the
next import does it, as does `python -m journey themes`).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("comments", sa.Integer(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=True),
        sa.Column("quotes", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journey_id", "name"),
    )
    op.create_index(op.f("ix_theme_journey_id"), "theme", ["journey_id"], unique=False)
    op.create_table(
        "codebook",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("journey_id", sa.Integer(), nullable=False),
        sa.Column("codebook_yaml", sa.String(), nullable=False),
        sa.Column("discovered", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["journey_id"], ["journey.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("journey_id"),
    )
    # Columns added in place: the response table can hold millions of rows, and copying it
    # (SQLite's way of adding a constraint) would also drop its expression index.
    op.add_column("response", sa.Column("sentiment", sa.Float(), nullable=True))
    op.add_column("response", sa.Column("sentiment_label", sa.String(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE response ADD COLUMN theme_id INTEGER"
            " REFERENCES theme (id) ON DELETE SET NULL"
        )
    else:
        op.add_column("response", sa.Column("theme_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            "fk_response_theme_id", "response", "theme", ["theme_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_response_theme_id", "response", type_="foreignkey")
    for column in ("theme_id", "sentiment_label", "sentiment"):
        op.drop_column("response", column)
    op.drop_table("codebook")
    op.drop_index(op.f("ix_theme_journey_id"), table_name="theme")
    op.drop_table("theme")
