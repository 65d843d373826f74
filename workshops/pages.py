"""Pages that show what several areas hold, while each area imports only the areas below it.

The areas are layered: programmes, then people, then training, then certificates, then reports, and the
operations on a person's whole record (records) on top. A page belongs to the area of what it shows first (a
project, a person, a workshop), yet a project page lists its workshops and totals, a person's page their
workshops and certificates. The lower area cannot import those, or the areas would depend both ways.

So a page declares `Sections`, and an area above adds to it: a template to include and a function that gives its
context, or None when there is nothing to show this viewer. The page renders its own content, then each section
in order. The dependency points one way: the higher area knows the page; the page knows only templates' names.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Where a section goes on its page when the page has more than one place for them (a side column, say).
MAIN = "main"


@dataclass(frozen=True)
class Shown:
    """One section as the page includes it: `{% include shown.template %}` with `section` = `shown.context`."""

    template: str
    context: dict[str, Any]
    slot: str = MAIN


@dataclass(frozen=True)
class _Section:
    template: str
    context: Callable[..., dict[str, Any] | None]
    order: int
    slot: str


@dataclass
class Sections:
    """The sections other areas add to one page, in the order they ask for (ties in the order they were added)."""

    page: str
    _sections: list[_Section] = field(default_factory=list)

    def add(self, template: str, *, order: int = 50, slot: str = MAIN):
        """Decorate the function that gives the section's context from the page's ids and the viewer's id."""
        def register(context: Callable[..., dict[str, Any] | None]):
            if all(section.template != template for section in self._sections):
                self._sections.append(_Section(template, context, order, slot))
                self._sections.sort(key=lambda section: section.order)
            return context
        return register

    def shown(self, **arguments) -> list[Shown]:
        """What the page includes for these ids and this viewer; sections with nothing to show are left out."""
        return [Shown(section.template, context, section.slot) for section in self._sections
                if (context := section.context(**arguments)) is not None]


#: The start page: what each role asks first.
dashboard = Sections("dashboard")
#: A project: its objectives first, then its workshops and totals.
project_page = Sections("project")
#: A person's record: their details first, then their workshops and certificates.
participant_page = Sections("participant")
#: A workshop: its sessions and list first, then its certificates.
workshop_page = Sections("workshop")
