"""Indicators: what a project promised its donors, and how far the data says it has come.

A project, or one of its objectives, carries indicators ("2,000 practitioners trained", "at least 30 % women");
their baseline, target and deadline are typed, their progress never is: it is counted through reports.services
in the viewer's scope, with the indicator's objective and role categories as filters. The rules, one function
each:

- value: for a count, the baseline plus what the data counts (the baseline is where things stood before the
  project, and the project's workshops add to it); for a share or an average, what the data measures now;
- remaining: the target less the value, never below zero;
- expected by a day (counts only): the baseline plus the part of the way to the target that the time elapsed
  from the project's start to the deadline represents, rounded up to the whole number it takes;
- status: met once the value reaches the target; no data while nobody has completed a workshop in the
  indicator's scope; then, for a count, on track when the value is at least what is expected by now; a share or
  an average below its target is behind (it is measured, not accumulated, so it has no pace).
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from workshops import dates
from workshops.access.policy import Action, require
from workshops.audit.services import audited, record, snapshot
from workshops.enums import LabelledEnum
from workshops.exceptions import Conflict, DomainError
from workshops.extensions import db
from workshops.people.models import RoleCategory, Sex
from workshops.programmes.models import Project
from workshops.reports import charts
from workshops.reports.figures import Breakdown, Dimension, ReportFilters
from workshops.reports.models import Indicator, Measure
from workshops.reports.services import breakdown
from workshops.versions import FormVersion, versioned

#: What the trail records of an indicator.
INDICATOR_FIELDS = ("title", "measure", "objective_id", "role_categories", "baseline", "target", "deadline",
                    "position")
#: Numeric(12, 2): ten digits before the point.
LARGEST_AMOUNT = Decimal("9999999999.99")
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


class Status(LabelledEnum):
    MET = "met", _l("Target met")
    ON_TRACK = "on_track", _l("On track")
    BEHIND = "behind", _l("Behind")
    NO_DATA = "no_data", _l("No data yet")


@dataclass(frozen=True)
class Progress:
    """An indicator as the data stands on a day: `value` None when there is nothing to measure (a share of no
    trainees, an average of no scores); `expected` only for counts."""

    indicator: Indicator
    value: Decimal | None
    remaining: Decimal | None
    expected: Decimal | None
    status: Status
    on: date

    @property
    def reached(self) -> Decimal:
        """The value from 0 as far as the target, for a progress bar (which cannot go beyond its ends): a knowledge
        test can be worse after a workshop than before."""
        return max(min(self.value or Decimal(0), self.indicator.target), Decimal(0))


# --- The rules ---------------------------------------------------------------------------------------------------

def _trainees(table: Breakdown) -> Decimal:
    return Decimal(table.total.trainees)


def _participations(table: Breakdown) -> Decimal:
    return Decimal(table.total.participations)


def _workshops(table: Breakdown) -> Decimal:
    return Decimal(table.total.workshops)


def _women_share(table: Breakdown) -> Decimal | None:
    """Women among the trainees, in %, to a tenth."""
    if not table.total.trainees:
        return None
    women = table.column_totals.get(Sex.FEMALE.value)
    share = Decimal(100 * (women.trainees if women else 0)) / table.total.trainees
    return share.quantize(TENTH, ROUND_HALF_UP)


def _countries(table: Breakdown) -> Decimal:
    """Countries the trainees come from (the table's rows are countries)."""
    return Decimal(sum(1 for figures in table.row_totals.values() if figures.trainees))


def _knowledge_gain(table: Breakdown) -> Decimal | None:
    """The average gain (post-test minus pre-test) of the participations with both scores, to a tenth."""
    if not table.total.scored:
        return None
    return (Decimal(table.total.gain_total) / table.total.scored).quantize(TENTH, ROUND_HALF_UP)


#: What the data measures for each kind of indicator, from a table of its scope split by sex (and by country).
MEASURED = {Measure.TRAINEES: _trainees, Measure.PARTICIPATIONS: _participations, Measure.WORKSHOPS: _workshops,
            Measure.WOMEN_SHARE: _women_share, Measure.COUNTRIES: _countries,
            Measure.KNOWLEDGE_GAIN: _knowledge_gain}


def value_of(indicator: Indicator, table: Breakdown) -> Decimal | None:
    """A count adds what the data counts to the baseline; a share or an average is what the data measures."""
    measured = MEASURED[indicator.measure](table)
    if indicator.measure.is_count:
        return (indicator.baseline or Decimal(0)) + measured
    return measured


def remaining(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    return None if value is None else max(indicator.target - value, Decimal(0))


def elapsed_share(starts_on: date, deadline: date, on: date) -> Decimal:
    """How much of the time from the project's start to the deadline has passed on `on`, from 0 to 1."""
    if on >= deadline:
        return Decimal(1)
    if on <= starts_on:
        return Decimal(0)
    return Decimal((on - starts_on).days) / Decimal((deadline - starts_on).days)


def expected_by(indicator: Indicator, starts_on: date, on: date) -> Decimal | None:
    """Where a count should stand on `on` to reach its target by the deadline at an even pace: the whole number
    it takes (3.2 people expected is 4 to be on pace); None for levels."""
    if not indicator.measure.is_count:
        return None
    way = (indicator.target - indicator.baseline) * elapsed_share(starts_on, indicator.deadline, on)
    return (indicator.baseline + way).to_integral_value(ROUND_CEILING)


def status_of(indicator: Indicator, value: Decimal | None, expected: Decimal | None, counted: bool) -> Status:
    if value is not None and value >= indicator.target:
        return Status.MET
    if not counted or value is None:
        return Status.NO_DATA
    if expected is not None and value >= expected:
        return Status.ON_TRACK
    return Status.BEHIND


# --- Progress ------------------------------------------------------------------------------------------------------

def scope_of(indicator: Indicator, **narrower) -> ReportFilters:
    """What the indicator counts, as report filters (`narrower`: a year, for a period of the IATI file)."""
    return ReportFilters(project_id=indicator.project_id, objective_id=indicator.objective_id,
                         roles=frozenset(indicator.role_categories or ()), **narrower)


def table_for(indicators: Iterable[Indicator], filters: ReportFilters, *, viewer_id: int | None) -> Breakdown:
    """One table serves every indicator of one scope: split by sex (the total, women), and by country as well
    when one of them counts countries."""
    by_country = any(indicator.measure is Measure.COUNTRIES for indicator in indicators)
    return breakdown(filters, Dimension.COUNTRY if by_country else None, Dimension.SEX, viewer_id=viewer_id)


def measure(indicator: Indicator, table: Breakdown, starts_on: date, on: date) -> Progress:
    """The indicator's progress from a table of its scope (see table_for)."""
    value = value_of(indicator, table)
    expected = expected_by(indicator, starts_on, on)
    return Progress(indicator=indicator, value=value, remaining=remaining(indicator, value), expected=expected,
                    status=status_of(indicator, value, expected, counted=table.total.participations > 0), on=on)


def progress(indicator: Indicator | int, *, viewer_id: int | None, on: date | None = None) -> Progress:
    """One indicator's progress on `on` (today unless given), counted in the viewer's scope."""
    if not isinstance(indicator, Indicator):
        indicator = _existing(indicator)
    project = db.session.get(Project, indicator.project_id)
    table = table_for([indicator], scope_of(indicator), viewer_id=viewer_id)
    return measure(indicator, table, project.starts_on, on or dates.today())


def project_progress(project_id: int, *, viewer_id: int | None, on: date | None = None) -> list[Progress]:
    """Every indicator of the project, in order (see progress_of)."""
    return progress_of(indicators_of(project_id), viewer_id=viewer_id, on=on)


def progress_of(indicators: list[Indicator], *, viewer_id: int | None, on: date | None = None) -> list[Progress]:
    """The progress of these indicators, of one project or several, with one table per scope (project, objective
    and role categories) shared by the indicators that have it: a handful of queries however many there are."""
    groups: dict[tuple, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        groups[_scope_key(indicator)].append(indicator)
    tables = {key: table_for(members, scope_of(members[0]), viewer_id=viewer_id) for key, members in groups.items()}
    starts = dict(db.session.execute(select(Project.id, Project.starts_on).where(
        Project.id.in_({indicator.project_id for indicator in indicators}))).all()) if indicators else {}
    on = on or dates.today()
    return [measure(indicator, tables[_scope_key(indicator)], starts[indicator.project_id], on)
            for indicator in indicators]


def _scope_key(indicator: Indicator) -> tuple:
    return indicator.project_id, indicator.objective_id, frozenset(indicator.role_categories or ())


def indicators_of(project_id: int) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).options(selectinload(Indicator.objective))
                                   .where(Indicator.project_id == project_id)
                                   .order_by(Indicator.position, Indicator.id)))


