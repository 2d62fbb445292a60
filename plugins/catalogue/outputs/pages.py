"""Which HTML pages the catalogue has, and what each template is given.

Pure: from the catalogue to a plan of pages; the Pelican writer renders and writes them.
Every grouping, filter and lookup a page needs is computed here, so that templates only
present. URLs are relative to the site root and end with "/" (the folder of an index.html).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from itertools import groupby

from . import access, openbadges, subscribe
from .share import Share
from ..content.audiences import audience_conditions, audience_description
from ..content.french import sort_key  # noqa: F401 (re-exported)
from ..sanitise.images import publishable
from ..content.load import Catalogue
from ..content.model import FAMILIES, JOIN_MODES, ROLES, Activity, Place, Session, Structure
from .schedule import upcoming  # noqa: F401 (re-exported)
from ..content.sessions import PARIS
from ..sanitise.svgsafe import LENGTH, VIEW_BOX
from .urls import activity_url, badge_url, google_event_url, session_calendar_path, structure_url  # noqa: F401 (re-exported)

AGENDA_WEEKS = 8
HOME_DAYS = 7
SESSIONS_SHOWN = 5  # on an activity page, the others are behind "voir les autres dates"
SUBSCRIBE_PATH = "abonnement/index.html"


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    fixed: dict = field(default_factory=dict)
    lazy: Callable[[], dict] | None = None

    @property
    def context(self) -> dict:
        """What the template is given. Activity pages compute their session lines when rendered,
        so that the plan of a regional catalogue does not hold a line for every session at once."""
        return {**self.fixed, **self.lazy()} if self.lazy else self.fixed


# ---- addresses -------------------------------------------------------------------------------


def week_url(monday: date, first: bool) -> str:
    return "agenda/" if first else f"agenda/{monday.isoformat()}/"


def page_path(url: str) -> str:
    return url + "index.html"


# ---- what templates show -----------------------------------------------------------------------


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

    for activity in catalogue.activities.values():
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
        url = f"filtres/{kind}/{key}/" if kind != "condition" else f"filtres/{key}/"
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


# ---- the plan --------------------------------------------------------------------------------


def plan(catalogue: Catalogue) -> list[Page]:
    subscribe_pages = subscribe.pages(catalogue)
    has_subscribe_page = any(path == SUBSCRIBE_PATH for path, _, _ in subscribe_pages)
    common = {"ROLES": ROLES, "FAMILIES": FAMILIES, "JOIN_MODES": JOIN_MODES, "today": catalogue.today,
              "subscribe_url": SUBSCRIBE_PATH.removesuffix("index.html") if has_subscribe_page else None}
    groups = filter_groups(catalogue)
    cards = {a.id: card(catalogue, a) for a in catalogue.activities.values()}
    filters_by_kind = {g.key: {f.key: f for f in g.filters} for g in groups}
    agenda = weeks(catalogue)
    home_items = [session_item(catalogue, s) for s in upcoming(catalogue, catalogue.sessions, HOME_DAYS)]
    members = [s for s in partner_groups(catalogue)[0][1]]

    pages = [
        Page("index.html", "home", {
            **common, "week": by_day(home_items), "groups": groups,
            "members": [(s, filters_by_kind["structure"].get(s.id)) for s in members],
        }),
        Page("activites/index.html", "catalogue", {
            **common, "groups": groups, "cards": list(cards.values()), "current": None,
        }),
        Page("partenaires/index.html", "partners", {**common, "groups": partner_groups(catalogue)}),
        Page("badges/index.html", "badges", {**common, **openbadges.index_context(catalogue)}),
    ]
    for group in groups:
        for current in group.filters:
            pages.append(Page(page_path(current.url), "catalogue", {
                **common, "groups": groups, "cards": [cards[i] for i in current.activity_ids],
                "current": current, "current_group": group,
                **(_access_context(catalogue, filters_by_kind) if _lists_needs(catalogue, current) else {}),
            }))
    for index, week in enumerate(agenda):
        pages.append(Page(page_path(week.url), "agenda", {
            **common, "weeks": agenda, "week": week,
            "previous": agenda[index - 1] if index else None,
            "next": agenda[index + 1] if index + 1 < len(agenda) else None,
        }))
    for activity in catalogue.activities.values():
        pages.append(Page(page_path(activity_url(activity.id)), "activity", common,
                          partial(_activity_context, catalogue, activity, cards, filters_by_kind)))
    for structure in catalogue.structures.values():
        pages.append(Page(page_path(structure_url(structure.id)), "structure", {
            **common, "structure": structure,
            "places": [(p, commune_name(catalogue, p)) for p in structure.places],
            "cards": [cards[a.id] for a in catalogue.activities_of(structure.id)],
            "issued": catalogue.badges_issued_by(structure.id),
            "co_built": [(b, catalogue.structures[b.issuer]) for b in catalogue.badges_co_built_with(structure.id)],
            "logo": _logo(catalogue, structure),
        }))
    for badge in catalogue.badges.values():
        pages.append(Page(f"badges/{badge.id}/index.html", "badge", {
            **common, "badge": badge, "issuer": catalogue.structures[badge.issuer],
            "activities": catalogue.activities_leading_to(badge.id),
            **openbadges.badge_context(catalogue, badge),
        }))
    pages += [Page(path, template, {**common, **context}) for path, template, context in subscribe_pages]
    # The free pages of content/pages/ (checked by the loader): the same autoescaped templates.
    pages += [Page(free.save_as, free.template, {**common, "page": free}) for free in catalogue.free_pages if free.published]
    return pages


def _activity_context(catalogue: Catalogue, activity: Activity, cards: dict[str, Card], filters_by_kind: dict) -> dict:
    card = cards[activity.id]
    structure = catalogue.structures[activity.structure]
    place = catalogue.places[activity.place]
    items = page_items(catalogue, activity)
    return {
        "activity": activity,
        "card": card,
        "structure": structure,
        "co_organisers": card.co_organisers,
        "audience_terms": [(catalogue.vocabulary.audiences[a], filters_by_kind["public"].get(a)) for a in activity.audiences
                           if a in catalogue.vocabulary.audiences],
        "place": place,
        "commune": commune_name(catalogue, place),
        "easy_lines": split_sentences(activity.easy_summary),
        "sessions": items[:SESSIONS_SHOWN],
        "more_sessions": items[SESSIONS_SHOWN:],
        "other_places": _other_places(catalogue, activity, items),
        "contact": activity.contact or structure.contact,
        "categories": [filters_by_kind["categorie"][c] for c in activity.categories if c in filters_by_kind["categorie"]],
        "audiences": [filters_by_kind["public"][p] for p in activity.audiences if p in filters_by_kind["public"]],
        "badges": [catalogue.badges[b] for b in activity.badges if b in catalogue.badges],
        "access_ask": access.who_to_ask(place, structure.name, activity.contact or structure.contact),
        "share": Share(activity, card.place, card.commune, activity.contact or structure.contact,
                       card.next.session if card.next else None),
        "open_doors": _open_doors(catalogue, activity, cards),
    }


def _lists_needs(catalogue: Catalogue, current: Filter) -> bool:
    """The page of a public whose people may have access needs (besoins_d_acces), and the access pages."""
    audience = catalogue.vocabulary.audiences.get(current.key) if current.kind == "public" else None
    return current.kind == "acces" or current.key == "accessible-en-fauteuil" or bool(audience and audience.access_needs)


def _access_context(catalogue: Catalogue, filters_by_kind: dict) -> dict:
    """Activities by access need (one filter page each), and who to call: the coordinating structures."""
    needs = [f for f in (filters_by_kind["condition"].get("accessible-en-fauteuil"), *filters_by_kind.get("acces", {}).values()) if f]
    coordinators = [s for s in sorted(catalogue.structures.values(), key=lambda s: sort_key(s.name))
                    if s.role == "coordinateur" and s.contact and (s.contact.phone or s.contact.email)]
    return {"needs": needs, "access_contacts": coordinators}


def _open_doors(catalogue: Catalogue, activity: Activity, cards: dict[str, Card]) -> list[Card]:
    """Where to go without an adviser, for an activity « sur orientation »: the open-door activities
    (porte_d_entree), those of the activity's own territory first."""
    if activity.join != "referent" and not (activity.no_dates and activity.no_dates.by_referrer):
        return []
    territory = catalogue.territory_of(activity)
    doors = [cards[a.id] for a in catalogue.activities.values() if a.open_door and a.id != activity.id]
    return sorted(doors, key=lambda c: (catalogue.territory_of(c.activity) != territory, sort_key(c.activity.title)))


