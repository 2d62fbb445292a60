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

from .french import ARTICLES
from .visible import code_point, forbidden_character, normalise_line_breaks

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
    "referent": "Sur orientation : demandez à votre conseiller ou référent ; sans conseiller, appelez la structure, elle vous dira qui contacter",
}
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
FRAMEWORKS = ("ROME", "CléA")

MAX_SERIES_DAYS = 800
# Longest text per kind of field (characters): what the field is for, and a fair share of shared feeds.
MAX_SHORT_TEXT, MAX_TEXT, MAX_LONG_TEXT = 120, 300, 800
MAX_URL = 500
MAX_COURSE_DAYS = 14
SESSION_STATUSES = {"complet": "Complet", "reporte": "Reporté"}


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


_URL = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\s<>\"]*)?$")


def check_url(value: str) -> str:
    if value[:7].lower() == "http://":
        raise PydanticCustomError("url", "adresse non sécurisée « {value} » : attendu une adresse commençant par https:// "
                                  "(écrivez « https://{rest} » ; si le site ne s'ouvre pas ainsi, ne mettez pas de lien)",
                                  {"value": value, "rest": value[7:]})
    if len(value) > MAX_URL:
        raise PydanticCustomError("url", "adresse web trop longue ({length} caractères, au plus {limit}) : donnez l'adresse d'une page plus courte",
                                  {"length": len(value), "limit": MAX_URL})
    if forbidden_character(value) or not _URL.match(value):
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


def check_text(value: str) -> str:
    """Text shown on pages and in calendars: no invisible control or bidi character."""
    bad = forbidden_character(value)
    if bad:
        raise PydanticCustomError(
            "invisible_character",
            "caractère invisible interdit {char} en position {position} : il vient souvent d'un copier-coller "
            "ou d'un code « \\… » entre guillemets ; supprimez-le ou retapez le texte",
            {"char": code_point(bad[1]), "position": bad[0]},
        )
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _postcode(value: Any) -> Any:
    return f"{value:05d}" if isinstance(value, int) and not isinstance(value, bool) else value


Slug = Annotated[str, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern})]
ShortText = Annotated[str, Field(min_length=1, max_length=MAX_SHORT_TEXT), BeforeValidator(normalise_line_breaks), AfterValidator(check_text)]  # a name, a title
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT), BeforeValidator(normalise_line_breaks), AfterValidator(check_text)]  # one or two sentences
LongText = Annotated[str, Field(min_length=1, max_length=MAX_LONG_TEXT), BeforeValidator(normalise_line_breaks), AfterValidator(check_text)]  # a short paragraph


def _blank_is_none(value: Any) -> Any:
    """An optional text left empty (the form editor writes `""`) is no text at all, as before limits existed."""
    return None if isinstance(value, str) and not value.strip() else value


