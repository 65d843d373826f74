"""Merging two registry records of one person into one.

Everything the duplicate record holds moves to the kept one: enrolments with their attendance, scores and
certificates, and the self-registrations that led to them. Workshops on which the duplicate trained without
the kept record move as they are, so participations do not change (counting rule 4) and trainees fall by
one when both records had trained: they were one person all along.

The kept record's details stay as they are; what it lacks (an email, a phone, the Arabic name, the position,
the year of birth) it takes from the duplicate, and that filling-in is in the trail like any edit of the record.
Where both hold a value and the values differ (two years of birth), the kept record's stays: the merge page
shows the two side by side first, so that the coordinator keeps the right one.

Both records on the *same* workshop list is the one case that changes a count, because it was one
person-workshop pair counted twice: the two places on the list become one, with the better mark of each
session, the scores known on either, and one current certificate (the other is kept, superseded by it,
so its serial still verifies as replaced).
"""
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import select, update

from workshops.access.policy import Action, require
from workshops.audit.services import audited, move_person, record
from workshops.certificates.models import Certificate
from workshops.exceptions import DomainError
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.people.services import PARTICIPANT_FIELDS, ParticipantDetails, fill_missing_details
from workshops.training.attendance import refresh_completion
from workshops.training.models import Attendance, AttendanceStatus, Enrolment, Registration, Workshop

#: Which of two marks for one session a combined place on the list keeps: the one that says the most.
MARK_STRENGTH = {AttendanceStatus.PRESENT: 3, AttendanceStatus.LATE: 2, AttendanceStatus.EXCUSED: 1,
                 AttendanceStatus.ABSENT: 0}


@dataclass(frozen=True)
class MergeResult:
    kept: Participant
    #: Workshops of the duplicate moved as they were.
    moved: int
    #: Workshops both records were on, now one place on the list.
    combined: int


def merge_participants(keep_id: int, duplicate_id: int, *, actor_id: int | None) -> MergeResult:
    """Fold the duplicate into the kept record and delete it; the caller's commit makes it all or nothing.

    The actor must be allowed to merge both people. The trail keeps the duplicate's id, never its contacts.
    """
    require(actor_id, Action.MERGE, participant_id=keep_id)
    require(actor_id, Action.MERGE, participant_id=duplicate_id)
    if keep_id == duplicate_id:
        raise DomainError(_("Choose two different records."))
    keep, duplicate = db.session.get(Participant, keep_id), db.session.get(Participant, duplicate_id)
    kept_places = {enrolment.workshop_id: enrolment for enrolment in _enrolments(keep.id)}
    moved, combined_workshops = 0, []
    for enrolment in _enrolments(duplicate.id):
        twin = kept_places.get(enrolment.workshop_id)
        if twin is None:
            enrolment.participant_id = keep.id
            moved += 1
        else:
            _combine(twin, enrolment, actor_id)
            combined_workshops.append(enrolment.workshop)
    db.session.flush()
    record(actor_id, "participant.merged", keep, duplicate_id=duplicate.id, moved=moved,
           combined=len(combined_workshops))
    move_person(duplicate.id, keep.id)
    details, duplicate_id = ParticipantDetails.of(duplicate), duplicate.id
    db.session.delete(duplicate)
    db.session.flush()  # the duplicate's email is free only once it is gone
    with audited(actor_id, "participant.updated", keep, PARTICIPANT_FIELDS, duplicate_id=duplicate_id):
        fill_missing_details(keep, details)
    for workshop in combined_workshops:
        refresh_completion(workshop)
    db.session.flush()
    return MergeResult(keep, moved, len(combined_workshops))


def _enrolments(participant_id: int) -> list[Enrolment]:
    return db.session.scalars(select(Enrolment).where(Enrolment.participant_id == participant_id)
                              .order_by(Enrolment.id)).all()


def _combine(twin: Enrolment, duplicate: Enrolment, actor_id: int | None) -> None:
    """Two places on one list become the kept one; the duplicate's place is deleted after its rows moved."""
    _combine_marks(twin, duplicate)
    twin.fill_scores(duplicate.pre_test_score if twin.pre_test_score is None else None,
                     duplicate.post_test_score if twin.post_test_score is None else None, actor_id)
    _combine_certificates(twin, duplicate, actor_id)
    db.session.execute(update(Registration).where(Registration.enrolment_id == duplicate.id)
                       .values(enrolment_id=twin.id))
    db.session.delete(duplicate)


def _combine_marks(twin: Enrolment, duplicate: Enrolment) -> None:
    marks = {mark.session_id: mark for mark in db.session.scalars(
        select(Attendance).where(Attendance.enrolment_id == twin.id))}
    for mark in db.session.scalars(select(Attendance).where(Attendance.enrolment_id == duplicate.id)):
        kept = marks.get(mark.session_id)
        if kept is None:
            mark.enrolment_id = twin.id
        elif MARK_STRENGTH[mark.status] > MARK_STRENGTH[kept.status]:
            kept.status = mark.status
    db.session.flush()


def _combine_certificates(twin: Enrolment, duplicate: Enrolment, actor_id: int | None) -> None:
    """One current certificate per place: a valid one over a revoked one, the kept record's on a tie."""
    current = [certificate for certificate in db.session.scalars(
        select(Certificate).where(Certificate.enrolment_id.in_([twin.id, duplicate.id]),
                                  Certificate.superseded_at.is_(None))
        .order_by(Certificate.revoked_at.is_not(None), Certificate.enrolment_id != twin.id))]
    for replaced in current[1:]:
        replaced.superseded_at, replaced.superseded_by_id = datetime.now(UTC), current[0].id
        replaced.superseded_by_user_id = actor_id
        replaced.reissue_reason = _("Two records of one person were merged; %(serial)s is the certificate kept.",
                                    serial=current[0].serial)
    db.session.flush()  # the partial unique index allows one current certificate per place
    db.session.execute(update(Certificate).where(Certificate.enrolment_id == duplicate.id)
                       .values(enrolment_id=twin.id))


def workshops_in_common(first: Participant, second: Participant) -> list[Workshop]:
    """Workshops both records are on: shown before a merge, since only these change a count."""
    both = (select(Enrolment.workshop_id).where(Enrolment.participant_id == first.id)
            .intersect(select(Enrolment.workshop_id).where(Enrolment.participant_id == second.id)))
    return db.session.scalars(select(Workshop).where(Workshop.id.in_(both)).order_by(Workshop.starts_on)).all()