def _other_places(catalogue: Catalogue, activity: Activity, items: list[SessionItem]) -> list[tuple[Place, str]]:
    """Places other than the usual one where some upcoming sessions happen."""
    seen: dict[str, Place] = {}
    for item in items:
        if not item.usual_place and not item.session.cancelled:
            seen.setdefault(item.place.id, item.place)
    return [(p, commune_name(catalogue, p)) for p in seen.values()]


LOGO_HEIGHT = 64


def _logo(catalogue: Catalogue, structure: Structure) -> tuple[str, int, int] | None:
    """(url, width, height) of a structure's logo, shown LOGO_HEIGHT pixels high."""
    if not structure.logo:
        return None
    size = image_size(publishable((catalogue.root / "structures" / structure.logo).read_bytes(), structure.logo)) or (LOGO_HEIGHT, LOGO_HEIGHT)
    width = min(8 * LOGO_HEIGHT, max(1, round(size[0] * LOGO_HEIGHT / size[1])))
    return f"{structure_url(structure.id)}{structure.logo.rsplit('/', 1)[-1]}", width, LOGO_HEIGHT


def image_size(data: bytes) -> tuple[float, float] | None:
    """Intrinsic size of an SVG (viewBox, else width/height), PNG or JPEG; None when unknown or not a
    positive, finite size (the caller then shows a square)."""
    size = _raw_size(data)
    if size is None or not all(math.isfinite(v) and v > 0 for v in size):
        return None
    return size


