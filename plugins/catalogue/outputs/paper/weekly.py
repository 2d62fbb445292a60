"""The weekly programme of a territory, to print and pin up: its next seven days, day by day, in large
type, then each activity of the week with its QR code and its address under it.

The week starts on the build day, so that a programme printed on any day shows the seven days ahead.
A session belongs to the territory where it takes place, as in the territory's calendar.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...content.french import sort_key
from ...content.load import Catalogue
from ...content.model import Activity, Session, Territory
from ...content.sessions import PARIS
from ...settings import network
from ..schedule import upcoming
from ..sessiontext import course_day_fr, hours_fr
from ..text import day_fr
from ..urls import activity_url, short_address
from .document import FAMILY, GREY, MARGIN, Document, has_own_pictogram
from .wording import place_fr, status_fr

DAYS = 7
BODY = 14  # pt: the smallest text of the programme
LINE = 6.6  # mm between lines of body text
PICTOGRAM = 11  # mm
TEXT_X = MARGIN + PICTOGRAM + 4
QR = 30  # mm, with its white border: readable from an arm's length
COLUMN = 87.5  # mm: two activities side by side


def territory_sessions(catalogue: Catalogue, territory_id: str) -> list[Session]:
    """The sessions of the next seven days that take place in the territory, cancelled ones included."""
    communes = catalogue.vocabulary.territories[territory_id].communes
    return [s for s in upcoming(catalogue, catalogue.sessions, DAYS)
            if catalogue.places[s.place].commune in communes and s.activity in catalogue.activities]


def week_span_fr(first: date) -> str:
    """« du mardi 1er au lundi 7 décembre 2026 »."""
    last = first + timedelta(days=DAYS - 1)
    start = day_fr(first) if (first.month, first.year) != (last.month, last.year) else day_fr(first).rsplit(" ", 1)[0]
    if first.year != last.year:
        start += f" {first.year}"
    return f"du {start} au {day_fr(last)} {last.year}"


def programme(catalogue: Catalogue, territory_id: str, site_url: str) -> bytes:
    territory = catalogue.vocabulary.territories[territory_id]
    sessions = territory_sessions(catalogue, territory_id)
    name = network().site_name
    pdf = Document(f"Programme de la semaine – {territory.name}", name, catalogue.today,
                   footer=name, footer_size=BODY)
    pdf.add_page()
    _heading(pdf, catalogue, territory, site_url)
    by_day = {catalogue.today + timedelta(days=n): [] for n in range(DAYS)}  # type: dict[date, list[Session]]
    for session in sessions:
        by_day.setdefault(session.start.astimezone(PARIS).date(), []).append(session)
    for day, day_sessions in by_day.items():
        _day(pdf, catalogue, day, day_sessions)
    # The id decides between equal titles: a set's order changes with the hash seed, the PDF must not.
    activities = sorted({s.activity for s in sessions}, key=lambda a: (sort_key(catalogue.activities[a].title), a))
    if activities:
        _activities(pdf, catalogue, [catalogue.activities[a] for a in activities], sessions, site_url)
    return pdf.to_bytes()


def _heading(pdf: Document, catalogue: Catalogue, territory: Territory, site_url: str) -> None:
    pdf.set_text_color(*GREY)
    pdf.write_lines(network().site_name, BODY, height=LINE)
    pdf.set_text_color(0, 0, 0)
    pdf.write_lines("Programme de la semaine", 26, "B", height=12)
    pdf.write_lines(territory.name, 18, "B", height=9)
    pdf.write_lines(week_span_fr(catalogue.today).capitalize(), 16, height=8)
    pdf.ln(2)
    pdf.write_lines("Pour chaque activité, la dernière partie donne son code QR et son adresse sur le site : "
                    "vous y trouverez comment venir, le contact et les dates à jour. Toutes les activités : "
                    f"{short_address(site_url, '')}", BODY, height=LINE)
    pdf.ln(3)


def _day(pdf: Document, catalogue: Catalogue, day: date, sessions: list[Session]) -> None:
    pdf.room_for(10 + 2 * LINE + 4)  # a day's heading never ends a page alone
    pdf.band(day_fr(day).capitalize(), 17)
    pdf.ln(2)
    if not sessions:
        pdf.write_lines("Pas de séance ce jour-là.", BODY, height=LINE)
        pdf.ln(3)
        return
    for session in sessions:
        _session(pdf, catalogue, session)
    pdf.ln(1)


def _session(pdf: Document, catalogue: Catalogue, session: Session) -> None:
    activity = catalogue.activities[session.activity]
    width = pdf.w - MARGIN - TEXT_X
    title = f"{hours_fr(session)}   {activity.title}"
    if session.course_days > 1:
        title += f" {course_day_fr(session)}"
    where = place_fr(catalogue, catalogue.places[session.place])
    status = status_fr(session)
    height = (pdf.height_of(title, BODY + 1, "B", width, LINE) + pdf.height_of(where, BODY, "", width, LINE)
              + (pdf.height_of(status, BODY, "B", width, LINE) if status else 0))
    pdf.room_for(max(height, PICTOGRAM) + 3)
    top = pdf.get_y()
    pdf.pictogram(activity.categories[0], MARGIN, top + 0.5, PICTOGRAM)
    pdf.write_lines(title, BODY + 1, "B", LINE, width, x=TEXT_X)
    pdf.write_lines(where, BODY, "", LINE, width, x=TEXT_X)
    if status:
        pdf.write_lines(status, BODY, "B", LINE, width, x=TEXT_X)
    pdf.set_y(max(pdf.get_y(), top + PICTOGRAM) + 3)


def _activities(pdf: Document, catalogue: Catalogue, activities: list[Activity], sessions: list[Session],
                site_url: str) -> None:
    pdf.room_for(60)
    pdf.band("Les activités de la semaine", 17)
    pdf.ln(2)
    _legend(pdf, catalogue, activities)
    days: dict[str, list[str]] = {}
    for session in sessions:
        weekday = day_fr(session.start.astimezone(PARIS)).split(" ", 1)[0]
        days.setdefault(session.activity, [])
        if weekday not in days[session.activity]:
            days[session.activity].append(weekday)
    for left, right in zip(activities[::2], activities[1::2] + [None]):
        heights = [_cell_height(pdf, catalogue, a, days[a.id], site_url) for a in (left, right) if a]
        pdf.room_for(max(heights))
        top = pdf.get_y()
        _cell(pdf, catalogue, left, days[left.id], site_url, MARGIN, top)
        if right is not None:
            _cell(pdf, catalogue, right, days[right.id], site_url, MARGIN + COLUMN + 5, top)
        pdf.set_y(top + max(heights))


def _legend(pdf: Document, catalogue: Catalogue, activities: list[Activity]) -> None:
    """Each pictogram of the programme with the category it stands for."""
    used = list(dict.fromkeys(a.categories[0] for a in activities))
    categories = catalogue.vocabulary.categories
    pdf.write_lines("Les dessins :", BODY, "B", LINE)
    x, size = MARGIN, 8
    pdf.set_font(FAMILY, "", BODY)
    y = pdf.get_y() + 1
    for category in used:
        label = categories[category].name if category in categories else category
        if not has_own_pictogram(category):
            label = f"{label} (autre)"
        width = size + 2 + pdf.get_string_width(label) + 6
        if x + width > pdf.w - MARGIN:
            x, y = MARGIN, y + size + 3
        pdf.pictogram(category, x, y, size)
        pdf.set_xy(x + size + 2, y + 1)
        pdf.cell(width - size - 2, 6, label)
        x += width
    pdf.set_xy(MARGIN, y + size + 5)


def _cell_lines(pdf: Document, catalogue: Catalogue, activity: Activity, days: list[str]) -> tuple[str, str]:
    when = " et ".join(", ".join(days).rsplit(", ", 1)) if days else ""
    structure = catalogue.structures[activity.structure].name
    return activity.title, f"{when.capitalize()}. {structure}."


def _cell_height(pdf: Document, catalogue: Catalogue, activity: Activity, days: list[str], site_url: str) -> float:
    title, detail = _cell_lines(pdf, catalogue, activity, days)
    text_width = COLUMN - QR - 3
    beside = pdf.height_of(title, BODY, "B", text_width, LINE) + pdf.height_of(detail, BODY, "", text_width, LINE)
    address = pdf.wrap_address(short_address(site_url, activity_url(activity.id)), BODY, COLUMN)
    return max(QR, beside) + len(address) * LINE + 6


def _cell(pdf: Document, catalogue: Catalogue, activity: Activity, days: list[str], site_url: str,
          x: float, y: float) -> None:
    """The activity's QR code, its title and days beside it, its short address under it."""
    url = f"{site_url.rstrip('/')}/{activity_url(activity.id)}"
    pdf.qr_code(url, x, y, QR)
    title, detail = _cell_lines(pdf, catalogue, activity, days)
    text_width = COLUMN - QR - 3
    pdf.set_y(y + 1)
    pdf.write_lines(title, BODY, "B", LINE, text_width, x=x + QR + 3)
    pdf.write_lines(detail, BODY, "", LINE, text_width, x=x + QR + 3)
    bottom = max(pdf.get_y(), y + QR)
    pdf.set_y(bottom)
    for line in pdf.wrap_address(short_address(site_url, activity_url(activity.id)), BODY, COLUMN):
        pdf.write_lines(line, BODY, "", LINE, COLUMN, x=x)

