"""Indicators with baselines, targets and deadlines; an optional year of birth on people and registrations

Revision ID: a1c3e5f70007
Revises: a1c3e5f70006
Create Date: 2026-11-27 16:06:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70007'
down_revision = 'a1c3e5f70006'
branch_labels = None
depends_on = None

MEASURES = ('trainees', 'participations', 'women_share', 'countries', 'knowledge_gain', 'workshops')


def upgrade():
    for table in ('participant', 'registration'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('year_of_birth', sa.Integer(), nullable=True))
            batch_op.create_check_constraint(op.f(f'ck_{table}_year_of_birth_plausible'),
                                             'year_of_birth BETWEEN 1900 AND 2100')
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('measure', sa.Enum(*MEASURES, name='indicator_measure', native_enum=False, create_constraint=True,
                                 length=20), nullable=False),
    sa.Column('role_categories', sa.JSON(), nullable=False),
    sa.Column('baseline', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('target', sa.Numeric(precision=12, scale=2), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('baseline >= 0', name=op.f('ck_indicator_baseline_not_negative')),
    sa.CheckConstraint('target >= 0', name=op.f('ck_indicator_target_not_negative')),
    sa.ForeignKeyConstraint(['objective_id'], ['objective.id'], name=op.f('fk_indicator_objective_id_objective'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_indicator_project_id_project'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator') as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_project_id'), ['project_id'], unique=False)


def downgrade():
    op.drop_table('indicator')
    for table in ('registration', 'participant'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f'ck_{table}_year_of_birth_plausible'), type_='check')
            batch_op.drop_column('year_of_birth')
