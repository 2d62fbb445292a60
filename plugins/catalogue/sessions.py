"""Turns an activity's session entries (one-off dates, weekly series) into dated sessions.

Pure: from a validated Activity to Session objects plus located problems. Times are
Europe/Paris wall-clock times; a time that does not exist (the spring-forward gap) is
an error, never silently shifted.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, weekdays

from .errors import Loc, Problem
from .identity import identify
from .model import MAX_SERIES_DAYS, WEEKDAYS, Activity, OneOffSession, Series, Session

PARIS = ZoneInfo("Europe/Paris")
MAX_SESSIONS_PER_ACTIVITY = 1500

_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre")


def french_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day if day.day > 1 else '1er'} {_MONTHS[day.month - 1]} {day.year}"


def paris_datetime(day: date, at: time) -> datetime | None:
    """The aware datetime for a wall-clock time, or None when the clock skips it."""
    local = datetime.combine(day, at, tzinfo=PARIS)
    back = local.astimezone(timezone.utc).astimezone(PARIS)
    return local if back.replace(tzinfo=None) == local.replace(tzinfo=None) else None


def _gap_message(day: date, at: time) -> str:
    return (
        f"l'heure {at:%H:%M} n'existe pas le {french_date(day)} : cette nuit-là, à 2 h, les horloges passent "
        "directement à 3 h (heure d'été) ; choisissez une heure avant 02:00 ou à partir de 03:00"
    )


def ambiguous(moment: datetime) -> bool:
    """Whether this Paris wall-clock time happens twice (the hour repeated on the last Sunday of October)."""
    local = moment.astimezone(PARIS).replace(tzinfo=None)
    return local.replace(tzinfo=PARIS, fold=0).utcoffset() != local.replace(tzinfo=PARIS, fold=1).utcoffset()


def ambiguous_time_warnings(sessions, paths) -> list[Problem]:
    """A warning per session starting or ending in the repeated hour: it is taken as the first one
    (summer time), which may not be what the partner meant. `paths`: activity id -> file."""
    found = []
    for session in sessions:
        for field, moment in (("debut", session.start), ("fin", session.end)):
            if ambiguous(moment):
                local = moment.astimezone(PARIS)
                found.append(Problem(paths.get(session.activity, ""), session.line, field, (
                    f"l'heure {local:%H:%M} existe deux fois le {french_date(local.date())} (à 3 h, les horloges reviennent "
                    "à 2 h) : elle est comptée comme la première, à l'heure d'été ; pour lever le doute, choisissez une "
                    "heure avant 02:00 ou à partir de 03:00"), "attention"))
    return found


class _Expander:
    def __init__(self, activity: Activity):
        self.activity = activity
        self.sessions: list[Session] = []
        self.problems: list[tuple[Loc, str]] = []
        self.keys: set[str] = set()
        self.planned: list[tuple[date, time]] = []  # each session's planned day and start, for its UID

    def add(self, loc: Loc, day: date, start: time, end: time, *, base_day: date, base_start: time,
            place: str | None, cancelled: str | None, moved: bool, reason: str | None, line: int) -> None:
        begins, ends = paris_datetime(day, start), paris_datetime(day, end)
        if begins is None or ends is None:
            self.problems.append((loc + ("debut" if begins is None else "fin",), _gap_message(day, start if begins is None else end)))
            return
        if ends <= begins:
            self.problems.append((loc + ("fin",), f"l'heure de fin ({end:%H:%M}) doit être après l'heure de début ({start:%H:%M})"))
            return
        key = f"{base_day:%Y%m%d}-{base_start:%H%M}"
        if key in self.keys:
            self.problems.append((loc, f"séance en double : le {french_date(base_day)} à {base_start:%H:%M} est déjà listé"))
            return
        self.keys.add(key)
        self.planned.append((base_day, base_start))
        self.sessions.append(Session(
            activity=self.activity.id, key=key, start=begins, end=ends, place=place or self.activity.place,
            cancelled=cancelled is not None, cancel_reason=cancelled, moved=moved, change_reason=reason, line=line,
        ))

    def one_off(self, loc: Loc, entry: OneOffSession, line: int) -> None:
        change = entry.change
        day, start, end, place = entry.date, entry.start, entry.end, entry.place
        moved = False
        if change is not None:
            day, start, end, place = change.date or day, change.start or start, change.end or end, change.place or place
            moved = (day, start, end, place) != (entry.date, entry.start, entry.end, entry.place)
            if paris_datetime(entry.date, entry.start) is None:
                self.problems.append((loc + ("debut",), _gap_message(entry.date, entry.start)))
                return
        self.add(loc + (("changement",) if moved else ()), day, start, end, base_day=entry.date, base_start=entry.start,
                 place=place, cancelled=entry.cancellation, moved=moved, reason=change.reason if change else None, line=line)

    def series(self, loc: Loc, entry: Series, line: int) -> None:
        if entry.last < entry.first:
            self.problems.append((loc + ("au",), f"la date « au » ({entry.last:%d/%m/%Y}) est avant la date « du » ({entry.first:%d/%m/%Y}) : inversez-les"))
            return
        if (entry.last - entry.first).days > MAX_SERIES_DAYS:
            self.problems.append((loc + ("au",), "série trop longue (plus de 2 ans) : découpez-la en séries d'une année scolaire"))
            return
        rule = rrule(WEEKLY, interval=entry.every, byweekday=[weekdays[WEEKDAYS.index(d)] for d in entry.days],
                     dtstart=datetime.combine(entry.first, time()), until=datetime.combine(entry.last, time()))
        dates = [moment.date() for moment in rule]
        known = set(dates)
        describe = f"{' et '.join(entry.days)}, du {entry.first:%d/%m/%Y} au {entry.last:%d/%m/%Y}"
        if not dates:
            self.problems.append((loc + ("chaque",), f"la série ne contient aucune séance ({describe}) : vérifiez les jours et les dates"))
            return
        skipped, cancelled, changed = set(), {}, {}
        for field, items in (("sauf", entry.skipped), ("annulations", entry.cancellations), ("changements", entry.changes)):
            for index, item in enumerate(items):
                day = item if isinstance(item, date) else item.date
                item_loc = loc + (field, index) + (() if isinstance(item, date) else ("date",))
                if day not in known:
                    self.problems.append((item_loc, f"le {french_date(day)} n'est pas une date de la série ({describe})"))
                elif day in skipped or day in cancelled or day in changed:
                    self.problems.append((item_loc, f"le {french_date(day)} apparaît deux fois dans sauf, annulations ou changements"))
                elif field == "sauf":
                    skipped.add(day)
                elif field == "annulations":
                    cancelled[day] = item.reason
                else:
                    changed[day] = (item, index)
        for day in dates:
            if day in skipped:
                continue
            start, end, place, reason, moved, new_day, where = entry.start, entry.end, entry.place, None, False, day, loc
            if day in changed:
                change, index = changed[day]
                new_day, start, end = change.new_date or day, change.start or start, change.end or end
                place, reason, moved = change.place or place, change.reason, True
                where = loc + ("changements", index)
            self.add(where, new_day, start, end, base_day=day, base_start=entry.start, place=place,
                     cancelled=cancelled.get(day), moved=moved, reason=reason, line=line)


STOP_REASON = "Activité arrêtée"


def stop(activity: Activity, sessions: list[Session]) -> list[Session]:
    """From `arret: date` on, every session is announced as cancelled (never just dropped, so that
    subscribers' calendars lose them too)."""
    if activity.stop is None:
        return sessions
    reason = f"{STOP_REASON} : {activity.stop.reason}"
    return [replace(s, cancelled=True, cancel_reason=reason) if s.start.date() >= activity.stop.date and not s.cancelled else s
            for s in sessions]


def expand_sessions(activity: Activity, line_of) -> tuple[list[Session], list[tuple[Loc, str]]]:
    """All sessions of one activity, sorted, and the problems found on the way."""
    expander = _Expander(activity)
    for index, entry in enumerate(activity.sessions):
        loc = ("seances", index)
        if isinstance(entry, Series):
            expander.series(loc, entry, line_of(loc))
        else:
            expander.one_off(loc, entry, line_of(loc))
        if len(expander.sessions) > MAX_SESSIONS_PER_ACTIVITY:
            expander.problems.append((loc, f"trop de séances (plus de {MAX_SESSIONS_PER_ACTIVITY}) pour une seule activité : découpez-la"))
            return [], expander.problems
    sessions = stop(activity, identify(activity, expander.sessions, expander.planned))
    sessions.sort(key=lambda s: (s.start, s.key))
    return sessions, expander.problems
