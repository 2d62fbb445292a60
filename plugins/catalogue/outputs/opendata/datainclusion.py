"""The catalogue in data·inclusion's schema v1: `structures.json` and `services.json`.

One service per activity, with its place's address copied onto it; the structures are those that
lead or co-organise an activity (the others offer no service). Values the schema lists
(thématiques, publics, types, modes de mobilisation) come from correspondances-data-inclusion.yml;
`date_maj` from the content's last change (lastchange.py); `horaires_accueil` in OpenStreetMap form;
the weekly hours from the sessions. Records keep the schema's field order and leave out empty fields.
"""

from __future__ import annotations

from datetime import date

from ...content.load import Catalogue
from ...content.model import JOIN_MODES, Activity, Place, Structure
from ..text import e164
from ..urls import activity_url, structure_url
from ..weeklyhours import weekly_hours
from .catalogue import site_link
from .exportmodel import ActivityOut, CatalogueOut
from .lastchange import last_changes
from .mapping import DataInclusionMapping
from .openinghours import opening_hours

FOLDER = "donnees/data-inclusion"
STRUCTURES_FILE = f"{FOLDER}/structures.json"
SERVICES_FILE = f"{FOLDER}/services.json"
MAX_DESCRIPTION = 10_000
# Which contact each way of sign-up needs: a mode whose contact is missing is left out.
_NEEDS = {"telephoner": "telephone", "envoyer-un-courriel": "courriel"}


def _clean(record: dict) -> dict:
    return {key: value for key, value in record.items() if value not in (None, [], "")}


def _name(text: str) -> str:
    """data·inclusion warns about a name ending with a full stop."""
    return text[:-1].rstrip() if text.endswith(".") and not text.endswith("etc.") else text


def _address(catalogue: Catalogue, mapping: DataInclusionMapping, place: Place | None) -> dict:
    if place is None:
        return {}
    return {"commune": catalogue.vocabulary.commune_name(place.commune), "code_postal": place.postcode,
            "code_insee": mapping.communes.get(place.commune), "adresse": place.address,
            "longitude": place.coordinates.lon if place.coordinates else None,
            "latitude": place.coordinates.lat if place.coordinates else None}


def served_structures(catalogue: Catalogue) -> list[Structure]:
    """The structures that lead or co-organise at least one activity."""
    serving = {s for a in catalogue.activities.values() for s in a.organisers}
    return [s for s in catalogue.structures.values() if s.id in serving]


def dates_of(catalogue: Catalogue) -> dict[str, date]:
    """{'structure:<id>' or 'activity:<id>': the day that record last changed}."""
    changed = last_changes(catalogue.root, sorted(set(catalogue.sources.values())), catalogue.today)
    return {key: changed[path] for key, path in catalogue.sources.items()}


def structure_record(catalogue: Catalogue, mapping: DataInclusionMapping, structure: Structure, site_url: str,
                     day: date) -> dict:
    extra = mapping.structures.get(structure.id)
    contact = structure.contact
    return _clean({
        "source": mapping.source, "id": structure.id, "nom": _name(structure.name), "date_maj": day.isoformat(),
        "description": structure.summary, "lien_source": site_link(site_url, structure_url(structure.id)) if site_url else None,
        "siret": extra.siret if extra else None,
        **_address(catalogue, mapping, structure.places[0] if structure.places else None),
        "telephone": e164(contact.phone) if contact else None, "courriel": contact.email if contact else None,
        "site_web": structure.website,
        "reseaux_porteurs": sorted(extra.networks) if extra else None,
    })


def _publics(catalogue: Catalogue, mapping: DataInclusionMapping, activity: Activity) -> tuple[list[str], str | None, str | None]:
    """(data·inclusion publics, the catalogue's own wording, the conditions to take part)."""
    mapped = {p for a in activity.audiences for p in mapping.publics.get(a, ())}
    publics = ["tous-publics"] if "tous-publics" in mapped else sorted(mapped)
    terms = [catalogue.vocabulary.audiences[a] for a in activity.audiences if a in catalogue.vocabulary.audiences]
    wording = ", ".join(t.name for t in terms) or None
    conditions = [t.condition for t in terms if t.condition]
    # As on the pages: a condition applies when every public of the activity has one.
    condition = " ou ".join(conditions) if conditions and len(conditions) == len(terms) else None
    return publics, wording, condition


