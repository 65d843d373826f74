"""Knowledge test scores on enrolments

Revision ID: 3c9e1f2a7b44
Revises: 7857f1f1c10e
Create Date: 2026-11-25 03:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c9e1f2a7b44'
down_revision = '7857f1f1c10e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pre_test_score', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('post_test_score', sa.Integer(), nullable=True))
        batch_op.create_check_constraint('pre_test_percent', 'pre_test_score BETWEEN 0 AND 100')
        batch_op.create_check_constraint('post_test_percent', 'post_test_score BETWEEN 0 AND 100')


def downgrade():
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_constraint('post_test_percent', type_='check')
        batch_op.drop_constraint('pre_test_percent', type_='check')
        batch_op.drop_column('post_test_score')
        batch_op.drop_column('pre_test_score')
