"""How one session's time is said on pages: all day, with a break, after midnight, over several days.

'mardi 3 mars, toute la journée', 'du lundi 8 au mercredi 10 mars, 9 h – 17 h chaque jour',
'samedi 6 mars, 9 h – 12 h 30 et 13 h 30 – 17 h', 'vendredi 5 mars, 22 h – 1 h (fin le lendemain)'.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date

from ..content.model import BOOKING_MODES, JOIN_MODES, Session
from .text import day_fr, time_fr
from ..content.sessions import PARIS

NBSP = "\u00a0"


def hours_fr(session: Session) -> str:
    """The hours of one day of the session, without its date."""
    if session.all_day:
        return "toute la journée"
    start, end = session.start.astimezone(PARIS), session.end.astimezone(PARIS)
    if session.pause:
        first, last = (moment.astimezone(PARIS) for moment in session.pause)
        text = f"{time_fr(start)} – {time_fr(first)} et {time_fr(last)} – {time_fr(end)}"
    else:
        text = f"{time_fr(start)} – {time_fr(end)}"
    if session.next_day:
        text += " (fin le lendemain)"
    return text.replace(" h", f"{NBSP}h")


def _day_month(day: date) -> str:
    return f"{day.day if day.day > 1 else '1er'} {format_date(day, 'MMMM', locale='fr')}"


def span_fr(first: date, last: date) -> str:
    """'du lundi 8 au mercredi 10 mars', 'du lundi 28 février au mardi 1er mars'."""
    weekday = lambda d: format_date(d, "EEEE", locale="fr")  # noqa: E731
    start = f"{weekday(first)} {first.day if first.day > 1 else '1er'}"
    if (first.month, first.year) != (last.month, last.year):
        start = f"{weekday(first)} {_day_month(first)}"
    return f"du {start} au {weekday(last)} {_day_month(last)}"


def when_fr(session: Session, last: Session | None = None) -> str:
    """The whole line: a day and its hours, or a course from its first to its last day."""
    if last is not None and last is not session:
        first_day, last_day = session.start.astimezone(PARIS).date(), last.start.astimezone(PARIS).date()
        hours = hours_fr(session)
        return f"{span_fr(first_day, last_day)}, {hours}{'' if session.all_day else ' chaque jour'}"
    return f"{day_fr(session.start.astimezone(PARIS))}, {hours_fr(session)}"


def course_day_fr(session: Session) -> str:
    """'(jour 2 sur 3)' for a day of a course shown alone, as in the agenda."""
    return f"(jour {session.course_day} sur {session.course_days})" if session.course and session.course_days > 1 else ""


def seats_fr(session: Session) -> str:
    return f"{session.seats}{NBSP}place{'s' if session.seats and session.seats > 1 else ''}" if session.seats else ""


def booking_label(mode: str) -> str:
    return BOOKING_MODES.get(mode, mode)


def changes_among(items) -> str:
    """What a folded list of dates hides: « dont 2 annulées et 1 changée », or "" when nothing changed,
    so that no cancellation or move hides behind « Voir les 24 autres dates »."""
    counts = {"annulée": 0, "reportée": 0, "changée": 0, "complète": 0}
    for item in items:
        session = item.session
        if session.cancelled or session.suspension:
            counts["annulée"] += 1
        elif session.status == "reporte":
            counts["reportée"] += 1
        elif session.moved:
            counts["changée"] += 1
        elif session.status == "complet":
            counts["complète"] += 1
    said = [f"{n}{NBSP}{word}{'s' if n > 1 else ''}" for word, n in counts.items() if n]
    if not said:
        return ""
    return "dont " + (", ".join(said[:-1]) + " et " + said[-1] if len(said) > 1 else said[0])


def join_label(mode: str) -> str:
    """'Sans inscription : venez directement' for `inscription: libre`."""
    return JOIN_MODES.get(mode, mode)



FILTERS = {"session_hours": hours_fr, "session_when": when_fr, "course_day": course_day_fr, "seats_fr": seats_fr,
           "booking_label": booking_label, "changes_among": changes_among, "join_label": join_label}
