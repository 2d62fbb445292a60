"""The feeds as published over time: each content state of git rendered, then versioned.

This is the I/O half of the calendar writer (feeds.py is pure): it lays each commit that
touched the content into a mirror folder, loads it with the real loader, renders its events
unversioned, and lets versions.replay count the changes. The work tree itself is the last
state; when it differs from the last commit, its changes are dated like the last commit (or
SOURCE_DATE_EPOCH when later), never by the clock.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

from . import feedlist, feeds
from .events import EventWriter
from ...content.history import ContentMirror, HistoryError, content_commits, fallback_epoch
from ...settings import source_date_epoch
from ...content.load import Catalogue, load
from .versions import FeedKey, History, Rendered, Tracker

_LAST: list[tuple[Catalogue, str, History]] = []  # the one build in progress: feeds and per-session files share it
# The history's commits, replayed once: a preview server (make serve) then only applies the work tree at each rebuild.
_REPLAYED: dict[tuple, tuple[Tracker, int, str | None]] = {}


def render_state(catalogue: Catalogue, site_url: str) -> tuple[dict[str, Rendered], dict[FeedKey, str]]:
    """The events a state publishes in the window of `catalogue.today`, and its feeds' titles."""
    writer = EventWriter(catalogue, site_url.rstrip("/"))
    state: dict[str, Rendered] = {}
    for session in feedlist.in_window(catalogue.sessions, catalogue.today):
        activity = catalogue.activities.get(session.activity)
        if activity is None:
            continue
        event = writer.event(session)
        state[session.uid] = Rendered(
            hashlib.blake2b(event, digest_size=16).digest(), session.start, session.end, session.first_sequence,
            tuple(feedlist.session_feed_keys(catalogue, activity, session)), event, activity.title,
        )
    return state, {feed.key: feed.title for feed in feedlist.all_feeds(catalogue)}


def _states(catalogue: Catalogue, site_url: str, commits, folder: Path) -> Iterator[tuple[int, dict[str, Rendered], dict]]:
    mirror = ContentMirror(catalogue.root, folder)
    for commit in commits:
        mirror.checkout(commit.sha)
        past, errors, _ = load(folder, catalogue.today)
        if past is not None:  # a state with errors was never published (CI refuses it)
            yield (commit.epoch, *render_state(past, site_url))


def content_history(catalogue: Catalogue, site_url: str, environ: Mapping[str, str] = os.environ) -> History:
    """Every event's version, the events that ended and every feed ever published."""
    commits, note = content_commits(catalogue.root, environ)
    key = (str(catalogue.root), site_url, catalogue.today, tuple(c.sha for c in commits))
    cached = _REPLAYED.get(key)
    if cached is None:
        tracker, last = Tracker(), 0
        with tempfile.TemporaryDirectory(prefix="catalogue-historique-") as folder:
            try:
                for epoch, state, feed_titles in _states(catalogue, site_url, commits, Path(folder)):
                    tracker.apply(epoch, state, feed_titles)
                    last = epoch
            except HistoryError as exc:
                tracker, last, note = Tracker(), 0, str(exc)
        cached = _REPLAYED[key] = (tracker, last, note)
        while len(_REPLAYED) > 1:
            del _REPLAYED[next(iter(_REPLAYED))]
    replayed, last, note = cached
    tracker = replayed.copy()
    now, now_titles = render_state(catalogue, site_url)
    declared = fallback_epoch(environ) if source_date_epoch(environ) is not None or not last else 0
    tracker.apply(max(last, declared), now, now_titles)
    return tracker.history(complete=note is None, note=note)


def history_of(catalogue: Catalogue, site_url: str) -> History:
    """The history for this build, computed once for the feeds and the per-session files."""
    if _LAST and _LAST[0][0] is catalogue and _LAST[0][1] == site_url:
        return _LAST[0][2]
    history = content_history(catalogue, site_url)
    _LAST[:] = [(catalogue, site_url, history)]
    return history


def write_feeds(catalogue: Catalogue, site_url: str) -> Iterator[tuple[str, bytes]]:
    """The writer used by the generator: every feed, versioned from the content's history."""
    return feeds.iter_feed_files(catalogue, site_url, history_of(catalogue, site_url))


def event_writer(catalogue: Catalogue, site_url: str) -> EventWriter:
    """The VEVENT writer the feeds use, for other outputs that must hold identical events."""
    return EventWriter(catalogue, site_url.rstrip("/"), history_of(catalogue, site_url))