MaybeShortText = Annotated[ShortText | None, BeforeValidator(_blank_is_none)]
MaybeText = Annotated[Text | None, BeforeValidator(_blank_is_none)]
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
Url = Annotated[str, AfterValidator(check_url), WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://", "maxLength": MAX_URL})]
RelPath = Annotated[str, AfterValidator(check_relative_path)]
Weekday = Annotated[Literal[WEEKDAYS], BeforeValidator(_lower)]  # type: ignore[valid-type]


def F(alias: str, description: str, default: Any = ..., **kw: Any) -> Any:
    """A field with its French key and its French description."""
    return Field(default, alias=alias, description=description, **kw)


# ---- vocabulary ----------------------------------------------------------------------------------


class Term(Model):
    name: ShortText = F("nom", "le nom affiché")
    description: MaybeText = F("description", "une phrase d'explication", None)


class Audience(Term):
    """A public; some are a condition to take part (an age, women only), said in plain words."""

    condition: MaybeText = F("condition", "si ce public est une condition pour venir, dite simplement, comme « réservé aux femmes »", None)
    age_min: int | None = F("age_min", "l'âge minimum, en années, comme 18", None, ge=0, le=120)
    age_max: int | None = F("age_max", "l'âge maximum, en années, comme 25", None, ge=0, le=120)
    access_needs: Bool = F("besoins_d_acces", "oui pour les personnes en situation de handicap : la page de ce public "
                           "range aussi les activités par besoin d'accès (sans marche, boucle magnétique…) et dit qui appeler", False)

    @model_validator(mode="after")
    def _ages(self) -> "Audience":
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise PydanticCustomError("ages", "age_min ({low}) est plus grand que age_max ({high}) : inversez-les",
                                      {"low": self.age_min, "high": self.age_max})
        return self

    @property
    def ages(self) -> str | None:
        """'de 18 à 25 ans', 'à partir de 26 ans', "jusqu'à 25 ans", or None."""
        if self.age_min is not None and self.age_max is not None:
            return f"de {self.age_min} à {self.age_max}\u00a0ans"
        if self.age_min is not None:
            return f"à partir de {self.age_min}\u00a0ans"
        if self.age_max is not None:
            return f"jusqu'à {self.age_max}\u00a0ans"
        return None

    @property
    def ages_in_name(self) -> bool:
        """Whether the name already says the ages (« Jeunes de 16 à 25 ans »): pages then do not repeat them."""
        return all(str(age) in self.name for age in (self.age_min, self.age_max) if age is not None)


class Commune(Model):
    name: ShortText = F("nom", "le nom de la commune")
    priority_areas: dict[Slug, ShortText] = F("quartiers_prioritaires", "quartiers prioritaires : identifiant -> nom", {})


class Territory(Model):
    name: ShortText = F("nom", "le nom du territoire")
    communes: dict[Slug, Commune] = F("communes", "les communes : identifiant -> nom")


class Vocabulary(Model):
    territories: dict[Slug, Territory] = F("territoires", "les territoires et leurs communes")
    categories: dict[Slug, Term] = F("categories", "les catégories d'activités")
    audiences: dict[Slug, Audience] = F("publics", "les publics, avec leur condition éventuelle (âge, réservé aux femmes…)")

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


class AccessContact(Contact):
    """Who to call to ask for an adjustment (a ramp, an interpreter, a quiet time): a service, not a person."""

    name: ShortText = F("nom", "qui appeler, comme « l'accueil du Dôme » (un service, pas le nom d'une personne)")


class Accessibility(Model):
    """What a person with a disability needs to know before coming; `None` means « not said »."""

    wheelchair: Bool = F("fauteuil", "oui si le lieu est accessible en fauteuil roulant")
    steps: int | None = F("marches", "le nombre de marches à l'entrée (0 : entrée de plain-pied)", None, ge=0, le=200)
    lift: Bool | None = F("ascenseur", "oui s'il y a un ascenseur, non si l'activité est à l'étage sans ascenseur ; "
                          "vide si tout est au rez-de-chaussée", None)
    toilets: Bool | None = F("toilettes_adaptees", "oui si les toilettes sont adaptées au fauteuil roulant", None)
    hearing_loop: Bool | None = F("boucle_magnetique", "oui s'il y a une boucle magnétique (pour les appareils auditifs)", None)
    quiet_room: Bool | None = F("salle_calme", "oui s'il y a une salle calme pour faire une pause", None)
    sign_language: Bool | None = F("langue_des_signes", "oui si un interprète en langue des signes (LSF) peut venir, sur demande", None)
    easy_read: Bool | None = F("facile_a_lire", "oui si les documents existent en « facile à lire et à comprendre » (FALC), sur demande", None)
    companion: Bool | None = F("accompagnant", "oui si une personne qui vous accompagne est la bienvenue, sans payer", None)
    contact: AccessContact | None = F("contact", "qui appeler pour demander un aménagement : nom (un service), telephone, email ; "
                                      "sans ce champ, le contact de la structure", None)
    description: MaybeText = F("description", "ce qu'une personne à mobilité réduite doit savoir", None)


NETWORKS = {"twisto": "Twisto", "nomad": "Nomad", "train": "Train"}
NETWORK_KINDS = {"twisto": "tram et bus de Caen la Mer", "nomad": "cars de la Région Normandie", "train": "TER Normandie"}


def _line_name(value: Any) -> Any:
    """`ligne: 5` is read by YAML as a number: a line's name is its text."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class TransitLine(Model):
    network: Literal[tuple(NETWORKS)] = F(  # type: ignore[valid-type]
        "reseau", "twisto (tram et bus de Caen la Mer), nomad (cars de la Région) ou train")
    line: Annotated[ShortText, BeforeValidator(_line_name)] = F("ligne", "le nom de la ligne, comme T2, 5 ou 34")
    stop: ShortText = F("arret", "le nom de l'arrêt, comme Presqu'île")
    walk: int | None = F("minutes_a_pied", "le temps à pied de l'arrêt au lieu, en minutes (0 : devant la porte)", None, ge=0, le=60)


class OnDemand(Model):
    """A bus that comes when booked (Twisto Flex, Nomad à la demande): in villages, often the only one."""

    name: ShortText = F("nom", "le nom du service, comme Twisto Flex ou Nomad à la demande")
    phone: Phone = F("telephone", "le numéro pour réserver, comme 02 31 15 55 55")
    booking: MaybeText = F("reservation", "quand réserver, comme « la veille avant 17 h »", None)


def _transport_text(value: Any) -> Any:
    """`transports: "Tram T2, arrêt Presqu'île."` (the former free text) is kept as the place's note."""
    return {"precisions": value} if isinstance(value, str) else value


class Transport(Model):
    lines: tuple[TransitLine, ...] = F("lignes", "les lignes qui passent près du lieu : reseau, ligne, arret, minutes_a_pied", ())
    route_planner: Url | None = F("itineraire", "l'adresse du calculateur d'itinéraire, commençant par https://", None)
    on_demand: OnDemand | None = F("a_la_demande", "le transport à la demande : nom, telephone, reservation", None)
    parking: MaybeText = F("stationnement", "où se garer, comme « parking gratuit devant l'entrée »", None)
    note: MaybeText = F("precisions", "autre chose à savoir : covoiturage, minibus, vélo", None)


class Place(Model):
    id: Slug = F("id", "identifiant du lieu, unique dans tout le catalogue, comme le-dome-caen")
    name: ShortText = F("nom", "le nom du lieu")
    article: Literal[ARTICLES] | None = F(  # type: ignore[valid-type]
        "article", "comment dire le nom après « à » et « de » : le (au …, du …), la, les (aux …), l', ou aucun ; "
        "sans ce champ, l'article par lequel le nom commence (« Le WIP » : au WIP)", None)
    address: ShortText = F("adresse", "numéro et rue")
    postcode: Annotated[str, BeforeValidator(_postcode), Field(pattern=r"^\d{5}$")] = F(
        "code_postal", "le code postal en 5 chiffres, comme \"14000\""
    )
    commune: Slug = F("commune", "l'identifiant de la commune (voir vocabulaire.yml), comme caen")
    priority_area: Slug | None = F("quartier", "l'identifiant du quartier prioritaire, s'il y en a un", None)
    coordinates: Coordinates | None = F("coordonnees", "latitude et longitude, pour ouvrir le lieu dans une carte", None)
    hours: MaybeText = F("horaires", "les horaires d'ouverture", None)
    accessibility: Accessibility = F("accessibilite", "l'accessibilité physique du lieu")
    transport: Annotated[Transport | None, BeforeValidator(_transport_text)] = F(
        "transports", "comment venir : lignes et arrêts, itinéraire, transport à la demande, stationnement", None)


class Structure(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    name: ShortText = F("nom", "le nom de la structure")
    article: Literal[ARTICLES] | None = F(  # type: ignore[valid-type]
        "article", "comment dire le nom après « à » et « de » : le (au …, du …), la, les (aux …), l', ou aucun ; "
        "sans ce champ, l'article par lequel le nom commence (« Le WIP » : au WIP)", None)
    role: Literal[tuple(ROLES)] = F("role", "le rôle : " + ", ".join(ROLES))  # type: ignore[valid-type]
    family: Literal[tuple(FAMILIES)] | None = F(  # type: ignore[valid-type]
        "famille", "pour un partenaire ou un financeur : " + ", ".join(FAMILIES), None
    )
    kind: ShortText = F("type", "le type de structure, comme « Tiers-lieu » ou « Association »")
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


class Break(Model):
    start: Time = F("debut", "le début de la pause, comme \"12:30\"")
    end: Time = F("fin", "la fin de la pause, comme \"13:30\"")


class SessionDetails(Model):
    """What any session may say beyond its time: capacity, status, a note (shared by all kinds)."""

    seats: int | None = F("places", "le nombre de places, comme 8", None, ge=1, le=10000)
    status: Literal[tuple(SESSION_STATUSES)] | None = F(  # type: ignore[valid-type]
        "statut", "complet (plus de place) ou reporte (nouvelle date à venir)", None
    )
    note: str | None = F("note", "une information pour cette séance, comme « Apportez une tenue de sport. »", None)


class Change(Model):
    date: Date | None = F("date", "la nouvelle date", None)
    start: Time | None = F("debut", "la nouvelle heure de début", None)
    end: Time | None = F("fin", "la nouvelle heure de fin", None)
    place: Slug | None = F("lieu", "le nouveau lieu (identifiant)", None)
    reason: MaybeText = F("motif", "pourquoi la séance change", None)


class OneOffSession(SessionDetails):
    type: Literal["unique"] | None = F("type", "unique : une seule date", None)
    date: Date = F("date", "la date de la séance, comme 2026-12-03")
    start: Time | None = F("debut", "l'heure de début, comme \"14:00\"", None)
    end: Time | None = F("fin", "l'heure de fin, comme \"16:00\" (\"01:00\" si la séance finit après minuit)", None)
    all_day: Bool = F("toute_la_journee", "oui pour une séance sur toute la journée, sans heures", False)
    pause: Break | None = F("pause", "une pause au milieu de la séance : debut et fin", None)
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None)
    cancellation: Text | None = F("annulation", "si la séance est annulée : le motif", None)
    change: Change | None = F("changement", "si la séance est déplacée : date, debut, fin, lieu, motif", None)

    @model_validator(mode="after")
    def _hours(self) -> "OneOffSession":
        return check_hours(self)


class Course(SessionDetails):
    """A course on consecutive days (a "stage"): one item on pages, one event a day in feeds."""

    type: Literal["stage"] = F("type", "stage : plusieurs jours qui se suivent")
    first: Date = F("du", "le premier jour du stage")
    last: Date = F("au", "le dernier jour du stage (14 jours au plus)")
    start: Time | None = F("debut", "l'heure de début de chaque journée, comme \"09:00\"", None)
    end: Time | None = F("fin", "l'heure de fin de chaque journée, comme \"17:00\"", None)
    all_day: Bool = F("toute_la_journee", "oui si chaque jour dure toute la journée, sans heures", False)
    pause: Break | None = F("pause", "la pause de chaque journée : debut et fin", None)
    weekends: Bool = F("week_end", "oui si le stage continue le samedi et le dimanche", False)
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None)
    cancellation: Text | None = F("annulation", "si tout le stage est annulé : le motif", None)

    @model_validator(mode="after")
    def _hours(self) -> "Course":
        return check_hours(self)