def _raw_size(data: bytes) -> tuple[float, float] | None:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:2] == b"\xff\xd8":
        index = 2
        while index + 9 < len(data):
            if data[index] != 0xFF:
                return None
            marker, length = data[index + 1], int.from_bytes(data[index + 2:index + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return int.from_bytes(data[index + 7:index + 9], "big"), int.from_bytes(data[index + 5:index + 7], "big")
            index += 2 + length
        return None
    head = data[:4096].decode("utf-8", "ignore")
    tag = re.search(r"<svg\b[^>]*>", head)
    if not tag:
        return None
    view_box = re.search(r'viewBox="([^"]*)"', tag.group(0))
    numbers = VIEW_BOX.fullmatch(view_box.group(1)) if view_box else None
    if numbers:
        return float(numbers.group(3)), float(numbers.group(4))
    width, height = (re.search(rf'\b{a}="([^"]*)"', tag.group(0)) for a in ("width", "height"))
    lengths = [LENGTH.fullmatch(m.group(1)) if m else None for m in (width, height)]
    if all(lengths) and not any(m.group(2) == "%" for m in lengths):
        return float(lengths[0].group(1)), float(lengths[1].group(1))
    return None


def static_files(catalogue: Catalogue, site_url: str = "") -> dict[str, bytes]:
    """Images referenced by content, rebuilt (never copied) next to the pages that show them."""
    files: dict[str, bytes] = {}
    for badge in catalogue.badges.values():
        files[f"badges/{badge.id}/{badge.image.rsplit('/', 1)[-1]}"] = publishable((catalogue.root / "badges" / badge.image).read_bytes(), badge.image)
    for structure in catalogue.structures.values():
        if structure.logo:
            files[f"structures/{structure.id}/{structure.logo.rsplit('/', 1)[-1]}"] = publishable((catalogue.root / "structures" / structure.logo).read_bytes(), structure.logo)
    return files
