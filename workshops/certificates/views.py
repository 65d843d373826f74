"""Issuing, revoking and printing certificates; project branding; the public verification page."""
import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from workshops.access.guard import allow, public
from workshops.access.policy import Action
from workshops.audit.services import trail
from workshops.certificates import services
from workshops.certificates.forms import DonorLineForm, LogoForm, PreviewForm, ReasonForm, SignatoryForm
from workshops.certificates.serials import normalise
from workshops.exceptions import DomainError
from workshops.extensions import db, limiter
from workshops.programmes import branding
from workshops.programmes.models import Project, ProjectLogo, Signatory
from workshops.training.forms import ActionForm
from workshops.training.models import Enrolment, Workshop
from workshops.web import public_url, submit_form

bp = Blueprint("certificates", __name__)
EXPORT_TYPES = {"pdf": "application/pdf", "zip": "application/zip"}


def verify_url_for(serial: str) -> str:
    """The printed link, always on PUBLIC_BASE_URL: certificates outlive the host that issued them, and a request's
    Host header is whatever its sender wrote (create_app makes sure the setting is there)."""
    return public_url("certificates.verify", serial=serial)


def _download(content: bytes, file_format: str, filename: str, *, as_attachment: bool = True):
    return send_file(io.BytesIO(content), mimetype=EXPORT_TYPES[file_format], download_name=filename,
                     as_attachment=as_attachment)


def _certificate_or_404(serial: str):
    certificate = services.find_by_serial(serial)
    if certificate is None:
        abort(404)
    return certificate


