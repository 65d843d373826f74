"""What every template may call: filters, permissions, the navigation, links and translated strings.

Every page pays for these, some of them hundreds of times (a list of fifty rows says a few hundred strings), so
a permission is asked once per request however often a page asks it, and the strings skip flask_babel's search
for the catalogue on every call.
"""
from dataclasses import dataclass

from flask import Flask, g, request, url_for
from flask_babel import format_decimal, format_number, get_locale, get_translations
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from jinja2 import pass_eval_context
from markupsafe import Markup
from wtforms.fields import BooleanField, Field
from wtforms.widgets import Select

from workshops import i18n
from workshops.access.policy import Action, may
from workshops.audit.services import shown_details
from workshops.countries import country_name
from workshops.dates import date_span
from workshops.translated import comma, place
from workshops.translated import register_template_helpers as register_translated_helpers
from workshops.web import public_url


@dataclass(frozen=True)
class Section:
    """A link of the navigation bar and the part of the site it leads to."""

    label: str
    endpoint: str
    #: Where its pages live: each path and everything under it (/workshops, /workshops/3/attendance).
    paths: tuple[str, ...]
    #: Shown to those who may do this somewhere; None: to everyone signed in.
    action: Action | None = None


MAIN_SECTIONS = (
    Section(_l("Projects"), "programmes.list_projects", ("/projects", "/objectives")),
    Section(_l("Workshops"), "training.list_workshops",
            ("/workshops", "/registrations", "/imports", "/enrolments", "/certificates")),
    Section(_l("Participants"), "people.list_participants", ("/participants",)),
    Section(_l("Totals"), "reports.totals", ("/reports",), Action.SEE_TOTALS),
    Section(_l("Users"), "auth.list_users", ("/users", "/security"), Action.ADMINISTER),
    Section(_l("Audit trail"), "audit.trail", ("/audit",), Action.ADMINISTER),
)
ACCOUNT_SECTIONS = (
    Section(_l("My account"), "auth.change_password", ("/account/password",)),
    Section(_l("Sign-in security"), "security.account", ("/account/security", "/account/sessions")),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    #: The page shown is in this link's section: marked with aria-current for screen readers and styled.
    current: bool


@dataclass(frozen=True)
class Navigation:
    main: list[Link]
    account: list[Link]
    #: The start page is shown (the brand link leads there).
    at_start: bool


def register_template_helpers(app: Flask) -> None:
    app.template_filter("details")(shown_details)
    app.template_filter("date_span")(lambda first, last: date_span(first, last, str(get_locale())))
    app.template_filter("country")(lambda code: country_name(code, str(get_locale())))
    app.template_filter("number")(format_number)
    app.template_filter("money")(lambda amount: format_decimal(amount, format="#,##0.00"))
    app.template_filter("joined")(_joined)
    app.template_filter("place")(lambda city, country_code: place(city, country_code))
    app.template_filter("control_class")(control_class)
    register_translated_helpers(app)
    # After Babel's init_app, which installed its own.
    app.jinja_env.globals.update(_=_gettext, gettext=_gettext, ngettext=_ngettext)

    @app.context_processor
    def _helpers():
        locale = str(get_locale())
        return {"Action": Action, "may": _may_current_user, "public_url": public_url, "navigation": navigation,
                "text_direction": i18n.direction(locale), "locale": locale, "language_switcher": i18n.switcher}


@pass_eval_context
def _joined(eval_context, parts) -> str:
    """The parts of one line ("Amman، الأردن", "(4، 3 completed)") separated by the reader's comma, the empty ones
    left out (an optional year of birth).

    Not Babel's format_list: CLDR's Arabic list patterns join with و ("and") rather than a comma, and Babel 2.18
    repeats the second of two items in the Arabic "unit" style.
    """
    shown = [part for part in parts if part or part == 0]  # not None, "", nor an `x if y` without else
    if eval_context.autoescape:
        return Markup(comma()).join(shown)
    return comma().join(map(str, shown))


def control_class(field: Field) -> str:
    """Bootstrap's class for a field's control, by what it draws rather than its class's name: every <select> (a
    country, several countries, a subclass to come) gets form-select and its arrow; radio buttons do not."""
    if isinstance(field, BooleanField):
        return "form-check-input"
    return "form-select" if isinstance(field.widget, Select) else "form-control"


def _may_current_user(action: Action, **objects) -> bool:
    """Templates show a button only when the same rule as the route behind it allows it; each question is asked
    of the database once per request, however many times the page asks it (the navigation on every page)."""
    if not current_user.is_authenticated:
        return False
    # On the request, not on g: several requests may share one app context (a test holding one open).
    answers = request.environ.setdefault("workshops.template_permissions", {})
    key = (current_user.id, action, *sorted(objects.items()))
    if key not in answers:
        answers[key] = may(current_user.id, action, **objects)
    return answers[key]


def navigation() -> Navigation:
    """The signed-in user's navigation, the section of the page shown marked as current."""
    path = request.path
    return Navigation(main=_links(MAIN_SECTIONS, path), account=_links(ACCOUNT_SECTIONS, path), at_start=path == "/")


def _links(sections: tuple[Section, ...], path: str) -> list[Link]:
    return [Link(section.label, url_for(section.endpoint), _within(path, section.paths)) for section in sections
            if section.action is None or _may_current_user(section.action)]


def _within(path: str, roots: tuple[str, ...]) -> bool:
    """/workshops/3 is within /workshops, and /participants.csv within /participants; /workshopsx is not."""
    return any(path == root or path.startswith((root + "/", root + ".")) for root in roots)


def _catalogue():
    """The translations of the locale in force, found once per request and locale.

    flask_babel looks the catalogue up again for every string (its state, the locale, the domain: about 10 µs),
    which a list of fifty rows pays a few hundred times. Keyed by the locale, so that force_locale (a mail in the
    workshop's language) still gets its own.
    """
    locale = get_locale()
    if locale is None:  # no app context
        return get_translations()
    cached = g.get("template_catalogue")
    if cached is None or cached[0] is not locale:
        cached = g.template_catalogue = (locale, get_translations())
    return cached[1]


@pass_eval_context
def _gettext(eval_context, string: str, **variables) -> str:
    """Jinja's newstyle gettext: escaped when the template escapes, and always %-formatted (so "80 %%" is 80 %)."""
    return _formatted(eval_context, _catalogue().ugettext(string), variables)


@pass_eval_context
def _ngettext(eval_context, singular: str, plural: str, number: int, **variables) -> str:
    variables.setdefault("num", number)
    return _formatted(eval_context, _catalogue().ungettext(singular, plural, number), variables)


def _formatted(eval_context, translated: str, variables: dict) -> str:
    return (Markup(translated) if eval_context.autoescape else translated) % variables
