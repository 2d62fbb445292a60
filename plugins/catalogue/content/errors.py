"""Content problems, as editors read them: `file:line: field: what is wrong, what is expected`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Sequence

from .visible import visible

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
        """What editors read; invisible characters a value holds are shown as <U+XXXX>, never sent raw.

        >>> print(Problem("activities/le-dome/atelier.md", 12, "seances[0].date", "date invalide « le\\u202e3 »"))
        activities/le-dome/atelier.md:12: seances[0].date: date invalide « le<U+202E>3 »
        >>> print(Problem("badges/fabriquer.md", 0, "", "image sans titre", severity="attention"))
        badges/fabriquer.md: attention : image sans titre
        """
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "" if self.severity == "erreur" else "attention : "
        field = f" {self.field}:" if self.field else ""
        return visible(f"{where}:{field} {prefix}{self.message}")


def format_loc(loc: Loc) -> str:
    """`('seances', 2, 'debut')` -> `seances[2].debut`, the way editors see nesting.

    >>> format_loc(("seances", 2, "debut")), format_loc(("lieux", 0, "accessibilite", "fauteuil"))
    ('seances[2].debut', 'lieux[0].accessibilite.fauteuil')
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


SUGGESTION_CUTOFF = 0.75  # at 0.6, « places » suggested « seances » and « sauf » « statut »


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A French suggestion for a near miss among allowed values (never the word itself), or an empty string.

    >>> did_you_mean("Fablabs", ["fablab", "sport"])
    ' Vouliez-vous dire « fablab » ?'
    >>> did_you_mean("places", ["seances", "lieu"]), did_you_mean("sport", ["sport"])
    ('', '')
    """
    word = str(word).lower()
    matches = difflib.get_close_matches(word, [c for c in dict.fromkeys(choices) if c != word], n=1, cutoff=SUGGESTION_CUTOFF)
    return f" Vouliez-vous dire « {matches[0]} » ?" if matches else ""


def list_choices(choices: Sequence[str], limit: int = 12) -> str:
    """The allowed values, sorted, once each; past `limit`, how many there are in all.

    >>> list_choices(["sport", "fablab", "sport"]), list_choices(["c", "b", "a"], limit=2)
    ('fablab, sport', 'a, b, … (3 en tout)')
    """
    choices = sorted(set(choices))
    shown = ", ".join(choices[:limit])
    return shown + (f", … ({len(choices)} en tout)" if len(choices) > limit else "")


class ContentErrors(Exception):
    """Raised by the build when content is invalid; carries every problem found."""

    def __init__(self, problems: Sequence[Problem]):
        super().__init__(f"{len(problems)} erreur(s) de contenu")
        self.problems = tuple(problems)


def internal_error_message(exc: BaseException) -> str:
    """What an editor reads about a bug of the generator: where it happened (the notes added on
    the way up, such as the page being written), and what to do."""
    where = "".join(f" {note}" for note in getattr(exc, "__notes__", ()))
    return (f"Erreur interne du générateur{where} ({exc.__class__.__name__}: {exc}). "
            "Le site précédent est conservé. Relancez avec --debug et signalez-le.")