def check_hours(entry: Any) -> Any:
    """A timed session needs both hours; an all-day one has none."""
    if entry.all_day and (entry.start or entry.end or entry.pause):
        raise PydanticCustomError("toute_la_journee", "une séance « toute_la_journee: oui » n'a pas d'heures : retirez debut, fin et pause (ou retirez toute_la_journee)")
    if not entry.all_day and entry.start is None:
        raise PydanticCustomError("debut", "champ « debut » manquant : l'heure de début, comme \"14:00\" (ou toute_la_journee: oui)")
    if not entry.all_day and entry.end is None:
        raise PydanticCustomError("fin", "champ « fin » manquant : l'heure de fin, comme \"16:00\" (ou toute_la_journee: oui)")
    return entry


class Cancellation(Model):
    date: Date = F("date", "la date annulée, une date de la série")
    reason: Text = F("motif", "le motif de l'annulation")


class SeriesChange(SessionDetails):
    date: Date = F("date", "la date de la série qui change")
    new_date: Date | None = F("nouvelle_date", "la nouvelle date, si la séance change de jour", None)
    start: Time | None = F("debut", "la nouvelle heure de début", None)
    end: Time | None = F("fin", "la nouvelle heure de fin", None)
    place: Slug | None = F("lieu", "le nouveau lieu (identifiant)", None)
    reason: MaybeText = F("motif", "pourquoi la séance change", None)


