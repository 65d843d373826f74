"""The totals page's question, asked in the query string so that a report can be bookmarked and shared."""
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    ValidationError,
    widgets,
)
from wtforms.validators import NumberRange, Optional

from workshops.countries import country_choices
from workshops.forms import Form, choices, enum_choices
from workshops.people.models import RoleCategory, Sex
from workshops.reports.figures import AgeGroup, Dimension, ReportFilters
from workshops.reports.tables import COLUMN_DIMENSIONS
from workshops.training.models import Theme, WorkshopKind
from workshops.translated import in_language, language_of

#: The languages a donor report is written in.
REPORT_LANGUAGES = {"en": "English", "fr": "Français", "ar": "العربية"}


class Checkboxes(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class TotalsForm(Form):
    class Meta:
        csrf = False  # a question, not a change: read from GET, bookmarkable

    project = SelectField(_l("Project"), coerce=lambda value: int(value) if value else None, validate_choice=True)
    objective = SelectField(_l("Objective"), coerce=lambda value: int(value) if value else None,
                            validate_choice=True)
    year_from = IntegerField(_l("From year"), validators=[Optional(), NumberRange(min=1990, max=2100)])
    year_to = IntegerField(_l("To year"), validators=[Optional(), NumberRange(min=1990, max=2100)])
    kinds = Checkboxes(_l("Workshop kind"), choices=enum_choices(WorkshopKind))
    themes = Checkboxes(_l("Theme"), choices=enum_choices(Theme))
    host_countries = SelectMultipleField(_l("Host country"))
    countries = SelectMultipleField(_l("Participant's country"))
    roles = Checkboxes(_l("Role category"), choices=enum_choices(RoleCategory))
    sexes = Checkboxes(_l("Sex"), choices=enum_choices(Sex))
    age_groups = Checkboxes(_l("Age group"), choices=enum_choices(AgeGroup))
    rows = SelectField(_l("Rows"), choices=enum_choices(Dimension), default=Dimension.COUNTRY.value)
    columns = SelectField(_l("Split by"), choices=[SelectChoice("", _l("No split")), *choices(
        (dimension.value, dimension.label) for dimension in COLUMN_DIMENSIONS)], default=Dimension.SEX.value)
    suppress = BooleanField(_l("For use outside the organisation: hide counts under 5"))
    language = SelectField(_l("Language of the PDF report"), choices=choices(REPORT_LANGUAGES.items()),
                           default="en")

    def __init__(self, *args, projects, objectives, locale: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.project.choices = [SelectChoice("", _l("All projects")),
                                *choices((project.id, in_language(project, "title", locale)) for project in projects)]
        self.objective.choices = [SelectChoice("", _l("All objectives")), *(
            SelectChoice(objective.id, objective.label_in(locale), render_kw={"data-project": objective.project_id},
                         optgroup=in_language(objective.project, "title", locale))
            for objective in objectives)]
        self._projects_of = {objective.id: objective.project_id for objective in objectives}
        self.host_countries.choices = self.countries.choices = choices(country_choices(locale))
        if not self.language.raw_data:  # not asked: the report in the reader's language
            language = language_of(locale)
            self.language.data = language if language in REPORT_LANGUAGES else "en"

    def validate_objective(self, field) -> None:
        if field.data and self.project.data and self._projects_of.get(field.data) != self.project.data:
            raise ValidationError(_l("This objective belongs to another project: choose one of the project's, "
                                     "or all objectives."))

    def validate_year_to(self, field) -> None:
        if field.data and self.year_from.data and field.data < self.year_from.data:
            raise ValidationError(_l("The last year comes before the first."))

    def validate_columns(self, field) -> None:
        if field.data and field.data == self.rows.data:
            raise ValidationError(_l("Split by something other than the rows."))

    def filters(self) -> ReportFilters:
        """The question as the counting services take it; the objective's project stands in for an unset one."""
        return ReportFilters(
            project_id=self.project.data or self._projects_of.get(self.objective.data),
            objective_id=self.objective.data, year_from=self.year_from.data, year_to=self.year_to.data,
            **{name: frozenset(getattr(self, name).data or ()) for name in (
                "kinds", "themes", "host_countries", "countries", "roles", "sexes", "age_groups")})

    def dimensions(self) -> tuple[Dimension, Dimension | None]:
        return Dimension(self.rows.data), Dimension(self.columns.data) if self.columns.data else None
