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

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator, Mapping

from dateutil.relativedelta import relativedelta

from ..settings import network
from . import eventlines, transport
from .eventlines import CANCELLED_PREFIX, TZID
from ..content.history import FIXED_EPOCH
from ..content.identity import uid_domain
from ..content.load import Catalogue
from ..content.model import JOIN_MODES, Activity, Session
from ..content.sessions import PARIS, french_date
from .versions import Ended, History, Version

FEED_DIR = "calendriers"
SUBSCRIBE_DIR = "abonnement"
REFRESH = "PT12H"
PAST_DAYS, MONTHS_AFTER = 7, 12  # a past session stays a week, so that "what happened" can still be checked
MAX_FEED_BYTES = 1_000_000  # Google drops events from feeds over about 1 MB
MAX_TRIMMED_NAMED = 3  # a full feed's description names this many of the activities it trims
TRIMMED_DESCRIPTION_RESERVE = 2_000  # bytes kept for that description (three titles of 120 characters, twice)

# Feed kinds, in the order the subscribe page lists them: URL segment -> (label, plural heading).
KINDS = {
    "territoire": ("Territoire", "Par territoire"),
    "categorie": ("Catégorie", "Par catégorie d'activité"),
    "public": ("Public", "Par public"),
    "structure": ("Structure", "Par structure"),
    "badge": ("Badge", "Par badge"),
    "activite": ("Activité", "Par activité"),
}
ALL = "tout"

# Europe/Paris since 1996 (EU rule): last Sunday of March 01:00 UTC, last Sunday of October
# 01:00 UTC. Outlook reads only TZID, DTSTART, RRULE, TZOFFSETFROM and TZOFFSETTO here
# ([MS-STANOICAL]); 1970-03-29 and 1970-10-25 are the last Sundays of those months.
VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    f"TZID:{TZID}\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZNAME:CEST\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZNAME:CET\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)
FOOTER = b"END:VCALENDAR\r\n"


# ---- text: escaping and folding ---------------------------------------------------------------

# Line breaks of any kind (Python's str.splitlines() and some clients split on all of these).
_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
# Other control characters are not allowed in iCalendar TEXT (RFC 5545 3.3.11): dropped.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
_URI_BAD = re.compile("[\x00-\x20\x7f-\x9f\u2028\u2029]")
_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(text: str) -> str:
    """An iCalendar TEXT value: `\\`, `;`, `,` escaped, every line break as `\\n`, controls dropped."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", text)).translate(_ESCAPES)


def clean_uri(uri: str) -> str:
    """A URI value is not escaped, so it must not hold a space, a control or a line break."""
    return _URI_BAD.sub("", uri)


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), between characters and never inside an escape.

    Continuation lines start with one space, which counts in their 75 octets.
    """
    if len(line) <= 75 and line.isascii():
        return line
    data = line.encode()
    if len(data) <= 75:
        return line
    parts = []
    start, limit, size = 0, 75, len(data)
    while size - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 character: cut before it
            cut -= 1
        run = cut
        while run > start and data[run - 1] == 0x5C:  # an odd run of backslashes starts an escape
            run -= 1
        if (cut - run) % 2:
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, 74
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode()


def text_line(name: str, value: str) -> str:
    return fold(f"{name}:{escape_text(value)}")


def param_value(text: str) -> str:
    """A parameter value (RFC 5545 3.2): quoted, without the characters a quoted value cannot hold.

    >>> param_value('Le "WIP"; Caen')
    '"Le WIP; Caen"'
    """
    return '"' + _CONTROLS.sub("", _BREAKS.sub(" ", text)).replace('"', "") + '"'


def when(start: datetime, end: datetime) -> str:
    """« mardi 12 janvier 2027, 14:00–16:00 », in Paris time."""
    start, end = start.astimezone(PARIS), end.astimezone(PARIS)
    return f"{french_date(start.date())}, {start:%H:%M}–{end:%H:%M}"


