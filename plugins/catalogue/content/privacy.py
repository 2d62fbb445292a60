"""Warns about personal data typed into free text: e-mail addresses (also obfuscated), phone
numbers (French or foreign), dates of birth, social-security numbers (NIR) and IBANs.

Only the public contacts that structures (and activities) declare in their `contact` field
are meant to be published. Anything found elsewhere (Markdown bodies, summaries, reasons of a
cancellation, `vocabulaire.yml`, the pages under `content/pages/`) may be a person's: it is
reported as a warning with file and line, so that the reviewer of the pull request confirms
it. It never fails the build, and the message never repeats the value in full (the terminal
and the pull-request summary are read by others): it is masked, « 1 85 …… 42 ».

Phone numbers are found by `phonenumbers.PhoneNumberMatcher` (region FR), NIR and IBAN
candidates are kept only when their check digits are right (python-stdnum). Patterns are
bounded, so a hostile 1 MB file is scanned in linear time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

import phonenumbers
from stdnum import iban
from stdnum.fr import nir

from .errors import Loc, Problem, format_loc
from .frontmatter import ParsedFile, ReadError, decode, read_bytes

SEVERITY = "attention"
MAX_PER_FILE = 10  # enough to make the reviewer look; a pasted directory is not listed in full
PAGES_FOLDER = Path("content") / "pages"

# Fields that hold no free text: declared contacts and booking numbers (published on purpose) and addresses of files or sites.
SKIPPED_KEYS = {"contact", "a_la_demande", "site_web", "url", "itineraire", "logo", "image"}

INVISIBLE = "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_LOCAL = rf"[A-Za-z0-9._%+\-{INVISIBLE}]{{1,64}}"
_LABEL = rf"[A-Za-z0-9{INVISIBLE}](?:[A-Za-z0-9\-{INVISIBLE}]{{0,61}}[A-Za-z0-9{INVISIBLE}])?"
_OPEN, _CLOSE = r"[\[({<]\s{0,2}", r"\s{0,2}[\])}>]"
_AT = rf"(?:@|\s{{0,2}}[＠﹫]\s{{0,2}}|\s{{0,2}}{_OPEN}(?:at|arobase|@){_CLOSE}\s{{0,2}}|\s{{1,2}}arobase\s{{1,2}})"
_DOT = rf"(?:\.|\s{{0,2}}{_OPEN}(?:dot|point|\.){_CLOSE}\s{{0,2}}|\s{{1,2}}(?:point|dot)\s{{1,2}})"
EMAIL = re.compile(
    rf"(?<![A-Za-z0-9._%+\-{INVISIBLE}]){_LOCAL}{_AT}(?:{_LABEL}{_DOT}){{1,8}}[A-Za-z]{{2,24}}(?![A-Za-z0-9\-])",
    re.IGNORECASE,
)
_AT_WORDS = re.compile(rf"{_AT}", re.IGNORECASE)
_DOT_WORDS = re.compile(rf"{_DOT}", re.IGNORECASE)

# Spaces the phone matcher does not take as separators, replaced one for one (offsets kept).
_PHONE_SPACES = re.compile(r"[\u2000-\u200a\u202f\u205f\u3000/]")
# Runs of 6 digits or more, with short separators, that may hold a phone number: the matcher is run
# on each (it is slow on long text); a run longer than any number (a table of figures) is skipped.
_PHONE_RUN = re.compile(r"(?:\+|(?<![\d+]))\d(?:[ \t().\-\u00a0]{1,2}\d|\d){5,}")
_PHONE_RUN_MAX = 40
_SEP = r"[ .\-\u00a0\u202f]?"
NIR = re.compile(rf"(?<![\dA-Za-z])[12]{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}(?:\d{{2}}|2[ABab]){_SEP}\d{{3}}{_SEP}\d{{3}}{_SEP}\d{{2}}(?![\dA-Za-z])")
IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ \u00a0\u202f]?[A-Z0-9]{4}){2,7}(?:[ \u00a0\u202f]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])")
_MONTHS = "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre"
BIRTH = re.compile(
    rf"\bn[ée]e?s?\s{{1,3}}le\s{{1,3}}\d{{1,2}}(?:er)?\s{{0,2}}[/.\-\s]\s{{0,2}}(?:\d{{1,2}}|{_MONTHS})\s{{0,2}}[/.\-\s]\s{{0,2}}\d{{2,4}}\b"
    r"|\bdate\s{1,3}de\s{1,3}naissance\b",
    re.IGNORECASE,
)


def normal_email(text: str) -> str:
    """An address as it would be typed: invisible characters removed, [at] and [point] undone, lower case."""
    text = _INVISIBLE_RE.sub("", text)
    return _DOT_WORDS.sub(".", _AT_WORDS.sub("@", text)).lower()


@lru_cache(maxsize=4096)
def normal_phone(text: str) -> str | None:
    """E.164 form of a valid number (French when no country code is given), else None."""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def mask(found: str, kind: str = "") -> str:
    """Enough of a value for the reviewer to recognise it, never the whole of it."""
    text = " ".join(_INVISIBLE_RE.sub("", found).split())
    if kind == "email" and "@" in normal_email(text):
        local, _, domain = normal_email(text).partition("@")
        return f"{local[:1]}……@{domain[:1]}……{domain[domain.rfind('.'):]}"
    if kind == "birth":
        return text[:text.lower().find("le") + 2] + " ……" if " le" in text.lower() else text
    if len(text) <= 6:
        return "……"
    head = text[:min(4, len(text) // 3)].rstrip()
    return f"{head} …… {text[-2:].lstrip()}"


def declared_contacts(files: Iterable[ParsedFile]) -> tuple[set[str], set[str]]:
    """(e-mail addresses, E.164 phones) declared in the `contact` fields of the given files."""
    emails: set[str] = set()
    phones: set[str] = set()
    for parsed in files:
        contact = parsed.data.get("contact") if isinstance(parsed.data, dict) else None
        if not isinstance(contact, dict):
            continue
        if isinstance(contact.get("email"), str):
            emails.add(normal_email(contact["email"].strip()))
        if isinstance(contact.get("telephone"), (str, int)):
            phone = normal_phone(str(contact["telephone"]))
            if phone:
                phones.add(phone)
    return emails, phones


def _texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in SKIPPED_KEYS:
                yield from _texts(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, loc + (index,))


@lru_cache(maxsize=4096)
def _numbers_in(run: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, E.164) of the valid numbers phonenumbers' matcher finds in one run."""
    return tuple((match.start, match.end, phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164))
                 for match in phonenumbers.PhoneNumberMatcher(run, "FR", leniency=phonenumbers.Leniency.VALID))


