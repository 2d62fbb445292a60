"""The orientation sheet of an activity (« fiche d'orientation »): one A4 page for advisers and referrers,
to read with the person they support or hand over: who it is for, conditions, how to refer, cost, hours,
next sessions, place, contact, and the QR code of its page.

Always one page: when the texts are long, the sheet lists fewer sessions (and says how many more dates
the page has), then takes a smaller type, and at last shortens the longest paragraphs.
"""

from __future__ import annotations

from ...content.audiences import audience_conditions
from ...content.french import plural_fr
from ...content.load import Catalogue
from ...content.model import JOIN_MODES, Activity
from ...settings import network
from .. import transport
from ..views import page_items
from ..sessiontext import booking_label, when_fr
from ..text import day_fr, typo_fr
from ..urls import activity_url, short_address
from .cache import cached
from .document import GREY, MARGIN, Document
from ..weeklyhours import weekly_hours
from .wording import address_fr, status_fr, usual_slots_fr

QR = 34  # mm
LABEL = 40  # mm: the column of the headings
# (type size in points, sessions listed, longest paragraph in characters): tried in turn until the sheet
# fits on its page; the last ones cut long paragraphs, which then end with « […] » (the page has them whole)
LAYOUTS = ((11.5, 6, None), (11.5, 3, None), (10.5, 3, None), (10, 1, None), (9, 1, 300), (8, 0, 160))


