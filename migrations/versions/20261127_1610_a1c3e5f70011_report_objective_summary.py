"""The reports' summary per objective and year, and the sets of workshops by kind of person; filled from the
workshops' rows of the summary

Revision ID: a1c3e5f70011
Revises: a1c3e5f70010
Create Date: 2026-11-27 23:00:00

"""
from collections import defaultdict

from alembic import op
import sqlalchemy as sa
from pyroaring import BitMap


# revision identifiers, used by Alembic.
revision = 'a1c3e5f70011'
down_revision = 'a1c3e5f70010'
branch_labels = None
depends_on = None

KIND = ['country_code', 'sex', 'role_category', 'age_group']
SUMS = ['participations', 'scored', 'gain_total']


def _kind_columns():
    return [sa.Column('country_code', sa.String(length=2), nullable=False),
            sa.Column('sex', sa.String(length=1), nullable=False),
            sa.Column('role_category', sa.String(length=20), nullable=False),
            sa.Column('age_group', sa.String(length=10), nullable=False)]


def _group_columns(table):
    return [sa.Column('objective_id', sa.Integer(), nullable=False),
            sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
            sa.ForeignKeyConstraint(['objective_id'], ['objective.id'],
                                    name=op.f(f'fk_{table}_objective_id_objective'), ondelete='CASCADE')]


def _sum_columns():
    return [sa.Column(name, sa.Integer(), nullable=False) for name in SUMS]


def upgrade():
    op.create_table('report_group_completers', *_group_columns('report_group_completers'),
                    sa.Column('age_group', sa.String(length=10), nullable=False),
                    sa.Column('people', sa.LargeBinary(), nullable=False), *_sum_columns(),
                    sa.PrimaryKeyConstraint('objective_id', 'year', 'age_group',
                                            name=op.f('pk_report_group_completers')))
    op.create_table('report_group_completions', *_group_columns('report_group_completions'), *_kind_columns(),
                    *_sum_columns(),
                    sa.PrimaryKeyConstraint('objective_id', 'year', *KIND, name=op.f('pk_report_group_completions')),
                    sqlite_with_rowid=False)
    op.create_index('ix_report_group_completions_person', 'report_group_completions',
                    [*KIND, 'objective_id', 'year', *SUMS])
    op.create_table('report_workshops_by', *_kind_columns(),
                    sa.Column('workshops', sa.LargeBinary(), nullable=False),
                    sa.PrimaryKeyConstraint(*KIND, name=op.f('pk_report_workshops_by')))
    _fill(op.get_bind())


def _fill(connection):
    year = ('CAST(EXTRACT(YEAR FROM w.starts_on) AS INTEGER)' if connection.dialect.name == 'postgresql'
            else "CAST(strftime('%Y', w.starts_on) AS INTEGER)")
    kind, sums = ', '.join(f'c.{name}' for name in KIND), ', '.join(f'SUM(c.{name})' for name in SUMS)
    connection.execute(sa.text(
        f"""INSERT INTO report_group_completions (objective_id, year, {', '.join(KIND)}, {', '.join(SUMS)})
            SELECT w.objective_id, {year}, {kind}, {sums}
            FROM report_completions c JOIN workshop w ON w.id = c.workshop_id
            GROUP BY w.objective_id, {year}, {kind}"""))
    united = defaultdict(lambda: [BitMap(), 0, 0, 0])
    for objective_id, year_started, age_group, people, scored, gain in connection.execute(sa.text(
            f"""SELECT w.objective_id, {year}, c.age_group, c.people, c.scored, c.gain_total
                FROM report_completers c JOIN workshop w ON w.id = c.workshop_id""")):
        people = BitMap.deserialize(people)
        sums_of = united[(objective_id, year_started, age_group)]
        sums_of[0] |= people
        sums_of[1] += len(people)
        sums_of[2] += scored
        sums_of[3] += gain
    if united:
        connection.execute(sa.text(
            "INSERT INTO report_group_completers (objective_id, year, age_group, people, participations, scored, "
            "gain_total) VALUES (:objective_id, :year, :age_group, :people, :participations, :scored, :gain)"),
            [{'objective_id': o, 'year': y, 'age_group': a, 'people': s[0].serialize(), 'participations': s[1],
              'scored': s[2], 'gain': s[3]} for (o, y, a), s in united.items()])
    workshops = defaultdict(BitMap)
    for workshop_id, *key in connection.execute(sa.text(
            f"SELECT workshop_id, {', '.join(KIND)} FROM report_completions")):
        workshops[tuple(key)].add(workshop_id)
    if workshops:
        connection.execute(sa.text(
            f"INSERT INTO report_workshops_by ({', '.join(KIND)}, workshops) "
            f"VALUES ({', '.join(':' + name for name in KIND)}, :workshops)"),
            [dict(zip(KIND, key)) | {'workshops': members.serialize()} for key, members in workshops.items()])


def downgrade():
    op.drop_table('report_workshops_by')
    op.drop_index('ix_report_group_completions_person', table_name='report_group_completions')
    op.drop_table('report_group_completions')
    op.drop_table('report_group_completers')