def _date_range(value: Any) -> Any:
    """Every `sauf` entry as a period: `du 2027-02-13 au 2027-03-01` (as typed in a list) -> {du, au};
    a single date -> {du} (a period of one day), so that a wrong value gets one message, on its field."""
    if isinstance(value, str):
        match = _RANGE.match(value.strip())
        if match:
            return {"du": match.group(1), "au": match.group(2)}
    return value if isinstance(value, dict) else {"du": value}


_RANGE = re.compile(r"^du\s+(\S+)\s+au\s+(\S+)$", re.IGNORECASE)


class DateRange(Model):
    first: Date = F("du", "le premier jour sans séance")
    last: Date | None = F("au", "le dernier jour sans séance (vide : seulement le jour « du »)", None)


class Suspension(Model):
    first: Date = F("du", "le premier jour où la série s'arrête")
    last: Date | None = F("au", "le dernier jour de l'arrêt (vide : jusqu'à nouvel ordre)", None)
    reason: Text = F("motif", "pourquoi la série s'arrête, montré aux visiteurs et dans les calendriers")


_DATE_PATTERN = r"(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})"
SkippedDay = Annotated[
    DateRange,
    BeforeValidator(_date_range),
    WithJsonSchema({"anyOf": [
        {"type": "string", "pattern": f"^({_DATE_PATTERN}|du {_DATE_PATTERN} au {_DATE_PATTERN})$",
         "examples": ["2026-12-22", "du 2027-02-13 au 2027-03-01"]},
        {"type": "object", "additionalProperties": False, "required": ["du"], "properties": {
            "du": {"type": "string", "pattern": f"^{_DATE_PATTERN}$"}, "au": {"type": "string", "pattern": f"^{_DATE_PATTERN}$"}}},
    ]}),
]


