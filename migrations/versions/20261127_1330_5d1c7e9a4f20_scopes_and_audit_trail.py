"""project assignments, personal values kept apart from the append-only audit trail, erasure marker

Entries recorded before this revision may hold a participant's or registrant's values (names, emails);
they are moved to audit_personal_values, filed under their person, before the append-only triggers exist.

Revision ID: 5d1c7e9a4f20
Revises: 2a3e0a9884ad
Create Date: 2026-11-27 13:30:00

"""
import json

from alembic import op
import sqlalchemy as sa

from workshops.audit.models import APPEND_ONLY_GUARD
from workshops.audit.services import ERASED, PERSONAL_FIELDS


# revision identifiers, used by Alembic.
revision = '5d1c7e9a4f20'
down_revision = '2a3e0a9884ad'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('project_assignment',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user_account.id'], name=op.f('fk_project_assignment_assigned_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_assignment_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_project_assignment_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'project_id', name=op.f('pk_project_assignment'))
    )
    with op.batch_alter_table('project_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_assignment_project_id'), ['project_id'], unique=False)

    op.create_table('audit_personal_values',
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['entry_id'], ['audit_entry.id'], name=op.f('fk_audit_personal_values_entry_id_audit_entry')),
    sa.PrimaryKeyConstraint('entry_id', name=op.f('pk_audit_personal_values'))
    )
    with op.batch_alter_table('audit_personal_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_personal_values_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_personal_values_registration_id'), ['registration_id'], unique=False)

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_constraint('fk_audit_entry_actor_id_user_account', type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_audit_entry_actor_id_user_account'), 'user_account', ['actor_id'], ['id'])
        batch_op.create_index('ix_audit_entry_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_entry_actor_id', ['actor_id'], unique=False)

    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.add_column(sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True))

    _file_personal_values_apart()
    bind = op.get_bind()
    for statement in APPEND_ONLY_GUARD.get(bind.dialect.name, []):
        bind.execute(sa.text(statement))


def _file_personal_values_apart():
    """Older entries' personal values move beside them, filed under their participant or registration."""
    bind = op.get_bind()
    rows = bind.execute(sa.text(
        "SELECT e.id, e.subject_type, e.subject_id, e.details, en.participant_id FROM audit_entry e "
        "LEFT JOIN certificate c ON e.subject_type = 'certificate' AND c.id = e.subject_id "
        "LEFT JOIN enrolment en ON en.id = c.enrolment_id "
        "WHERE e.subject_type IN ('participant', 'registration', 'certificate')")).all()
    for entry_id, subject_type, subject_id, details, certificate_holder in rows:
        details = json.loads(details) if isinstance(details, str) else dict(details or {})
        personal = {key: details[key] for key in details if key in PERSONAL_FIELDS or key.startswith("duplicate_")
                    and key != "duplicate_id" or key == "printed_name_before"}
        if not personal:
            continue
        public = {key: (ERASED if key in personal else value) for key, value in details.items()}
        participant_id = {"participant": subject_id, "certificate": certificate_holder}.get(subject_type)
        registration_id = subject_id if subject_type == "registration" else None
        bind.execute(sa.text("UPDATE audit_entry SET details = :details WHERE id = :id"),
                     {"details": json.dumps(public), "id": entry_id})
        bind.execute(sa.text("INSERT INTO audit_personal_values (entry_id, participant_id, registration_id, \"values\")"
                             " VALUES (:entry, :participant, :registration, :values)"),
                     {"entry": entry_id, "participant": participant_id, "registration": registration_id,
                      "values": json.dumps(personal)})


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS audit_entry_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_column('erased_at')

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entry_actor_id')
        batch_op.drop_index('ix_audit_entry_at')
        batch_op.drop_constraint(batch_op.f('fk_audit_entry_actor_id_user_account'), type_='foreignkey')
        batch_op.create_foreign_key('fk_audit_entry_actor_id_user_account', 'user_account', ['actor_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('audit_personal_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_personal_values_registration_id'))
        batch_op.drop_index(batch_op.f('ix_audit_personal_values_participant_id'))

    op.drop_table('audit_personal_values')
    with op.batch_alter_table('project_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_assignment_project_id'))

    op.drop_table('project_assignment')
