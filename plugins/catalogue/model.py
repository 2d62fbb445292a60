"""The content model, declared once.

Editors' keys are French (aliases); attributes are English. Field descriptions are
French because they are shown twice: in error messages ("attendu : ...") and as
completion hints in editors through the exported JSON Schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, Union

import phonenumbers
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

ROLES = {
    "coordinateur": "Membre coordinateur du consortium",
    "membre-consortium": "Membre du consortium",
    "financeur": "Financeur",
    "partenaire": "Partenaire",
}
FAMILIES = {
    "pouvoir-public": "Pouvoirs publics",
    "enseignement": "Établissements d'enseignement",
    "entreprise-association": "Entreprises, associations et organisations professionnelles",
    "acteur-culturel": "Acteurs culturels",
}
JOIN_MODES = {
    "libre": "Sans inscription : venez directement",
    "appeler": "Sur inscription : appelez avant de venir",
    "referent": "Sur orientation : demandez à votre conseiller ou référent",
}
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRAMEWORKS = ("ROME", "CléA")

MAX_SERIES_DAYS = 800


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# ---- value types: parse what editors type, fail in French ------------------------------------


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise PydanticCustomError("slug", "attendu : un identifiant en texte")
    if not SLUG_RE.fullmatch(value):
        raise PydanticCustomError(
            "slug",
            "identifiant invalide « {value} » : uniquement minuscules sans accent, chiffres et tirets (par exemple « {suggestion} »)",
            {"value": value, "suggestion": slugify(value) or "atelier-numerique"},
        )
    return value


def slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_FR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if value is None:
        raise PydanticCustomError("date", "date manquante : attendu une date comme 2026-12-03 (ou 03/12/2026)")
    text = str(value).strip() if isinstance(value, (str, int)) else None
    match = text and (_DATE_ISO.match(text) or _DATE_FR.match(text))
    if not match:
        raise PydanticCustomError("date", "date invalide « {value} » : attendu une date comme 2026-12-03 (ou 03/12/2026)", {"value": value})
    if match.re is _DATE_ISO:
        year, month, day = (int(g) for g in match.groups())
    else:
        day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise PydanticCustomError(
            "date", "la date « {value} » n'existe pas dans le calendrier : vérifiez le jour et le mois", {"value": value}
        ) from None


_TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?$")


def parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if value is None:
        raise PydanticCustomError("time", "heure manquante : attendu une heure comme \"14:00\" ou 14h30")
    text = value.strip() if isinstance(value, str) else None
    match = text and _TIME.match(text)
    if match and (":" in text or "h" in text.lower()):
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise PydanticCustomError("time", "heure invalide « {value} » : attendu une heure comme \"14:00\" ou 14h30", {"value": value})


def parse_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("oui", "vrai", "yes"):
            return True
        if lowered in ("non", "faux", "no"):
            return False
    if isinstance(value, bool):
        return value
    raise PydanticCustomError("bool", "valeur « {value} » : attendu oui ou non (true ou false)", {"value": value})


def check_phone(value: str) -> str:
    try:
        number = phonenumbers.parse(value, "FR")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        raise PydanticCustomError("phone", "numéro de téléphone invalide « {value} » : attendu un numéro comme 02 31 06 60 50", {"value": value})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")


def check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise PydanticCustomError("email", "adresse e-mail invalide « {value} » : attendu une adresse comme contact@exemple.fr", {"value": value})
    return value


_URL = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s<>\"]*)?$")


def check_url(value: str) -> str:
    if not _URL.match(value):
        raise PydanticCustomError("url", "adresse web invalide « {value} » : attendu une adresse commençant par https://", {"value": value})
    return value


def check_relative_path(value: str) -> str:
    """A file path inside the repository: no URL, no absolute path, no `..`."""
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value) or value.startswith("//"):
        raise PydanticCustomError("path", "« {value} » est une adresse web : attendu le chemin d'un fichier du dépôt, comme images/mon-badge.svg", {"value": value})
    if value.startswith(("/", "\\")) or ".." in re.split(r"[\\/]", value) or "\\" in value:
        raise PydanticCustomError("path", "chemin « {value} » interdit : attendu un chemin relatif sans « .. », comme images/mon-badge.svg", {"value": value})
    if not re.match(r"^[A-Za-z0-9._/-]+\.(svg|png|jpg|jpeg|webp)$", value):
        raise PydanticCustomError("path", "chemin d'image invalide « {value} » : lettres sans accent, chiffres, tirets, et une extension .svg, .png, .jpg ou .webp", {"value": value})
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _postcode(value: Any) -> Any:
    return f"{value:05d}" if isinstance(value, int) and not isinstance(value, bool) else value


Slug = Annotated[str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern})]
Text = Annotated[str, Field(min_length=1)]
Date = Annotated[
    date,
    BeforeValidator(parse_date),
    WithJsonSchema({"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})$", "examples": ["2026-12-03"]}),
]
Time = Annotated[
    time,
    BeforeValidator(parse_time),
    WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}([:hH](\d{2})?)$", "examples": ["14:00", "14h30"]}),
]
Bool = Annotated[bool, BeforeValidator(parse_bool), WithJsonSchema({"type": "boolean"})]
Phone = Annotated[str, AfterValidator(check_phone)]
Email = Annotated[str, AfterValidator(check_email)]
Url = Annotated[str, AfterValidator(check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"})]
RelPath = Annotated[str, AfterValidator(check_relative_path)]
Weekday = Annotated[Literal[WEEKDAYS], BeforeValidator(_lower)]  # type: ignore[valid-type]


def F(alias: str, description: str, default: Any = ..., **kw: Any) -> Any:
    """A field with its French key and its French description."""
    return Field(default, alias=alias, description=description, **kw)


# ---- vocabulary ----------------------------------------------------------------------------------


class Term(Model):
    name: Text = F("nom", "le nom affiché")
    description: str | None = F("description", "une phrase d'explication", None)


class Commune(Model):
    name: Text = F("nom", "le nom de la commune")
    priority_areas: dict[Slug, Text] = F("quartiers_prioritaires", "quartiers prioritaires : identifiant -> nom", {})


class Territory(Model):
    name: Text = F("nom", "le nom du territoire")
    communes: dict[Slug, Commune] = F("communes", "les communes : identifiant -> nom")


class Vocabulary(Model):
    territories: dict[Slug, Territory] = F("territoires", "les territoires et leurs communes")
    categories: dict[Slug, Term] = F("categories", "les catégories d'activités")
    audiences: dict[Slug, Term] = F("publics", "les publics")

    def commune(self, commune_id: str) -> tuple[str, Commune] | None:
        for territory_id, territory in self.territories.items():
            if commune_id in territory.communes:
                return territory_id, territory.communes[commune_id]
        return None

    def commune_name(self, commune_id: str) -> str:
        """The commune's display name (its id when unknown, so a writer never fails on it)."""
        found = self.commune(commune_id)
        return found[1].name if found else commune_id

    @property
    def commune_ids(self) -> list[str]:
        return [c for t in self.territories.values() for c in t.communes]


