"""Hints for wrong workarounds: content that is valid but says the wrong thing to calendars.

Pure: from a validated Activity to (loc, French message) pairs, shown by `make check` as
warnings ("attention"). Each names the proper way:

- an end at 23:59 (a session ending at midnight or after it);
- a series split by hand into consecutive series with the same days and hours;
- several cancellations in a row with the same reason (holidays, a closure).
"""

from __future__ import annotations

from datetime import time, timedelta

from .errors import Loc
from .model import Activity, OneOffSession, Series
from .recurrence import series_dates

ALMOST_MIDNIGHT = time(23, 59)
SPLIT_GAP_DAYS = 42  # two series this close, same settings: one series with a `sauf` period
CANCELLATIONS_IN_A_ROW = 3

_MIDNIGHT = ("fin à 23:59 : si la séance finit à minuit, écrivez fin: \"00:00\" ; si elle continue après minuit, écrivez "
             "l'heure réelle, comme fin: \"01:00\" (la séance finit alors le lendemain)")


def _ends(activity: Activity):
    for index, entry in enumerate(activity.sessions):
        loc: Loc = ("seances", index)
        yield loc + ("fin",), entry.end
        if isinstance(entry, OneOffSession) and entry.change is not None:
            yield loc + ("changement", "fin"), entry.change.end
        if isinstance(entry, Series):
            for number, change in enumerate(entry.changes):
                yield loc + ("changements", number, "fin"), change.end


def _settings(entry: Series) -> tuple:
    return (entry.days, entry.ranks, entry.every, entry.start, entry.end, entry.place, entry.pause, entry.status, entry.seats, entry.note)


def activity_hints(activity: Activity) -> list[tuple[Loc, str]]:
    out = [(loc, _MIDNIGHT) for loc, end in _ends(activity) if end == ALMOST_MIDNIGHT]
    series = [(index, entry) for index, entry in enumerate(activity.sessions) if isinstance(entry, Series)]
    for (i, before), (j, after) in zip(series, series[1:]):
        gap = (after.first - before.last).days
        if _settings(before) == _settings(after) and 0 < gap <= SPLIT_GAP_DAYS:
            out.append((("seances", j, "du"), (
                f"cette série reprend la série seances[{i}] avec les mêmes jours et heures : gardez une seule série "
                f"(du {before.first:%Y-%m-%d} au {after.last:%Y-%m-%d}) et mettez la coupure dans « sauf », comme "
                f"« - du {before.last + timedelta(days=1):%Y-%m-%d} au {after.first - timedelta(days=1):%Y-%m-%d} » : "
                "les abonnés gardent les mêmes séances")))
    for index, entry in series:
        out += _cancellation_runs(index, entry)
    return out


def _cancellation_runs(index: int, entry: Series) -> list[tuple[Loc, str]]:
    """Cancellations with the same reason on consecutive dates of the series."""
    order = {day: n for n, day in enumerate(series_dates(entry))}
    items = sorted((order[c.date], n, c) for n, c in enumerate(entry.cancellations) if c.date in order)
    out, run = [], items[:1]
    for item in items[1:] + [None]:
        if item is not None and item[0] == run[-1][0] + 1 and item[2].reason == run[-1][2].reason:
            run.append(item)
            continue
        if len(run) >= CANCELLATIONS_IN_A_ROW:
            first, last = run[0][2].date, run[-1][2].date
            where: Loc = ("seances", index, "annulations", run[0][1])
            out.append((where, (
                f"{len(run)} annulations de suite avec le même motif ({first:%d/%m/%Y} – {last:%d/%m/%Y}) : écrivez plutôt "
                f"une période, « sauf: - du {first:%Y-%m-%d} au {last:%Y-%m-%d} » (vacances, rien n'est affiché) ou "
                f"« interruptions: - du: {first:%Y-%m-%d} / au: {last:%Y-%m-%d} / motif: … » (le motif est affiché)")))
        run = [item] if item is not None else []
    return out
