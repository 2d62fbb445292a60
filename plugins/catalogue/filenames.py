"""File names every partner can check out: on Windows and macOS as well as on Linux.

Windows cannot create a file called `con`, `aux`, `nul`, `prn`, `com1`…`com9` or `lpt1`…`lpt9`,
whatever its extension (`con.md`, `Aux.svg`): a clone fails there. Windows and macOS ignore case
in names, so `Atelier.md` and `atelier.md` are one file there: one silently replaces the other.
Both are refused in the content folders, naming the files.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import Problem

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
