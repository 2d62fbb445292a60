"""Which HTML pages the catalogue has, and what each template is given (the views are in views.py).

Pure: from the catalogue to a plan of pages; the Pelican writer renders and writes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from . import access, atoz, joining, jsonld, near, openbadges, season, subscribe, widgets
from ..content.french import sort_key
from .share import Share
from ..content.load import Catalogue
from ..content.model import FAMILIES, JOIN_MODES, ROLES, Activity, Place, Structure
from ..sanitise.images import publishable
from ..sanitise.imagesize import image_size
from .schedule import upcoming
from .urls import ACTIVITIES_URL, BADGES_URL, PARTNERS_URL, SUBSCRIBE_PATH, activity_url, badge_url, page_path, structure_logo_path, structure_url
from .views import (Card, SessionItem, by_day, card, card_here, commune_name, filter_groups, open_doors, page_items,
                    partner_groups,
                    session_item, split_sentences, weeks)
from .weeklyhours import weekly_hours

HOME_DAYS = 7
SESSIONS_SHOWN = 5  # on an activity page, the others are behind "voir les autres dates"


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


_LAST: list[tuple[Catalogue, list[Page]]] = []  # one entry: the generator's plan, asked again by the sitemap


def plan(catalogue: Catalogue) -> list[Page]:
    """Every page of the catalogue, planned once per catalogue: the generator renders it, the sitemap lists it."""
    if not (_LAST and _LAST[0][0] is catalogue):
        _LAST[:] = [(catalogue, _plan(catalogue))]
    return _LAST[0][1]


def _plan(catalogue: Catalogue) -> list[Page]:
    subscribe_pages = subscribe.pages(catalogue)
    has_subscribe_page = any(path == SUBSCRIBE_PATH for path, _, _ in subscribe_pages)
    common = {"ROLES": ROLES, "FAMILIES": FAMILIES, "JOIN_MODES": JOIN_MODES, "today": catalogue.today,
              "territories": catalogue.vocabulary.territories,
              "subscribe_url": SUBSCRIBE_PATH.removesuffix("index.html") if has_subscribe_page else None}
    groups = filter_groups(catalogue)
    cards = {a.id: card(catalogue, a) for a in near.title_order(catalogue.activities.values())}
    areas = near.areas(catalogue)
    filters_by_kind = {g.key: {f.key: f for f in g.filters} for g in groups}
    agenda = weeks(catalogue)
    home_items = [session_item(catalogue, s) for s in upcoming(catalogue, catalogue.sessions, HOME_DAYS)]
    members = [s for s in partner_groups(catalogue)[0][1]]

    pages = [
        Page("index.html", "home", {
            **common, "week": by_day(home_items), "groups": groups,
            "members": [(s, filters_by_kind["structure"].get(s.id)) for s in members], "areas": areas,
        }),
        Page(page_path(ACTIVITIES_URL), "catalogue", {
            **common, "groups": groups, "cards": list(cards.values()), "current": None,
        }),
        Page(page_path(PARTNERS_URL), "partners", {**common, "groups": partner_groups(catalogue)}),
        Page(page_path(BADGES_URL), "badges", {**common, **openbadges.index_context(catalogue)}),
    ]
    for group in groups:
        for current in group.filters:
            pages.append(Page(page_path(current.url), "catalogue", {
                **common, "groups": groups, "cards": [cards[i] for i in current.activity_ids],
                "current": current, "current_group": group,
                **(_needs_context(catalogue, filters_by_kind) if access.lists_needs(catalogue, current.kind, current.key) else {}),
            }))
    school = season.holidays(catalogue)
    later = season.months(catalogue, agenda[-1].sunday + timedelta(days=1), partial(session_item, catalogue), by_day)
    week_holidays = {w.url: season.during(school, w.monday, w.sunday) for w in agenda}
    for index, week in enumerate(agenda):
        pages.append(Page(page_path(week.url), "agenda", {
            **common, "weeks": agenda, "week": week, "months": later, "week_holidays": week_holidays,
            "previous": agenda[index - 1] if index else None,
            "next": agenda[index + 1] if index + 1 < len(agenda) else None,
            "next_month": later[0] if index + 1 == len(agenda) and later else None,
        }))
    for index, month in enumerate(later):
        pages.append(Page(page_path(month.url), "agenda_month", {
            **common, "weeks": agenda, "months": later, "month": month, "week_holidays": week_holidays,
            "previous_url": later[index - 1].url if index else agenda[-1].url,
            "next": later[index + 1] if index + 1 < len(later) else None,
        }))
    for activity in catalogue.activities.values():
        pages.append(Page(page_path(activity_url(activity.id)), "activity", common,
                          partial(_activity_context, catalogue, activity, cards, filters_by_kind)))
    for structure in catalogue.structures.values():
        pages.append(Page(page_path(structure_url(structure.id)), "structure", {
            **common, "structure": structure,
            "places": [(p, commune_name(catalogue, p)) for p in structure.places],
            "cards": [cards[a.id] for a in near.title_order(catalogue.activities_of(structure.id))],
            "partner_cards": [cards[a.id] for a in near.title_order(catalogue.activities_with_partner(structure.id))],
            "badges_through": _badges_through(catalogue, structure),
            "issued": catalogue.badges_issued_by(structure.id),
            "co_built": [(b, catalogue.structures[b.issuer]) for b in catalogue.badges_co_built_with(structure.id)],
            "logo": _logo(catalogue, structure),
            "widget": widgets.Widget("structure", structure.id, structure.name, structure_url(structure.id)),
            "structured_data": partial(jsonld.structure_script, catalogue, structure),
        }))
    for badge in catalogue.badges.values():
        pages.append(Page(page_path(badge_url(badge.id)), "badge", {
            **common, "badge": badge, "issuer": catalogue.structures[badge.issuer],
            "activities": [(a, catalogue.structures[a.structure], catalogue.places[a.place])
                           for a in near.title_order(catalogue.activities_leading_to(badge.id))],
            "structured_data": partial(jsonld.badge_script, catalogue, badge),
            **openbadges.badge_context(catalogue, badge),
        }))
    pages += [Page(path, template, {**common, **context}) for path, template, context in
              [*subscribe_pages, *joining.pages(catalogue), *near.pages(catalogue, partial(card_here, catalogue)),
               atoz.page(catalogue, areas), *widgets.pages(catalogue)]]
    # The free pages of content/pages/ (checked by the loader): the same autoescaped templates.
    pages += [Page(free.save_as, free.template, {**common, "page": free}) for free in catalogue.free_pages if free.published]
    return pages


def _badges_through(catalogue: Catalogue, structure: Structure) -> list:
    """The badges one can earn in the activities a structure organises or takes part in, other than its own."""
    own = {b.id for b in catalogue.badges_issued_by(structure.id)}
    found = dict.fromkeys(b for a in [*catalogue.activities_of(structure.id), *catalogue.activities_with_partner(structure.id)]
                          for b in a.badges if b in catalogue.badges and b not in own)
    return sorted((catalogue.badges[b] for b in found), key=lambda b: sort_key(b.name))


def _needs_context(catalogue: Catalogue, filters_by_kind: dict) -> dict:
    """Activities by access need (a filter page each, the wheelchair one first) and whom to call."""
    wheelchair = filters_by_kind["condition"].get("accessible-en-fauteuil")
    needs = [f for f in (wheelchair, *filters_by_kind.get("acces", {}).values()) if f]
    return {"needs": needs, "access_contacts": access.coordinators(catalogue)}


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
        "partners": [catalogue.structures[s] for s in activity.partners if s in catalogue.structures],
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
        "open_doors": open_doors(catalogue, activity, cards),
        "weekly_hours": weekly_hours(catalogue.sessions_of(activity.id), catalogue.today),
        "structured_data": partial(jsonld.activity_script, catalogue, activity),
    }


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
    return structure_logo_path(structure), width, LOGO_HEIGHT
