"""Titles in English, French and Arabic

Beside each text people type once for all readers (project, objective and workshop titles, the donor line,
signatories' job titles) and beside the copies a certificate design keeps of them, a French and an Arabic form:
empty when not given, so every existing row reads as before (workshops.translated).

Revision ID: a1c3e5f70010
Revises: a1c3e5f70009
Create Date: 2026-11-27 23:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a1c3e5f70010'
down_revision = 'a1c3e5f70009'
branch_labels = None
depends_on = None

#: Table, translated field and its length.
FIELDS = (
    ('project', 'title', 300),
    ('project', 'donor_acknowledgement', 300),
    ('objective', 'title', 500),
    ('workshop', 'title', 300),
    ('signatory', 'title', 200),
    ('certificate_design', 'project_title', 300),
    ('certificate_design', 'donor_line', 300),
    ('certificate_design_signatory', 'title', 200),
)
LANGUAGES = ('fr', 'ar')


def _tables():
    tables = {}
    for table, field, length in FIELDS:
        tables.setdefault(table, []).extend((f'{field}_{language}', length) for language in LANGUAGES)
    return tables.items()


def upgrade():
    for table, columns in _tables():
        with op.batch_alter_table(table) as batch_op:
            for name, length in columns:
                batch_op.add_column(sa.Column(name, sa.String(length=length), server_default='', nullable=False))


def downgrade():
    for table, columns in _tables():
        with op.batch_alter_table(table) as batch_op:
            for name, _length in columns:
                batch_op.drop_column(name)
