"""budget min score for greedy-threshold

Revision ID: 8f8e0167f5cb
Revises: 0345852fe783
Create Date: 2026-11-30 03:57:33.178869

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8f8e0167f5cb'
down_revision = '0345852fe783'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('budget', sa.Column('min_score', sa.Numeric(precision=14, scale=2), nullable=True))


def downgrade():
    # Not batch mode: SQLite drops a column in place, and recreating the table would trip the
    # foreign keys that point at budget.
    op.drop_column('budget', 'min_score')
