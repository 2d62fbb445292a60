"""The generated parts of CONTRIBUTING.md, and the example files it holds.

`python -m catalogue guide` (or `make guide`) rewrites the text between two markers:

- `<!-- valeurs:debut -->` … `<!-- valeurs:fin -->`: the allowed values, from vocabulaire.yml
  and from the model's choices (roles, families, join modes, weekdays, frameworks);
- `<!-- erreurs:debut -->` … `<!-- erreurs:fin -->`: a table of real messages, obtained by
  breaking the guide's own example files one way at a time and running the real loader.

Every example file of the guide follows a line `<!-- exemple: path/in/the/repo.md -->`, in a
```yaml block that holds the whole file. The tests load them with the real loader, and
check that every other ```yaml block is an excerpt of one of them: the guide cannot drift
from the model.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..content.errors import Problem
from ..content.load import load
from ..sanitise.images import clean_image
from ..content.model import FAMILIES, FRAMEWORKS, JOIN_MODES, ROLES, WEEKDAYS, Activity, Badge, Structure
from ..content.vocabulary import VOCABULARY_FILE, read_vocabulary
from ..content.markdown import MAX_BODY_CHARS

GUIDE = "CONTRIBUTING.md"
# "Today" for the generated table (stale-content messages depend on it) and for the examples' tests.
GUIDE_TODAY = date(2026, 11, 25)

_EXAMPLE = re.compile(r"^<!--\s*exemple\s*:\s*(?P<path>\S+)\s*-->\n```yaml\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
_BLOCK = re.compile(r"^(?P<indent> *)```yaml\n(?P<body>.*?)^(?P=indent)```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    path: str
    text: str
    line: int


def examples(guide_text: str) -> list[Example]:
    """The whole-file examples of the guide, in order."""
    return [Example(m["path"], m["body"], guide_text.count("\n", 0, m.start()) + 1) for m in _EXAMPLE.finditer(guide_text)]


def yaml_blocks(guide_text: str) -> list[tuple[int, str]]:
    """Every ```yaml block: (line of the fence, text without the Markdown indentation of its fence)."""
    out = []
    for match in _BLOCK.finditer(guide_text):
        indent = len(match["indent"])
        body = "".join(line[indent:] if line[:indent].strip() == "" else line for line in match["body"].splitlines(keepends=True))
        out.append((guide_text.count("\n", 0, match.start()) + 1, body))
    return out


def badge_image(name: str) -> str:
    """An SVG badge image that passes the loader's checks, titled with the badge's name."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img"><title>{name}</title>'
            '<circle cx="5" cy="5" r="5"/></svg>')


def write_examples(root: Path, guide_text: str, vocabulary_text: str) -> list[Example]:
    """A content tree made of the guide's examples only (plus the images its badges name)."""
    found = examples(guide_text)
    (root / VOCABULARY_FILE).write_text(vocabulary_text, encoding="utf-8")
    for example in found:
        target = root / example.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(example.text, encoding="utf-8")
        if example.path.startswith("badges/"):
            name = re.search(r"^nom: (.+)$", example.text, re.MULTILINE)
            image = re.search(r"^image: (\S+)$", example.text, re.MULTILINE)
            if name and image:
                (root / "badges" / image[1]).parent.mkdir(parents=True, exist_ok=True)
                (root / "badges" / image[1]).write_text(badge_image(name[1].strip()), encoding="utf-8")
    return found


# ---- allowed values -----------------------------------------------------------------------------


class GuideError(ValueError):
    """A French message: why the guide's lists could not be made."""


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ").strip()


def values_section(root: Path) -> str:
    vocabulary = read_vocabulary(root)
    if vocabulary is None:
        raise GuideError(f"{VOCABULARY_FILE} est absent ou contient une erreur : lancez « make check », qui dit laquelle")
    out = ["Ces listes sont produites à partir de `vocabulaire.yml` et du modèle du catalogue par `make guide` :",
           "ne les modifiez pas à la main. Écrivez l'**identifiant** (colonne de gauche) dans vos fichiers ;",
           "l'éditeur en ligne propose les mêmes listes.", ""]
    out += ["### Catégories (`categories` d'une activité, `categorie` d'un badge)", "",
            "| identifiant | nom affiché | description |", "|---|---|---|"]
    out += [f"| `{k}` | {_cell(t.name)} | {_cell(t.description)} |" for k, t in vocabulary.categories.items()]
    out += ["", "### Publics (`publics` d'une activité)", "", "| identifiant | nom affiché | condition affichée | description |",
            "|---|---|---|---|"]
    out += [f"| `{k}` | {_cell(t.name)} | {_cell(t.condition) or '—'} | {_cell(t.description)} |" for k, t in vocabulary.audiences.items()]
    out += ["", "### Territoires, communes et quartiers prioritaires (`commune` et `quartier` d'un lieu)", "",
            "| territoire | commune (`commune`) | quartiers prioritaires (`quartier`) |", "|---|---|---|"]
    for territory in vocabulary.territories.values():
        for cid, commune in territory.communes.items():
            areas = ", ".join(f"`{a}` ({_cell(n)})" for a, n in commune.priority_areas.items()) or "—"
            out.append(f"| {_cell(territory.name)} | `{cid}` ({_cell(commune.name)}) | {areas} |")
    out += ["", "### Inscription (`inscription` d'une activité)", "", "| valeur | ce que lit le public |", "|---|---|"]
    out += [f"| `{k}` | {_cell(v)} |" for k, v in JOIN_MODES.items()]
    out += ["", "### Rôle d'une structure (`role`)", "", "| valeur | signification |", "|---|---|"]
    out += [f"| `{k}` | {_cell(v)} |" for k, v in ROLES.items()]
    out += ["", "### Famille d'un partenaire ou d'un financeur (`famille`)", "", "| valeur | signification |", "|---|---|"]
    out += [f"| `{k}` | {_cell(v)} |" for k, v in FAMILIES.items()]
    out += ["", "### Autres valeurs", "",
            f"- jours d'une série (`chaque`) : {', '.join(f'`{d}`' for d in WEEKDAYS)} ; un jour seul, ou une liste comme `[mardi, jeudi]` ;",
            f"- référentiels d'un badge (`referentiel`) : {', '.join(f'`{f}`' for f in FRAMEWORKS)} ;",
            "- oui ou non (`gratuit`, `fauteuil`) : `oui`, `non`, `true` ou `false` ;",
            "- dates : `2026-12-03` (ou `03/12/2026`) ; heures entre guillemets : `\"14:00\"` (ou `14h30`), heure de Paris ;",
            "- adresses web (`site_web`, `url`) : commençant par `https://` ; une adresse en `http://` est refusée ;",
            f"- noms de fichiers et de dossiers : ni {', '.join(f'`{n}`' for n in ('con', 'aux', 'nul', 'prn'))}, `com1`…`com9`, "
            "`lpt1`…`lpt9` (réservés par Windows, quelle que soit l'extension), ni deux noms qui ne diffèrent que par les majuscules ;",
            "- caractères invisibles (codes de terminal, inversion du sens d'écriture, espace sans largeur) : refusés ; "
            "le message les montre sous la forme « U+202E » ;",
            "- identifiants (noms de fichiers, `id` des lieux) : minuscules sans accent, chiffres et tirets, comme `atelier-cuisine`.",
            "", "Les identifiants des structures et de leurs lieux sont dans les fichiers `structures/*.md` (champ `lieux`, puis `id`)."]
    out += ["", "### Longueur des textes", "", "| au plus | champs |", "|---|---|"]
    out += [f"| {limit} caractères | {', '.join(f'`{k}`' for k in keys)} |" for limit, keys in sorted(text_limits().items())]
    out.append(f"| {MAX_BODY_CHARS:,} caractères | le texte de présentation, après l'en-tête |".replace(",", " ", 1))
    return "\n".join(out)


