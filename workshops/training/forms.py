from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from workshops.auth.models import Role
from workshops.database import LARGEST_ID
from workshops.forms import CountryField, DateRangeForm, Form, choices, enum_choices, translation_field
from workshops.people.forms import ParticipantForm
from workshops.text import whole_number
from workshops.training.models import Language, SessionPart, Theme, WorkshopKind
from workshops.training.services import WorkshopDetails
from workshops.translated import in_language
from workshops.versions import VersionedForm


def chosen_id(value) -> int | None:
    """A row chosen in a list: the id as the form holds it (int) or as it was posted (text); None for the
    prompt or for anything that could not name a row."""
    return value if isinstance(value, int) else whole_number(value, LARGEST_ID, smallest=1)


class WorkshopForm(VersionedForm, DateRangeForm):
    objective_id = SelectField(_l("Objective"), coerce=chosen_id,
                               validators=[DataRequired(_l("Choose the objective this workshop serves."))],
                               description=_l("Every workshop serves exactly one objective of one project."))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    title_fr = translation_field(_l("Title in French"), "fr", 300)
    title_ar = translation_field(_l("Title in Arabic"), "ar", 300)
    kind = SelectField(_l("Kind"), choices=enum_choices(WorkshopKind), validators=[DataRequired()])
    theme = SelectField(_l("Theme"), choices=enum_choices(Theme), validators=[DataRequired()])
    city = StringField(_l("City"), validators=[DataRequired(), Length(max=100)])
    country_code = CountryField(_l("Host country"), validators=[DataRequired()])
    language = SelectField(_l("Language"), choices=enum_choices(Language), validators=[DataRequired()])
    completion_threshold = IntegerField(
        _l("Completion threshold (percentage of sessions)"), default=80,
        validators=[InputRequired(), NumberRange(min=1, max=100, message=_l("Give a percentage between 1 and 100."))],
        description=_l("A participant completes when present or late in at least this share of the sessions."))
    #: Ticked in groups by role (training/workshop_form.html), not chosen in a Ctrl-click list.
    trainer_ids = SelectMultipleField(_l("Trainers"), coerce=int)

    def __init__(self, *args, objectives=(), trainers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objective_id.choices = [SelectChoice("", _("Choose an objective")), *choices(
            (objective.id, _("%(project)s — objective %(number)d: %(title)s", project=in_language(objective.project,
                             "title"), number=objective.number, title=in_language(objective, "title")))
            for objective in objectives)]
        groups = {Role.TRAINER: _("Trainers"), Role.COORDINATOR: _("Coordinators")}
        self.trainer_ids.choices = [SelectChoice(user.id, user.full_name, optgroup=groups.get(user.role, ""))
                                    for user in sorted(trainers, key=lambda user: user.role != Role.TRAINER)]

    def details(self) -> WorkshopDetails:
        return WorkshopDetails(
            objective_id=self.objective_id.data, title=self.title.data, kind=WorkshopKind(self.kind.data),
            theme=Theme(self.theme.data), starts_on=self.starts_on.data, ends_on=self.ends_on.data,
            city=self.city.data, country_code=self.country_code.data, language=Language(self.language.data),
            completion_threshold=self.completion_threshold.data, trainer_ids=tuple(self.trainer_ids.data or ()),
            title_fr=self.title_fr.data, title_ar=self.title_ar.data)


class CopyWorkshopForm(Form):
    starts_on = DateField(_l("New start date"), validators=[InputRequired()],
                          description=_l("Every session moves by as many days as the start date."))
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    title_fr = translation_field(_l("Title in French"), "fr", 300)
    title_ar = translation_field(_l("Title in Arabic"), "ar", 300)


class CancelWorkshopForm(Form):
    reason = TextAreaField(_l("Why is it cancelled?"), validators=[DataRequired(), Length(max=500)])


class CloseWorkshopForm(Form):
    confirm = BooleanField(_l("Close it although the records listed above are missing"))


class SessionForm(Form):
    held_on = DateField(_l("Day"), validators=[InputRequired()])
    part = SelectField(_l("Part of the day"), choices=enum_choices(SessionPart), validators=[DataRequired()])


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
    """One upload form under a workshop's sessions: the day chosen in a list, not a form per session."""

    session_id = SelectField(_l("Session"), coerce=chosen_id, validators=[DataRequired(_l("Choose the session."))])
    sheet = FileField(_l("Signed sheet (PDF, PNG or JPEG, up to 10 MB)"),
                      validators=[FileRequired(_l("Choose the scanned file."))])

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.session_id.choices = [SelectChoice("", _("Choose a session")), *choices(
            (session.id, f"{format_date(session.held_on, 'EEE d MMM y')} · {session.part.label}")
            for session in sessions)]
