"""What a project's certificates carry besides the participant: logos, a donor line and signatories."""
from flask_babel import gettext as _
from sqlalchemy import delete, select

from workshops.access.policy import Action, require
from workshops.audit.services import record
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.images import checked_image
from workshops.programmes.models import BRANDING_SLOTS, Project, ProjectLogo, Signatory


def set_donor_line(project: Project, text: str, *, actor_id: int | None, text_fr: str = "",
                   text_ar: str = "") -> None:
    """The line as given, and its French and Arabic forms for certificates in those languages (empty: none)."""
    require(actor_id, Action.DESIGN_CERTIFICATES, project_id=project.id)
    project.donor_acknowledgement = (text or "").strip()
    project.donor_acknowledgement_fr = (text_fr or "").strip()
    project.donor_acknowledgement_ar = (text_ar or "").strip()
    record(actor_id, "project.donor_line_set", project, text=project.donor_acknowledgement,
           text_fr=project.donor_acknowledgement_fr, text_ar=project.donor_acknowledgement_ar)
    db.session.flush()


def put_logo(project: Project, position: int, upload: bytes, *, actor_id: int | None) -> ProjectLogo:
    """The logo at this place, replacing whatever was there."""
    require(actor_id, Action.DESIGN_CERTIFICATES, project_id=project.id)
    _check_slot(position)
    image = checked_image(upload, field="logo")
    db.session.execute(delete(ProjectLogo).where(ProjectLogo.project_id == project.id,
                                                 ProjectLogo.position == position))
    logo = ProjectLogo(project_id=project.id, position=position, image=image.jpeg, width=image.width,
                       height=image.height)
    db.session.add(logo)
    db.session.flush()
    record(actor_id, "project.logo_set", project, position=position)
    return logo


def put_signatory(project: Project, position: int, name: str, title: str, signature: bytes | None, *,
                  actor_id: int | None, title_fr: str = "", title_ar: str = "") -> Signatory:
    """The signatory at this place; a new signature image replaces the old, none keeps it. The job title as given,
    and in French and Arabic for certificates in those languages (empty: the one as given is printed)."""
    require(actor_id, Action.DESIGN_CERTIFICATES, project_id=project.id)
    _check_slot(position)
    existing = db.session.scalar(select(Signatory).where(Signatory.project_id == project.id,
                                                         Signatory.position == position))
    signatory = existing or Signatory(project_id=project.id, position=position)
    signatory.name, signatory.title = name.strip(), title.strip()
    signatory.title_fr, signatory.title_ar = (title_fr or "").strip(), (title_ar or "").strip()
    if signature:
        signatory.signature_image = checked_image(signature, field="signature").jpeg
    db.session.add(signatory)
    db.session.flush()
    record(actor_id, "project.signatory_set", project, position=position, signatory=signatory.name,
           title=signatory.title, title_fr=signatory.title_fr, title_ar=signatory.title_ar)
    return signatory


def remove(project: Project, kind: type[ProjectLogo] | type[Signatory], position: int, *,
           actor_id: int | None) -> bool:
    """Empty the place; False when it was empty already. Certificates issued with it keep it (their design)."""
    require(actor_id, Action.DESIGN_CERTIFICATES, project_id=project.id)
    _check_slot(position)
    removed = db.session.execute(delete(kind).where(kind.project_id == project.id, kind.position == position))
    if not removed.rowcount:
        return False
    record(actor_id, f"project.{kind.__tablename__}_removed", project, position=position)
    db.session.flush()
    return True


def _check_slot(position: int) -> None:
    if not 1 <= position <= BRANDING_SLOTS:
        raise DomainError(_("Choose a place from 1 to %(slots)d.", slots=BRANDING_SLOTS), field="position")
