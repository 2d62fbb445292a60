"""Synthetic catalogue generator for the benchmark (deterministic, seeded).

Writes a complete content tree in the real format (docs/format.md): vocabulaire.yml copied
from the repository, structures with their places (and some SVG logos), activities with the
real mix of sessions (weekly series with `sauf`, `annulations`, `changements`; one-off
sessions, some cancelled or moved), badges with their SVG images. The same size and seed
always give the same bytes.

    python bench/synth.py --size realistic --out /tmp/catalogue
    python bench/synth.py --structures 3 --activities 20 --out /tmp/petit

Sizes (about 26 sessions per activity, as in the real content):
    realistic   7 structures,    150 activities,  ~4,000 sessions
    large      50 structures,  2,000 activities, ~50,000 sessions
    huge      200 structures, 10,000 activities, ~250,000 sessions

The session dates sit around the benchmark's "today", 2026-11-25 (SOURCE_DATE_EPOCH
1795564800): the school year 2026-2027, with sessions already past and to come.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VOCABULARY_FILE = REPO / "vocabulaire.yml"

SOURCE_DATE_EPOCH = 1795564800  # 2026-11-25 00:00 UTC, a Wednesday
TODAY = date(2026, 11, 25)
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class Size:
    structures: int
    activities: int


SIZES = {
    "realistic": Size(7, 150),
    "large": Size(50, 2000),
    "huge": Size(200, 10000),
}

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")

# School holidays (zone B) of 2026-2027: series skip them with `sauf`.
HOLIDAYS = [
    (date(2026, 10, 17), date(2026, 11, 2)),
    (date(2026, 12, 19), date(2027, 1, 4)),
    (date(2027, 2, 13), date(2027, 3, 1)),
    (date(2027, 4, 10), date(2027, 4, 26)),
]

# ---- words -----------------------------------------------------------------------------------

CATEGORY_TITLES = {
    "fablab": ["Fablab ouvert", "Atelier découpe laser", "Initiation à l'impression 3D", "Réparer ses objets",
               "Fabriquer un meuble en bois de récupération", "Découvrir la brodeuse numérique"],
    "cinema": ["Ciné-débat", "Ciné-café en français facile", "Atelier court métrage", "Découvrir les métiers du cinéma",
               "Projection en plein air", "Écrire une critique de film"],
    "potager": ["Potager collectif", "Semis et plantations", "Atelier compost", "Récolte et partage des légumes",
                "Construire un bac potager"],
    "sport": ["Futsal du soir", "Marche nordique", "Remise en forme douce", "Multisport en plein air",
              "Randonnée découverte", "Boxe éducative", "Yoga sur chaise"],
    "tenue-entretien-embauche": ["Simulation d'entretien", "Séance photo pour le CV", "Choisir sa tenue d'entretien",
                                 "Atelier coup de pouce", "Se présenter en deux minutes"],
    "numerique": ["Démarches en ligne", "Premiers pas sur ordinateur", "Mon téléphone au quotidien",
                  "Créer son adresse e-mail", "Chercher un emploi sur internet", "Sécurité sur internet"],
    "cuisine": ["Cuisine anti-gaspi", "Repas partagé", "Cuisiner de saison", "Hygiène en cuisine professionnelle",
                "Pâtisserie du samedi"],
    "decouverte-entreprise": ["Visite d'entreprise", "Rencontre métiers", "Une journée dans les transports",
                              "Découvrir la logistique", "Café des recruteurs"],
    "culture": ["Préparer un concert", "Atelier radio", "Théâtre forum", "Visite du musée", "Chorale du quartier",
                "Atelier d'écriture"],
    "remise-a-niveau": ["Remise à niveau en français", "Calcul du quotidien", "Lire et comprendre un courrier",
                        "Atelier code de la route", "Français langue étrangère"],
}
QUALIFIERS = ["du lundi", "du mardi", "du mercredi", "du jeudi", "du vendredi", "du samedi", "pour débuter",
              "en famille", "entre jeunes", "du soir", "– niveau 2", "en petit groupe", "au quartier", "d'hiver",
              "de printemps", "pour tous"]

STRUCTURE_KINDS = [
    ("Maison de quartier", "Équipement de proximité"), ("Centre social", "Centre social"),
    ("Association", "Association d'éducation populaire"), ("Tiers-lieu", "Tiers-lieu"),
    ("Atelier", "Atelier et chantier d'insertion"), ("Espace jeunes", "Structure jeunesse"),
    ("Médiathèque", "Équipement culturel"), ("Club", "Association sportive"),
    ("Régie de quartier", "Entreprise d'insertion"), ("École de la deuxième chance", "Établissement de formation"),
]
NAME_WORDS = ["des Tilleuls", "du Marais", "de la Presqu'île", "des Coteaux", "du Vieux Port", "de l'Odon",
              "des Prairies", "du Moulin", "de la Colline", "des Lavandières", "du Canal", "des Acacias",
              "de la Halle", "des Rosiers", "du Pont", "de la Gare", "des Jardins", "du Chemin Vert",
              "de la Grâce", "des Belles Portes", "du Val", "de la Vallée", "des Ateliers", "du Phare"]
STREETS = ["rue des Lilas", "avenue de la Libération", "place du Marché", "rue Saint-Jean", "boulevard Leroy",
           "rue de la Paix", "chemin des Écoliers", "rue du Général Leclerc", "esplanade de la Gare", "allée des Sports",
           "rue des Jardins", "quai de l'Orne"]

SENTENCE_PARTS = {
    "subjects": ["Chaque séance", "L'animatrice", "L'animateur", "Le groupe", "L'équipe", "Chaque participant",
                 "Une personne de l'équipe", "Le programme", "Cet atelier", "La structure"],
    "verbs": ["commence par", "propose", "accompagne", "laisse la place à", "se termine par", "permet",
              "met l'accent sur", "s'appuie sur", "prépare", "fait découvrir"],
    "objects": ["un temps d'accueil autour d'un café", "des exercices simples et concrets",
                "la découverte des gestes du métier", "un échange avec des professionnels",
                "un petit projet mené de bout en bout", "la confiance en soi et le travail en équipe",
                "les consignes de sécurité du lieu", "un bilan rapide avec chaque personne",
                "des outils prêtés par la structure", "une progression au rythme de chacun",
                "la rencontre avec d'autres habitants du quartier", "une visite des locaux et des ateliers"],
    "tails": ["", "", " sans jugement", " dans une ambiance conviviale", " à votre rythme", " pas à pas",
              " avec l'aide d'un référent", " tout au long de l'année", " en petits groupes"],
}
EASY = ["Vous venez avec le groupe.", "Vous apprenez des gestes simples.", "Une personne vous aide.",
        "C'est gratuit.", "Vous n'avez pas besoin de diplôme.", "Vous pouvez venir quand vous voulez.",
        "Vous rencontrez d'autres personnes.", "Appelez avant de venir.", "Parlez-en à votre référent.",
        "Vous repartez avec ce que vous avez fait.", "Vous découvrez un métier."]
REASONS = ["Animateur absent", "Salle indisponible", "Fermeture exceptionnelle de la structure",
           "Intempéries annoncées", "Formation de l'équipe", "Lieu réservé pour un événement",
           "Grève des transports", "Travaux dans le bâtiment"]
CHANGE_REASONS = ["Salle occupée en début d'après-midi", "Séance déplacée pour une sortie", "Horaires d'hiver",
                  "Le gymnase accueille une compétition", "Intervention d'un professionnel"]
BRING = ["Rien. Le matériel est prêté.", "Une tenue de sport et une bouteille d'eau.", "Votre CV si vous en avez un.",
         "Vos identifiants de connexion (France Travail, CAF, impôts).", "Des chaussures fermées.",
         "Un tablier et une boîte pour emporter les restes."]
COLOURS = ["#1f5f8b", "#8b1f4f", "#2e7d32", "#6a1b9a", "#c75b00", "#00695c", "#37474f", "#ad1457", "#4e342e"]

# ---- helpers ---------------------------------------------------------------------------------


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def unique(base: str, taken: set[str]) -> str:
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def load_vocabulary(path: Path = VOCABULARY_FILE) -> dict:
    import yaml  # only to know the ids; the file itself is copied byte for byte

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    communes = []
    for territory in data["territoires"].values():
        for cid, commune in territory["communes"].items():
            communes.append((cid, commune["nom"], sorted((commune.get("quartiers_prioritaires") or {}).keys())))
    return {"communes": communes, "categories": list(data["categories"]), "publics": list(data["publics"])}


class Text:
    """French-ish prose from a seeded generator."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self) -> str:
        p, r = SENTENCE_PARTS, self.rng
        return f"{r.choice(p['subjects'])} {r.choice(p['verbs'])} {r.choice(p['objects'])}{r.choice(p['tails'])}."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def body(self, low: int = 1000, high: int = 3000) -> str:
        """Markdown of about `low`..`high` bytes: paragraphs, sometimes a list, a bold phrase, a link."""
        r = self.rng
        target = r.randint(low, high)
        parts: list[str] = []
        size = 0
        while size < target:
            roll = r.random()
            if roll < 0.15 and parts:
                block = "\n".join(f"- {r.choice(SENTENCE_PARTS['objects'])} ;" for _ in range(r.randint(3, 5)))
            elif roll < 0.22:
                block = f"**{r.choice(EASY)}** " + self.paragraph(r.randint(2, 3))
            elif roll < 0.27:
                block = self.paragraph(2) + " Plus d'informations sur [le site de la structure](https://example.org/activites)."
            else:
                block = self.paragraph(r.randint(2, 5))
            parts.append(block)
            size += len(block.encode()) + 2
        return "\n\n".join(parts)