# --- Changes -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorDetails:
    title: str
    measure: Measure
    baseline: Decimal
    target: Decimal
    deadline: date
    objective_id: int | None = None
    role_categories: tuple[str, ...] = ()


def problems(details: IndicatorDetails, project: Project) -> dict[str, str]:
    """Every rule the details break, by the field it concerns: a form shows them all at once, and the services
    refuse with the first, so that the command line is held to the same rules."""
    found: dict[str, str] = {}
    if not details.title.strip():
        found["title"] = _("Give the indicator a title, as the project document words it.")
    elif len(details.title.strip()) > 300:
        found["title"] = _("The title can hold at most 300 characters.")
    if details.objective_id is not None and details.objective_id not in {o.id for o in project.objectives}:
        found["objective_id"] = _("Choose one of this project's objectives, or the whole project.")
    if any(role not in RoleCategory._value2member_map_ for role in details.role_categories):
        found["role_categories"] = _("Choose role categories from the list.")
    if not project.starts_on <= details.deadline <= project.ends_on:
        found["deadline"] = _("The deadline must lie within the project's dates (%(dates)s).",
                              dates=_date_span(project))
    found.update(_amount_problems(details))
    return found


def _amount_problems(details: IndicatorDetails) -> dict[str, str]:
    found = {}
    for name in ("baseline", "target"):
        amount = getattr(details, name)
        if not amount.is_finite() or not Decimal(0) <= amount <= LARGEST_AMOUNT:
            found[name] = _("Give a number from 0 to 9,999,999,999.99.")
        elif details.measure.is_percentage and amount > 100:
            found[name] = _("A share is at most 100 %.")
        elif details.measure.is_count and amount != amount.to_integral_value():
            found[name] = _("A count is a whole number.")
    if found:
        return found
    if details.target <= 0:
        found["target"] = _("The target must be more than 0.")
    elif details.measure.is_count and details.target <= details.baseline:
        found["target"] = _("The target must be more than the baseline: progress runs from one to the other.")
    return found


