"""The attendance and score grids as forms: reading what a grid posts, and showing it again after a save.

Each cell posts the value it holds, and one hidden field, `shown`, the values the page showed when it was drawn
(`name=value` for each cell that held one, separated by spaces); only the cells that differ are edits. A refused
save comes back with every value as typed and each bad cell marked; a save that kept some cells comes back with
the cells someone else had changed meanwhile marked, the typed value still in the box.
"""
from collections.abc import Callable, Hashable, Mapping
from datetime import UTC, datetime
from functools import cache

from flask import render_template, request
from flask_babel import format_datetime, format_percent, get_locale, ngettext, to_user_timezone
from flask_babel import gettext as _
from markupsafe import Markup

from workshops.database import LARGEST_ID
from workshops.exceptions import DomainError
from workshops.forms import Form
from workshops.text import whole_number
from workshops.training import attendance
from workshops.training.attendance import MAXIMUM_SCORE, SCORE_STAGES, CellsRefused, ChangedMeanwhile, Edit, GridSave
from workshops.training.models import AttendanceStatus
from workshops.web import submit_form

_MARKS = {status.value: status for status in AttendanceStatus}
#: What `_score` makes of a box that holds no score.
_UNREADABLE = object()


class GridForm(Form):
    """A grid's CSRF token, and what the page shows again after a save: `typed` and `shown` hold, per cell,
    the text posted and the text the page had shown; `problems` a message per marked cell."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.typed: dict[Hashable, str] = {}
        self.shown: dict[Hashable, str] = {}
        self.problems: dict[Hashable, str] = {}
        self.conflicts = 0
        self._edits: dict[Hashable, Edit] = {}

    def label(self, value) -> str:
        """A cell's value as the messages about it name it."""
        raise NotImplementedError

    def name(self, cell) -> str:
        """The name a cell's box posts under."""
        raise NotImplementedError

    def saved(self, count: int) -> str:
        """What the page says after a save that changed `count` cells."""
        raise NotImplementedError

    def attach(self, refusal: DomainError) -> None:
        if isinstance(refusal, CellsRefused):
            self.problems = refusal.cells
        super().attach(refusal)

    def keep(self, outcome: GridSave) -> GridSave:
        """After a save that went through: the cells changed meanwhile keep what was typed in them, and the page
        now shows as theirs what they hold, so that saving again replaces it knowingly; the others show what is
        stored."""
        self.typed = {cell: self.typed[cell] for cell in outcome.conflicts}
        self.shown = {cell: "" if conflict.stored is None else str(conflict.stored)
                      for cell, conflict in outcome.conflicts.items()}
        self.problems = {cell: _changed_meanwhile(conflict, self.label(conflict.stored),
                                                  self.label(self._edits[cell].wanted))
                         for cell, conflict in outcome.conflicts.items()}
        self.conflicts = len(outcome.conflicts)
        return outcome

    def shown_field(self, stored: Mapping[Hashable, object]) -> str:
        """The hidden `shown` of the page: what it shows as stored, or, after a refusal, what the refused page had
        shown, since nothing of it was saved."""
        return " ".join(f"{self.name(cell)}={value}" for cell, value in (stored | self.shown).items()
                        if value not in ("", None))

    def _cells(self, prefixes: tuple[str, ...], read: Callable[[str], Hashable]) -> None:
        """`typed` and `shown` from every posted field named `<prefix><cell>`."""
        shown = dict(entry.partition("=")[::2] for entry in request.form.get("shown", "").split())
        for name, value in request.form.items():
            if name.startswith(prefixes):
                cell = read(name)
                if cell in self.typed:
                    raise DomainError(_("The grid was not understood; reload the page."))
                self.typed[cell], self.shown[cell] = value, shown.get(name, "")


class AttendanceForm(GridForm):
    def label(self, value) -> str:
        return value.label if value else _("no mark")

    def name(self, cell) -> str:
        return f"mark-{cell[0]}-{cell[1]}"

    def saved(self, count: int) -> str:
        return ngettext("Attendance saved: %(num)d mark changed.", "Attendance saved: %(num)d marks changed.", count)

    def edits(self) -> dict[tuple[int, int], Edit[AttendanceStatus]]:
        """{(enrolment_id, session_id): Edit} for every cell changed on the page; an unknown mark is refused."""
        self._cells(("mark-",), _session_cell)
        if any(shown not in _MARKS and shown != "" for shown in self.shown.values()):
            raise DomainError(_("The grid was not understood; reload the page."))
        unknown = {cell: _("Unknown attendance mark: %(value)s.", value=value[:20])
                   for cell, value in self.typed.items() if value not in _MARKS and value != ""}
        if unknown:
            raise CellsRefused(unknown)
        self._edits = {cell: Edit(_MARKS.get(self.shown[cell]), _MARKS.get(value))
                       for cell, value in self.typed.items() if value != self.shown[cell]}
        return self._edits


class ScoreForm(GridForm):
    def label(self, value) -> str:
        return _("empty") if value is None else str(value)

    def name(self, cell) -> str:
        return f"{cell[1]}-{cell[0]}"

    def saved(self, count: int) -> str:
        return ngettext("Scores saved: %(num)d score changed.", "Scores saved: %(num)d scores changed.", count)

    def edits(self) -> dict[tuple[int, str], Edit[int]]:
        """{(enrolment_id, "pre" or "post"): Edit} for every box changed; empty means not taken."""
        self._cells(tuple(f"{stage}-" for stage in SCORE_STAGES), _score_cell)
        shown = {cell: _score(text) for cell, text in self.shown.items()}
        if _UNREADABLE in shown.values():
            raise DomainError(_("The grid was not understood; reload the page."))
        typed = {cell: _score(text) for cell, text in self.typed.items()}
        unreadable = {cell: _("“%(value)s” is not a score from 0 to 100.", value=self.typed[cell].strip()[:10])
                      for cell, score in typed.items() if score is _UNREADABLE}
        if unreadable:
            raise CellsRefused(unreadable)
        self._edits = {cell: Edit(shown[cell], score) for cell, score in typed.items() if score != shown[cell]}
        return self._edits


