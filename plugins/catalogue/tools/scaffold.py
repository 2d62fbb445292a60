"""Start a new content file from a template of modeles/: `make nouvelle-activite`, `make nouveau-badge`.

The templates are real, valid files (copy-ready by hand too). The command only rewrites a few
lines: the structure, a place of that structure, a date two weeks from today, a category and
an audience that exist. The file it writes is valid but for its « À COMPLÉTER »
placeholders, which `make check` reports as errors until they are replaced.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from ..content.errors import did_you_mean
from ..content.frontmatter import ReadError, read_content_file, read_yaml_file
from ..content.vocabulary import VOCABULARY_FILE
from ..settings import build_today
from .formatting import format_content
from ..content.model import SLUG_RE, Activity, Badge, slugify

TEMPLATES = "modeles"
FIRST_SESSION_IN_DAYS = 14


class ScaffoldError(Exception):
    """A French message: why the file was not created."""


def _check_id(ident: str, what: str, example: str) -> None:
    if not ident:
        raise ScaffoldError(f"indiquez l'identifiant {what} : par exemple ID={example}")
    if not SLUG_RE.fullmatch(ident):
        raise ScaffoldError(f"identifiant invalide « {ident} » : uniquement minuscules sans accent, chiffres et tirets, "
                            f"par exemple ID={slugify(ident) or example}")


def _structure(root: Path, structure: str, command: str) -> dict:
    if not structure:
        raise ScaffoldError(f"indiquez la structure : par exemple make {command} STRUCTURE=le-dome ID=…")
    known = sorted(p.stem for p in (root / "structures").glob("*.md") if p.name != "README.md")
    path = root / "structures" / f"{structure}.md"
    if structure not in known:
        hint = did_you_mean(structure, known) or f" Structures existantes : {', '.join(known)}."
        raise ScaffoldError(f"structure inconnue « {structure} » : aucun fichier structures/{structure}.md.{hint}")
    try:
        return read_content_file(path).data
    except ReadError as exc:
        raise ScaffoldError(f"structures/{structure}.md:{exc.line}: {exc.message} ; corrigez ce fichier d'abord") from None


def _all_places(root: Path) -> list[str]:
    ids = []
    for path in sorted((root / "structures").glob("*.md")):
        try:
            places = read_content_file(path).data.get("lieux") or []
        except (ReadError, AttributeError):
            continue
        ids += [p["id"] for p in places if isinstance(p, dict) and isinstance(p.get("id"), str)]
    return ids


def _vocabulary(root: Path) -> dict:
    try:
        data = read_yaml_file(root / VOCABULARY_FILE).data
    except (ReadError, OSError):
        return {}
    return data if isinstance(data, dict) else {}


def _replace(text: str, key: str, value: str, indent: str = "") -> str:
    pattern = re.compile(rf"^{re.escape(indent)}{re.escape(key)}:.*$", re.MULTILINE)
    new, count = pattern.subn(lambda _: f"{indent}{key}: {value}", text, count=1)
    if count != 1:
        raise ScaffoldError(f"le modèle ne contient pas de ligne « {key}: » : le dossier {TEMPLATES}/ a été modifié")
    return new


def _template(root: Path, name: str) -> str:
    path = root / TEMPLATES / name
    if not path.is_file():
        raise ScaffoldError(f"modèle introuvable : {TEMPLATES}/{name}")
    return path.read_text(encoding="utf-8")


def _usual(root: Path, structure: str, key: str, allowed: list[str]) -> str | None:
    """The value the structure's activities use most for `key`, if it is still allowed."""
    counts: Counter[str] = Counter()
    for path in sorted((root / "activities" / structure).glob("*.md")):
        try:
            value = read_content_file(path).data.get(key)
        except (ReadError, AttributeError):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item in allowed:
                counts[item] += 1
    return counts.most_common(1)[0][0] if counts else None


def _pick(preferred: str | None, allowed: list[str], fallback: str) -> str:
    if preferred:
        return preferred
    if fallback in allowed or not allowed:
        return fallback
    return allowed[0]