def sections(catalogue: Catalogue, activity: Activity, sessions_shown: int) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(style, paragraph)]) of the sheet, in order; style "B" for what must not be missed."""
    structure = catalogue.structures[activity.structure]
    place = catalogue.places[activity.place]
    vocabulary = catalogue.vocabulary
    audiences = [vocabulary.audiences[a] for a in activity.audiences if a in vocabulary.audiences]
    who = "; ".join(a.name + (f" ({a.ages})" if a.ages and not a.ages_in_name else "") for a in audiences)
    conditions = audience_conditions(catalogue, activity)
    result: list[tuple[str, list[tuple[str, str]]]] = [("En bref", [("", activity.easy_summary)])]
    result.append(("Pour qui", [("", who + ".")]))
    condition_lines = [("B", "Condition : " + " ; ".join(conditions) + ".")] if conditions else [
        ("", "Pas de condition d'âge ou de public : les publics ci-dessus sont ceux à qui l'activité s'adresse.")]
    if activity.bring:
        condition_lines.append(("", f"À apporter : {activity.bring}"))
    wheelchair = "oui" if place.accessibility.wheelchair else "non"
    condition_lines.append(("", f"Accès en fauteuil roulant : {wheelchair}."
                            + (f" {place.accessibility.description}" if place.accessibility.description else "")))
    result.append(("Conditions", condition_lines))
    result.append(("Comment orienter", _referral(catalogue, activity)))
    result.append(("Coût", [("", "Gratuit." if activity.free else activity.price or "")]))
    result.append(("Horaires", _hours(catalogue, activity)))
    if activity.no_dates is None:
        result.append(("Prochaines séances", _sessions(catalogue, activity, sessions_shown)))
    where = [("", address_fr(catalogue, place))]
    getting_there = transport.summary_fr(place)
    if getting_there:
        where.append(("", f"Transports : {getting_there}"))
    result.append(("Lieu", where))
    contact = activity.contact or structure.contact
    reach = [("", structure.name + (f", avec {', '.join(catalogue.structures[s].name for s in activity.co_organisers if s in catalogue.structures)}"
                                    if activity.co_organisers else ""))]
    if contact and contact.phone:
        reach.append(("B", f"Téléphone : {contact.phone}"))
    if contact and contact.email:
        reach.append(("", f"E-mail : {contact.email}"))
    if structure.website:
        reach.append(("", f"Site : {structure.website.split('://', 1)[-1].rstrip('/')}"))
    result.append(("Contact", reach))
    return [(heading, [(style, typo_fr(text)) for style, text in lines]) for heading, lines in result]


def _referral(catalogue: Catalogue, activity: Activity) -> list[tuple[str, str]]:
    structure = catalogue.structures[activity.structure]
    if activity.no_dates is not None:
        lines = [("B", f"{booking_label(activity.no_dates.mode)}."), ("", activity.no_dates.how)]
        if activity.no_dates.by_referrer:
            lines.append(("", "C'est le conseiller ou le référent qui inscrit la personne."))
        return lines
    lines = [("B", JOIN_MODES[activity.join] + ".")]
    if activity.join == "referent":
        lines.append(("", f"Prenez contact avec {structure.name} (ci-dessous) pour inscrire la personne."))
    return lines


def _hours(catalogue: Catalogue, activity: Activity) -> list[tuple[str, str]]:
    place = catalogue.places[activity.place]
    if activity.no_dates is not None:
        lines = [("", f"{booking_label(activity.no_dates.mode)} : pas de séance à date fixe.")]
    else:
        slots = usual_slots_fr(catalogue, activity)
        lines = [("", "; ".join(slots).capitalize() + ".")] if slots else [
            ("", "Pas de séance prévue dans les quatre prochaines semaines.")]
        hours = weekly_hours(catalogue.sessions_of(activity.id), catalogue.today)
        if hours:  # the same figure as the activity page and the open data
            lines.append(("", f"Durée : {hours.text} (pauses non comptées)."))
    if place.hours:
        lines.append(("", f"Accueil du lieu : {place.hours}"))
    return lines


def _sessions(catalogue: Catalogue, activity: Activity, shown: int) -> list[tuple[str, str]]:
    items = page_items(catalogue, activity)
    if not items:
        return [("", "Pas de date prévue pour le moment : appelez pour savoir quand l'activité reprend.")]
    lines = []
    for item in items[:shown]:
        session = item.session
        if session.suspension:
            lines.append(("B", f"{day_fr(session.start)} : interruption. {session.suspension}"))
            continue
        text = when_fr(session, item.last)
        if not item.usual_place:
            text += f", {item.place.name} ({item.commune})"
        status = status_fr(session)
        lines.append(("B" if session.cancelled or session.status else "", f"{text}." + (f" {status}" if status else "")))
    if len(items) > shown:
        lines.append(("", f"Et {plural_fr(len(items) - shown, 'autre date', 'autres dates')} sur le site."))
    return lines


def sheet(catalogue: Catalogue, activity: Activity, site_url: str) -> bytes:
    """The sheet in the first layout that fits on one page (kept between builds: cache.py)."""
    categories = catalogue.vocabulary.categories
    inputs = repr((activity.title, [categories[c].name for c in activity.categories if c in categories],
                   activity.id, site_url, catalogue.today.isoformat(), network().site_name, LAYOUTS,
                   [sections(catalogue, activity, shown) for shown in sorted({shown for _, shown, _ in LAYOUTS})]))
    return cached(inputs, lambda: _fitted(catalogue, activity, site_url))


def _fitted(catalogue: Catalogue, activity: Activity, site_url: str) -> bytes:
    for size, shown, clip in LAYOUTS:
        pdf = _draw(catalogue, activity, site_url, size, shown, clip)
        if pdf.page_no() == 1:
            break
    return pdf.to_bytes()


def _clipped(text: str, clip: int | None) -> str:
    if clip is None or len(text) <= clip:
        return text
    return text[:clip].rsplit(" ", 1)[0] + " […]"


def _draw(catalogue: Catalogue, activity: Activity, site_url: str, size: float, shown: int, clip: int | None) -> Document:
    name = network().site_name
    url = f"{site_url.rstrip('/')}/{activity_url(activity.id)}"
    pdf = Document(f"Fiche d'orientation – {activity.title}", name, catalogue.today,
                   footer=f"{name} · fiche d'orientation · état au {day_fr(catalogue.today, with_year=True)}")
    pdf.add_page()
    pdf.qr_code(url, pdf.w - MARGIN - QR, MARGIN - 2, QR)
    text_width = pdf.w - 2 * MARGIN - QR - 4
    pdf.set_text_color(*GREY)
    pdf.write_lines(f"Fiche d'orientation · {name}", size, height=size * 0.5, width=text_width)
    pdf.set_text_color(0, 0, 0)
    pdf.write_lines(activity.title, min(size * 1.7, 18), "B", height=min(size * 0.8, 8.5), width=text_width)
    categories = catalogue.vocabulary.categories
    pdf.write_lines(", ".join(categories[c].name for c in activity.categories if c in categories), size,
                    height=size * 0.5, width=text_width)
    pdf.set_y(max(pdf.get_y(), MARGIN - 2 + QR))
    address = short_address(site_url, activity_url(activity.id))
    pdf.write_lines("Page à jour (dates, changements) :", size, height=size * 0.5)
    for part in pdf.wrap_address(address, size, pdf.w - 2 * MARGIN, "B"):
        pdf.write_lines(part, size, "B", height=size * 0.5)
    pdf.ln(2)
    line = size * 0.48
    for heading, lines in sections(catalogue, activity, shown):
        top = pdf.get_y()
        pdf.set_draw_color(*GREY)
        pdf.line(MARGIN, top, pdf.w - MARGIN, top)
        pdf.set_y(top + 1.2)
        pdf.write_lines(heading, size, "B", line, LABEL - 2)
        after_heading = pdf.get_y()
        pdf.set_y(top + 1.2)
        for style, text in lines:
            pdf.write_lines(_clipped(text, clip), size, style, line, pdf.w - 2 * MARGIN - LABEL, x=MARGIN + LABEL)
        pdf.set_y(max(pdf.get_y(), after_heading) + 1.5)
    return pdf

