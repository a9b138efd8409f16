"""An import records what its overall outcome measures: NPS, CSAT, CES, yes/no or a number.

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-29 18:00:00

Imports made before keep no kind: their outcomes read as plain numbers (the mean), until a
later wave of the same survey declares the kind.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("survey_import") as batch:
        batch.add_column(sa.Column("outcome_kind", sa.String(), nullable=True))
        batch.add_column(sa.Column("outcome_scale", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("survey_import") as batch:
        batch.drop_column("outcome_scale")
        batch.drop_column("outcome_kind")
