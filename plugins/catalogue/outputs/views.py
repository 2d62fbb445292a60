"""What templates show: session lines, activity cards, filters, agenda weeks, partner groups.

Pure: built from the catalogue, so that templates only present. URLs are relative to the site
root and end with "/" (the folder of an index.html).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from itertools import groupby

from ..content.audiences import audience_conditions, audience_description
from ..content.french import sort_key
from ..content.load import Catalogue
from ..content.model import FAMILIES, Activity, Place, Session, Structure
from ..content.sessions import PARIS
from .near import title_order
from . import access
from .schedule import upcoming
from .urls import activity_url, filter_url, google_event_url, session_calendar_path, week_url

AGENDA_WEEKS = 8


@dataclass(frozen=True)
class SessionItem:
    """A session with everything a line of the agenda or of an activity page shows."""

    session: Session
    title: str
    url: str
    place: Place
    commune: str
    usual_place: bool
    calendar: str | None  # .ics path; None for a session one cannot attend (cancelled, full, postponed)
    last: Session | None = None  # the last day of a course shown as one item

    def google(self, site_url: str) -> str | None:
        """"Ajouter à Google Agenda" for this one session; None when it is cancelled."""
        if self.calendar is None:
            return None
        where = f"{self.place.name}, {self.place.address}, {self.place.postcode} {self.commune}"
        return google_event_url(self.title, self.session.start, self.session.end, where,
                                f"Plus d'informations : {site_url.rstrip('/')}/{self.url}")


@dataclass(frozen=True)
class Card:
    """An activity in a list."""

    activity: Activity
    url: str
    structure: Structure
    place: Place  # where the next session happens, else the usual place
    commune: str
    next: SessionItem | None
    teaser: str
    co_organisers: tuple[Structure, ...] = ()
    conditions: tuple[str, ...] = ()  # « réservé aux femmes »: who may come, in plain words


@dataclass(frozen=True)
class Filter:
    kind: str
    key: str
    label: str
    url: str
    activity_ids: tuple[str, ...]
    description: str | None = None

    @property
    def count(self) -> int:
        return len(self.activity_ids)

    @property
    def heading(self) -> str:
        """The title of the filter's page."""
        fixed = {"gratuit": "Les activités gratuites", "sans-inscription": "Les activités sans inscription",
                 "accessible-en-fauteuil": "Les activités accessibles en fauteuil roulant",
                 "sur-rendez-vous": "Les activités sur rendez-vous ou sur orientation"}
        if self.kind == "condition":
            return fixed.get(self.key, f"Activités\u00a0: {self.label}")
        prefix = {"structure": "Les activités proposées par ", "public": "Les activités pour le public\u00a0: ",
                  "territoire": "Les activités du territoire\u00a0: "}.get(self.kind, "Les activités\u00a0: ")
        return prefix + self.label


@dataclass(frozen=True)
class FilterGroup:
    key: str
    label: str
    filters: tuple[Filter, ...]


@dataclass(frozen=True)
class Week:
    monday: date
    url: str
    days: tuple[tuple[date, tuple[SessionItem, ...]], ...]

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.days)


def commune_name(catalogue: Catalogue, place: Place) -> str:
    return catalogue.vocabulary.commune_name(place.commune)


def addable(session: Session) -> bool:
    """Whether a visitor may add the session to a calendar as one they can attend."""
    return not session.cancelled and session.status is None


def session_item(catalogue: Catalogue, session: Session) -> SessionItem:
    activity = catalogue.activities[session.activity]
    place = catalogue.places[session.place]
    return SessionItem(
        session=session, title=activity.title, url=activity_url(activity.id), place=place,
        commune=commune_name(catalogue, place), usual_place=session.place == activity.place,
        calendar=session_calendar_path(session) if addable(session) else None,
    )


def page_items(catalogue: Catalogue, activity: Activity) -> list[SessionItem]:
    """An activity page's session lines: a course (stage) is one line from its first to its last
    day, an interruption of a series one line with its reason, instead of a line a day."""
    everything = catalogue.sessions_of(activity.id)
    out: list[SessionItem] = []
    seen: set[str] = set()
    for session in upcoming(catalogue, everything):
        group = session.course or session.suspension
        if group is not None and group in seen:
            continue
        if session.course:
            seen.add(session.course)
            days = [s for s in everything if s.course == session.course]
            out.append(replace(session_item(catalogue, days[0]), last=days[-1]))
            continue
        if session.suspension:
            seen.add(session.suspension)
        out.append(session_item(catalogue, session))
    return out


