"""English, French and Arabic: which language a request gets (workshops.i18n), the switcher on every page, the
user's saved preference, right-to-left Arabic, and numbers, dates and country names as each language writes them.

French and Arabic wording is being translated as these tests are written; they check what does not depend on it
(lang and dir, Babel's numbers and dates, CLDR's country names, the locale chosen), and the catalog test
(test_catalogs.py) checks the wording.
"""
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from catalogs import read_catalog
from flask_babel import force_locale, get_locale, get_translations, gettext
from smtp_inbox import smtp_server, smtp_settings

from workshops import i18n
from workshops.audit.models import AuditEntry
from workshops.auth.models import Role, User
from workshops.auth.sessions import SECOND_FACTOR_DUE
from workshops.countries import country_choices
from workshops.dates import date_span
from workshops.extensions import db
from workshops.training.registration import open_link

HTML = re.compile(r'<html lang="([^"]*)" dir="([^"]*)">')
NARROW_SPACE = "\u202f"


def language_of(response) -> tuple[str, str]:
    """The page's (lang, dir) from its <html> element."""
    return HTML.search(response.get_data(as_text=True)).groups()


# --- Choosing the language ------------------------------------------------------------------------------------------

def test_lang_argument_switches_the_session_and_stays(client):
    assert language_of(client.get("/login?lang=fr")) == ("fr", "ltr")
    assert language_of(client.get("/login")) == ("fr", "ltr")
    assert language_of(client.get("/password/forgot")) == ("fr", "ltr")
    with client.session_transaction() as session:
        assert session[i18n.SESSION_KEY] == "fr"


@pytest.mark.parametrize("value", ["de", "", "FR", "fr-FR", "<script>", "ar\x00", "x" * 5000])
def test_an_unknown_lang_is_ignored_never_an_error(client, value):
    client.get("/login?lang=ar")
    response = client.get("/login", query_string={"lang": value})
    assert response.status_code == 200
    assert language_of(response) == ("ar", "rtl")  # the earlier choice stands


def test_lang_on_a_post_is_not_a_choice(client):
    client.post("/login?lang=fr", data={"email": "nobody@example.org", "password": "wrong"})
    assert language_of(client.get("/login")) == ("en", "ltr")


@pytest.mark.parametrize(("header", "expected"), [
    ("fr-FR,fr;q=0.9,en;q=0.8", "fr"), ("ar-EG,ar;q=0.9", "ar"), ("de", "en"), ("de-DE,de;q=0.9,fr;q=0.5", "fr"),
    ("", "en"), ("en-GB", "en"),
])
def test_anonymous_visitors_get_their_browser_language(client, header, expected):
    response = client.get("/login", headers={"Accept-Language": header})
    assert language_of(response)[0] == expected


def test_the_session_choice_beats_the_browser_language(client):
    client.get("/login?lang=en")
    assert language_of(client.get("/login", headers={"Accept-Language": "ar"})) == ("en", "ltr")


def test_the_locale_is_the_rule_everywhere_in_the_request(app, client):
    with app.test_request_context("/login", headers={"Accept-Language": "ar-EG"}):
        assert str(get_locale()) == "ar"
    with app.app_context():  # no request: a job, the command line
        assert str(get_locale()) == "en"


# --- Arabic, right to left ------------------------------------------------------------------------------------------

