"""Reading participant spreadsheets as ministries send them: CSV, tab-separated text or XLSX, in the usual encodings.

Everything here is about turning a file into checked rows, each either a ParticipantDetails or the reasons it
cannot be one, in words a trainer can act on; nothing touches the database (importing the rows into a
workshop is training.sheet_import). Arabic Excel saves CSV in Windows-1256 and French Excel in Windows-1252,
with commas, semicolons or tabs, and "Unicode text" (.txt) in UTF-16 with tabs; headers come in English,
French or Arabic, with any case, accents and spacing. A date of birth is read as its year only: the registry
keeps the year, all the reports need, and never the date.
"""
import codecs
import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from openpyxl import load_workbook

from workshops import text as text_rule
from workshops.countries import code_for_name, fold
from workshops.people.models import RoleCategory, Sex
from workshops.people.services import EARLIEST_BIRTH_YEAR, ParticipantDetails, is_birth_year, latest_birth_year

#: The column each header stands for, by its folded spelling (see countries.fold) in English, French or Arabic.
HEADERS = {
    "given_name": ("given name", "first name", "firstname", "forename", "prenom", "prenoms", "الاسم الاول",
                   "الاسم"),
    "family_name": ("family name", "last name", "lastname", "surname", "nom", "nom de famille", "اسم العائلة",
                    "اللقب", "الكنية"),
    "name_ar": ("name in arabic", "arabic name", "name arabic", "nom en arabe", "nom arabe",
                "الاسم بالعربية", "الاسم بالعربي", "الاسم باللغة العربية"),
    "sex": ("sex", "gender", "sexe", "genre", "الجنس", "النوع"),
    "country": ("country", "country code", "nationality", "pays", "nationalite", "البلد", "الدولة", "الجنسية"),
    "agency": ("agency", "institution", "organisation", "organization", "ministry", "organisme", "administration",
               "agency or institution", "الجهة", "المؤسسة", "الوزارة", "جهة العمل"),
    "role_category": ("role", "role category", "category", "categorie", "profile", "profil", "الفئة",
                      "فئة الوظيفة"),
    "position": ("position", "rank", "title", "grade", "poste", "fonction", "position or rank", "المنصب",
                 "الرتبة", "الوظيفة"),
    "email": ("email", "e mail", "mail", "courriel", "adresse email", "adresse e mail", "email address",
              "البريد الالكتروني", "البريد"),
    "phone": ("phone", "telephone", "mobile", "tel", "phone number", "numero de telephone", "الهاتف",
              "رقم الهاتف", "الجوال"),
    #: A date of birth column is read too, as its year (see _year_of_birth).
    "year_of_birth": ("year of birth", "birth year", "year born", "yob", "date of birth", "birth date",
                      "birthdate", "dob", "annee de naissance", "date de naissance", "سنة الميلاد", "سنة الولادة",
                      "تاريخ الميلاد", "تاريخ الولادة"),
    "pre_test": ("pre test", "pre test score", "pretest", "pre test result", "test initial", "pre evaluation",
                 "الاختبار القبلي", "اختبار قبلي"),
    "post_test": ("post test", "post test score", "posttest", "post test result", "test final", "post evaluation",
                  "الاختبار البعدي", "اختبار بعدي"),
}
REQUIRED = ("given_name", "family_name", "sex", "country", "agency", "role_category")
SEXES = {Sex.FEMALE: ("f", "female", "woman", "femme", "feminin", "انثى", "أنثى", "امرأة"),
         Sex.MALE: ("m", "male", "man", "homme", "h", "masculin", "ذكر", "رجل")}
ROLES = {
    RoleCategory.LAW_ENFORCEMENT: ("law enforcement", "police", "border guard", "labour inspector", "forces de l ordre",
                                   "police judiciaire", "gendarmerie", "انفاذ القانون", "شرطة"),
    RoleCategory.PROSECUTOR: ("prosecutor", "procureur", "parquet", "ministere public", "نيابة", "وكيل نيابة",
                              "مدعي عام"),
    RoleCategory.JUDGE: ("judge", "juge", "magistrat", "magistrate", "قاض", "قاضي"),
    RoleCategory.FRONTLINE: ("frontline officer", "frontline", "first responder", "agent de premiere ligne",
                             "خط المواجهة", "الخطوط الامامية"),
    RoleCategory.VICTIM_SERVICES: ("victim service provider", "victim services", "social worker",
                                   "prestataire de services aux victimes", "travailleur social", "خدمات الضحايا",
                                   "اخصائي اجتماعي"),
    RoleCategory.POLICY: ("policy maker or legislator", "policy maker", "legislator", "parliamentarian",
                          "decideur", "legislateur", "parlementaire", "صانع سياسات", "مشرع", "برلماني"),
    RoleCategory.OTHER: ("other", "autre", "اخرى", "أخرى"),
}
LIMITS = {"given_name": 100, "family_name": 100, "name_ar": 200, "agency": 200, "position": 200, "email": 254,
          "phone": 40}