def _wrap(text: str, width: int = 100) -> str:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def svg(title: str, label: str, colour: str, ident: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="200" height="200" role="img" '
        f'aria-labelledby="titre-{ident}"><title id="titre-{ident}">{title}</title>'
        f'<polygon points="100.0,8.0 179.7,54.0 179.7,146.0 100.0,192.0 20.3,146.0 20.3,54.0" fill="{colour}"/>'
        f'<polygon points="100.0,16.0 172.7,58.0 172.7,142.0 100.0,184.0 27.3,142.0 27.3,58.0" fill="none" stroke="#fff" stroke-width="3"/>'
        f'<circle cx="100" cy="80" r="28" fill="#fff"/>'
        f'<text x="100" y="148" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="18" '
        f'font-weight="700" fill="#fff">{label}</text></svg>\n'
    )


# ---- the generator ---------------------------------------------------------------------------


@dataclass
class Stats:
    structures: int = 0
    places: int = 0
    activities: int = 0
    badges: int = 0
    series: int = 0
    one_offs: int = 0
    skipped: int = 0
    series_cancellations: int = 0
    series_changes: int = 0
    one_off_cancellations: int = 0
    one_off_changes: int = 0
    place_overrides: int = 0
    expected_sessions: int = 0  # sessions the loader will produce (series expanded, `sauf` removed)
    bytes: int = 0
    files: int = 0


