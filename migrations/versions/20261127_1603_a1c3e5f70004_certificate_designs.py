"""Certificate designs fixed at issue; revocations that can be withdrawn

Revision ID: a1c3e5f70004
Revises: a1c3e5f70003
Create Date: 2026-11-27 16:03:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70004'
down_revision = 'a1c3e5f70003'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