def text_limits() -> dict[int, list[str]]:
    """{maximum length: the keys of the text fields that have it}, read from the model."""
    from ..content.fields import field_kind, form_fields

    limits: dict[int, list[str]] = {}

    def walk(model) -> None:
        for key, info in form_fields(model):
            kind = field_kind(info)
            target = kind.item if kind.name == "list" and kind.item is not None else kind
            limit = target.constraints.get("max_length") if target.name == "text" else None
            if limit and key not in limits.setdefault(limit, []):
                limits[limit].append(key)
            for sub in target.models:
                walk(sub)

    for model in (Activity, Structure, Badge):
        walk(model)
    return limits


# ---- messages -----------------------------------------------------------------------------------------

# What the editor did, in which example file, the text changes that do it, what to do, and (when the
# file gets several messages) a word of the message to show. The message shown is the one the real
# loader gives; a case that no longer gives any message stops `make guide`.
A = "activities/maison-quartier-chemin-vert/atelier-cuisine.md"
S = "activities/maison-quartier-chemin-vert/potager-du-mardi.md"
T = "structures/maison-quartier-chemin-vert.md"
B = "badges/jardiner-ensemble.md"
C = "activities/maison-quartier-chemin-vert/cuisiner-pour-un-vrai-service.md"
W = "activities/maison-quartier-chemin-vert/gym-douce-entre-femmes.md"
P = "activities/maison-quartier-chemin-vert/cafe-parents-enfants.md"
RDV = "activities/maison-quartier-chemin-vert/aide-aux-demarches.md"
STAGE = "activities/maison-quartier-chemin-vert/fete-et-stage-cuisine.md"
RYTHMES = "activities/maison-quartier-chemin-vert/repas-et-jeux.md"
VELO = "activities/maison-quartier-chemin-vert/atelier-velo.md"


