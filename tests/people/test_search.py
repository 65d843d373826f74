"""Searching the registry knows what duplicate matching knows: spellings of one name find each other.

Both searches use it: the registry list (/participants, within the viewer's scope) and the search of the
whole registry on a workshop's "Add participants" page. What is typed still comes first.
"""
import re

import pytest

from workshops.auth.models import Role
from workshops.people.models import RoleCategory, Sex


def listed(client, text: str) -> list[str]:
    """The names of the registry list for this search, in the order shown."""
    page = client.get("/participants", query_string={"q": text}).get_data(as_text=True)
    return re.findall(r'<td><a href="/participants/\d+">([^<]+)</a>', page)


def found_to_add(client, workshop, text: str) -> str:
    return client.get(f"/workshops/{workshop.id}/participants/add", query_string={"q": text}).get_data(as_text=True)


@pytest.mark.parametrize(("stored", "typed"), [
    ({"given_name": "Mohamed", "family_name": "Abbas"}, "Muhammad Abbas"),
    ({"given_name": "Mohamed", "family_name": "Abbas"}, "abbas mohammed"),
    ({"given_name": "Karim", "family_name": "Elmansouri"}, "El-Mansouri"),
    ({"given_name": "Karim", "family_name": "El Mansouri"}, "Elmansouri Karim"),
    ({"given_name": "Youssef", "family_name": "Abdel-Rahman"}, "Yusuf Abderrahmane"),
    ({"given_name": "Ahmed", "family_name": "Abbas", "name_ar": "أحمد عبّاس"}, "احمد عباس"),
    ({"given_name": "Fatima", "family_name": "Zahra", "name_ar": "فاطمة الزهراء"}, "فاطمه"),
])
def test_a_spelling_of_the_name_finds_the_person_in_both_searches(client, login, make_participant, make_workshop,
                                                                  stored, typed):
    person = make_participant(**stored)
    make_participant(given_name="Sara", family_name="Nasser")
    login(Role.ADMIN)
    assert listed(client, typed) == [person.full_name]
    assert person.full_name in found_to_add(client, make_workshop(), typed)


def test_the_name_as_typed_comes_first_then_its_other_spellings(client, login, make_participant):
    """Then the names holding every word as typed, then what the keys find; alphabetically the order would be
    Abbas Mohamed, Abbas Muhammad, Abbasi Mohamed, Abbasi Muhammad."""
    for given, family in (("Muhammad", "Abbasi"), ("Mohamed", "Abbasi"), ("Muhammad", "Abbas"), ("Mohamed", "Abbas")):
        make_participant(given_name=given, family_name=family)
    login(Role.ADMIN)
    assert listed(client, "Mohamed Abbas") == ["Mohamed Abbas", "Muhammad Abbas", "Mohamed Abbasi", "Muhammad Abbasi"]
    assert listed(client, "muhammad abbas") == ["Muhammad Abbas", "Mohamed Abbas", "Muhammad Abbasi", "Mohamed Abbasi"]


def test_only_words_of_a_name_are_folded(client, login, make_participant):
    """"ab_del" is not Abdel: %, _, digits and @ are searched as typed, so emails and phones never match loosely."""
    make_participant(given_name="Abdel", family_name="Karim", email="abdel.karim@example.org", phone="+20 100 200")
    login(Role.ADMIN)
    assert listed(client, "Abdul Kareem") == ["Abdel Karim"]
    for typed in ("ab_del", "abd%", "abdel.karim@example", "20 100"):
        assert listed(client, typed) == ([] if typed in ("ab_del", "abd%") else ["Abdel Karim"]), typed
    assert listed(client, "abdul.karim@example") == []


def test_the_keys_keep_to_the_viewers_scope(client, login, make_participant, make_workshop, make_project,
                                            make_objective, enrol):
    mine, theirs = make_project(), make_project()
    in_scope = make_participant(given_name="Mohamed", family_name="Abbas")
    out_of_scope = make_participant(given_name="Mohammed", family_name="Abbas", country_code="JO")
    enrol(make_workshop(make_objective(mine)), in_scope)
    enrol(make_workshop(make_objective(theirs)), out_of_scope)
    login(Role.COORDINATOR, projects=[mine])
    assert listed(client, "Muhammad Abbas") == ["Mohamed Abbas"]


def test_the_registry_list_shows_emails_only_to_those_who_may_see_them(client, login, make_participant,
                                                                       make_workshop, enrol):
    enrol(make_workshop(), make_participant(given_name="Leila", email="leila@example.org"))
    login(Role.COORDINATOR)
    assert "leila@example.org" in client.get("/participants").get_data(as_text=True)
    client.post("/logout")
    login(Role.LEAD)
    page = client.get("/participants").get_data(as_text=True)
    assert "Leila" in page and "leila@example.org" not in page


@pytest.mark.parametrize("app_settings", [{"ITEMS_PER_PAGE": 50}])
def test_a_page_of_fifty_is_two_queries_and_one_token(app, client, login, make_participant, count_queries):
    """The rows (whose emails show included) and their count; nothing asked per row; the CSRF token once."""
    for number in range(60):
        make_participant(given_name=f"Person{number:02d}", sex=Sex.MALE, role_category=RoleCategory.JUDGE,
                         name_ar="أمينة" if number % 2 else None)
    login(Role.ADMIN)
    with count_queries() as statements:
        page = client.get("/participants").get_data(as_text=True)
    about_people = [statement for statement in statements if "participant" in statement]
    assert len(about_people) == 2, about_people
    main = page[page.index("<main"):]  # the header holds the log-out and language forms, once per page
    assert page.count("<tr>") == 51 and main.count('name="csrf_token"') <= 1
    assert page.count("Judge") == 50 and "Egypt" in page
