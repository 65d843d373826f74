"""Login, logout and the administrator's user management (accounts, roles and project assignments)."""
from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from workshops import i18n, mail
from workshops.access import services as access_services
from workshops.access.guard import allow, public, signed_in
from workshops.access.policy import Action
from workshops.audit.services import trail
from workshops.auth import second_factor, services, sessions
from workshops.auth.forms import (
    ChangePasswordForm,
    ChoosePasswordForm,
    CodeForm,
    EditUserForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    UserForm,
)
from workshops.auth.models import User
from workshops.exceptions import DomainError
from workshops.extensions import db, limiter
from workshops.forms import ActionForm
from workshops.web import button_action, page_number, public_url, submit_form

bp = Blueprint("auth", __name__)


def local_path_or(target: str | None, fallback: str) -> str:
    """Browsers read '//host', '/\\host' and control characters as off-site, so refuse them all."""
    if (not target or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(character) < 0x20 for character in target)):
        return fallback
    return target


def _submitted_account() -> str:
    """The per-account limit's key: the email typed, so that guesses spread over many addresses still add up."""
    email = request.form.get("email", "").strip().lower()[:254]
    return f"account:{email}" if email else ""


def _refused(response) -> bool:
    """Only refusals count against an account, so that an attacker cannot lock its owner out by failing."""
    return response.status_code == 401


def _too_many_attempts() -> str:
    return _("Too many sign-in attempts. Wait a while before trying again; if you forgot your password, ask an "
             "administrator.")


def _sign_in_limits(account_key):
    """Per client address (every attempt) and per account (failed attempts only), answered with a clear 429 page."""
    def decorate(view):
        per_account = limiter.limit(lambda: current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"], methods=["POST"],
                                    key_func=account_key, deduct_when=_refused, error_message=_too_many_attempts)
        per_address = limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"],
                                    error_message=_too_many_attempts)
        return per_address(per_account(view))
    return decorate


@bp.route("/login", methods=["GET", "POST"])
@public
@_sign_in_limits(_submitted_account)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("programmes.dashboard"))
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200
    user = services.authenticate(form.email.data, form.password.data)
    if user is None:
        form.password.errors = [_("Wrong email or password.")]
        return render_template("auth/login.html", form=form), 401
    target = local_path_or(request.args.get("next"), url_for("programmes.dashboard"))
    if user.totp_secret is not None:
        sessions.await_code(user, remember=form.remember.data, target=target)
        return redirect(url_for("auth.enter_code"), 303)
    due = second_factor.must_set_up(user.id)
    sessions.begin(user, remember=form.remember.data, second_factor_due=due)
    return redirect(url_for("security.account") if due else target, 303)


@bp.route("/login/code", methods=["GET", "POST"])
@public
@_sign_in_limits(sessions.pending_user_key)
def enter_code():
    """The second step for a user with a second factor, whose password this browser typed minutes ago."""
    if current_user.is_authenticated:
        return redirect(url_for("programmes.dashboard"))
    pending = sessions.pending_sign_in()
    if pending is None:
        flash(_("Please log in again: the code must follow the password within %(minutes)d minutes.",
                minutes=sessions.CODE_STEP_MINUTES), "warning")
        return redirect(url_for("auth.login"), 303)
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("auth/login_code.html", form=form), 422 if form.is_submitted() else 200
    if not second_factor.check_code(pending.user.id, form.code.data):
        form.code.errors = [_("That code is not right. Type the code your app shows now.")]
        return render_template("auth/login_code.html", form=form), 401
    sessions.begin(pending.user, remember=pending.remember, second_factor_due=False)
    return redirect(pending.target, 303)


@bp.post("/logout")
@signed_in
def logout():
    """Logout ends every session of the user, here and in their other browsers (issue 10: a lost laptop)."""
    services.end_sessions(current_user._get_current_object(), actor_id=current_user.id, reason="logout")
    db.session.commit()
    sessions.end()
    return redirect(url_for("auth.login"), 303)


