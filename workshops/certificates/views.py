"""Issuing, revoking and printing certificates; project branding; the public verification page.

Every view that changes something goes through web.submit_form (forms) or web.button_action (buttons).
"""
import io

from flask import Blueprint, abort, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from workshops.access.guard import allow, public
from workshops.access.policy import Action
from workshops.audit.services import trail
from workshops.certificates import services
from workshops.certificates.forms import DonorLineForm, LogoForm, PreviewForm, ReasonForm, SignatoryForm
from workshops.certificates.serials import normalise
from workshops.extensions import db, limiter
from workshops.forms import ActionForm
from workshops.programmes import branding
from workshops.programmes.models import Project, ProjectLogo, Signatory
from workshops.training.models import Enrolment, Workshop
from workshops.web import button_action, submit_form

bp = Blueprint("certificates", __name__)
EXPORT_TYPES = {"pdf": "application/pdf", "zip": "application/zip"}
#: What a coordinator can do to an issued certificate, each with its reason: the service and what to say after.
CHANGES = {
    "revoke": (services.revoke, lambda result: _("Certificate %(serial)s revoked.", serial=result.serial)),
    "reissue": (services.reissue, lambda result: _("Reissued as %(serial)s.", serial=result.serial)),
    "reinstate": (services.withdraw_revocation,
                  lambda result: _("Revocation withdrawn: %(serial)s is valid again.", serial=result.serial)),
}


def _download(content: bytes, file_format: str, filename: str, *, as_attachment: bool = True):
    return send_file(io.BytesIO(content), mimetype=EXPORT_TYPES[file_format], download_name=filename,
                     as_attachment=as_attachment)


def _certificate_or_404(serial: str):
    certificate = services.find_by_serial(serial)
    if certificate is None:
        abort(404)
    return certificate


def _workshop_page(workshop_id: int) -> str:
    return url_for("training.show_workshop", workshop_id=workshop_id)


@bp.post("/workshops/<int:workshop_id>/certificates")
@allow(Action.CERTIFY, on="workshop")
def issue_for_workshop(workshop_id: int):
    workshop = db.session.get(Workshop, workshop_id)
    return button_action(
        ActionForm(), lambda: services.issue_for_workshop(workshop, actor_id=current_user.id),
        _workshop_page(workshop_id),
        lambda issued: ngettext("%(num)d certificate issued.", "%(num)d certificates issued.", len(issued))
        if issued else _("Every completer already has a certificate."))


@bp.post("/enrolments/<int:enrolment_id>/certificate")
@allow(Action.CERTIFY, on="enrolment")
def issue_for_enrolment(enrolment_id: int):
    enrolment = db.session.get(Enrolment, enrolment_id)
    return button_action(
        ActionForm(), lambda: services.issue_for_enrolment(enrolment, actor_id=current_user.id),
        _workshop_page(enrolment.workshop_id),
        lambda certificate: _("Certificate %(serial)s issued.", serial=certificate.serial))


@bp.get("/workshops/<int:workshop_id>/certificates.<any(pdf, zip):file_format>")
@allow(Action.CERTIFY, on="workshop")
def workshop_export(workshop_id: int, file_format: str):
    """The print run: every valid certificate of the workshop, merged or one file each.

    Revoked and superseded ones are left out; the workshop page says how many, and so do two headers here.
    """
    certificates = services.certificates_of_workshop(workshop_id)
    if not certificates:
        abort(404, _("No valid certificate has been issued for this workshop yet."))
    response = _download(services.export(certificates, file_format), file_format,
                         f"certificates-workshop-{workshop_id}.{file_format}")
    left_out = services.left_out_of_print_run(workshop_id)
    response.headers["X-Left-Out-Revoked"] = str(left_out.revoked)
    response.headers["X-Left-Out-Superseded"] = str(left_out.superseded)
    return response


@bp.app_template_global()
def print_run_left_out(workshop_id: int) -> services.LeftOut:
    """For the workshop page, beside the print-run buttons: what the print run leaves out."""
    return services.left_out_of_print_run(workshop_id)


@bp.get("/workshops/<int:workshop_id>/certificates/preview.pdf")
@allow(Action.CERTIFY, on="workshop")
def workshop_preview(workshop_id: int):
    workshop = db.session.get(Workshop, workshop_id)
    return _download(services.preview(workshop), "pdf", "preview.pdf", as_attachment=False)


@bp.get("/certificates/<serial>")
@allow(Action.CERTIFY, on="certificate")
def show_certificate(serial: str):
    return _certificate_page(serial, {}, 200)