@dataclass(frozen=True)
class Case:
    label: str
    path: str
    changes: tuple[tuple[str, str], ...]
    advice: str
    expect: str = ""


def _case(label: str, path: str, old: str, new: str, advice: str, expect: str = "") -> Case:
    return Case(label, path, ((old, new),), advice, expect)


SERIES_EXCEPTIONS = (
    "    sauf: [2026-12-22, 2026-12-29]\n    annulations:\n      - date: 2027-01-19\n        motif: Le jardin est gelé.\n"
    "    changements:\n      - date: 2027-02-09\n        nouvelle_date: 2027-02-11\n        lieu: maison-quartier-chemin-vert\n"
    "        motif: Atelier semis à l'intérieur, exceptionnellement le jeudi.\n"
)
SESSION_A = 'debut: "10:00"\n    fin: "12:00"\n  - date: 2027-01-09'
CASES: list[Case] = [
    _case("Un champ obligatoire manque", A, "titre: Atelier cuisine du samedi\n", "",
          "Ajoutez le champ nommé dans le message ; l'aide « attendu : … » dit ce qu'il contient."),
    _case("Un nom de champ mal écrit", A, "titre:", "tite:",
          "Corrigez le nom du champ : le message propose le nom le plus proche et la liste des champs possibles."),
    _case("Une heure mal écrite", A, SESSION_A, SESSION_A.replace('"10:00"', '"25:00"'),
          "Écrivez l'heure entre guillemets, sur 24 heures : \"09:30\", \"14:00\"."),
    _case("Une date qui n'existe pas", A, "- date: 2026-12-12", "- date: 2027-02-30",
          "Vérifiez le jour et le mois dans un calendrier."),
    _case("Une date écrite en toutes lettres", A, "- date: 2026-12-12", "- date: 12 décembre",
          "Écrivez la date en chiffres : 2026-12-12 (année-mois-jour) ou 12/12/2026."),
    _case("La fin avant le début", A, SESSION_A, SESSION_A.replace('fin: "12:00"', 'fin: "09:00"'),
          "L'heure de fin doit venir après l'heure de début. Une séance qui finit après minuit s'écrit avec "
          "l'heure réelle (fin: \"01:00\") : voir 3.12."),
    _case("Une heure qui n'existe pas (changement d'heure)", A, '- date: 2026-12-12\n    debut: "10:00"', '- date: 2027-03-28\n    debut: "02:30"',
          "La nuit du passage à l'heure d'été, de 2 h 00 à 2 h 59, n'existe pas : choisissez une autre heure."),
    _case("La même séance écrite deux fois", A, "  - date: 2027-01-09\n", "  - date: 2026-12-12\n",
          "Retirez l'une des deux séances, ou changez sa date ou son heure."),
    _case("Une catégorie inconnue", A, "categories: [cuisine]", "categories: [cuisines]",
          "Choisissez une catégorie dans la liste « Valeurs possibles » ci-dessus."),
    _case("Un public inconnu", A, "publics: [tout-public, jeunes-16-25]", "publics: [tout-public, jeunes]",
          "Choisissez un public dans la liste donnée par le message ; s'il en manque un, demandez-le à l'équipe de coordination (voir 3.9)."),
    _case("Une structure co-organisatrice inconnue", C, "co_organisateurs: [restaurant-le-bon-gout]", "co_organisateurs: [le-bon-gout]",
          "Indiquez l'identifiant d'une structure de `structures/` (le nom du fichier, sans .md)."),
    _case("La structure principale répétée dans co_organisateurs", C, "co_organisateurs: [restaurant-le-bon-gout]",
          "co_organisateurs: [restaurant-le-bon-gout, maison-quartier-chemin-vert]",
          "`co_organisateurs` nomme seulement les autres structures : retirez la vôtre."),
    _case("Une liste vide", A, "categories: [cuisine]", "categories: []", "Indiquez au moins une valeur."),
    _case("Un lieu inconnu", A, "lieu: maison-quartier-chemin-vert", "lieu: maison-quartier",
          "Indiquez l'identifiant (`id`) d'un lieu décrit dans un fichier de `structures/`."),
    _case("Une valeur hors de la liste", A, "inscription: appeler", "inscription: sur inscription",
          "Utilisez une des valeurs données par le message."),
    _case("« oui » ou « non » mal écrit", A, "gratuit: oui", "gratuit: peut-être", "Écrivez oui ou non."),
    _case("Une activité payante sans tarif", A, "gratuit: oui", "gratuit: non",
          "Ajoutez le champ `tarif`, par exemple `tarif: 2 € la séance`."),
    _case("L'activité rangée dans le dossier d'une autre structure", A, "structure: maison-quartier-chemin-vert", "structure: le-dome",
          "Le champ `structure` doit être le nom du dossier où se trouve le fichier."),
    _case("Un badge inconnu", S, "badges: [jardiner-ensemble]", "badges: [jardiner]",
          "Indiquez l'identifiant d'un badge de `badges/` (le nom du fichier, sans .md)."),
    _case("Un jour de la semaine mal écrit", S, "chaque: mardi", "chaque: mardy", "Écrivez le jour en minuscules : lundi, mardi…"),
    _case("Une série à l'envers", S, "au: 2027-06-29", "au: 2026-06-29", "La date « au » est la dernière séance : elle vient après « du ».",
          expect="avant la date"),
    _case("Une exception qui n'est pas dans la série", S, "- date: 2027-01-19", "- date: 2027-01-20",
          "Les dates de `sauf`, `annulations` et `changements` doivent être des jours de la série (ici, des mardis)."),
    _case("Un deux-points dans un texte sans guillemets", A, "titre: Atelier cuisine du samedi", "titre: Cuisine : le samedi",
          "Mettez le texte entre guillemets : titre: \"Cuisine : le samedi\"."),
    _case("Une tabulation au lieu d'espaces", A, SESSION_A, SESSION_A.replace('    fin:', '\tfin:'),
          "Indentez avec des espaces (deux par niveau), jamais avec la touche Tab."),
    _case("Un champ écrit deux fois", A, "gratuit: oui\n", "gratuit: oui\ngratuit: non\n", "Gardez un seul des deux."),
    _case("L'en-tête sans sa première ligne « --- »", A, "---\ntitre:", "titre:",
          "Le fichier commence par une ligne `---` ; l'en-tête se termine par une autre ligne `---`."),
    _case("Un téléphone mal écrit", T, 'telephone: "02 61 91 10 99"', 'telephone: "02 61 91"', "Écrivez le numéro complet, à 10 chiffres."),
    _case("Une adresse e-mail mal écrite", T, "email: accueil@mq-chemin-vert.example.org", "email: accueil-mq-chemin-vert",
          "Une adresse e-mail contient un @ et un nom de domaine."),
    _case("Une commune inconnue", T, "commune: caen\n    quartier: chemin-vert", "commune: paris\n    quartier: chemin-vert",
          "Choisissez une commune dans la liste « Valeurs possibles » : le catalogue couvre deux territoires."),
    _case("Un partenaire sans famille", T, "famille: entreprise-association\n", "", "Un partenaire ou un financeur indique sa `famille`."),
    _case("Un « À COMPLÉTER » oublié", A, "a_apporter: Un tablier, si vous en avez un.", "a_apporter: À COMPLÉTER",
          "Remplacez le texte du modèle par le vôtre.", expect="COMPLÉTER"),
    _case("Un changement qui ne dit pas ce qui change", VELO, "        note: Apportez une tenue", "        motif: Apportez une tenue",
          "Pour une information sur la séance, écrivez `note` ; pour la déplacer, la nouvelle date, les heures ou le lieu."),
    _case("Un type de séance inconnu", STAGE, "type: stage", "type: stages",
          "Écrivez `type: unique`, `type: serie` ou `type: stage`, ou retirez `type` (séance unique ou série)."),
    _case("Une activité sur rendez-vous avec des séances", RDV, "sans_dates:\n",
          'seances:\n  - date: 2026-12-12\n    debut: "10:00"\n    fin: "12:00"\nsans_dates:\n',
          "Gardez `sans_dates` (pas de dates) ou `seances` (des dates), pas les deux."),
    _case("Une image de badge introuvable", B, "image: images/jardiner-ensemble.svg", "image: images/jardiner.svg",
          "Ajoutez l'image dans `badges/images/`, ou corrigez son nom."),
    _case("Un texte trop long", A, "titre: Atelier cuisine du samedi", "titre: " + "Atelier cuisine du samedi, " * 5 + "fin",
          "Raccourcissez le texte (voir « Longueur des textes » ci-dessus) ; le détail va dans le texte de présentation."),
    _case("Un caractère invisible", A, "titre: Atelier cuisine du samedi", 'titre: "Atelier cuisine\\u202E du samedi"',
          "Supprimez le caractère nommé (souvent venu d'un copier-coller), ou retapez le texte."),
    _case("Une adresse web en http://", T, "site_web: https://", "site_web: http://",
          "Écrivez l'adresse avec `https://` ; si le site ne s'ouvre pas ainsi, ne mettez pas de lien."),
]

