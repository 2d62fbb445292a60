"""The "S'abonner" pages: `abonnement/` lists the feeds, one page per feed gives its addresses
(urls.feed_links) and its QR code (qrcodes.py)."""

from __future__ import annotations

from collections import Counter

from ..content.load import Catalogue
from .ical.feedlist import ALL, KINDS, Feed, all_feeds, in_window, offered, session_feed_keys, window
from .qrcodes import qr_size
from .urls import SUBSCRIBE_DIR, feed_links


def links(feed: Feed, site_url: str):
    """Every way to subscribe to `feed` (the subscribe template's `feed_links`)."""
    return feed_links(feed.path, feed.name, site_url)


def session_counts(catalogue: Catalogue) -> Counter:
    """How many sessions each feed holds now (in the window), by feed key."""
    counts: Counter = Counter()
    for session in in_window(catalogue.sessions, catalogue.today):
        activity = catalogue.activities.get(session.activity)
        if activity is not None:
            counts.update(session_feed_keys(catalogue, activity, session))
    return counts


def _labels(listed: list[Feed]) -> dict[tuple[str, str], str]:
    """Link texts, distinct on the page: the title, with its kind when two feeds share a title."""
    seen = Counter(feed.title for feed in listed)
    return {feed.key: feed.title if seen[feed.title] == 1 else f"{feed.title} ({KINDS[feed.kind][0].lower()})" for feed in listed}


def pages(catalogue: Catalogue) -> list[tuple[str, str, dict]]:
    """(path, template, context) of the subscribe pages: `abonnement/`, then one per feed."""
    every = all_feeds(catalogue)
    counts = session_counts(catalogue)
    first, last = window(catalogue.today)
    common = {"feed_links": links, "qr_size": qr_size, "counts": counts, "window_first": first, "window_last": last,
              "KINDS": KINDS}
    groups = []
    for kind, (_, heading) in KINDS.items():
        if kind == "activite":
            continue  # one per activity: linked from each activity's page, not listed here
        listed = [f for f in every if f.kind == kind and counts[f.key]]
        if listed:
            groups.append((kind, heading, listed))
    listed_all = [f for _, _, fs in groups for f in fs]
    main = every[0]
    assert main.kind == ALL
    result = [(f"{SUBSCRIBE_DIR}/index.html", "subscribe",
               {**common, "feed": main, "groups": groups, "labels": _labels(listed_all), "is_main": True})]
    for feed in every[1:]:
        if not offered(catalogue, feed):
            continue  # no dates to subscribe to: no page (the feed file stays, for old subscriptions)
        result.append((f"{feed.subscribe_page}index.html", "subscribe",
                       {**common, "feed": feed, "groups": [], "labels": {}, "is_main": False}))
    return result
