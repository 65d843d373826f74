"""per-user session tokens, second factor secrets, password change time, site settings; printed names of 201

A certificate prints given and family names of up to 100 characters each with a space between: 201 characters.

Every existing account gets its own random session token, so sessions made before this revision end.

Revision ID: 8b4f2d6c1e93
Revises: 5d1c7e9a4f20
Create Date: 2026-11-27 14:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8b4f2d6c1e93'
down_revision = '5d1c7e9a4f20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_site_setting'))
    )
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_token', sa.String(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.alter_column('printed_name', existing_type=sa.String(length=200), type_=sa.String(length=201),
                              existing_nullable=False)
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.text("SELECT id FROM user_account")).all():
        bind.execute(sa.text("UPDATE user_account SET session_token = :token WHERE id = :id"),
                     {"token": secrets.token_urlsafe(32), "id": user_id})


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.alter_column('printed_name', existing_type=sa.String(length=201), type_=sa.String(length=200),
                              existing_nullable=False)
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('password_changed_at')
        batch_op.drop_column('totp_secret')
        batch_op.drop_column('session_token')

    op.drop_table('site_setting')
