"""Files in the content folders that the loader would not read: reported, never silently skipped.

The loader reads `structures/*.md`, `activities/<structure>/*.md`, `badges/*.md` and
`content/pages/*.md`, exactly so. A page saved as `atelier.MD`, `atelier.markdown`,
`atelier.md.txt` or `atelier.yml`, or put in a sub-folder, would otherwise vanish from the site
without a word. Images (logos, badge images) are legitimate anywhere under structures/ and badges/.

And file names every partner can check out, on Windows and macOS as well as on Linux: Windows
cannot create a file called `con`, `aux`, `nul`, `prn`, `com1`…`com9` or `lpt1`…`lpt9`, whatever
its extension (`con.md`, `Aux.svg`); Windows and macOS ignore case in names, so `Atelier.md` and
`atelier.md` are one file there. Both are refused in the content folders, naming the files.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .errors import Problem
from .model import slugify

# Where content files live, relative to the repository: folder -> depth of the content files in it.
LAYOUT = {"structures": 0, "badges": 0, "activities": 1, "content": 1}
_IMAGE_FOLDERS = {"structures", "badges"}
IMAGE_SUFFIXES = {".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif"}
# Written by someone who meant a content file: an error, since the content would be lost.
_TEXT_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".txt", ".text", ".yml", ".yaml",
                  ".html", ".htm", ".rst", ".doc", ".docx", ".odt", ".rtf"}
_BACKUP_SUFFIXES = {".bak", ".orig", ".swp", ".swo", ".tmp", ".old"}
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}  # written by Windows file browsers


def _expected_folder(top: str, parts: tuple[str, ...]) -> str:
    """Where a content file found at `top/parts…` belongs."""
    if top == "activities":
        return f"activities/{parts[0]}" if len(parts) > 1 else "activities/<structure>"
    return "content/pages" if top == "content" else top


def _in_place(top: str, parts: tuple[str, ...]) -> bool:
    """Whether a file at `top/parts…` (parts ends with its name) is where the loader reads."""
    if top == "content":
        return parts[:-1] == ("pages",)
    return len(parts) == LAYOUT[top] + 1


def _suggestion(name: str) -> str:
    base = name.split(".", 1)[0] if not name.startswith(".") else name.lstrip(".")
    return f"{slugify(base) or 'mon-fichier'}.md"


def _report(top: str, parts: tuple[str, ...]) -> Problem | None:
    name = parts[-1]
    rel = PurePosixPath(top, *parts).as_posix()
    lower = name.lower()
    suffix = PurePosixPath(lower).suffix
    if lower in _SYSTEM_FILES or PurePosixPath(lower).stem == "readme":
        return None
    if name.endswith("~") or suffix in _BACKUP_SUFFIXES:
        return Problem(rel, 0, "", "copie de sauvegarde d'un éditeur, ignorée par le site : supprimez-la", "attention")
    in_place = _in_place(top, parts)
    folder = _expected_folder(top, parts)
    if name.endswith(".md") and not name.startswith("."):
        if in_place or (top == "activities" and len(parts) == 1):  # the loader reads it or reports it already
            return None
        return Problem(rel, 0, "", f"fichier mal placé, ignoré par le site : les fichiers de ce type vont directement dans "
                       f"{folder}/ ; déplacez-le en « {folder}/{name} »")
    if suffix in IMAGE_SUFFIXES and top in _IMAGE_FOLDERS:
        return None
    target = f"{folder}/{_suggestion(name)}"
    if suffix in _TEXT_SUFFIXES or not suffix or lower.endswith(".md.txt"):
        what = (f"l'extension « {PurePosixPath(name).suffix} » n'est pas lue" if suffix else "il n'a pas d'extension")
        if suffix in {".html", ".htm", ".rst", ".doc", ".docx", ".odt", ".rtf"}:
            what = f"le format « {PurePosixPath(name).suffix} » n'est pas lu : le texte s'écrit en Markdown"
        return Problem(rel, 0, "", f"fichier ignoré par le site ({what}) : renommez-le « {target} » "
                       "(extension .md en minuscules ; en-tête entre deux lignes « --- », comme les autres fichiers)")
    if suffix in IMAGE_SUFFIXES:
        return Problem(rel, 0, "", "image ignorée par le site : les images vont dans badges/images/ (badges) ou "
                       "structures/logos/ (logos), et le fichier qui les montre donne leur chemin", "attention")
    return Problem(rel, 0, "", f"fichier ignoré par le site (format « {PurePosixPath(name).suffix or name} » non lu) : "
                   "retirez-le du dépôt ou mettez son contenu dans un fichier .md", "attention")


def misnamed_files(root: Path) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) for the files of the content folders that the loader does not read."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for top in LAYOUT:
        base = root / top
        if not base.is_dir() or base.is_symlink():
            continue
        for dirpath, dirnames, filenames in os.walk(base):  # symlinked folders are not followed
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
            relative = Path(dirpath).relative_to(base).parts
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                problem = _report(top, (*relative, name))
                if problem is not None:
                    (warnings if problem.severity == "attention" else errors).append(problem)
    return errors, warnings


CONTENT_FOLDERS = ("structures", "activities", "badges", "content")
RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def is_reserved(name: str) -> bool:
    """Whether Windows reserves this file or folder name (any extension, any case)."""
    return name.split(".", 1)[0].rstrip(" ").lower() in RESERVED


def file_name_problems(root: Path) -> list[Problem]:
    """Reserved names and names that differ only by case, under the content folders of `root`."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for folder in CONTENT_FOLDERS:
        top = root / folder
        if not top.is_dir():
            continue
        for current, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            base = Path(current).relative_to(root).as_posix()
            for name in sorted(dirs) + sorted(f for f in files if not f.startswith(".")):
                rel = f"{base}/{name}"
                if is_reserved(name):
                    problems.append(Problem(rel, 1, "", f"nom « {name} » réservé par Windows (comme con, aux, nul, prn, com1, lpt1, "
                                                        "quelle que soit l'extension) : le dépôt ne pourrait pas être copié sous Windows ; "
                                                        "renommez-le"))
                first = seen.setdefault(rel.lower(), rel)
                if first != rel:
                    problems.append(Problem(rel, 1, "", f"« {rel} » et « {first} » ne diffèrent que par les majuscules : sous Windows "
                                                        "et macOS ce serait le même fichier, l'un remplacerait l'autre ; renommez l'un des deux"))
    return problems
