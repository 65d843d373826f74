"""A project as an IATI activity file (IATI Standard 2.03), for donors who ask their partners to publish there.

One `iati-activity` per project, its elements in the order the schema's sequence requires: identifier, reporting
organisation, title, descriptions, participating organisations (donors funding, implementing partners
implementing, the publisher accountable), status and dates, recipient countries (the beneficiary countries in
equal shares), the budget split by calendar year (IATI asks for budget periods of a year at most), and the
results: one per objective (an output), with the project-wide indicators first in a result of their own.

Each indicator carries its baseline (in the project's first year) and one period per calendar year of the
project, each with its target and, once the period has begun, its actual. Period values are levels at the end of
the period, counting everything since the project started, as the targets are levels to reach by the deadline:
a count's period target is where an even pace from the baseline would have it by then (reports.indicators), its
actual the baseline plus what the data counts up to that year. Actuals are disaggregated by sex and by the
trainees' country as IATI dimensions, each an `actual` of its own; what is disaggregated is what the data
counted (a baseline cannot be split), so a count's dimensions add up to its actual less its baseline. An
objective without indicators still reports, with the practitioners trained under it and no target.

The file is written in English (`xml:lang="en"`): the words it adds are the standard's, the titles are as typed.
"""
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, tostring

from flask import current_app
from flask_babel import force_locale

from workshops.extensions import db
from workshops.people.models import RoleCategory, Sex
from workshops.programmes.models import Objective, Project
from workshops.reports.figures import Breakdown, Dimension
from workshops.reports.indicators import (
    MEASURED,
    expected_by,
    indicators_of,
    scope_of,
    value_of,
)
from workshops.reports.models import Indicator, Measure
from workshops.reports.services import breakdown
from workshops.text import printable

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CURRENCY = "USD"
# IATI codelists: OrganisationRole, ActivityStatus, ActivityDateType, DescriptionType, ResultType,
# IndicatorMeasure, BudgetType, BudgetStatus.
FUNDING, ACCOUNTABLE, IMPLEMENTING = "1", "2", "4"
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED = "1", "2", "3", "4"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
GENERAL, OBJECTIVES, TARGET_GROUPS = "1", "2", "3"
OUTPUT = "1"
UNIT, PERCENTAGE = "1", "2"
ORIGINAL, INDICATIVE = "1", "1"
#: After its end, a project is in finalisation (accounts still open) for this long, then closed.
FINALISATION_PERIOD = timedelta(days=365)
#: How each measure's actuals are disaggregated. A share of women split by sex, countries or workshops split by
#: the trainees' sex or country would not add up to anything.
DISAGGREGATED = {Measure.TRAINEES: (Dimension.SEX, Dimension.COUNTRY),
                 Measure.PARTICIPATIONS: (Dimension.SEX, Dimension.COUNTRY),
                 Measure.KNOWLEDGE_GAIN: (Dimension.SEX, Dimension.COUNTRY),
                 Measure.WOMEN_SHARE: (Dimension.COUNTRY,), Measure.COUNTRIES: (), Measure.WORKSHOPS: ()}
SEX_NAMES = {Sex.FEMALE.value: "female", Sex.MALE.value: "male"}


def activity_code(project: Project) -> str:
    """The project's part of its IATI identifier: its number here, which no edit changes."""
    return f"P{project.id}"


def activity_identifier(project: Project) -> str:
    return f"{current_app.config['IATI_REPORTING_ORG_REF']}-{activity_code(project)}"


def activity_xml(project_id: int, *, viewer_id: int | None, generated_at: datetime) -> bytes:
    """The IATI activities file of one project, as UTF-8 bytes; figures counted in the viewer's scope."""
    project = db.session.get(Project, project_id)
    today = generated_at.date()
    root = Element("iati-activities", {"version": VERSION,
                                       "generated-datetime": generated_at.isoformat(timespec="seconds")})
    activity = SubElement(root, "iati-activity", {XML_LANG: "en", "default-currency": CURRENCY})
    SubElement(activity, "iati-identifier").text = activity_identifier(project)
    config = current_app.config
    _narrated(activity, "reporting-org", config["IATI_REPORTING_ORG_NAME"], ref=config["IATI_REPORTING_ORG_REF"],
              type=config["IATI_REPORTING_ORG_TYPE"])
    _narrated(activity, "title", project.title)
    _descriptions(activity, project)
    _participating_organisations(activity, project)
    SubElement(activity, "activity-status", code=activity_status(project, today))
    _activity_dates(activity, project, today)
    _recipient_countries(activity, project)
    _budgets(activity, project)
    _results(activity, project, _Tables(viewer_id), today)
    return tostring(root, encoding="utf-8", xml_declaration=True)


