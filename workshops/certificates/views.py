"""Issuing and printing certificates, and the public page that tells a partner whether one is genuine."""
import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.auth.models import Role
from workshops.auth.permissions import public, roles_required
from workshops.certificates import services
from workshops.certificates.serials import normalise
from workshops.exceptions import DomainError
from workshops.extensions import db, limiter
from workshops.training.forms import ActionForm
from workshops.training.models import Enrolment, Workshop

bp = Blueprint("certificates", __name__)


def verify_url_for(serial: str) -> str:
    """The printed link: PUBLIC_BASE_URL when configured (certificates outlive the host that issued them)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    path = url_for("certificates.verify", serial=serial)
    return f"{base}{path}" if base else url_for("certificates.verify", serial=serial, _external=True)


def _pdf(content: bytes, filename: str, *, as_attachment: bool = False):
    return send_file(io.BytesIO(content), mimetype="application/pdf", download_name=filename,
                     as_attachment=as_attachment)


@bp.post("/workshops/<int:workshop_id>/certificates")
@roles_required(Role.COORDINATOR)
def issue_for_workshop(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    issued = services.issue_for_workshop(workshop, actor=current_user)
    db.session.commit()
    flash(_("%(count)d certificates issued.", count=len(issued)) if issued
          else _("Every completer already has a certificate."), "success")
    return redirect(url_for("training.show_workshop", workshop_id=workshop.id), 303)


@bp.post("/enrolments/<int:enrolment_id>/certificate")
@roles_required(Role.COORDINATOR)
def issue_for_enrolment(enrolment_id: int):
    enrolment = db.get_or_404(Enrolment, enrolment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        certificate = services.issue_for_enrolment(enrolment, actor=current_user)
    except DomainError as refusal:
        db.session.rollback()
        flash(refusal.message, "danger")
        return redirect(url_for("training.show_workshop", workshop_id=enrolment.workshop_id), 303)
    db.session.commit()
    flash(_("Certificate %(serial)s issued.", serial=certificate.serial), "success")
    return redirect(url_for("training.show_workshop", workshop_id=enrolment.workshop_id), 303)


@bp.get("/workshops/<int:workshop_id>/certificates.pdf")
@roles_required(Role.COORDINATOR)
def workshop_pdf(workshop_id: int):
    workshop = db.get_or_404(Workshop, workshop_id)
    certificates = services.certificates_of_workshop(workshop.id)
    if not certificates:
        abort(404, _("No certificate has been issued for this workshop yet."))
    return _pdf(services.render(certificates, verify_url_for), f"certificates-workshop-{workshop.id}.pdf",
                as_attachment=True)


@bp.get("/certificates/<serial>.pdf")
@roles_required(Role.COORDINATOR)
def certificate_pdf(serial: str):
    certificate = services.find_by_serial(serial)
    if certificate is None:
        abort(404)
    return _pdf(services.render([certificate], verify_url_for), f"certificate-{certificate.serial}.pdf")


@bp.get("/verify")
@bp.get("/verify/<serial>")
@public
@limiter.limit("30 per minute")
def verify(serial: str | None = None):
    """Public: says whether a serial is genuine and shows only what the certificate itself shows."""
    typed = serial or request.args.get("serial", "").strip()
    certificate = services.find_by_serial(typed) if typed else None
    status = 404 if typed and certificate is None else 200
    return render_template("certificates/verify.html", typed=typed, certificate=certificate,
                           well_formed=normalise(typed) is not None if typed else None), status