def _certificate_page(serial: str, forms: dict, status: int):
    """The certificate, its record, and a form with a reason for each change its state allows."""
    certificate = _certificate_or_404(serial)
    forms = {action: ReasonForm(prefix=action) for action in CHANGES} | forms
    return render_template("certificates/certificate.html", certificate=certificate,
                           history=trail("certificate", [certificate.id]), forms=forms), status


@bp.post("/certificates/<serial>/<any(revoke, reissue, reinstate):action>")
@allow(Action.CERTIFY, on="certificate")
def change_certificate(serial: str, action: str):
    """Revoke (the serial then verifies as revoked), withdraw a revocation made by mistake, or reissue under a new
    serial with the current name."""
    certificate = _certificate_or_404(serial)
    form = ReasonForm(prefix=action)
    change, message = CHANGES[action]
    return submit_form(form, None, lambda: change(certificate, form.reason.data, actor_id=current_user.id),
                       success_url=lambda result: url_for("certificates.show_certificate", serial=result.serial),
                       success_message=message, render=lambda status: _certificate_page(serial, {action: form}, status))


@bp.get("/certificates/<serial>.pdf")
@allow(Action.CERTIFY, on="certificate")
def certificate_pdf(serial: str):
    """The certificate as issued; stamped across if revoked or superseded."""
    certificate = _certificate_or_404(serial)
    return _download(services.certificate_pdf(certificate.id), "pdf", f"certificate-{certificate.serial}.pdf",
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


def _branding_page(project_id: int, status: int = 200, **forms):
    project = db.session.get(Project, project_id)
    defaults = {"donor_form": DonorLineForm(obj=project), "logo_form": LogoForm(), "signatory_form": SignatoryForm()}
    return render_template("certificates/branding.html", project=project, action_form=ActionForm(),
                           preview_form=PreviewForm(formdata=None), **{**defaults, **forms}), status


@bp.get("/projects/<int:project_id>/certificate")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def branding_page(project_id: int):
    return _branding_page(project_id)


def _branding_saved(project_id: int):
    return url_for("certificates.branding_page", project_id=project_id)


def _design_saved(_result) -> str:
    return _("Certificate design saved. Certificates issued from now on carry it; those issued before keep theirs.")


@bp.post("/projects/<int:project_id>/certificate/donor-line")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def set_donor_line(project_id: int):
    project = db.session.get(Project, project_id)
    form = DonorLineForm()
    return submit_form(form, None, lambda: branding.set_donor_line(
        project, form.donor_acknowledgement.data, text_fr=form.donor_acknowledgement_fr.data,
        text_ar=form.donor_acknowledgement_ar.data, actor_id=current_user.id),
                       success_url=lambda _result: _branding_saved(project_id), success_message=_design_saved,
                       render=lambda status: _branding_page(project_id, status, donor_form=form))


@bp.post("/projects/<int:project_id>/certificate/logos")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def put_logo(project_id: int):
    project = db.session.get(Project, project_id)
    form = LogoForm()
    return submit_form(form, None, lambda: branding.put_logo(project, form.position.data, form.logo.data.read(),
                                                             actor_id=current_user.id),
                       success_url=lambda _result: _branding_saved(project_id), success_message=_design_saved,
                       render=lambda status: _branding_page(project_id, status, logo_form=form))


@bp.post("/projects/<int:project_id>/certificate/signatories")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def put_signatory(project_id: int):
    project = db.session.get(Project, project_id)
    form = SignatoryForm()
    return submit_form(form, None, lambda: branding.put_signatory(
        project, form.position.data, form.name.data, form.title.data,
        form.signature.data.read() if form.signature.data else None, title_fr=form.title_fr.data,
        title_ar=form.title_ar.data, actor_id=current_user.id),
                       success_url=lambda _result: _branding_saved(project_id), success_message=_design_saved,
                       render=lambda status: _branding_page(project_id, status, signatory_form=form))


@bp.post("/projects/<int:project_id>/certificate/<any(logos, signatories):kind>/<int:position>/delete")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def remove_branding(project_id: int, kind: str, position: int):
    project = db.session.get(Project, project_id)
    return button_action(ActionForm(), lambda: branding.remove(project, ProjectLogo if kind == "logos" else Signatory,
                                                               position, actor_id=current_user.id),
                         _branding_saved(project_id), _("Removed."))


@bp.get("/projects/<int:project_id>/certificate/preview.pdf")
@allow(Action.DESIGN_CERTIFICATES, on="project")
def project_preview(project_id: int):
    """The design as certificates issued now would carry it: the project's branding of today."""
    project = db.session.get(Project, project_id)
    form = PreviewForm(request.args)
    if not form.validate():
        abort(400, _("Unknown language."))
    return _download(services.preview_for_project(project, form.language.data), "pdf", "preview.pdf",
                     as_attachment=False)
