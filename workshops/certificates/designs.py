"""Certificate designs: a project's branding frozen at issue, so that a reprint shows what was issued.

The content is hashed in one canonical form (the migration that gave older certificates their design
writes the same form); equal content means the same design row, so a print run shares one design and its
pictures are embedded once per PDF, however many certificates it holds.

A design keeps the project's title, donor line and signatories' job titles as given and in French and Arabic
(workshops.translated); a certificate prints the forms of its workshop's language. The translations enter the
hash only when there are some, so a design without any hashes as it did before they existed.
"""
import hashlib
import json

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from workshops.certificates.models import CertificateDesign, DesignLogo, DesignSignatory
from workshops.certificates.pdf import Branding, Signature
from workshops.extensions import db
from workshops.programmes.models import Project, ProjectLogo, Signatory
from workshops.translated import columns, in_language


def live_branding(project: Project, language: str = "en") -> Branding:
    """What the project's certificates in `language` would carry if issued now: for previews and for fixing a
    new design (in English, the forms as given).

    Read from the tables, not from the project's collections, which a change made earlier in the same
    transaction by a bulk delete may have left behind.
    """
    logos, signatories = _live_logos(project), _live_signatories(project)
    return _branding(logos, in_language(project, "donor_acknowledgement", language), signatories, language)


def branding_of(design: CertificateDesign, language: str = "en") -> Branding:
    """What certificates of this design print in `language`, whatever the project's branding is today."""
    return _branding([logo.image for logo in design.logos], in_language(design, "donor_line", language),
                     design.signatories, language)


def _branding(logos, donor_line: str, signatories, language: str) -> Branding:
    return Branding(logos=tuple(logos), donor_line=donor_line,
                    signatures=tuple(Signature(signatory.name, in_language(signatory, "title", language),
                                               signatory.signature_image) for signatory in signatories))


def content_hash(project_title: str, branding: Branding, translations: dict | None = None) -> str:
    """SHA-256 of the content in canonical JSON, pictures by their own SHA-256; `translations` (the French and
    Arabic forms, see _translations) only when one of them is given."""
    def digest(image: bytes | None) -> str | None:
        return hashlib.sha256(image).hexdigest() if image is not None else None

    content = {"version": 1, "project_title": project_title, "donor_line": branding.donor_line,
               "logos": [digest(logo) for logo in branding.logos],
               "signatories": [[signature.name, signature.title, digest(signature.image)]
                               for signature in branding.signatures]}
    if translations and _any_text(translations.values()):
        content["translations"] = translations
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _any_text(values) -> bool:
    """Whether any text is given among the values, lists of them included."""
    return any(_any_text(value) if isinstance(value, list) else bool(value) for value in values)


def current_design(project: Project) -> CertificateDesign:
    """The design of the project's branding as it is now: the existing row for this content, or a new one.

    Two people issuing at the same moment may both find none; the second insert then fails on the unique
    content hash, inside a savepoint, and the row the first one made is used.
    """
    signatories = _live_signatories(project)
    branding = _branding(_live_logos(project), project.donor_acknowledgement, signatories, "en")
    translations = _translations(project, signatories)
    digest = content_hash(project.title, branding, translations)
    existing = _design(project.id, digest)
    if existing is not None:
        return existing
    titles = translations.pop("signatory_titles")
    design = CertificateDesign(
        project_id=project.id, content_hash=digest, project_title=project.title, donor_line=branding.donor_line,
        **translations,
        logos=[DesignLogo(position=position, image=image) for position, image in enumerate(branding.logos, 1)],
        signatories=[DesignSignatory(position=position, name=signatory.name, title=signatory.title,
                                     signature_image=signatory.signature_image,
                                     **dict(zip(columns("title"), translated, strict=True)))
                     for position, (signatory, translated) in enumerate(zip(signatories, titles, strict=True), 1)])
    try:
        with db.session.begin_nested():
            db.session.add(design)
    except IntegrityError:
        return _design(project.id, digest)
    return design


def _translations(project: Project, signatories) -> dict:
    """The French and Arabic forms a design keeps, by the design's column names; the signatories' job titles as
    [French, Arabic] pairs, left to right."""
    def forms(record, field: str) -> list[str]:
        return [getattr(record, column) for column in columns(field)]

    return {**dict(zip(columns("project_title"), forms(project, "title"), strict=True)),
            **dict(zip(columns("donor_line"), forms(project, "donor_acknowledgement"), strict=True)),
            "signatory_titles": [forms(signatory, "title") for signatory in signatories]}


def _live_logos(project: Project) -> list[bytes]:
    return list(db.session.scalars(select(ProjectLogo.image).where(ProjectLogo.project_id == project.id)
                                   .order_by(ProjectLogo.position)))


def _live_signatories(project: Project) -> list[Signatory]:
    return list(db.session.scalars(select(Signatory).where(Signatory.project_id == project.id)
                                   .order_by(Signatory.position)))


def _design(project_id: int, digest: str) -> CertificateDesign | None:
    return db.session.scalar(select(CertificateDesign).where(CertificateDesign.project_id == project_id,
                                                             CertificateDesign.content_hash == digest))
