"""Certificates sent to their holders by email, and the runs that send them

Revision ID: a1c3e5f70005
Revises: a1c3e5f70004
Create Date: 2026-11-27 16:04:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70005'
down_revision = 'a1c3e5f70004'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
