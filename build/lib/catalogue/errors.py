"""Content problems, as editors read them: `file:line: field: what is wrong, what is expected`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

Loc = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One content error or warning, located in an editor's file."""

    path: str
    line: int
    field: str
    message: str
    severity: str = "erreur"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity == "erreur" else "attention : "
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {prefix}{self.message}"


def format_loc(loc: Loc) -> str:
    """`('seances', 2, 'debut')` -> `seances[2].debut`, the way editors see nesting."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A French suggestion for a near miss, or an empty string."""
    matches = difflib.get_close_matches(str(word).lower(), list(choices), n=1, cutoff=0.6)
    return f" Vouliez-vous dire « {matches[0]} » ?" if matches else ""


def list_choices(choices: Sequence[str], limit: int = 12) -> str:
    choices = sorted(choices)
    shown = ", ".join(choices[:limit])
    return shown + (f", … ({len(choices)} en tout)" if len(choices) > limit else "")


class ContentErrors(Exception):
    """Raised by the build when content is invalid; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__(f"{len(problems)} erreur(s) de contenu")
        self.problems = tuple(problems)
