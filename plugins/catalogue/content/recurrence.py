"""The dates of a series as people say them, expanded by dateutil.rrule.

Weekly (every N weeks, counted from the week of `du`, weeks starting on Monday) or monthly
by rank ("le premier samedi", "le dernier vendredi"), on one or several weekdays; and the
periods typed in `sauf` and `interruptions` turned into sets of days.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dateutil.rrule import MO, MONTHLY, WEEKLY, rrule, weekdays

from .model import RANK_WORDS, WEEKDAYS, DateRange, Series


def series_dates(entry: Series) -> list[date]:
    """Every date of the series, in order, before exceptions.

    >>> week = Series.model_validate({"chaque": ["mardi", "jeudi"], "du": "2026-12-01", "au": "2026-12-10",
    ...                               "debut": "14:00", "fin": "16:00"})
    >>> [f"{day:%d/%m}" for day in series_dates(week)]
    ['01/12', '03/12', '08/12', '10/12']
    >>> month = Series.model_validate({"chaque": "samedi", "rang": [1, -1], "du": "2027-03-01", "au": "2027-04-30",
    ...                                "debut": "10:00", "fin": "12:00"})
    >>> [f"{day:%d/%m}" for day in series_dates(month)]
    ['06/03', '27/03', '03/04', '24/04']
    """
    days = [weekdays[WEEKDAYS.index(d)] for d in entry.days]
    start, until = datetime.combine(entry.first, time()), datetime.combine(entry.last, time())
    if entry.ranks:
        rule = rrule(MONTHLY, byweekday=[d(rank) for d in days for rank in entry.ranks], dtstart=start, until=until)
    else:
        rule = rrule(WEEKLY, interval=entry.every, wkst=MO, byweekday=days, dtstart=start, until=until)
    return [moment.date() for moment in rule]


def describe(entry: Series) -> str:
    """'mardi et jeudi, du 01/09/2026 au 29/06/2027', 'premier samedi du mois, du …' (for messages).

    >>> describe(Series.model_validate({"chaque": "samedi", "rang": [1, -1], "du": "2027-03-01", "au": "2027-04-30",
    ...                                 "debut": "10:00", "fin": "12:00"}))
    'premier et dernier samedi du mois, du 01/03/2027 au 30/04/2027'
    """
    if entry.ranks:
        ranks = " et ".join(RANK_WORDS[r] for r in entry.ranks)
        what = f"{ranks} {' et '.join(entry.days)} du mois"
    else:
        what = " et ".join(entry.days) + (f", toutes les {entry.every} semaines" if entry.every > 1 else "")
    return f"{what}, du {entry.first:%d/%m/%Y} au {entry.last:%d/%m/%Y}"


def days_between(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def skipped_days(item: DateRange) -> set[date]:
    """The days one `sauf` entry covers: one date (no `au`), or every day of a period.

    >>> len(skipped_days(DateRange.model_validate({"du": "2026-12-24", "au": "2027-01-02"})))
    10
    >>> skipped_days(DateRange.model_validate({"du": "2026-12-25"}))
    {datetime.date(2026, 12, 25)}
    """
    return days_between(item.first, item.last or item.first)
