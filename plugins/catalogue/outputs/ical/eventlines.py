"""What a session's VEVENT says beyond its activity: dates, status, and the lines proper to it.

Choices, from the calendar-client notes (/work/shared/notes/calendar-clients.md):

- all-day sessions use `DTSTART;VALUE=DATE` and an exclusive `DTEND;VALUE=DATE` (the next day),
  the only form every client shows as "all day";
- a session with a break is ONE event from its start to its end, the break in the description:
  two events would show as two appointments (and two UIDs to keep stable), while the person
  must come once, at the start;
- each day of a course (stage) is its own event (calendars show the daily hours), UID
  `<course>-j<n>`, the summary ending with "(jour n sur N)", and a common
  `X-TERRITOIRES-PARTAGES-STAGE` property naming the course;
- a full session ("complet") still takes place: STATUS:CONFIRMED (CANCELLED would make Google
  hide it, TENTATIVE would say it may not happen) and « COMPLET – » before the title, the only
  text every client shows;
- a postponed session ("reporté", new date to come) does not take place at that time:
  STATUS:CANCELLED like a cancellation (same UID, SEQUENCE up) and « REPORTÉ – » before the
  title, since Google hides cancelled events and Outlook shows them as ordinary ones.
"""

from __future__ import annotations

from ...content.model import Session
from ..text import time_fr
from ...content.sessions import PARIS, french_date

TZID = "Europe/Paris"
CANCELLED_PREFIX = "ANNULÉ – "
PREFIXES = {"complet": "COMPLET – ", "reporte": "REPORTÉ – "}
COURSE_PROPERTY = "X-TERRITOIRES-PARTAGES-STAGE"


def _local(moment) -> str:
    return f"{moment.astimezone(PARIS):%Y%m%dT%H%M%S}"


def date_lines(session: Session) -> list[str]:
    if session.all_day:
        first = session.start.astimezone(PARIS).date()
        last = session.end.astimezone(PARIS).date()
        return [f"DTSTART;VALUE=DATE:{first:%Y%m%d}", f"DTEND;VALUE=DATE:{last:%Y%m%d}"]
    return [f"DTSTART;TZID={TZID}:{_local(session.start)}", f"DTEND;TZID={TZID}:{_local(session.end)}"]


def status_line(session: Session) -> str:
    return "STATUS:CANCELLED" if session.cancelled or session.status == "reporte" else "STATUS:CONFIRMED"


def summary_prefix(session: Session) -> str:
    if session.cancelled:
        return CANCELLED_PREFIX
    return PREFIXES.get(session.status or "", "")


def summary_suffix(session: Session) -> str:
    return f" (jour {session.course_day} sur {session.course_days})" if session.course and session.course_days > 1 else ""


def is_plain(session: Session) -> bool:
    """A confirmed session with nothing of its own to say: its lines are shared with its activity's."""
    return not (session.cancelled or session.moved or session.status or session.note or session.seats
                or session.pause or session.course or session.next_day)


def reason_lines(session: Session) -> list[str]:
    """The description's first lines: what is special about this session, in French."""
    lines = []
    if session.suspension:
        lines.append(f"SÉANCE ANNULÉE. {session.suspension}.")
    elif session.cancelled:
        lines.append("SÉANCE ANNULÉE" + (f" : {session.cancel_reason}" if session.cancel_reason else "."))
    if session.status == "reporte" and not session.cancelled:
        lines.append("SÉANCE REPORTÉE : elle n'a pas lieu à cette date, la nouvelle date sera annoncée.")
    if session.status == "complet" and not session.cancelled:
        lines.append("COMPLET : il n'y a plus de place pour cette séance.")
    if session.moved:
        lines.append("Changement : cette séance a été déplacée" + (f" ({session.change_reason})." if session.change_reason else "."))
    if session.course and session.course_days > 1:
        lines.append(f"Stage de {session.course_days} jours : ceci est le jour {session.course_day}. Venez à tous les jours du stage.")
    if session.pause:
        lines.append(f"Pause de {time_fr(session.pause[0].astimezone(PARIS))} à {time_fr(session.pause[1].astimezone(PARIS))}.")
    if session.next_day:
        lines.append(f"Fin le lendemain, {french_date(session.end.astimezone(PARIS).date())}, à {time_fr(session.end.astimezone(PARIS))}.")
    if session.seats and session.status != "complet":
        lines.append(f"{session.seats} place{'s' if session.seats > 1 else ''}.")
    if session.note:
        lines.append(f"À noter : {session.note}")
    return lines


def course_line(session: Session, domain: str) -> str | None:
    """What a course's days share, under the UIDs' domain."""
    return f"{COURSE_PROPERTY}:{session.course}@{domain}" if session.course else None