# Stale content: warnings only (the check passes), computed with the guide's reference date.
WARNING_CASES: list[Case] = [
    _case("Une séance unique datée de plus d'un mois dans le passé", A, "- date: 2026-12-12", "- date: 2025-12-12",
          "Souvent une faute de frappe dans l'année. Si la séance a eu lieu, retirez-la du fichier.", expect="passé"),
    Case("Une série qui se termine dans moins de deux semaines", S,
         (("au: 2027-06-29", "au: 2026-12-01"), (SERIES_EXCEPTIONS, "")),
         "Si l'activité continue, repoussez la date « au » ou ajoutez les séances suivantes.", expect="bientôt"),
    Case("Une activité sans séance à venir", A,
         (("- date: 2026-12-12", "- date: 2026-11-14"), ("- date: 2027-01-09", "- date: 2026-11-21"),
          ("- date: 2027-01-23", "- date: 2026-11-07"), ("date: 2027-01-30", "date: 2026-11-08")),
         "Ajoutez des dates ou, si elle est terminée, arrêtez-la avec « arret: » (voir 3.5).", expect="à venir"),
    _case("Un public à condition avec un public ouvert", W, "publics: [femmes]", "publics: [femmes, tout-public]",
          "Si l'activité est réservée, gardez seulement les publics qui ont une condition ; sinon retirez le public à condition."),
    _case("Un nom qui ne dit pas son article", T, "nom: Maison de quartier du Chemin Vert\narticle: la\n",
          "nom: Maison de quartier du Chemin Vert\n", "Ajoutez `article: la` (ou le, les, l', aucun) sous le nom : le site écrit alors « à la Maison de quartier… ».",
          expect="article"),
    _case("Une balise HTML dans le texte", P, "Jeux de société,", "<div>Jeux de société,</div>",
          "Écrivez la mise en forme en Markdown ; un « < » qui n'ouvre pas de balise (« <Caen> ») reste du texte.", expect="balise"),
    _case("Une date à plus de 18 mois (l'année ?)", A, "- date: 2026-12-12", "- date: 2037-12-12",
          "Vérifiez l'année : les pages montrent l'année d'une date lointaine, les calendriers ne vont qu'à douze mois.",
          expect="18 mois"),
    _case("Une fin à 23:59", STAGE, 'fin: "01:00"', 'fin: "23:59"',
          "Écrivez l'heure réelle de fin, même après minuit (fin: \"01:00\"), ou \"00:00\" pour minuit.", expect="23:59"),
    _case("Une série découpée à la main", RYTHMES, '    au: 2027-06-24\n    debut: "14:00"\n    fin: "16:00"\n',
          '    au: 2027-02-11\n    debut: "14:00"\n    fin: "16:00"\n  - chaque: [lundi, jeudi]\n    toutes_les: 2\n'
          '    du: 2027-03-01\n    au: 2027-06-24\n    debut: "14:00"\n    fin: "16:00"\n',
          "Gardez une seule série et mettez la coupure dans `sauf` (une période).", expect="reprend"),
    _case("Plusieurs annulations de suite avec le même motif", VELO, "    places: 8\n    changements:",
          "    places: 8\n    annulations:\n      - date: 2027-02-17\n        motif: Vacances\n      - date: 2027-02-24\n"
          "        motif: Vacances\n      - date: 2027-03-03\n        motif: Vacances\n    changements:",
          "Écrivez une période dans `sauf` (rien n'est affiché) ou une `interruptions` (le motif est affiché).", expect="de suite"),
]


