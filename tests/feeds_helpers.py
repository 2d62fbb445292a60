"""Small catalogues written into a temporary folder, and independent readers of .ics files.

Used by tests/test_feeds*.py. Nothing here imports the feed writer: the readers below are
the tests' own, so that a bug in the writer cannot hide itself.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date, datetime, timezone
from pathlib import Path

from contentkit import load

TODAY = date(2026, 10, 20)  # the window is then 2026-10-13 .. 2027-10-20: both clock changes in it
SITE = "https://territoires-partages.example.org"

VOCABULARY = """\
territoires:
  caen-la-mer:
    nom: Communauté urbaine Caen la Mer
    communes:
      caen: {nom: Caen}
  vallees-orne-odon:
    nom: Communauté de communes Vallées de l'Orne et de l'Odon
    communes:
      evrecy: {nom: Évrecy}
categories:
  fablab: {nom: Fablab}
  numerique: {nom: "Numérique, démarches; et \\\\ le reste"}
  cuisine: {nom: Cuisine}
publics:
  tout-public: {nom: Tout public}
  jeunes-16-25: {nom: Jeunes de 16 à 25 ans}
"""

STRUCTURES = {
    "le-dome": """\
---
nom: Le Dôme
role: coordinateur
type: Tiers-lieu
description_courte: Centre de sciences.
contact:
  telephone: "02 31 06 60 50"
  email: contact@example.org
lieux:
  - id: le-dome-caen
    nom: Le Dôme
    adresse: 3 esplanade Stéphane Hessel
    code_postal: "14000"
    commune: caen
    coordonnees: {lat: 49.1866, lon: -0.3561}
    accessibilite: {fauteuil: true}
    transports: "Tram T2, arrêt Presqu'île."
  - id: fablab-mobile-evrecy
    nom: Fablab mobile – étape d'Évrecy
    adresse: Parking de la mairie
    code_postal: "14210"
    commune: evrecy
    accessibilite: {fauteuil: false}
---
Le Dôme.
""",
    "cuisine-solidaire": """\
---
nom: Cuisine solidaire
role: membre-consortium
type: Association
description_courte: Une cuisine.
contact:
  telephone: "02 31 06 60 51"
lieux:
  - id: cuisine-evrecy
    nom: La cuisine
    adresse: 1 rue du Four
    code_postal: "14210"
    commune: evrecy
    coordonnees: {lat: 49.0994, lon: -0.5004}
    accessibilite: {fauteuil: true}
---
""",
    "financeur": """\
---
nom: Un financeur
role: financeur
famille: pouvoir-public
type: Ministère
description_courte: Finance le programme.
---
""",
}

BADGE = """\
---
nom: Fabriquer au fablab
reconnait: Je sais utiliser une machine.
criteres: [Je sais allumer une machine.]
structure: le-dome
image: images/fab.svg
categorie: fablab
pour_les_employeurs: Sait utiliser une machine.
---
"""

LONG_TEXT = (
    "Vous venez au fablab du Dôme, à Caen ; vous découvrez la découpeuse laser, l'imprimante 3D, "
    "la brodeuse numérique… et vous repartez avec l'objet fabriqué 🎉🧑‍🔧✂️. Un goûter est offert "
    "(café, thé, jus de pomme de Normandie) : venez comme vous êtes, c'est gratuit. \\ antislash, "
    "point-virgule ; virgule , et des accents : àâäéèêëïîôöùûüÿç ÀÂÉÈÊËÎÏÔÙÛÜŸÇ Œœ Ææ « guillemets »."
)

ACTIVITIES = {
    ("le-dome", "fablab-ouvert"): f"""\
---
titre: Fablab ouvert – découvrir les machines
structure: le-dome
lieu: le-dome-caen
categories: [fablab, numerique]
publics: [tout-public, jeunes-16-25]
gratuit: true
inscription: libre
a_apporter: "Rien ; le matériel est prêté, même le café."
resume_facile: "{LONG_TEXT}"
badges: [fabriquer-au-fablab]
seances:
  - chaque: mardi
    du: 2026-09-01
    au: 2027-06-29
    debut: "14:00"
    fin: "16:00"
    sauf: [2026-12-22, 2026-12-29]
    annulations:
      - date: 2026-12-08
        motif: "Animateur absent, désolé ; reprise le 15"
    changements:
      - date: 2026-12-15
        debut: "16:00"
        fin: "18:00"
        lieu: fablab-mobile-evrecy
        motif: Le fablab se déplace à Évrecy
---
Le fablab.
""",
    ("le-dome", "heure-qui-change"): """\
