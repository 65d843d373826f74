"""What a project promised its donors, as indicators whose progress reports compute from the data.

An indicator belongs to a project and, optionally, to one of its objectives. Its measure says what is counted
(see reports.indicators); the baseline, target and deadline are typed, the progress never is.
"""
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshops.database import enum_column
from workshops.enums import LabelledEnum
from workshops.extensions import db
from workshops.people.models import RoleCategory
from workshops.programmes.models import Objective


class Measure(LabelledEnum):
    """What an indicator counts. Shares and averages are targets to reach, like counts."""

    TRAINEES = "trainees", _l("Practitioners trained (unique people)")
    PARTICIPATIONS = "participations", _l("Participations (completed person-workshop pairs)")
    WOMEN_SHARE = "women_share", _l("Share of women among trainees (%)")
    COUNTRIES = "countries", _l("Countries the trainees come from")
    KNOWLEDGE_GAIN = "knowledge_gain", _l("Average knowledge gain (points)")
    WORKSHOPS = "workshops", _l("Workshops held")

    @property
    def is_count(self) -> bool:
        """A count grows over the project from the baseline, so progress has a pace; a share or an average is a
        level, met or not whenever it is measured."""
        return self not in (Measure.WOMEN_SHARE, Measure.KNOWLEDGE_GAIN)

    @property
    def is_percentage(self) -> bool:
        return self is Measure.WOMEN_SHARE


class Indicator(db.Model):
    __tablename__ = "indicator"
    __table_args__ = (
        CheckConstraint("target >= 0", name="target_not_negative"),
        CheckConstraint("baseline >= 0", name="baseline_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    #: None for a project-wide indicator; otherwise progress counts only the objective's workshops.
    objective_id: Mapped[int | None] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"))
    #: As the project document words it: "2,000 practitioners trained".
    title: Mapped[str] = mapped_column(String(300))
    measure: Mapped[Measure] = mapped_column(enum_column(Measure, "indicator_measure"))
    #: Role categories counted (people.models.RoleCategory values); empty counts every role. "300 prosecutors
    #: and judges" is TRAINEES with ["prosecutor", "judge"].
    role_categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: The value before the project started; progress runs from it to the target.
    baseline: Mapped[Decimal] = mapped_column(Numeric(12, 2), default=0)
    target: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    deadline: Mapped[date] = mapped_column(Date)
    #: Order on the project page and in reports.
    position: Mapped[int] = mapped_column(default=0)
    #: See programmes.models.Project.version.
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}

    objective: Mapped[Objective | None] = relationship()

    @property
    def roles(self) -> list[RoleCategory]:
        return [RoleCategory(value) for value in self.role_categories or ()]
