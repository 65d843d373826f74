"""Workshops, their sessions, who is enrolled and who attended which session."""
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Table,
    UniqueConstraint,
    case,
    func,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from workshops import dates
from workshops.auth.models import User
from workshops.countries import country_name
from workshops.database import enum_column
from workshops.enums import LabelledEnum
from workshops.extensions import db
from workshops.people.models import Participant, PersonFields
from workshops.programmes.models import Objective


class WorkshopKind(LabelledEnum):
    NATIONAL = "national", _l("National")
    REGIONAL = "regional", _l("Regional")


class Theme(LabelledEnum):
    """The crime a workshop covers: two protocols, two crimes, never merged into one."""

    TIP = "tip", _l("Trafficking in persons")
    SOM = "som", _l("Smuggling of migrants")
    BOTH = "both", _l("Trafficking in persons and smuggling of migrants")


class WorkshopStatus(LabelledEnum):
    """Where a workshop stands: read from its dates and today (see Workshop.status_on), never typed in.

    Only closing (a coordinator's check that the records are complete) and cancelling are done by hand.
    """

    PLANNED = "planned", _l("Planned")
    ONGOING = "ongoing", _l("Ongoing")
    AWAITING_CLOSE = "awaiting_close", _l("Awaiting close")
    CLOSED = "closed", _l("Closed")
    CANCELLED = "cancelled", _l("Cancelled")


def _lifecycle(cancelled, closed, starts_on, ends_on, today) -> tuple:
    """The one status rule: (condition, status) pairs, the first that holds wins, ONGOING when none does.

    Written with operators that mean the same on a loaded workshop's values and on the table's columns, so
    that the status a page shows and the status a list filters or a report excludes by cannot drift apart.
    """
    return ((cancelled, WorkshopStatus.CANCELLED), (closed, WorkshopStatus.CLOSED),
            (today < starts_on, WorkshopStatus.PLANNED), (ends_on < today, WorkshopStatus.AWAITING_CLOSE))


class Language(LabelledEnum):
    ENGLISH = "en", _l("English")
    FRENCH = "fr", _l("French")
    ARABIC = "ar", _l("Arabic")


class SessionPart(LabelledEnum):
    FULL_DAY = "full", _l("Full day")
    MORNING = "morning", _l("Morning")
    AFTERNOON = "afternoon", _l("Afternoon")


class AttendanceStatus(LabelledEnum):
    PRESENT = "present", _l("Present")
    LATE = "late", _l("Late")
    ABSENT = "absent", _l("Absent")
    EXCUSED = "excused", _l("Excused")

    @property
    def counts_towards_completion(self) -> bool:
        """Late still counts as attended; absent and excused do not."""
        return self in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


