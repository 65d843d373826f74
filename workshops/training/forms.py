from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from workshops.forms import CountryField, DateRangeForm, Form, choices, enum_choices
from workshops.people.forms import ParticipantForm
from workshops.training.models import Language, SessionPart, Theme, WorkshopKind, WorkshopStatus
from workshops.training.services import WorkshopDetails


class WorkshopForm(DateRangeForm):
    objective_id = SelectField(_l("Objective"), coerce=int, validators=[DataRequired()],
                               description=_l("Every workshop serves exactly one objective of one project."))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=enum_choices(WorkshopKind), validators=[DataRequired()])
    theme = SelectField(_l("Theme"), choices=enum_choices(Theme), validators=[DataRequired()])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    country_code = CountryField(_l("Host country"), validators=[DataRequired()])
    language = SelectField(_l("Language"), choices=enum_choices(Language), validators=[DataRequired()])
    completion_threshold = IntegerField(
        _l("Completion threshold (% of sessions)"), default=80,
        validators=[InputRequired(), NumberRange(min=1, max=100, message=_l("Give a percentage between 1 and 100."))],
        description=_l("A participant completes when present or late in at least this share of the sessions."))
    status = SelectField(_l("Status"), choices=enum_choices(WorkshopStatus), default=WorkshopStatus.PLANNED.value)
    trainer_ids = SelectMultipleField(_l("Trainers"), coerce=int, render_kw={"size": 5})

    def __init__(self, *args, objectives=(), trainers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_id.choices = choices(
            [(0, ""), *((objective.id, f"{objective.project.title} — {objective.label}") for objective in objectives)])
        self.trainer_ids.choices = choices((user.id, user.full_name) for user in trainers)

    def details(self) -> WorkshopDetails:
        return WorkshopDetails(
            objective_id=self.objective_id.data, title=self.title.data, kind=WorkshopKind(self.kind.data),
            theme=Theme(self.theme.data), starts_on=self.starts_on.data, ends_on=self.ends_on.data,
            city=self.city.data, country_code=self.country_code.data, language=Language(self.language.data),
            completion_threshold=self.completion_threshold.data, status=WorkshopStatus(self.status.data),
            trainer_ids=tuple(self.trainer_ids.data or ()))


class SessionForm(Form):
    held_on = DateField(_l("Day"), validators=[InputRequired()])
    part = SelectField(_l("Part of the day"), choices=enum_choices(SessionPart), validators=[DataRequired()])


class EnrolExistingForm(Form):
    participant_id = HiddenField(validators=[DataRequired()])


class ActionForm(Form):
    """A bare form for buttons that change something: it carries the CSRF token and nothing else."""


class RegistrationLinkForm(DateRangeForm):
    starts_on = DateField(_l("Opens on"), validators=[InputRequired()])
    ends_on = DateField(_l("Closes on (last day)"), validators=[InputRequired()])
    capacity = IntegerField(_l("Capacity (optional)"), validators=[Optional(), NumberRange(min=1, max=10_000)],
                            description=_l("Most registrations taken through the link; empty for no limit."))


class PublicRegistrationForm(ParticipantForm):
    consent = BooleanField(_l("I agree that the organisers record and process these details to run the workshop, "
                              "issue my certificate and report anonymous totals to the donors."))
    #: A honeypot: hidden from people, filled in by bots; a registration that fills it is silently dropped.
    website = StringField(_l("Website"), render_kw={"autocomplete": "off", "tabindex": "-1"})


class SignedSheetForm(Form):
    sheet = FileField(_l("Signed sheet (PDF, PNG or JPEG, up to 10 MB)"),
                      validators=[FileRequired(_l("Choose the scanned file."))])
