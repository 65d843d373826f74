"""A user's own sign-in security (second factor, signing out everywhere) and the administrator's requirement."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup

from workshops.access.guard import allow, signed_in
from workshops.access.policy import Action
from workshops.auth import second_factor, services, sessions
from workshops.auth.forms import CodeForm, SecondFactorRolesForm
from workshops.auth.models import Role
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.forms import ActionForm
from workshops.web import submit_form

bp = Blueprint("security", __name__)


@bp.get("/account/security")
@signed_in
def account():
    return _account_page(200)


@bp.post("/account/security/second-factor")
@signed_in
def turn_on_second_factor():
    """Save the secret shown on the page once a code from it proves the app has it."""
    form = CodeForm()
    secret = sessions.setup_secret(create=False)
    if not form.validate_on_submit():
        return _account_page(422, form)
    if secret is None:
        flash(_("The set-up had expired: scan the new code below and try again."), "warning")
        return redirect(url_for("security.account"), 303)
    try:
        second_factor.turn_on(current_user.id, secret, form.code.data, actor_id=current_user.id)
    except DomainError as refusal:
        db.session.rollback()
        form.attach(refusal)
        return _account_page(refusal.status, form)
    db.session.commit()
    sessions.second_factor_set_up()
    flash(_("Second factor on: from now on you will be asked for a code after your password."), "success")
    return redirect(url_for("security.account"), 303)


@bp.post("/account/security/second-factor/off")
@signed_in
def turn_off_second_factor():
    form = CodeForm()
    if not form.validate_on_submit():
        return _account_page(422, form)
    try:
        second_factor.turn_off(current_user.id, form.code.data, actor_id=current_user.id)
    except DomainError as refusal:
        db.session.rollback()
        form.attach(refusal)
        return _account_page(refusal.status, form)
    db.session.commit()
    flash(_("Second factor off: your password alone now signs you in."), "success")
    return redirect(url_for("security.account"), 303)


@bp.post("/account/sessions/end")
@signed_in
def end_sessions():
    """For a lost phone or laptop, or a shared computer left signed in: every browser, this one too."""
    services.end_sessions(current_user._get_current_object(), actor_id=current_user.id,
                          reason="signed_out_everywhere")
    db.session.commit()
    sessions.end()
    flash(_("You were signed out everywhere, here too. Log in again to go on."), "success")
    return redirect(url_for("auth.login"), 303)


@bp.route("/security", methods=["GET", "POST"])
@allow(Action.ADMINISTER)
def edit_requirement():
    form = SecondFactorRolesForm(data={"roles": [role.value for role in second_factor.required_roles()]})
    return submit_form(form, "auth/security_requirement.html", lambda: _require(form),
                       success_url=lambda _roles: url_for("security.edit_requirement"),
                       success_message=lambda _roles: _("Saved: who must use a second factor."))


def _require(form: SecondFactorRolesForm):
    roles = second_factor.require_for_roles([Role(value) for value in form.roles.data], actor_id=current_user.id)
    if current_user.role in roles and current_user.totp_secret is None:
        sessions.mark_second_factor_due()
    return roles


def _account_page(status: int, code_form: CodeForm | None = None):
    """Set-up (a new secret, kept until confirmed) or turning off, whichever applies, and signing out everywhere."""
    user = current_user
    setup = None
    if user.totp_secret is None:
        secret = sessions.setup_secret(create=True)
        uri = second_factor.provisioning_uri(user.email, secret)
        # segno writes the SVG from our own otpauth: link, nothing a visitor typed: safe to place as markup.
        setup = {"secret": " ".join(secret[start:start + 4] for start in range(0, len(secret), 4)),
                 "qr_code": Markup(second_factor.qr_code_svg(uri, _("QR code to scan with your authenticator app")))}
    required = user.role in second_factor.required_roles()
    if not required:
        sessions.second_factor_no_longer_due()  # the administrator lifted the requirement meanwhile
    return render_template("auth/security.html", setup=setup, code_form=code_form or CodeForm(formdata=None),
                           end_form=ActionForm(), due=sessions.second_factor_due(), required=required), status
