"""Content files for each situation of issue 15 (sessions), with dates on both sides of both clock changes
of 2027 (Sunday 28 March, Sunday 31 October), and the four independent readers of .ics files the tests use.

Nothing here imports the feed writer: the expected instants are written by hand, in UTC, from the content.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path

import icalendar
import recurring_ical_events
import vobject

NODE_DIR = Path(__file__).parent / "node"

HEAD = """\
---
titre: {title}
structure: le-dome
lieu: le-dome-caen
categories: [fablab]
publics: [tout-public]
gratuit: oui
inscription: {join}
resume_facile: Vous venez. Vous fabriquez.
"""

ACTIVITIES = {
    "sur-rendez-vous": HEAD.format(title="Conseil sur rendez-vous", join="appeler") + """\
sans_dates:
  mode: rendez-vous
  comment: Appelez le 02 31 06 60 50 et dites « je voudrais un rendez-vous conseil ».
---
""",
    "sur-orientation": HEAD.format(title="Accompagnement sur orientation", join="referent") + """\
sans_dates:
  mode: orientation
  par_un_referent: oui
  comment: Votre conseiller Mission locale envoie une fiche de liaison.
---
""",
    "journee": HEAD.format(title="Journée portes ouvertes", join="libre") + """\
seances:
  - date: 2027-03-27
    toute_la_journee: oui
  - type: unique
    date: 2027-10-31
    toute_la_journee: oui
    note: Apportez une tenue de sport.
---
""",
    "stage": HEAD.format(title="Stage de quatre jours", join="appeler") + """\
seances:
  - type: stage
    du: 2026-12-07
    au: 2026-12-08
    debut: "09:00"
    fin: "17:00"
  - type: stage
    du: 2027-03-26
    au: 2027-03-29
    week_end: oui
    debut: "09:00"
    fin: "17:00"
    pause: {debut: "12:30", fin: "13:30"}
    places: 10
  - type: stage
    du: 2027-10-29
    au: 2027-11-01
    debut: "09:00"
    fin: "12:00"
---
""",
    "nuit": HEAD.format(title="Soirée jeux", join="libre") + """\
seances:
  - {date: 2027-03-27, debut: "22:00", fin: "01:00"}
  - {date: 2027-03-28, debut: "22:00", fin: "01:00"}
  - {date: 2027-10-30, debut: "22:00", fin: "01:00"}
  - {date: 2027-10-31, debut: "22:00", fin: "01:00"}
---
""",
    "mensuel": HEAD.format(title="Brunch du dernier dimanche", join="libre") + """\
seances:
  - chaque: dernier dimanche
    du: 2027-03-01
    au: 2027-10-31
    debut: "10:00"
    fin: "12:00"
    sauf:
      - du 2027-07-01 au 2027-08-31
    interruptions:
      - du: 2027-05-01
        au: 2027-05-31
        motif: Travaux dans la salle
  - chaque: samedi
    rang: [1, 3]
    du: 2027-03-01
    au: 2027-03-31
    debut: "10:00"
    fin: "11:00"
---
""",
    "quinzaine": HEAD.format(title="Jeux une semaine sur deux", join="libre") + """\
seances:
  - chaque: [lundi, jeudi]
    toutes_les: 2
    du: 2027-03-24
    au: 2027-04-08
    debut: "14:00"
    fin: "16:00"
---
""",
    "statuts": HEAD.format(title="Atelier vélo", join="appeler") + """\
seances:
  - chaque: mercredi
    du: 2027-03-24
    au: 2027-04-07
    debut: "14:00"
    fin: "16:00"
    places: 8
    changements:
      - date: 2027-03-24
        note: Apportez une chambre à air.
      - date: 2027-03-31
        statut: complet
      - date: 2027-04-07
        statut: reporte
        motif: Animateur malade
  - date: 2027-10-30
    debut: "10:00"
    fin: "12:00"
    statut: complet
---
""",
}


def files() -> dict[str, str]:
    return {f"activities/le-dome/{ident}.md": text for ident, text in ACTIVITIES.items()}


def _utc(moment) -> str:
    if isinstance(moment, datetime):
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    assert isinstance(moment, date)
    return moment.isoformat()


def _event(uid, summary, status, start, end) -> tuple:
    return (str(uid), str(summary), str(status or ""), _utc(start), _utc(end))


def read_icalendar(data: bytes) -> set[tuple]:
    calendar = icalendar.Calendar.from_ical(data)
    return {_event(e["UID"], e["SUMMARY"], e.get("STATUS"), e.decoded("DTSTART"), e.decoded("DTEND")) for e in calendar.walk("VEVENT")}


def read_vobject(data: bytes) -> set[tuple]:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {_event(e.uid.value, e.summary.value, e.status.value, e.dtstart.value, e.dtend.value)
            for e in getattr(calendar, "vevent_list", [])}


def read_recurring(data: bytes) -> set[tuple]:
    calendar = icalendar.Calendar.from_ical(data)
    events = recurring_ical_events.of(calendar, skip_bad_series=False).between(datetime(2026, 1, 1), datetime(2029, 1, 1))
    return {_event(e["UID"], e["SUMMARY"], e.get("STATUS"), e.decoded("DTSTART"), e.decoded("DTEND")) for e in events}


def read_icaljs_many(paths: list[Path]) -> dict[str, set[tuple]]:
    """ical.js, Thunderbird's parser, run by node on every file at once (one process)."""
    script = NODE_DIR / "read_ics.mjs"
    if not (NODE_DIR / "node_modules" / "ical.js").is_dir():
        raise AssertionError("ical.js absent : lancez scripts/install-test-deps (ou make test)")
    proc = subprocess.run(["node", str(script), *map(str, paths)], capture_output=True, text=True, timeout=120, cwd=NODE_DIR)
    assert proc.returncode == 0, proc.stderr
    out = {}
    for path, events in json.loads(proc.stdout).items():
        def norm(value: str) -> str:
            return value if len(value) == 10 else value[:16] + "Z"
        out[path] = {(e["uid"], e["summary"], e["status"] or "", norm(e["start"]), norm(e["end"])) for e in events}
    return out


READERS = {"icalendar": read_icalendar, "vobject": read_vobject, "recurring-ical-events": read_recurring}
