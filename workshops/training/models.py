"""Workshops, their sessions, who is enrolled and who attended which session."""
from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    UniqueConstraint,
    case,
    func,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from workshops.auth.models import User
from workshops.countries import country_name
from workshops.database import enum_column
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.programmes.models import Objective


class WorkshopKind(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional"

    @property
    def label(self) -> str:
        return {WorkshopKind.NATIONAL: _l("National"), WorkshopKind.REGIONAL: _l("Regional")}[self]


class Theme(StrEnum):
    """The crime a workshop covers: two protocols, two crimes, never merged into one."""

    TIP = "tip"
    SOM = "som"
    BOTH = "both"

    @property
    def label(self) -> str:
        return {Theme.TIP: _l("Trafficking in persons"), Theme.SOM: _l("Smuggling of migrants"),
                Theme.BOTH: _l("Trafficking in persons and smuggling of migrants")}[self]


class WorkshopStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    COMPLETED = "completed"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {WorkshopStatus.PLANNED: _l("Planned"), WorkshopStatus.ONGOING: _l("Ongoing"),
                WorkshopStatus.COMPLETED: _l("Completed"), WorkshopStatus.CANCELLED: _l("Cancelled")}[self]


class Language(StrEnum):
    ENGLISH = "en"
    FRENCH = "fr"
    ARABIC = "ar"

    @property
    def label(self) -> str:
        return {Language.ENGLISH: _l("English"), Language.FRENCH: _l("French"), Language.ARABIC: _l("Arabic")}[self]


class SessionPart(StrEnum):
    FULL_DAY = "full"
    MORNING = "morning"
    AFTERNOON = "afternoon"

    @property
    def label(self) -> str:
        return {SessionPart.FULL_DAY: _l("Full day"), SessionPart.MORNING: _l("Morning"),
                SessionPart.AFTERNOON: _l("Afternoon")}[self]


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    LATE = "late"
    ABSENT = "absent"
    EXCUSED = "excused"

    @property
    def counts_towards_completion(self) -> bool:
        """Late still counts as attended; absent and excused do not."""
        return self in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)

    @property
    def label(self) -> str:
        return {AttendanceStatus.PRESENT: _l("Present"), AttendanceStatus.LATE: _l("Late"),
                AttendanceStatus.ABSENT: _l("Absent"), AttendanceStatus.EXCUSED: _l("Excused")}[self]


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
    title: Mapped[str] = mapped_column(String(300))
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
    status: Mapped[WorkshopStatus] = mapped_column(enum_column(WorkshopStatus, "workshop_status"),
                                                   default=WorkshopStatus.PLANNED)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    objective: Mapped[Objective] = relationship()
    trainers: Mapped[list[User]] = relationship(secondary=workshop_trainer, order_by=User.full_name)
    sessions: Mapped[list["WorkshopSession"]] = relationship(
        back_populates="workshop", order_by="(WorkshopSession.held_on, WorkshopSession.part_position)",
        cascade="all, delete-orphan", passive_deletes=True)

    @property
    def country(self) -> str:
        return country_name(self.country_code)


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

    workshop: Mapped[Workshop] = relationship(back_populates="sessions")


class Enrolment(db.Model):
    """A participant on a workshop's list; `is_completed` is kept by training.services whenever attendance changes."""

    __tablename__ = "enrolment"
    __table_args__ = (
        UniqueConstraint("workshop_id", "participant_id", name="uq_enrolment_workshop_participant"),
        Index("ix_enrolment_participant_completed", "participant_id", "is_completed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id"))
    #: Present or late in at least the workshop's threshold of its sessions, as of the last attendance save.
    #: Stored, not computed per report, so that totals over millions of people stay one indexed GROUP BY.
    is_completed: Mapped[bool] = mapped_column(default=False)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    enrolled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    workshop: Mapped[Workshop] = relationship()
    participant: Mapped[Participant] = relationship()


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
