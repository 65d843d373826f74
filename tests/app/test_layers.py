"""Areas depend one way: each imports only the areas below it, so a change in a higher area cannot break a lower.

The order: programmes (projects, objectives), people (the registry), training (workshops, attendance), certificates,
reports, and records (operations on a person's whole record: merging, data held, erasure), with the demo loader
above everything. A lower area's page that shows a higher area's data does so through workshops.pages.

The platform beneath them (auth, audit, mail and the shared modules) imports no area. The permission model
(access) is the one exception by design: it is the single place that knows each area's scope columns, so it
reads their tables; areas call it, and it imports no area's services or views.
"""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "workshops"
#: Lowest first.
AREAS = ("programmes", "people", "training", "certificates", "reports", "records", "demo")
PLATFORM = ("auth", "audit", "mail")
#: What access may read of the areas: their models, and how a typed serial is normalised (`on="certificate"`).
ACCESS_MAY_READ = {"programmes.models", "people.models", "training.models", "certificates.models",
                   "certificates.serials"}


def imports_of(path: Path) -> set[str]:
    """Every `workshops.x...` module the file imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "workshops":
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("workshops."):
            found.add(node.module.removeprefix("workshops."))
        elif isinstance(node, ast.Import):
            found.update(alias.name.removeprefix("workshops.") for alias in node.names
                         if alias.name.startswith("workshops."))
    return found


def area_of(module: str) -> str:
    return module.split(".")[0]


def modules_in(area: str):
    return sorted((PACKAGE / area).rglob("*.py"))


@pytest.mark.parametrize("area", AREAS)
def test_an_area_imports_no_area_above_it(area):
    above = set(AREAS[AREAS.index(area) + 1:])
    offences = [f"{path.relative_to(PACKAGE)} imports {module}" for path in modules_in(area)
                for module in sorted(imports_of(path)) if area_of(module) in above]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize("platform", PLATFORM)
def test_the_platform_imports_no_area(platform):
    offences = [f"{path.relative_to(PACKAGE)} imports {module}" for path in modules_in(platform)
                for module in sorted(imports_of(path)) if area_of(module) in AREAS]
    assert not offences, "\n".join(offences)


def test_access_reads_only_the_areas_models():
    offences = [f"{path.relative_to(PACKAGE)} imports {module}" for path in modules_in("access")
                for module in sorted(imports_of(path))
                if area_of(module) in AREAS and ".".join(module.split(".")[:2]) not in ACCESS_MAY_READ]
    assert not offences, "\n".join(offences)
