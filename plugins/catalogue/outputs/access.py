"""A place's access for people with a disability, in easy words, and activities grouped by need.

Pure: from the places' `accessibilite` to the sentences an activity page shows, and to the
lists of the « personnes en situation de handicap » page (one list per need). A field left
empty says nothing: a page never claims what the structure did not say.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.load import Catalogue
from ..content.model import Accessibility, Activity, Contact, Place
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
    "toilettes-adaptees": lambda a: a.toilets is True,
    "boucle-magnetique": lambda a: a.hearing_loop is True,
    "salle-calme": lambda a: a.quiet_room is True,
    "langue-des-signes": lambda a: a.sign_language is True,
    "facile-a-lire": lambda a: a.easy_read is True,
    "accompagnant": lambda a: a.companion is True,
}


def steps_fr(count: int) -> str:
    return "Entrée de plain-pied, sans marche." if count == 0 else f"{count}\u00a0marche{'s' if count > 1 else ''} à l'entrée."


def access_lines(access: Accessibility) -> list[str]:
    """Short sentences, one fact each, in the order a person checks them; only what is said."""
    lines = ["Accessible en fauteuil roulant." if access.wheelchair else "Pas accessible en fauteuil roulant."]
    if access.steps is not None:
        lines.append(steps_fr(access.steps))
    said = (
        (access.lift, "Il y a un ascenseur.", "Pas d'ascenseur : l'activité est à l'étage."),
        (access.toilets, "Toilettes adaptées au fauteuil roulant.", "Pas de toilettes adaptées."),
        (access.hearing_loop, "Boucle magnétique pour les appareils auditifs.", None),
        (access.quiet_room, "Une salle calme pour faire une pause.", None),
        (access.sign_language, "Interprète en langue des signes (LSF) : sur demande, à l'avance.", None),
        (access.easy_read, "Documents faciles à lire (FALC) : sur demande.", None),
        (access.companion, "Vous pouvez venir avec une personne qui vous accompagne, sans payer.", None),
    )
    for value, yes, no in said:
        if value is True:
            lines.append(yes)
        elif value is False and no:
            lines.append(no)
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


FILTERS = {"access_lines": access_lines, "access_ask": who_to_ask}
