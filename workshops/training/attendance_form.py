"""Reading the grids of a workshop: attendance (one select per participant and session) and test scores.

Each cell also posts the value it showed when the page was drawn; only cells whose value changed are saved,
so two trainers marking different cells of the same grid do not overwrite each other.
"""
from flask_babel import gettext as _

from workshops.database import LARGEST_ID
from workshops.exceptions import DomainError
from workshops.text import whole_number
from workshops.training.models import AttendanceStatus

MAXIMUM_SCORE = 100

_VALUES = {status.value: status for status in AttendanceStatus}


def cell_name(enrolment_id: int, session_id: int) -> str:
    return f"mark-{enrolment_id}-{session_id}"


def changed_marks(form_data) -> dict[tuple[int, int], AttendanceStatus | None]:
    """{(enrolment_id, session_id): status or None} for every cell the user changed; bad input is refused."""
    changes = {}
    for name, value in form_data.items():
        if not name.startswith("mark-"):
            continue
        cell = _cell(name)
        shown = form_data.get("was-" + name[len("mark-"):], "")
        if value not in _VALUES and value != "" or shown not in _VALUES and shown != "":
            raise DomainError(_("Unknown attendance mark: %(value)s.", value=value[:20]))
        if value != shown:
            changes[cell] = _VALUES.get(value)
    return changes


def _cell(name: str) -> tuple[int, int]:
    parts = name.split("-")
    ids = [whole_number(part, LARGEST_ID, smallest=1) for part in parts[1:]]
    if len(ids) != 2 or None in ids:
        raise DomainError(_("The attendance grid was not understood; reload the page."))
    return ids[0], ids[1]


def submitted_scores(form_data) -> dict[int, tuple[int | None, int | None]]:
    """{enrolment_id: (pre, post)} from the score grid's `pre-<id>` and `post-<id>` boxes; empty means not taken."""
    ids = {name.split("-", 1)[1] for name in form_data if name.startswith(("pre-", "post-"))}
    numbers = {identifier: whole_number(identifier, LARGEST_ID, smallest=1) for identifier in ids}
    if None in numbers.values() or len(set(numbers.values())) != len(numbers):
        raise DomainError(_("The score grid was not understood; reload the page."))
    return {number: (_score(form_data.get(f"pre-{identifier}", "")), _score(form_data.get(f"post-{identifier}", "")))
            for identifier, number in numbers.items()}


def _score(text: str) -> int | None:
    """A percentage in ASCII or Arabic-Indic digits; "²" passes str.isdigit but is no score."""
    text = text.strip()
    if not text:
        return None
    score = whole_number(text, MAXIMUM_SCORE)
    if score is None:
        raise DomainError(_("“%(value)s” is not a score from 0 to 100.", value=text[:10]))
    return score