def by_day(items) -> list[tuple[date, list]]:
    """Session items (or sessions) grouped by their local start day, in order."""
    def day_of(item):
        return (item.session if isinstance(item, SessionItem) else item).start.astimezone(PARIS).date()
    return [(day, list(group)) for day, group in groupby(items, key=day_of)]


def next_session(catalogue: Catalogue, activity_id: str) -> Session | None:
    """The first upcoming session that is not cancelled."""
    return next((s for s in upcoming(catalogue, catalogue.sessions_of(activity_id)) if not s.cancelled), None)


def card(catalogue: Catalogue, activity: Activity) -> Card:
    following = next_session(catalogue, activity.id)
    place = catalogue.places[following.place if following else activity.place]
    return Card(
        activity=activity, url=activity_url(activity.id), structure=catalogue.structures[activity.structure],
        place=place, commune=commune_name(catalogue, place),
        next=session_item(catalogue, following) if following else None,
        teaser=teaser(activity.easy_summary),
        co_organisers=tuple(catalogue.structures[s] for s in activity.co_organisers if s in catalogue.structures),
        conditions=audience_conditions(catalogue, activity),
    )


def card_here(catalogue: Catalogue, activity: Activity, inside: Callable[[Place], bool]) -> Card:
    """The card of an activity on a commune's or neighbourhood's page: its next session there, and that place."""
    base = card(catalogue, activity)
    here = next((s for s in upcoming(catalogue, catalogue.sessions_of(activity.id))
                 if not s.cancelled and inside(catalogue.places[s.place])), None)
    if here is None:
        usual = catalogue.places[activity.place]
        return replace(base, place=usual, commune=commune_name(catalogue, usual), next=None) if inside(usual) else base
    place = catalogue.places[here.place]
    return replace(base, place=place, commune=commune_name(catalogue, place), next=session_item(catalogue, here))


def teaser(text: str, limit: int = 180) -> str:
    """The first sentences of the easy-to-read summary, whole sentences only, within `limit` characters."""
    sentences = split_sentences(text)
    kept = sentences[:1]
    for sentence in sentences[1:]:
        if len(" ".join(kept + [sentence])) > limit:
            break
        kept.append(sentence)
    return " ".join(kept)


def _is_wheelchair_accessible(catalogue: Catalogue, activity: Activity) -> bool:
    """The usual place, and every other place of its upcoming sessions, is wheelchair accessible."""
    places = {activity.place} | {s.place for s in upcoming(catalogue, catalogue.sessions_of(activity.id))}
    return all(catalogue.places[p].accessibility.wheelchair for p in places)