class Generator:
    def __init__(self, out: Path, structures: int, activities: int, seed: int = DEFAULT_SEED):
        self.out = out
        self.n_structures = structures
        self.n_activities = activities
        self.rng = random.Random(f"{seed}:{structures}:{activities}")
        self.text = Text(self.rng)
        self.vocab = load_vocabulary()
        self.stats = Stats()
        self.structure_ids: list[str] = []
        self.places: dict[str, list[str]] = {}  # structure id -> its place ids
        self.all_places: list[str] = []
        self.place_commune: dict[str, str] = {}  # place id -> commune name
        self.badge_ids: list[str] = []

    def write(self, relative: str, text: str) -> None:
        path = self.out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        self.stats.bytes += len(data)
        self.stats.files += 1

    # -- structures

    def phone(self) -> str:
        digits = [self.rng.randint(10, 99) for _ in range(3)]
        return f"02 31 {digits[0]} {digits[1]} {digits[2]}"

    def structures(self) -> None:
        taken: set[str] = set()
        names: set[str] = set()
        for index in range(self.n_structures):
            r = self.rng
            kind, kind_text = r.choice(STRUCTURE_KINDS)
            name = f"{kind} {r.choice(NAME_WORDS)}"
            while name in names:
                name = f"{kind} {r.choice(NAME_WORDS)} {r.randint(2, 999)}"
            names.add(name)
            sid = unique(slugify(name), taken)
            if index < 2:
                role, family = "coordinateur", None
            elif index < 7 or r.random() < 0.5:
                role, family = "membre-consortium", None
            else:
                role, family = "partenaire", r.choice(["pouvoir-public", "enseignement", "entreprise-association", "acteur-culturel"])
            lines = ["---", "# yaml-language-server: $schema=../schemas/structure.schema.json", f"nom: {q(name)}", f"role: {role}"]
            if family:
                lines.append(f"famille: {family}")
            lines += [
                f"type: {q(kind_text)}",
                "description_courte: >-",
                "  " + _wrap(self.text.paragraph(2), 96).replace("\n", "\n  "),
                f"site_web: https://{sid}.example.org",
                "contact:",
                f"  telephone: {q(self.phone())}",
                f"  email: {sid}@example.org",
            ]
            if r.random() < 0.5:
                lines.append(f"logo: logos/{sid}.svg")
                self.write(f"structures/logos/{sid}.svg", svg(name, kind.split()[0].upper()[:10], r.choice(COLOURS), sid))
            lines.append("lieux:")
            place_ids = []
            for p in range(r.choice([1, 1, 2, 2, 3, 4])):
                commune_id, commune_name, areas = r.choice(self.vocab["communes"])
                pid = unique(f"{sid}-{commune_id}", set(self.all_places) | set(place_ids))
                place_ids.append(pid)
                self.place_commune[pid] = commune_name
                lines += [
                    f"  - id: {pid}",
                    f"    nom: {q(f'{name} – {commune_name}' if p else name)}",
                    f"    adresse: {q(f'{r.randint(1, 120)} {r.choice(STREETS)}')}",
                    f"    code_postal: \"14{r.randint(0, 9)}{r.randint(0, 9)}0\"",
                    f"    commune: {commune_id}",
                ]
                if areas and r.random() < 0.4:
                    lines.append(f"    quartier: {r.choice(areas)}")
                lines += [
                    f"    coordonnees: {{lat: {r.uniform(49.05, 49.30):.4f}, lon: {r.uniform(-0.60, -0.20):.4f}}}",
                    f"    horaires: {q('Du lundi au vendredi, 9 h – 18 h')}",
                    "    accessibilite:",
                    f"      fauteuil: {'true' if r.random() < 0.8 else 'false'}",
                    f"      description: {q('Accès de plain-pied, toilettes adaptées.')}",
                    f"    transports: {q('Bus Twisto, arrêt ' + r.choice(NAME_WORDS).split(' ', 1)[1].capitalize() + '.')}",
                ]
            self.all_places += place_ids
            self.places[sid] = place_ids
            self.structure_ids.append(sid)
            lines.append("---")
            self.write(f"structures/{sid}.md", "\n".join(lines) + "\n" + _wrap(self.text.body(600, 1500)) + "\n")
            self.stats.structures += 1
            self.stats.places += len(place_ids)

    # -- badges

    def badges(self) -> None:
        count = max(10, round(self.n_activities / 15))
        taken: set[str] = set()
        for _ in range(count):
            r = self.rng
            category = r.choice(self.vocab["categories"])
            verb = r.choice(["Savoir", "Réussir à", "Apprendre à", "Oser"])
            thing = r.choice(CATEGORY_TITLES[category]).lower()
            name = f"{verb} : {thing}"
            bid = unique(slugify(f"{verb} {thing}")[:48].strip("-"), taken)
            issuer = r.choice(self.structure_ids)
            others = [s for s in self.structure_ids if s != issuer]
            lines = [
                "---", "# yaml-language-server: $schema=../schemas/badge.schema.json", f"nom: {q(name)}",
                f"reconnait: {q('Vous savez ' + r.choice(SENTENCE_PARTS['objects']) + '.')}",
                "criteres:",
                *(f"  - {q('Je sais ' + r.choice(SENTENCE_PARTS['objects']) + '.')}" for _ in range(r.randint(3, 5))),
                f"structure: {issuer}",
            ]
            if others and r.random() < 0.3:
                lines.append(f"co_construit_avec: [{', '.join(r.sample(others, min(len(others), r.randint(1, 2))))}]")
            lines += [f"image: images/{bid}.svg", f"categorie: {category}"]
            if r.random() < 0.5:
                if r.random() < 0.5:
                    lines += ["alignements:", "  - referentiel: ROME", f"    code: {r.choice('GHKM')}{r.randint(1000, 2999)}",
                              f"    intitule: {q(thing.capitalize())}", "    url: https://candidat.francetravail.fr/metierscope"]
                else:
                    lines += ["alignements:", "  - referentiel: CléA", f"    code: Domaine {r.randint(1, 7)}",
                              f"    intitule: {q('Travailler en équipe')}"]
            lines += [f"pour_les_employeurs: {q(self.text.paragraph(2))}", "---"]
            self.write(f"badges/{bid}.md", "\n".join(lines) + "\n" + _wrap(self.text.body(400, 900)) + "\n")
            self.write(f"badges/images/{bid}.svg", svg(name, category.split("-")[0].upper()[:9], r.choice(COLOURS), bid))
            self.badge_ids.append(bid)
            self.stats.badges += 1

    # -- sessions

    def _start_end(self) -> tuple[int, int, int]:
        """(start hour, start minute, duration in minutes): daytime, never near the 2 a.m. clock change."""
        r = self.rng
        return r.choice([9, 9, 10, 13, 14, 14, 15, 17, 18]), r.choice([0, 0, 0, 30]), r.choice([60, 90, 120, 120, 150, 180])

    @staticmethod
    def _hm(hour: int, minute: int, plus: int = 0) -> str:
        total = hour * 60 + minute + plus
        return f"\"{total // 60:02d}:{total % 60:02d}\""

    def series(self, own_places: list[str], used: set[tuple[date, str]]) -> list[str]:
        r = self.rng
        days = sorted(r.sample(range(5 if r.random() < 0.85 else 6), 1 if r.random() < 0.85 else 2))
        every = 1 if r.random() < 0.8 else 2
        first = date(2026, 9, 1) + timedelta(days=r.randint(0, 50))
        last = date(2027, 6, 30) - timedelta(days=r.randint(0, 120))
        if r.random() < 0.15:  # a short cycle of a few weeks
            first = TODAY + timedelta(days=r.randint(-60, 60))
            last = first + timedelta(weeks=r.randint(4, 10))
        # the series' dates, as dateutil will expand them (weekly from the week of `first`)
        week0 = first - timedelta(days=first.weekday())
        dates = []
        week = week0
        while week <= last:
            for d in days:
                day = week + timedelta(days=d)
                if first <= day <= last:
                    dates.append(day)
            week += timedelta(weeks=every)
        if not dates:
            return []
        for _ in range(20):  # a start time that no other entry of the activity uses on these dates
            hour, minute, length = self._start_end()
            start = self._hm(hour, minute)
            if not any((d, start) in used for d in dates):
                break
        else:
            return []
        holiday = [d for d in dates if any(a <= d <= b for a, b in HOLIDAYS)]
        skipped = holiday if r.random() < 0.7 else holiday[: r.randint(0, 2)]
        remaining = [d for d in dates if d not in skipped]
        cancelled = r.sample(remaining, min(len(remaining), r.choice([0, 0, 1, 1, 2])))
        remaining = [d for d in remaining if d not in cancelled]
        changed = r.sample(remaining, min(len(remaining), r.choice([0, 0, 1, 1, 2])))
        lines = [
            f"  - chaque: {WEEKDAYS[days[0]]}" if len(days) == 1 else f"  - chaque: [{', '.join(WEEKDAYS[d] for d in days)}]",
        ]
        if every > 1:
            lines.append(f"    toutes_les: {every}")
        lines += [f"    du: {first.isoformat()}", f"    au: {last.isoformat()}",
                  f"    debut: {start}", f"    fin: {self._hm(hour, minute, length)}"]
        if r.random() < 0.05 and len(self.all_places) > 1:
            lines.append(f"    lieu: {r.choice(self.all_places)}")
            self.stats.place_overrides += 1
        if skipped:
            lines.append(f"    sauf: [{', '.join(d.isoformat() for d in sorted(skipped))}]")
        if cancelled:
            lines.append("    annulations:")
            for d in sorted(cancelled):
                lines += [f"      - date: {d.isoformat()}", f"        motif: {q(r.choice(REASONS))}"]
        if changed:
            lines.append("    changements:")
            for d in sorted(changed):
                lines.append(f"      - date: {d.isoformat()}")
                kind = r.random()
                if kind < 0.3:
                    lines.append(f"        nouvelle_date: {(d + timedelta(days=1)).isoformat()}")
                if kind >= 0.3 or r.random() < 0.5:
                    lines += [f"        debut: {self._hm(hour, minute, 60)}", f"        fin: {self._hm(hour, minute, 60 + length)}"]
                if r.random() < 0.3:
                    lines.append(f"        lieu: {r.choice(own_places + self.all_places[:5])}")
                lines.append(f"        motif: {q(r.choice(CHANGE_REASONS))}")
        for d in dates:
            used.add((d, start))
        self.stats.series += 1
        self.stats.skipped += len(skipped)
        self.stats.series_cancellations += len(cancelled)
        self.stats.series_changes += len(changed)
        self.stats.expected_sessions += len(dates) - len(skipped)
        return lines

    def one_offs(self, count: int, own_places: list[str], used: set[tuple[date, str]]) -> list[str]:
        r = self.rng
        hour, minute, length = self._start_end()
        lines = []
        chosen = []
        for _ in range(count * 3):
            if len(chosen) == count:
                break
            day = date(2026, 9, 15) + timedelta(days=r.randint(0, 270))
            start = self._hm(hour, minute)
            if (day, start) not in used:
                used.add((day, start))
                chosen.append(day)
        for day in sorted(chosen):
            lines += [f"  - date: {day.isoformat()}", f"    debut: {self._hm(hour, minute)}",
                      f"    fin: {self._hm(hour, minute, length)}"]
            if r.random() < 0.03 and len(self.all_places) > 1:
                lines.append(f"    lieu: {r.choice(self.all_places)}")
                self.stats.place_overrides += 1
            roll = r.random()
            if roll < 0.05:
                lines.append(f"    annulation: {q(r.choice(REASONS))}")
                self.stats.one_off_cancellations += 1
            elif roll < 0.10:
                lines += ["    changement:", f"      date: {(day + timedelta(days=r.choice([1, 2, 7]))).isoformat()}"]
                if r.random() < 0.5:
                    lines += [f"      debut: {self._hm(hour, minute, 30)}", f"      fin: {self._hm(hour, minute, 30 + length)}"]
                if r.random() < 0.3:
                    lines.append(f"      lieu: {r.choice(own_places)}")
                lines.append(f"      motif: {q(r.choice(CHANGE_REASONS))}")
                self.stats.one_off_changes += 1
        self.stats.one_offs += len(chosen)
        self.stats.expected_sessions += len(chosen)
        return lines

    # -- activities

    def allocation(self) -> list[int]:
        """Activities per structure: uneven (some structures are bigger), at least one each."""
        weights = [self.rng.uniform(0.4, 1.6) for _ in self.structure_ids]
        total = sum(weights)
        counts = [max(1, int(self.n_activities * w / total)) for w in weights]
        index = 0
        while sum(counts) < self.n_activities:
            counts[index % len(counts)] += 1
            index += 1
        while sum(counts) > self.n_activities:
            biggest = counts.index(max(counts))
            counts[biggest] -= 1
        return counts

    def activities(self) -> None:
        taken: set[str] = set()
        for sid, count in zip(self.structure_ids, self.allocation()):
            for _ in range(count):
                r = self.rng
                categories = r.sample(self.vocab["categories"], r.choice([1, 1, 1, 2]))
                own = self.places[sid]
                place = r.choice(own)
                commune = self.place_commune[place]
                title = f"{r.choice(CATEGORY_TITLES[categories[0]])} {r.choice(QUALIFIERS)}"
                if r.random() < 0.5:
                    title += f" à {commune}"
                aid = unique(slugify(title)[:60].strip("-"), taken)
                free = r.random() < 0.85
                lines = [
                    "---", "# yaml-language-server: $schema=../../schemas/activite.schema.json", f"titre: {q(title)}", f"structure: {sid}", f"lieu: {place}",
                    f"categories: [{', '.join(categories)}]",
                    f"publics: [{', '.join(r.sample(self.vocab['publics'], r.randint(1, 3)))}]",
                    f"gratuit: {'true' if free else 'false'}",
                ]
                if not free:
                    lines.append(f"tarif: {q(f'{r.choice([1, 2, 3, 5])} € la séance')}")
                lines.append(f"inscription: {r.choice(['libre', 'libre', 'appeler', 'referent'])}")
                if r.random() < 0.5:
                    lines.append(f"a_apporter: {q(r.choice(BRING))}")
                lines += ["resume_facile: >-", *(f"  {s}" for s in r.sample(EASY, r.randint(3, 5)))]
                roll = r.random()
                if roll < 0.7:
                    badges = r.sample(self.badge_ids, 1 if roll < 0.6 else 2)
                    lines.append(f"badges: [{', '.join(badges)}]")
                if r.random() < 0.1:
                    lines += ["contact:", f"  telephone: {q(self.phone())}", f"  email: {aid}@example.org"]
                lines.append("seances:")
                used: set[tuple[date, str]] = set()
                kind = r.random()
                if kind < 0.55:  # a weekly series
                    lines += self.series(own, used)
                elif kind < 0.70:  # two series (e.g. two groups, two days)
                    lines += self.series(own, used)
                    lines += self.series(own, used)
                elif kind < 0.85:  # a series and a few special one-off sessions
                    lines += self.series(own, used)
                    lines += self.one_offs(r.randint(1, 3), own, used)
                else:  # one-off sessions only
                    lines += self.one_offs(r.randint(2, 12), own, used)
                if lines[-1] == "seances:":
                    lines += self.one_offs(3, own, used)
                lines.append("---")
                self.write(f"activities/{sid}/{aid}.md", "\n".join(lines) + "\n" + _wrap(self.text.body()) + "\n")
                self.stats.activities += 1

    def run(self) -> Stats:
        if self.out.exists():
            shutil.rmtree(self.out)
        self.out.mkdir(parents=True)
        vocab = VOCABULARY_FILE.read_text(encoding="utf-8")
        self.write("vocabulaire.yml", vocab)
        self.structures()
        self.badges()
        self.activities()
        return self.stats


def generate(out: Path, size: str | Size, seed: int = DEFAULT_SEED) -> Stats:
    """Write the catalogue of `size` (a name of SIZES or a Size) into `out` (replaced)."""
    spec = SIZES[size] if isinstance(size, str) else size
    return Generator(Path(out), spec.structures, spec.activities, seed).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), help="taille prédéfinie")
    parser.add_argument("--structures", type=int, help="nombre de structures (taille libre)")
    parser.add_argument("--activities", type=int, help="nombre d'activités (taille libre)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True, help="dossier à (re)créer")
    args = parser.parse_args(argv)
    if args.size:
        spec = SIZES[args.size]
    elif args.structures and args.activities:
        spec = Size(args.structures, args.activities)
    else:
        parser.error("donnez --size, ou --structures et --activities")
    stats = generate(args.out, spec, args.seed)
    print(json.dumps(stats.__dict__, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