def _narrated(parent: Element, tag: str, text: str, **attributes) -> Element:
    element = SubElement(parent, tag, {name: value for name, value in attributes.items() if value is not None})
    SubElement(element, "narrative").text = printable(text)
    return element


def _descriptions(activity: Element, project: Project) -> None:
    general = f"Training workshops of the project “{project.title}”"
    if project.implementing_partners:
        general += f", implemented by {'; '.join(project.implementing_partners)}"
    if project.donors:
        general += f", funded by {', '.join(project.donors)}"
    _narrated(activity, "description", general + ".", type=GENERAL)
    if project.objectives:
        _narrated(activity, "description", " ".join(f"{objective.label}." for objective in project.objectives),
                  type=OBJECTIVES)
    if project.target_groups:
        _narrated(activity, "description", "; ".join(project.target_groups), type=TARGET_GROUPS)


def _participating_organisations(activity: Element, project: Project) -> None:
    for donor in project.donors:
        _narrated(activity, "participating-org", donor, role=FUNDING)
    config = current_app.config
    _narrated(activity, "participating-org", config["IATI_REPORTING_ORG_NAME"], role=ACCOUNTABLE,
              ref=config["IATI_REPORTING_ORG_REF"], type=config["IATI_REPORTING_ORG_TYPE"])
    for partner in project.implementing_partners:
        _narrated(activity, "participating-org", partner, role=IMPLEMENTING)


def activity_status(project: Project, today: date) -> str:
    """From the dates alone: not begun, running, ended within a year (accounts still open), or closed."""
    if today < project.starts_on:
        return PIPELINE
    if today <= project.ends_on:
        return IMPLEMENTATION
    return FINALISATION if today <= project.ends_on + FINALISATION_PERIOD else CLOSED


def _activity_dates(activity: Element, project: Project, today: date) -> None:
    """Planned dates always; actual ones once they have come (IATI refuses actual dates in the future)."""
    SubElement(activity, "activity-date", type=PLANNED_START, **{"iso-date": project.starts_on.isoformat()})
    if project.starts_on <= today:
        SubElement(activity, "activity-date", type=ACTUAL_START, **{"iso-date": project.starts_on.isoformat()})
    SubElement(activity, "activity-date", type=PLANNED_END, **{"iso-date": project.ends_on.isoformat()})
    if project.ends_on < today:
        SubElement(activity, "activity-date", type=ACTUAL_END, **{"iso-date": project.ends_on.isoformat()})