def _phones(text: str, phones: set[str]) -> Iterator[tuple[int, str, str]]:
    spaced = _PHONE_SPACES.sub(" ", text)
    for run in _PHONE_RUN.finditer(spaced):
        if len(run.group(0)) > _PHONE_RUN_MAX:
            continue
        for start, end, number in _numbers_in(run.group(0)):
            if number not in phones:
                yield run.start() + start, "phone", text[run.start() + start:run.start() + end]


def find_personal_data(text: str, emails: set[str], phones: set[str]) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, what was found) for every undeclared personal-looking value in `text`."""
    for match in EMAIL.finditer(text):
        if normal_email(match.group(0)) not in emails:
            yield match.start(), "email", match.group(0)
    yield from _phones(text, phones)
    for match in NIR.finditer(text):
        if nir.is_valid(match.group(0).upper()):
            yield match.start(), "nir", match.group(0)
    for match in IBAN.finditer(text):
        if iban.is_valid(match.group(0)):
            yield match.start(), "iban", match.group(0)
    for match in BIRTH.finditer(text):
        yield match.start(), "birth", match.group(0)


_WHAT = {
    "email": ("une adresse e-mail personnelle", "seules les adresses publiques déclarées dans un champ contact sont "
              "publiées ; vérifiez que c'est une adresse publique, sinon retirez-la"),
    "phone": ("un numéro de téléphone personnel", "seuls les numéros publics déclarés dans un champ contact sont "
              "publiés ; vérifiez que c'est un numéro public, sinon retirez-le"),
    "nir": ("un numéro de sécurité sociale (NIR) personnel", "il ne doit jamais être publié ; retirez-le"),
    "iban": ("un IBAN (coordonnées bancaires) personnel", "il ne doit pas être publié ici ; retirez-le, "
             "sauf s'il s'agit du compte public de la structure"),
    "birth": ("une date de naissance (donnée personnelle)", "elle ne doit pas être publiée ; retirez-la"),
}


def _message(kind: str, found: str) -> str:
    what, fix = _WHAT[kind]
    return f"« {mask(found, kind)} » ressemble à {what} : {fix}"


def _body_warnings(path: str, text: str, first_line: int, field: str, emails: set[str], phones: set[str],
                   limit: int) -> list[Problem]:
    found = sorted(islice(find_personal_data(text, emails, phones), limit))
    return [Problem(path, first_line + text.count("\n", 0, offset), field, _message(kind, value), SEVERITY)
            for offset, kind, value in found]


def personal_data_warnings(path: str, parsed: ParsedFile, emails: set[str], phones: set[str]) -> list[Problem]:
    """Warnings (file, line, field) for personal-looking data in one content file's free text."""
    warnings: list[Problem] = []
    if isinstance(parsed.data, dict):
        for loc, text in _texts(parsed.data, ()):
            for _, kind, found in islice(find_personal_data(text, emails, phones), MAX_PER_FILE):
                warnings.append(Problem(path, parsed.line_of(loc), format_loc(loc), _message(kind, found), SEVERITY))
            if len(warnings) >= MAX_PER_FILE:
                return sorted(set(warnings))
    warnings += _body_warnings(path, parsed.body, parsed.body_line, "texte", emails, phones, MAX_PER_FILE - len(warnings))
    return sorted(set(warnings))


def page_warnings(root: Path, emails: set[str], phones: set[str]) -> list[Problem]:
    """The same warnings for the site's own pages (content/pages/*), read as plain text.

    A page that cannot be read is skipped here: reporting it is the page check's job."""
    folder = root / PAGES_FOLDER
    if not folder.is_dir():
        return []
    warnings: list[Problem] = []
    inside = root.resolve()
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or not path.resolve().is_relative_to(inside):
            continue
        try:
            text = decode(read_bytes(path)).replace("\r\n", "\n")
        except ReadError:
            continue
        rel = path.relative_to(root).as_posix()
        warnings += _body_warnings(rel, text, 1, "texte", emails, phones, MAX_PER_FILE)
    return warnings
