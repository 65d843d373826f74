"""Funded projects and the numbered objectives (or activity lines) every workshop serves."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from workshops.countries import country_name
from workshops.extensions import db
from workshops.translated import in_language


class Project(db.Model):
    __tablename__ = "project"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("budget_usd >= 0", name="budget_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: As given: in English where the project has an English title (workshops.translated).
    title: Mapped[str] = mapped_column(String(300), unique=True)
    #: The title in French and in Arabic; empty when not given, and the title as given is shown instead.
    title_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    title_ar: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: Organisations that carry the project out, in the order the project document names them.
    implementing_partners: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Funding governments or organisations, as the donor report names them.
    donors: Mapped[list[str]] = mapped_column(JSON, default=list)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    #: Total budget in US dollars, to the cent (seed 004: 1,120,693.41).
    budget_usd: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    #: Who the project trains or serves ("Criminal Justice Practitioners", ...).
    target_groups: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: Printed at the foot of every certificate ("With the support of the Government of the Netherlands").
    donor_acknowledgement: Mapped[str] = mapped_column(String(300), default="", server_default="")
    #: The donor line on French and Arabic certificates; empty: the one above is printed.
    donor_acknowledgement_fr: Mapped[str] = mapped_column(String(300), default="", server_default="")
    donor_acknowledgement_ar: Mapped[str] = mapped_column(String(300), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    #: Moves on every change of the row, so that an edit form loaded before it is refused (workshops.versions).
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}

    objectives: Mapped[list["Objective"]] = relationship(
        back_populates="project", order_by="Objective.number", cascade="all, delete-orphan")
    beneficiary_countries: Mapped[list["ProjectCountry"]] = relationship(
        order_by="ProjectCountry.country_code", cascade="all, delete-orphan")
    logos: Mapped[list["ProjectLogo"]] = relationship(order_by="ProjectLogo.position", cascade="all, delete-orphan")
    signatories: Mapped[list["Signatory"]] = relationship(order_by="Signatory.position",
                                                          cascade="all, delete-orphan")

    @property
    def country_codes(self) -> list[str]:
        return [country.country_code for country in self.beneficiary_countries]


class ProjectCountry(db.Model):
    """A beneficiary country of a project; a row each so that reports can join on it."""

    __tablename__ = "project_country"
    __table_args__ = (CheckConstraint("length(country_code) = 2", name="iso_alpha_2"),)

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    #: ISO 3166-1 alpha-2, checked against workshops.countries before it is stored.
    country_code: Mapped[str] = mapped_column(String(2), primary_key=True)

    @property
    def name(self) -> str:
        return country_name(self.country_code)


class Objective(db.Model):
    """What a project promises; seed 000 calls them key framework areas, seed 004 activity lines."""

    __tablename__ = "objective"
    __table_args__ = (
        UniqueConstraint("project_id", "number", name="uq_objective_project_number"),
        CheckConstraint("number > 0", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    #: The objective's number within its project, as the project document numbers them (1, 2, 3 ...).
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(500))
    #: See Project.title_fr.
    title_fr: Mapped[str] = mapped_column(String(500), default="", server_default="")
    title_ar: Mapped[str] = mapped_column(String(500), default="", server_default="")
    description: Mapped[str] = mapped_column(Text, default="")
    #: See Project.version.
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship(back_populates="objectives")

    @property
    def label(self) -> str:
        """Number and title, the title in the reader's language (workshops.translated)."""
        return self.label_in()

    def label_in(self, locale=None) -> str:
        """Number and title, the title in the language of `locale` (the reader's when None)."""
        return f"{self.number}. {in_language(self, 'title', locale)}"


#: A certificate carries at most this many logos and signatures.
BRANDING_SLOTS = 3


class _BrandingSlot:
    """One of the places, left to right, that a project's certificates give to logos or signatories."""

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"))
    position: Mapped[int]

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("project_id", "position", name=f"uq_{cls.__tablename__}_position"),
                CheckConstraint(f"position BETWEEN 1 AND {BRANDING_SLOTS}", name="position_slot"))


class ProjectLogo(_BrandingSlot, db.Model):
    """A logo printed at the top of the project's certificates."""

    __tablename__ = "project_logo"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Re-encoded JPEG on white (workshops.images), never the uploaded bytes themselves.
    image: Mapped[bytes] = mapped_column(LargeBinary)
    width: Mapped[int]
    height: Mapped[int]


class Signatory(_BrandingSlot, db.Model):
    """Someone whose name and title (and optionally signature) are printed on the project's certificates."""

    __tablename__ = "signatory"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The job title as given, and in French and Arabic (empty: the one as given is printed).
    title: Mapped[str] = mapped_column(String(200))
    title_fr: Mapped[str] = mapped_column(String(200), default="", server_default="")
    title_ar: Mapped[str] = mapped_column(String(200), default="", server_default="")
    #: Optional scanned signature, re-encoded like logos.
    signature_image: Mapped[bytes | None] = mapped_column(LargeBinary)