def submit_grid(form: GridForm, save: Callable[[], GridSave], *, back: str, render: Callable[[int], object]):
    """web.submit_form for a grid, which may keep part of a save: the cells changed meanwhile by someone else
    are left alone and the others committed; then the grid is shown again at once (409) with those cells marked
    and the count of what was saved, rather than a redirect that would forget what was typed in them."""
    response = submit_form(form, None, lambda: form.keep(save()), success_url=lambda _outcome: back,
                           success_message=lambda outcome: form.saved(outcome.saved), render=render)
    return render(409) if form.conflicts else response


def render_attendance(form: AttendanceForm, workshop, status: int):
    """The attendance grid as stored, with what `form` carries over.

    The page is built for speed, a grid of 250 cells being the page trainers open most: per cell the template
    does no more than look up what the box holds (`values`, by enrolment and session id), the `<option>`s are
    drawn once per value rather than once per cell, and what the page shows is one hidden field, not one per cell.
    """
    grid = attendance.attendance_grid(workshop)
    return render_template("training/attendance.html", workshop=workshop, grid=grid, form=form,
                           columns=[session.id for session in grid.sessions], shown=form.shown_field(grid.marks),
                           values=_Cells(grid.marks) | form.typed, options=_mark_options(str(get_locale())),
                           rule=completion_rule(workshop.completion_threshold, len(grid.sessions))), status


def render_scores(form: ScoreForm, workshop, status: int):
    grid = attendance.attendance_grid(workshop)
    stored = {(enrolment.id, stage): getattr(enrolment, f"{stage}_test_score")
              for enrolment in grid.enrolments for stage in SCORE_STAGES}
    values = {cell: "" if score is None else str(score) for cell, score in stored.items()} | form.typed
    return render_template("training/scores.html", workshop=workshop, grid=grid, form=form, values=values,
                           shown=form.shown_field(stored), summary=attendance.score_summary(workshop.id)), status


def completion_rule(threshold: int, sessions: int) -> str:
    """The rule in words, as the workshop page says it (the same messages, translated once)."""
    return ngettext("Completion: present or late in the one session.",
                    "Completion: present or late in at least %(percent)s of the %(num)d sessions.", sessions,
                    percent=format_percent(threshold / 100))


class _Cells(dict):
    """Cell values by (row, column); a cell with none is empty."""

    def __missing__(self, _cell) -> str:
        return ""

    def __or__(self, other):
        return _Cells({**self, **other})


@cache
def _mark_options(_locale: str) -> "_MarkOptions":
    """Made once per language: the labels are translated when the options are drawn."""
    return _MarkOptions()


class _MarkOptions(dict):
    """The `<option>`s of a mark cell with each value selected, drawn once rather than per cell: a grid of 50
    people by five sessions has 250 cells, and a loop over the marks in each was most of the time the page took.
    A value that is no mark (posted by hand) is shown as it came, selected, before the real ones."""

    def __init__(self):
        choices = [("", "—"), *((status.value, status.label) for status in AttendanceStatus)]
        option = Markup('<option value="{}"{}>{}</option>')
        super().__init__({selected: Markup("").join(option.format(value, Markup(" selected") * (value == selected),
                                                                  label) for value, label in choices)
                          for selected, _label in choices})
        self.unselected = Markup("").join(option.format(value, "", label) for value, label in choices)

    def __missing__(self, value: str) -> Markup:
        return Markup('<option value="{0}" selected>{0}</option>').format(value) + self.unselected


def _changed_meanwhile(conflict: ChangedMeanwhile, theirs: str, yours: str) -> str:
    name = conflict.by or _("someone else")
    if conflict.at is None:
        return _("Changed by %(name)s since this page was loaded, to “%(theirs)s”. Yours, “%(yours)s”, is not "
                 "saved: save again to replace theirs.", name=name, theirs=theirs, yours=yours)
    return _("Changed by %(name)s at %(time)s, to “%(theirs)s”. Yours, “%(yours)s”, is not saved: save again "
             "to replace theirs.", name=name, time=_clock(conflict.at), theirs=theirs, yours=yours)


def _clock(moment: datetime) -> str:
    """HH:MM in the user's time zone, which is named (the app sets none: UTC); the day too if not today."""
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    same_day = to_user_timezone(moment).date() == to_user_timezone(datetime.now(UTC)).date()
    return format_datetime(moment, "HH:mm z" if same_day else "d MMM y, HH:mm z")


def _session_cell(name: str) -> tuple[int, int]:
    ids = [whole_number(part, LARGEST_ID, smallest=1) for part in name.split("-")[1:]]
    if len(ids) != 2 or None in ids:
        raise DomainError(_("The attendance grid was not understood; reload the page."))
    return ids[0], ids[1]


def _score_cell(name: str) -> tuple[int, str]:
    stage, _dash, identifier = name.partition("-")
    enrolment_id = whole_number(identifier, LARGEST_ID, smallest=1)
    if enrolment_id is None:
        raise DomainError(_("The score grid was not understood; reload the page."))
    return enrolment_id, stage


def _score(text: str):
    """A percentage in ASCII or Arabic-Indic digits, None for an empty box, _UNREADABLE for anything else ("²"
    passes str.isdigit but is no score)."""
    text = text.strip()
    if not text:
        return None
    score = whole_number(text, MAXIMUM_SCORE)
    return _UNREADABLE if score is None else score