def _date_span(project: Project) -> str:
    return dates.date_span(project.starts_on, project.ends_on, str(get_locale() or "en"))


def add_indicator(project_id: int, details: IndicatorDetails, *, actor_id: int | None) -> Indicator:
    require(actor_id, Action.EDIT_PROJECT, project_id=project_id)
    project = db.session.get(Project, project_id)
    if project is None:
        raise Conflict(_("This project no longer exists."))
    _check(details, project)
    last = db.session.scalar(select(func.max(Indicator.position)).where(Indicator.project_id == project_id))
    indicator = Indicator(project_id=project_id, position=(last or 0) + 1)
    with audited(actor_id, "indicator.created", indicator, INDICATOR_FIELDS, creating=True, project_id=project_id):
        _apply(indicator, details)
        db.session.add(indicator)
    return indicator


def update_indicator(indicator_id: int, details: IndicatorDetails, version: FormVersion | None, *,
                     actor_id: int | None) -> Indicator:
    """Refused if the indicator changed since the form was loaded at `version` (see workshops.versions)."""
    indicator = _existing(indicator_id)
    require(actor_id, Action.EDIT_PROJECT, project_id=indicator.project_id)
    with versioned(actor_id, "indicator.updated", indicator, INDICATOR_FIELDS, version,
                   project_id=indicator.project_id):
        _check(details, db.session.get(Project, indicator.project_id))
        _apply(indicator, details)
    return indicator


def delete_indicator(indicator_id: int, *, actor_id: int | None) -> None:
    """The trail keeps what the indicator said, so that a report once sent can still be explained."""
    indicator = _existing(indicator_id)
    require(actor_id, Action.EDIT_PROJECT, project_id=indicator.project_id)
    record(actor_id, "indicator.deleted", indicator, project_id=indicator.project_id,
           changes={field: (value, None) for field, value in snapshot(indicator, INDICATOR_FIELDS).items()})
    db.session.delete(indicator)
    db.session.flush()


def _existing(indicator_id: int) -> Indicator:
    indicator = db.session.get(Indicator, indicator_id)
    if indicator is None:
        raise Conflict(_("This indicator no longer exists: someone may have deleted it."))
    return indicator


def _check(details: IndicatorDetails, project: Project) -> None:
    found = problems(details, project)
    if found:
        field, message = next(iter(found.items()))
        raise DomainError(message, field=field)


def _apply(indicator: Indicator, details: IndicatorDetails) -> None:
    indicator.title = details.title.strip()
    indicator.measure = details.measure
    indicator.objective_id = details.objective_id
    indicator.role_categories = sorted(set(details.role_categories))
    # As the column gives them back, so that an unchanged amount is not recorded as changed.
    indicator.baseline, indicator.target = details.baseline.quantize(CENT), details.target.quantize(CENT)
    indicator.deadline = details.deadline


def progress_chart(progress: list[Progress], *, locale: str) -> charts.Chart:
    """Each indicator's bar: reached against target, with where the pace says it should be by now."""
    return charts.progress_bars(_("Indicators: reached against target"), [
        charts.Progress(item.indicator.title, float(item.value or 0), float(item.indicator.target),
                        float(item.expected) if item.expected is not None else None) for item in progress],
        locale=locale)