workshop_trainer = Table(
    "workshop_trainer",
    db.metadata,
    Column("workshop_id", ForeignKey("workshop.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Workshop(db.Model):
    __tablename__ = "workshop"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("completion_threshold BETWEEN 1 AND 100", name="threshold_percent"),
        CheckConstraint("length(country_code) = 2", name="iso_alpha_2"),
        Index("ix_workshop_objective_starts", "objective_id", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Every workshop serves exactly one objective of one project.
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id"))
    #: As given (in English where there is an English title), and in French and Arabic (workshops.translated).
    title: Mapped[str] = mapped_column(String(300))
    title_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    title_ar: Mapped[str] = mapped_column(String(300), default="", server_default="")
    kind: Mapped[WorkshopKind] = mapped_column(enum_column(WorkshopKind, "workshop_kind"))
    theme: Mapped[Theme] = mapped_column(enum_column(Theme, "theme"))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    city: Mapped[str] = mapped_column(String(100))
    #: ISO 3166-1 alpha-2 of the host country (participants may come from elsewhere in a regional workshop).
    country_code: Mapped[str] = mapped_column(String(2))
    language: Mapped[Language] = mapped_column(enum_column(Language, "language"))
    #: Percentage of sessions a participant must attend (present or late) to complete; 80 unless set.
    completion_threshold: Mapped[int] = mapped_column(default=80)
    #: Set when a coordinator closes the workshop (its records checked); the other statuses follow the dates.
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: Set when the workshop is called off, with the reason given; cleared if it is reopened.
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    #: Moves on every change of the row, so that an edit form loaded before it is refused (workshops.versions).
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}

    objective: Mapped[Objective] = relationship()
    trainers: Mapped[list[User]] = relationship(secondary=workshop_trainer, order_by=User.full_name)
    sessions: Mapped[list["WorkshopSession"]] = relationship(
        back_populates="workshop", order_by="(WorkshopSession.held_on, WorkshopSession.part_position)",
        cascade="all, delete-orphan", passive_deletes=True)

    @hybrid_method
    def status_on(self, today: date) -> WorkshopStatus:
        rules = _lifecycle(self.cancelled_at is not None, self.closed_at is not None, self.starts_on, self.ends_on,
                           today)
        return next((status for holds, status in rules if holds), WorkshopStatus.ONGOING)

    @status_on.expression
    def status_on(cls, today: date):
        """The same rule as a SQL CASE, for lists filtered by status and reports leaving cancelled ones out."""
        rules = _lifecycle(cls.cancelled_at.is_not(None), cls.closed_at.is_not(None), cls.starts_on, cls.ends_on,
                           today)
        return case(*((holds, status.value) for holds, status in rules), else_=WorkshopStatus.ONGOING.value)

    @property
    def status(self) -> WorkshopStatus:
        return self.status_on(dates.today())

    @property
    def country(self) -> str:
        return country_name(self.country_code)

    @property
    def trainer_ids(self) -> list[int]:
        return sorted(trainer.id for trainer in self.trainers)


class WorkshopSession(db.Model):
    """One day or half-day of a workshop; attendance is taken per session."""

    __tablename__ = "workshop_session"
    __table_args__ = (UniqueConstraint("workshop_id", "held_on", "part", name="uq_workshop_session_day_part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    part: Mapped[SessionPart] = mapped_column(enum_column(SessionPart, "session_part"), default=SessionPart.FULL_DAY)
    #: Orders a day's sessions: the morning (or the full day) before the afternoon, whatever their names sort as.
    part_position: Mapped[int] = column_property(case((part == SessionPart.AFTERNOON, 1), else_=0))
    #: The signed paper sign-in sheet, scanned (PDF, PNG or JPEG) and kept as uploaded: evidence for auditors.
    signed_sheet: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    signed_sheet_type: Mapped[str | None] = mapped_column(String(40))
    signed_sheet_uploaded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_sheet_uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id",
                                                                               ondelete="SET NULL"))

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")


class Enrolment(db.Model):
    """A participant on a workshop's list; `is_completed` is kept by training.services whenever attendance changes."""

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("workshop_id", "participant_id", name="uq_enrolment_workshop_participant"),
        Index("ix_enrolment_participant_completed", "participant_id", "is_completed"),
        CheckConstraint("pre_test_score BETWEEN 0 AND 100", name="pre_test_percent"),
        CheckConstraint("post_test_score BETWEEN 0 AND 100", name="post_test_percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    #: Present or late in at least the workshop's threshold of its sessions, as of the last attendance save.
    #: Stored, not computed per report, so that totals over millions of people stay one indexed GROUP BY.
    is_completed: Mapped[bool] = mapped_column(default=False)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    #: Knowledge test scores (0 to 100) before and after the workshop; optional, for the learning-gain figure.
    pre_test_score: Mapped[int | None]
    post_test_score: Mapped[int | None]
    #: Who last changed either score, and when: what a score grid names when it refuses to overwrite that change.
    scores_recorded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    scores_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    workshop: Mapped[Workshop] = relationship()
    participant: Mapped[Participant] = relationship()

    def fill_scores(self, pre: int | None, post: int | None, actor_id: int | None) -> None:
        """Take the scores given (None leaves one as it is); a change records who made it and when, which the
        score grid names when it refuses a cell changed meanwhile."""
        scores = (self.pre_test_score if pre is None else pre, self.post_test_score if post is None else post)
        if scores != (self.pre_test_score, self.post_test_score):
            self.pre_test_score, self.post_test_score = scores
            self.scores_recorded_at, self.scores_recorded_by_id = func.now(), actor_id


class Attendance(db.Model):
    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("enrolment_id", "session_id", name="uq_attendance_enrolment_session"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolment.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("workshop_session.id", ondelete="CASCADE"), index=True)
    #: What the trainer marked; late counts towards completion, absent and excused do not.
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus, "attendance_status"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(),
                                                  onupdate=func.now())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))


class RegistrationStatus(LabelledEnum):
    PENDING = "pending", _l("Pending")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Rejected")


class RegistrationLink(db.Model):
    """A public link through which people put themselves forward for a workshop, between two dates."""

    __tablename__ = "registration_link"
    __table_args__ = (
        CheckConstraint("closes_on >= opens_on", name="closes_after_opening"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), unique=True)
    #: 256 random bits, URL-safe: the link cannot be guessed from a workshop's id or from another link.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date] = mapped_column(Date)
    #: Most registrations (pending or approved) the link takes; None for no limit.
    capacity: Mapped[int | None]
    #: Closed by a coordinator before its closing date.
    is_closed: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    workshop: Mapped[Workshop] = relationship()


class Registration(PersonFields, db.Model):
    """What someone submitted through a registration link; a trainer approves it into an enrolment, or not."""

    __tablename__ = "registration"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("registration_link.id", ondelete="CASCADE"), index=True)
    #: When the person ticked their consent to the processing of their data; no consent, no registration.
    consented_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[RegistrationStatus] = mapped_column(enum_column(RegistrationStatus, "registration_status"),
                                                       default=RegistrationStatus.PENDING)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    enrolment_id: Mapped[int | None] = mapped_column(ForeignKey("enrolment.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    link: Mapped[RegistrationLink] = relationship()
