"""Which feeds exist, where they live, and which sessions each one holds (the window)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterable

from dateutil.relativedelta import relativedelta

from ...content.load import Catalogue
from ...content.model import Activity, Session
from ...content.sessions import PARIS
from ...settings import network
from ..urls import ALL, feed_page_path, feed_path, subscribe_path
from .versions import Ended

PAST_DAYS, MONTHS_AFTER = 7, 12  # a past session stays a week, so that "what happened" can still be checked

# Feed kinds, in the order the subscribe page lists them: URL segment -> (label, plural heading).
KINDS = {
    "territoire": ("Territoire", "Par territoire"),
    "categorie": ("Catégorie", "Par catégorie d'activité"),
    "public": ("Public", "Par public"),
    "structure": ("Structure", "Par structure"),
    "badge": ("Badge", "Par badge"),
    "activite": ("Activité", "Par activité"),
}

@dataclass(frozen=True)
class Feed:
    kind: str
    ident: str
    title: str  # what it holds, e.g. "Le Dôme" or "toutes les activités"

    @property
    def path(self) -> str:
        return feed_path(self.kind, self.ident)

    @property
    def subscribe_page(self) -> str:
        return subscribe_path(self.kind, self.ident)

    @property
    def page(self) -> str:
        return feed_page_path(self.kind, self.ident)

    @property
    def name(self) -> str:
        """The calendar's name in the client: short, and distinct between feeds."""
        if self.kind == ALL:
            return f"{network().site_name} – toutes les activités"
        if self.kind in ("structure", "activite"):
            return f"{network().site_name} – {self.title}"
        return f"{network().site_name} – {KINDS[self.kind][0]} : {self.title}"

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.ident)


def all_feeds(catalogue: Catalogue) -> list[Feed]:
    """Every feed, in a stable order: everything, then territories, categories, audiences, structures, badges, activities.

    A feed exists for every id even when it has no session, so that a subscribed URL never
    disappears (an empty calendar empties the subscriber's copy; a 404 would freeze it).
    """
    vocabulary = catalogue.vocabulary
    feeds = [Feed(ALL, "", "toutes les activités")]
    feeds += [Feed("territoire", tid, t.name) for tid, t in vocabulary.territories.items()]
    feeds += [Feed("categorie", cid, c.name) for cid, c in vocabulary.categories.items()]
    feeds += [Feed("public", aid, a.name) for aid, a in vocabulary.audiences.items()]
    feeds += [Feed("structure", sid, s.name) for sid, s in catalogue.structures.items()]
    feeds += [Feed("badge", bid, b.name) for bid, b in catalogue.badges.items()]
    feeds += [Feed("activite", aid, a.title) for aid, a in catalogue.activities.items()]
    return feeds


def window(today: date) -> tuple[date, date]:
    """(first day, last day), both included: PAST_DAYS before today, twelve months after."""
    return today - timedelta(days=PAST_DAYS), today + relativedelta(months=MONTHS_AFTER)


def in_window(sessions: Iterable[Session | Ended], today: date) -> list:
    """The sessions (or ended events) that start on a day of the window (Paris time)."""
    first, last = window(today)
    begin = datetime.combine(first, time(), tzinfo=PARIS)
    end = datetime.combine(last + timedelta(days=1), time(), tzinfo=PARIS)
    return [s for s in sessions if begin <= s.start < end]


def session_feed_keys(catalogue: Catalogue, activity: Activity, session: Session) -> list[tuple[str, str]]:
    """The feeds a session appears in (its territory is where the session takes place)."""
    keys = [(ALL, ""), *(("structure", s) for s in activity.organisers), ("activite", activity.id)]
    place = catalogue.places.get(session.place) or catalogue.places.get(activity.place)
    found = catalogue.vocabulary.commune(place.commune) if place else None
    if found:
        keys.append(("territoire", found[0]))
    keys += [("categorie", c) for c in activity.categories]
    keys += [("public", a) for a in activity.audiences]
    keys += [("badge", b) for b in activity.badges]
    return list(dict.fromkeys(keys))


def offered(catalogue: Catalogue, feed: Feed) -> bool:
    """Whether the site offers to subscribe to a feed: not for an activity without dates (its file stays)."""
    return not (feed.kind == "activite" and catalogue.activities[feed.ident].no_dates is not None)
