"""Workshops: listing, creating, sessions, the participant list and the attendance grid."""
import io

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from workshops.access.guard import allow
from workshops.access.policy import Action, may
from workshops.auth.models import Role, User
from workshops.certificates.services import certificates_by_enrolment
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people import services as people_services
from workshops.people.forms import RegisterParticipantForm
from workshops.programmes.services import objectives_for
from workshops.training import attendance, services
from workshops.training.attendance_form import cell_name, changed_marks, submitted_scores
from workshops.training.forms import ActionForm, EnrolExistingForm, SessionForm, SignedSheetForm, WorkshopForm
from workshops.training.models import AttendanceStatus, SessionPart, WorkshopStatus
from workshops.web import id_argument, page_number, query_text, submit_form

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
    filters = services.WorkshopFilters(
        project_id=id_argument("project"), objective_id=id_argument("objective"),
        status=WorkshopStatus(request.args["status"]) if request.args.get("status") in set(WorkshopStatus) else None,
        trainer_id=current_user.id if request.args.get("mine") else None)
    page = services.list_workshops(filters, page_number(),
                                   current_app.config["ITEMS_PER_PAGE"], viewer_id=current_user.id)
    counts = services.enrolment_counts([workshop.id for workshop in page.items])
    return render_template("training/workshops.html", page=page, counts=counts, statuses=WorkshopStatus)


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
                       lambda: services.update_workshop(workshop, form.details(), actor_id=current_user.id),
                       success_url=_show,
                       success_message=lambda _w: _("Workshop saved."), workshop=workshop)


@bp.get("/workshops/<int:workshop_id>")
@allow(Action.VIEW, on="workshop")
def show_workshop(workshop_id: int):
    return _workshop_page(_workshop_or_404(workshop_id), 200)


def _workshop_page(workshop, status: int):
    return render_template("training/workshop.html", workshop=workshop, grid=attendance.attendance_grid(workshop),
                           summary=attendance.score_summary(workshop.id), sheet_form=SignedSheetForm(),
                           certificates=certificates_by_enrolment(workshop_id=workshop.id), session_form=SessionForm(),
                           action_form=ActionForm(), can_run=may(current_user.id, Action.RUN, workshop_id=workshop.id),
                           can_certify=may(current_user.id, Action.CERTIFY, workshop_id=workshop.id)), status