@bp.post("/workshops/<int:workshop_id>/certificates")
@allow(Action.CERTIFY, on="workshop")
def issue_for_workshop(workshop_id: int):
    workshop = db.session.get(Workshop, workshop_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    issued = services.issue_for_workshop(workshop, actor_id=current_user.id)
    db.session.commit()
    flash(_("%(count)d certificates issued.", count=len(issued)) if issued
          else _("Every completer already has a certificate."), "success")
    return redirect(url_for("training.show_workshop", workshop_id=workshop.id), 303)


@bp.post("/enrolments/<int:enrolment_id>/certificate")
@allow(Action.CERTIFY, on="enrolment")
def issue_for_enrolment(enrolment_id: int):
    enrolment = db.session.get(Enrolment, enrolment_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        certificate = services.issue_for_enrolment(enrolment, actor_id=current_user.id)
    except DomainError as refusal:
        db.session.rollback()
        flash(refusal.message, "danger")
        return redirect(url_for("training.show_workshop", workshop_id=enrolment.workshop_id), 303)
    db.session.commit()
    flash(_("Certificate %(serial)s issued.", serial=certificate.serial), "success")
    return redirect(url_for("training.show_workshop", workshop_id=enrolment.workshop_id), 303)


@bp.get("/workshops/<int:workshop_id>/certificates.<any(pdf, zip):file_format>")
@allow(Action.CERTIFY, on="workshop")
def workshop_export(workshop_id: int, file_format: str):
    """The print run: every current, unrevoked certificate of the workshop, merged or one file each."""
    workshop = db.session.get(Workshop, workshop_id)
    certificates = services.certificates_of_workshop(workshop.id)
    if not certificates:
        abort(404, _("No certificate has been issued for this workshop yet."))
    content = services.export(certificates, verify_url_for, file_format)
    return _download(content, file_format, f"certificates-workshop-{workshop.id}.{file_format}")


@bp.get("/workshops/<int:workshop_id>/certificates/preview.pdf")
@allow(Action.CERTIFY, on="workshop")
def workshop_preview(workshop_id: int):
    workshop = db.session.get(Workshop, workshop_id)
    return _download(services.preview(workshop, verify_url_for), "pdf", "preview.pdf", as_attachment=False)


@bp.get("/certificates/<serial>")
@allow(Action.CERTIFY, on="certificate")
def show_certificate(serial: str):
    certificate = _certificate_or_404(serial)
    return _certificate_page(certificate, ReasonForm(prefix="revoke"), ReasonForm(prefix="reissue"), 200)


def _certificate_page(certificate, revoke_form, reissue_form, status: int):
    history = trail("certificate", [certificate.id])
    return render_template("certificates/certificate.html", certificate=certificate, history=history,
                           revoke_form=revoke_form, reissue_form=reissue_form), status


@bp.post("/certificates/<serial>/<any(revoke, reissue):action>")
@allow(Action.CERTIFY, on="certificate")
def change_certificate(serial: str, action: str):
    """Revoke (the serial then verifies as revoked) or reissue under a new serial with the current name."""
    certificate = _certificate_or_404(serial)
    forms = {"revoke": ReasonForm(prefix="revoke"), "reissue": ReasonForm(prefix="reissue")}
    form = forms[action]
    change = services.revoke if action == "revoke" else services.reissue
    if not form.validate_on_submit():
        return _certificate_page(certificate, forms["revoke"], forms["reissue"], 422)
    try:
        result = change(certificate, form.reason.data, actor_id=current_user.id)
    except DomainError as refusal:
        db.session.rollback()
        form.attach(refusal)
        return _certificate_page(_certificate_or_404(serial), forms["revoke"], forms["reissue"], refusal.status)
    db.session.commit()
    flash(_("Certificate %(serial)s revoked.", serial=serial) if action == "revoke"
          else _("Reissued as %(serial)s.", serial=result.serial), "success")
    return redirect(url_for("certificates.show_certificate", serial=result.serial), 303)


@bp.get("/certificates/<serial>.pdf")
@allow(Action.CERTIFY, on="certificate")
def certificate_pdf(serial: str):
    certificate = _certificate_or_404(serial)
    return _download(services.render([certificate], verify_url_for), "pdf", f"certificate-{certificate.serial}.pdf",
                     as_attachment=False)


@bp.get("/verify")
@bp.get("/verify/<serial>")
@public
@limiter.limit(lambda: current_app.config["VERIFY_RATE_LIMIT"])
def verify(serial: str | None = None):
    """Public: says whether a serial is genuine and shows only what the certificate itself shows."""
    typed = (serial or request.args.get("serial", "")).strip()[:40]
    certificate = services.find_by_serial(typed) if typed else None
    status = 404 if typed and certificate is None else 200
    return render_template("certificates/verify.html", typed=typed, certificate=certificate,
                           well_formed=normalise(typed) is not None if typed else None), status


def _branding_page(project: Project, status: int = 200, **forms):
    defaults = {"donor_form": DonorLineForm(obj=project), "logo_form": LogoForm(), "signatory_form": SignatoryForm()}
    return render_template("certificates/branding.html", project=project, action_form=ActionForm(),
                           preview_form=PreviewForm(formdata=None), **{**defaults, **forms}), status


@bp.get("/projects/<int:project_id>/certificate")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def branding_page(project_id: int):
    return _branding_page(db.session.get(Project, project_id))


def _branding_saved(project: Project):
    return url_for("certificates.branding_page", project_id=project.id)


@bp.post("/projects/<int:project_id>/certificate/donor-line")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def set_donor_line(project_id: int):
    project = db.session.get(Project, project_id)
    form = DonorLineForm()
    return _branding_submit(project, "donor_form", form, lambda: branding.set_donor_line(
        project, form.donor_acknowledgement.data, actor_id=current_user.id))


@bp.post("/projects/<int:project_id>/certificate/logos")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def put_logo(project_id: int):
    project = db.session.get(Project, project_id)
    form = LogoForm()
    return _branding_submit(project, "logo_form", form, lambda: branding.put_logo(
        project, form.position.data, form.logo.data.read(), actor_id=current_user.id))


@bp.post("/projects/<int:project_id>/certificate/signatories")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def put_signatory(project_id: int):
    project = db.session.get(Project, project_id)
    form = SignatoryForm()
    return _branding_submit(project, "signatory_form", form, lambda: branding.put_signatory(
        project, form.position.data, form.name.data, form.title.data,
        form.signature.data.read() if form.signature.data else None, actor_id=current_user.id))


def _branding_submit(project: Project, form_name: str, form, action):
    """The branding page's forms share one page: a refused one is shown again in place, with its reason."""
    return submit_form(form, None, action, success_url=lambda _result: _branding_saved(project),
                       success_message=lambda _result: _("Certificate design saved."),
                       render=lambda status: _branding_page(db.session.get(Project, project.id), status,
                                                            **{form_name: form}))


@bp.post("/projects/<int:project_id>/certificate/<any(logos, signatories):kind>/<int:position>/delete")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def remove_branding(project_id: int, kind: str, position: int):
    project = db.session.get(Project, project_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        branding.remove(project, ProjectLogo if kind == "logos" else Signatory, position, actor_id=current_user.id)
    except DomainError as refusal:
        db.session.rollback()
        flash(refusal.message, "danger")
        return redirect(_branding_saved(project), 303)
    db.session.commit()
    flash(_("Removed."), "success")
    return redirect(_branding_saved(project), 303)


@bp.get("/projects/<int:project_id>/certificate/preview.pdf")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def project_preview(project_id: int):
    project = db.session.get(Project, project_id)
    form = PreviewForm(request.args)
    if not form.validate():
        abort(400, _("Unknown language."))
    return _download(services.preview_for_project(project, form.language.data, verify_url_for), "pdf",
                     "preview.pdf", as_attachment=False)
