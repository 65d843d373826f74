"""Workshops: listing, creating, sessions, the participant list and the attendance grid."""
import io

from flask import Blueprint, abort, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from workshops import dates, pages
from workshops.access.guard import allow
from workshops.access.policy import Action, may
from workshops.auth.models import Role, User
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.forms import ActionForm
from workshops.page_cache import cached_page
from workshops.people import services as people_services
from workshops.people.forms import RegisterParticipantForm
from workshops.programmes.services import objectives_for
from workshops.training import attendance, services
from workshops.training.attendance_form import (
    AttendanceForm,
    ScoreForm,
    render_attendance,
    render_scores,
    submit_grid,
)
from workshops.training.forms import (
    CancelWorkshopForm,
    CloseWorkshopForm,
    CopyWorkshopForm,
    SessionForm,
    SignedSheetForm,
    WorkshopForm,
)
from workshops.training.models import Language, SessionPart, Workshop, WorkshopStatus
from workshops.web import button_action, id_argument, id_of, page_number, query_text, submit_form

bp = Blueprint("training", __name__)


def _workshop_or_404(workshop_id: int):
    """The workshop with what its pages show; the route's rule has already checked it exists and is in scope."""
    workshop = services.workshop_with_details(workshop_id)
    if workshop is None:
        abort(404)
    return workshop


def _trainer_choices():
    return db.session.scalars(select(User).where(User.is_active.is_(True),
                                                 User.role.in_([Role.TRAINER, Role.COORDINATOR]))
                              .order_by(User.full_name)).all()


def _show(workshop):
    return url_for("training.show_workshop", workshop_id=workshop.id)


@bp.get("/workshops")
@allow(Action.VIEW)
def list_workshops():
    """A trainer sees the workshops they train unless they ask for all they may open; the others see all."""
    show = request.args.get("show")
    if show not in ("mine", "all"):
        show = "mine" if current_user.role == Role.TRAINER else "all"
    filters = services.WorkshopFilters(
        project_id=id_argument("project"), objective_id=id_argument("objective"),
        status=WorkshopStatus(request.args["status"]) if request.args.get("status") in set(WorkshopStatus) else None,
        trainer_id=current_user.id if show == "mine" else None)
    page = services.list_workshops(filters, page_number(),
                                   current_app.config["ITEMS_PER_PAGE"], viewer_id=current_user.id)
    counts = services.enrolment_counts([workshop.id for workshop in page.items])
    return render_template("training/workshops.html", page=page, counts=counts, statuses=WorkshopStatus, show=show)


