"""Login, logout and the administrator's user management (accounts, roles and project assignments)."""
from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from workshops.access import services as access_services
from workshops.access.guard import allow, public, signed_in
from workshops.access.policy import Action
from workshops.audit.services import trail
from workshops.auth import services
from workshops.auth.forms import EditUserForm, LoginForm, UserForm
from workshops.auth.models import User
from workshops.extensions import db, limiter
from workshops.programmes.services import list_all_projects
from workshops.training.forms import ActionForm
from workshops.web import page_number, submit_form

bp = Blueprint("auth", __name__)


def local_path_or(target: str | None, fallback: str) -> str:
    """Browsers read '//host', '/\\host' and control characters as off-site, so refuse them all."""
    if (not target or not target.startswith("/") or target.startswith("//")
            or "\\" in target or any(ord(character) < 0x20 for character in target)):
        return fallback
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
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
    login_user(user, remember=form.remember.data)
    return redirect(local_path_or(request.args.get("next"), url_for("programmes.dashboard")), 303)


@bp.post("/logout")
@signed_in
def logout():
    logout_user()
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
    form = UserForm()
    return submit_form(form, "auth/user_form.html",
                       lambda: services.create_user(form.details(), form.password.data, actor_id=current_user.id),
                       success_url=lambda user: url_for("auth.edit_user", user_id=user.id),
                       success_message=lambda user: _("Account created for %(email)s.", email=user.email))


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@allow(Action.ADMINISTER, on="user")
def edit_user(user_id: int):
    """The account, its role, its projects and its history on one page."""
    user = db.session.get(User, user_id)
    form = EditUserForm(obj=user)
    return submit_form(form, "auth/user_form.html",
                       lambda: services.update_user(user, form.details(), new_password=form.password.data or None,
                                                    actor_id=current_user.id),
                       success_url=lambda user: url_for("auth.edit_user", user_id=user.id),
                       success_message=lambda user: _("Account of %(email)s saved.", email=user.email), user=user,
                       projects=access_services.projects_of(user.id), history=trail("user_account", [user.id]),
                       assignable=user.role in access_services.ASSIGNABLE_ROLES, action_form=ActionForm(),
                       all_projects=list_all_projects())
