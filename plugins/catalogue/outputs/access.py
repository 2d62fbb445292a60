"""A place's access for people with a disability, in easy words, and activities grouped by need.

Pure: from the places' `accessibilite` to the sentences an activity page shows, and to the
lists of the « personnes en situation de handicap » page (one list per need). A fact not
declared is not said: a page never claims what the structure did not say.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.load import Catalogue
from ..content.french import sort_key
from ..content.model import Accessibility, Activity, Contact, Place, Structure
from .schedule import upcoming


@dataclass(frozen=True)
class Need:
    """One need the handicap page lists activities by, with its filter page's key."""

    key: str
    label: str  # the chip and the heading: « Toilettes adaptées »
    description: str  # one easy sentence for the filter page

    def met(self, access: Accessibility) -> bool:
        return NEED_TESTS[self.key](access)


NEEDS = (
    Need("sans-marche", "Entrée sans marche", "Les activités dans un lieu où l'on entre sans marche (de plain-pied, ou par une rampe)."),
    Need("toilettes-adaptees", "Toilettes adaptées", "Les activités dans un lieu qui a des toilettes adaptées au fauteuil roulant."),
    Need("boucle-magnetique", "Boucle magnétique", "Les activités dans un lieu équipé d'une boucle magnétique, pour les personnes qui ont un appareil auditif."),
    Need("salle-calme", "Salle calme", "Les activités dans un lieu qui a une salle calme, pour faire une pause au calme."),
    Need("langue-des-signes", "Langue des signes sur demande", "Les activités où un interprète en langue des signes française (LSF) peut venir : demandez-le à l'avance."),
    Need("facile-a-lire", "Facile à lire sur demande", "Les activités dont les documents existent en « facile à lire et à comprendre » (FALC) : demandez-les."),
    Need("accompagnant", "Accompagnant bienvenu", "Les activités où la personne qui vous accompagne est la bienvenue, sans payer."),
)
NEED_TESTS = {
    "sans-marche": lambda a: a.steps == 0 or (a.steps is None and a.wheelchair),
    "toilettes-adaptees": lambda a: a.toilets,
    "boucle-magnetique": lambda a: a.hearing_loop,
    "salle-calme": lambda a: a.quiet_room,
    "langue-des-signes": lambda a: a.sign_language,
    "facile-a-lire": lambda a: a.easy_read,
    "accompagnant": lambda a: a.companion,
}


def steps_fr(count: int) -> str:
    return "Entrée de plain-pied, sans marche." if count == 0 else f"{count}\u00a0marche{'s' if count > 1 else ''} à l'entrée."


def access_lines(access: Accessibility) -> list[str]:
    """Short sentences, one fact each, in the order a person checks them; only what is declared."""
    lines = ["Accessible en fauteuil roulant." if access.wheelchair else "Pas accessible en fauteuil roulant."]
    if access.steps is not None:
        lines.append(steps_fr(access.steps))
    said = (
        (access.lift, "Il y a un ascenseur."),
        (access.toilets, "Toilettes adaptées au fauteuil roulant."),
        (access.hearing_loop, "Boucle magnétique pour les appareils auditifs."),
        (access.quiet_room, "Une salle calme pour faire une pause."),
        (access.sign_language, "Interprète en langue des signes (LSF) : sur demande, à l'avance."),
        (access.easy_read, "Documents faciles à lire (FALC) : sur demande."),
        (access.companion, "Vous pouvez venir avec une personne qui vous accompagne, sans payer."),
    )
    lines += [line for value, line in said if value]
    return lines


@dataclass(frozen=True)
class AccessAsk:
    """Who to call to ask for an adjustment: the place's access contact, else the structure's."""

    name: str
    contact: Contact


def who_to_ask(place: Place, structure_name: str, structure_contact: Contact | None) -> AccessAsk | None:
    """The place's access contact, else the organiser's contact; None when neither has a phone or e-mail."""
    access = place.accessibility
    if access.contact and (access.contact.phone or access.contact.email):
        return AccessAsk(access.contact.name, access.contact)
    if structure_contact and (structure_contact.phone or structure_contact.email):
        return AccessAsk(structure_name, structure_contact)
    return None


def places_of(catalogue: Catalogue, activity: Activity) -> set[str]:
    """The usual place and every other place of the activity's upcoming sessions."""
    return {activity.place} | {s.place for s in upcoming(catalogue, catalogue.sessions_of(activity.id)) if not s.cancelled}


def needs_met(catalogue: Catalogue, activity: Activity) -> list[Need]:
    """The needs met at every place the activity happens at."""
    places = [catalogue.places[p].accessibility for p in sorted(places_of(catalogue, activity))]
    return [need for need in NEEDS if all(need.met(place) for place in places)]


def lists_needs(catalogue: Catalogue, kind: str, key: str) -> bool:
    """Whether a filter page lists activities by need: the access pages, the wheelchair page, and the
    page of a public whose people may have access needs (`besoins_d_acces`)."""
    audience = catalogue.vocabulary.audiences.get(key) if kind == "public" else None
    return kind == "acces" or key == "accessible-en-fauteuil" or bool(audience and audience.access_needs)


def coordinators(catalogue: Catalogue) -> list[Structure]:
    """Whom to call with a question about access: the coordinating structures that have a public contact."""
    return [s for s in sorted(catalogue.structures.values(), key=lambda s: sort_key(s.name))
            if s.role == "coordinateur" and s.contact and (s.contact.phone or s.contact.email)]


FILTERS = {"access_lines": access_lines, "access_ask": who_to_ask}
