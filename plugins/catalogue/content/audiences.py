"""Who may come: the conditions a public sets (an age, « réservé aux femmes »), as pages say them."""

from __future__ import annotations

from .load import Catalogue
from .model import Activity, Audience


def audience_conditions(catalogue: Catalogue, activity: Activity) -> tuple[str, ...]:
    """The plain-words conditions of the activity's publics (« réservé aux femmes »), each once.

    Publics add up (young people, or job seekers): an activity is reserved only when every one of
    its publics sets a condition; one open public means anyone of it may come.
    """
    audiences = catalogue.vocabulary.audiences
    conditions = [audiences[a].condition if a in audiences else None for a in activity.audiences]
    return tuple(dict.fromkeys(conditions)) if conditions and all(conditions) else ()  # type: ignore[arg-type]


def audience_description(term: Audience) -> str | None:
    """A public's filter page text: its condition first, when it has one, then its description."""
    parts = [f"{term.condition[0].upper()}{term.condition[1:]}." if term.condition else None,
             f"Âge\u00a0: {term.ages}." if term.ages and not term.condition and not term.ages_in_name else None, term.description]
    return " ".join(p for p in parts if p) or None
