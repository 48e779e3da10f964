"""drop the unused cycle languages column

Nothing read Cycle.languages: no page, export or service used it; staff only typed it into the
cycle form.

Revision ID: 6b235e4b24a5
Revises: 0b3cc2062803
Create Date: 2026-11-29 20:59:54.409595

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6b235e4b24a5'
down_revision = '0b3cc2062803'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.drop_column('languages')


def downgrade():
    # Existing cycles get "en", the column's old default; then the schema is as it was.
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('languages', sa.String(length=100), nullable=False, server_default='en')
        )
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.alter_column('languages', server_default=None)
