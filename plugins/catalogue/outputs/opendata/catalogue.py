"""`donnees/catalogue.json` and its JSON Schema: the whole catalogue, as open data.

Pure: a function of the frozen catalogue (and of the mapping file's INSEE codes). Ids are the
content's own (file names, place ids, the calendars' session keys), so they stay stable from one
build to the next; page addresses come from urls.py, absolute when the site's address is known.
"""

from __future__ import annotations

import json
from datetime import datetime

from ...content.load import Catalogue
from ...content.model import JOIN_MODES, Activity, Session
from ...settings import network
from .. import transport
from ..schedule import upcoming
from ..urls import activity_url, badge_url, badgeclass_path, feed_path, structure_url
from ..weeklyhours import session_minutes, weekly_hours
from . import exportmodel as out
from .mapping import DataInclusionMapping
from .openinghours import opening_hours

FOLDER = "donnees"
CATALOGUE_FILE = f"{FOLDER}/catalogue.json"
SCHEMA_PATH = f"{FOLDER}/{out.SCHEMA_FILE}"


def site_link(site_url: str, path: str) -> str:
    """An address on the site: absolute when the site's address is known, else from the site's root."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else f"/{path}"


def dumps(value, indent: int | None = None) -> bytes:
    """UTF-8, in the order the model gives, the same bytes for the same data. Compact unless asked:
    `indent` makes json use its pure-Python encoder, ten times slower on a regional catalogue."""
    separators = None if indent else (",", ":")
    return (json.dumps(value, ensure_ascii=False, indent=indent, separators=separators) + "\n").encode("utf-8")


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def weekly_out(catalogue: Catalogue, activity: Activity) -> out.WeeklyHoursOut | None:
    hours = weekly_hours(catalogue.sessions_of(activity.id), catalogue.today)
    if hours is None:
        return None
    return out.make(out.WeeklyHoursOut, heures_par_semaine=hours.hours, semaines=hours.weeks, en_clair=hours.text, periodes=[
        out.make(out.Period, du=p.first.isoformat(), au=p.last.isoformat(), heures_par_semaine=round(p.minutes / 60, 2))
        for p in hours.periods])


def _activity(catalogue: Catalogue, activity: Activity, site_url: str) -> out.ActivityOut:
    contact = activity.contact or catalogue.structures[activity.structure].contact
    nd = activity.no_dates
    return out.make(
        out.ActivityOut, id=activity.id, titre=activity.title, structure=activity.structure, co_organisateurs=list(activity.co_organisers),
        lieu=activity.place, categories=list(activity.categories), publics=list(activity.audiences), gratuit=activity.free,
        tarif=activity.price, inscription=activity.join, inscription_en_clair=JOIN_MODES[activity.join], a_apporter=activity.bring,
        resume_facile=activity.easy_summary, description=activity.body.strip(), badges=list(activity.badges),
        telephone=contact.phone if contact else None, email=contact.email if contact else None,
        sans_dates=out.make(out.NoDatesOut, mode=nd.mode, comment=nd.how, par_un_referent=nd.by_referrer) if nd else None,
        arret=activity.stop.date.isoformat() if activity.stop else None,
        heures_hebdomadaires=weekly_out(catalogue, activity),
        horaires_osm=opening_hours(catalogue.sessions_of(activity.id), catalogue.today),
        url=site_link(site_url, activity_url(activity.id)), calendrier=site_link(site_url, feed_path("activite", activity.id)),
    )


def _session(session: Session) -> out.SessionOut:
    return out.make(
        out.SessionOut, id=session.uid, activite=session.activity, debut=_iso(session.start), fin=_iso(session.end),
        toute_la_journee=session.all_day, duree_minutes=None if session.all_day else session_minutes(session),
        lieu=session.place, annulee=session.cancelled, motif_annulation=session.cancel_reason or session.suspension,
        deplacee=session.moved, statut=session.status, places=session.seats, note=session.note, stage=session.course,
    )


def build(catalogue: Catalogue, site_url: str, mapping: DataInclusionMapping | None) -> out.CatalogueOut:
    vocabulary = catalogue.vocabulary
    territory_of = {c: t for t, territory in vocabulary.territories.items() for c in territory.communes}
    insee = mapping.communes if mapping else {}
    zones = mapping.territories if mapping else {}
    return out.CatalogueOut.model_validate({
        "$schema": site_link(site_url, SCHEMA_PATH) if site_url else out.SCHEMA_FILE,
        "producteur": network().site_name,
        "licence": out.make(out.Licence, nom=out.LICENCE_NAME, url=out.LICENCE_URL),
        "date": catalogue.today.isoformat(),
        "territoires": [out.make(out.TerritoryOut, id=t, nom=territory.name, code_epci=getattr(zones.get(t), "epci", None))
                        for t, territory in vocabulary.territories.items()],
        "communes": [out.make(out.CommuneOut, id=c, nom=commune.name, code_insee=insee.get(c), territoire=t)
                     for t, territory in vocabulary.territories.items() for c, commune in territory.communes.items()],
        "categories": [out.make(out.Term, id=k, nom=term.name, description=term.description) for k, term in vocabulary.categories.items()],
        "publics": [out.make(out.AudienceOut, id=k, nom=a.name, description=a.description, condition=a.condition, age_min=a.age_min, age_max=a.age_max)
                    for k, a in vocabulary.audiences.items()],
        "structures": [out.make(
            out.StructureOut, id=s.id, nom=s.name, role=s.role, famille=s.family, type=s.kind, description_courte=s.summary, site_web=s.website,
            telephone=s.contact.phone if s.contact else None, email=s.contact.email if s.contact else None,
            lieux=[p.id for p in s.places], url=site_link(site_url, structure_url(s.id))) for s in catalogue.structures.values()],
        "lieux": [out.make(
            out.PlaceOut, id=p.id, structure=s.id, nom=p.name, adresse=p.address, code_postal=p.postcode, commune=p.commune,
            commune_nom=vocabulary.commune_name(p.commune), code_insee=insee.get(p.commune),
            quartier_prioritaire=(vocabulary.territories[territory_of[p.commune]].communes[p.commune].priority_areas.get(p.priority_area)
                                  if p.priority_area and p.commune in territory_of else None),
            latitude=p.coordinates.lat if p.coordinates else None, longitude=p.coordinates.lon if p.coordinates else None,
            horaires=p.hours, accessible_fauteuil=p.accessibility.wheelchair, accessibilite=p.accessibility.description,
            transports=transport.summary_fr(p)) for s in catalogue.structures.values() for p in s.places],
        "activites": [_activity(catalogue, a, site_url) for a in catalogue.activities.values()],
        "seances": [_session(s) for s in upcoming(catalogue, catalogue.sessions) if s.activity in catalogue.activities],
        "badges": [out.make(
            out.BadgeOut, id=b.id, nom=b.name, reconnait=b.recognises, criteres=list(b.criteria), structure=b.issuer,
            co_construit_avec=list(b.co_builders), categorie=b.category,
            alignements=[out.make(out.AlignmentOut, referentiel=al.framework, code=al.code, intitule=al.name, url=al.url) for al in b.alignments],
            pour_les_employeurs=b.for_employers, url=site_link(site_url, badge_url(b.id)),
            open_badges=site_link(site_url, badgeclass_path(b.id))) for b in catalogue.badges.values()],
    })


def record(model) -> dict:
    """A model as published: French keys, empty optional fields left out."""
    return model.model_dump(by_alias=True, exclude_none=True, mode="json")


def files(catalogue: Catalogue, site_url: str, mapping: DataInclusionMapping | None,
          exported: out.CatalogueOut | None = None) -> dict[str, bytes]:
    exported = exported or build(catalogue, site_url, mapping)
    return {
        CATALOGUE_FILE: dumps(record(exported)),
        SCHEMA_PATH: dumps(out.json_schema(site_link(site_url, SCHEMA_PATH) if site_url else out.SCHEMA_FILE), indent=1),
    }
