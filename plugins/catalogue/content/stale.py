"""Warnings for content that is going stale: `make check` prints them and still passes.

Pure: from the validated activities, their dated sessions and the parsed files (for lines)
to a list of Problems of severity "attention". Four cases, each worded for a partner who
edits a file or the form:

- an activity with no session still to come (it has disappeared from the agenda), unless it says
  it has no dates (`sans_dates`: by appointment, on referral, dates to come);
- a weekly series that ends within two weeks of today, with nothing after it;
- a one-off session dated more than a month before today and not cancelled: calendars no
  longer show it (their window starts a month back), so it is either a typo in the date (the
  year, often) or an old session to remove. `diff` also flags any session added in the past;
- a session dated more than 18 months after today: a typo in the year, most often (2037 for
  2026), which pages would otherwise show as an ordinary « mercredi 9 décembre »;
- the wrong workarounds of hints.py (23:59, a series split by hand, cancellations in a row).

A placeholder « À COMPLÉTER » left from a template (`make nouvelle-activite`) is an error, not
a warning: the template's text would be published as it stands.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from typing import Any, Iterable, Mapping

from .errors import Loc, Problem, format_loc
from .frontmatter import ParsedFile
from .hints import activity_hints
from .model import Activity, Course, OneOffSession, Series, Session
from .sessions import PARIS, french_date

SEVERITY = "attention"
SERIES_ENDING_DAYS = 14
PAST_ONE_OFF_DAYS = 31
FAR_FUTURE_MONTHS = 18
PLACEHOLDER = "À COMPLÉTER"
_PLACEHOLDER_RE = re.compile(r"[àa] compl[ée]ter", re.IGNORECASE)

Parsed = Mapping[tuple[str, str], tuple[str, ParsedFile]]


def _in_days(day: date, today: date) -> str:
    days = (day - today).days
    return "aujourd'hui" if days == 0 else "demain" if days == 1 else f"dans {days} jours"


def _warning(rel: str, data: ParsedFile, loc: Loc, message: str) -> Problem:
    return Problem(rel, data.line_of(loc), format_loc(loc), message, SEVERITY)


def _day(session: Session) -> date:
    return session.start.astimezone(PARIS).date()


def activity_warnings(activity: Activity, sessions: Iterable[Session], rel: str, data: ParsedFile, today: date) -> list[Problem]:
    """The stale-content warnings of one valid activity."""
    out: list[Problem] = []
    held = [s for s in sessions if not s.cancelled]
    upcoming = [s for s in held if _day(s) >= today]
    if activity.no_dates is not None:
        pass
    elif not activity.sessions:
        out.append(_warning(rel, data, ("seances",) if ("seances",) in data.lines else ("titre",),
                            "aucune séance : l'activité n'apparaît pas dans l'agenda ; ajoutez au moins une date (champ « seances »)"))
    elif not upcoming and activity.stop is None:
        last = max((_day(s) for s in held), default=None)
        when = f" (la dernière a eu lieu le {french_date(last)})" if last else ""
        out.append(_warning(rel, data, ("seances",),
                            f"aucune séance à venir{when} : l'activité n'apparaît plus dans l'agenda ; "
                            "ajoutez des dates ou, si elle est terminée, ajoutez « arret: » (date et motif)"))
    for index, entry in enumerate(activity.sessions):
        loc: Loc = ("seances", index)
        if isinstance(entry, Series):
            later = any(_day(s) > entry.last for s in held)
            if today <= entry.last <= today + timedelta(days=SERIES_ENDING_DAYS) and not later:
                out.append(_warning(rel, data, loc + ("au",),
                                    f"la série se termine bientôt, le {french_date(entry.last)} ({_in_days(entry.last, today)}) : "
                                    "si l'activité continue, repoussez la date « au » ou ajoutez les séances suivantes"))
        elif isinstance(entry, OneOffSession) and entry.cancellation is None:
            day = entry.change.date if entry.change and entry.change.date else entry.date
            if day < today - timedelta(days=PAST_ONE_OFF_DAYS):
                out.append(_warning(rel, data, loc + ("date",),
                                    f"séance unique datée de plus d'un mois dans le passé ({french_date(day)}) : "
                                    "si c'est une nouvelle séance, vérifiez la date (l'année ?) ; "
                                    "si elle a déjà eu lieu, retirez-la du fichier"))
    out += far_future_warnings(activity, rel, data, today)
    return out


def far_future_warnings(activity: Activity, rel: str, data: ParsedFile, today: date) -> list[Problem]:
    """Dates more than FAR_FUTURE_MONTHS ahead: one warning per session entry, at the date to check."""
    limit = today + relativedelta(months=FAR_FUTURE_MONTHS)
    out: list[Problem] = []
    for index, entry in enumerate(activity.sessions):
        loc: Loc = ("seances", index)
        if isinstance(entry, Series):
            dates = [(loc + ("du",), entry.first), (loc + ("au",), entry.last)]
            dates += [(loc + ("changements", i, "nouvelle_date"), c.new_date) for i, c in enumerate(entry.changes) if c.new_date]
        elif isinstance(entry, Course):
            dates = [(loc + ("du",), entry.first), (loc + ("au",), entry.last)]
        else:
            dates = [(loc + ("date",), entry.date)]
            if entry.change is not None and entry.change.date is not None:
                dates.append((loc + ("changement", "date"), entry.change.date))
        far = next(((where, day) for where, day in dates if day > limit), None)
        if far:
            out.append(_warning(rel, data, far[0],
                                f"date à plus de {FAR_FUTURE_MONTHS} mois (le {french_date(far[1])}) : vérifiez l'année ; "
                                "si elle est juste, ajoutez plutôt cette séance plus tard (les calendriers montrent douze mois)"))
    return out


def _placeholders(value: Any, loc: Loc) -> Iterable[Loc]:
    if isinstance(value, str):
        if _PLACEHOLDER_RE.search(value):
            yield loc
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _placeholders(item, loc + (str(key),))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _placeholders(item, loc + (index,))


def placeholder_errors(rel: str, data: ParsedFile) -> list[Problem]:
    """A template's « À COMPLÉTER » left in a field or in the text: an error (it would be published)."""
    out = [Problem(rel, data.line_of(loc), format_loc(loc),
                   f"texte « {PLACEHOLDER} » du modèle encore présent : remplacez-le par le vrai texte (il serait publié tel quel)")
           for loc in _placeholders(data.data, ())]
    if _PLACEHOLDER_RE.search(data.body or ""):
        out.append(Problem(rel, data.body_line, "texte", f"texte « {PLACEHOLDER} » du modèle encore présent dans la description : "
                                                          "remplacez-le par le vrai texte (il serait publié tel quel)"))
    return out


def stale_warnings(activities: Mapping[str, Activity], sessions: Iterable[Session], parsed: Parsed, today: date) -> list[Problem]:
    """Every stale-content warning: `parsed` maps (kind, id) to (relative path, parsed file), as in load()."""
    by_activity: dict[str, list[Session]] = {}
    for session in sessions:
        by_activity.setdefault(session.activity, []).append(session)
    out: list[Problem] = []
    for (kind, ident), (rel, data) in sorted(parsed.items(), key=lambda item: item[1][0]):
        if kind == "activity" and ident in activities:
            out += activity_warnings(activities[ident], by_activity.get(ident, ()), rel, data, today)
            out += [_warning(rel, data, loc, message) for loc, message in activity_hints(activities[ident])]
    return sorted(out, key=lambda p: (p.path, p.line, p.field, p.message))