@bp.get("/users")
@allow(Action.ADMINISTER)
def list_users():
    page = page_number()
    users = services.list_users(page, current_app.config["ITEMS_PER_PAGE"])
    return render_template("auth/users.html", users=users)


@bp.route("/users/new", methods=["GET", "POST"])
@allow(Action.ADMINISTER)
def create_user():
    """No password from the administrator: an active account's owner is emailed an invitation to choose one."""
    form = UserForm()

    def create_and_invite() -> User:
        user = services.create_user(form.details(), actor_id=current_user.id)
        if user.is_active:
            mail.queue(_password_email(services.password_link(user.id, actor_id=current_user.id,
                                                              secret_key=current_app.config["SECRET_KEY"])))
        return user

    def created(user: User) -> str:
        if not user.is_active:
            return _("Account created for %(email)s, deactivated: no invitation sent.", email=user.email)
        return _("Account created for %(email)s; an invitation to choose a password is on its way.", email=user.email)

    response = make_response(submit_form(form, "auth/user_form.html", create_and_invite, success_message=created,
                                         success_url=lambda user: url_for("auth.edit_user", user_id=user.id)))
    return _send_queued_mail(response)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@allow(Action.ADMINISTER, on="user")
def edit_user(user_id: int):
    """The account, its role, its projects and its history on one page."""
    user = db.session.get(User, user_id)
    form = EditUserForm(obj=user)
    return submit_form(form, "auth/user_form.html",
                       lambda: services.update_user(user, form.details(), actor_id=current_user.id),
                       success_url=lambda user: url_for("auth.edit_user", user_id=user.id),
                       success_message=lambda user: _("Account of %(email)s saved.", email=user.email), user=user,
                       projects=access_services.projects_of(user.id), history=trail("user_account", [user.id]),
                       assignable=user.role in access_services.ASSIGNABLE_ROLES, action_form=ActionForm(),
                       all_projects=access_services.all_projects())


@bp.post("/users/<int:user_id>/second-factor/reset")
@allow(Action.ADMINISTER, on="user")
def reset_second_factor(user_id: int):
    """For someone who lost their phone: they set up a new authenticator at their next sign-in."""
    return button_action(ActionForm(), lambda: second_factor.reset(user_id, actor_id=current_user.id),
                         url_for("auth.edit_user", user_id=user_id),
                         _("Second factor removed; every session of this account has ended."))


