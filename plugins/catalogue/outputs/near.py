"""Near home without GPS or JavaScript: a page per commune and per priority neighbourhood that has
activities, each with static views (« cette semaine », « gratuit », « sans inscription »,
« accessible »). An activity belongs to a commune when its usual place, or the place of one of its
upcoming sessions, is there. Counts on a view are counted within its commune or neighbourhood.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from functools import partial

from ..content.french import plural_fr, sort_key
from ..content.load import Catalogue
from ..content.model import Activity, Place
from ..content.sessions import PARIS
from .schedule import upcoming
from .urls import NEAR_VIEWS, area_url, commune_url

THIS_WEEK_DAYS = 7  # as the home page's « Cette semaine »
VIEW_HEADINGS = {
    "cette-semaine": "cette semaine", "gratuit": "gratuites", "sans-inscription": "sans inscription",
    "accessible": "accessibles en fauteuil roulant",
}
VIEW_DESCRIPTIONS = {
    "cette-semaine": "Les activités qui ont une séance ici dans les 7 prochains jours, de la plus proche à la plus lointaine.",
    "gratuit": "Les activités gratuites.",
    "sans-inscription": "Les activités où l'on peut venir directement, sans appeler avant.",
    "accessible": "Les activités dont les lieux, ici, sont accessibles en fauteuil roulant.",
}

VIEW_EMPTY = {
    "cette-semaine": "Pas de séance ici dans les 7 prochains jours.",
    "gratuit": "Pas d'activité gratuite ici pour le moment.",
    "sans-inscription": "Pas d'activité sans inscription ici pour le moment : appelez avant de venir.",
    "accessible": "Pas d'activité dans un lieu accessible en fauteuil roulant ici pour le moment.",
}


@dataclass(frozen=True)
class Area:
    """A commune, or a priority neighbourhood of a commune, with the activities found there."""

    kind: str  # "commune" or "quartier"
    key: str
    name: str
    commune: str  # the commune's name (the area's own name for a commune)
    commune_key: str
    activity_ids: tuple[str, ...]  # in the order people read titles
    url_of: Callable[[str | None], str]

    @property
    def url(self) -> str:
        return self.url_of(None)

    @property
    def count(self) -> int:
        return len(self.activity_ids)

    @property
    def count_label(self) -> str:
        return plural_fr(self.count, "activité")

    @property
    def label(self) -> str:
        """« Le Val (Hérouville-Saint-Clair) » for a neighbourhood, the commune's name otherwise."""
        return self.name if self.kind == "commune" else f"{self.name} ({self.commune})"

    @property
    def heading(self) -> str:
        return f"Les activités à {self.name}" if self.kind == "commune" else f"Les activités du quartier {self.name}, à {self.commune}"


@dataclass(frozen=True)
class View:
    key: str | None  # None: every activity of the area
    label: str
    url: str
    activity_ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.activity_ids)


def title_order(activities) -> list[Activity]:
    """Activities in the order of the title people read: accents, case and a leading article ignored."""
    return sorted(activities, key=lambda a: (sort_key(a.title), a.id))


def _places_of(catalogue: Catalogue, activity: Activity) -> list[Place]:
    """The usual place, then the places of its upcoming sessions that are not cancelled, each once."""
    ids = dict.fromkeys([activity.place, *(s.place for s in upcoming(catalogue, catalogue.sessions_of(activity.id))
                                            if not s.cancelled)])
    return [catalogue.places[p] for p in ids if p in catalogue.places]


def areas(catalogue: Catalogue) -> list[Area]:
    """The communes, then the neighbourhoods, that have at least one activity, each sorted by name."""
    in_commune: dict[str, list[str]] = {}
    in_area: dict[tuple[str, str], list[str]] = {}
    for activity in title_order(catalogue.activities.values()):
        for place in _places_of(catalogue, activity):
            found = in_commune.setdefault(place.commune, [])
            if activity.id not in found:
                found.append(activity.id)
            if place.priority_area:
                found = in_area.setdefault((place.commune, place.priority_area), [])
                if activity.id not in found:
                    found.append(activity.id)
    communes, neighbourhoods = [], []
    for territory in catalogue.vocabulary.territories.values():
        for commune_id, commune in territory.communes.items():
            if commune_id in in_commune:
                communes.append(Area("commune", commune_id, commune.name, commune.name, commune_id,
                                     tuple(in_commune[commune_id]), partial(commune_url, commune_id)))
            for area_id, area_name in commune.priority_areas.items():
                if (commune_id, area_id) in in_area:
                    neighbourhoods.append(Area("quartier", area_id, area_name, commune.name, commune_id,
                                               tuple(in_area[(commune_id, area_id)]), partial(area_url, commune_id, area_id)))
    return sorted(communes, key=lambda a: sort_key(a.name)) + sorted(neighbourhoods, key=lambda a: sort_key(a.name))


def _inside(area: Area, place: Place) -> bool:
    return place.commune == area.commune_key and (area.kind == "commune" or place.priority_area == area.key)


def views(catalogue: Catalogue, area: Area) -> list[View]:
    """Every activity of the area, then each static view of them (empty views included: they say so)."""
    activities = [catalogue.activities[i] for i in area.activity_ids]
    start = datetime.combine(catalogue.today, time(), tzinfo=PARIS)

    def next_here(activity: Activity) -> datetime | None:
        """The start of its next session here in the coming week, not cancelled."""
        soon = upcoming(catalogue, catalogue.sessions_of(activity.id), THIS_WEEK_DAYS)
        return next((s.start for s in soon if not s.cancelled and s.end >= start and _inside(area, catalogue.places[s.place])), None)

    def accessible(activity: Activity) -> bool:
        here = [p for p in _places_of(catalogue, activity) if _inside(area, p)]
        return bool(here) and all(p.accessibility.wheelchair for p in here)

    soon = sorted(((when, a.id) for a in activities if (when := next_here(a)) is not None))
    chosen = {
        "cette-semaine": tuple(i for _, i in soon),
        "gratuit": tuple(a.id for a in activities if a.free),
        "sans-inscription": tuple(a.id for a in activities if a.join == "libre"),
        "accessible": tuple(a.id for a in activities if accessible(a)),
    }
    return [View(None, "Toutes", area.url, area.activity_ids)] + [
        View(key, label, area.url_of(key), chosen[key]) for key, label in NEAR_VIEWS.items()
    ]


def pages(catalogue: Catalogue, card_here: Callable[[Activity, Callable[[Place], bool]], object]) -> list[tuple[str, str, dict]]:
    """(path, template, context) of every commune and neighbourhood page and of each of their views.

    `card_here(activity, inside)` is an activity's card showing its next session at a place `inside` the area."""
    found = areas(catalogue)
    out = []
    for area in found:
        area_views = views(catalogue, area)
        inside = partial(_inside, area)
        cards = {i: card_here(catalogue.activities[i], inside) for i in area.activity_ids}
        inner = [a for a in found if a.kind == "quartier" and area.kind == "commune" and a.commune_key == area.key]
        for view in area_views:
            heading = area.heading if view.key is None else f"{area.heading}\u00a0: {VIEW_HEADINGS[view.key]}"
            out.append((view.url + "index.html", "near", {
                "area": area, "views": area_views, "view": view, "heading": heading,
                "description": VIEW_DESCRIPTIONS.get(view.key or ""), "empty": VIEW_EMPTY.get(view.key or "", "Pas d'activité ici pour le moment."),
                "neighbourhoods": inner,
                "cards": [cards[i] for i in view.activity_ids],
            }))
    return out
