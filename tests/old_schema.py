"""Rows written in the first schema's own SQL, for the tests that upgrade data recorded before later revisions."""
from workshops.extensions import db

#: The first revision: tables as they were before printed names, name keys, designs and the rest.
FIRST_REVISION = "264588aa7acb"


def seed_certified_completer(*, name_ar: str | None = None) -> None:
    """One project, objective and workshop; Amina Haddad, enrolled, completed and holding the certificate
    AAAA-BBBB-CCCC, as the first schema held them (ids 1). The caller has upgraded to FIRST_REVISION and commits.

    Plain SQL rather than the models, which describe the newest schema; TRUE reads the same on SQLite and
    PostgreSQL."""
    for statement in (
        "INSERT INTO project (id, title, implementing_partners, donors, starts_on, ends_on, budget_usd,"
        " target_groups) VALUES (1, 'P', '[]', '[]', '2020-01-01', '2020-12-31', 0, '[]')",
        "INSERT INTO objective (id, project_id, number, title, description) VALUES (1, 1, 1, 'O', '')",
        "INSERT INTO workshop (id, objective_id, title, kind, theme, starts_on, ends_on, city, country_code,"
        " language, completion_threshold, status) VALUES (1, 1, 'W', 'national', 'tip', '2020-03-01',"
        " '2020-03-02', 'Cairo', 'EG', 'en', 80, 'completed')",
        "INSERT INTO participant (id, given_name, family_name, name_ar, sex, country_code, agency,"
        " role_category, position) VALUES (1, 'Amina', 'Haddad', :name_ar, 'F', 'EG', 'A', 'judge', '')",
        "INSERT INTO enrolment (id, workshop_id, participant_id, is_completed) VALUES (1, 1, 1, TRUE)",
        "INSERT INTO certificate (serial, enrolment_id) VALUES ('AAAA-BBBB-CCCC', 1)",
    ):
        db.session.execute(db.text(statement), {"name_ar": name_ar})
