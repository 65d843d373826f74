"""Who last changed an enrolment's test scores, and when

Revision ID: a1c3e5f70003
Revises: a1c3e5f70002
Create Date: 2026-11-27 16:02:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70003'
down_revision = 'a1c3e5f70002'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