# ---- structures and places ----------------------------------------------------------------------


class Contact(Model):
    phone: Phone | None = F("telephone", "le téléphone public, comme 02 31 06 60 50", None)
    email: Email | None = F("email", "l'adresse e-mail publique, comme contact@exemple.fr", None)


class Coordinates(Model):
    lat: float = F("lat", "latitude en degrés décimaux, comme 49.18", ge=41.0, le=51.5)
    lon: float = F("lon", "longitude en degrés décimaux, comme -0.36", ge=-5.5, le=10.0)


class Accessibility(Model):
    wheelchair: Bool = F("fauteuil", "oui si le lieu est accessible en fauteuil roulant")
    description: str | None = F("description", "ce qu'une personne à mobilité réduite doit savoir", None)


class Place(Model):
    id: Slug = F("id", "identifiant du lieu, unique dans tout le catalogue, comme le-dome-caen")
    name: Text = F("nom", "le nom du lieu")
    address: Text = F("adresse", "numéro et rue")
    postcode: Annotated[str, BeforeValidator(_postcode), Field(pattern=r"^\d{5}$")] = F(
        "code_postal", "le code postal en 5 chiffres, comme \"14000\""
    )
    commune: Slug = F("commune", "l'identifiant de la commune (voir vocabulaire.yml), comme caen")
    priority_area: Slug | None = F("quartier", "l'identifiant du quartier prioritaire, s'il y en a un", None)
    coordinates: Coordinates | None = F("coordonnees", "latitude et longitude, pour ouvrir le lieu dans une carte", None)
    hours: str | None = F("horaires", "les horaires d'ouverture", None)
    accessibility: Accessibility = F("accessibilite", "l'accessibilité physique du lieu")
    transport: str | None = F("transports", "comment venir en transports en commun", None)