def _messages(root: Path, guide_text: str, case: Case, warnings: bool) -> list[Problem]:
    vocabulary_text = (root / VOCABULARY_FILE).read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="catalogue-guide-") as folder:
        tree = Path(folder)
        found = {e.path: e for e in write_examples(tree, guide_text, vocabulary_text)}
        if case.path not in found:
            raise ValueError(f"{GUIDE} : l'exemple {case.path} est introuvable (cas « {case.label} »)")
        text = found[case.path].text
        for old, new in case.changes:
            if old not in text:
                raise ValueError(f"{GUIDE} : l'exemple {case.path} ne contient plus « {old} » (cas « {case.label} »)")
            text = text.replace(old, new, 1)
        (tree / case.path).write_text(text, encoding="utf-8")
        _, problems, warned = load(tree, GUIDE_TODAY, clean_image)
    if warnings and problems:
        raise ValueError(f"{GUIDE} : le cas « {case.label} » donne aussi des erreurs : {problems[0]}")
    chosen = [p for p in (warned if warnings else problems) if p.path == case.path and case.expect in p.message]
    if not chosen:
        raise ValueError(f"{GUIDE} : le cas « {case.label} » ne donne plus le message attendu")
    return chosen


def errors_section(root: Path, guide_text: str) -> str:
    out = ["Ce tableau est produit par `make guide` : chaque message est un vrai message de `make check`,",
           "obtenu en abîmant un des exemples de ce guide. Un message se lit « fichier:ligne: champ: ce qui ne va pas ».", "",
           "### Erreurs : la vérification échoue tant qu'elles ne sont pas corrigées", "",
           "| ce qui s'est passé | le message (exemple réel) | que faire |", "|---|---|---|"]
    for case in CASES:
        message = str(_messages(root, guide_text, case, warnings=False)[0])
        out.append(f"| {_cell(case.label)} | `{_cell(message)}` | {_cell(case.advice)} |")
    out += ["", "### Points d'attention : la vérification passe, mais relisez", "",
            f"Calculés par rapport à la date du jour (ici le {GUIDE_TODAY:%d/%m/%Y}).", "",
            "| ce qui s'est passé | le message (exemple réel) | que faire |", "|---|---|---|"]
    for case in WARNING_CASES:
        message = str(_messages(root, guide_text, case, warnings=True)[0])
        out.append(f"| {_cell(case.label)} | `{_cell(message)}` | {_cell(case.advice)} |")
    return "\n".join(out)


