"""A version on participants, workshops, projects and objectives, so that no save silently overwrites another

Revision ID: a1c3e5f70002
Revises: a1c3e5f70001
Create Date: 2026-11-27 16:01:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70002'
down_revision = 'a1c3e5f70001'
branch_labels = None
depends_on = None


#: The tables whose edit forms carry the version they were loaded at (workshops.versions).
VERSIONED = ('participant', 'workshop', 'project', 'objective')


def upgrade():
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
