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
    op.create_table('certificate_delivery_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['started_by_id'], ['user_account.id'], name=op.f('fk_certificate_delivery_run_started_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_certificate_delivery_run_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_delivery_run'))
    )
    with op.batch_alter_table('certificate_delivery_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_delivery_run_workshop_id'), ['workshop_id'], unique=False)

    op.create_table('certificate_delivery_recipient',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'sent', 'failed', 'no_address', name='delivery_status', native_enum=False, create_constraint=True, length=20), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificate.id'], name=op.f('fk_certificate_delivery_recipient_certificate_id_certificate'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['certificate_delivery_run.id'], name=op.f('fk_certificate_delivery_recipient_run_id_certificate_delivery_run'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_delivery_recipient')),
    sa.UniqueConstraint('run_id', 'certificate_id', name=op.f('uq_certificate_delivery_recipient_run_id'))
    )
    with op.batch_alter_table('certificate_delivery_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_delivery_recipient_certificate_id'), ['certificate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_certificate_delivery_recipient_run_id'), ['run_id'], unique=False)


def downgrade():
    with op.batch_alter_table('certificate_delivery_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_delivery_recipient_run_id'))
        batch_op.drop_index(batch_op.f('ix_certificate_delivery_recipient_certificate_id'))

    op.drop_table('certificate_delivery_recipient')
    with op.batch_alter_table('certificate_delivery_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_delivery_run_workshop_id'))

    op.drop_table('certificate_delivery_run')
