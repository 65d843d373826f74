"""The base form every area's forms derive from."""
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectChoice, SelectField, SelectMultipleField, TextAreaField, ValidationError
from wtforms.validators import InputRequired

from workshops.countries import country_choices, is_country
from workshops.exceptions import DomainError


class Form(FlaskForm):
    def attach(self, refusal: DomainError) -> None:
        """Show a service's refusal next to the field it concerns, or above the form when it names none."""
        field = getattr(self, refusal.field, None) if refusal.field else None
        if field is None:
            self.form_errors.append(refusal.message)
        else:
            field.errors = [*field.errors, refusal.message]


class LinesField(TextAreaField):
    """A list of short texts typed one per line (donors, partners, target groups)."""

    def _value(self) -> str:
        return "\n".join(self.data or [])

    def process_formdata(self, valuelist) -> None:
        self.data = [line.strip() for line in (valuelist[0] if valuelist else "").splitlines() if line.strip()]


def choices(pairs, *, blank: bool = False) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices, with an empty first option when the user must pick one."""
    return [SelectChoice("", "")] * blank + [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_class, *, blank: bool = False) -> list[SelectChoice]:
    return choices(((member.value, member.label) for member in enum_class), blank=blank)


def _localised_country_choices() -> list[SelectChoice]:
    return choices(country_choices(str(get_locale())))


class CountryField(SelectField):
    """One ISO 3166-1 country, chosen by name in the reader's language."""

    def __init__(self, label=None, validators=None, **kwargs):
        choices = [SelectChoice("", _l("Choose a country")), *_localised_country_choices()]
        super().__init__(label, validators, choices=choices, **kwargs)

    def pre_validate(self, form) -> None:
        if self.data and not is_country(self.data):
            raise ValidationError(_l("Unknown country: choose one from the list."))


class CountriesField(SelectMultipleField):
    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, choices=_localised_country_choices(), **kwargs)

    def pre_validate(self, form) -> None:
        unknown = [code for code in self.data or [] if not is_country(code)]
        if unknown:
            raise ValidationError(_l("Unknown country code: %(codes)s.", codes=", ".join(unknown)))


class DateRangeForm(Form):
    """A form with starts_on and ends_on, refusing an end before the start."""

    starts_on = DateField(_l("Start date"), validators=[InputRequired()])
    ends_on = DateField(_l("End date"), validators=[InputRequired()])

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date is before the start date."))
