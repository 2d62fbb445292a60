"""Weekly hours of an activity, computed from its sessions.

Advisers build a weekly plan of activity for the youth engagement contract (CEJ) and RSA
support (15 to 20 hours a week): each activity says how many hours it takes in a week where
it happens, on how many weeks, and when that changes from one period to the next. The same
figures go into the open data (data·inclusion's `volume_horaire_hebdomadaire` and
`nombre_semaines`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from ..content.model import Session
from babel.dates import format_date

MONTHLY = -1  # `every` of a monthly series (« le premier samedi »): four or five weeks apart
MAX_PERIODS_SAID = 3  # past that, the text gives the range and the usual figure instead of every period
_EVERY = {2: "une semaine sur deux", 3: "une semaine sur trois", 4: "une semaine sur quatre", MONTHLY: "une semaine par mois"}


@dataclass(frozen=True)
class Period:
    """Consecutive weeks with sessions that take the same time: from the first session to the last."""

    first: date
    last: date
    minutes: int


@dataclass(frozen=True)
class WeeklyHours:
    minutes: int  # in a usual week with sessions (the most frequent figure)
    weeks: int  # weeks with at least one session
    every: int  # 1 every week, 2 one week in two, …, MONTHLY; 0 when irregular
    periods: tuple[Period, ...]

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 2)

    @property
    def text(self) -> str:
        """« 3 h par semaine, sur 36 semaines », « 21 h sur une seule semaine », or per period."""
        if self.weeks == 1:
            return f"{duration_fr(self.minutes)} sur une seule semaine"
        if len(self.periods) == 1:
            rhythm = "par semaine" if self.every == 1 else _EVERY.get(self.every, "les semaines où elle a lieu")
            return f"{duration_fr(self.minutes)} {rhythm}, sur {self.weeks}\u00a0semaines"
        if len(self.periods) <= MAX_PERIODS_SAID:
            return ", puis ".join(_period_fr(p) for p in self.periods)
        low, high = min(p.minutes for p in self.periods), max(p.minutes for p in self.periods)
        return (f"de {duration_fr(low)} à {duration_fr(high)} par semaine selon les semaines, le plus souvent "
                f"{duration_fr(self.minutes)}, sur {self.weeks}\u00a0semaines")


def _period_fr(period: Period) -> str:
    if period.last - period.first < timedelta(days=7) and period.first.weekday() <= period.last.weekday():
        return f"{duration_fr(period.minutes)} la semaine du {_short_day(period.first)}"
    return f"{duration_fr(period.minutes)} par semaine du {_short_day(period.first)} au {_short_day(period.last)}"


def _short_day(day: date) -> str:
    """'1er décembre 2026'."""
    return ("1er" if day.day == 1 else str(day.day)) + format_date(day, " MMMM y", locale="fr")


def duration_fr(minutes: int) -> str:
    """'3 h', '1 h 30', '45 min' (non-breaking spaces, as on the pages)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}\u00a0min"
    return f"{hours}\u00a0h" + (f"\u00a0{rest:02d}" if rest else "")


def session_minutes(session: Session) -> int:
    """The time a session takes, its break left out."""
    taken = session.end - session.start
    if session.pause:
        taken -= session.pause[1] - session.pause[0]
    return max(0, round(taken.total_seconds() / 60))


def counted(sessions: Iterable[Session], today: date) -> list[Session]:
    """The sessions a person can still go to: not cancelled, not postponed, timed, not over."""
    return [s for s in sessions if not s.cancelled and s.status != "reporte" and not s.all_day and s.end.date() >= today]


def weekly_hours(sessions: Iterable[Session], today: date) -> WeeklyHours | None:
    """The weekly hours of the coming sessions; None when none is timed (all-day, by appointment, no date)."""
    per_week: dict[date, int] = {}
    days: dict[date, list[date]] = {}
    for session in counted(sessions, today):
        day = session.start.date()
        monday = day - timedelta(days=day.weekday())
        per_week[monday] = per_week.get(monday, 0) + session_minutes(session)
        days.setdefault(monday, []).append(day)
    weeks = sorted(monday for monday, minutes in per_week.items() if minutes > 0)
    if not weeks:
        return None
    figures = Counter(per_week[monday] for monday in weeks)
    usual = max(figures, key=lambda minutes: (figures[minutes], minutes))
    gaps = Counter((b - a).days // 7 for a, b in zip(weeks, weeks[1:]))
    every = 1
    if gaps:
        step, count = max(gaps.items(), key=lambda item: (item[1], -item[0]))
        if set(gaps) == {4, 5}:
            every = MONTHLY
        else:
            every = step if step in (1, 2, 3, 4) and count * 2 > sum(gaps.values()) else 0
    periods: list[Period] = []
    for monday in weeks:
        first, last = min(days[monday]), max(days[monday])
        if periods and periods[-1].minutes == per_week[monday]:
            periods[-1] = Period(periods[-1].first, last, per_week[monday])
        else:
            periods.append(Period(first, last, per_week[monday]))
    return WeeklyHours(usual, len(weeks), every, tuple(periods))
