"""ballot channel and answers: how a ballot was cast (online, kiosk, paper) and the voter's
answers to the cycle's questions, both read from the sealed envelope at the count

Revision ID: e2f751733d3e
Revises: 6dff97856f3b
Create Date: 2026-11-29 23:56:22.492279

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2f751733d3e'
down_revision = '6dff97856f3b'
branch_labels = None
depends_on = None

CHANNELS = "channel IN ('online','kiosk','paper')"


def upgrade():
    # Outside batch mode: a batch rebuild would lose the table's WITHOUT ROWID (see 6dff97856f3b).
    # Ballots opened before this revision were all cast online.
    sqlite = op.get_bind().dialect.name == "sqlite"
    check = [sa.CheckConstraint(CHANNELS, name=op.f('ck_ballot_channel_known'))] if sqlite else []
    op.add_column(
        'ballot',
        sa.Column('channel', sa.String(length=8), *check, nullable=False, server_default='online'),
    )
    op.add_column('ballot', sa.Column('answers', sa.Text(), nullable=False, server_default=''))
    if not sqlite:
        op.create_check_constraint(op.f('ck_ballot_channel_known'), 'ballot', CHANNELS)
        op.alter_column('ballot', 'channel', server_default=None)
        op.alter_column('ballot', 'answers', server_default=None)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f('ck_ballot_channel_known'), 'ballot', type_='check')
    op.drop_column('ballot', 'answers')
    op.drop_column('ballot', 'channel')