def test_arabic_pages_are_right_to_left_with_bootstraps_rtl_stylesheet(client):
    page = client.get("/login?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "vendor/bootstrap-5.3.9/bootstrap.rtl.min.css" in page and "bootstrap.min.css" not in page
    english = client.get("/login?lang=en").get_data(as_text=True)
    assert "vendor/bootstrap-5.3.9/bootstrap.min.css" in english and "bootstrap.rtl.min.css" not in english


def test_the_stylesheet_has_no_left_or_right_rules():
    """Logical properties only (margin-inline-start, ...), so that the layout mirrors in Arabic by itself."""
    from pathlib import Path

    import workshops

    css = (Path(workshops.__file__).parent / "static" / "workshops.css").read_text(encoding="utf-8")
    assert not re.findall(r"(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:|float\s*:", css)


# --- The switcher on every page -------------------------------------------------------------------------------------

@pytest.fixture
def registration_token(app, make_user, make_workshop):
    with app.app_context():
        workshop = make_workshop()
        link = open_link(workshop, date.today() - timedelta(days=1), date.today() + timedelta(days=7), None,
                         actor_id=make_user(Role.ADMIN).id)
        db.session.commit()
        return link.token


def switcher_links(page: str) -> list[tuple[str, str, str, bool]]:
    """(lang, hreflang, name, current) of each link of the anonymous switcher."""
    switcher = re.search(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', page, re.S).group(1)
    return [(lang, hreflang, name, 'aria-current="true"' in attributes) for attributes, lang, hreflang, name in
            re.findall(r'(<a href="[^"]*" lang="(\w+)" hreflang="(\w+)"[^>]*)>([^<]+)</a>', switcher)]


IN_FRENCH = [("en", "en", "English", False), ("fr", "fr", "Français", True), ("ar", "ar", "العربية", False)]


@pytest.mark.parametrize("address", ["/login", "/password/forgot", "/verify", "/verify/NO-SUCH-SERIAL",
                                     "/no-such-page"])
def test_every_public_page_has_the_switcher_each_language_in_itself(client, address):
    assert switcher_links(client.get(address + "?lang=fr").get_data(as_text=True)) == IN_FRENCH


def test_public_self_registration_has_the_switcher(client, registration_token):
    page = client.get(f"/register/{registration_token}?lang=fr").get_data(as_text=True)
    assert switcher_links(page) == IN_FRENCH


def test_switcher_links_keep_the_page_and_its_arguments(client):
    page = client.get("/verify?serial=ABC&lang=ar").get_data(as_text=True)
    assert 'href="/verify?serial=ABC&amp;lang=fr"' in page
    assert "lang=ar&amp;lang" not in page


def test_a_signed_in_user_switches_with_a_form_that_saves_the_preference(app, client, login):
    user = login(Role.TRAINER)
    page = client.get("/workshops").get_data(as_text=True)
    form = re.search(r'<form method="post" action="/account/language" class="language-switcher".*?</form>', page,
                     re.S).group(0)
    assert 'name="back" value="/workshops"' in form and 'name="csrf_token"' in form
    assert re.findall(r'<button type="submit" name="language" value="(\w+)" lang="(\w+)"', form) == [
        ("en", "en"), ("fr", "fr"), ("ar", "ar")]
    assert 'aria-current="true">English</button>' in form
    response = client.post("/account/language", data={"language": "ar", "back": "/workshops"})
    assert response.status_code == 303 and response.headers["Location"] == "/workshops"
    assert language_of(client.get("/workshops")) == ("ar", "rtl")
    with app.app_context():
        assert db.session.get(User, user.id).language == "ar"
        entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "user.language_changed")).one()
        assert entry.actor_id == user.id and entry.details["changes"] == {"language": [None, "ar"]}


def test_a_user_held_until_their_second_factor_is_set_up_may_still_switch(app, client, login):
    user = login(Role.TRAINER)
    with client.session_transaction() as session:
        session[SECOND_FACTOR_DUE] = True
    response = client.post("/account/language", data={"language": "fr", "back": "/account/security"})
    assert response.headers["Location"] == "/account/security"
    assert language_of(client.get("/account/security")) == ("fr", "ltr")
    with app.app_context():
        assert db.session.get(User, user.id).language == "fr"


def test_lang_links_while_signed_in_write_nothing(app, client, login):
    """A GET never changes what is saved: ?lang= is for this browser session only."""
    user = login(Role.TRAINER)
    assert language_of(client.get("/workshops?lang=fr")) == ("fr", "ltr")
    with app.app_context():
        assert db.session.get(User, user.id).language is None
        assert not db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "user.language_changed")).all()


# --- The saved preference -------------------------------------------------------------------------------------------

def test_the_account_page_has_the_preference_form(client, login):
    login(Role.TRAINER, language="fr")
    page = client.get("/account/password").get_data(as_text=True)
    assert '<form method="post" action="/account/language" aria-labelledby="language-heading"' in page
    assert '<option lang="fr" selected value="fr">Français</option>' in page
    response = client.post("/account/language", data={"language": "en"})
    assert response.status_code == 303 and response.headers["Location"] == "/account/password"
    assert language_of(client.get("/account/password")) == ("en", "ltr")


@pytest.mark.parametrize("data", [{"language": "de"}, {"language": ""}, {}, {"language": ["x" * 9000, "fr"]}])
def test_a_bad_language_is_refused_not_an_error(app, client, login, data):
    user = login(Role.TRAINER)
    assert client.post("/account/language", data=data).status_code == 400
    with app.app_context():
        assert db.session.get(User, user.id).language is None


def test_the_form_never_sends_off_site(client, login):
    login(Role.TRAINER)
    for back in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post("/account/language", data={"language": "fr", "back": back})
        assert response.headers["Location"] == "/account/password"


def test_the_preference_applies_at_the_next_sign_in(app, client, make_user):
    user = make_user(Role.TRAINER, language="ar")
    client.get("/login?lang=fr")  # what this browser chose before signing in gives way to the saved preference
    from conftest import PASSWORD

    client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert language_of(client.get("/workshops", headers={"Accept-Language": "fr"})) == ("ar", "rtl")
    assert language_of(client.get("/workshops?lang=en")) == ("en", "ltr")  # a session choice still wins


def test_without_a_preference_the_browser_language_follows_through_sign_in(client, login):
    login(Role.TRAINER)
    assert language_of(client.get("/workshops", headers={"Accept-Language": "fr-CA"})) == ("fr", "ltr")


