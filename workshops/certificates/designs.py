"""Certificate designs: a project's branding frozen at issue, so that a reprint shows what was issued.

The content is hashed in one canonical form (the migration that gave older certificates their design
writes the same form); equal content means the same design row, so a print run shares one design and its
pictures are embedded once per PDF, however many certificates it holds.
"""
import hashlib
import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workshops.certificates.models import CertificateDesign, DesignLogo, DesignSignatory
from workshops.certificates.pdf import Branding, Signature
from workshops.extensions import db
from workshops.programmes.models import Project, ProjectLogo, Signatory


def live_branding(project: Project) -> Branding:
    """What the project's certificates would carry if issued now: for previews and for fixing a new design.

    Read from the tables, not from the project's collections, which a change made earlier in the same
    transaction by a bulk delete may have left behind.
    """
    logos = db.session.scalars(select(ProjectLogo.image).where(ProjectLogo.project_id == project.id)
                               .order_by(ProjectLogo.position))
    signatories = db.session.scalars(select(Signatory).where(Signatory.project_id == project.id)
                                     .order_by(Signatory.position))
    return Branding(logos=tuple(logos), donor_line=project.donor_acknowledgement,
                    signatures=tuple(Signature(signatory.name, signatory.title, signatory.signature_image)
                                     for signatory in signatories))


def branding_of(design: CertificateDesign) -> Branding:
    """What certificates of this design print, whatever the project's branding is today."""
    return Branding(logos=tuple(logo.image for logo in design.logos), donor_line=design.donor_line,
                    signatures=tuple(Signature(signatory.name, signatory.title, signatory.signature_image)
                                     for signatory in design.signatories))


def content_hash(project_title: str, branding: Branding) -> str:
    """SHA-256 of the content in canonical JSON, pictures by their own SHA-256."""
    def digest(image: bytes | None) -> str | None:
        return hashlib.sha256(image).hexdigest() if image is not None else None

    content = {"version": 1, "project_title": project_title, "donor_line": branding.donor_line,
               "logos": [digest(logo) for logo in branding.logos],
               "signatories": [[signature.name, signature.title, digest(signature.image)]
                               for signature in branding.signatures]}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def current_design(project: Project) -> CertificateDesign:
    """The design of the project's branding as it is now: the existing row for this content, or a new one.

    Two people issuing at the same moment may both find none; the second insert then fails on the unique
    content hash, inside a savepoint, and the row the first one made is used.
    """
    branding = live_branding(project)
    digest = content_hash(project.title, branding)
    existing = _design(project.id, digest)
    if existing is not None:
        return existing
    design = CertificateDesign(
        project_id=project.id, content_hash=digest, project_title=project.title, donor_line=branding.donor_line,
        logos=[DesignLogo(position=position, image=image) for position, image in enumerate(branding.logos, 1)],
        signatories=[DesignSignatory(position=position, name=signature.name, title=signature.title,
                                     signature_image=signature.image)
                     for position, signature in enumerate(branding.signatures, 1)])
    try:
        with db.session.begin_nested():
            db.session.add(design)
    except IntegrityError:
        return _design(project.id, digest)
    return design


def _design(project_id: int, digest: str) -> CertificateDesign | None:
    return db.session.scalar(select(CertificateDesign).where(CertificateDesign.project_id == project_id,
                                                             CertificateDesign.content_hash == digest))