FORMULA = ("=", "+", "-", "@")
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,38}$")
MAXIMUM_SCORE = 100
#: Dates of birth as sheets write them, of which only the year is read: 1985-03-02 (perhaps with the time a
#: spreadsheet adds, 00:00:00), and 02/03/1985 or 2.3.1985, whether the day or the month comes first.
YEAR_FIRST = re.compile(r"(?P<year>[0-9]{4})(?P<separator>[-/.])(?P<month>[0-9]{1,2})(?P=separator)"
                        r"(?P<day>[0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?")
YEAR_LAST = re.compile(r"(?P<first>[0-9]{1,2})(?P<separator>[-/.])(?P<second>[0-9]{1,2})(?P=separator)"
                       r"(?P<year>[0-9]{4})")
#: Enough of the start of a file to tell its delimiter; the sniffer's patterns are slow over megabytes.
SAMPLE_CHARACTERS = 64 * 1024


@dataclass
class ImportRow:
    """One line of the sheet: the details it gives, or why it cannot be imported."""

    line: int
    values: dict[str, str]
    details: ParticipantDetails | None = None
    errors: list[str] = field(default_factory=list)
    #: Knowledge test scores (pre, post), 0 to 100, when the sheet has those columns.
    scores: tuple[int | None, int | None] = (None, None)
    #: The year of birth was read from a whole date of birth, of which only the year is kept (the preview says so).
    year_from_date: bool = False


@dataclass
class ParsedSheet:
    rows: list[ImportRow]
    #: Headers that name no known column; their cells are ignored (said in the preview).
    ignored_headers: list[str]
    #: Required columns the sheet lacks; nothing can be imported until they are added.
    missing_columns: list[str]


class UnreadableSheet(ValueError):
    """The file cannot be read as a sheet; the message says why, in words for the user.

    Only this is shown to the user: any other exception is a fault here, and Python's own text
    ("invalid literal for int() ...") must never stand in for an explanation.
    """


def parse_sheet(content: bytes, filename: str) -> ParsedSheet:
    """The sheet's rows, checked; an unreadable file raises UnreadableSheet with a message for the user."""
    table = _xlsx_table(content) if filename.lower().endswith((".xlsx", ".xlsm")) else _csv_table(content)
    table = [row for row in table if any(_text(cell) for cell in row)]
    if not table:
        raise UnreadableSheet(_("The file has no rows."))
    columns, ignored = _columns(table[0])
    missing = [name for name in REQUIRED if name not in columns.values() and
               not (name in ("given_name", "family_name") and "full_name" in columns.values())]
    rows = [_checked(line, row, columns) for line, row in enumerate(table[1:], start=2)]
    return ParsedSheet(rows, ignored, missing)


