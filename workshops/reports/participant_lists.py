"""Participant lists for spreadsheets: a workshop's list, or the registry as searched.

Emails and phones go only to the roles that contact participants; everyone else gets the list without them.
"""
from collections.abc import Iterator

from sqlalchemy import Select, case

from workshops.certificates.services import certificates_by_enrolment
from workshops.countries import country_name
from workshops.extensions import db
from workshops.people.models import Participant
from workshops.training.attendance import attendance_grid

PERSON = ("given_name", "family_name", "name_ar", "sex", "country_code", "country", "agency", "role_category",
          "position")
CONTACTS = ("email", "phone")
ATTENDANCE = ("sessions_attended", "sessions", "completed", "certificate_serial")


def _person(participant: Participant, with_contacts: bool, contacts_shown: bool = True) -> list:
    row = [participant.given_name, participant.family_name, participant.name_ar or "", participant.sex.value,
           participant.country_code, country_name(participant.country_code), participant.agency,
           participant.role_category.value, participant.position]
    contacts = [participant.email or "", participant.phone or ""] if contacts_shown else ["", ""]
    return row + contacts * with_contacts


def registry_header(with_contacts: bool) -> tuple[str, ...]:
    return PERSON + CONTACTS * with_contacts


def registry_rows(query: Select, contacts) -> Iterator[list]:
    """Rows of the searched registry, read in batches so a large registry never sits in memory twice.

    `contacts` is False, or a SQL condition saying, row by row, whose email and phone the reader may see.
    """
    if contacts is False:
        for participant in db.session.scalars(query.execution_options(yield_per=2000)):
            yield _person(participant, False)
        return
    shown = query.add_columns(case((contacts, True), else_=False))
    for participant, contacts_shown in db.session.execute(shown.execution_options(yield_per=2000)):
        yield _person(participant, True, contacts_shown)


def workshop_header(with_contacts: bool) -> tuple[str, ...]:
    return registry_header(with_contacts) + ATTENDANCE


def workshop_rows(workshop, with_contacts: bool) -> list[list]:
    grid = attendance_grid(workshop)
    certificates = certificates_by_enrolment(workshop_id=workshop.id)
    return [_person(enrolment.participant, with_contacts)
            + [grid.attended.get(enrolment.id, 0), len(grid.sessions), "yes" if enrolment.is_completed else "no",
               certificates[enrolment.id].serial if enrolment.id in certificates else ""]
            for enrolment in grid.enrolments]