def _ranks(value: Any) -> Any:
    return [value] if isinstance(value, (int, str)) and not isinstance(value, bool) else value


RANKS = (1, 2, 3, 4, 5, -1)
SPOKEN_RANKS = {"premier": 1, "1er": 1, "deuxième": 2, "deuxieme": 2, "2e": 2, "troisième": 3, "troisieme": 3, "3e": 3,
                "quatrième": 4, "quatrieme": 4, "4e": 4, "cinquième": 5, "cinquieme": 5, "5e": 5, "dernier": -1}
_SPOKEN_RANK = re.compile(r"^(" + "|".join(SPOKEN_RANKS) + r")\s+(" + "|".join(WEEKDAYS) + r")(?:\s+du\s+mois)?$")


class Series(SessionDetails):
    type: Literal["serie"] | None = F("type", "serie : chaque semaine ou chaque mois", None)
    days: Annotated[
        tuple[Weekday, ...],
        BeforeValidator(_one_or_many),
        Field(min_length=1),
        WithJsonSchema({"anyOf": [
            {"type": "string", "enum": list(WEEKDAYS)},
            {"type": "string", "pattern": _SPOKEN_RANK.pattern, "examples": ["premier samedi", "dernier vendredi"]},
            {"type": "array", "items": {"type": "string", "enum": list(WEEKDAYS)}, "minItems": 1},
        ]}),
    ] = F(
        "chaque", "le ou les jours de la semaine : lundi, mardi, … (ou « premier samedi », « dernier vendredi »)"
    )
    ranks: Annotated[tuple[Literal[RANKS], ...], BeforeValidator(_ranks)] = F(  # type: ignore[valid-type]
        "rang", "chaque mois : 1 pour le premier jour du mois, 2 le deuxième, …, -1 le dernier", ()
    )
    every: int = F("toutes_les", "toutes les N semaines (1 = chaque semaine ; la semaine de « du » est la première)", 1, ge=1, le=4)
    first: Date = F("du", "la date de début de la série")
    last: Date = F("au", "la date de fin de la série")
    start: Time = F("debut", "l'heure de début, comme \"14:00\"")
    end: Time = F("fin", "l'heure de fin, comme \"16:00\" (\"01:00\" si la séance finit après minuit)")
    pause: Break | None = F("pause", "une pause au milieu de chaque séance : debut et fin", None)
    place: Slug | None = F("lieu", "un autre lieu que celui de l'activité (identifiant)", None)
    skipped: tuple[SkippedDay, ...] = F("sauf", "les dates ou périodes sans séance (vacances : « du 2027-02-13 au 2027-03-01 »), non affichées comme annulées", ())
    suspensions: tuple[Suspension, ...] = F("interruptions", "les périodes où la série s'arrête, avec le motif montré aux visiteurs : du, au, motif", ())
    cancellations: tuple[Cancellation, ...] = F("annulations", "les séances annulées : date et motif", ())
    changes: tuple[SeriesChange, ...] = F("changements", "les séances déplacées, complètes ou avec une note : date, puis ce qui change", ())

    @model_validator(mode="before")
    @classmethod
    def _spoken_rank(cls, value: Any) -> Any:
        """`chaque: premier samedi` or `chaque: dernier vendredi du mois` -> chaque: samedi, rang: 1."""
        if isinstance(value, dict) and isinstance(value.get("chaque"), str) and "rang" not in value:
            match = _SPOKEN_RANK.match(value["chaque"].strip().lower())
            if match:
                return {**value, "chaque": match.group(2), "rang": SPOKEN_RANKS[match.group(1)]}
        return value