# --- Numbers, dates and names in the reader's language --------------------------------------------------------------

def test_budgets_are_written_as_each_language_writes_numbers(client, login, make_project):
    login(Role.ADMIN)
    make_project()
    assert "1,120,693.41" in client.get("/projects?lang=en").get_data(as_text=True)
    french = client.get("/projects?lang=fr").get_data(as_text=True)
    assert f"1{NARROW_SPACE}120{NARROW_SPACE}693,41" in french and "1,120,693.41" not in french
    arabic = format_decimal(Decimal("1120693.41"), format="#,##0.00", locale="ar")
    assert arabic in client.get("/projects?lang=ar").get_data(as_text=True)


def test_workshop_dates_are_written_in_the_language(client, registration_token):
    page = client.get(f"/register/{registration_token}?lang=fr").get_data(as_text=True)
    assert date_span(date(2025, 3, 3), date(2025, 3, 7), "fr") in page and "mars" in page


def test_country_names_sort_as_french_readers_expect():
    names = [name for _code, name in country_choices("fr")]
    assert names.index("Côte d’Ivoire") < names.index("Croatie") < names.index("Cuba")
    assert names.index("Égypte") < names.index("Espagne") < names.index("États-Unis") < names.index("Éthiopie")
    assert names.index("Îles Åland") < names.index("Inde")


def test_country_names_sort_as_english_readers_expect():
    names = [name for _code, name in country_choices("en")]
    assert names[:2] == ["Afghanistan", "Åland Islands"]
    assert names.index("Côte d’Ivoire") < names.index("Croatia") < names.index("Czechia")
    assert names.index("Réunion") < names.index("Romania")


def test_country_names_sort_in_arabic_alphabetical_order():
    names = [name for _code, name in country_choices("ar")]
    assert names.index("مصر") > names.index("كوبا") > names.index("تونس") > names.index("الأردن")


def test_the_registration_form_lists_countries_in_the_readers_order(client, registration_token):
    page = client.get(f"/register/{registration_token}?lang=fr").get_data(as_text=True)
    assert page.index(">Côte d’Ivoire<") < page.index(">Croatie<") < page.index(">Égypte<") < page.index(">France<")


# --- Kept pages and email -------------------------------------------------------------------------------------------

class TestPageCache:
    @pytest.fixture
    def app_settings(self):
        return {"PAGE_CACHE_SECONDS": 600}

    def test_a_page_kept_in_french_is_never_served_in_english(self, client, login):
        login(Role.ADMIN)
        client.get("/projects?lang=fr")
        french = client.get("/participants")
        assert language_of(french) == ("fr", "ltr")
        client.get("/projects?lang=en")
        english = client.get("/participants")
        assert language_of(english) == ("en", "ltr")
        client.get("/projects?lang=fr")
        assert client.get("/participants").get_data() == french.get_data()  # kept, and kept apart


class TestEmail:
    @pytest.fixture
    def inbox(self):
        with smtp_server() as server:
            yield server

    @pytest.fixture
    def app_settings(self, inbox):
        return smtp_settings(inbox)

    @staticmethod
    def subject_in(language: str) -> str:
        if language == "en":
            return "Choose a new password for Workshops"
        translated = read_catalog(language).get("Choose a new password for Workshops").string
        assert translated and translated != "Choose a new password for Workshops"
        return translated

    def _send_link(self, client, app, recipient):
        with app.app_context():
            db.session.get(User, recipient.id).password_changed_at = db.func.now()  # a reset link, not an invitation
            db.session.commit()
        assert client.post(f"/users/{recipient.id}/password-link").status_code == 303

    def test_in_the_recipients_language(self, app, client, login, make_user, inbox):
        login(Role.ADMIN)  # reading in English
        self._send_link(client, app, make_user(Role.TRAINER, language="fr"))
        assert inbox.messages[-1]["Subject"] == self.subject_in("fr")

    def test_else_in_the_language_of_whoever_sent_it(self, app, client, login, make_user, inbox):
        login(Role.ADMIN)
        client.get("/users?lang=fr")
        self._send_link(client, app, make_user(Role.TRAINER))
        assert inbox.messages[-1]["Subject"] == self.subject_in("fr")
        self._send_link(client, app, make_user(Role.TRAINER, language="en"))
        assert inbox.messages[-1]["Subject"] == self.subject_in("en")
        assert language_of(client.get("/users")) == ("fr", "ltr")  # the sender's page stays in their language


def test_catalogs_are_found_outside_a_request_as_pdfs_made_in_jobs_need(app):
    catalog = read_catalog("fr")
    with app.app_context(), force_locale("fr"):
        assert any(path.endswith("fr/LC_MESSAGES/messages.mo") for path in get_translations().files)
        assert gettext("Wrong email or password.") == catalog.get("Wrong email or password.").string
