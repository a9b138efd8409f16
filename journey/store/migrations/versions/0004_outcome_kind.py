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
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("survey_import", sa.Column("outcome_kind", sa.String(), nullable=True))
    op.add_column("survey_import", sa.Column("outcome_scale", sa.String(), nullable=True))


def downgrade() -> None:
    op.drop_column("survey_import", "outcome_scale")
    op.drop_column("survey_import", "outcome_kind")