_TYPE_TAGS = ("unique", "serie", "stage")


def _session_kind(value: Any) -> str | None:
    if isinstance(value, dict) and "type" in value:
        kind = str(value["type"]).strip().lower() if isinstance(value["type"], str) else value["type"]
        return kind if kind in _TYPE_TAGS else None
    if isinstance(value, dict) and ({"chaque", "du", "au", "toutes_les"} & set(value)):
        return "serie"
    return "unique"


SessionEntry = Annotated[
    Union[Annotated[OneOffSession, Tag("unique")], Annotated[Series, Tag("serie")], Annotated[Course, Tag("stage")]],
    Discriminator(
        _session_kind,
        custom_error_type="type_seance",
        custom_error_message="type de séance inconnu : attendu unique (une date), serie (chaque semaine ou chaque mois) ou stage (plusieurs jours qui se suivent)",
    ),
]

SESSION_KINDS: dict[str, type[BaseModel]] = {"unique": OneOffSession, "serie": Series, "stage": Course}

BOOKING_MODES = {
    "rendez-vous": "Sur rendez-vous",
    "orientation": "Sur orientation",
    "a-venir": "Dates à venir",
}


class NoDates(Model):
    """An activity with no dated session: by appointment, on referral, or dates still to be set."""

    mode: Literal[tuple(BOOKING_MODES)] = F("mode", "rendez-vous, orientation (un référent inscrit la personne) ou a-venir (dates pas encore fixées)")  # type: ignore[valid-type]
    how: Text = F("comment", "comment prendre rendez-vous ou être orienté : qui appeler, que dire, par exemple « Appelez l'accueil et demandez l'atelier CV »")
    by_referrer: Bool = F("par_un_referent", "oui si c'est le conseiller ou le référent qui inscrit la personne", False)


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
    title: ShortText = F("titre", "le titre de l'activité, court et clair")
    structure: Slug = F("structure", "l'identifiant de la structure, le nom de son dossier")
    co_organisers: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = F(
        "co_organisateurs", "les autres structures qui organisent l'activité avec elle (identifiants) : "
        "l'activité s'affiche aussi sur leurs pages et dans leurs calendriers", ())
    place: Slug = F("lieu", "l'identifiant du lieu (voir les lieux des structures)")
    categories: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many), Field(min_length=1)] = F(
        "categories", "une ou plusieurs catégories (voir vocabulaire.yml)"
    )
    audiences: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many), Field(min_length=1)] = F(
        "publics", "un ou plusieurs publics (voir vocabulaire.yml)"
    )
    free: Bool = F("gratuit", "oui si l'activité est gratuite")
    price: MaybeText = F("tarif", "le prix, si l'activité n'est pas gratuite", None)
    join: Literal[tuple(JOIN_MODES)] = F("inscription", "comment s'inscrire : " + ", ".join(JOIN_MODES))  # type: ignore[valid-type]
    bring: MaybeText = F("a_apporter", "ce qu'il faut apporter", None)
    open_door: Bool = F("porte_d_entree", "oui si l'on peut venir sans conseiller ni rendez-vous pour être orienté vers les "
                        "autres activités (comme le café d'accueil) : les activités « sur orientation » y renvoient", False)
    easy_summary: LongText = F("resume_facile", "un résumé facile à lire : phrases courtes, mots simples")
    badges: Annotated[tuple[Slug, ...], BeforeValidator(_one_or_many)] = F("badges", "les badges que l'activité permet d'obtenir", ())
    contact: Contact | None = F("contact", "le contact pour cette activité, sinon celui de la structure", None)
    sessions: tuple[SessionEntry, ...] = F("seances", "les séances : dates uniques, séries, stages de plusieurs jours", ())
    no_dates: NoDates | None = F("sans_dates", "pour une activité sans dates : sur rendez-vous, sur orientation ou dates à venir (mode, comment, par_un_referent)", None)

    @model_validator(mode="before")
    @classmethod
    def _unused_no_dates(cls, value: Any) -> Any:
        """The form editor writes `sans_dates: {par_un_referent: false}` when the group is left alone: no dates said."""
        no_dates = value.get("sans_dates") if isinstance(value, dict) else None
        if isinstance(no_dates, dict) and not any(no_dates.values()):
            return {k: v for k, v in value.items() if k != "sans_dates"}
        return value

    @model_validator(mode="after")
    def _price(self) -> "Activity":
        if not self.free and not self.price:
            raise PydanticCustomError("tarif", "champ « tarif » manquant : une activité payante doit dire son prix")
        if self.no_dates is not None and self.sessions:
            raise PydanticCustomError("sans_dates", "« sans_dates » et « seances » ensemble : une activité sur rendez-vous n'a pas de séances datées ; retirez l'un des deux")
        return self

    @property
    def organisers(self) -> tuple[str, ...]:
        """The lead structure first, then the co-organisers, each once."""
        return tuple(dict.fromkeys((self.structure, *self.co_organisers)))


