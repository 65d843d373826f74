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
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scores_recorded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('scores_recorded_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_enrolment_scores_recorded_by_id_user_account'), 'user_account',
                                    ['scores_recorded_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_enrolment_scores_recorded_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('scores_recorded_by_id')
        batch_op.drop_column('scores_recorded_at')
