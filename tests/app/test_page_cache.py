"""Pages kept in memory (workshops.page_cache): served again only while nothing changed, and only to their session."""
import pytest
from form_data import workshop_form

from workshops.audit.models import DataVersion
from workshops.audit.services import record
from workshops.auth.models import Role
from workshops.extensions import db
from workshops.page_cache import data_version
from workshops.training.models import Workshop

CACHED = ("/workshops/{workshop}", "/workshops/{workshop}/attendance", "/participants")


@pytest.fixture
def app_settings() -> dict:
    return {"PAGE_CACHE_SECONDS": 600}


@pytest.fixture
def listed(make_workshop, make_participant, enrol):
    workshop = make_workshop()
    enrol(workshop, make_participant(given_name="Amal", family_name="Haddad"), attended=2)
    return workshop


@pytest.mark.parametrize("page", CACHED)
def test_a_page_seen_again_unchanged_costs_no_page_query(client, login, listed, page, count_queries):
    login(Role.ADMIN)
    url = page.format(workshop=listed.id)
    with count_queries() as first:
        drawn = client.get(url)
    with count_queries() as again:
        served = client.get(url)
    assert served.status_code == 200 and served.get_data() == drawn.get_data()
    # Signing in, the route's access rule and the counter still run; drawing the page does not.
    assert len(again) < len(first) and len(again) <= 5, [str(query) for query in again]


def test_a_change_through_a_service_is_seen_at_once(client, login, listed, make_objective):
    login(Role.ADMIN)
    url = f"/workshops/{listed.id}"
    assert "Renamed workshop" not in client.get(url).get_data(as_text=True)
    posted = client.post(f"/workshops/{listed.id}/edit",
                         data=workshop_form(listed.objective_id, title="Renamed workshop",
                                            starts_on=listed.starts_on.isoformat(),
                                            ends_on=listed.ends_on.isoformat(), version="1"))
    assert posted.status_code == 303, posted.get_data(as_text=True)
    assert "Renamed workshop" in client.get(url).get_data(as_text=True)


def test_marks_saved_on_the_grid_show_on_the_grid_and_the_workshop_page(client, login, listed, app):
    login(Role.ADMIN)
    grid = client.get(f"/workshops/{listed.id}/attendance").get_data(as_text=True)
    page = client.get(f"/workshops/{listed.id}").get_data(as_text=True)
    assert "2 / 5" in page
    with app.app_context():
        workshop = db.session.get(Workshop, listed.id)
        record(None, "workshop.updated", workshop, changes={"title": ("x", "y")})
        workshop.title = "Changed elsewhere"
        db.session.commit()
    assert "Changed elsewhere" in client.get(f"/workshops/{listed.id}").get_data(as_text=True)
    assert client.get(f"/workshops/{listed.id}/attendance").get_data(as_text=True) != grid


def test_the_counter_moves_once_per_committed_change_and_not_on_rollback(app, listed):
    with app.app_context():
        before = data_version()
        workshop = db.session.get(Workshop, listed.id)
        record(None, "workshop.updated", workshop, changes={"title": ("a", "b")})
        record(None, "workshop.updated", workshop, changes={"title": ("b", "c")})
        db.session.commit()
        assert data_version() == before + 1
        record(None, "workshop.updated", workshop, changes={"title": ("c", "d")})
        db.session.rollback()
        db.session.commit()  # nothing recorded in this transaction: the counter stays
        assert data_version() == before + 1
        assert db.session.get(DataVersion, 1).number == before + 1


def test_a_page_is_never_served_to_another_user(app, client, login, listed, make_user):
    from conftest import PASSWORD

    coordinator = login(Role.COORDINATOR)
    url = f"/workshops/{listed.id}"
    assert coordinator.full_name in client.get(url).get_data(as_text=True)
    client.post("/logout")
    other = make_user(Role.ADMIN, full_name="Another Admin")
    client.post("/login", data={"email": other.email, "password": PASSWORD})
    page = client.get(url).get_data(as_text=True)
    assert "Another Admin" in page and coordinator.full_name not in page


def test_a_page_with_a_message_to_show_once_is_drawn_not_served(client, login, listed):
    login(Role.ADMIN)
    url = f"/workshops/{listed.id}"
    client.get(url)
    client.post(f"/workshops/{listed.id}/sessions", data={})  # refused: the page keeps no message for later
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Shown once")]
    assert "Shown once" in client.get(url).get_data(as_text=True)
    assert "Shown once" not in client.get(url).get_data(as_text=True)