def apportion(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, in whole units that add up to it exactly (largest remainders)."""
    whole = sum(weights)
    if not whole:
        return [0] * len(weights)
    shares = [total * weight // whole for weight in weights]
    by_remainder = sorted(range(len(weights)), key=lambda index: (-(total * weights[index] % whole), index))
    for index in by_remainder[:total - sum(shares)]:
        shares[index] += 1
    return shares


def _recipient_countries(activity: Element, project: Project) -> None:
    """The beneficiary countries, in equal shares to the hundredth of a percent, adding up to 100."""
    codes = project.country_codes
    for code, hundredths in zip(codes, apportion(10_000, [1] * len(codes)), strict=True):
        SubElement(activity, "recipient-country", code=code, percentage=_number(Decimal(hundredths) / 100))


def years(project: Project) -> list[tuple[date, date]]:
    """The project's calendar years, the first and last cut at its dates."""
    return [(max(date(year, 1, 1), project.starts_on), min(date(year, 12, 31), project.ends_on))
            for year in range(project.starts_on.year, project.ends_on.year + 1)]


def _budgets(activity: Element, project: Project) -> None:
    """The budget by calendar year, in proportion to the project's days in each, to the cent."""
    periods = years(project)
    cents = apportion(int(project.budget_usd * 100), [(end - start).days + 1 for start, end in periods])
    for (start, end), amount in zip(periods, cents, strict=True):
        budget = SubElement(activity, "budget", type=ORIGINAL, status=INDICATIVE)
        SubElement(budget, "period-start", {"iso-date": start.isoformat()})
        SubElement(budget, "period-end", {"iso-date": end.isoformat()})
        SubElement(budget, "value", {"currency": CURRENCY, "value-date": start.isoformat()}).text = \
            _number(Decimal(amount) / 100)


class _Tables:
    """The tables the results need, each counted once: per scope (objective and role categories) and year, split
    by country and sex, counting everything from the project's start to the end of that year."""

    def __init__(self, viewer_id: int | None):
        self.viewer_id = viewer_id
        self._tables: dict[tuple, Breakdown] = {}

    def up_to(self, indicator: Indicator, year: int) -> Breakdown:
        key = (indicator.objective_id, frozenset(indicator.role_categories or ()), year)
        if key not in self._tables:
            self._tables[key] = breakdown(scope_of(indicator, year_to=year), Dimension.COUNTRY, Dimension.SEX,
                                          viewer_id=self.viewer_id)
        return self._tables[key]


def _results(activity: Element, project: Project, tables: _Tables, today: date) -> None:
    by_objective: dict[int | None, list[Indicator]] = defaultdict(list)
    for indicator in indicators_of(project.id):
        by_objective[indicator.objective_id].append(indicator)
    if by_objective[None]:
        _result(activity, project, project.title, "Indicators of the project as a whole.", by_objective[None],
                tables, today)
    for objective in project.objectives:
        _result(activity, project, objective.label, objective.description,
                by_objective[objective.id] or [_trained_under(objective)], tables, today)


def _trained_under(objective: Objective) -> Indicator:
    """What an objective without indicators reports: its practitioners trained, with no target (never saved)."""
    return Indicator(project_id=objective.project_id, objective_id=objective.id, measure=Measure.TRAINEES,
                     title="Practitioners trained", role_categories=[], baseline=Decimal(0), target=None)


def _result(activity: Element, project: Project, title: str, description: str, indicators: list[Indicator],
            tables: _Tables, today: date) -> None:
    result = SubElement(activity, "result", type=OUTPUT)
    _narrated(result, "title", title)
    if description:
        _narrated(result, "description", description)
    for indicator in indicators:
        _indicator(result, project, indicator, tables, today)


def _indicator(result: Element, project: Project, indicator: Indicator, tables: _Tables, today: date) -> None:
    element = SubElement(result, "indicator", measure=PERCENTAGE if indicator.measure.is_percentage else UNIT,
                         ascending="true")
    _narrated(element, "title", indicator.title)
    _narrated(element, "description", _described(indicator))
    SubElement(element, "baseline", {"year": str(project.starts_on.year), "iso-date": project.starts_on.isoformat(),
                                     "value": _number(indicator.baseline or Decimal(0))})
    for start, end in years(project):
        period = SubElement(element, "period")
        SubElement(period, "period-start", {"iso-date": start.isoformat()})
        SubElement(period, "period-end", {"iso-date": end.isoformat()})
        if indicator.target is not None:
            target = expected_by(indicator, project.starts_on, end) if indicator.measure.is_count \
                else indicator.target
            SubElement(period, "target", value=_number(target))
        if start <= today:
            _actuals(period, indicator, tables.up_to(indicator, end.year))


def _described(indicator: Indicator) -> str:
    """What is counted, in the standard's words (the file is in English whatever the reader's language)."""
    with force_locale("en"):
        roles = ", ".join(str(RoleCategory(role).label) for role in indicator.role_categories or ())
        measured = str(indicator.measure.label) + (f": {roles}" if roles else "")
    return (f"{measured}; counted from the training records. Period values count everything from the project's "
            "start to the period's end.")


def _actuals(period: Element, indicator: Indicator, table: Breakdown) -> None:
    """The actual, then its disaggregations by sex and by country, each measured by the indicator's own rule."""
    value = value_of(indicator, table)
    if value is None:
        return
    SubElement(period, "actual", value=_number(value))
    for dimension in DISAGGREGATED[indicator.measure]:
        for key, part in _slices(table, dimension):
            measured = MEASURED[indicator.measure](part)
            if measured is not None:
                actual = SubElement(period, "actual", value=_number(measured))
                SubElement(actual, "dimension", name=dimension.value,
                           value=SEX_NAMES.get(key, key) if dimension is Dimension.SEX else key)


def _slices(table: Breakdown, dimension: Dimension) -> list[tuple[str, Breakdown]]:
    """The table cut into one table per sex or per country, so that each is measured like the whole."""
    if dimension is Dimension.SEX:
        return [(sex, Breakdown(rows=None, columns=Dimension.SEX, column_totals={sex: figures}, total=figures))
                for sex, figures in sorted(table.column_totals.items())]
    return [(code, Breakdown(rows=None, columns=Dimension.SEX, total=figures,
                             column_totals={sex: table.cell(code, sex) for sex in table.column_totals}))
            for code, figures in sorted(table.row_totals.items())]


def _number(value: Decimal) -> str:
    """2000.00 as "2000", 31.50 as "31.5": as the value is, without a needless decimal part."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")
