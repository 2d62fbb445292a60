"""The shape of `donnees/catalogue.json`, declared once: the writer fills these models and the
published JSON Schema (`donnees/catalogue.schema.json`) is drawn from them.

Keys are French, as in the content files, so that a reuser reads the same names as an editor;
descriptions are French too (they are the schema's documentation).
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
SCHEMA_FILE = "catalogue.schema.json"


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


T = TypeVar("T", bound=Out)


def make(model: type[T], **fields: Any) -> T:
    """A record from its French keys, validated (the keys a reuser reads are the ones the code writes)."""
    return model.model_validate(fields)


def F(alias: str, description: str, default=..., **kw):  # noqa: N802 - the model module's idiom
    return Field(default, alias=alias, description=description, **kw)


class Licence(Out):
    name: str = F("nom", "le nom de la licence")
    url: str = F("url", "le texte de la licence")


class Term(Out):
    id: str = F("id", "identifiant stable")
    name: str = F("nom", "nom affiché")
    description: str | None = F("description", "une phrase d'explication", None)


class AudienceOut(Term):
    condition: str | None = F("condition", "condition pour venir, dite simplement", None)
    age_min: int | None = F("age_min", "âge minimum en années", None)
    age_max: int | None = F("age_max", "âge maximum en années", None)


class CommuneOut(Out):
    id: str = F("id", "identifiant stable de la commune")
    name: str = F("nom", "nom de la commune")
    insee: str | None = F("code_insee", "code INSEE de la commune (Code officiel géographique)", None)
    territory: str = F("territoire", "identifiant du territoire")


class TerritoryOut(Out):
    id: str = F("id", "identifiant stable du territoire")
    name: str = F("nom", "nom du territoire")
    epci: str | None = F("code_epci", "code EPCI (SIREN) de l'intercommunalité", None)


class StructureOut(Out):
    id: str = F("id", "identifiant stable (nom du fichier)")
    name: str = F("nom", "nom de la structure")
    role: Literal["coordinateur", "membre-consortium", "financeur", "partenaire"] = F("role", "rôle dans le programme")
    family: str | None = F("famille", "famille de partenaire", None)
    kind: str = F("type", "type de structure")
    summary: str = F("description_courte", "présentation en une ou deux phrases")
    website: str | None = F("site_web", "site web", None)
    phone: str | None = F("telephone", "téléphone public", None)
    email: str | None = F("email", "adresse e-mail publique", None)
    places: list[str] = F("lieux", "identifiants de ses lieux")
    url: str = F("url", "adresse de sa page sur le site")


class PlaceOut(Out):
    id: str = F("id", "identifiant stable du lieu")
    structure: str = F("structure", "identifiant de la structure du lieu")
    name: str = F("nom", "nom du lieu")
    address: str = F("adresse", "numéro et rue")
    postcode: str = F("code_postal", "code postal")
    commune: str = F("commune", "identifiant de la commune")
    commune_name: str = F("commune_nom", "nom de la commune")
    insee: str | None = F("code_insee", "code INSEE de la commune", None)
    priority_area: str | None = F("quartier_prioritaire", "nom du quartier prioritaire de la ville, s'il y en a un", None)
    lat: float | None = F("latitude", "latitude (WGS 84)", None)
    lon: float | None = F("longitude", "longitude (WGS 84)", None)
    hours: str | None = F("horaires", "horaires d'ouverture, en clair", None)
    wheelchair: bool = F("accessible_fauteuil", "accessible en fauteuil roulant")
    accessibility: str | None = F("accessibilite", "ce qu'une personne à mobilité réduite doit savoir", None)
    transport: str | None = F("transports", "comment venir en transports en commun", None)


class Period(Out):
    first: str = F("du", "première séance de la période (AAAA-MM-JJ)")
    last: str = F("au", "dernière séance de la période (AAAA-MM-JJ)")
    hours: float = F("heures_par_semaine", "heures par semaine pendant la période")


class WeeklyHoursOut(Out):
    hours: float = F("heures_par_semaine", "heures d'activité dans une semaine habituelle où l'activité a lieu (pauses déduites)")
    weeks: int = F("semaines", "nombre de semaines, à partir du jour de la construction, où l'activité a lieu")
    text: str = F("en_clair", "la même chose en français, comme sur la page de l'activité")
    periods: list[Period] = F("periodes", "les périodes de même durée hebdomadaire, dans l'ordre")


class NoDatesOut(Out):
    mode: Literal["rendez-vous", "orientation", "a-venir"] = F("mode", "sur rendez-vous, sur orientation, ou dates à venir")
    how: str = F("comment", "comment prendre rendez-vous ou être orienté")
    by_referrer: bool = F("par_un_referent", "c'est le conseiller ou le référent qui inscrit la personne")


class ActivityOut(Out):
    id: str = F("id", "identifiant stable (nom du fichier)")
    title: str = F("titre", "titre de l'activité")
    structure: str = F("structure", "identifiant de la structure qui la propose")
    co_organisers: list[str] = F("co_organisateurs", "identifiants des structures qui l'organisent avec elle")
    place: str = F("lieu", "identifiant du lieu habituel")
    categories: list[str] = F("categories", "identifiants des catégories")
    audiences: list[str] = F("publics", "identifiants des publics")
    free: bool = F("gratuit", "gratuite ou non")
    price: str | None = F("tarif", "le prix, si elle est payante", None)
    join: Literal["libre", "appeler", "referent"] = F("inscription", "libre : venir directement ; appeler : sur inscription ; referent : sur orientation")
    join_text: str = F("inscription_en_clair", "le mode d'inscription en français")
    bring: str | None = F("a_apporter", "ce qu'il faut apporter", None)
    easy_summary: str = F("resume_facile", "résumé facile à lire")
    description: str = F("description", "texte de présentation (Markdown)")
    badges: list[str] = F("badges", "identifiants des badges que l'activité permet d'obtenir")
    phone: str | None = F("telephone", "téléphone de contact (celui de l'activité, sinon de la structure)", None)
    email: str | None = F("email", "adresse e-mail de contact (celle de l'activité, sinon de la structure)", None)
    no_dates: NoDatesOut | None = F("sans_dates", "pour une activité sans dates : sur rendez-vous, sur orientation ou dates à venir", None)
    stop: str | None = F("arret", "premier jour sans activité, si elle s'arrête (AAAA-MM-JJ)", None)
    weekly_hours: WeeklyHoursOut | None = F("heures_hebdomadaires", "durée hebdomadaire calculée à partir des séances à venir", None)
    opening_hours: str | None = F("horaires_osm", "les séances à venir au format OpenStreetMap opening_hours", None)
    url: str = F("url", "adresse de sa page sur le site")
    calendar: str = F("calendrier", "adresse de son calendrier (iCalendar)")


class SessionOut(Out):
    id: str = F("id", "identifiant stable de la séance (le même que dans les calendriers)")
    activity: str = F("activite", "identifiant de l'activité")
    start: str = F("debut", "début, date et heure ISO 8601 avec le décalage horaire (heure de Paris)")
    end: str = F("fin", "fin, date et heure ISO 8601 avec le décalage horaire")
    all_day: bool = F("toute_la_journee", "séance sur toute la journée, sans heures")
    minutes: int | None = F("duree_minutes", "durée en minutes, pause déduite (vide pour une journée entière)", None)
    place: str = F("lieu", "identifiant du lieu")
    cancelled: bool = F("annulee", "séance annulée")
    cancel_reason: str | None = F("motif_annulation", "motif de l'annulation", None)
    moved: bool = F("deplacee", "séance déplacée (date, heure ou lieu)")
    status: Literal["complet", "reporte"] | None = F("statut", "complet ou reporte", None)
    seats: int | None = F("places", "nombre de places", None)
    note: str | None = F("note", "information pour cette séance", None)
    course: str | None = F("stage", "identifiant du stage de plusieurs jours dont la séance est un jour", None)


class AlignmentOut(Out):
    framework: str = F("referentiel", "ROME ou CléA")
    code: str | None = F("code", "code dans le référentiel", None)
    name: str = F("intitule", "intitulé de la compétence")
    url: str | None = F("url", "adresse de la fiche", None)


class BadgeOut(Out):
    id: str = F("id", "identifiant stable (nom du fichier)")
    name: str = F("nom", "nom du badge")
    recognises: str = F("reconnait", "ce que le badge reconnaît")
    criteria: list[str] = F("criteres", "critères")
    issuer: str = F("structure", "identifiant de la structure qui le délivre")
    co_builders: list[str] = F("co_construit_avec", "structures qui ont construit les critères")
    category: str = F("categorie", "identifiant de la catégorie")
    alignments: list[AlignmentOut] = F("alignements", "correspondances avec ROME ou CléA")
    for_employers: str = F("pour_les_employeurs", "ce que ce badge signifie pour un employeur")
    url: str = F("url", "adresse de sa page sur le site")
    badgeclass: str = F("open_badges", "adresse de sa définition Open Badges 2.0 (BadgeClass)")


class CatalogueOut(Out):
    """Every structure, place, activity, coming session and badge of the catalogue."""

    model_config = ConfigDict(title="Catalogue Territoires Partagés (données ouvertes)")

    schema_: str = F("$schema", "adresse du schéma JSON de ce fichier")
    producer: str = F("producteur", "qui publie ces données")
    licence: Licence = F("licence", "la licence des données")
    day: str = F("date", "jour de la construction (AAAA-MM-JJ) : les séances listées sont celles à venir ce jour-là")
    territories: list[TerritoryOut] = F("territoires", "territoires du programme")
    communes: list[CommuneOut] = F("communes", "communes des territoires")
    categories: list[Term] = F("categories", "catégories d'activités")
    audiences: list[AudienceOut] = F("publics", "publics")
    structures: list[StructureOut] = F("structures", "structures (membres, partenaires, financeurs)")
    places: list[PlaceOut] = F("lieux", "lieux où les structures accueillent du public")
    activities: list[ActivityOut] = F("activites", "activités")
    sessions: list[SessionOut] = F("seances", "séances à venir, y compris annulées ou déplacées")
    badges: list[BadgeOut] = F("badges", "badges (Open Badges)")


def json_schema(schema_url: str) -> dict:
    """The published JSON Schema (draft 2020-12, as pydantic writes it), keys as in the file."""
    schema = CatalogueOut.model_json_schema(by_alias=True, mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": schema_url, **schema}
