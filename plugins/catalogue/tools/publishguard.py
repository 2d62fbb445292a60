"""What must not go live: the sample site's address, and the sample content's placeholder data.

The repository ships with example content (e-mails at example.org, phone numbers in the range
that ARCEP keeps for fiction, a legal page whose host is "indicated before going live"). That is
fine for `make site` and `make serve`, which only warn in one line; `make publish` refuses until
each one is replaced, and lists them with file and line. It also refuses to write the placeholder
address (territoires-partages.example.org) into every feed and QR code.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from ..content.errors import Problem

SEVERITY = "attention"
CONTENT_GLOBS = ("structures/**/*", "activities/**/*", "badges/**/*", "vocabulaire.yml", "content/pages/**/*")
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".svg", ".txt", ""}
EXAMPLE_DOMAIN = r"(?:[\w-]+\.)*example\.(?:org|com|net)\b"
SEP = r"[\s.\-\u00a0\u202f]?"
# Numbers ARCEP reserves for fiction (films, books, examples): nobody can be reached there.
FICTION_PREFIXES = ("019900", "026191", "035301", "046571", "053649", "063998")

PATTERNS = (
    (re.compile(r"[\w.+-]+@" + EXAMPLE_DOMAIN, re.IGNORECASE),
     "adresse e-mail d'exemple « {} » : remplacez-la par la vraie adresse de contact"),
    (re.compile(r"https?://" + EXAMPLE_DOMAIN + r"[^\s)\"'>]*", re.IGNORECASE),
     "adresse web d'exemple « {} » : remplacez-la par la vraie adresse"),
    (re.compile(r"(?:seront|sera) indiqu[ée]e?s? ici[^.\n]*", re.IGNORECASE),
     "texte provisoire « {} » : écrivez l'information réelle"),
    (re.compile(r"À COMPLÉTER[^\"\n<]*"),
     "texte du modèle « {} » laissé tel quel : remplacez-le"),
)
PHONE = re.compile(r"(?<![\d+])(?:\+33" + SEP + r"(?:\(0\))?" + SEP + r"|0)[1-9](?:" + SEP + r"\d{2}){4}(?!\d)")


def _national(number: str) -> str:
    """'+33 (0)2 61 91 10 20' and '02.61.91.10.20' -> '0261911020'."""
    digits = re.sub(r"\D", "", number)
    return "0" + digits[2:].removeprefix("0") if number.startswith("+") else digits


def _files(root: Path) -> list[Path]:
    found: set[Path] = set()
    for pattern in CONTENT_GLOBS:
        found.update(p for p in root.glob(pattern) if p.is_file() and not p.is_symlink() and p.suffix.lower() in TEXT_SUFFIXES)
    return sorted(found)


def placeholder_findings(root: Path) -> list[Problem]:
    """Every placeholder left in the content files, with file and line, in file order."""
    findings = []
    for path in _files(root):
        rel = path.relative_to(root).as_posix()
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            seen: set[str] = set()
            for pattern, message in PATTERNS:
                for match in pattern.finditer(line):
                    if match[0] not in seen:
                        seen.add(match[0])
                        findings.append(Problem(rel, number, "", message.format(match[0].strip()), SEVERITY))
            for match in PHONE.finditer(line):
                digits = _national(match[0])
                if digits.startswith(FICTION_PREFIXES) and digits not in seen:
                    seen.add(digits)
                    findings.append(Problem(rel, number, "", f"numéro de téléphone fictif « {match[0]} » (réservé aux exemples) : "
                                            "écrivez le vrai numéro", SEVERITY))
    return findings


def site_address_problem(url: str) -> str | None:
    """Why `url` cannot be the published site's address, or None."""
    if not url:
        return ("l'adresse du site n'est pas indiquée : lancez par exemple "
                "make publish SITE_ABSOLUTE_URL=https://activites.territoires-partages.fr/")
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or "." not in host:
        return f"« {url} » n'est pas une adresse https:// complète (par exemple https://activites.territoires-partages.fr/)"
    if re.fullmatch(EXAMPLE_DOMAIN, host) or host in {"localhost", "127.0.0.1"} or host.endswith((".example", ".invalid", ".test", ".localhost")):
        return f"« {url} » est une adresse d'exemple : indiquez l'adresse réelle où le site sera publié"
    return None


def publication_problems(root: Path, site_url: str) -> list[Problem]:
    """Everything that blocks `make publish`: the address first, then each placeholder."""
    problems = []
    address = site_address_problem(site_url)
    if address:
        problems.append(Problem("SITE_ABSOLUTE_URL", 0, "", address))
    problems += [Problem(p.path, p.line, p.field, p.message) for p in placeholder_findings(root)]
    return problems


def summary(findings: list[Problem]) -> str | None:
    """The one line `make site` and `make serve` print while placeholders remain."""
    if not findings:
        return None
    files = len({f.path for f in findings})
    return (f"attention : {len(findings)} donnée(s) d'exemple dans {files} fichier(s) (e-mails example.org, numéros fictifs, "
            "textes provisoires) : à remplacer avant la mise en ligne ; la liste : make check-publication")
