"""schema.org JSON-LD for search engines: an Event per upcoming session on an activity page, an
Organization on a structure page, an EducationalOccupationalCredential on a badge page.

Pure: dicts built from the catalogue, then one `<script type="application/ld+json">` whose JSON has
`<`, `>` and `&` written as `\\u003c`… so that partner text such as `</script>` cannot end the block.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from markupsafe import Markup

from ..content.load import Catalogue
from ..content.model import Activity, Badge, Place, Session, Structure
from ..content.sessions import PARIS
from .schedule import upcoming
from .urls import absolute as _absolute
from .urls import activity_url, badge_image_path, badge_url, structure_logo_path, structure_url

CONTEXT = "https://schema.org"
MAX_EVENTS = 20  # the next sessions only: a weekly series over two years would weigh more than the page
_PRICE = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|euros?\b)", re.IGNORECASE)


def _stamp(moment: datetime, all_day: bool) -> str:
    local = moment.astimezone(PARIS)
    return local.date().isoformat() if all_day else local.isoformat(timespec="minutes")


def status(session: Session) -> str:
    """schema.org's EventStatusType of a session: cancelled, postponed (« reporté »), moved, or as planned."""
    if session.cancelled:
        return "https://schema.org/EventCancelled"
    if session.status == "reporte":
        return "https://schema.org/EventPostponed"
    if session.moved:
        return "https://schema.org/EventRescheduled"
    return "https://schema.org/EventScheduled"


def place(catalogue: Catalogue, where: Place) -> dict:
    data = {
        "@type": "Place", "name": where.name,
        "address": {"@type": "PostalAddress", "streetAddress": where.address, "postalCode": where.postcode,
                    "addressLocality": catalogue.vocabulary.commune_name(where.commune), "addressCountry": "FR"},
    }
    if where.coordinates:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": where.coordinates.lat, "longitude": where.coordinates.lon}
    if where.accessibility.wheelchair:
        data["amenityFeature"] = {"@type": "LocationFeatureSpecification", "name": "Accessible en fauteuil roulant", "value": True}
    return data


def organisation(structure: Structure, site_url: str) -> dict:
    return {"@type": "Organization", "name": structure.name, "url": _absolute(site_url, structure_url(structure.id))}


def price(text: str | None) -> str | None:
    """The first amount in euros of a free-text price (« 2 € la séance » → "2"), None when there is none.

    >>> price("2 € la séance"), price("3,50 euros"), price("participation libre")
    ('2', '3.50', None)
    """
    match = _PRICE.search(text or "")
    return match.group(1).replace(",", ".") if match else None


def audience(catalogue: Catalogue, activity: Activity) -> list[dict]:
    found = []
    for key in activity.audiences:
        term = catalogue.vocabulary.audiences.get(key)
        if term is None:
            continue
        data: dict = {"@type": "PeopleAudience" if term.age_min or term.age_max else "Audience", "audienceType": term.name}
        if term.age_min:
            data["suggestedMinAge"] = term.age_min
        if term.age_max:
            data["suggestedMaxAge"] = term.age_max
        found.append(data)
    return found


def event(catalogue: Catalogue, activity: Activity, session: Session, site_url: str) -> dict:
    url = _absolute(site_url, activity_url(activity.id))
    data: dict = {
        "@type": "Event", "name": activity.title, "description": activity.easy_summary, "url": url,
        "startDate": _stamp(session.start, session.all_day), "endDate": _stamp(session.end, session.all_day),
        "eventStatus": status(session), "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": place(catalogue, catalogue.places.get(session.place) or catalogue.places[activity.place]),
        "organizer": [organisation(catalogue.structures[s], site_url) for s in activity.organisers if s in catalogue.structures],
        "isAccessibleForFree": activity.free, "inLanguage": "fr",
    }
    audiences = audience(catalogue, activity)
    if audiences:
        data["audience"] = audiences
    amount = None if activity.free else price(activity.price)
    if amount is not None or (not activity.free and activity.price):
        offer: dict = {"@type": "Offer", "url": url, "description": activity.price}
        if amount is not None:
            offer.update(price=amount, priceCurrency="EUR")
        if session.status == "complet":
            offer["availability"] = "https://schema.org/SoldOut"
        data["offers"] = offer
    if session.seats:
        data["maximumAttendeeCapacity"] = session.seats
    return data


def activity_data(catalogue: Catalogue, activity: Activity, site_url: str) -> list[dict]:
    sessions = upcoming(catalogue, catalogue.sessions_of(activity.id))[:MAX_EVENTS]
    return [{"@context": CONTEXT, **event(catalogue, activity, s, site_url)} for s in sessions]


def structure_data(catalogue: Catalogue, structure: Structure, site_url: str) -> dict:
    data: dict = {"@context": CONTEXT, **organisation(structure, site_url), "description": structure.summary}
    if structure.website:
        data["sameAs"] = structure.website
    if structure.contact and structure.contact.phone:
        data["telephone"] = structure.contact.phone
    if structure.contact and structure.contact.email:
        data["email"] = structure.contact.email
    if structure.logo:
        data["logo"] = _absolute(site_url, structure_logo_path(structure))
    if structure.places:
        data["location"] = [place(catalogue, p) for p in structure.places]
    return data


def badge_data(catalogue: Catalogue, badge: Badge, site_url: str) -> dict:
    """A badge as the credential it is: what it recognises, its criteria, who recognises it, its ROME/CléA skills."""
    data: dict = {
        "@context": CONTEXT, "@type": "EducationalOccupationalCredential", "name": badge.name,
        "description": badge.recognises, "url": _absolute(site_url, badge_url(badge.id)),
        "image": _absolute(site_url, badge_image_path(badge)), "credentialCategory": "badge numérique (Open Badges)",
        "competencyRequired": [{"@type": "DefinedTerm", "name": c} for c in badge.criteria],
        "inLanguage": "fr",
    }
    if badge.issuer in catalogue.structures:
        data["recognizedBy"] = organisation(catalogue.structures[badge.issuer], site_url)
    if badge.alignments:
        data["educationalAlignment"] = [
            {"@type": "AlignmentObject", "alignmentType": "teaches", "educationalFramework": a.framework, "targetName": a.name,
             **({"targetUrl": a.url} if a.url else {}), **({"targetDescription": a.code} if a.code else {})}
            for a in badge.alignments]
    return data


def script(data: dict | list) -> Markup:
    """The JSON-LD block, safe inside HTML whatever the text holds; nothing when there is nothing to say."""
    if not data:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def activity_script(catalogue: Catalogue, activity: Activity, site_url: str) -> Markup:
    return script(activity_data(catalogue, activity, site_url))


def structure_script(catalogue: Catalogue, structure: Structure, site_url: str) -> Markup:
    return script(structure_data(catalogue, structure, site_url))


def badge_script(catalogue: Catalogue, badge: Badge, site_url: str) -> Markup:
    return script(badge_data(catalogue, badge, site_url))