@bp.post("/users/<int:user_id>/password-link")
@allow(Action.ADMINISTER, on="user")
def send_password_link(user_id: int):
    """The invitation again, or a reset link once the owner has chosen a password: the administrator never knows
    anyone's password, and nobody's is typed into this page."""
    if not ActionForm().validate_on_submit():
        abort(400)
    back = url_for("auth.edit_user", user_id=user_id)
    try:
        link = services.password_link(user_id, actor_id=current_user.id, secret_key=current_app.config["SECRET_KEY"])
    except DomainError as refusal:
        db.session.rollback()
        flash(refusal.message, "danger")
        return redirect(back, 303)
    mail.queue(_password_email(link))
    db.session.commit()
    if mail.send_queued():
        flash(_("The email to %(email)s could not be sent. Try again later.", email=link.user.email), "danger")
    else:
        flash(_("A link to choose a password was emailed to %(email)s.", email=link.user.email), "success")
    return redirect(back, 303)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    """The same answer whether or not the address has an account, so that nobody learns here who has one."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot_password.html", form=form), 422 if form.is_submitted() else 200
    link = services.request_password_reset(form.email.data, secret_key=current_app.config["SECRET_KEY"])
    if link is not None:
        mail.queue(_password_email(link))
    mail.send_queued()  # nothing to commit: asking for a link changes nothing
    flash(_("If an active account uses this address, a link to choose a new password is on its way. It works "
            "for %(minutes)d minutes.", minutes=_minutes(current_app.config["RESET_MAX_AGE"])), "info")
    return redirect(url_for("auth.login"), 303)


@bp.route("/password/set/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    """The invitation's link: the owner of a new account chooses its first password."""
    return _choose_password(token, services.INVITATION, current_app.config["INVITATION_MAX_AGE"],
                            _("Choose your password"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    """A reset link, asked for on "Forgot your password?" or sent by an administrator."""
    return _choose_password(token, services.PASSWORD_RESET, current_app.config["RESET_MAX_AGE"],
                            _("Choose a new password"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def change_password():
    """The new password ends every session of the user, this browser's too (services.set_password): they log in
    again with it, as after an invitation or a reset. Limited like login, since it checks a password."""
    form = ChangePasswordForm()
    response = make_response(submit_form(
        form, "auth/change_password.html",
        lambda: services.change_password(current_user.id, form.current_password.data, form.password.data),
        success_url=lambda _user: url_for("auth.login"),
        success_message=lambda _user: _("Your password is changed and you are signed out everywhere. Log in with "
                                        "the new one."),
        language_form=LanguageForm(formdata=None, language=str(get_locale()))))
    if response.status_code == 303:
        sessions.end()
    return response


@bp.post("/account/language")
@signed_in
def choose_language():
    """The preference form and the switcher of a signed-in user: saved on the account (and so for their email)
    and for this browser session, then back to the page they were on."""
    form = LanguageForm()
    back = local_path_or(form.back.data, url_for("auth.change_password"))
    return button_action(form, lambda: _save_language(form.language.data), back,
                         lambda user: _("Language saved: %(language)s.", language=i18n.NAMES[user.language]))


def _save_language(language: str) -> User:
    user = services.set_language(current_user.id, language, languages=i18n.languages())
    i18n.choose_for_session(language)
    return user


def _choose_password(token: str, purpose: str, max_age: int, heading: str):
    """Setting the password uses the link up; the person then logs in with it, second factor included if set."""
    secret_key = current_app.config["SECRET_KEY"]
    try:
        user = services.user_for_link(token, purpose, secret_key=secret_key, max_age=max_age)
    except services.InvalidLink as refusal:
        return render_template("auth/link_invalid.html", message=refusal.message), refusal.status
    form = ChoosePasswordForm()
    return submit_form(form, "auth/choose_password.html",
                       lambda: services.set_password_from_link(token, purpose, form.password.data,
                                                               secret_key=secret_key, max_age=max_age),
                       success_url=lambda _user: url_for("auth.login"),
                       success_message=lambda _user: _("Your password is saved. Log in with it now."),
                       user=user, heading=heading)


def _password_email(link: services.PasswordLink) -> mail.Email:
    """The link is on PUBLIC_BASE_URL, never on the request's Host header, which whoever sends the request writes:
    a forged Host on "Forgot your password?" would otherwise mail the victim a link to the sender's site.
    Written in the recipient's language, else in that of whoever asked for it."""
    with i18n.in_language_of(link.user):
        return _composed_password_email(link)


def _composed_password_email(link: services.PasswordLink) -> mail.Email:
    if link.purpose == services.INVITATION:
        url = public_url("auth.set_password", token=link.token)
        days = max(1, round(current_app.config["INVITATION_MAX_AGE"] / 86400))
        return mail.Email(to=link.user.email, subject=_("Your Workshops account: choose your password"),
                          text=render_template("mail/invitation.txt", user=link.user, link=url, days=days))
    url = public_url("auth.reset_password", token=link.token)
    return mail.Email(to=link.user.email, subject=_("Choose a new password for Workshops"),
                      text=render_template("mail/password_reset.txt", user=link.user, link=url,
                                           minutes=_minutes(current_app.config["RESET_MAX_AGE"])))


def _minutes(seconds: int) -> int:
    return max(1, seconds // 60)


def _send_queued_mail(response):
    """After submit_form: its 303 means the change was committed, so what its action queued may now go out."""
    if response.status_code == 303:
        for email in mail.send_queued():
            flash(_("The email to %(email)s could not be sent. Send it again from the account's page.",
                    email=email.to), "danger")
    return response