def filter_groups(catalogue: Catalogue) -> list[FilterGroup]:
    """The static filter pages, grouped as the catalogue shows them; empty filters are left out.

    Filter pages live under filtres/ so that they can never collide with an activity page.
    One pass over the activities builds every list (linear in the size of the catalogue).
    """
    index: dict[tuple[str, str], list[str]] = {}

    def add(kind: str, key: str, activity_id: str) -> None:
        index.setdefault((kind, key), []).append(activity_id)

    for activity in title_order(catalogue.activities.values()):
        if activity.free:
            add("condition", "gratuit", activity.id)
        if activity.join == "libre":
            add("condition", "sans-inscription", activity.id)
        if activity.no_dates is not None and activity.no_dates.mode != "a-venir":
            add("condition", "sur-rendez-vous", activity.id)
        if _is_wheelchair_accessible(catalogue, activity):
            add("condition", "accessible-en-fauteuil", activity.id)
        for need in access.needs_met(catalogue, activity):
            add("acces", need.key, activity.id)
        for category in dict.fromkeys(activity.categories):
            add("categorie", category, activity.id)
        add("territoire", catalogue.territory_of(activity), activity.id)
        for audience in dict.fromkeys(activity.audiences):
            add("public", audience, activity.id)
        for organiser in activity.organisers:
            add("structure", organiser, activity.id)

    def make(kind: str, key: str, label: str, description: str | None = None) -> Filter:
        url = filter_url(kind, key)
        return Filter(kind, key, label, url, tuple(index.get((kind, key), ())), description)

    vocabulary = catalogue.vocabulary
    groups = [
        FilterGroup("condition", "Pratique", (
            make("condition", "gratuit", "Gratuit", "Les activités gratuites."),
            make("condition", "sans-inscription", "Sans inscription",
                 "Les activités où l'on peut venir directement, sans appeler avant."),
            make("condition", "accessible-en-fauteuil", "Accessible en fauteuil",
                 "Les activités dans un lieu accessible en fauteuil roulant."),
            make("condition", "sur-rendez-vous", "Sur rendez-vous",
                 "Les activités sans date fixe : on prend rendez-vous, ou un conseiller vous oriente."),
        )),
        FilterGroup("acces", "Par besoin d'accès", tuple(make("acces", n.key, n.label, n.description) for n in access.NEEDS)),
        FilterGroup("categorie", "Par catégorie", tuple(
            make("categorie", key, term.name, term.description) for key, term in vocabulary.categories.items()
        )),
        FilterGroup("territoire", "Par territoire", tuple(
            make("territoire", key, territory.name, "Communes : " + ", ".join(c.name for c in territory.communes.values()) + ".")
            for key, territory in vocabulary.territories.items()
        )),
        FilterGroup("public", "Par public", tuple(
            make("public", key, term.name, audience_description(term)) for key, term in vocabulary.audiences.items()
        )),
        FilterGroup("structure", "Par structure", tuple(
            make("structure", s.id, s.name, s.summary)
            for s in sorted(catalogue.structures.values(), key=lambda s: sort_key(s.name))
        )),
    ]
    return [FilterGroup(g.key, g.label, tuple(f for f in g.filters if f.count)) for g in groups]


def weeks(catalogue: Catalogue, count: int = AGENDA_WEEKS) -> list[Week]:
    """The agenda: `count` weeks from the Monday of the build day's week, each grouped by day.

    The first week starts with the build day (sessions already past are left out).
    """
    first_monday = catalogue.today - timedelta(days=catalogue.today.weekday())
    items = [session_item(catalogue, s) for s in upcoming(catalogue, catalogue.sessions, (first_monday - catalogue.today).days + 7 * count)]
    result = []
    for index in range(count):
        monday = first_monday + timedelta(weeks=index)
        inside = [i for i in items if monday <= i.session.start.astimezone(PARIS).date() < monday + timedelta(days=7)]
        result.append(Week(monday, week_url(monday, index == 0), tuple((d, tuple(g)) for d, g in by_day(inside))))
    return result


def partner_groups(catalogue: Catalogue) -> list[tuple[str, list[Structure]]]:
    """Consortium members first (coordinators before members), then the other partners by kind."""
    structures = sorted(catalogue.structures.values(), key=lambda s: sort_key(s.name))
    members = sorted((s for s in structures if s.is_member), key=lambda s: s.role != "coordinateur")
    groups = [("Les membres du consortium", members)]
    for family, label in FAMILIES.items():
        found = [s for s in structures if not s.is_member and s.family == family]
        if found:
            groups.append((label, found))
    others = [s for s in structures if not s.is_member and s.family not in FAMILIES]
    if others:
        groups.append(("Autres partenaires", others))
    return groups


def split_sentences(text: str) -> list[str]:
    """One sentence per line, as easy-to-read writing asks."""
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ0-9«])", text.strip()) if s]


def open_doors(catalogue: Catalogue, activity: Activity, cards: dict[str, Card]) -> list[Card]:
    """Where to go without an adviser, for an activity « sur orientation »: the open-door activities
    (porte_d_entree), those of the activity's own territory first."""
    if activity.join != "referent" and not (activity.no_dates and activity.no_dates.by_referrer):
        return []
    territory = catalogue.territory_of(activity)
    doors = [cards[a.id] for a in catalogue.activities.values() if a.open_door and a.id != activity.id]
    return sorted(doors, key=lambda c: (catalogue.territory_of(c.activity) != territory, sort_key(c.activity.title)))
