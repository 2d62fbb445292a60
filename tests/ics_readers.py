"""The four independent readers of .ics files the tests use (icalendar, vobject, recurring-ical-events, ical.js).

Nothing here imports the feed writer: each reader gives (UID, summary, status, start, end) in UTC, to compare
with instants written by hand from the content (tests/fixtures/trees/situations/).
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