# ---- badges --------------------------------------------------------------------------------------


class Alignment(Model):
    framework: Literal[FRAMEWORKS] = F("referentiel", "le référentiel : ROME ou CléA")  # type: ignore[valid-type]
    code: MaybeShortText = F("code", "le code dans le référentiel", None)
    name: ShortText = F("intitule", "l'intitulé de la compétence")
    url: Url | None = F("url", "l'adresse de la fiche", None)


class Badge(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    name: ShortText = F("nom", "le nom du badge")
    recognises: Text = F("reconnait", "en une phrase simple : ce que le badge reconnaît")
    criteria: Annotated[tuple[Text, ...], Field(min_length=1)] = F("criteres", "les critères, une ligne chacun : « Je sais … »")
    issuer: Slug = F("structure", "l'identifiant de la structure qui délivre le badge")
    co_builders: tuple[Slug, ...] = F("co_construit_avec", "les structures qui ont construit les critères", ())
    image: RelPath = F("image", "le chemin de l'image depuis le dossier badges/, comme images/mon-badge.svg")
    category: Slug = F("categorie", "la catégorie (voir vocabulaire.yml)")
    alignments: tuple[Alignment, ...] = F("alignements", "les correspondances avec ROME ou CléA", ())
    for_employers: LongText = F("pour_les_employeurs", "ce que ce badge signifie pour un employeur")


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
    all_day: bool = False  # start and end at midnight, Paris time; end is the day after
    pause: tuple[datetime, datetime] | None = None
    course: str | None = None  # the key shared by the days of one course ("stage")
    course_day: int = 0  # 1, 2, … within the course
    course_days: int = 0
    status: str | None = None  # "complet" or "reporte" (SESSION_STATUSES)
    seats: int | None = None
    note: str | None = None
    suspension: str | None = None  # for a session cancelled by an interruption of its series: what visitors read

    @property
    def first_sequence(self) -> int:
        """The SEQUENCE of a session's first published version: 1 if it was already moved, cancelled or
        given a status then, so that clients which saw an earlier copy elsewhere still update."""
        return int(self.moved) + int(self.cancelled) + int(self.status is not None)

    @property
    def next_day(self) -> bool:
        """A timed session that ends after midnight."""
        return not self.all_day and self.end.date() != self.start.date()

    @property
    def uid(self) -> str:
        """The identity the catalogue matches sessions by; feeds add the UID domain (settings, or the site's host)."""
        return self.key


CONTENT_MODELS = {"structures": Structure, "activities": Activity, "badges": Badge}