def utc_stamp(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def local_time(moment: datetime) -> str:
    moment = moment.astimezone(PARIS) if moment.tzinfo is not None else moment
    return f"{moment:%Y%m%dT%H%M%S}"


# ---- which feeds exist ---------------------------------------------------------------------------


def feed_path(kind: str, ident: str = "") -> str:
    """`calendriers/tout.ics` or `calendriers/<kind>/<id>.ics`: stable, derived from ids only."""
    return f"{FEED_DIR}/{ALL}.ics" if kind == ALL else f"{FEED_DIR}/{kind}/{ident}.ics"


def subscribe_path(kind: str, ident: str = "") -> str:
    """The page (directory URL, without index.html) that explains how to subscribe to a feed."""
    return f"{SUBSCRIBE_DIR}/" if kind == ALL else f"{SUBSCRIBE_DIR}/{kind}/{ident}/"


def page_path(kind: str, ident: str = "") -> str:
    """The HTML page that lists what the feed holds (the calendar's URL property)."""
    if kind == ALL:
        return "agenda/"
    if kind == "activite":
        return f"activites/{ident}/"
    if kind == "structure":
        return f"structures/{ident}/"
    if kind == "badge":
        return f"badges/{ident}/"
    return subscribe_path(kind, ident)


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
        return page_path(self.kind, self.ident)

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


# ---- one VEVENT per session ----------------------------------------------------------------------


@dataclass
class _Parts:
    """Lines shared by the sessions of one activity at one place, folded once."""

    title: str
    summary: str
    location: str
    geo: str
    url: str
    categories: str
    organizer: str
    description: list[str]  # the unescaped paragraphs after the reason


def _description(reason_lines: list[str], body: list[str]) -> str:
    return text_line("DESCRIPTION", "\n".join(reason_lines + body))


class EventWriter:
    """Each session's VEVENT. Without `history`, events are written unversioned (SEQUENCE from the
    session alone, a fixed DTSTAMP): what versions.py compares from one state to the next."""

    def __init__(self, catalogue: Catalogue, site_url: str, history: History | None = None, fallback_stamp: int = FIXED_EPOCH):
        self.catalogue = catalogue
        self.site_url = site_url
        self.domain = network().uid_domain or uid_domain(site_url)
        self.versions: Mapping[str, Version] = history.versions if history is not None else {}
        self.fallback = fallback_stamp
        self.parts: dict[tuple[str, str], _Parts] = {}
        self.tails: dict[tuple[str, str], bytes] = {}

    def _parts(self, activity: Activity, place_id: str) -> _Parts:
        key = (activity.id, place_id)
        found = self.parts.get(key)
        if found is not None:
            return found
        catalogue = self.catalogue
        vocabulary = catalogue.vocabulary
        place = catalogue.places.get(place_id) or catalogue.places.get(activity.place)
        structure = catalogue.structures.get(activity.structure)
        url = clean_uri(f"{self.site_url}/activites/{activity.id}/")
        location = geo = ""
        if place is not None:
            town = vocabulary.commune_name(place.commune)
            location = text_line("LOCATION", f"{place.name}, {place.address}, {place.postcode} {town}")
            if place.coordinates is not None:
                geo = f"GEO:{place.coordinates.lat:.6f};{place.coordinates.lon:.6f}"
        names = [vocabulary.categories[c].name if c in vocabulary.categories else c for c in activity.categories]
        categories = fold("CATEGORIES:" + ",".join(escape_text(n) for n in names)) if names else ""
        body = [activity.easy_summary, ""]
        body.append(f"{JOIN_MODES.get(activity.join, activity.join)}.")
        body.append("Gratuit." if activity.free else f"Prix : {activity.price}")
        if activity.bring:
            body.append(f"À apporter : {activity.bring}")
        contact = activity.contact or (structure.contact if structure else None)
        phone, email = (contact.phone, contact.email) if contact else (None, None)
        if place is not None:
            body += ["", "Comment venir :"]
            getting_there = transport.summary_fr(place)
            if getting_there:
                body.append(f"Transports : {getting_there}")
            body.append("Accessible en fauteuil roulant." if place.accessibility.wheelchair else "Lieu non accessible en fauteuil roulant.")
            if place.accessibility.description:
                body.append(place.accessibility.description)
        if structure is not None:
            others = [catalogue.structures[s].name for s in activity.co_organisers if s in catalogue.structures]
            with_others = f", avec {', '.join(others[:-1]) + ' et ' if len(others) > 1 else ''}{others[-1]}" if others else ""
            reach = [f"téléphone : {phone}"] if phone else []
            reach += [f"e-mail : {email}"] if email else []
            body.append(f"Proposé par {structure.name}{with_others}" + (f" ({', '.join(reach)})." if reach else "."))
        body += ["", f"Plus d'informations : {url}"]
        organizer = ""
        if structure is not None and email:
            organizer = fold(f"ORGANIZER;CN={param_value(structure.name)}:mailto:{clean_uri(email)}")
        parts = _Parts(
            title=activity.title,
            summary=text_line("SUMMARY", activity.title),
            location=location, geo=geo, url=fold(f"URL:{url}"), categories=categories, organizer=organizer, description=body,
        )
        self.parts[key] = parts
        return parts

    def event(self, session: Session) -> bytes:
        """The session's VEVENT, CRLF-terminated."""
        return b"".join(self.event_parts(session))

    def event_parts(self, session: Session) -> tuple[bytes, bytes]:
        """The VEVENT in two pieces: the lines proper to the session, then the rest. The rest is
        the same bytes object for every confirmed, unmoved session of an activity at a place, so
        a catalogue's events take a fifth of the memory they would as whole strings."""
        activity = self.catalogue.activities[session.activity]
        parts = self._parts(activity, session.place)
        version = self.versions.get(session.uid)
        stamp = utc_stamp(version.modified if version else self.fallback)
        head = "\r\n".join([
            "BEGIN:VEVENT",
            self.uid(session.key),
            f"DTSTAMP:{stamp}",
            *([f"LAST-MODIFIED:{stamp}"] if version else []),
            *eventlines.date_lines(session),
            f"SEQUENCE:{version.sequence if version else session.first_sequence}",
            eventlines.status_line(session),
            "",
        ]).encode()
        was = version.was if version else None
        if not eventlines.is_plain(session) or was:
            return head, self._tail(parts, session, was)
        key = (activity.id, session.place)
        tail = self.tails.get(key)
        if tail is None:
            tail = self.tails[key] = self._tail(parts, session, None)
        return head, tail

    def uid(self, key: str) -> str:
        return text_line("UID", f"{key}@{self.domain}")

    def _tail(self, parts: _Parts, session: Session, was: tuple[datetime, datetime] | None) -> bytes:
        reasons = eventlines.reason_lines(session)
        if was is not None:
            reasons.insert(0, f"Déplacée : était le {when(was[0], was[1])}.")
        special = eventlines.summary_prefix(session) or eventlines.summary_suffix(session)
        summary = (text_line("SUMMARY", eventlines.summary_prefix(session) + parts.title + eventlines.summary_suffix(session))
                   if special else parts.summary)
        lines = [
            summary,
            parts.location,
            parts.geo,
            _description(reasons + [""] if reasons else [], parts.description),
            parts.url,
            parts.categories,
            fold(eventlines.course_line(session, self.domain) or ""),
            parts.organizer,
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
        return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


# ---- whole feeds ---------------------------------------------------------------------------------


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


def ended_event(ended: Ended, domain: str) -> bytes:
    """The VEVENT that tells subscribers a removed session will not take place: its last
    published copy, cancelled, with a higher SEQUENCE."""
    lines = ended.event.decode().replace("\r\n ", "").split("\r\n")
    stamp = utc_stamp(ended.modified)
    out = []
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0]
        if name in ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "STATUS"):
            continue
        if name == "UID":
            out += [fold(line.split("@", 1)[0] + f"@{domain}") if "@" in line else fold(line),
                    f"DTSTAMP:{stamp}", f"LAST-MODIFIED:{stamp}", f"SEQUENCE:{ended.sequence}", "STATUS:CANCELLED"]
        elif name == "SUMMARY":
            out.append(text_line("SUMMARY", f"{CANCELLED_PREFIX}{ENDED_TITLE} – {ended.title}"))
        elif name == "DESCRIPTION":
            out.append(fold("DESCRIPTION:" + escape_text(ENDED_TEXT + "\n\n") + line.split(":", 1)[1]))
        elif line:
            out.append(fold(line))
    return ("\r\n".join(out) + "\r\n").encode()


ENDED_TITLE = "activité arrêtée"
ENDED_TEXT = "SÉANCE ANNULÉE : cette séance a été retirée du catalogue, elle n'aura pas lieu."


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
