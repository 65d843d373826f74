"""Certificate designs fixed at issue; revocations that can be withdrawn

Every certificate points to the design (project title, logos, donor line, signatories) it was issued
with. Certificates issued before this revision get a design made from their project's branding as it is
now, hashed in the same canonical form as workshops.certificates.designs.content_hash, so that the next
certificate issued with unchanged branding shares it. A withdrawn revocation clears the revocation fields
and is kept in the audit trail: no column for it.

Revision ID: a1c3e5f70004
Revises: a1c3e5f70003
Create Date: 2026-11-27 16:03:00

"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70004'
down_revision = 'a1c3e5f70003'
branch_labels = None
depends_on = None

design = sa.table('certificate_design', sa.column('id', sa.Integer), sa.column('project_id', sa.Integer),
                  sa.column('content_hash', sa.String), sa.column('project_title', sa.String),
                  sa.column('donor_line', sa.String))
design_logo = sa.table('certificate_design_logo', sa.column('design_id', sa.Integer),
                       sa.column('position', sa.Integer), sa.column('image', sa.LargeBinary))
design_signatory = sa.table('certificate_design_signatory', sa.column('design_id', sa.Integer),
                            sa.column('position', sa.Integer), sa.column('name', sa.String),
                            sa.column('title', sa.String), sa.column('signature_image', sa.LargeBinary))


def upgrade():
    op.create_table('certificate_design',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('project_title', sa.String(length=300), nullable=False),
    sa.Column('donor_line', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_certificate_design_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_design')),
    sa.UniqueConstraint('project_id', 'content_hash', name='uq_certificate_design_content')
    )
    with op.batch_alter_table('certificate_design', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certificate_design_project_id'), ['project_id'], unique=False)

    op.create_table('certificate_design_logo',
    sa.Column('design_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('image', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['design_id'], ['certificate_design.id'], name=op.f('fk_certificate_design_logo_design_id_certificate_design'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('design_id', 'position', name=op.f('pk_certificate_design_logo'))
    )
    op.create_table('certificate_design_signatory',
    sa.Column('design_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('signature_image', sa.LargeBinary(), nullable=True),
    sa.ForeignKeyConstraint(['design_id'], ['certificate_design.id'], name=op.f('fk_certificate_design_signatory_design_id_certificate_design'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('design_id', 'position', name=op.f('pk_certificate_design_signatory'))
    )
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('design_id', sa.Integer(), nullable=True))

    _designs_for_existing_certificates()

    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.alter_column('design_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_certificate_design_id'), ['design_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_certificate_design_id_certificate_design'), 'certificate_design', ['design_id'], ['id'])


def _digest(image):
    return hashlib.sha256(bytes(image)).hexdigest() if image is not None else None


def _designs_for_existing_certificates():
    """One design per project that has certificates, from its branding of today, in the app's canonical form."""
    connection = op.get_bind()
    projects = connection.execute(sa.text(
        "SELECT DISTINCT project.id, project.title, project.donor_acknowledgement FROM certificate"
        " JOIN enrolment ON enrolment.id = certificate.enrolment_id"
        " JOIN workshop ON workshop.id = enrolment.workshop_id"
        " JOIN objective ON objective.id = workshop.objective_id"
        " JOIN project ON project.id = objective.project_id")).all()
    for project_id, title, donor_line in projects:
        logos = [bytes(image) for (image,) in connection.execute(sa.text(
            "SELECT image FROM project_logo WHERE project_id = :project ORDER BY position"), {"project": project_id})]
        signatories = connection.execute(sa.text(
            "SELECT name, title, signature_image FROM signatory WHERE project_id = :project ORDER BY position"),
            {"project": project_id}).all()
        content = {"version": 1, "project_title": title, "donor_line": donor_line or "",
                   "logos": [_digest(logo) for logo in logos],
                   "signatories": [[name, role, _digest(image)] for name, role, image in signatories]}
        digest = hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        design_id = connection.execute(design.insert().values(
            project_id=project_id, content_hash=digest, project_title=title, donor_line=donor_line or "")
            .returning(design.c.id)).scalar_one()
        if logos:
            connection.execute(design_logo.insert(), [{"design_id": design_id, "position": position, "image": logo}
                                                      for position, logo in enumerate(logos, 1)])
        if signatories:
            connection.execute(design_signatory.insert(), [
                {"design_id": design_id, "position": position, "name": name, "title": role,
                 "signature_image": None if image is None else bytes(image)}
                for position, (name, role, image) in enumerate(signatories, 1)])
        connection.execute(sa.text(
            "UPDATE certificate SET design_id = :design WHERE enrolment_id IN (SELECT enrolment.id FROM enrolment"
            " JOIN workshop ON workshop.id = enrolment.workshop_id"
            " JOIN objective ON objective.id = workshop.objective_id WHERE objective.project_id = :project)"),
            {"design": design_id, "project": project_id})


def downgrade():
    with op.batch_alter_table('certificate', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificate_design_id_certificate_design'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_certificate_design_id'))
        batch_op.drop_column('design_id')

    op.drop_table('certificate_design_signatory')
    op.drop_table('certificate_design_logo')
    with op.batch_alter_table('certificate_design', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certificate_design_project_id'))

    op.drop_table('certificate_design')