def _xlsx_table(content: bytes) -> list[list]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True)  # formulas as written, to refuse them
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableSheet(_("This is not a readable Excel (.xlsx) file.")) from error
    try:
        return [list(row) for row in workbook.active.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _csv_table(content: bytes) -> list[list[str]]:
    text = decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return list(reader)
    except csv.Error as error:  # a cell beyond csv.field_size_limit(), often a quote opened and never closed
        raise UnreadableSheet(_(
            "Line %(line)d could not be read: a cell there runs past %(limit)d characters, perhaps because a "
            "quotation mark opens it and nothing closes it. No column holds that much.",
            line=reader.line_num, limit=csv.field_size_limit())) from error


def _delimiter(text: str) -> str:
    """A tab in the header line makes the sheet tab-separated (.tsv, Excel's tab-delimited .txt): no header holds
    one, while a header such as "Agency, ministry" may hold a comma. Otherwise the sniffer decides."""
    sample = "\n".join(text[:SAMPLE_CHARACTERS].splitlines()[:20])
    if "\t" in sample.partition("\n")[0]:
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        return max(",;\t", key=lambda candidate: sample.count(candidate))


def decode(content: bytes) -> str:
    """UTF-16 when it starts with its byte-order mark (Excel's "Unicode text"); UTF-8 (with or without a mark)
    when it decodes; otherwise Windows-1256 or Windows-1252.

    The two Windows code pages decode the same bytes into different letters; Arabic words become long runs
    of accented capitals in Windows-1252 ("ãÍãÏ"), which French text never has, so such runs mean Arabic.
    """
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    as_latin = content.decode("cp1252", errors="replace")
    arabic_looking = len(re.findall(r"[\u00c0-\u00ff]{3,}", as_latin))
    french_looking = len(re.findall(r"[a-zA-Z][\u00c0-\u00ff][a-zA-Z]", as_latin))
    return content.decode("cp1256", errors="replace") if arabic_looking > french_looking else as_latin


def _index(table: dict) -> dict[str, object]:
    return {fold(spelling): key for key, spellings in table.items() for spelling in spellings}


_HEADER_INDEX = _index(HEADERS) | {fold(key): key for key in HEADERS} | {
    "name": "full_name", "full name": "full_name", "nom complet": "full_name", "الاسم الكامل": "full_name",
    "الاسم الثلاثي": "full_name"}
_SEX_INDEX = _index(SEXES)
_ROLE_INDEX = _index(ROLES) | {fold(role.value.replace("_", " ")): role for role in RoleCategory} | {
    fold(str(role.label)): role for role in RoleCategory}


def _columns(header: list) -> tuple[dict[int, str], list[str]]:
    columns, ignored = {}, []
    for position, cell in enumerate(header):
        name = _HEADER_INDEX.get(fold(_text(cell)))
        if name is None or name in columns.values():
            if _text(cell):
                ignored.append(_text(cell))
            continue
        columns[position] = name
    return columns, ignored


def _checked(line: int, row: list, columns: dict[int, str]) -> ImportRow:
    values = {name: row[position] if position < len(row) else None for position, name in columns.items()}
    result = ImportRow(line, {name: _text(value) for name, value in values.items()})
    for name, value in values.items():
        problem = _cell_problem(name, value)
        if problem:
            result.errors.append(problem)
    if result.errors:
        return result
    text = result.values
    if text.get("full_name") and not text.get("given_name") and not text.get("family_name"):
        text["given_name"], _space, text["family_name"] = text["full_name"].partition(" ")
    for name in REQUIRED:
        if not text.get(name):
            result.errors.append(_("%(column)s is missing.", column=_COLUMN_WORDS[name]()))
    sex = _SEX_INDEX.get(fold(text.get("sex", "")))
    role = _ROLE_INDEX.get(fold(text.get("role_category", "")))
    country = code_for_name(text.get("country", ""))
    if text.get("sex") and sex is None:
        result.errors.append(_("Sex “%(value)s” is neither female nor male.", value=text["sex"][:40]))
    if text.get("role_category") and role is None:
        result.errors.append(_("Unknown role category “%(value)s”.", value=text["role_category"][:40]))
    if text.get("country") and country is None:
        result.errors.append(_("Unknown country “%(value)s”.", value=text["country"][:40]))
    email = _email(text.get("email", ""), result.errors)
    if text.get("phone") and not PHONE.match(text["phone"]):
        result.errors.append(_("The phone number “%(value)s” is not a phone number.", value=text["phone"][:40]))
    result.scores = (_score(text.get("pre_test", ""), result.errors), _score(text.get("post_test", ""), result.errors))
    year_of_birth, result.year_from_date = _year_of_birth(values.get("year_of_birth"), text.get("year_of_birth", ""),
                                                          result.errors)
    if not result.errors:
        result.details = ParticipantDetails(
            given_name=text["given_name"], family_name=text["family_name"], sex=sex, country_code=country,
            agency=text["agency"], role_category=role, position=text.get("position", ""),
            name_ar=text.get("name_ar") or None, email=email, phone=text.get("phone") or None,
            year_of_birth=year_of_birth)
    return result


_COLUMN_WORDS = {
    "given_name": lambda: _("The given name"), "family_name": lambda: _("The family name"),
    "sex": lambda: _("Sex"), "country": lambda: _("The country"), "agency": lambda: _("The agency"),
    "role_category": lambda: _("The role category"),
}


#: Each column's name as the messages about a cell say it, in the reader's language.
_COLUMN_NAMES = {
    "given_name": _l("given name"), "family_name": _l("family name"), "full_name": _l("full name"),
    "name_ar": _l("name in Arabic"), "sex": _l("sex"), "country": _l("country"), "agency": _l("agency"),
    "role_category": _l("role category"), "position": _l("position"), "email": _l("email"), "phone": _l("phone"),
    "year_of_birth": _l("year of birth"), "pre_test": _l("pre-test score"), "post_test": _l("post-test score"),
}


def _column_name(name: str) -> str:
    return str(_COLUMN_NAMES.get(name, name.replace("_", " ")))


def _cell_problem(name: str, value) -> str | None:
    """What makes a single cell unusable, whatever the rest of the row says.

    Direction marks and overrides are taken out of every cell (see _text); NUL and other control characters
    refuse the row, since they mean a damaged file or a wrong encoding rather than a stray keystroke.
    """
    if isinstance(value, datetime | date) and name != "year_of_birth":
        return _("A date stands where the %(column)s should be.", column=_column_name(name))
    unsaveable = text_rule.refused_in_words(_text(value), multiline=True)
    if unsaveable:
        return _("The %(column)s holds characters that cannot be saved: %(characters)s.",
                 column=_column_name(name), characters=unsaveable)
    text = _text(value)
    if text.startswith(FORMULA) and not (name == "phone" and text.startswith("+")):
        return _("The %(column)s starts with “%(sign)s”, like a spreadsheet formula.", column=_column_name(name),
                 sign=text[0])
    if HTML_TAG.search(text):
        return _("The %(column)s contains HTML markup.", column=_column_name(name))
    limit = LIMITS.get(name, 200)
    if len(text) > limit:
        return _("The %(column)s is %(length)d characters long; at most %(limit)d fit.",
                 column=_column_name(name), length=len(text), limit=limit)
    return None


def _score(text: str, errors: list[str]) -> int | None:
    """A percentage in ASCII or Arabic-Indic digits; "²" passes str.isdigit but is no score."""
    if not text:
        return None
    score = text_rule.whole_number(text, MAXIMUM_SCORE)
    if score is not None:
        return score
    errors.append(_("“%(value)s” is not a score from 0 to 100.", value=text[:10]))
    return None


def _year_of_birth(cell, text: str, errors: list[str]) -> tuple[int | None, bool]:
    """The year of birth a cell gives, and whether it was a whole date of birth: a date cell, or a date written
    as text (see YEAR_FIRST and YEAR_LAST), in ASCII or Arabic-Indic digits. Of a date only the year is kept."""
    if isinstance(cell, date):  # a datetime too
        year, from_date = cell.year, True
    elif not text:
        return None, False
    else:
        year = _year_of_date(text)
        from_date = year is not None
        if year is None:
            year = text_rule.whole_number(text, 9999)  # any year in digits: its range is said apart below
    if year is None:
        errors.append(_("“%(value)s” is neither a year nor a date of birth.", value=text[:20]))
    elif not is_birth_year(year):
        errors.append(_("The year of birth %(year)s is not one from %(earliest)s to %(latest)s.", year=year,
                        earliest=EARLIEST_BIRTH_YEAR, latest=latest_birth_year()))
    else:
        return year, from_date
    return None, False


def _year_of_date(text: str) -> int | None:
    """The year of a date written as text; None unless the text is a real date (in one order or the other when
    the year comes last: 02/03/1985 is the 2nd of March or the 3rd of February, in 1985 either way)."""
    digits = text.translate(text_rule.ARABIC_INDIC_DIGITS)
    if match := YEAR_FIRST.fullmatch(digits):
        orders = [(match["month"], match["day"])]
    elif match := YEAR_LAST.fullmatch(digits):
        orders = [(match["second"], match["first"]), (match["first"], match["second"])]
    else:
        return None
    for month, day in orders:
        try:
            return date(int(match["year"]), int(month), int(day)).year
        except ValueError:
            continue
    return None


def _email(text: str, errors: list[str]) -> str | None:
    if not text:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        errors.append(_("“%(value)s” is not an email address.", value=text[:60]))
        return None


def _text(value) -> str:
    """A cell as text: whitespace collapsed, direction controls dropped, our exports' apostrophe before "+20" cut;
    a date cell as the date it shows (Excel holds dates as date-times at midnight)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == time.min:
        value = value.date()
    text = " ".join(text_rule.without_direction_controls(str(value)).split())
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA else text


def template_rows() -> Iterable[list[str]]:
    """The downloadable template: the headers the import reads best, and one example row."""
    yield ["given_name", "family_name", "name_ar", "sex", "country", "agency", "role_category", "position",
           "email", "phone", "year_of_birth"]
    yield ["Amina", "Haddad", "أمينة حداد", "F", "EG", "Public Prosecution", "prosecutor", "Senior Prosecutor",
           "amina.haddad@example.org", "+20 100 000 0000", "1984"]
