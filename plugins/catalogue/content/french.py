"""French grammar the pages need: plurals, and names after « à » and « de » (« au WIP », « du Dôme »).

One place for these rules, so that no template writes "les 1 autre date" or "à Le WIP".
"""

from __future__ import annotations

import re
import unicodedata

ARTICLES = ("le", "la", "les", "l'", "aucun")
_LEADING = re.compile(r"^(les|le|la)\s+(?=\S)|^(l['’])(?=\w)", re.IGNORECASE)
_VOWEL = re.compile(r"^[aeiouyàâäéèêëîïôöùûüœæh]", re.IGNORECASE)
# Common nouns that often open a place or structure name without its article ("Café des images",
# "Maison de quartier"): for these, "à …" could be "au …" or "à la …", so `check` asks.
COMMON_NOUNS = {
    "atelier", "bibliotheque", "cafe", "centre", "cinema", "club", "collectif", "ecole", "espace", "foyer",
    "gymnase", "halle", "jardin", "maison", "mediatheque", "mairie", "mission", "pole", "relais", "salle",
    "stade", "theatre", "tiers-lieu", "cuisine", "local", "point", "reseau", "gite", "ferme", "piscine",
}
_CONTRACTED = {("à", "le"): "au ", ("à", "les"): "aux ", ("de", "le"): "du ", ("de", "les"): "des "}


def plural_fr(count: int, singular: str, plural: str | None = None) -> str:
    """'1 activité', '3 activités', '0 activité' (French keeps the singular for 0 and 1).

    >>> plural_fr(0, "activité"), plural_fr(3, "activité"), plural_fr(2, "lieu", "lieux")
    ('0 activité', '3 activités', '2 lieux')
    """
    return f"{count} {word_fr(count, singular, plural)}"


def word_fr(count: int, singular: str, plural: str | None = None) -> str:
    """The word alone, in the number `count` asks for."""
    return singular if count < 2 else (plural or singular + "s")


def the_others_fr(count: int, singular: str, plural: str | None = None) -> str:
    """'l'autre date' for one, 'les 3 autres dates' for more: « Voir l'autre date ».

    >>> the_others_fr(1, "date"), the_others_fr(3, "date")
    ("l'autre date", 'les 3 autres dates')
    """
    if count == 1:
        return f"l'autre {singular}"
    return f"les {count} autres {plural or singular + 's'}"


def leading_article(name: str) -> str | None:
    """The article a name starts with ('le' for « Le WIP », "l'" for « L'Oreille arrachée »), or None."""
    match = _LEADING.match(name)
    if not match:
        return None
    return (match.group(1) or match.group(2)).lower().replace("’", "'")


def article_is_ambiguous(name: str, article: str | None) -> bool:
    """True when nothing says how the name reads after « à »: no article given, none in the name,
    and the name opens with a common noun (« Café des images » → « au Café des images »?).

    >>> article_is_ambiguous("Café des images", None), article_is_ambiguous("Café des images", "le")
    (True, False)
    """
    if article or leading_article(name):
        return False
    first = re.split(r"[\s'’–-]", name.strip(), maxsplit=1)[0]
    plain = unicodedata.normalize("NFKD", first).encode("ascii", "ignore").decode().lower()
    return plain in COMMON_NOUNS


def after_fr(preposition: str, name: str, article: str | None = None) -> str:
    """« à »/« de » followed by a name, contracted as French says it.

    `article` is what the editor wrote (le, la, les, l', aucun); without it, the article is the one
    the name starts with (« Le WIP » → « au WIP »), else none (« à Caen », « de E2C Normandie »).

    >>> after_fr("à", "Le WIP"), after_fr("de", "Les Ateliers"), after_fr("à", "Cravate Solidaire", "la")
    ('au WIP', 'des Ateliers', 'à la Cravate Solidaire')
    >>> after_fr("de", "E2C Normandie"), after_fr("à", "Caen"), after_fr("de", "L’Oreille")
    ("d'E2C Normandie", 'à Caen', 'de l’Oreille')
    """
    found = leading_article(name)
    rest = _LEADING.sub("", name, count=1) if found else name
    apostrophe = "’" if name[1:2] == "’" and found == "l'" else "'"  # keep the apostrophe the editor typed
    chosen = (article or found or "aucun").lower().replace("’", "'")
    if chosen == "aucun":
        if preposition == "de" and _VOWEL.match(name):
            return f"d{apostrophe}{name}"
        return f"{preposition} {name}"
    contracted = _CONTRACTED.get((preposition, chosen))
    if contracted:
        return contracted + rest
    if chosen == "l'":
        return f"{preposition} l{apostrophe}{rest}"
    return f"{preposition} {chosen} {rest}"


def a_fr(thing) -> str:
    """« au WIP », « à la Cravate Solidaire », « à Caen » for a place or a structure."""
    return after_fr("à", thing.name, getattr(thing, "article", None))


def de_fr(thing) -> str:
    """« du WIP », « de la Cravate Solidaire », « d'E2C Normandie » for a place or a structure."""
    return after_fr("de", thing.name, getattr(thing, "article", None))


FILTERS = {"plural_fr": plural_fr, "word_fr": word_fr, "the_others_fr": the_others_fr, "a_fr": a_fr, "de_fr": de_fr}


def sort_key(text: str) -> str:
    """Alphabetical order as a French reader expects it: accents, case and a leading article ignored.

    >>> sorted(["Zèbre", "école", "Le Dôme", "abbaye"], key=sort_key)
    ['abbaye', 'Le Dôme', 'école', 'Zèbre']
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"^(l'|le |la |les )", "", plain)
