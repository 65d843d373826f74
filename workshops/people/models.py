"""The participant registry: every person trained, recorded once however often they are trained."""
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, LargeBinary, String, UniqueConstraint, event, func
from sqlalchemy.orm import Mapped, mapped_column

from workshops.countries import country_name
from workshops.database import enum_column
from workshops.enums import LabelledEnum
from workshops.extensions import db
from workshops.people.names import name_key


class Sex(LabelledEnum):
    FEMALE = "F", _l("Female")
    MALE = "M", _l("Male")


class RoleCategory(LabelledEnum):
    """What the person does; donors' reports group trainees by these."""

    LAW_ENFORCEMENT = "law_enforcement", _l("Law enforcement")
    PROSECUTOR = "prosecutor", _l("Prosecutor")
    JUDGE = "judge", _l("Judge")
    FRONTLINE = "frontline", _l("Frontline officer")
    VICTIM_SERVICES = "victim_services", _l("Victim service provider")
    POLICY = "policy", _l("Policy maker or legislator")
    OTHER = "other", _l("Other")


class PersonFields:
    """Who a person is: the registry's record of them and what they typed on a self-registration form.

    Declared once for both tables, so that an approved registration carries every field over as it was given
    and a column's length or type cannot change in one table and not the other.
    """

    given_name: Mapped[str] = mapped_column(String(100))
    family_name: Mapped[str] = mapped_column(String(100))
    #: The name in Arabic script, as the person writes it; optional.
    name_ar: Mapped[str | None] = mapped_column(String(200))
    sex: Mapped[Sex] = mapped_column(enum_column(Sex, "sex"))
    #: ISO 3166-1 alpha-2 of the country the person serves; trainees are counted under it (counting rule 1).
    country_code: Mapped[str] = mapped_column(String(2), CheckConstraint("length(country_code) = 2",
                                                                         name="iso_alpha_2"))
    #: The person's institution: a ministry, the public prosecution, a court, an NGO.
    agency: Mapped[str] = mapped_column(String(200))
    role_category: Mapped[RoleCategory] = mapped_column(enum_column(RoleCategory, "role_category"))
    #: Position or rank as the person gives it ("Police Captain", "Senior Prosecutor").
    position: Mapped[str] = mapped_column(String(200), default="")
    #: Lower-case.
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: Optional; reports count a trainee as youth when 35 or under in the year of a workshop (seed 004's
    #: youth-sensitive approach). A year, not a date of birth: all the reports need, and less to hold.
    year_of_birth: Mapped[int | None] = mapped_column(CheckConstraint("year_of_birth BETWEEN 1900 AND 2100",
                                                                      name="year_of_birth_plausible"))

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def country(self) -> str:
        return country_name(self.country_code)

    def take_details(self, details) -> None:
        """Write the fields of `details` (a people.services.ParticipantDetails, or anything with these fields)
        as they are kept: trimmed, the email lower-case, an optional field left empty as NULL."""
        self.given_name, self.family_name = details.given_name.strip(), details.family_name.strip()
        self.name_ar = (details.name_ar or "").strip() or None
        self.sex, self.country_code, self.role_category = details.sex, details.country_code, details.role_category
        self.agency = details.agency.strip()
        self.position = (details.position or "").strip()
        self.email = (details.email or "").strip().lower() or None
        self.phone = (details.phone or "").strip() or None
        self.year_of_birth = details.year_of_birth


class Participant(PersonFields, db.Model):
    __tablename__ = "participant"
    __table_args__ = (
        Index("ix_participant_country_code", "country_code"),
        #: The same email is always the same person.
        UniqueConstraint("email"),
        Index("ix_participant_family_given", "family_name", "given_name"),
        #: Matching looks people up by (name key, country): see people.matching.
        Index("ix_participant_name_key_country", "name_key", "country_code"),
        Index("ix_participant_name_ar_key_country", "name_ar_key", "country_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    #: The name and the Arabic name folded by people.names.name_key, kept on every write for matching.
    name_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    name_ar_key: Mapped[str | None] = mapped_column(String(200))
    #: When the person's identity was erased on their request (records.rights); their counts stay.
    erased_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Moves on every change of the row, so that an edit form loaded before it is refused (workshops.versions).
    version: Mapped[int] = mapped_column(server_default="1")

    __mapper_args__ = {"version_id_col": version}


@event.listens_for(Participant, "before_insert")
@event.listens_for(Participant, "before_update")
def _keep_name_keys(_mapper, _connection, participant: Participant) -> None:
    """Keys follow the names whichever code path writes them, so matching never sees a stale key."""
    participant.name_key = name_key(participant.given_name, participant.family_name)
    participant.name_ar_key = name_key(participant.name_ar) or None


class ImportBatch(db.Model):
    """An uploaded sheet between its preview and its confirmation; deleted once confirmed."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    #: The file exactly as uploaded, read again on confirmation so that the preview and the import agree.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