@bp.route("/workshops/new", methods=["GET", "POST"])
@allow(Action.MANAGE_WORKSHOPS)
def create_workshop():
    form = WorkshopForm(objectives=objectives_for(current_user.id, Action.MANAGE_WORKSHOPS),
                        trainers=_trainer_choices(), objective_id=id_argument("objective"))
    return submit_form(form, "training/workshop_form.html",
                       lambda: services.create_workshop(form.details(), actor_id=current_user.id),
                       success_url=_show, success_message=lambda w: _("Workshop created with %(count)d sessions.",
                                                                     count=len(w.sessions)))


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
@allow(Action.MANAGE_WORKSHOPS, on="workshop")
def edit_workshop(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = WorkshopForm(obj=workshop, objectives=objectives_for(current_user.id, Action.MANAGE_WORKSHOPS),
                        trainers=_trainer_choices())
    if request.method == "GET":
        form.trainer_ids.data = [trainer.id for trainer in workshop.trainers]
    return submit_form(form, "training/workshop_form.html",
                       lambda: services.update_workshop(workshop, form.details(), actor_id=current_user.id,
                                                        expected_version=form.expected_version()),
                       success_url=_show, success_message=lambda _w: _("Workshop saved."), workshop=workshop,
                       action_form=ActionForm())


@bp.get("/workshops/<int:workshop_id>")
@allow(Action.VIEW, on="workshop")
@cached_page
def show_workshop(workshop_id: int):
    return _workshop_page(_workshop_or_404(workshop_id), 200)


def _workshop_page(workshop, status: int, *, session_form=None, sheet_form=None):
    """The workshop page; a form that was refused comes back with its errors, the others empty.

    What the template would otherwise work out per row (permissions, status) is decided here once.
    """
    today = dates.today()
    lifecycle = workshop.status_on(today)
    can_certify = may(current_user.id, Action.CERTIFY, workshop_id=workshop.id)
    closable = lifecycle in (WorkshopStatus.ONGOING, WorkshopStatus.AWAITING_CLOSE) and today >= workshop.ends_on
    return render_template(
        "training/workshop.html", workshop=workshop, lifecycle=lifecycle, grid=attendance.attendance_grid(workshop),
        session_form=session_form or SessionForm(formdata=None),
        sheet_form=sheet_form or SignedSheetForm(formdata=None, sessions=workshop.sessions),
        kept=services.enrolments_kept(workshop.id),
        sections=pages.workshop_page.shown(workshop_id=workshop.id, viewer_id=current_user.id),
        can_run=may(current_user.id, Action.RUN, workshop_id=workshop.id), can_certify=can_certify,
        can_manage=may(current_user.id, Action.MANAGE_WORKSHOPS, workshop_id=workshop.id),
        can_close=can_certify and closable), status


def _page_again(workshop_id: int, **forms):
    """The workshop page drawn again after a refusal, from the database as it is after the rollback."""
    return lambda status: _workshop_page(_workshop_or_404(workshop_id), status, **forms)


@bp.post("/workshops/<int:workshop_id>/sessions")
@allow(Action.RUN, on="workshop")
def add_session(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = SessionForm()
    return submit_form(form, None, lambda: services.add_session(workshop, form.held_on.data,
                                                                SessionPart(form.part.data), actor_id=current_user.id),
                       success_url=lambda _session: _show(workshop), success_message=lambda _s: _("Session added."),
                       render=_page_again(workshop_id, session_form=form))


@bp.post("/workshops/<int:workshop_id>/sessions/remove")
@allow(Action.RUN, on="workshop")
def remove_session(workshop_id: int):
    """One form for the list of sessions: the button pressed posts its session's id."""
    workshop = _workshop_or_404(workshop_id)
    return button_action(ActionForm(), lambda: services.remove_session(
        workshop, id_of(request.form.get("session_id")), actor_id=current_user.id),
        _show(workshop), _("Session removed."), render=_page_again(workshop_id))


@bp.get("/workshops/<int:workshop_id>/sessions/<int:session_id>/sign-in.pdf")
@allow(Action.RUN, on="workshop")
def sign_in_sheet(workshop_id: int, session_id: int):
    """In the workshop's language, or the one asked by ?language=en|fr|ar (not ?lang=, which would also change
    the language of the user's pages); any other value is ignored."""
    workshop = _workshop_or_404(workshop_id)
    asked = request.args.get("language", "")
    language = next((language for language in Language if language.value == asked), None)
    try:
        content = services.sign_in_sheet(workshop, session_id, language)
    except DomainError:
        abort(404)
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=False,
                     download_name=f"sign-in-workshop-{workshop.id}-session-{session_id}.pdf")


@bp.post("/workshops/<int:workshop_id>/signed-sheets")
@allow(Action.RUN, on="workshop")
def attach_signed_sheet(workshop_id: int):
    """One upload form under the sessions, the session chosen in it."""
    workshop = _workshop_or_404(workshop_id)
    form = SignedSheetForm(sessions=workshop.sessions)
    return submit_form(form, None, lambda: services.attach_signed_sheet(
        workshop, form.session_id.data, form.sheet.data.read(), actor_id=current_user.id),
        success_url=lambda _session: _show(workshop), success_message=lambda _s: _("Signed sheet kept."),
        render=_page_again(workshop_id, sheet_form=form))


@bp.get("/workshops/<int:workshop_id>/sessions/<int:session_id>/signed-sheet")
@allow(Action.VIEW, on="workshop")
def signed_sheet(workshop_id: int, session_id: int):
    """The evidence, as uploaded: for whoever may open the workshop, project leads preparing an audit among them."""
    workshop = _workshop_or_404(workshop_id)
    session = next((session for session in workshop.sessions if session.id == session_id), None)
    if session is None or session.signed_sheet is None:
        abort(404)
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[session.signed_sheet_type]
    return send_file(io.BytesIO(session.signed_sheet), mimetype=session.signed_sheet_type,
                     download_name=f"signed-sheet-{session.held_on.isoformat()}-{session.part.value}.{extension}")


@bp.get("/workshops/<int:workshop_id>/participants/add")
@allow(Action.RUN, on="workshop")
def add_participants(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    return _enrol_page(workshop, RegisterParticipantForm(formdata=None), 200)


def _enrol_page(workshop, form, status: int, namesakes=()):
    query = query_text("q")
    found = people_services.find_in_registry(query, page_number(), 10) if query else None
    enrolled = {enrolment.participant_id for enrolment in attendance.attendance_grid(workshop).enrolments}
    shown = [*(found.items if found else []), *(candidate.person for candidate in namesakes)]
    opens = people_services.permitted_among(current_user.id, Action.VIEW, shown)
    return render_template("training/enrol.html", workshop=workshop, form=form, query=query, found=found,
                           enrolled=enrolled, enrol_form=ActionForm(), namesakes=namesakes,
                           opens=opens), status


@bp.post("/workshops/<int:workshop_id>/enrolments")
@allow(Action.RUN, on="workshop")
def enrol_existing(workshop_id: int):
    """One form for a page of search results: the button pressed posts its person's id."""
    workshop = _workshop_or_404(workshop_id)
    participant = people_services.participant_by_text_id(request.form.get("participant_id"))
    return button_action(
        ActionForm(), lambda: services.enrol(workshop, participant, actor_id=current_user.id),
        url_for("training.add_participants", workshop_id=workshop.id, q=request.form.get("q", "")),
        _("%(name)s added to the list.", name=participant.full_name if participant else ""),
        render=lambda status: _enrol_page(_workshop_or_404(workshop_id), RegisterParticipantForm(formdata=None),
                                          status))


@bp.post("/workshops/<int:workshop_id>/participants")
@allow(Action.RUN, on="workshop")
def register_participant(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = RegisterParticipantForm()
    return submit_form(
        form, None, lambda: services.register_and_enrol(workshop, form.details(), actor_id=current_user.id,
                                                        new_person_confirmed=form.new_person.data),
        success_url=lambda _enrolment: url_for("training.add_participants", workshop_id=workshop.id),
        success_message=lambda enrolment: _("%(name)s registered and added to the list.",
                                            name=enrolment.participant.full_name),
        render=lambda status: _enrol_page(_workshop_or_404(workshop_id), form, status,
                                          getattr(getattr(form, "refusal", None), "namesakes", ())))


@bp.post("/workshops/<int:workshop_id>/enrolments/withdraw")
@allow(Action.RUN, on="workshop")
def withdraw(workshop_id: int):
    """One form for the participant list: the button pressed posts its enrolment's id."""
    workshop = _workshop_or_404(workshop_id)
    return button_action(ActionForm(), lambda: services.withdraw(
        workshop, id_of(request.form.get("enrolment_id")), actor_id=current_user.id),
        _show(workshop), _("Taken off the list."), render=_page_again(workshop_id))


@bp.route("/workshops/<int:workshop_id>/copy", methods=["GET", "POST"])
@allow(Action.MANAGE_WORKSHOPS, on="workshop")
def copy_workshop(workshop_id: int):
    """A new workshop started from this one: new dates and title, the rest as it was, nobody on its list."""
    workshop = _workshop_or_404(workshop_id)
    form = CopyWorkshopForm(data=None if request.method == "POST" else {
        "title": workshop.title, "title_fr": workshop.title_fr, "title_ar": workshop.title_ar})
    return submit_form(form, "training/copy.html", lambda: services.copy_workshop(
        workshop, form.starts_on.data, form.title.data, title_fr=form.title_fr.data, title_ar=form.title_ar.data,
        actor_id=current_user.id),
        success_url=_show, success_message=lambda copy: _("Workshop copied: check its details and add its people."),
        workshop=workshop)


@bp.route("/workshops/<int:workshop_id>/cancel", methods=["GET", "POST"])
@allow(Action.MANAGE_WORKSHOPS, on="workshop")
def cancel_workshop(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = CancelWorkshopForm()
    return submit_form(form, "training/cancel.html", lambda: services.cancel_workshop(
        workshop, form.reason.data, actor_id=current_user.id),
        success_url=_show, success_message=lambda _w: _("Workshop cancelled."), workshop=workshop)


@bp.post("/workshops/<int:workshop_id>/reopen")
@allow(Action.MANAGE_WORKSHOPS, on="workshop")
def reopen_workshop(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    return button_action(ActionForm(), lambda: services.reopen_workshop(workshop, actor_id=current_user.id),
                         _show(workshop), _("Workshop reopened: its status follows its dates again."),
                         render=_page_again(workshop_id))


@bp.post("/workshops/<int:workshop_id>/delete")
@allow(Action.MANAGE_WORKSHOPS, on="workshop")
def delete_workshop(workshop_id: int):
    """Only for a workshop made by mistake; the refusal says what was recorded on it."""
    workshop = _workshop_or_404(workshop_id)
    return button_action(ActionForm(), lambda: services.delete_workshop(workshop, actor_id=current_user.id),
                         url_for("training.list_workshops"), _("Workshop deleted."), render=_page_again(workshop_id))


@bp.route("/workshops/<int:workshop_id>/close", methods=["GET", "POST"])
@allow(Action.CERTIFY, on="workshop")
def close_workshop(workshop_id: int):
    """What is missing first; closed only on the coordinator's word, with the missing records accepted."""
    workshop = _workshop_or_404(workshop_id)
    form = CloseWorkshopForm()
    return submit_form(form, None, lambda: services.close_workshop(
        workshop, missing_accepted=form.confirm.data, actor_id=current_user.id),
        success_url=lambda _checklist: _show(workshop), success_message=lambda _c: _("Workshop closed."),
        render=lambda status: _close_page(_workshop_or_404(workshop_id), form, status))


def _close_page(workshop, form, status: int):
    today = dates.today()
    return render_template("training/close.html", workshop=workshop, form=form, lifecycle=workshop.status_on(today),
                           checklist=services.close_checklist(workshop), today=today), status


@bp.route("/workshops/<int:workshop_id>/attendance", methods=["GET", "POST"], endpoint="attendance")
@allow(Action.RUN, on="workshop")
@cached_page
def take_attendance(workshop_id: int):
    """The whole grid in one submit; only the cells changed on this page are written.

    The grid shows the workshop's own fields and sessions, not its project or trainers: the workshop the route's
    rule has just found (no query), its sessions loaded on first use.
    """
    workshop = db.session.get(Workshop, workshop_id)
    form = AttendanceForm()
    return submit_grid(form, lambda: attendance.save_attendance(workshop, form.edits(), actor_id=current_user.id),
                       back=url_for("training.attendance", workshop_id=workshop.id),
                       render=lambda status: render_attendance(form, workshop, status))


@bp.route("/workshops/<int:workshop_id>/scores", methods=["GET", "POST"])
@allow(Action.RUN, on="workshop")
def scores(workshop_id: int):
    """Pre- and post-test scores on one grid; only the boxes changed on this page are written."""
    workshop = _workshop_or_404(workshop_id)
    form = ScoreForm()
    return submit_grid(form, lambda: attendance.save_scores(workshop, form.edits(), actor_id=current_user.id),
                       back=url_for("training.scores", workshop_id=workshop.id),
                       render=lambda status: render_scores(form, workshop, status))
