"""Each user's language

Revision ID: a1c3e5f70009
Revises: a1c3e5f70008
Create Date: 2026-11-27 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70009'
down_revision = 'a1c3e5f70008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('user_account') as batch_op:
        batch_op.drop_column('language')
