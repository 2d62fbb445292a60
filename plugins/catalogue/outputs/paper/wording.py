"""What paper says of a session or an activity, in words: on paper no colour or strike-through carries meaning."""

from __future__ import annotations

from collections import Counter

from babel.dates import format_date

from ...content.load import Catalogue
from ...content.model import Activity, Place, Session
from ...content.sessions import PARIS
from ..schedule import upcoming
from ..sessiontext import hours_fr, seats_fr
from ..text import typo_fr

HOURS_WEEKS = 4  # the usual hours of an activity are read from its next four weeks


def status_fr(session: Session) -> str:
    """« Séance annulée. Motif : … », « Complet : … », « Changement : … », or "" for a session as planned."""
    if session.cancelled:
        reason = session.suspension or session.cancel_reason
        return "Séance annulée." + (f" Motif\u00a0: {typo_fr(reason)}" if reason else "")
    if session.status == "reporte":
        return "Séance reportée, nouvelle date à venir." + (f" {typo_fr(session.change_reason)}" if session.change_reason else "")
    words = []
    if session.status == "complet":
        words.append("Complet\u00a0: plus de place pour cette séance.")
    if session.moved:
        words.append("Changement\u00a0: " + (typo_fr(session.change_reason) if session.change_reason
                                             else "le jour, l'heure ou le lieu ont changé, voir ci-dessus."))
    if session.seats and session.status != "complet":
        words.append(seats_fr(session) + ".")
    if session.note:
        words.append(f"À noter\u00a0: {typo_fr(session.note)}")
    return " ".join(words)


def place_fr(catalogue: Catalogue, place: Place) -> str:
    return f"{place.name}, {catalogue.vocabulary.commune_name(place.commune)}"


def address_fr(catalogue: Catalogue, place: Place) -> str:
    return f"{place.name}, {place.address}, {place.postcode} {catalogue.vocabulary.commune_name(place.commune)}"


def usual_slots_fr(catalogue: Catalogue, activity: Activity) -> list[str]:
    """The weekdays and hours the activity meets in its next four weeks (« le mardi, 14 h – 16 h »), counting
    only sessions that take place; how long that is a week comes from weeklyhours.py, as on the page."""
    sessions = [s for s in upcoming(catalogue, catalogue.sessions_of(activity.id), 7 * HOURS_WEEKS)
                if not s.cancelled and s.status != "reporte"]
    slots: Counter = Counter()
    order: dict[str, tuple] = {}
    for session in sessions:
        start = session.start.astimezone(PARIS)
        slot = f"le {format_date(start.date(), 'EEEE', locale='fr')}, {hours_fr(session)}"
        slots[slot] += 1
        order.setdefault(slot, (start.weekday(), start.time()))
    return sorted(slots, key=order.__getitem__)