@bp.post("/workshops/<int:workshop_id>/sessions")
@allow(Action.RUN, on="workshop")
def add_session(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = SessionForm()
    return _act(form, lambda: services.add_session(workshop, form.held_on.data, SessionPart(form.part.data),
                                                   actor_id=current_user.id), workshop, _("Session added."))


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/delete")
@allow(Action.RUN, on="workshop")
def remove_session(workshop_id: int, session_id: int):
    workshop = _workshop_or_404(workshop_id)
    return _act(ActionForm(), lambda: services.remove_session(workshop, session_id, actor_id=current_user.id),
                workshop, _("Session removed."))


def _act(form, action, workshop, message: str, next_url: str | None = None):
    """A button or small form on the workshop page: on refusal, the page is shown again with the reason."""
    if not form.validate_on_submit():
        errors = [error for field_errors in form.errors.values() for error in field_errors]
        return _refused(workshop, " ".join(map(str, errors)), 422)
    try:
        action()
    except DomainError as refusal:
        db.session.rollback()
        return _refused(workshop, refusal.message, refusal.status)
    db.session.commit()
    flash(message, "success")
    return redirect(next_url or _show(workshop), 303)


def _refused(workshop, message: str, status: int):
    flash(message, "danger")
    return _workshop_page(_workshop_or_404(workshop.id), status)


@bp.get("/workshops/<int:workshop_id>/sessions/<int:session_id>/sign-in.pdf")
@allow(Action.RUN, on="workshop")
def sign_in_sheet(workshop_id: int, session_id: int):
    workshop = _workshop_or_404(workshop_id)
    try:
        content = services.sign_in_sheet(workshop, session_id)
    except DomainError:
        abort(404)
    return send_file(io.BytesIO(content), mimetype="application/pdf", as_attachment=False,
                     download_name=f"sign-in-workshop-{workshop.id}-session-{session_id}.pdf")


@bp.post("/workshops/<int:workshop_id>/sessions/<int:session_id>/signed-sheet")
@allow(Action.RUN, on="workshop")
def attach_signed_sheet(workshop_id: int, session_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = SignedSheetForm()
    return _act(form, lambda: services.attach_signed_sheet(workshop, session_id, form.sheet.data.read(),
                                                           actor_id=current_user.id), workshop, _("Signed sheet kept."))


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
                           enrolled=enrolled, enrol_form=EnrolExistingForm(), namesakes=namesakes,
                           opens=opens), status


@bp.post("/workshops/<int:workshop_id>/enrolments")
@allow(Action.RUN, on="workshop")
def enrol_existing(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = EnrolExistingForm()
    participant = people_services.participant_by_text_id(form.participant_id.data)
    if not form.validate_on_submit() or participant is None:
        return _refused(workshop, _("Choose a person from the search results."), 422)
    return _act(form, lambda: services.enrol(workshop, participant, actor_id=current_user.id), workshop,
                _("%(name)s added to the list.", name=participant.full_name),
                next_url=url_for("training.add_participants", workshop_id=workshop.id, q=request.form.get("q", "")))


@bp.post("/workshops/<int:workshop_id>/participants")
@allow(Action.RUN, on="workshop")
def register_participant(workshop_id: int):
    workshop = _workshop_or_404(workshop_id)
    form = RegisterParticipantForm()
    if not form.validate_on_submit():
        return _enrol_page(workshop, form, 422)
    try:
        enrolment = services.register_and_enrol(workshop, form.details(), actor_id=current_user.id,
                                                new_person_confirmed=form.new_person.data)
    except DomainError as refusal:
        db.session.rollback()
        form.attach(refusal)
        return _enrol_page(workshop, form, refusal.status, getattr(refusal, "namesakes", ()))
    db.session.commit()
    flash(_("%(name)s registered and added to the list.", name=enrolment.participant.full_name), "success")
    return redirect(url_for("training.add_participants", workshop_id=workshop.id), 303)


@bp.post("/workshops/<int:workshop_id>/enrolments/<int:enrolment_id>/delete")
@allow(Action.RUN, on="workshop")
def withdraw(workshop_id: int, enrolment_id: int):
    workshop = _workshop_or_404(workshop_id)
    return _act(ActionForm(), lambda: services.withdraw(workshop, enrolment_id, actor_id=current_user.id), workshop,
                _("Taken off the list."))


@bp.route("/workshops/<int:workshop_id>/attendance", methods=["GET", "POST"], endpoint="attendance")
@allow(Action.RUN, on="workshop")
def take_attendance(workshop_id: int):
    """The whole grid in one submit; only the cells changed on this page are written."""
    workshop = _workshop_or_404(workshop_id)
    form = ActionForm()
    return submit_form(
        form, None, lambda: attendance.save_attendance(workshop, changed_marks(request.form), actor_id=current_user.id),
        success_url=lambda _changed: url_for("training.attendance", workshop_id=workshop.id),
        success_message=lambda changed: _("Attendance saved: %(count)d marks changed.", count=changed),
        render=lambda status: (render_template(
            "training/attendance.html", workshop=workshop, grid=attendance.attendance_grid(workshop), form=form,
            cell_name=cell_name, statuses=AttendanceStatus), status))


@bp.route("/workshops/<int:workshop_id>/scores", methods=["GET", "POST"])
@allow(Action.RUN, on="workshop")
def scores(workshop_id: int):
    """Pre- and post-test scores on one grid, saved in one submit."""
    workshop = _workshop_or_404(workshop_id)
    form = ActionForm()
    return submit_form(
        form, None, lambda: attendance.save_scores(workshop, submitted_scores(request.form), actor_id=current_user.id),
        success_url=lambda _result: url_for("training.scores", workshop_id=workshop.id),
        success_message=lambda _result: _("Scores saved."),
        render=lambda status: (render_template(
            "training/scores.html", workshop=workshop, grid=attendance.attendance_grid(workshop),
            summary=attendance.score_summary(workshop.id), form=form), status))