# ---- rewriting the guide --------------------------------------------------------------------------------


def _section(text: str, name: str) -> tuple[int, int]:
    start, end = f"<!-- {name}:debut -->\n", f"<!-- {name}:fin -->"
    if text.count(start) != 1 or text.count(end) != 1:
        raise ValueError(f"{GUIDE} : marqueurs « {start.strip()} » et « {end} » introuvables ou en double")
    first = text.index(start) + len(start)
    return first, text.index(end, first)


def render(root: Path, text: str) -> str:
    """The guide with its generated sections rewritten."""
    for name, build in (("valeurs", lambda: values_section(root)), ("erreurs", lambda: errors_section(root, text))):
        first, last = _section(text, name)
        text = text[:first] + build().rstrip("\n") + "\n" + text[last:]
    return text


def update_guide(root: Path, write: bool = True) -> list[str]:
    """Rewrite the generated sections; returns the names of those that changed."""
    path = Path(root) / GUIDE
    text = path.read_text(encoding="utf-8")
    new = render(Path(root), text)
    changed = []
    for name in ("valeurs", "erreurs"):
        a, b = _section(text, name)
        c, d = _section(new, name)
        if text[a:b] != new[c:d]:
            changed.append(name)
    if changed and write:
        path.write_text(new, encoding="utf-8")
    return changed

