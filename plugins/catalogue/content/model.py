"""The content model, declared once, with what the form editor shows of it.

Editors' keys are French (aliases); attributes are English. Field descriptions are
French because they are shown twice: in error messages ("attendu : ...") and as
completion hints in editors through the exported JSON Schema. Each field's label and
form details are declared with it (`F(..., label=...)`, content/types.py): the JSON
Schema and the form editor's config are both walks of these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator
from pydantic_core import PydanticCustomError

from .french import ARTICLES
from .placeaccess import (  # noqa: F401  (part of the model)
    NETWORKS,
    AccessContact,
    Accessibility,
    OnDemand,
    PlaceTransport,
    TransitLine,
    Transport,
)
from .sessionmodel import (  # noqa: F401  (part of the model)
    Break,
    Cancellation,
    Change,
    Course,
    DateRange,
    OneOffSession,
    RANKS,
    RANK_CHOICES,
    RANK_WORDS,
    SESSION_STATUSES,
    SPOKEN_RANKS,
    Series,
    SeriesChange,
    SessionDetails,
    SESSION_KINDS,
    SessionEntry,
    SkippedDay,
    Suspension,
)
from .vocabulary import (  # noqa: F401  (part of the model)
    Audience,
    Commune,
    SchoolHoliday,
    SchoolHolidays,
    Term,
    Territory,
    Vocabulary,
)
from .types import (  # noqa: F401  (the value types are part of the model's vocabulary for its users)
    SLUG_RE,
    WEEKDAYS,
    Bool,
    Date,
    Email,
    F,
    LongText,
    MaybeLongText,
    MaybeShortText,
    MaybeText,
    Model,
    Phone,
    Postcode,
    RelPath,
    ShortText,
    Slug,
    Text,
    Time,
    Url,
    Variant,
    Weekday,
    check_email,
    check_phone,
    check_relative_path,
    check_text,
    check_url,
    one_or_many,
    parse_bool,
    parse_date,
    parse_time,
    slugify,
)

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
FRAMEWORKS = ("ROME", "CléA")

ARTICLE_CHOICES = {"le": "le (au …, du …)", "la": "la (à la …, de la …)", "les": "les (aux …, des …)",
                   "l'": "l' (à l'…, de l'…)", "aucun": "aucun (à …, de …)"}


# ---- structures and places ----------------------------------------------------------------------


class Contact(Model):
    phone: Phone | None = F("telephone", "le téléphone public, comme 02 31 06 60 50", None, label='Téléphone')
    email: Email | None = F("email", "l'adresse e-mail publique, comme contact@exemple.fr", None, label='E-mail')


class Coordinates(Model):
    lat: float = F("lat", "latitude en degrés décimaux, comme 49.18", ge=41.0, le=51.5, label='Latitude')
    lon: float = F("lon", "longitude en degrés décimaux, comme -0.36", ge=-5.5, le=10.0, label='Longitude')


class Place(Model):
    id: Slug = F("id", "identifiant du lieu, unique dans tout le catalogue, comme le-dome-caen", label='Identifiant')
    name: ShortText = F("nom", "le nom du lieu", label='Nom')
    article: Literal[ARTICLES] | None = F(  # type: ignore[valid-type]
        "article", "comment dire le nom après « à » et « de » : le (au …, du …), la, les (aux …), l', ou aucun ; "
        "sans ce champ, l'article par lequel le nom commence (« Le WIP » : au WIP)", None, label='Article devant le nom (au …, à la …)', options=ARTICLE_CHOICES)
    address: ShortText = F("adresse", "numéro et rue", label='Adresse')
    postcode: Postcode = F(
        "code_postal", "le code postal en 5 chiffres, comme \"14000\"", label='Code postal'
    )
    commune: Slug = F("commune", "l'identifiant de la commune (voir vocabulaire.yml), comme caen", label='Commune', reference='communes')
    priority_area: Slug | None = F("quartier", "l'identifiant du quartier prioritaire, s'il y en a un", None, label='Quartier prioritaire', reference='quartiers')
    coordinates: Coordinates | None = F("coordonnees", "latitude et longitude, pour ouvrir le lieu dans une carte", None, label='Coordonnées (carte)')
    hours: MaybeText = F("horaires", "les horaires d'ouverture", None, label='Horaires')
    accessibility: Accessibility = F("accessibilite", "l'accessibilité physique du lieu", label='Accessibilité')
    transport: PlaceTransport = F("transports", "comment venir : lignes et arrêts, itinéraire, transport à la demande, stationnement",
                                  None, label="Comment venir")


class Structure(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    name: ShortText = F("nom", "le nom de la structure", label='Nom')
    article: Literal[ARTICLES] | None = F(  # type: ignore[valid-type]
        "article", "comment dire le nom après « à » et « de » : le (au …, du …), la, les (aux …), l', ou aucun ; "
        "sans ce champ, l'article par lequel le nom commence (« Le WIP » : au WIP)", None, label='Article devant le nom (au …, à la …)', options=ARTICLE_CHOICES)
    role: Literal[tuple(ROLES)] = F("role", "le rôle : " + ", ".join(ROLES), label='Rôle', options=ROLES)  # type: ignore[valid-type]
    family: Literal[tuple(FAMILIES)] | None = F(  # type: ignore[valid-type]
        "famille", "pour un partenaire ou un financeur : " + ", ".join(FAMILIES), None, label='Famille', options=FAMILIES
    )
    kind: ShortText = F("type", "le type de structure, comme « Tiers-lieu » ou « Association »", label='Type de structure')
    summary: Text = F("description_courte", "une ou deux phrases de présentation", label='Présentation courte', widget="text")
    website: Url | None = F("site_web", "le site web, commençant par https://", None, label='Site web')
    contact: Contact | None = F("contact", "le contact public : telephone, email", None, label='Contact')
    logo: RelPath | None = F("logo", "le chemin du logo depuis le dossier structures/, comme logos/le-dome.svg", None, label='Logo')
    places: tuple[Place, ...] = F("lieux", "les lieux où la structure accueille du public", (), label='Lieux', singular='Lieu', summary='{{fields.nom}} ({{fields.id}})')

    @model_validator(mode="after")
    def _role_fields(self) -> "Structure":
        if self.role in ("partenaire", "financeur") and self.family is None:
            raise PydanticCustomError("famille", "champ « famille » manquant pour un partenaire : attendu " + ", ".join(FAMILIES))
        return self

    @property
    def is_member(self) -> bool:
        return self.role in ("coordinateur", "membre-consortium")


# ---- activities ------------------------------------------------------------------------------

BOOKING_MODES = {
    "rendez-vous": "Sur rendez-vous",
    "orientation": "Sur orientation",
    "a-venir": "Dates à venir",
}


class NoDates(Model):
    """An activity with no dated session: by appointment, on referral, or dates still to be set."""

    mode: Literal[tuple(BOOKING_MODES)] = F("mode", "rendez-vous, orientation (un référent inscrit la personne) ou a-venir (dates pas encore fixées)", label='Mode', options=BOOKING_MODES)  # type: ignore[valid-type]
    how: Text = F("comment", "comment prendre rendez-vous ou être orienté : qui appeler, que dire, par exemple « Appelez l'accueil et demandez l'atelier CV »", label='Comment faire', widget="text")
    by_referrer: Bool = F("par_un_referent", "oui si c'est le conseiller ou le référent qui inscrit la personne", False, label='Inscription par un conseiller ou un référent')


class Stop(Model):
    date: Date = F("date", "le premier jour sans activité : les séances à partir de ce jour sont annoncées comme annulées", label='Date')
    reason: Text = F("motif", "pourquoi l'activité s'arrête, en quelques mots", label='Motif')


class Activity(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    former_id: Slug | None = F(
        "ancien_identifiant", "l'ancien identifiant (nom du fichier) après un renommage : les agendas gardent les mêmes séances", None
    )
    stop: Stop | None = F("arret", "pour arrêter l'activité : date (premier jour sans activité) et motif", None)
    title: ShortText = F("titre", "le titre de l'activité, court et clair", label='Titre')
    structure: Slug = F("structure", "l'identifiant de la structure, le nom de son dossier", label='Structure', hint="La structure qui propose l'activité : le fichier est rangé dans son dossier. Ne la changez plus après le premier enregistrement", reference='structures')
    co_organisers: Annotated[tuple[Slug, ...], BeforeValidator(one_or_many)] = F(
        "co_organisateurs", "les autres structures qui organisent l'activité avec elle (identifiants) : "
        "l'activité s'affiche aussi sur leurs pages et dans leurs calendriers", (), label='Co-organisé avec', reference='structures')
    partners: Annotated[tuple[Slug, ...], BeforeValidator(one_or_many)] = F(
        "partenaires", "les structures partenaires qui y participent sans l'organiser (identifiants), comme l'entreprise "
        "qui accueille une visite : l'activité s'affiche sur leur page", (), label='Avec la participation de (partenaires)',
        hint="Les structures qui participent sans organiser (l'entreprise qui accueille une visite) : l'activité s'affiche sur leur page",
        reference='structures')
    place: Slug = F("lieu", "l'identifiant du lieu (voir les lieux des structures)", label='Lieu', hint="Le lieu habituel de l'activité (les lieux sont décrits avec les structures)", reference='lieux')
    categories: Annotated[tuple[Slug, ...], BeforeValidator(one_or_many), Field(min_length=1)] = F(
        "categories", "une ou plusieurs catégories (voir vocabulaire.yml)", label='Catégories', reference='categories'
    )
    audiences: Annotated[tuple[Slug, ...], BeforeValidator(one_or_many), Field(min_length=1)] = F(
        "publics", "un ou plusieurs publics (voir vocabulaire.yml)", label='Publics', reference='publics'
    )
    free: Bool = F("gratuit", "oui si l'activité est gratuite", label='Gratuit', form_default=True)
    price: MaybeText = F("tarif", "le prix, si l'activité n'est pas gratuite", None, label='Tarif')
    join: Literal[tuple(JOIN_MODES)] = F("inscription", "comment s'inscrire : " + ", ".join(JOIN_MODES), label='Inscription', options=JOIN_MODES)  # type: ignore[valid-type]
    bring: MaybeText = F("a_apporter", "ce qu'il faut apporter", None, label='À apporter', widget="text")
    open_door: Bool = F("porte_d_entree", "oui si l'on peut venir sans conseiller ni rendez-vous pour être orienté vers les autres "
                        "activités (comme le café d'accueil) : les activités « sur orientation » y renvoient", False,
                        label="Porte d'entrée (venir sans conseiller)")
    easy_summary: LongText = F("resume_facile", "un résumé facile à lire : phrases courtes, mots simples", label='Résumé facile à lire', widget="text")
    badges: Annotated[tuple[Slug, ...], BeforeValidator(one_or_many)] = F("badges", "les badges que l'activité permet d'obtenir", (), label='Badges', reference='badges')
    contact: Contact | None = F("contact", "le contact pour cette activité, sinon celui de la structure", None, label='Contact')
    sessions: tuple[SessionEntry, ...] = F("seances", "les séances : dates uniques, séries, stages de plusieurs jours", (), label='Séances', singular='Séance')
    no_dates: NoDates | None = F("sans_dates", "pour une activité sans dates : sur rendez-vous, sur orientation ou dates à venir (mode, comment, par_un_referent)", None, label='Sans dates (sur rendez-vous, sur orientation, dates à venir)')

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
    framework: Literal[FRAMEWORKS] = F("referentiel", "le référentiel : ROME ou CléA", label='Référentiel')  # type: ignore[valid-type]
    code: MaybeShortText = F("code", "le code dans le référentiel", None, label='Code')
    name: ShortText = F("intitule", "l'intitulé de la compétence", label='Intitulé')
    url: Url | None = F("url", "l'adresse de la fiche", None, label='Adresse de la fiche')


class Badge(Model):
    id: str = Field("", exclude=True)
    body: str = Field("", exclude=True)
    name: ShortText = F("nom", "le nom du badge", label='Nom')
    recognises: Text = F("reconnait", "en une phrase simple : ce que le badge reconnaît", label='Ce que le badge reconnaît', widget="text")
    criteria: Annotated[tuple[Text, ...], Field(min_length=1)] = F("criteres", "les critères, une ligne chacun : « Je sais … »", label='Critères', singular='Critère')
    issuer: Slug = F("structure", "l'identifiant de la structure qui délivre le badge", label='Structure', hint='La structure qui délivre le badge', reference='structures')
    co_builders: tuple[Slug, ...] = F("co_construit_avec", "les structures qui ont construit les critères", (), label='Construit avec', reference='structures')
    image: RelPath = F("image", "le chemin de l'image depuis le dossier badges/, comme images/mon-badge.svg", label='Image')
    category: Slug = F("categorie", "la catégorie (voir vocabulaire.yml)", label='Catégorie', reference='categories')
    alignments: tuple[Alignment, ...] = F("alignements", "les correspondances avec ROME ou CléA", (), label='Correspondances (ROME, CléA)', singular='Correspondance', summary='{{fields.referentiel}} {{fields.code}} {{fields.intitule}}')
    for_employers: LongText = F("pour_les_employeurs", "ce que ce badge signifie pour un employeur", label='Pour les employeurs', widget="text")
    assessment: MaybeLongText = F(
        "evaluation", "pour un employeur : comment les critères sont vérifiés (qui, quand, comment)", None,
        label='Comment le badge est délivré', hint="Qui vérifie les critères avec la personne, quand et comment : c'est ce que lit un employeur",
        widget="text")


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

