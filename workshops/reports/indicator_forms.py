"""The form that records an indicator: what it counts, for which objective and roles, from where to where, by when.

The rules live in reports.indicators (`problems`), which the services apply too; the form shows every problem
next to its field at once and keeps what was typed.
"""
import re
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import DateField, Field, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import TextInput

from workshops.forms import enum_choices
from workshops.people.models import RoleCategory
from workshops.programmes.models import Project
from workshops.reports.forms import Checkboxes
from workshops.reports.indicators import IndicatorDetails, problems
from workshops.reports.models import Measure
from workshops.text import ARABIC_INDIC_DIGITS
from workshops.versions import VersionedForm

#: Up to ten digits, then at most two decimals after a point, a comma or the Arabic decimal separator ("30,5").
_PLAIN = re.compile(r"(\d{1,10})(?:[.,٫](\d{1,2}))?")
#: Thousands grouped by commas, spaces or the Arabic thousands separator, then decimals after a point
#: ("2,000", "1 234 567.50", "٢٬٠٠٠"). A comma followed by three digits groups thousands; by one or two, it is
#: a decimal comma.
_GROUPED = re.compile(r"(\d{1,3}(?:([,\s٬])\d{3})(?:\2\d{3})*)(?:[.٫](\d{1,2}))?")


def amount(text: str | None) -> Decimal | None:
    """The number typed, or None when it is not one a baseline or a target can be (more than ten digits before
    the point, more than two after, NaN, an exponent)."""
    typed = (text or "").strip().translate(ARABIC_INDIC_DIGITS)
    if found := _PLAIN.fullmatch(typed):
        whole, decimals = found.group(1), found.group(2)
    elif found := _GROUPED.fullmatch(typed):
        whole, decimals = re.sub(r"\D", "", found.group(1)), found.group(3)
        if len(whole) > 10:
            return None
    else:
        return None
    return Decimal(f"{whole}.{decimals or '0'}")


class AmountField(Field):
    """A baseline or a target: a plain decimal number, read without float or Decimal's NaN and Infinity."""

    widget = TextInput()

    def process_formdata(self, valuelist) -> None:
        if valuelist and valuelist[0].strip():
            self.data = amount(valuelist[0])
            if self.data is None:
                raise ValueError(_l("Give a number of at most ten digits, with at most two decimals (2000 or 30.5)."))

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else format(Decimal(self.data).normalize(), "f")


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