def service_record(catalogue: Catalogue, mapping: DataInclusionMapping, activity: Activity, site_url: str, day: date,
                   exported: ActivityOut | None = None) -> dict:
    """`exported`: the same activity in catalogue.json, whose weekly and opening hours are reused."""
    structure = catalogue.structures[activity.structure]
    place = catalogue.places.get(activity.place)
    contact = activity.contact or structure.contact
    phone, email = (e164(contact.phone), contact.email) if contact else (None, None)
    categories = [mapping.categories[c] for c in activity.categories if c in mapping.categories]
    publics, wording, condition = _publics(catalogue, mapping, activity)
    join = mapping.join[activity.join]
    have = {"telephone": phone, "courriel": email}
    modes = sorted(m for m in join.modes if m not in _NEEDS or have[_NEEDS[m]])
    sessions = catalogue.sessions_of(activity.id)
    if exported is not None:
        weekly, horaires = exported.weekly_hours, exported.opening_hours
        volume, weeks = (weekly.hours, weekly.weeks) if weekly else (None, None)
    else:
        hours = weekly_hours(sessions, catalogue.today)
        volume, weeks = (hours.hours, hours.weeks) if hours else (None, None)
        horaires = opening_hours(sessions, catalogue.today)
    territory = catalogue.territory_of(activity) if place else ""
    description = activity.easy_summary + ("\n\n" + activity.body.strip() if activity.body.strip() else "")
    how = activity.no_dates.how if activity.no_dates else None
    return _clean({
        "source": mapping.source, "structure_id": structure.id, "id": activity.id, "nom": _name(activity.title),
        "description": description[:MAX_DESCRIPTION],
        "lien_source": site_link(site_url, activity_url(activity.id)) if site_url else None,
        "date_maj": day.isoformat(),
        "type": categories[0].type if categories else None,
        "thematiques": sorted({t for c in categories for t in c.thematiques}),
        "frais": "gratuit" if activity.free else "payant", "frais_precisions": activity.price,
        "publics": publics, "publics_precisions": wording, "conditions_acces": condition,
        **_address(catalogue, mapping, place),
        "telephone": phone, "courriel": email,
        "modes_accueil": ["en-presentiel"],
        "zone_eligibilite": mapping.zone(territory, catalogue.vocabulary) if territory else None,
        "modes_mobilisation": modes, "mobilisable_par": sorted(join.by),
        "mobilisation_precisions": " ".join(filter(None, (JOIN_MODES[activity.join] + ".", how))),
        "volume_horaire_hebdomadaire": volume, "nombre_semaines": weeks, "horaires_accueil": horaires,
    })


def records(catalogue: Catalogue, mapping: DataInclusionMapping, site_url: str,
            exported: CatalogueOut | None = None) -> tuple[list[dict], list[dict]]:
    """(structures, services), in the catalogue's order."""
    computed = {a.id: a for a in exported.activities} if exported else {}
    dates = dates_of(catalogue)
    activity_days = {}
    for activity in catalogue.activities.values():
        # What a service says comes from its activity file and its structures' files (address, contact).
        owner = catalogue.place_owner.get(activity.place)
        keys = [f"activity:{activity.id}", f"structure:{activity.structure}", *([f"structure:{owner}"] if owner else [])]
        activity_days[activity.id] = max(dates.get(k, catalogue.today) for k in keys)
    structures = [structure_record(catalogue, mapping, s, site_url, dates.get(f"structure:{s.id}", catalogue.today))
                  for s in served_structures(catalogue)]
    services = [service_record(catalogue, mapping, a, site_url, activity_days[a.id], computed.get(a.id))
                for a in catalogue.activities.values()]
    return structures, services
