"""The agenda beyond its first weeks: the rest of the season month by month, and why a week is empty.

The school holidays (vocabulaire.yml, `vacances_scolaires`: Normandy is zone B) are named on the
weeks and months they fall in, so that a visitor reads « vacances de Noël » instead of guessing why
there is nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from ..content.load import Catalogue
from ..content.sessions import PARIS
from .schedule import upcoming
from .text import day_fr
from .urls import month_url

MAX_MONTHS = 12  # the agenda never goes further than a year after the build day


@dataclass(frozen=True)
class Holiday:
    name: str  # « Vacances de Noël »
    first: date
    last: date  # the last day off (the day before classes resume)
    zone: str

    def overlaps(self, first: date, last: date) -> bool:
        return self.first <= last and first <= self.last

    def covers(self, first: date, last: date) -> bool:
        return self.first <= first and last <= self.last

    @property
    def sentence(self) -> str:
        """« vacances de Noël, du samedi 19 décembre au dimanche 3 janvier »."""
        return f"{self.name[:1].lower()}{self.name[1:]}, du {day_fr(self.first)} au {day_fr(self.last)}"


def holidays(catalogue: Catalogue) -> list[Holiday]:
    school = catalogue.vocabulary.school_holidays
    if school is None:
        return []
    return sorted((Holiday(p.name, p.first, p.last, school.zone) for p in school.periods), key=lambda h: h.first)


def during(found: list[Holiday], first: date, last: date) -> list[Holiday]:
    """The holidays that fall, at least in part, between `first` and `last` (both included)."""
    return [h for h in found if h.overlaps(first, last)]


@dataclass(frozen=True)
class Month:
    first: date  # the first day shown (the 1st, or the day after the agenda's weekly pages)
    last: date
    url: str
    days: tuple[tuple[date, tuple], ...]
    holidays: tuple[Holiday, ...]

    @property
    def count(self) -> int:
        return sum(len(items) for _, items in self.days)

    @property
    def partial(self) -> bool:
        return self.first.day != 1


def _month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def months(catalogue: Catalogue, start: date, item: Callable, by_day: Callable) -> list[Month]:
    """From `start` (the day after the weekly pages) to the month of the last session still to come.

    `item(session)` makes an agenda line; `by_day(items)` groups lines by day."""
    limit = catalogue.today + timedelta(days=366)
    later = [s for s in upcoming(catalogue, catalogue.sessions) if start <= s.start.astimezone(PARIS).date() < limit]
    if not later:
        return []
    final = max(s.start.astimezone(PARIS).date() for s in later)
    found = holidays(catalogue)
    out: list[Month] = []
    first = start
    while first <= final and len(out) < MAX_MONTHS:
        last = _month_end(first)
        inside = sorted((s for s in later if first <= s.start.astimezone(PARIS).date() <= last), key=lambda s: (s.start, s.activity))
        out.append(Month(first, last, month_url(first), tuple((d, tuple(g)) for d, g in by_day([item(s) for s in inside])),
                         tuple(during(found, first, last))))
        first = last + timedelta(days=1)
    return out
