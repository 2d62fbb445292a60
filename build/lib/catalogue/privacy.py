"""Warns about personal data typed into free text (e-mail addresses, French phone numbers).

Only the public contacts that structures (and activities) declare in their `contact` field
are meant to be published. An address or a number found anywhere else (Markdown body,
summaries, descriptions, reasons of a cancellation…) may be a person's: it is reported as a
warning, with file and line, so that the reviewer of the pull request confirms it. It never
fails the build.

The patterns are anchored at the start of a run of characters and bounded, so that a hostile
1 MB file is scanned in linear time.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Any, Iterable, Iterator

import phonenumbers

from .errors import Loc, Problem, format_loc
from .frontmatter import ParsedFile

SEVERITY = "attention"
MAX_PER_FILE = 10  # enough to make the reviewer look; a pasted directory is not listed in full

# Fields that hold no free text: declared contacts (published on purpose) and addresses of files or sites.
SKIPPED_KEYS = {"contact", "site_web", "url", "logo", "image"}

EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?|0)[1-9](?:[ .\-\u00a0]?\d{2}){4}(?!\d)"
)


@lru_cache(maxsize=4096)
def normal_phone(text: str) -> str | None:
    """E.164 form of a valid French number, else None."""
    try:
        number = phonenumbers.parse(text, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def declared_contacts(files: Iterable[ParsedFile]) -> tuple[set[str], set[str]]:
    """(e-mail addresses, E.164 phones) declared in the `contact` fields of the given files."""
    emails: set[str] = set()
    phones: set[str] = set()
    for parsed in files:
        contact = parsed.data.get("contact") if isinstance(parsed.data, dict) else None
        if not isinstance(contact, dict):
            continue
        if isinstance(contact.get("email"), str):
            emails.add(contact["email"].strip().lower())
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


def find_personal_data(text: str, emails: set[str], phones: set[str]) -> Iterator[tuple[int, str, str]]:
    """(offset, kind, what was found) for every undeclared e-mail address or phone number in `text`."""
    for match in EMAIL.finditer(text):
        if match.group(0).lower() not in emails:
            yield match.start(), "email", match.group(0)
    for match in PHONE.finditer(text):
        phone = normal_phone(match.group(0))
        if phone and phone not in phones:
            yield match.start(), "phone", match.group(0)


def _message(kind: str, found: str) -> str:
    if kind == "email":
        return (f"« {found} » ressemble à une adresse e-mail personnelle : seules les adresses publiques déclarées "
                "dans un champ contact sont publiées ; vérifiez que c'est une adresse publique, sinon retirez-la")
    return (f"« {found} » ressemble à un numéro de téléphone personnel : seuls les numéros publics déclarés "
            "dans un champ contact sont publiés ; vérifiez que c'est un numéro public, sinon retirez-le")


def personal_data_warnings(path: str, parsed: ParsedFile, emails: set[str], phones: set[str]) -> list[Problem]:
    """Warnings (file, line, field) for personal-looking data in one content file's free text."""
    warnings: list[Problem] = []
    if isinstance(parsed.data, dict):
        for loc, text in _texts(parsed.data, ()):
            for _, kind, found in islice(find_personal_data(text, emails, phones), MAX_PER_FILE):
                warnings.append(Problem(path, parsed.line_of(loc), format_loc(loc), _message(kind, found), SEVERITY))
            if len(warnings) >= MAX_PER_FILE:
                return sorted(set(warnings))
    for offset, kind, found in islice(find_personal_data(parsed.body, emails, phones), MAX_PER_FILE - len(warnings)):
        line = parsed.body_line + parsed.body.count("\n", 0, offset)
        warnings.append(Problem(path, line, "texte", _message(kind, found), SEVERITY))
    return sorted(set(warnings))
