"""participant name keys, filled for the people already recorded

The backfill calls the application's own name_key on purpose: a stored key is only useful if it equals the
key the running code computes for a newcomer, so a later change to the rules ships with a migration that
runs this same backfill again.

Revision ID: 2a3e0a9884ad
Revises: eb1b3768c4d9
Create Date: 2026-11-25 06:22:22.002097

"""
from alembic import op
import sqlalchemy as sa

from workshops.people.names import name_key


# revision identifiers, used by Alembic.
revision = '2a3e0a9884ad'
down_revision = 'eb1b3768c4d9'
branch_labels = None
depends_on = None

participant = sa.table('participant', sa.column('id', sa.Integer), sa.column('given_name', sa.String),
                       sa.column('family_name', sa.String), sa.column('name_ar', sa.String),
                       sa.column('name_key', sa.String), sa.column('name_ar_key', sa.String))


def upgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('name_ar_key', sa.String(length=200), nullable=True))
        batch_op.create_index('ix_participant_name_key_country', ['name_key', 'country_code'], unique=False)
        batch_op.create_index('ix_participant_name_ar_key_country', ['name_ar_key', 'country_code'], unique=False)
    fill_name_keys(op.get_bind())


def fill_name_keys(connection, batch_size=5000):
    """Every person's keys, written a batch at a time so that a large registry does not sit in memory."""
    last_id = 0
    while True:
        rows = connection.execute(sa.select(participant.c.id, participant.c.given_name, participant.c.family_name,
                                            participant.c.name_ar)
                                  .where(participant.c.id > last_id).order_by(participant.c.id)
                                  .limit(batch_size)).all()
        if not rows:
            return
        connection.execute(participant.update().where(participant.c.id == sa.bindparam('person_id'))
                           .values(name_key=sa.bindparam('key'), name_ar_key=sa.bindparam('ar_key')),
                           [{'person_id': row.id, 'key': name_key(row.given_name, row.family_name),
                             'ar_key': name_key(row.name_ar) or None} for row in rows])
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index('ix_participant_name_ar_key_country')
        batch_op.drop_index('ix_participant_name_key_country')
        batch_op.drop_column('name_ar_key')
        batch_op.drop_column('name_key')
