"""`donnees/activites.csv` and `donnees/seances.csv`: the same data as catalogue.json, as tables.

Written for the spreadsheets people here open them in, in the French convention: UTF-8 with a
byte order mark (without it, Excel reads the file as Windows-1252 and breaks every accent), `;`
between columns (Excel in French splits on the list separator of the locale, `;`, and LibreOffice
finds it by itself), a decimal comma (`2,5` is a number to French Excel, `2.5` a date or text),
CRLF line ends (RFC 4180). Python reads them with `csv.reader(open(p, encoding="utf-8-sig"), delimiter=";")`.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from . import exportmodel as out

ACTIVITIES_CSV = "donnees/activites.csv"
SESSIONS_CSV = "donnees/seances.csv"
BOM = "\ufeff"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def table(header: list[str], rows: list[list]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


ACTIVITY_COLUMNS = ["id", "titre", "structure", "co_organisateurs", "lieu", "adresse", "code_postal", "commune", "code_insee",
                    "categories", "publics", "gratuit", "tarif", "inscription", "sans_dates", "heures_par_semaine", "semaines",
                    "heures_en_clair", "horaires_osm", "prochaine_seance", "telephone", "email", "url"]
SESSION_COLUMNS = ["id", "activite", "titre", "date", "debut", "fin", "toute_la_journee", "duree_minutes", "lieu", "commune",
                   "annulee", "motif_annulation", "deplacee", "statut", "places", "note", "url"]


def files(exported: out.CatalogueOut) -> dict[str, bytes]:
    places = {p.id: p for p in exported.places}
    activities = {a.id: a for a in exported.activities}
    first: dict[str, str] = {}
    for session in exported.sessions:
        if not session.cancelled and session.status != "reporte":
            first.setdefault(session.activity, session.start[:16].replace("T", " "))
    activity_rows = []
    for a in exported.activities:
        place, hours = places[a.place], a.weekly_hours
        activity_rows.append([
            a.id, a.title, a.structure, a.co_organisers, a.place, place.address, place.postcode, place.commune_name, place.insee,
            a.categories, a.audiences, a.free, a.price, a.join, a.no_dates.mode if a.no_dates else None,
            hours.hours if hours else None, hours.weeks if hours else None, hours.text if hours else None, a.opening_hours,
            first.get(a.id), a.phone, a.email, a.url])
    session_rows = []
    for s in exported.sessions:
        start, end = datetime.fromisoformat(s.start), datetime.fromisoformat(s.end)
        place = places.get(s.place)
        session_rows.append([
            s.id, s.activity, activities[s.activity].title, start.date().isoformat(),
            None if s.all_day else f"{start:%H:%M}", None if s.all_day else f"{end:%H:%M}", s.all_day, s.minutes, s.place,
            place.commune_name if place else None, s.cancelled, s.cancel_reason, s.moved, s.status, s.seats, s.note,
            activities[s.activity].url])
    return {ACTIVITIES_CSV: table(ACTIVITY_COLUMNS, activity_rows), SESSIONS_CSV: table(SESSION_COLUMNS, session_rows)}
