"""The A–Z index (recherche/): what the search box leads to without JavaScript.

Activities, places, structures, communes and neighbourhoods in one list, in the order a French
reader expects (accents, case and a leading article ignored), under one heading per letter.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ..content.french import sort_key
from ..content.load import Catalogue
from .near import Area
from .search import place_where
from .urls import INDEX_URL, activity_url, place_url, structure_url


@dataclass(frozen=True)
class Entry:
    name: str
    url: str
    kind: str  # what it is, as the line says: « activité », « lieu »…
    detail: str  # where, or who

    @property
    def letter(self) -> str:
        first = sort_key(self.name)[:1].upper()
        return first if first.isalpha() else "0–9"


def entries(catalogue: Catalogue, near: list[Area]) -> list[Entry]:
    out = [Entry(a.title, activity_url(a.id), "activité", place_where(catalogue, catalogue.places[a.place]))
           for a in catalogue.activities.values()]
    for structure in catalogue.structures.values():
        out.append(Entry(structure.name, structure_url(structure.id), "structure", structure.kind))
        out += [Entry(p.name, place_url(structure.id, p.id), "lieu", f"{place_where(catalogue, p)}, {structure.name}")
                for p in structure.places]
    out += [Entry(area.name, area.url, "commune" if area.kind == "commune" else "quartier",
                  area.count_label if area.kind == "commune" else f"{area.commune}, {area.count_label}")
            for area in near]
    return sorted(out, key=lambda e: (sort_key(e.name), e.kind, e.url))


def page(catalogue: Catalogue, near: list[Area]) -> tuple[str, str, dict]:
    """(path, template, context) of the A–Z index."""
    letters = [(letter, "lettre-" + ("chiffres" if letter == "0–9" else letter.lower()), list(group))
               for letter, group in groupby(entries(catalogue, near), key=lambda e: e.letter)]
    return INDEX_URL + "index.html", "search", {"letters": letters}