class Structure(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    name: Text = F("nom", "le nom de la structure")
    role: Literal[tuple(ROLES)] = F("role", "le rôle : " + ", ".join(ROLES))  # type: ignore[valid-type]
    family: Literal[tuple(FAMILIES)] | None = F(  # type: ignore[valid-type]
        "famille", "pour un partenaire ou un financeur : " + ", ".join(FAMILIES), None
    )
    kind: Text = F("type", "le type de structure, comme « Tiers-lieu » ou « Association »")
    summary: Text = F("description_courte", "une ou deux phrases de présentation")
    website: Url | None = F("site_web", "le site web, commençant par https://", None)
    contact: Contact | None = F("contact", "le contact public : telephone, email", None)
    logo: RelPath | None = F("logo", "le chemin du logo depuis le dossier structures/, comme logos/le-dome.svg", None)
    places: tuple[Place, ...] = F("lieux", "les lieux où la structure accueille du public", ())

    @model_validator(mode="after")
    def _role_fields(self) -> "Structure":
        if self.role in ("partenaire", "financeur") and self.family is None:
            raise PydanticCustomError("famille", "champ « famille » manquant pour un partenaire : attendu " + ", ".join(FAMILIES))
        return self

    @property
    def is_member(self) -> bool:
        return self.role in ("coordinateur", "membre-consortium")


# ---- activities and their sessions ------------------------------------------------------------


class Change(Model):
    date: Date | None = F("date", "la nouvelle date", None)
    start: Time | None = F("debut", "la nouvelle heure de début", None)
    end: Time | None = F("fin", "la nouvelle heure de fin", None)
    place: Slug | None = F("lieu", "le nouveau lieu (identifiant)", None)
    reason: str | None = F("motif", "pourquoi la séance change", None)


class OneOffSession(Model):
    date: Date = F("date", "la date de la séance, comme 2026-12-03")
    start: Time = F("debut", "l'heure de début, comme \"14:00\"")
    end: Time = F("fin", "l'heure de fin, après le début")
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None)
    cancellation: Text | None = F("annulation", "si la séance est annulée : le motif", None)
    change: Change | None = F("changement", "si la séance est déplacée : date, debut, fin, lieu, motif", None)


class Cancellation(Model):
    date: Date = F("date", "la date annulée, une date de la série")
    reason: Text = F("motif", "le motif de l'annulation")


class SeriesChange(Model):
    date: Date = F("date", "la date de la série qui change")
    new_date: Date | None = F("nouvelle_date", "la nouvelle date, si la séance change de jour", None)
    start: Time | None = F("debut", "la nouvelle heure de début", None)
    end: Time | None = F("fin", "la nouvelle heure de fin", None)
    place: Slug | None = F("lieu", "le nouveau lieu (identifiant)", None)
    reason: str | None = F("motif", "pourquoi la séance change", None)


class Series(Model):
    days: Annotated[
        tuple[Weekday, ...],
        BeforeValidator(_one_or_many),
        Field(min_length=1),
        WithJsonSchema({"anyOf": [
            {"type": "string", "enum": list(WEEKDAYS)},
            {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)}, "minItems": 1},
        ]}),
    ] = F(
        "chaque", "le ou les jours de la semaine : lundi, mardi, …"
    )
    every: int = F("toutes_les", "toutes les N semaines (1 = chaque semaine)", 1, ge=1, le=4)
    first: Date = F("du", "la date de début de la série")
    last: Date = F("au", "la date de fin de la série")
    start: Time = F("debut", "l'heure de début, comme \"14:00\"")
    end: Time = F("fin", "l'heure de fin, après le début")
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None)
    skipped: tuple[Date, ...] = F("sauf", "les dates sans séance (vacances), non affichées comme annulées", ())
    cancellations: tuple[Cancellation, ...] = F("annulations", "les séances annulées : date et motif", ())
    changes: tuple[SeriesChange, ...] = F("changements", "les séances déplacées : date, puis ce qui change", ())


def _session_kind(value: Any) -> str:
    if isinstance(value, dict) and ({"chaque", "du", "au", "toutes_les"} & set(value)):
        return "serie"
    return "unique"


SessionEntry = Annotated[
    Union[Annotated[OneOffSession, Tag("unique")], Annotated[Series, Tag("serie")]],
    Discriminator(_session_kind),
]