def _in_form_style(text: str, model: type) -> str:
    """The file as the form editor would write it (`make format`): the template's how-to comments go,
    the command prints what to do next."""
    formatted = format_content(text, model)
    if formatted is None:
        raise ScaffoldError(f"le modèle du dossier {TEMPLATES}/ est illisible : lancez « make check »")
    return formatted


def new_activity(root: Path, structure: str, ident: str, place: str | None = None, today: date | None = None) -> Path:
    """Write activities/<structure>/<ident>.md from modeles/activite.md; returns its path."""
    root = Path(root)
    _check_id(ident, "de l'activité", "atelier-cuisine")
    data = _structure(root, structure, "nouvelle-activite")
    existing = sorted((root / "activities").glob(f"*/{ident}.md"))
    if existing:
        raise ScaffoldError(f"l'identifiant « {ident} » est déjà pris par {existing[0].relative_to(root).as_posix()} : "
                            "choisissez un autre ID, ou modifiez ce fichier")
    places = [p.get("id") for p in data.get("lieux") or [] if isinstance(p, dict) and p.get("id")]
    if place is None:
        if not places:
            raise ScaffoldError(f"la structure « {structure} » n'a pas de lieu : ajoutez-en un dans structures/{structure}.md "
                                "(champ lieux), ou indiquez le lieu d'une autre structure avec LIEU=…")
        place = places[0]
    else:
        known = _all_places(root)
        if place not in known:
            hint = did_you_mean(place, known) or " Les lieux sont dans les fichiers structures/*.md (champ lieux, id)."
            raise ScaffoldError(f"lieu inconnu « {place} ».{hint}")
    vocabulary = _vocabulary(root)
    categories = sorted(vocabulary.get("categories") or {})
    audiences = sorted(vocabulary.get("publics") or {})
    category = _pick(_usual(root, structure, "categories", categories), categories, "fablab")
    audience = _pick(None, audiences, "tout-public")
    first = (today or build_today()) + timedelta(days=FIRST_SESSION_IN_DAYS)

    text = _template(root, "activite.md")
    text = _replace(text, "structure", structure)
    text = _replace(text, "lieu", place)
    text = _replace(text, "categories", f"[{category}]")
    text = _replace(text, "publics", f"[{audience}]")
    text = _replace(text, "date", first.isoformat(), indent="    ")
    text = _in_form_style(text, Activity)
    target = root / "activities" / structure / f"{ident}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return target


def new_badge(root: Path, structure: str, ident: str) -> list[Path]:
    """Write badges/<ident>.md and badges/images/<ident>.svg from modeles/; returns both paths."""
    root = Path(root)
    _check_id(ident, "du badge", "cuisiner-en-equipe")
    _structure(root, structure, "nouveau-badge")
    target = root / "badges" / f"{ident}.md"
    image = root / "badges" / "images" / f"{ident}.svg"
    if target.exists():
        raise ScaffoldError(f"l'identifiant « {ident} » est déjà pris par badges/{ident}.md : choisissez un autre ID, ou modifiez ce fichier")
    if image.exists():
        raise ScaffoldError(f"l'image badges/images/{ident}.svg existe déjà : choisissez un autre ID, ou retirez cette image")
    vocabulary = _vocabulary(root)
    categories = sorted(vocabulary.get("categories") or {})
    category = _pick(_usual(root, structure, "categories", categories), categories, "fablab")

    text = _template(root, "badge.md")
    text = _replace(text, "structure", structure)
    text = _replace(text, "image", f"images/{ident}.svg")
    text = _replace(text, "categorie", category)
    text = _in_form_style(text, Badge)
    svg = _template(root, "badge.svg")
    target.parent.mkdir(parents=True, exist_ok=True)
    image.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as handle:
        handle.write(text)
    with image.open("x", encoding="utf-8") as handle:
        handle.write(svg)
    return [target, image]
