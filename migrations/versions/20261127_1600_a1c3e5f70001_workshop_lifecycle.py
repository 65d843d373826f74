"""A workshop's status follows its dates: closed and cancelled are stored, the rest derived

Revision ID: a1c3e5f70001
Revises: 8b4f2d6c1e93
Create Date: 2026-11-27 16:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70001'
down_revision = '8b4f2d6c1e93'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
