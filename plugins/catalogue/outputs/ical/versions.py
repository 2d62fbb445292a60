"""Each calendar event's version, from the successive published states of the content.

Calendar clients keep the copy they have unless SEQUENCE rises (Google) and show an event
until it is explicitly cancelled, so versions are a history, not a property of today's files:
SEQUENCE counts the published states in which the event's rendered properties changed and
never goes down, LAST-MODIFIED (and DTSTAMP) is the time of the last of them, and an event that
was published and is gone from the files is remembered, to be announced as cancelled.

Pure: the states come in oldest first, each `{uid: Rendered}` with its time (`history.py`
reads them from git, `feedstates.py` renders them).

>>> from datetime import datetime, timezone
>>> at = datetime(2027, 1, 5, 14, tzinfo=timezone.utc)
>>> one = lambda digest: {"a-20270105": Rendered(digest, at, at, 0, (("tout", ""),), b"", "A")}
>>> history = replay([(100, one(b"x")), (200, one(b"x")), (300, one(b"y"))])
>>> history.versions["a-20270105"].sequence, history.versions["a-20270105"].modified
(1, 300)
>>> gone = replay([(100, one(b"x")), (400, {})])
>>> gone.versions, [(e.uid, e.sequence, e.modified) for e in gone.ended]
({}, [('a-20270105', 1, 400)])
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Mapping

FeedKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Rendered:
    """One event as one state published it."""

    digest: bytes  # of its rendered properties, versions left out
    start: datetime
    end: datetime
    first_sequence: int  # its SEQUENCE if this is its first version
    feeds: tuple[FeedKey, ...]
    event: bytes  # its VEVENT as rendered without versions, kept to announce its end
    title: str


@dataclass(frozen=True, slots=True)
class Version:
    sequence: int
    modified: int  # epoch seconds of the state that last changed it
    was: tuple[datetime, datetime] | None = None  # start and end before its last move, if it moved


@dataclass(frozen=True, slots=True)
class Ended:
    """An event published once and no longer in the files: announced as cancelled for its date."""

    uid: str
    start: datetime
    end: datetime
    sequence: int
    modified: int
    feeds: tuple[FeedKey, ...]
    event: bytes
    title: str


@dataclass(frozen=True)
class History:
    versions: Mapping[str, Version]
    ended: tuple[Ended, ...] = ()
    feeds: Mapping[FeedKey, str] = None  # type: ignore[assignment]  # every feed ever published -> its last title
    complete: bool = True
    note: str | None = None  # why it is not complete, in French, for the build's warnings

    def __post_init__(self) -> None:
        if self.feeds is None:
            object.__setattr__(self, "feeds", {})


class _Track:
    __slots__ = ("rendered", "sequence", "modified", "was", "present")

    def __init__(self, rendered: Rendered, modified: int):
        self.rendered, self.sequence, self.modified, self.was, self.present = rendered, rendered.first_sequence, modified, None, True

    def change(self, rendered: Rendered, modified: int) -> None:
        old = self.rendered
        if (old.start, old.end) != (rendered.start, rendered.end):
            self.was = (old.start, old.end)
        self.rendered, self.sequence, self.modified, self.present = rendered, self.sequence + 1, modified, True

    def copy(self) -> "_Track":
        twin = _Track.__new__(_Track)
        twin.rendered, twin.sequence, twin.modified, twin.was, twin.present = self.rendered, self.sequence, self.modified, self.was, self.present
        return twin


class Tracker:
    """The replay so far: states are applied oldest first; a copy lets a preview server replay
    the history once and apply only the work tree at each rebuild."""

    def __init__(self) -> None:
        self.tracks: dict[str, _Track] = {}
        self.feeds: dict[FeedKey, str] = {}

    def apply(self, epoch: int, state: Mapping[str, Rendered], feeds: Mapping[FeedKey, str] | None = None) -> None:
        tracks = self.tracks
        for uid, rendered in state.items():
            track = tracks.get(uid)
            if track is None:
                tracks[uid] = _Track(rendered, epoch)
            elif not track.present or track.rendered.digest != rendered.digest:
                track.change(rendered, epoch)
        for uid, track in tracks.items():
            if track.present and uid not in state:
                track.present, track.sequence, track.modified = False, track.sequence + 1, epoch
        if feeds:
            self.feeds.update(feeds)

    def copy(self) -> "Tracker":
        twin = Tracker()
        twin.tracks = {uid: track.copy() for uid, track in self.tracks.items()}
        twin.feeds = dict(self.feeds)
        return twin

    def history(self, complete: bool = True, note: str | None = None) -> History:
        tracks = self.tracks
        versions = {uid: Version(t.sequence, t.modified, t.was) for uid, t in tracks.items() if t.present}
        ended = tuple(
            Ended(uid, t.rendered.start, t.rendered.end, t.sequence, t.modified, t.rendered.feeds, t.rendered.event, t.rendered.title)
            for uid, t in sorted(tracks.items()) if not t.present
        )
        return History(versions, ended, dict(sorted(self.feeds.items())), complete, note)


def replay(states: Iterable[tuple[int, Mapping[str, Rendered]]], feeds: Iterable[Mapping[FeedKey, str]] = (),
           complete: bool = True, note: str | None = None) -> History:
    """The versions after the `(epoch, state)` pairs, oldest first; the last state is what is published now."""
    tracker = Tracker()
    for epoch, state in states:
        tracker.apply(epoch, state)
    for titles in feeds:
        tracker.feeds.update(titles)
    return tracker.history(complete, note)
