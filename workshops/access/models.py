"""Assignments: which projects a lead or a coordinator answers for."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, func
from sqlalchemy.orm import Mapped, mapped_column

from workshops.extensions import db


class ProjectAssignment(db.Model):
    """A lead or coordinator assigned to a project by an administrator; their scope is the union of these."""

    __tablename__ = "project_assignment"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True,
                                            index=True)
    #: Who assigned them; None from the command line.
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
