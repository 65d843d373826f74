from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from workshops.forms import CountryField, Form, enum_choices
from workshops.people.models import RoleCategory, Sex
from workshops.people.services import ParticipantDetails
from workshops.versions import VersionedForm


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

    def details(self) -> ParticipantDetails:
        return ParticipantDetails(
            given_name=self.given_name.data, family_name=self.family_name.data, sex=Sex(self.sex.data),
            country_code=self.country_code.data, agency=self.agency.data,
            role_category=RoleCategory(self.role_category.data), position=self.position.data or "",
            name_ar=self.name_ar.data, email=self.email.data, phone=self.phone.data)


class EditParticipantForm(VersionedForm, ParticipantForm):
    """A registry record's edit: it carries the version it was loaded at, so no save overwrites another."""


class RegisterParticipantForm(ParticipantForm):
    """A new person for a workshop's list; the box is shown once namesakes were found in the registry."""

    new_person = BooleanField(_l("None of these people: register a new person"))


class MergeForm(Form):
    """Which record to fold into the one whose page this is; the page shows both before anything happens."""

    duplicate_id = HiddenField(validators=[DataRequired()])
