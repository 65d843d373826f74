"""The base form every area's forms derive from."""
import re
from decimal import Decimal

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    Field,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import InputRequired, Length, StopValidation
from wtforms.widgets import TextInput

from workshops import text
from workshops.countries import country_choices, is_country
from workshops.exceptions import DomainError
from workshops.translated import INPUT_ATTRIBUTES


class TypedText:
    """The rule of workshops.text on what was typed into one field, checked before any other validator.

    It runs first and stops the chain, so that no other check (an inline one may query the database) ever
    sees a NUL or half a character. A field named `name` or `..._name` or `name_ar` is a person's name, in
    which direction marks are refused too.
    """

    def __init__(self, *, multiline: bool, name: bool):
        self.multiline, self.name = multiline, name

    def __call__(self, form, field) -> None:
        for value in field.raw_data or ():
            problem = text.problem(value, multiline=self.multiline, name=self.name) if isinstance(value, str) else None
            if problem:
                raise StopValidation(problem)


def _is_name(field_name: str) -> bool:
    return field_name in ("name", "name_ar") or field_name.endswith("_name")


class Form(FlaskForm):
    def __init__(self, *args, **kwargs):
        """Every text field of every form gets the one rule on characters (passwords are hashed, never shown)."""
        super().__init__(*args, **kwargs)
        for field in self:
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                field.validators = [TypedText(multiline=isinstance(field, TextAreaField),
                                              name=_is_name(field.short_name)), *field.validators]

    def attach(self, refusal: DomainError) -> None:
        """Show a service's refusal next to the field it concerns, or above the form when it names none."""
        field = getattr(self, refusal.field, None) if refusal.field else None
        if field is None:
            self.form_errors.append(refusal.message)
        else:
            field.errors = [*field.errors, refusal.message]


def translation_field(label, language: str, max_length: int) -> StringField:
    """An optional field for the French or Arabic form of a text (workshops.translated), marked with its language
    and direction: the browser writes Arabic right to left, and spell-checks each in its own language."""
    return StringField(label, validators=[Length(max=max_length)], render_kw=dict(INPUT_ATTRIBUTES[language]),
                       filters=[lambda typed: (typed or "").strip()],
                       description=_l("Optional; readers of this language see the one above when it is empty."))


class LinesField(TextAreaField):
    """A list of short texts typed one per line (donors, partners, target groups)."""

    def _value(self) -> str:
        return "\n".join(self.data or [])

    def process_formdata(self, valuelist) -> None:
        self.data = [line.strip() for line in (valuelist[0] if valuelist else "").splitlines() if line.strip()]


def choices(pairs, *, blank: bool = False) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; when the user must pick one, first an empty "Choose" prompt (as a
    country's), so that nobody keeps a choice they never made (the field's DataRequired refuses the prompt)."""
    return [SelectChoice("", _l("Choose"))] * blank + [SelectChoice(value, label) for value, label in pairs]


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
            # gettext, not lazy_gettext: a lazy string counts as safe HTML in Jinja (it has __html__), and these
            # codes are what the user sent.
            raise ValidationError(_("Unknown country code: %(codes)s.", codes=", ".join(unknown)))


class DateRangeForm(Form):
    """A form with starts_on and ends_on, refusing an end before the start."""

    starts_on = DateField(_l("Start date"), validators=[InputRequired()])
    ends_on = DateField(_l("End date"), validators=[InputRequired()])

    def validate_ends_on(self, field) -> None:
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date is before the start date."))


class ActionForm(Form):
    """A bare form for buttons that change something: it carries the CSRF token and nothing else.

    One serves a whole list: each row's button posts its row's id as the button's value.
    """


#: Thousands grouped by commas, spaces or the Arabic thousands separator, then decimals after a point
#: ("2,000", "1 234 567.50", "٢٬٠٠٠"). A comma followed by three digits groups thousands; by one or two, it is
#: a decimal comma (that form is `_PLAIN`).
_GROUPED = re.compile(r"(\d{1,3}(?:([,\s٬])\d{3})(?:\2\d{3})*)(?:[.٫](\d{1,2}))?")
#: Digits, then at most two decimals after a point, a comma or the Arabic decimal separator ("30,5").
_PLAIN = re.compile(r"(\d+)(?:[.,٫](\d{1,2}))?")


def amount(typed: str | None, digits: int) -> Decimal | None:
    """The number typed, or None when it is not a plain amount of at most `digits` digits before the point and
    two after: never NaN, an infinity or an exponent, which Decimal and float would accept."""
    typed = (typed or "").strip().translate(text.ARABIC_INDIC_DIGITS)
    if found := _PLAIN.fullmatch(typed):
        whole, decimals = found.group(1), found.group(2)
    elif found := _GROUPED.fullmatch(typed):
        whole, decimals = re.sub(r"\D", "", found.group(1)), found.group(3)
    else:
        return None
    return Decimal(f"{whole}.{decimals or '0'}") if len(whole) <= digits else None


class AmountField(Field):
    """An amount (a budget, a baseline, a target) read as `amount` reads it; what was typed comes back as typed."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, digits: int = 10, message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.digits, self.message = digits, message

    def process_formdata(self, valuelist) -> None:
        if valuelist and valuelist[0].strip():
            self.data = amount(valuelist[0], self.digits)
            if self.data is None:
                raise ValueError(self.message or _("Give a number of at most %(digits)d digits, with at most two "
                                                   "decimals (2000 or 30.5).", digits=self.digits))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(Decimal(self.data).normalize(), "f")
