"""Every feed read back by three independent parsers: icalendar, vobject, recurring-ical-events.

What each parser reads (uid, start and end as UTC instants, status, summary) must equal the
catalogue's sessions in the window, and the sessions of the two clock-change days must land
at the right UTC instant.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from dateutil import tz as dateutil_tz

from catalogue.outputs.ical import feeds
from feeds_helpers import SITE, load_ok
from fixtures import write_tree

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc
FIRST, LAST = date(2026, 10, 13), date(2027, 10, 20)  # the window around feeds_helpers.TODAY

# Europe/Paris wall clock -> the UTC instant it must be (CEST is +2, CET is +1).
DST_CASES = {
    "heure-qui-change-20261025@territoires-partages.example.org": datetime(2026, 10, 24, 23, 30, tzinfo=UTC),  # still CEST
    "heure-qui-change-20261025-2@territoires-partages.example.org": datetime(2026, 10, 25, 2, 30, tzinfo=UTC),  # CET again
    "heure-qui-change-20261025-3@territoires-partages.example.org": datetime(2026, 10, 25, 9, 0, tzinfo=UTC),
    "heure-qui-change-20270328@territoires-partages.example.org": datetime(2027, 3, 28, 0, 30, tzinfo=UTC),  # still CET
    "heure-qui-change-20270328-2@territoires-partages.example.org": datetime(2027, 3, 28, 1, 30, tzinfo=UTC),  # CEST
    "heure-qui-change-20270328-3@territoires-partages.example.org": datetime(2027, 3, 28, 8, 0, tzinfo=UTC),
}


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    return load_ok(write_tree(tmp_path_factory.mktemp("parsers"), "network", "feeds"))


@pytest.fixture(scope="module")
def files(catalogue):
    return feeds.feed_files(catalogue, SITE)


def expected(catalogue, uids: set[str] | None = None) -> set[tuple]:
    found = set()
    for s in catalogue.sessions:
        if FIRST <= s.start.astimezone(PARIS).date() <= LAST and (uids is None or f"{s.uid}@territoires-partages.example.org" in uids):
            title = catalogue.activities[s.activity].title.replace("\r\n", "\n")  # a line break is a line break
            found.add((f"{s.uid}@territoires-partages.example.org", s.start.astimezone(UTC), s.end.astimezone(UTC),
                       "CANCELLED" if s.cancelled else "CONFIRMED", ("ANNULÉ – " + title) if s.cancelled else title))
    return found


def _utc(moment):
    """A timed event's instant in UTC; an all-day event's date (VALUE=DATE) as it is."""
    return moment.astimezone(UTC) if isinstance(moment, datetime) else moment


def read_icalendar(data: bytes) -> set[tuple]:
    calendar = icalendar.Calendar.from_ical(data)
    return {(str(e["UID"]), _utc(e.decoded("DTSTART")), _utc(e.decoded("DTEND")),
             str(e["STATUS"]), str(e["SUMMARY"])) for e in calendar.walk("VEVENT")}


def read_vobject(data: bytes) -> set[tuple]:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {(e.uid.value, _utc(e.dtstart.value), _utc(e.dtend.value), e.status.value, e.summary.value)
            for e in getattr(calendar, "vevent_list", [])}


def read_recurring(data: bytes) -> set[tuple]:
    calendar = icalendar.Calendar.from_ical(data)
    occurrences = recurring_ical_events.of(calendar).between(datetime(2026, 1, 1), datetime(2029, 1, 1))
    return {(str(e["UID"]), _utc(e["DTSTART"].dt), _utc(e["DTEND"].dt), str(e["STATUS"]), str(e["SUMMARY"]))
            for e in occurrences}


READERS = {"icalendar": read_icalendar, "vobject": read_vobject, "recurring-ical-events": read_recurring}


@pytest.mark.parametrize("reader", READERS)
def test_every_feed_reads_back_as_its_sessions(catalogue, files, reader):
    read = READERS[reader]
    tout = read(files["calendriers/tout.ics"])
    assert tout == expected(catalogue)
    for path, data in files.items():
        got = read(data)
        assert got <= tout, path
        assert got == expected(catalogue, {uid for uid, *_ in got}), path
        assert len(got) == data.count(b"BEGIN:VEVENT"), path


@pytest.mark.parametrize("reader", READERS)
def test_clock_change_days_land_at_the_right_utc_instant(files, reader):
    starts = {uid: start for uid, start, *_ in READERS[reader](files["calendriers/activite/heure-qui-change.ics"])}
    for uid, instant in DST_CASES.items():
        assert starts[uid] == instant, uid


@pytest.mark.parametrize("reader", ["icalendar", "vobject"])
def test_our_vtimezone_alone_gives_the_right_instants(files, reader):
    """Under a TZID no database knows, parsers must use the VTIMEZONE we wrote."""
    data = files["calendriers/activite/heure-qui-change.ics"].replace(b"Europe/Paris", b"Territoires/Caen")
    starts = {uid: start for uid, start, *_ in READERS[reader](data)}
    for uid, instant in DST_CASES.items():
        assert starts[uid] == instant, uid


def test_dateutil_reads_our_vtimezone(files):
    text = files["calendriers/tout.ics"].decode()
    block = text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE") + len("END:VTIMEZONE")]
    zone = dateutil_tz.tzical(io.StringIO(block.replace("\r\n", "\n"))).get("Europe/Paris")
    assert datetime(2026, 10, 25, 3, 30, tzinfo=zone).astimezone(UTC) == DST_CASES["heure-qui-change-20261025-2@territoires-partages.example.org"]
    assert datetime(2027, 3, 28, 3, 30, tzinfo=zone).astimezone(UTC) == DST_CASES["heure-qui-change-20270328-2@territoires-partages.example.org"]


def test_icalendar_reads_text_and_calendar_properties(files):
    calendar = icalendar.Calendar.from_ical(files["calendriers/activite/titre-piege.ics"])
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Atelier\nATTENDEE:mailto:x@example.org"
    assert "ATTENDEE" not in event and not event.walk("VALARM")
    assert str(calendar["X-WR-CALNAME"]) == str(calendar["NAME"])
    assert str(calendar["METHOD"]) == "PUBLISH"
    geo = event.decoded("GEO") if "GEO" in event else None
    assert geo is not None
    categories = icalendar.Calendar.from_ical(files["calendriers/activite/heure-qui-change.ics"]).walk("VEVENT")[0]["CATEGORIES"]
    assert [str(c) for c in categories.cats] == ["Numérique, démarches; et \\ le reste"]


def test_vobject_reads_the_description_with_the_page_url(files):
    calendar = vobject.readOne(files["calendriers/activite/fablab-ouvert.ics"].decode())
    event = calendar.vevent_list[0]
    assert f"{SITE}/activites/fablab-ouvert/" in event.description.value
    assert "🎉🧑‍🔧✂️" in event.description.value
    assert event.location.value.startswith("Le Dôme, 3 esplanade Stéphane Hessel, 14000 Caen")
