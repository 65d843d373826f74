"""Which language a request is answered in, decided by one rule, and what the language switcher shows.

The rule (select_locale), first that applies:
1. the language chosen in this browser session: `?lang=fr` on any GET address, or the switcher's form;
2. the signed-in user's saved preference (user.language);
3. the browser's Accept-Language, among the languages offered (fr-FR is French, ar-EG Arabic);
4. the default language.

`?lang=` only ever writes the session, never the database, so that a GET changes nothing anyone else sees; a
signed-in user's switcher is a small POST form (auth.views.choose_language) that saves the preference too.
"""
import functools
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import force_locale, get_locale, refresh
from flask_login import current_user

#: Session key of the language chosen in this browser session.
SESSION_KEY = "language"
#: The query argument that chooses a language for the session.
QUERY_ARGUMENT = "lang"
#: Each language named in itself, as the switcher and the preference form show it: a reader who cannot read the
#: page's current language still finds their own.
NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}
RIGHT_TO_LEFT = frozenset({"ar"})


def languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def is_language(value) -> bool:
    return isinstance(value, str) and value in languages()


def select_locale() -> str:
    """Flask-Babel's locale selector: the rule above, asked once per request (Flask-Babel keeps the answer)."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get(SESSION_KEY)
    if is_language(chosen):
        return chosen
    preferred = getattr(current_user, "language", None)
    if is_language(preferred):
        return preferred
    return request.accept_languages.best_match(languages()) or current_app.config["BABEL_DEFAULT_LOCALE"]


def choose_for_session(language: str) -> None:
    """This browser session speaks `language` from now on, this very response included."""
    if session.get(SESSION_KEY) != language:  # the same choice again sends no new session cookie
        session[SESSION_KEY] = language
        refresh()


def forget_session_choice() -> None:
    """At sign-in, a user with a saved preference gets it rather than what this browser chose before."""
    session.pop(SESSION_KEY, None)


def _language_from_query() -> None:
    """Before every request: a valid `?lang=` on a GET chooses the session's language; anything else is ignored."""
    if request.method == "GET" and is_language(request.args.get(QUERY_ARGUMENT)):
        choose_for_session(request.args[QUERY_ARGUMENT])


def register(app: Flask) -> None:
    """Before the other request hooks, so that a login redirect or a timed-out session's message is already in the
    language just chosen."""
    app.before_request(_language_from_query)


def language_for(user) -> str:
    """What a message to `user` is written in: their preference, else the language of whoever sends it now."""
    preferred = getattr(user, "language", None)
    return preferred if is_language(preferred) else str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def in_language_of(user):
    """`with in_language_of(user):` composes a message (subject, text) in the recipient's language."""
    return force_locale(language_for(user))


def direction(locale: str) -> str:
    return "rtl" if locale in RIGHT_TO_LEFT else "ltr"


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str
    #: This page, with ?lang= set to this language and the other arguments kept.
    url: str
    current: bool


@dataclass(frozen=True)
class Switcher:
    choices: list[LanguageChoice]
    #: This page without ?lang=: where the signed-in user's form returns (a ?lang= there would undo the choice).
    back: str


def switcher() -> Switcher:
    """The switcher of the page shown."""
    current = str(get_locale())
    arguments = [(key, value) for key, value in request.args.items(multi=True) if key != QUERY_ARGUMENT]
    choices = [LanguageChoice(code, NAMES.get(code, code), _address([*arguments, (QUERY_ARGUMENT, code)]),
                              code == current) for code in languages()]
    return Switcher(choices, _address(arguments))


def _address(arguments: list[tuple[str, str]]) -> str:
    return f"{request.path}?{urlencode(arguments)}" if arguments else request.path


@functools.cache
def _collator():
    """The Unicode Collation Algorithm's default order (pyuca, pure Python), built once per process (half a
    second). It orders names in English, French and Arabic as their readers expect: accents after the plain
    letter (Åland with the A's, Côte d'Ivoire before Croatie), Arabic in its alphabet's order."""
    from pyuca import Collator

    return Collator()


def collation_key(text: str) -> tuple:
    """Sort key for names shown to people; Python's own order puts every accented capital after Z."""
    return _collator().sort_key(text)
