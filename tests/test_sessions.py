"""content/sessions.py: session entries become dated sessions in Paris time — series with their holidays,
cancellations and changes, clock changes, night sessions — and every impossible one is a located problem."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest

from catalogue.content.frontmatter import parse_front_matter
from catalogue.content.model import Activity
from catalogue.content.sessions import (
    MAX_SESSIONS_PER_ACTIVITY, PARIS, STOP_REASON, ambiguous, expand_sessions, french_date, paris_datetime,
)
from catalogue.content.validation import validate
from fixtures import ACT, ACTIVITY, replace

ONE_OFF = 'date: 2026-12-03\n    debut: "14:00"\n    fin: "16:00"'


def expand(text: str = ACTIVITY):
    parsed = parse_front_matter(text)
    activity, problems = validate(Activity, parsed, ACT, {"id": "fablab-ouvert", "body": ""})
    assert activity is not None, [str(p) for p in problems]
    return expand_sessions(activity, parsed.line_of)


def utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")


def test_the_small_trees_series_keeps_its_holidays_out_and_its_changes_in():
    sessions, problems = expand()
    assert problems == []
    days = [s.start.date().isoformat() for s in sessions]
    assert days == ["2026-11-03", "2026-11-10", "2026-11-17", "2026-11-24", "2026-12-01", "2026-12-03", "2026-12-08",
                    "2026-12-15", "2027-01-05", "2027-01-12", "2027-01-19", "2027-01-26"]  # sauf: 22 and 29 December
    by_day = {s.start.date(): s for s in sessions}
    moved = by_day[date(2027, 1, 12)]
    assert moved.moved and (moved.start.hour, moved.end.hour) == (15, 17)
    cancelled = by_day[date(2027, 1, 19)]
    assert cancelled.cancelled and cancelled.cancel_reason == "Animateur absent"  # announced, never dropped
    assert len({s.key for s in sessions}) == len(sessions)


def test_a_weekly_time_stays_the_same_on_the_clock_across_the_change_to_summer_time():
    text = replace(ACTIVITY, "du: 2026-11-03\n    au: 2027-01-26", "du: 2027-03-23\n    au: 2027-04-06")
    sessions, _ = expand(text)
    series = [s for s in sessions if s.start.year == 2027]
    assert [s.start.strftime("%H:%M") for s in series] == ["14:00"] * 3
    assert [utc(s.start) for s in series] == ["2027-03-23 13:00", "2027-03-30 12:00", "2027-04-06 12:00"]


def test_a_night_session_ends_the_next_day_and_a_long_one_is_an_error():
    sessions, problems = expand(replace(ACTIVITY, ONE_OFF, 'date: 2026-12-03\n    debut: "22:00"\n    fin: "01:00"'))
    night = next(s for s in sessions if s.start.date() == date(2026, 12, 3))
    assert problems == [] and night.next_day and night.end - night.start == timedelta(hours=3)
    _, problems = expand(replace(ACTIVITY, ONE_OFF, 'date: 2026-12-03\n    debut: "10:00"\n    fin: "09:00"'))
    assert [loc for loc, _ in problems] == [("seances", 0, "fin")]


def test_the_spring_forward_gap_is_an_error_never_a_shifted_session():
    sessions, problems = expand(replace(ACTIVITY, ONE_OFF, 'date: 2027-03-28\n    debut: "02:30"\n    fin: "04:00"'))
    assert not any(s.start.date() == date(2027, 3, 28) for s in sessions)
    (loc, message), = problems
    assert loc == ("seances", 0, "debut")
    assert "l'heure 02:30 n'existe pas le dimanche 28 mars 2027" in message and "avant 02:00 ou à partir de 03:00" in message


def test_too_many_sessions_is_said_instead_of_expanding_forever():
    every_day = "[lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche]"
    series = "".join(f'  - {{chaque: {every_day}, du: 2027-01-04, au: 2029-01-04, debut: "{h}:00", fin: "{h}:30"}}\n'
                     for h in (10, 11, 12))  # 3 x 732 days, each series under its own limit
    sessions, problems = expand(ACTIVITY.split("seances:")[0] + "seances:\n" + series + "---\n")
    assert sessions == []
    assert problems[-1] == (("seances", 2), f"trop de séances (plus de {MAX_SESSIONS_PER_ACTIVITY}) pour une seule activité : découpez-la")


def test_a_stopped_activity_announces_its_later_sessions_as_cancelled():
    text = replace(ACTIVITY, "resume_facile:", "arret: {date: 2027-01-01, motif: fin du financement}\nresume_facile:")
    sessions, _ = expand(text)
    later = [s for s in sessions if s.start.date() >= date(2027, 1, 1)]
    assert later and all(s.cancelled for s in later)
    assert {s.cancel_reason for s in later} == {"Animateur absent", f"{STOP_REASON} : fin du financement"}
    assert not any(s.cancelled for s in sessions if s.start.date() < date(2027, 1, 1))


@pytest.mark.parametrize("day, expected", [
    (date(2026, 12, 1), "mardi 1er décembre 2026"),
    (date(2027, 8, 15), "dimanche 15 août 2027"),
])
def test_french_date(day, expected):
    assert french_date(day) == expected


def test_paris_clock_changes():
    assert paris_datetime(date(2027, 3, 28), time(2, 30)) is None
    assert utc(paris_datetime(date(2027, 3, 28), time(3, 0))) == "2027-03-28 01:00"
    assert ambiguous(datetime(2027, 10, 31, 2, 30, tzinfo=PARIS))
    assert not ambiguous(datetime(2027, 10, 31, 3, 30, tzinfo=PARIS))
