"""Calendar feeds (iCalendar, RFC 5545 + RFC 7986) that advisers subscribe to once.

Pure: from the Catalogue (and the content files' last-change times) to `{path: bytes}`.
Each session is serialised ONCE, as the bytes of one VEVENT, and those bytes are reused in
every feed the session belongs to (everything, its structure, territory, categories,
audiences, badges and activity): the same UID, the same text, everywhere.

Written with f-strings rather than an iCalendar library (about 250 times faster); the tests
read every feed back with `icalendar`, `vobject` and `recurring-ical-events`. What clients
need, and why:

- CRLF, UTF-8 without BOM, lines folded at 75 octets, never inside a character or an escape;
- text escaped (`\\ ; , newline`); any CR, LF or other line break in content becomes `\\n`,
  so content can never start a property of its own;
- a VTIMEZONE for Europe/Paris written with RRULEs (Outlook ignores RDATE), before the events;
- a UID built from the activity id, the day the session was planned for and its rank that
  day (identity.py: it survives a move, a new time, place, title or status), under the UID
  domain (settings) or the site's own host;
- a SEQUENCE that rises with every published change of the event and never goes down, and a
  LAST-MODIFIED and DTSTAMP at the time of that change (versions.py, from the content's git
  history: Google keeps stale copies otherwise; never the clock);
- a session, activity or whole feed removed from the files is announced, not dropped: its
  future events stay, cancelled, and a removed feed keeps its address (a 404 would freeze
  subscribers' copies);
- a cancelled session stays, with STATUS:CANCELLED and « ANNULÉ – » before its title (Google
  hides cancelled events and Outlook shows them as ordinary ones: only the title reaches all);
  full, postponed, all-day, multi-day and interrupted sessions: see eventlines.py;
- a window (PAST_DAYS back, twelve months ahead), said in the calendar's description without
  dates, so that a feed's bytes change only when one of its events changes, comes or leaves; at most
  1 MB per feed (Google drops events beyond): past the limit, each activity gets a fair share,
  so one activity with a daily series cannot push the others out; the farthest days of the
  biggest activities are left out, and the description names them and the days they keep.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from typing import Iterator, Mapping

from ...content.history import FIXED_EPOCH
from ...content.load import Catalogue
from ...settings import network
from .eventlines import CANCELLED_PREFIX
from .events import EventWriter, ended_event
from ...content.sessions import PARIS, french_date
from .feedlist import ALL, MONTHS_AFTER, PAST_DAYS, Feed, all_feeds, in_window, session_feed_keys
from .text import FOOTER, VTIMEZONE, clean_uri, fold, text_line
from .versions import History

REFRESH = "PT12H"
MAX_FEED_BYTES = 1_000_000  # Google drops events from feeds over about 1 MB
MAX_TRIMMED_NAMED = 3  # a full feed's description names this many of the activities it trims
TRIMMED_DESCRIPTION_RESERVE = 2_000  # bytes kept for that description (three titles of 120 characters, twice)


@dataclass(frozen=True)
class _Trimmed:
    """An activity whose farthest sessions a full feed leaves out: its title and the days it keeps."""

    title: str
    first: date | None
    last: date | None


def _trimmed_text(trimmed: list[_Trimmed]) -> str:
    shown = []
    for item in trimmed[:MAX_TRIMMED_NAMED]:
        kept = f"du {french_date(item.first)} au {french_date(item.last)} seulement" if item.first and item.last else "aucune séance"
        shown.append(f"« {item.title} » ({kept})")
    rest = len(trimmed) - len(shown)
    more = f" et {rest} autre{'s' if rest > 1 else ''}" if rest else ""
    return (f"ce calendrier est limité à {MAX_FEED_BYTES // 1_000_000} Mo ; pour y faire place à toutes les activités, "
            f"les séances les plus lointaines des activités qui en ont le plus n'y sont pas : {', '.join(shown)}{more}. "
            "Toutes leurs séances à venir sont sur la page de chaque activité.")


def _calendar_description(feed: Feed, trimmed: list[_Trimmed], ended: bool = False) -> str:
    """What the calendar holds; dated only when it is cut short, so that its bytes do not change every day."""
    scope = "de toutes les activités" if feed.kind == ALL else f"« {feed.title} »"
    if ended:
        return (f"Ce calendrier n'est plus mis à jour : {scope} a été retiré(e) du catalogue {network().site_name}. "
                "Les séances qui restaient à venir y sont annoncées comme annulées ; vous pouvez ensuite supprimer cet abonnement.")
    text = (f"Les séances {scope} du catalogue {network().site_name} ({network().region}), "
            f"des {PAST_DAYS} derniers jours et des {MONTHS_AFTER} prochains mois : ")
    if trimmed and feed.kind == "activite":  # one activity alone over the limit: its nearest days
        kept = trimmed[0]
        text += (f"ce calendrier est limité à {MAX_FEED_BYTES // 1_000_000} Mo, il ne garde donc que les séances les plus proches"
                 + (f", du {french_date(kept.first)} au {french_date(kept.last)}" if kept.first and kept.last else "")
                 + " ; toutes les séances à venir sont sur la page de l'activité.")
    else:
        text += _trimmed_text(trimmed) if trimmed else "toutes leurs séances y sont."
    return (text + " Mis à jour toutes les 12 heures (Google Agenda : une à deux fois par jour seulement). "
            f"Une séance annulée reste affichée, avec « {CANCELLED_PREFIX.strip()} » devant son titre "
            "(« REPORTÉ – » si elle est reportée, « COMPLET – » s'il n'y a plus de place).")


def _header(feed: Feed, site_url: str, trimmed: list[_Trimmed], ended: bool = False) -> bytes:
    description = _calendar_description(feed, trimmed, ended)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{network().prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        text_line("NAME", feed.name),
        text_line("X-WR-CALNAME", feed.name),
        text_line("DESCRIPTION", description),
        text_line("X-WR-CALDESC", description),
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}",
        f"X-PUBLISHED-TTL:{REFRESH}",
        fold(f"URL:{clean_uri(f'{site_url}/{feed.page}')}"),
        fold(f"SOURCE;VALUE=URI:{clean_uri(f'{site_url}/{feed.path}')}"),
    ]
    return ("\r\n".join(lines) + "\r\n" + VTIMEZONE).encode()


def _days_by_priority(events: list[tuple], today: date) -> dict[str, list[tuple[date, int]]]:
    """Per activity, its days with their size in bytes, in the order a full feed keeps them:
    today and the days after it first (nearest first), then the past (most recent first)."""
    sizes: dict[str, dict[date, int]] = {}
    for day, pieces, activity in events:
        days = sizes.setdefault(activity, {})
        days[day] = days.get(day, 0) + sum(map(len, pieces))
    return {activity: sorted(days.items(), key=lambda item: (item[0] < today, abs((item[0] - today).days)))
            for activity, days in sizes.items()}


def fair_share(days: dict[str, list[tuple[date, int]]], budget: int) -> tuple[dict[str, set[date]], set[str]]:
    """(the days kept per activity, the activities trimmed) so that the feed holds at most `budget` bytes.

    Max-min fairness: one share `cap` for all; an activity smaller than the share keeps every
    session, a bigger one keeps its nearest whole days up to the share. The share is the largest
    that fits, so the biggest activities lose their far future first and the small ones nothing.
    """
    totals = {activity: [0] for activity in days}
    for activity, items in days.items():
        for _, size in items:
            totals[activity].append(totals[activity][-1] + size)

    def kept(cap: int) -> dict[str, int]:
        return {activity: bisect_right(sums, cap) - 1 for activity, sums in totals.items()}

    low, high = 0, max((sums[-1] for sums in totals.values()), default=0)
    while low < high:
        middle = (low + high + 1) // 2
        if sum(totals[a][n] for a, n in kept(middle).items()) <= budget:
            low = middle
        else:
            high = middle - 1
    counts = kept(low)
    chosen = {activity: {day for day, _ in days[activity][:n]} for activity, n in counts.items()}
    trimmed = {activity for activity, n in counts.items() if n < len(days[activity])}
    return chosen, trimmed


def assemble(feed: Feed, events: list[tuple[date, tuple[bytes, ...], str]], site_url: str, today: date,
             max_bytes: int = MAX_FEED_BYTES, titles: Mapping[str, str] | None = None, ended: bool = False) -> bytes:
    """One feed from its events (sorted by start, each `(day, VEVENT pieces, activity id)`), under `max_bytes`.

    Over the limit, no activity takes more than its fair share (see `fair_share`): the farthest
    days of the activities with the most sessions are left out, whole days, and the calendar's
    description names those activities and the days they keep.
    """
    header = _header(feed, site_url, [], ended)
    total = len(header) + sum(len(piece) for _, pieces, _ in events for piece in pieces) + len(FOOTER)
    if total <= max_bytes:
        return b"".join([header, *(piece for _, pieces, _ in events for piece in pieces), FOOTER])
    days = _days_by_priority(events, today)
    budget = max_bytes - len(header) - len(FOOTER) - TRIMMED_DESCRIPTION_RESERVE
    while True:
        chosen, trimmed_ids = fair_share(days, max(budget, 0))
        order = sorted(trimmed_ids, key=lambda a: (-sum(size for _, size in days[a]), a))
        trimmed = [_Trimmed((titles or {}).get(a, a), min(chosen[a], default=None), max(chosen[a], default=None)) for a in order]
        header = _header(feed, site_url, trimmed, ended)
        kept = [piece for day, pieces, activity in events if day in chosen[activity] for piece in pieces]
        data = b"".join([header, *kept, FOOTER])
        if len(data) <= max_bytes or budget <= 0:
            return data
        budget -= len(data) - max_bytes


def iter_feed_files(catalogue: Catalogue, site_url: str, history: History | None = None,
                    fallback_stamp: int = FIXED_EPOCH, max_bytes: int = MAX_FEED_BYTES) -> Iterator[tuple[str, bytes]]:
    """Every feed as `(calendriers/...ics, bytes)`, one at a time. Pure: same catalogue and history, same bytes.

    Each session's VEVENT is serialised once and shared by the feeds it belongs to; a feed's
    bytes are assembled only when it is yielded, so that the ~8 copies of every event never
    sit in memory together (gigabytes for a regional catalogue). Events that `history` knows
    ended are added, cancelled, to every feed they were in, and a feed that no longer exists
    keeps its address with them.
    """
    site_url = site_url.rstrip("/")
    writer = EventWriter(catalogue, site_url, history, fallback_stamp)
    feeds = all_feeds(catalogue)
    current = {feed.key for feed in feeds}
    if history is not None:
        feeds += [Feed(kind, ident, title) for (kind, ident), title in history.feeds.items() if (kind, ident) not in current]
    members: dict[tuple[str, str], list[tuple[date, tuple[bytes, ...], str]]] = {feed.key: [] for feed in feeds}
    titles = {aid: activity.title for aid, activity in catalogue.activities.items()}
    for session in in_window(catalogue.sessions, catalogue.today):
        activity = catalogue.activities.get(session.activity)
        if activity is None:
            continue
        item = (session.start.astimezone(PARIS).date(), writer.event_parts(session), session.activity)
        for key in session_feed_keys(catalogue, activity, session):
            bucket = members.get(key)
            if bucket is not None:
                bucket.append(item)
    if history is not None:
        touched = set()
        for ended in in_window(history.ended, catalogue.today):
            item = (ended.start.astimezone(PARIS).date(), (ended_event(ended, writer.domain),), ended.title)
            for key in ended.feeds:
                if key in members:
                    members[key].append(item)
                    touched.add(key)
        for key in touched:
            members[key].sort(key=lambda entry: entry[0])
    for feed in feeds:
        yield feed.path, assemble(feed, members.pop(feed.key), site_url, catalogue.today, max_bytes, titles, feed.key not in current)


def feed_files(catalogue: Catalogue, site_url: str, history: History | None = None,
               fallback_stamp: int = FIXED_EPOCH, max_bytes: int = MAX_FEED_BYTES) -> dict[str, bytes]:
    """Every feed: `{calendriers/...ics: bytes}` (all in memory: for tests and small catalogues)."""
    return dict(iter_feed_files(catalogue, site_url, history, fallback_stamp, max_bytes))