class Stop(Model):
    date: Date = F("date", "le premier jour sans activité : les séances à partir de ce jour sont annoncées comme annulées")
    reason: Text = F("motif", "pourquoi l'activité s'arrête, en quelques mots")


class Activity(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    former_id: Slug | None = F(
        "ancien_identifiant", "l'ancien identifiant (nom du fichier) après un renommage : les agendas gardent les mêmes séances", None
    )
    stop: Stop | None = F("arret", "pour arrêter l'activité : date (premier jour sans activité) et motif", None)
    title: Text = F("titre", "le titre de l'activité, court et clair")
    structure: Slug = F("structure", "l'identifiant de la structure, le nom de son dossier")
    place: Slug = F("lieu", "l'identifiant du lieu (voir les lieux des structures)")
    categories: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many), Field(min_length=1)] = F(
        "categories", "une ou plusieurs catégories (voir vocabulaire.yml)"
    )
    audiences: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many), Field(min_length=1)] = F(
        "publics", "un ou plusieurs publics (voir vocabulaire.yml)"
    )
    free: Bool = F("gratuit", "oui si l'activité est gratuite")
    price: str | None = F("tarif", "le prix, si l'activité n'est pas gratuite", None)
    join: Literal[tuple(JOIN_MODES)] = F("inscription", "comment venir : " + ", ".join(JOIN_MODES))  # type: ignore[valid-type]
    bring: str | None = F("a_apporter", "ce qu'il faut apporter", None)
    easy_summary: Text = F("resume_facile", "un résumé facile à lire : phrases courtes, mots simples")
    badges: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = F("badges", "les badges que l'activité permet d'obtenir", ())
    contact: Contact | None = F("contact", "le contact pour cette activité, sinon celui de la structure", None)
    sessions: tuple[SessionEntry, ...] = F("seances", "les séances : dates uniques ou séries chaque semaine", ())

    @model_validator(mode="after")
    def _price(self) -> "Activity":
        if not self.free and not self.price:
            raise PydanticCustomError("tarif", "champ « tarif » manquant : une activité payante doit dire son prix")
        return self


# ---- badges --------------------------------------------------------------------------------------


class Alignment(Model):
    framework: Literal[FRAMEWORKS] = F("referentiel", "le référentiel : ROME ou CléA")  # type: ignore[valid-type]
    code: str | None = F("code", "le code dans le référentiel", None)
    name: Text = F("intitule", "l'intitulé de la compétence")
    url: Url | None = F("url", "l'adresse de la fiche", None)


class Badge(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    name: Text = F("nom", "le nom du badge")
    recognises: Text = F("reconnait", "en une phrase simple : ce que le badge reconnaît")
    criteria: Annotated[tuple[Text, ...], Field(min_length=1)] = F("criteres", "les critères, une ligne chacun : « Je sais … »")
    issuer: Slug = F("structure", "l'identifiant de la structure qui délivre le badge")
    co_builders: tuple[Slug, ...] = F("co_construit_avec", "les structures qui ont construit les critères", ())
    image: RelPath = F("image", "le chemin de l'image depuis le dossier badges/, comme images/mon-badge.svg")
    category: Slug = F("categorie", "la catégorie (voir vocabulaire.yml)")
    alignments: tuple[Alignment, ...] = F("alignements", "les correspondances avec ROME ou CléA", ())
    for_employers: Text = F("pour_les_employeurs", "ce que ce badge signifie pour un employeur")


# ---- derived: sessions as they happen ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Session:
    """One dated occurrence, series expanded; what agendas and feeds list.

    A plain slotted dataclass, not a pydantic model: it is derived (never typed by an
    editor), and a catalogue holds hundreds of thousands of them.
    """

    activity: str
    key: str
    start: datetime
    end: datetime
    place: str
    cancelled: bool = False
    cancel_reason: str | None = None
    moved: bool = False
    change_reason: str | None = None
    line: int = 0

    @property
    def first_sequence(self) -> int:
        """The SEQUENCE of a session's first published version: 1 if it was already moved or
        cancelled then, so that clients which saw an earlier copy elsewhere still update."""
        return int(self.moved) + int(self.cancelled)

    @property
    def uid(self) -> str:
        """The identity the catalogue matches sessions by; feeds add the site's domain (identity.uid_domain)."""
        return self.key


CONTENT_MODELS = {"structures": Structure, "activities": Activity, "badges": Badge}
