"""Turns an activity's session entries (one-off dates, series, multi-day courses) into dated sessions.

Pure: from a validated Activity to Session objects plus located problems. Times are
Europe/Paris wall-clock times; a time that does not exist (the spring-forward gap) is
an error, never silently shifted. An end earlier than the start means the next day only
for a night session (end at 06:00 at the latest, 12 hours at most): anything else is an
error, so that a typo never becomes a session of twenty hours.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from .errors import Loc, Problem
from .identity import identify
from .model import (
    WEEKDAYS, Activity, Break, Course, OneOffSession, Series, Session,
)
from .recurrence import describe, series_dates, skipped_days
from ..limits import MAX_COURSE_DAYS, MAX_NIGHT_HOURS, MAX_SERIES_DAYS, MAX_SESSIONS_PER_ACTIVITY

PARIS = ZoneInfo("Europe/Paris")
LATEST_NEXT_DAY_END = time(6, 0)

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


@dataclass(frozen=True)
class _Extra:
    """What a session carries besides its times (all optional)."""

    place: str | None = None
    cancelled: str | None = None
    moved: bool = False
    reason: str | None = None
    status: str | None = None
    seats: int | None = None
    note: str | None = None
    suspension: str | None = None
    course: str | None = None
    course_day: int = 0
    course_days: int = 0


def _key_time(start: time | None) -> str:
    return "journee" if start is None else f"{start:%H%M}"


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

    def _span(self, loc: Loc, day: date, start: time | None, end: time | None) -> tuple[datetime, datetime] | None:
        if start is None or end is None:  # all day: Paris midnights always exist
            return datetime.combine(day, time(), tzinfo=PARIS), datetime.combine(day + timedelta(days=1), time(), tzinfo=PARIS)
        end_day = day
        if end <= start:
            night = (24 * 60 - (start.hour * 60 + start.minute)) + end.hour * 60 + end.minute
            if end > LATEST_NEXT_DAY_END or night > MAX_NIGHT_HOURS * 60:
                self.problems.append((loc + ("fin",), (
                    f"l'heure de fin ({end:%H:%M}) doit être après l'heure de début ({start:%H:%M}) ; une séance qui "
                    f"finit après minuit (fin au plus tard à {LATEST_NEXT_DAY_END:%H:%M}, {MAX_NIGHT_HOURS} h au plus) "
                    "s'écrit avec l'heure réelle, comme debut: \"22:00\" et fin: \"01:00\"")))
                return None
            end_day = day + timedelta(days=1)
        begins, ends = paris_datetime(day, start), paris_datetime(end_day, end)
        if begins is None or ends is None:
            self.problems.append((loc + ("debut" if begins is None else "fin",),
                                  _gap_message(day if begins is None else end_day, start if begins is None else end)))
            return None
        return begins, ends

    def _pause(self, loc: Loc, begins: datetime, ends: datetime, pause: Break | None) -> tuple[datetime, datetime] | None | bool:
        if pause is None:
            return None
        day = begins.date()
        first = datetime.combine(day if pause.start >= begins.timetz().replace(tzinfo=None) else day + timedelta(days=1), pause.start, tzinfo=PARIS)
        last = datetime.combine(first.date() if pause.end > pause.start else first.date() + timedelta(days=1), pause.end, tzinfo=PARIS)
        if not begins < first < last < ends:
            self.problems.append((loc + ("pause",), (
                f"la pause ({pause.start:%H:%M} – {pause.end:%H:%M}) doit être pendant la séance "
                f"({begins:%H:%M} – {ends:%H:%M}), après le début et avant la fin")))
            return False
        return first, last

    def add(self, loc: Loc, day: date, start: time | None, end: time | None, *, base_day: date, base_start: time | None,
            pause: Break | None, extra: _Extra, line: int, key: str | None = None) -> None:
        span = self._span(loc, day, start, end)
        if span is None:
            return
        begins, ends = span
        pause_span = self._pause(loc, begins, ends, pause)
        if pause_span is False:
            return
        key = key or f"{base_day:%Y%m%d}-{_key_time(base_start)}"  # duplicates; identity.identify names the session
        if key in self.keys:
            when = "toute la journée" if base_start is None else f"à {base_start:%H:%M}"
            self.problems.append((loc, f"séance en double : le {french_date(base_day)} {when} est déjà listé"))
            return
        self.keys.add(key)
        self.planned.append((base_day, base_start))
        self.sessions.append(Session(
            activity=self.activity.id, key=key, start=begins, end=ends, place=extra.place or self.activity.place,
            cancelled=extra.cancelled is not None, cancel_reason=extra.cancelled, moved=extra.moved,
            change_reason=extra.reason, line=line, all_day=start is None, pause=pause_span or None,
            course=extra.course, course_day=extra.course_day, course_days=extra.course_days,
            status=extra.status, seats=extra.seats, note=extra.note, suspension=extra.suspension,
        ))

    def one_off(self, loc: Loc, entry: OneOffSession, line: int) -> None:
        change = entry.change
        day, start, end, place = entry.date, entry.start, entry.end, entry.place
        moved = False
        if change is not None:
            day, start, end, place = change.date or day, change.start or start, change.end or end, change.place or place
            moved = (day, start, end, place) != (entry.date, entry.start, entry.end, entry.place)
            if not moved:
                self.problems.append((loc + ("changement",), _NOTHING_CHANGES))
                return
            if entry.start is not None and paris_datetime(entry.date, entry.start) is None:
                self.problems.append((loc + ("debut",), _gap_message(entry.date, entry.start)))
                return
        extra = _Extra(place=place, cancelled=entry.cancellation, moved=moved, reason=change.reason if change else None,
                       status=entry.status, seats=entry.seats, note=entry.note)
        self.add(loc + (("changement",) if moved else ()), day, start, end, base_day=entry.date, base_start=entry.start,
                 pause=entry.pause, extra=extra, line=line)

    def course(self, loc: Loc, entry: Course, line: int) -> None:
        if entry.last < entry.first:
            self.problems.append((loc + ("au",), f"la date « au » ({entry.last:%d/%m/%Y}) est avant la date « du » ({entry.first:%d/%m/%Y}) : inversez-les"))
            return
        if (entry.last - entry.first).days >= MAX_COURSE_DAYS:
            self.problems.append((loc + ("au",), f"stage trop long (plus de {MAX_COURSE_DAYS} jours) : pour une activité qui revient chaque semaine, écrivez une série (chaque, du, au)"))
            return
        days = [entry.first + timedelta(days=n) for n in range((entry.last - entry.first).days + 1)]
        if not entry.weekends:
            if entry.first.weekday() >= 5 or entry.last.weekday() >= 5:
                self.problems.append((loc + ("du" if entry.first.weekday() >= 5 else "au",),
                                      "le stage commence ou finit un samedi ou un dimanche : ajoutez « week_end: oui » si les séances ont lieu le week-end"))
                return
            days = [d for d in days if d.weekday() < 5]
        course = f"{self.activity.former_id or self.activity.id}-{entry.first:%Y%m%d}"  # what a course's days share
        for number, day in enumerate(days, 1):
            extra = _Extra(place=entry.place, cancelled=entry.cancellation, status=entry.status, seats=entry.seats,
                           note=entry.note, course=course, course_day=number, course_days=len(days))
            self.add(loc, day, entry.start, entry.end, base_day=day, base_start=entry.start, pause=entry.pause,
                     extra=extra, line=line, key=f"{course}-j{number}")

    def series(self, loc: Loc, entry: Series, line: int) -> None:
        if entry.last < entry.first:
            self.problems.append((loc + ("au",), f"la date « au » ({entry.last:%d/%m/%Y}) est avant la date « du » ({entry.first:%d/%m/%Y}) : inversez-les"))
            return
        if (entry.last - entry.first).days > MAX_SERIES_DAYS:
            self.problems.append((loc + ("au",), "série trop longue (plus de 2 ans) : découpez-la en séries d'une année scolaire"))
            return
        if entry.ranks and entry.every > 1:
            self.problems.append((loc + ("toutes_les",), "« toutes_les » compte des semaines et ne va pas avec « rang » (chaque mois) : retirez-le"))
            return
        dates = series_dates(entry)
        known = set(dates)
        text = describe(entry)
        if not dates:
            self.problems.append((loc + ("chaque",), f"la série ne contient aucune séance ({text}) : vérifiez les jours et les dates"))
            return
        taken: dict[date, str] = {}
        skipped: set[date] = set()
        for index, item in enumerate(entry.skipped):
            item_loc = loc + ("sauf", index)
            covered = skipped_days(item) & known
            if item.last and item.last < item.first:
                self.problems.append((item_loc + ("au",), f"la période de « sauf » finit ({item.last:%d/%m/%Y}) avant de commencer ({item.first:%d/%m/%Y}) : inversez les dates"))
            elif not covered and item.last:
                self.problems.append((item_loc, f"aucune séance de la série entre le {french_date(item.first)} et le "
                                                f"{french_date(item.last)} ({text}) : vérifiez les dates"))
            elif not covered:
                self.problems.append((item_loc, f"le {french_date(item.first)} n'est pas une date de la série ({text})"))
            elif not self._claim(item_loc, covered, taken, "sauf"):
                skipped |= covered
        suspended: dict[date, str] = {}
        for index, stop in enumerate(entry.suspensions):
            stop_loc = loc + ("interruptions", index)
            last = stop.last or entry.last
            covered = {d for d in known if stop.first <= d <= last}
            if last < stop.first:
                self.problems.append((stop_loc + ("au",), f"l'interruption finit ({last:%d/%m/%Y}) avant de commencer ({stop.first:%d/%m/%Y}) : inversez les dates"))
            elif not covered:
                self.problems.append((stop_loc + ("du",), f"aucune séance de la série pendant cette interruption ({text}) : vérifiez les dates"))
            elif not self._claim(stop_loc, covered, taken, "interruptions"):
                label = (f"Pas de séance du {french_date(stop.first)} au {french_date(stop.last)}" if stop.last
                         else f"Pas de séance à partir du {french_date(stop.first)}, jusqu'à nouvel ordre")
                suspended.update({d: f"{label} : {stop.reason}" for d in covered})
        cancelled, changed = {}, {}
        for field, items in (("annulations", entry.cancellations), ("changements", entry.changes)):
            for index, item in enumerate(items):
                item_loc = loc + (field, index, "date")
                if item.date not in known:
                    self.problems.append((item_loc, f"le {french_date(item.date)} n'est pas une date de la série ({text})"))
                elif not self._claim(item_loc, {item.date}, taken, field):
                    if field == "annulations":
                        cancelled[item.date] = item.reason
                    elif not _changes_something(item):
                        self.problems.append((loc + (field, index), _NOTHING_CHANGES))
                    else:
                        changed[item.date] = (item, index)
        for day in dates:
            if day in skipped:
                continue
            start, end, place, where = entry.start, entry.end, entry.place, loc
            extra = _Extra(place=place, cancelled=cancelled.get(day) or suspended.get(day), status=entry.status,
                           seats=entry.seats, note=entry.note, suspension=suspended.get(day))
            new_day = day
            if day in changed:
                change, index = changed[day]
                new_day, start, end = change.new_date or day, change.start or start, change.end or end
                moved = (new_day, start, end, change.place or place) != (day, entry.start, entry.end, place)
                extra = _Extra(place=change.place or place, cancelled=None, moved=moved, reason=change.reason,
                               status=change.status or entry.status, seats=change.seats or entry.seats,
                               note=change.note or entry.note)
                where = loc + ("changements", index)
            self.add(where, new_day, start, end, base_day=day, base_start=entry.start, pause=entry.pause, extra=extra, line=line)

    def _claim(self, loc: Loc, days: set[date], taken: dict[date, str], field: str) -> bool:
        """Mark days as used by one exception; True (and a problem) when one is already used by another."""
        clash = sorted(days & set(taken))
        if clash:
            self.problems.append((loc, f"le {french_date(clash[0])} apparaît deux fois dans sauf, interruptions, annulations ou changements ({taken[clash[0]]} et {field})"))
            return True
        taken.update(dict.fromkeys(days, field))
        return False


_NOTHING_CHANGES = ("ce changement ne dit pas ce qui change (ni date, ni heure, ni lieu, ni statut) : pour donner une "
                    "information sur cette séance, écrivez-la dans « note » ; pour la déplacer, indiquez la nouvelle date, "
                    "les heures ou le lieu")


def _changes_something(change) -> bool:
    return any(v is not None for v in (change.new_date, change.start, change.end, change.place, change.status, change.seats, change.note))


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
        elif isinstance(entry, Course):
            expander.course(loc, entry, line_of(loc))
        else:
            expander.one_off(loc, entry, line_of(loc))
        if len(expander.sessions) > MAX_SESSIONS_PER_ACTIVITY:
            expander.problems.append((loc, f"trop de séances (plus de {MAX_SESSIONS_PER_ACTIVITY}) pour une seule activité : découpez-la"))
            return [], expander.problems
    sessions = stop(activity, identify(activity, expander.sessions, expander.planned))
    sessions.sort(key=lambda s: (s.start, s.key))
    return sessions, list(dict.fromkeys(expander.problems))  # a wrong pause is said once, not once a week
