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
    """A completed workshop was one a coordinator called done: it is closed now. Planned and ongoing ones
    follow their dates from here on (one still marked planned after its last day is awaiting close)."""
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancellation_reason', sa.String(length=500), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_workshop_closed_by_id_user_account'), 'user_account',
                                    ['closed_by_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_workshop_cancelled_by_id_user_account'), 'user_account',
                                    ['cancelled_by_id'], ['id'], ondelete='SET NULL')
    op.execute("UPDATE workshop SET closed_at = CURRENT_TIMESTAMP WHERE status = 'completed'")
    op.execute("UPDATE workshop SET cancelled_at = CURRENT_TIMESTAMP WHERE status = 'cancelled'")
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_workshop_workshop_status'), type_='check')
        batch_op.drop_column('status')


def downgrade():
    """Back to a typed status: what the dates say on the day of the downgrade, closed as completed."""
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.Enum('planned', 'ongoing', 'completed', 'cancelled',
                                                        name='workshop_status', native_enum=False,
                                                        create_constraint=True, length=20),
                                      server_default='planned', nullable=False))
    op.execute("UPDATE workshop SET status = CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled'"
               " WHEN closed_at IS NOT NULL THEN 'completed' WHEN starts_on > CURRENT_DATE THEN 'planned'"
               " ELSE 'ongoing' END")
    with op.batch_alter_table('workshop', schema=None) as batch_op:
        batch_op.alter_column('status', server_default=None)
        batch_op.drop_constraint(batch_op.f('fk_workshop_cancelled_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_workshop_closed_by_id_user_account'), type_='foreignkey')
        batch_op.drop_column('cancellation_reason')
        batch_op.drop_column('cancelled_by_id')
        batch_op.drop_column('cancelled_at')
        batch_op.drop_column('closed_by_id')
        batch_op.drop_column('closed_at')
