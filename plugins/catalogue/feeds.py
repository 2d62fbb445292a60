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
  day (identity.py: it survives a move, a new time, place, title or status), under the site's
  own domain;
- a SEQUENCE that rises with every published change of the event and never goes down, and a
  LAST-MODIFIED and DTSTAMP at the time of that change (versions.py, from the content's git
  history: Google keeps stale copies otherwise; never the clock);
- a session, activity or whole feed removed from the files is announced, not dropped: its
  future events stay, cancelled, and a removed feed keeps its address (a 404 would freeze
  subscribers' copies);
- a cancelled session stays, with STATUS:CANCELLED and « ANNULÉ – » before its title (Google
  hides cancelled events and Outlook shows them as ordinary ones: only the title reaches all);
- a window (PAST_DAYS back, twelve months ahead), said in the calendar's description without
  dates, so that a feed's bytes change only when one of its events changes, comes or leaves;
  at most 1 MB per feed (Google drops events beyond): past the limit the farthest days are left
  out and the description says up to which day the feed goes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Iterable, Iterator, Mapping

from dateutil.relativedelta import relativedelta

from .history import FIXED_EPOCH
from .identity import uid_domain
from .load import Catalogue
from .model import JOIN_MODES, Activity, Session
from .sessions import PARIS, french_date
from .versions import Ended, History, Version

FEED_DIR = "calendriers"
SUBSCRIBE_DIR = "abonnement"
PRODID = "-//Territoires Partages//Catalogue des activites 1.0//FR"
SITE_NAME = "Territoires Partagés"
TZID = "Europe/Paris"
REFRESH = "PT12H"
PAST_DAYS, MONTHS_AFTER = 7, 12  # a past session stays a week, so that "what happened" can still be checked
MAX_FEED_BYTES = 1_000_000  # Google drops events from feeds over about 1 MB
CANCELLED_PREFIX = "ANNULÉ – "

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
            return f"{SITE_NAME} – toutes les activités"
        if self.kind in ("structure", "activite"):
            return f"{SITE_NAME} – {self.title}"
        return f"{SITE_NAME} – {KINDS[self.kind][0]} : {self.title}"

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
    keys = [(ALL, ""), ("structure", activity.structure), ("activite", activity.id)]
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

    summary: str
    summary_cancelled: str
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
        self.domain = uid_domain(site_url)
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
            if place.transport:
                body.append(f"Transports : {place.transport}")
            body.append("Accessible en fauteuil roulant." if place.accessibility.wheelchair else "Lieu non accessible en fauteuil roulant.")
            if place.accessibility.description:
                body.append(place.accessibility.description)
        if structure is not None:
            reach = [f"téléphone : {phone}"] if phone else []
            reach += [f"e-mail : {email}"] if email else []
            body.append(f"Proposé par {structure.name}" + (f" ({', '.join(reach)})." if reach else "."))
        body += ["", f"Plus d'informations : {url}"]
        organizer = ""
        if structure is not None and email:
            organizer = fold(f"ORGANIZER;CN={param_value(structure.name)}:mailto:{clean_uri(email)}")
        parts = _Parts(
            summary=text_line("SUMMARY", activity.title),
            summary_cancelled=text_line("SUMMARY", CANCELLED_PREFIX + activity.title),
            location=location, geo=geo, url=fold(f"URL:{url}"), categories=categories, organizer=organizer, description=body,
        )
        self.parts[key] = parts
        return parts

    def event(self, session: Session) -> bytes:
        """The session's VEVENT, CRLF-terminated."""
        return b"".join(self.event_parts(session))

    def uid(self, key: str) -> str:
        return text_line("UID", f"{key}@{self.domain}")

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
            f"DTSTART;TZID={TZID}:{local_time(session.start)}",
            f"DTEND;TZID={TZID}:{local_time(session.end)}",
            f"SEQUENCE:{version.sequence if version else session.first_sequence}",
            "STATUS:CANCELLED" if session.cancelled else "STATUS:CONFIRMED",
            "",
        ]).encode()
        was = version.was if version else None
        if session.cancelled or session.moved or was:
            return head, self._tail(parts, session, was)
        key = (activity.id, session.place)
        tail = self.tails.get(key)
        if tail is None:
            tail = self.tails[key] = self._tail(parts, session, None)
        return head, tail

    @staticmethod
    def _tail(parts: _Parts, session: Session, was: tuple[datetime, datetime] | None) -> bytes:
        reasons = []
        if session.cancelled:
            reasons.append("SÉANCE ANNULÉE" + (f" : {session.cancel_reason}" if session.cancel_reason else "."))
        if was is not None:
            reasons.append(f"Déplacée : était le {when(was[0], was[1])}" + (f" ({session.change_reason})." if session.change_reason else "."))
        elif session.moved:
            reasons.append("Changement : cette séance a été déplacée" + (f" ({session.change_reason})." if session.change_reason else "."))
        lines = [
            parts.summary_cancelled if session.cancelled else parts.summary,
            parts.location,
            parts.geo,
            _description(reasons + [""] if reasons else [], parts.description),
            parts.url,
            parts.categories,
            parts.organizer,
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
        return ("\r\n".join(line for line in lines if line) + "\r\n").encode()


# ---- whole feeds ---------------------------------------------------------------------------------


def _calendar_description(feed: Feed, last: date | None, ended: bool) -> str:
    """What the calendar holds; dated only when it is cut short, so that its bytes do not change every day."""
    scope = "de toutes les activités" if feed.kind == ALL else f"« {feed.title} »"
    if ended:
        return (f"Ce calendrier n'est plus mis à jour : {scope} a été retiré(e) du catalogue {SITE_NAME}. "
                "Les séances qui restaient à venir y sont annoncées comme annulées ; vous pouvez ensuite supprimer cet abonnement.")
    text = (f"Les séances {scope} du catalogue {SITE_NAME} (Caen la Mer, Vallées de l'Orne et de l'Odon), "
            f"des {PAST_DAYS} derniers jours et des {MONTHS_AFTER} prochains mois")
    if last is not None:
        text += (f", jusqu'au {french_date(last)} seulement : ce calendrier est limité à {MAX_FEED_BYTES // 1_000_000} Mo ; "
                 "pour voir plus loin, abonnez-vous au calendrier d'un territoire, d'une catégorie ou d'une structure")
    return (text + ". Mis à jour toutes les 12 heures (Google Agenda : une à deux fois par jour seulement). "
            f"Une séance annulée reste affichée, avec « {CANCELLED_PREFIX.strip()} » devant son titre.")


def _header(feed: Feed, site_url: str, last: date | None, ended: bool = False) -> bytes:
    description = _calendar_description(feed, last, ended)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
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


def _day_start(events: list[tuple], index: int) -> int:
    """Move a cut back to the first event of its day, so that the feed holds whole days."""
    if 0 < index < len(events):
        day = events[index][0]
        while index > 0 and events[index - 1][0] == day:
            index -= 1
    return index


def assemble(feed: Feed, events: list[tuple[date, tuple[bytes, ...]]], site_url: str, today: date,
             max_bytes: int = MAX_FEED_BYTES, ended: bool = False) -> bytes:
    """One feed from its events (sorted by start, each `(day, VEVENT pieces)`), under `max_bytes`."""
    first, last = window(today)
    header = _header(feed, site_url, None, ended)
    sized = [(day, pieces, sum(map(len, pieces))) for day, pieces in events]
    if len(header) + sum(size for _, _, size in sized) + len(FOOTER) <= max_bytes:
        return b"".join([header, *(piece for _, pieces, _ in sized for piece in pieces), FOOTER])
    # Too big: keep today and what follows first, then the most recent past days, whole days only.
    budget = max_bytes - len(_header(feed, site_url, last, ended)) - len(FOOTER) - 64
    split = next((i for i, (day, _, _) in enumerate(sized) if day >= today), len(sized))
    future, past = sized[split:], sized[:split]
    used, end = 0, 0
    while end < len(future) and used + future[end][2] <= budget:
        used += future[end][2]
        end += 1
    if end < len(future):
        cut = _day_start(future, end)
        used -= sum(size for _, _, size in future[cut:end])
        end = cut
    start = len(past)
    while start > 0 and used + past[start - 1][2] <= budget:
        used += past[start - 1][2]
        start -= 1
    if 0 < start < len(past):  # the day of the first event left out is left out entirely
        day = past[start - 1][0]
        while start < len(past) and past[start][0] == day:
            start += 1
    kept = past[start:] + future[:end]
    shown_last = last if end == len(future) else future[end][0] - timedelta(days=1)
    header = _header(feed, site_url, shown_last, ended)
    return b"".join([header, *(piece for _, pieces, _ in kept for piece in pieces), FOOTER])


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
    members: dict[tuple[str, str], list[tuple[date, tuple[bytes, ...]]]] = {feed.key: [] for feed in feeds}
    for session in in_window(catalogue.sessions, catalogue.today):
        activity = catalogue.activities.get(session.activity)
        if activity is None:
            continue
        item = (session.start.astimezone(PARIS).date(), writer.event_parts(session))
        for key in session_feed_keys(catalogue, activity, session):
            bucket = members.get(key)
            if bucket is not None:
                bucket.append(item)
    if history is not None:
        touched = set()
        for ended in in_window(history.ended, catalogue.today):
            item = (ended.start.astimezone(PARIS).date(), (ended_event(ended, writer.domain),))
            for key in ended.feeds:
                if key in members:
                    members[key].append(item)
                    touched.add(key)
        for key in touched:
            members[key].sort(key=lambda entry: entry[0])
    for feed in feeds:
        yield feed.path, assemble(feed, members.pop(feed.key), site_url, catalogue.today, max_bytes, feed.key not in current)


def feed_files(catalogue: Catalogue, site_url: str, history: History | None = None,
               fallback_stamp: int = FIXED_EPOCH, max_bytes: int = MAX_FEED_BYTES) -> dict[str, bytes]:
    """Every feed: `{calendriers/...ics: bytes}` (all in memory: for tests and small catalogues)."""
    return dict(iter_feed_files(catalogue, site_url, history, fallback_stamp, max_bytes))
