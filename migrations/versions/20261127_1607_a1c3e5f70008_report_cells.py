"""The reports' maintained summary: completers' sets per workshop, people's sets by country, sex and role, and
participations per workshop and person kind; filled from the existing data

Revision ID: a1c3e5f70008
Revises: a1c3e5f70007
Create Date: 2026-11-27 16:07:00

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa
from pyroaring import BitMap


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70008'
down_revision = 'a1c3e5f70007'
branch_labels = None
depends_on = None

#: As reports.figures and reports.summary define it when this revision was written.
AGE_GROUP = """CASE WHEN p.year_of_birth IS NULL THEN 'unknown'
                    WHEN CAST(EXTRACT(YEAR FROM w.starts_on) AS INTEGER) - p.year_of_birth <= 35 THEN 'youth'
                    ELSE 'older' END"""
#: Covering indexes of report_completions, in the orders the reports group by.
INDEXES = {
    'ix_report_completions_person': ['country_code', 'sex', 'role_category', 'age_group', 'workshop_id'],
    'ix_report_completions_sex': ['workshop_id', 'sex', 'country_code', 'role_category', 'age_group'],
    'ix_report_completions_role': ['workshop_id', 'role_category', 'country_code', 'sex', 'age_group'],
    'ix_report_completions_age': ['workshop_id', 'age_group', 'country_code', 'sex', 'role_category'],
}
COMPLETED = """FROM enrolment e JOIN workshop w ON w.id = e.workshop_id JOIN participant p ON p.id = e.participant_id
               WHERE e.is_completed"""


def upgrade():
    op.create_table('report_completers',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('age_group', sa.String(length=10), nullable=False),
    sa.Column('people', sa.LargeBinary(), nullable=False),
    sa.Column('scored', sa.Integer(), nullable=False),
    sa.Column('gain_total', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'], name=op.f('fk_report_completers_workshop_id_workshop'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'age_group', name=op.f('pk_report_completers'))
    )
    op.create_table('report_completions',
    sa.Column('workshop_id', sa.Integer(), nullable=False),
    sa.Column('country_code', sa.String(length=2), nullable=False),
    sa.Column('sex', sa.String(length=1), nullable=False),
    sa.Column('role_category', sa.String(length=20), nullable=False),
    sa.Column('age_group', sa.String(length=10), nullable=False),
    sa.Column('participations', sa.Integer(), nullable=False),
    sa.Column('scored', sa.Integer(), nullable=False),
    sa.Column('gain_total', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['workshop_id'], ['workshop.id'],
                            name=op.f('fk_report_completions_workshop_id_workshop'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('workshop_id', 'country_code', 'sex', 'role_category', 'age_group',
                            name=op.f('pk_report_completions')),
    sqlite_with_rowid=False
    )
    for name, columns in INDEXES.items():
        op.create_index(name, 'report_completions', [*columns, 'participations', 'scored', 'gain_total'])
    op.create_table('report_people_by',
    sa.Column('dimension', sa.String(length=10), nullable=False),
    sa.Column('value', sa.String(length=20), nullable=False),
    sa.Column('people', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('dimension', 'value', name=op.f('pk_report_people_by'))
    )
    _fill(op.get_bind())


def _fill(connection):
    age = AGE_GROUP if connection.dialect.name == 'postgresql' else AGE_GROUP.replace(
        'CAST(EXTRACT(YEAR FROM w.starts_on) AS INTEGER)', "CAST(strftime('%Y', w.starts_on) AS INTEGER)")
    connection.execute(sa.text(
        f"""INSERT INTO report_completions (workshop_id, country_code, sex, role_category, age_group,
                                            participations, scored, gain_total)
            SELECT e.workshop_id, p.country_code, p.sex, p.role_category, {age}, COUNT(*),
                   COUNT(CASE WHEN e.pre_test_score IS NOT NULL AND e.post_test_score IS NOT NULL THEN 1 END),
                   COALESCE(SUM(CASE WHEN e.pre_test_score IS NOT NULL AND e.post_test_score IS NOT NULL
                                     THEN e.post_test_score - e.pre_test_score END), 0)
            {COMPLETED} GROUP BY e.workshop_id, p.country_code, p.sex, p.role_category, {age}"""))
    tests = {(w, a): (scored, gain) for w, a, scored, gain in connection.execute(sa.text(
        "SELECT workshop_id, age_group, SUM(scored), SUM(gain_total) FROM report_completions "
        "GROUP BY workshop_id, age_group"))}
    sets = defaultdict(BitMap)
    for workshop_id, age_group, person_id in connection.execute(sa.text(
            f"SELECT e.workshop_id, {age}, e.participant_id {COMPLETED}")):
        sets[(workshop_id, age_group)].add(person_id)
    if sets:
        connection.execute(sa.text("INSERT INTO report_completers (workshop_id, age_group, people, scored, "
                                   "gain_total) VALUES (:workshop_id, :age_group, :people, :scored, :gain)"),
                           [{'workshop_id': w, 'age_group': a, 'people': people.serialize(),
                             'scored': int(tests[(w, a)][0]), 'gain': int(tests[(w, a)][1])}
                            for (w, a), people in sets.items()])
    people = defaultdict(BitMap)
    for person_id, country, sex, role in connection.execute(sa.text(
            "SELECT id, country_code, sex, role_category FROM participant")):
        for dimension, value in (('country', country), ('sex', sex), ('role', role)):
            people[(dimension, value)].add(person_id)
    if people:
        connection.execute(sa.text("INSERT INTO report_people_by (dimension, value, people) "
                                   "VALUES (:dimension, :value, :people)"),
                           [{'dimension': d, 'value': v, 'people': s.serialize()} for (d, v), s in people.items()])


def downgrade():
    op.drop_table('report_people_by')
    for name in INDEXES:
        op.drop_index(name, table_name='report_completions')
    op.drop_table('report_completions')
    op.drop_table('report_completers')
