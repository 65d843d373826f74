"""One counter every committed change moves, so that pages kept in memory are never served stale

Revision ID: a1c3e5f70006
Revises: a1c3e5f70005
Create Date: 2026-11-27 16:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70006'
down_revision = 'a1c3e5f70005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version'))
    )
    op.execute("INSERT INTO data_version (id, number) VALUES (1, 0)")


def downgrade():
    op.drop_table('data_version')
