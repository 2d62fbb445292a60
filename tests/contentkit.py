"""A small valid content tree for tests, written into a temporary folder."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from catalogue.content import load as content_load
from catalogue.content.catalogue import Catalogue
from catalogue.content.errors import Problem
from catalogue.sanitise.images import clean_image

VOCABULARY = """\
territoires:
  caen-la-mer:
    nom: Communauté urbaine Caen la Mer
    communes:
      caen:
        nom: Caen
        quartiers_prioritaires:
          chemin-vert: Chemin Vert
      colombelles:
        nom: Colombelles
  vallees-orne-odon:
    nom: Communauté de communes Vallées de l'Orne et de l'Odon
    communes:
      evrecy:
        nom: Évrecy
categories:
  fablab:
    nom: Fablab
  sport:
    nom: Sport
publics:
  tout-public:
    nom: Tout public
  jeunes-16-25:
    nom: Jeunes de 16 à 25 ans
"""

STRUCTURE = """\
---
nom: Le Dôme
role: coordinateur
type: Tiers-lieu
description_courte: Un centre de sciences et un fablab.
site_web: https://ledome.info
contact:
  telephone: "02 31 06 60 50"
  email: contact@ledome.info
lieux:
  - id: le-dome-caen
    nom: Le Dôme
    adresse: 3 esplanade Stéphane Hessel
    code_postal: "14000"
    commune: caen
    coordonnees: {lat: 49.1866, lon: -0.3561}
    accessibilite:
      fauteuil: true
---
Le Dôme est un tiers-lieu.
"""

ACTIVITY = """\
---
titre: Fablab ouvert
structure: le-dome
lieu: le-dome-caen
categories: [fablab]
publics: [tout-public]
gratuit: true
inscription: libre
resume_facile: Vous venez. Vous fabriquez.
badges: [fabriquer]
seances:
  - date: 2026-12-03
    debut: "14:00"
    fin: "16:00"
  - chaque: mardi
    du: 2026-11-03
    au: 2027-01-26
    debut: "14:00"
    fin: "16:00"
    sauf: [2026-12-22, 2026-12-29]
    annulations:
      - date: 2027-01-19
        motif: Animateur absent
    changements:
      - date: 2027-01-12
        debut: "15:00"
        fin: "17:00"
---
On découvre les machines.
"""

BADGE = """\
---
nom: Fabriquer au fablab
reconnait: Je sais utiliser une machine du fablab.
criteres:
  - Je sais allumer une machine.
structure: le-dome
image: images/fabriquer.svg
categorie: fablab
pour_les_employeurs: La personne respecte les consignes de sécurité.
---
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 10 10"><title>Fabriquer</title><circle cx="5" cy="5" r="5"/></svg>'


def make_repo(root: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the minimal valid tree, then `files` on top (None deletes a file)."""
    base = {
        "vocabulaire.yml": VOCABULARY,
        "structures/le-dome.md": STRUCTURE,
        "activities/le-dome/fablab-ouvert.md": ACTIVITY,
        "badges/fabriquer.md": BADGE,
        "badges/images/fabriquer.svg": SVG,
    }
    base.update(files or {})
    for relative, content in base.items():
        path = root / relative
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")
    return root


def replace(text: str, old: str, new: str) -> str:
    assert old in text, f"{old!r} not in the sample"
    return text.replace(old, new, 1)


def load(root: Path, today: date | None = None) -> tuple[Catalogue | None, list[Problem], list[Problem]]:
    """The content loader as the build calls it: image files judged by the sanitiser."""
    return content_load.load(root, today, clean_image)


def load_catalogue(root: Path, today: date | None = None) -> Catalogue:
    return content_load.load_catalogue(root, today, clean_image)
