"""cycle open data settings: country, unit and language for pabulib's META, the licence of the
published ballots, k for k-anonymity of exported voter attributes, and the voter questions

Revision ID: c62d1692a59d
Revises: e2f751733d3e
Create Date: 2026-11-29 23:58:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c62d1692a59d'
down_revision = 'e2f751733d3e'
branch_labels = None
depends_on = None

COLUMNS = (
    ('country', sa.String(length=60), ''),
    ('unit', sa.String(length=100), ''),
    ('language', sa.String(length=2), 'en'),
    ('licence', sa.String(length=40), 'CC-BY-4.0'),
    ('export_k', sa.Integer(), '10'),
    ('questions', sa.String(length=200), ''),
)

K_CHECK = 'export_k >= 1'


def upgrade():
    # Outside batch mode: rebuilding `cycle` on SQLite would trip the foreign keys pointing at it.
    # Existing cycles get the same defaults a new cycle gets.
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, type_, default in COLUMNS:
        check = []
        if sqlite and name == 'export_k':
            check = [sa.CheckConstraint(K_CHECK, name=op.f('ck_cycle_export_k_positive'))]
        op.add_column(
            'cycle', sa.Column(name, type_, *check, nullable=False, server_default=default)
        )
    if not sqlite:
        op.create_check_constraint(op.f('ck_cycle_export_k_positive'), 'cycle', K_CHECK)
        for name, _type, _default in COLUMNS:
            op.alter_column('cycle', name, server_default=None)


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f('ck_cycle_export_k_positive'), 'cycle', type_='check')
    for name, _type, _default in reversed(COLUMNS):
        op.drop_column('cycle', name)
