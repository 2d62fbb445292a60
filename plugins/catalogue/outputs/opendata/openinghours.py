"""An activity's coming sessions in OpenStreetMap `opening_hours` form (data·inclusion's `horaires_accueil`).

Written from the dated sessions, so that it says exactly when the activity takes place: a weekly
pattern becomes one rule over its dates (« 2026 Sep 16-2027 Jun 30 We 14:00-17:00 »), the days it
skips become `off`, and any other day (a moved session, a one-off date, a day in two weeks) its own
dated rule. In opening_hours a later rule replaces the earlier ones on the days it names, so the
rules go: weekly patterns, then dated days, then days off.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from typing import Iterable

from ...content.model import Session
from ..weeklyhours import counted

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MIN_WEEKLY = 3  # dates on the same weekday, same hours, a week apart, before they make a weekly rule


def _day(day: date) -> str:
    return f"{day.year} {_MONTHS[day.month - 1]} {day.day:02d}"


def _clock(moment: time) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}"


def _spans(session: Session) -> list[tuple[datetime, datetime]]:
    if session.pause:
        return [(session.start, session.pause[0]), (session.pause[1], session.end)]
    return [(session.start, session.end)]


def day_spans(sessions: Iterable[Session], today: date) -> dict[date, str]:
    """{day: '14:00-17:00' or '09:00-12:30,13:30-17:00'} for the coming timed sessions."""
    spans: dict[date, set[tuple[str, str]]] = defaultdict(set)
    for session in counted(sessions, today):
        for start, end in _spans(session):
            spans[start.date()].add((_clock(start.timetz()), _clock(end.timetz())))
    return {day: ",".join(f"{a}-{b}" for a, b in sorted(times)) for day, times in sorted(spans.items())}


def opening_hours(sessions: Iterable[Session], today: date) -> str | None:
    """The `opening_hours` value of the coming sessions, or None when there is no timed one."""
    days = day_spans(sessions, today)
    if not days:
        return None
    groups: dict[tuple[int, str], list[date]] = defaultdict(list)
    for day, spans in days.items():
        groups[(day.weekday(), spans)].append(day)
    weekly: list[tuple[date, date, int, str]] = []  # first, last, weekday, spans
    holes: set[date] = set()
    for (weekday, spans), dates in groups.items():
        if len(dates) < MIN_WEEKLY:
            continue
        steps = Counter((b - a).days for a, b in zip(dates, dates[1:]))
        every_week = [dates[0] + timedelta(weeks=n) for n in range((dates[-1] - dates[0]).days // 7 + 1)]
        missing = [d for d in every_week if d not in days]
        if steps.most_common(1)[0][0] != 7 or len(missing) * 2 > len(dates):
            continue
        weekly.append((dates[0], dates[-1], weekday, spans))
        holes.update(missing)
    weekly.sort()

    def said_by_weekly(day: date) -> bool:
        """Every weekly rule that takes in `day` gives it its own hours (whichever comes last wins)."""
        rules = [r for r in weekly if r[0] <= day <= r[1] and r[2] == day.weekday()]
        return bool(rules) and all(r[3] == days[day] for r in rules)

    dated: dict[str, list[date]] = defaultdict(list)
    for day, spans in days.items():
        if not said_by_weekly(day):
            dated[spans].append(day)
    rules = [f"{_day(first)}-{_day(last)} {_WEEKDAYS[weekday]} {spans}" for first, last, weekday, spans in weekly]
    rules += [f"{','.join(_day(d) for d in dates)} {spans}" for spans, dates in sorted(dated.items(), key=lambda item: item[1][0])]
    offs = sorted(holes - set(days))
    if offs:
        rules.append(f"{','.join(_day(d) for d in offs)} off")
    return "; ".join(rules)
