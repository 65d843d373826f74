"""The form that records an indicator: what it counts, for which objective and roles, from where to where, by when.

The rules live in reports.indicators (`problems`), which the services apply too; the form shows every problem
next to its field at once and keeps what was typed.
"""
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from workshops.forms import AmountField, enum_choices
from workshops.people.models import RoleCategory
from workshops.programmes.models import Project
from workshops.reports.forms import Checkboxes
from workshops.reports.indicators import IndicatorDetails, problems
from workshops.reports.models import Measure
from workshops.versions import VersionedForm


def _objective_id(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class IndicatorForm(VersionedForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)],
                        description=_l("As the project document words it: “2,000 practitioners trained”."))
    measure = SelectField(_l("What is counted"), choices=enum_choices(Measure, blank=True),
                          validators=[InputRequired()])
    objective_id = SelectField(_l("Objective"), coerce=_objective_id,
                               description=_l("Only the workshops serving this objective count towards it."))
    role_categories = Checkboxes(_l("Role categories counted"), choices=enum_choices(RoleCategory),
                                 description=_l("None ticked: every role counts. “300 prosecutors and judges” "
                                                "counts prosecutors and judges."))
    baseline = AmountField(_l("Baseline"), validators=[InputRequired()], default=Decimal(0),
                           description=_l("Where things stood before the project started; a count adds what the "
                                          "project achieves to it."))
    target = AmountField(_l("Target"), validators=[InputRequired()],
                         description=_l("A number of people, participations, workshops or countries; a share in %; "
                                        "an average gain in points."))
    deadline = DateField(_l("Deadline"), validators=[InputRequired()],
                         description=_l("Within the project's dates."))

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.objective_id.choices = [("", _l("The whole project")),
                                     *((objective.id, objective.label) for objective in project.objectives)]

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then the indicator's rules, each message next to its field."""
        if not super().validate(extra_validators):
            return False
        found = problems(self.details(), self.project)
        for name, message in found.items():
            getattr(self, name).errors.append(message)
        return not found

    def details(self) -> IndicatorDetails:
        return IndicatorDetails(title=self.title.data.strip(), measure=Measure(self.measure.data),
                                baseline=self.baseline.data, target=self.target.data, deadline=self.deadline.data,
                                objective_id=self.objective_id.data,
                                role_categories=tuple(self.role_categories.data or ()))
