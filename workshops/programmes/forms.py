from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from workshops.forms import AmountField, CountriesField, DateRangeForm, LinesField, translation_field
from workshops.programmes.services import ObjectiveDetails, ProjectDetails
from workshops.versions import VersionedForm


class ProjectForm(VersionedForm, DateRangeForm):
    trail_fields = {"country_codes": "beneficiary_countries"}

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    title_fr = translation_field(_l("Title in French"), "fr", 300)
    title_ar = translation_field(_l("Title in Arabic"), "ar", 300)
    implementing_partners = LinesField(_l("Implementing partners"), description=_l("One per line."))
    donors = LinesField(_l("Donors"), description=_l("One per line, as the donor report names them."))
    budget_usd = AmountField(_l("Budget (US$)"), digits=12, validators=[InputRequired()], message=_l(
        "Give the budget in US dollars, 0 or more, with at most two decimals (1120693.41)."))
    beneficiary_countries = CountriesField(_l("Beneficiary countries"), render_kw={"size": 8})
    target_groups = LinesField(_l("Target groups"), description=_l("One per line."))

    def details(self) -> ProjectDetails:
        return ProjectDetails(
            title=self.title.data.strip(), implementing_partners=self.implementing_partners.data,
            donors=self.donors.data, starts_on=self.starts_on.data, ends_on=self.ends_on.data,
            budget_usd=self.budget_usd.data, country_codes=self.beneficiary_countries.data or [],
            target_groups=self.target_groups.data, title_fr=self.title_fr.data, title_ar=self.title_ar.data)


class ObjectiveForm(VersionedForm):
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(min=1, max=999)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=500)])
    title_fr = translation_field(_l("Title in French"), "fr", 500)
    title_ar = translation_field(_l("Title in Arabic"), "ar", 500)
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])

    def details(self) -> ObjectiveDetails:
        return ObjectiveDetails(number=self.number.data, title=self.title.data.strip(),
                                description=(self.description.data or "").strip(), title_fr=self.title_fr.data,
                                title_ar=self.title_ar.data)
