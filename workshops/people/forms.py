from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField, ValidationError
from wtforms.validators import DataRequired, Email, Length, Optional

from workshops.exceptions import DomainError
from workshops.forms import CountryField, Form, enum_choices
from workshops.people.models import RoleCategory, Sex
from workshops.people.services import ParticipantDetails, year_of_birth_from
from workshops.versions import VersionedForm


class YearOfBirthField(StringField):
    """An optional year, kept as typed so that a refused one comes back in the input as it was written.

    Text rather than a number field: the year is read by people.services (Arabic-Indic digits too), and a
    browser's number input would drop what it cannot parse instead of showing it back.
    """

    def process_data(self, value) -> None:
        """A record's year (a number, or None) as the input shows it."""
        self.data = "" if value is None else str(value)

    @property
    def year(self) -> int | None:
        """The year typed, once the form validated; None when left empty."""
        return year_of_birth_from(self.data)


def plausible_year(_form, field) -> None:
    """The services' rule on a year of birth, its refusal shown next to the field."""
    try:
        year_of_birth_from(field.data)
    except DomainError as refusal:
        raise ValidationError(refusal.message) from refusal


class ParticipantForm(Form):
    given_name = StringField(_l("Given name"), validators=[DataRequired(), Length(max=100)])
    family_name = StringField(_l("Family name"), validators=[DataRequired(), Length(max=100)])
    name_ar = StringField(_l("Name in Arabic script"), validators=[Optional(), Length(max=200)],
                          render_kw={"dir": "rtl", "lang": "ar"})
    sex = SelectField(_l("Sex"), choices=enum_choices(Sex, blank=True),
                      validators=[DataRequired()])
    country_code = CountryField(_l("Country"), validators=[DataRequired()],
                                description=_l("The country whose institution the person serves."))
    agency = StringField(_l("Agency or institution"), validators=[DataRequired(), Length(max=200)])
    role_category = SelectField(_l("Role category"),
                                choices=enum_choices(RoleCategory, blank=True),
                                validators=[DataRequired()])
    position = StringField(_l("Position or rank"), validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)])
    year_of_birth = YearOfBirthField(
        _l("Year of birth"), validators=[Optional(), plausible_year],
        render_kw={"inputmode": "numeric"},
        description=_l("Optional; the year only. Reports count young practitioners (35 or under) with it."))

    def details(self) -> ParticipantDetails:
        return ParticipantDetails(
            given_name=self.given_name.data, family_name=self.family_name.data, sex=Sex(self.sex.data),
            country_code=self.country_code.data, agency=self.agency.data,
            role_category=RoleCategory(self.role_category.data), position=self.position.data or "",
            name_ar=self.name_ar.data, email=self.email.data, phone=self.phone.data,
            year_of_birth=self.year_of_birth.year)


class EditParticipantForm(VersionedForm, ParticipantForm):
    """A registry record's edit: it carries the version it was loaded at, so no save overwrites another."""


class RegisterParticipantForm(ParticipantForm):
    """A new person for a workshop's list; the box is shown once namesakes were found in the registry."""

    new_person = BooleanField(_l("None of these people: register a new person"))


class MergeForm(Form):
    """Which record to fold into the one whose page this is; the page shows both before anything happens."""

    duplicate_id = HiddenField(validators=[DataRequired()])
