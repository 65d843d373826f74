"""Every string the code and the templates show is translated into French and Arabic, with the same placeholders.

The strings are extracted from the sources as `make messages` extracts them (babel.cfg), not read from the .pot,
so a string added without running `make messages` fails here too.
"""
import re

import pytest
from catalogs import extracted_messages, read_catalog

#: A %-placeholder by name ("%(count)d"); "%%" is a literal percent sign, not one.
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


@pytest.fixture(scope="module")
def messages() -> dict:
    return extracted_messages()


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


def problems(message, catalog) -> str | None:
    """What is wrong with the translation of one msgid (a plural as its pair), or None."""
    entry = catalog.get(message)
    if entry is None:
        return "missing"
    if entry.fuzzy:
        return "fuzzy"
    forms = list(entry.string) if isinstance(entry.string, tuple | list) else [entry.string]
    if not all(forms):
        return "empty"
    expected = set().union(*map(placeholders, message)) if isinstance(message, tuple) else placeholders(message)
    if isinstance(message, tuple):
        # A plural form may leave the number out ("one file" in Arabic's singular), never add a placeholder.
        wrong = any(not placeholders(form) <= expected for form in forms) or set().union(
            *map(placeholders, forms)) != expected
    else:
        wrong = placeholders(forms[0]) != expected
    return "placeholders differ" if wrong else None


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_string_is_translated_with_its_placeholders(messages, language):
    catalog = read_catalog(language)
    found = {message: problems(message, catalog) for message in messages}
    wrong = {message: problem for message, problem in found.items() if problem}
    counts = {kind: sum(1 for problem in wrong.values() if problem == kind) for kind in set(wrong.values())}
    listed = "\n".join(f"  {problem}: {message!r} ({', '.join(sorted(messages[message]))})"
                       for message, problem in sorted(wrong.items(), key=lambda item: (item[1], str(item[0]))))
    assert not wrong, f"{len(wrong)} of {len(messages)} strings not ready in {language}: {counts}\n{listed}"


def test_the_extraction_finds_python_template_and_lazy_strings(messages):
    """The test above is only as good as what it compares: strings from each kind of source are there."""
    assert "Wrong email or password." in messages  # gettext in Python
    assert "Keep me signed in on this computer" in messages  # lazy_gettext (_l) in a form
    assert "Forgot your password?" in messages  # a template
    assert any(isinstance(message, tuple) for message in messages)  # ngettext's pairs


def test_placeholders_are_read_by_name():
    assert placeholders("%(count)d of %(total)s, 80 %% and %(rate).1f") == {"count", "total", "rate"}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_catalog_passes_babels_checks_as_make_install_compiles_it(language):
    """`pybabel compile` (make install) stops with an error on what Babel's checkers refuse: a translation whose
    %-placeholders differ from those Babel reads in the msgid, even a bare "% of" (read as "% o")."""
    refused = [f"{message.id!r}: {', '.join(map(str, errors))}" for message, errors in read_catalog(language).check()]
    assert not refused, "\n".join(refused)