---
titre: Atelier du changement d'heure
structure: le-dome
lieu: le-dome-caen
categories: [numerique]
publics: [tout-public]
gratuit: false
tarif: "2 €, ou 1 € avec la carte, par séance"
inscription: appeler
resume_facile: Un atelier les jours où l'heure change.
seances:
  - {date: 2026-09-01, debut: "10:00", fin: "12:00"}
  - {date: 2026-10-25, debut: "01:30", fin: "01:45"}
  - {date: 2026-10-25, debut: "03:30", fin: "04:00"}
  - {date: 2026-10-25, debut: "10:00", fin: "12:00"}
  - {date: 2027-03-28, debut: "01:30", fin: "01:45"}
  - {date: 2027-03-28, debut: "03:30", fin: "04:00"}
  - {date: 2027-03-28, debut: "10:00", fin: "12:00"}
  - {date: 2027-12-01, debut: "10:00", fin: "12:00"}
  - date: 2026-12-03
    debut: "09:30"
    fin: "12:00"
    changement: {date: 2026-12-04, debut: "10:00", fin: "12:30", motif: "Salle prise"}
  - date: 2026-12-10
    debut: "09:30"
    fin: "12:00"
    annulation: Grève des transports
---
""",
    ("le-dome", "titre-piege"): """\
---
titre: "Atelier\\r\\nATTENDEE:mailto:x@example.org"
structure: le-dome
lieu: le-dome-caen
categories: [fablab]
publics: [jeunes-16-25]
gratuit: true
inscription: referent
resume_facile: "Ligne une.\\r\\nBEGIN:VALARM\\nLigne deux\\rDTSTART:20990101T000000Z\\u2028fin"
seances:
  - {date: 2026-12-02, debut: "14:00", fin: "15:00"}
---
""",
    ("cuisine-solidaire", "un-identifiant-tres-long-pour-que-les-adresses-depassent-la-ligne"): """\
---
titre: Identifiant long
structure: cuisine-solidaire
lieu: cuisine-evrecy
categories: [cuisine]
publics: [tout-public]
gratuit: true
inscription: libre
resume_facile: Un identifiant long.
seances:
  - {date: 2026-12-05, debut: "09:00", fin: "10:00"}
---
""",
    ("cuisine-solidaire", "cuisine-en-equipe"): """\
---
titre: Cuisiner en équipe
structure: cuisine-solidaire
lieu: cuisine-evrecy
categories: [cuisine]
publics: [jeunes-16-25]
gratuit: true
inscription: referent
resume_facile: On cuisine ensemble.
seances:
  - chaque: [lundi, jeudi]
    du: 2026-10-01
    au: 2027-12-31
    debut: "09:00"
    fin: "12:00"
---
""",
}


def write_content(root: Path, activities: dict | None = None, structures: dict | None = None) -> Path:
    """Write a complete little repository (vocabulary, structures, a badge, activities) under root."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "vocabulaire.yml").write_text(VOCABULARY, encoding="utf-8")
    for sid, text in (STRUCTURES if structures is None else structures).items():
        (root / "structures").mkdir(exist_ok=True)
        (root / "structures" / f"{sid}.md").write_text(text, encoding="utf-8")
    (root / "badges" / "images").mkdir(parents=True, exist_ok=True)
    (root / "badges" / "images" / "fab.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 10 10"><title>Fabriquer au fablab</title>'
        '<circle cx="5" cy="5" r="4"/></svg>', encoding="utf-8")
    (root / "badges" / "fabriquer-au-fablab.md").write_text(BADGE, encoding="utf-8")
    for (structure, aid), text in (ACTIVITIES if activities is None else activities).items():
        folder = root / "activities" / structure
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{aid}.md").write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def load_ok(root: Path, today: date = TODAY):
    catalogue, problems, _ = load(root, today)
    assert catalogue is not None, "\n".join(str(p) for p in problems)
    return catalogue


# ---- the tests' own reading of .ics text -----------------------------------------------------------


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    return data[:-2].split(b"\r\n")


def unfold(data: bytes) -> list[str]:
    """Content lines (RFC 5545 3.1): CRLF + one space or tab is removed."""
    return re.sub(r"\r\n[ \t]", "", data.decode("utf-8")).split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(data: bytes) -> list[dict[str, list[str]]]:
    """Each VEVENT as {property name with parameters: [raw values]}."""
    found, current = [], None
    for line in unfold(data):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            current.setdefault(name, []).append(value)
    return found


def utc(moment: datetime | date) -> datetime | date:
    """A timed event's instant in UTC; an all-day event's date (VALUE=DATE) as it is."""
    return moment.astimezone(timezone.utc) if isinstance(moment, datetime) else moment


def blocks_by_uid(data: bytes) -> dict[str, bytes]:
    """The exact bytes of each VEVENT, by its (unfolded) UID."""
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.S)
    return {events(b"BEGIN:VCALENDAR\r\n" + b + b"END:VCALENDAR\r\n")[0]["UID"][0]: b for b in blocks}
