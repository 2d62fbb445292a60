"""Calendar feeds: one test (at least) per rule of the feeds issue, on a small catalogue.

The catalogue is the `network` and `feeds` trees of tests/fixtures/, written into a temporary folder; the checks read
the bytes with the tests' own small reader, never with the writer's helpers.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.outputs.ical import feedlist, feeds, feedstates, text as ical_text
from catalogue.content import history
from catalogue.content.model import Session
from feeds_helpers import SITE, TODAY, blocks_by_uid, events, load_ok, physical_lines, unescape, unfold
from fixtures import read, write_tree

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    return load_ok(write_tree(tmp_path_factory.mktemp("feeds"), "network", "feeds"))


@pytest.fixture(scope="module")
def files(catalogue):
    return feeds.feed_files(catalogue, SITE, None, 1795564800)


def calendar_props(data: bytes) -> dict[str, list[str]]:
    """Properties of the VCALENDAR itself (outside any component)."""
    props: dict[str, list[str]] = {}
    depth = 0
    for line in unfold(data):
        if line.startswith("BEGIN:"):
            depth += 1
        elif line.startswith("END:"):
            depth -= 1
        elif depth == 1:
            name, _, value = line.partition(":")
            props.setdefault(name, []).append(value)
    return props


def by_uid(data: bytes) -> dict[str, dict]:
    return {e["UID"][0]: e for e in events(data)}


vevent_blocks = blocks_by_uid


# ---- which feeds, at which addresses -----------------------------------------------------------


def test_one_feed_for_everything_and_for_every_id(catalogue, files):
    expected = {"calendriers/tout.ics"}
    expected |= {f"calendriers/territoire/{t}.ics" for t in catalogue.vocabulary.territories}
    expected |= {f"calendriers/categorie/{c}.ics" for c in catalogue.vocabulary.categories}
    expected |= {f"calendriers/public/{a}.ics" for a in catalogue.vocabulary.audiences}
    expected |= {f"calendriers/structure/{s}.ics" for s in catalogue.structures}
    expected |= {f"calendriers/badge/{b}.ics" for b in catalogue.badges}
    expected |= {f"calendriers/activite/{a}.ics" for a in catalogue.activities}
    assert set(files) == expected


def test_feed_addresses_depend_only_on_ids():
    assert feedlist.feed_path("tout") == "calendriers/tout.ics"
    assert feedlist.feed_path("structure", "le-dome") == "calendriers/structure/le-dome.ics"
    assert feedlist.feed_path("activite", "fablab-ouvert") == "calendriers/activite/fablab-ouvert.ics"


def expected_sessions(catalogue, path: str) -> set[str]:
    """The tests' own idea of what each feed holds (sessions in the window)."""
    first, last = TODAY - timedelta(days=7), date(2027, 10, 20)
    kind, _, ident = path.removeprefix("calendriers/").removesuffix(".ics").partition("/")
    chosen = set()
    for s in catalogue.sessions:
        if not first <= s.start.astimezone(PARIS).date() <= last:
            continue
        a = catalogue.activities[s.activity]
        commune = catalogue.places[s.place].commune
        territory = next(t for t, v in catalogue.vocabulary.territories.items() if commune in v.communes)
        if (kind == "tout" or (kind == "structure" and ident in a.organisers) or (kind == "activite" and a.id == ident)
                or (kind == "territoire" and territory == ident) or (kind == "categorie" and ident in a.categories)
                or (kind == "public" and ident in a.audiences) or (kind == "badge" and ident in a.badges)):
            chosen.add(f"{s.uid}@territoires-partages.example.org")
    return chosen


def test_each_feed_holds_exactly_its_sessions_in_the_window(catalogue, files):
    for path, data in files.items():
        uids = [e["UID"][0] for e in events(data)]
        assert len(uids) == len(set(uids)), path
        assert set(uids) == expected_sessions(catalogue, path), path
    # a session moved to another commune is in the territory where it now takes place
    assert "fablab-ouvert-20261215@territoires-partages.example.org" in by_uid(files["calendriers/territoire/vallees-orne-odon.ics"])
    assert "fablab-ouvert-20261215@territoires-partages.example.org" not in by_uid(files["calendriers/territoire/caen-la-mer.ics"])
    assert events(files["calendriers/structure/financeur.ics"]) == []


def test_a_session_is_the_same_bytes_in_every_feed(files):
    seen: dict[str, bytes] = {}
    for data in files.values():
        for uid, block in vevent_blocks(data).items():
            assert seen.setdefault(uid, block) == block, uid
    assert len(seen) == len(vevent_blocks(files["calendriers/tout.ics"]))


# ---- bytes: CRLF, UTF-8, folding, escaping ---------------------------------------------------------


def test_crlf_utf8_without_bom(files):
    for path, data in files.items():
        assert data.startswith(b"BEGIN:VCALENDAR\r\n"), path
        assert data.endswith(b"END:VCALENDAR\r\n"), path
        assert not data.startswith(b"\xef\xbb\xbf")
        assert b"\n" not in data.replace(b"\r\n", b""), f"{path}: LF without CR"
        assert b"\r" not in data.replace(b"\r\n", b""), f"{path}: CR without LF"
        data.decode("utf-8")


def test_lines_fold_at_75_octets_between_characters_and_escapes(files):
    for path, data in files.items():
        lines = physical_lines(data)
        for number, line in enumerate(lines):
            assert len(line) <= 75, f"{path}:{number}: {len(line)} octets"
            line.decode("utf-8")  # a split character would not decode
            if number and line.startswith(b" "):
                trailing = len(lines[number - 1]) - len(lines[number - 1].rstrip(b"\\"))
                assert trailing % 2 == 0, f"{path}:{number}: escape split across lines"


def test_long_french_text_and_emoji_fold_without_splitting(files):
    data = files["calendriers/activite/fablab-ouvert.ics"]
    description = by_uid(data)["fablab-ouvert-20261201@territoires-partages.example.org"]["DESCRIPTION"][0]
    assert "🎉🧑‍🔧✂️" in unescape(description)
    assert "àâäéèêëïîôöùûüÿç ÀÂÉÈÊËÎÏÔÙÛÜŸÇ Œœ Ææ « guillemets »" in unescape(description)
    assert sum(1 for line in physical_lines(data) if line.startswith(b" ")) > 20


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=400))
def test_escape_then_fold_round_trips(text):
    line = ical_text.text_line("DESCRIPTION", text)
    data = (line + "\r\n").encode()
    for physical in physical_lines(data):
        assert len(physical) <= 75
        physical.decode("utf-8")
    (content,) = unfold(data)
    name, _, value = content.partition(":")
    assert name == "DESCRIPTION"
    normalized = re.sub("\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", "\n", text)
    normalized = re.sub("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]", "", normalized)
    assert unescape(value) == normalized
    assert not re.search(r"(?<!\\)(\\\\)*[;,]", value.replace("\\;", "").replace("\\,", "")), "unescaped ; or ,"


def test_escaping_of_backslash_semicolon_comma_newline():
    assert ical_text.escape_text("a\\b;c,d\ne\r\nf\rg") == "a\\\\b\\;c\\,d\\ne\\nf\\ng"
    assert ical_text.escape_text("x\u2028y\x85z\x0bw\x00") == "x\\ny\\nz\\nw"


def test_fold_never_splits_an_escape():
    line = "DESCRIPTION:" + "é" * 30 + "a\\,b" * 40
    folded = ical_text.fold(line)
    for piece in folded.split("\r\n"):
        assert len(piece.encode()) <= 75
        assert (len(piece) - len(piece.rstrip("\\"))) % 2 == 0
    assert folded.replace("\r\n ", "") == line


def test_a_line_break_in_content_cannot_make_a_property(files):
    data = files["calendriers/activite/titre-piege.ics"]
    (event,) = events(data)
    assert event["SUMMARY"] == ["Atelier\\nATTENDEE:mailto:x@example.org"]
    assert unescape(event["SUMMARY"][0]) == "Atelier\nATTENDEE:mailto:x@example.org"
    assert "ATTENDEE" not in event and "BEGIN" not in event
    assert len(event["DTSTART;TZID=Europe/Paris"]) == 1
    lines = unfold(data)
    assert not any(line.startswith(("ATTENDEE", "BEGIN:VALARM")) for line in lines)
    assert sum(line.startswith("DTSTART") for line in lines) == 1 + 2  # the event, and the two VTIMEZONE rules


def test_text_values_are_escaped(files):
    event = by_uid(files["calendriers/tout.ics"])["heure-qui-change-20261025-3@territoires-partages.example.org"]
    assert event["CATEGORIES"] == ["Numérique\\, démarches\\; et \\\\ le reste"]
    assert event["LOCATION"] == ["Le Dôme\\, 3 esplanade Stéphane Hessel\\, 14000 Caen"]


# ---- the calendar ---------------------------------------------------------------------------------


def test_calendar_properties(files):
    for path, data in files.items():
        props = calendar_props(data)
        assert props["VERSION"] == ["2.0"]
        assert props["PRODID"] == ["-//Territoires Partages//Catalogue des activites 1.0//FR"]
        assert props["METHOD"] == ["PUBLISH"]
        assert props["NAME"] == props["X-WR-CALNAME"] and props["NAME"][0].startswith("Territoires Partagés – ")
        assert props["REFRESH-INTERVAL;VALUE=DURATION"] == ["PT12H"]
        assert props["X-PUBLISHED-TTL"] == ["PT12H"]
        assert props["SOURCE;VALUE=URI"] == [f"{SITE}/{path}"]
        assert props["URL"][0].startswith(SITE + "/")
        assert "X-WR-TIMEZONE" not in props
        description = unescape(props["DESCRIPTION"][0])
        assert "des 7 derniers jours et des 12 prochains mois" in description
    names = [calendar_props(data)["NAME"][0] for data in files.values()]
    assert len(names) == len(set(names)), "two feeds with the same name"


def test_calendar_url_is_the_page_of_what_it_lists(files):
    assert calendar_props(files["calendriers/activite/fablab-ouvert.ics"])["URL"] == [f"{SITE}/activites/fablab-ouvert/"]
    assert calendar_props(files["calendriers/structure/le-dome.ics"])["URL"] == [f"{SITE}/structures/le-dome/"]
    assert calendar_props(files["calendriers/tout.ics"])["URL"] == [f"{SITE}/agenda/"]


def test_vtimezone_with_rrules_before_the_events(files):
    for path, data in files.items():
        text = data.decode()
        assert text.count("BEGIN:VTIMEZONE") == 1
        block = text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE")]
        assert "TZID:Europe/Paris" in block
        assert "BEGIN:STANDARD" in block and "BEGIN:DAYLIGHT" in block
        assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in block
        assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in block
        assert "RDATE" not in block
        if "BEGIN:VEVENT" in text:
            assert text.index("END:VTIMEZONE") < text.index("BEGIN:VEVENT"), path


def test_times_are_paris_local_never_floating_nor_utc(files):
    for data in files.values():
        for event in events(data):
            for prop in ("DTSTART", "DTEND"):
                (value,) = event[f"{prop};TZID=Europe/Paris"]
                assert re.fullmatch(r"\d{8}T\d{6}", value)
                assert prop not in event, "floating time"
            assert not any("TZID=UTC" in name for name in event)
            assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"][0])


def test_vtimezone_agrees_with_the_tz_database(files):
    """Our RRULE VTIMEZONE, read by dateutil's own VTIMEZONE parser, gives tzdata's offsets."""
    text = files["calendriers/tout.ics"].decode()
    block = text[text.index("BEGIN:VTIMEZONE"):text.index("END:VTIMEZONE") + len("END:VTIMEZONE")]
    ours = dateutil_tz.tzical(io.StringIO(block.replace("\r\n", "\n"))).get("Europe/Paris")
    moment = datetime(2026, 1, 1, tzinfo=timezone.utc)
    while moment < datetime(2029, 1, 1, tzinfo=timezone.utc):
        local = moment.astimezone(PARIS).replace(tzinfo=None)
        expected = moment.astimezone(PARIS).utcoffset()
        if local.replace(tzinfo=ours).utcoffset() != expected:
            # the hour repeated in October is ambiguous as a wall-clock time: RFC 5545 takes the first
            assert local.month == 10 and local.hour == 2, moment
        moment += timedelta(minutes=60)


def test_dst_days_in_the_feed(files):
    stamps = {uid: event["DTSTART;TZID=Europe/Paris"][0] for uid, event in by_uid(files["calendriers/tout.ics"]).items()}
    assert stamps["heure-qui-change-20261025-3@territoires-partages.example.org"] == "20261025T100000"
    assert stamps["heure-qui-change-20270328-2@territoires-partages.example.org"] == "20270328T033000"


# ---- each session ----------------------------------------------------------------------------------


def test_uid_is_the_activity_the_planned_day_and_the_rank_that_day_under_the_site_domain(catalogue, files):
    uids = set(vevent_blocks(files["calendriers/tout.ics"]))
    assert uids == {f"{s.uid}@territoires-partages.example.org" for s in catalogue.sessions if f"{s.uid}@territoires-partages.example.org" in uids}
    assert "fablab-ouvert-20261201@territoires-partages.example.org" in uids
    same_day = sorted(s.key for s in catalogue.sessions_of("heure-qui-change") if s.key.startswith("heure-qui-change-20261025"))
    assert same_day == ["heure-qui-change-20261025", "heure-qui-change-20261025-2", "heure-qui-change-20261025-3"]


def test_cancelled_session_stays_with_status_sequence_and_prefix(files):
    event = by_uid(files["calendriers/tout.ics"])["fablab-ouvert-20261208@territoires-partages.example.org"]
    assert event["STATUS"] == ["CANCELLED"]
    assert int(event["SEQUENCE"][0]) >= 1
    assert unescape(event["SUMMARY"][0]) == "ANNULÉ – Fablab ouvert – découvrir les machines"
    assert "Animateur absent, désolé ; reprise le 15" in unescape(event["DESCRIPTION"][0])
    other = by_uid(files["calendriers/tout.ics"])["fablab-ouvert-20261201@territoires-partages.example.org"]
    assert other["STATUS"] == ["CONFIRMED"] and other["SEQUENCE"] == ["0"]
    assert not unescape(other["SUMMARY"][0]).startswith("ANNULÉ")


def test_moved_session_keeps_its_uid_with_a_higher_sequence(tmp_path):
    activity = {"activities/le-dome/deplace.md": read("feeds", "activities/le-dome/heure-qui-change.md").replace(
        "titre: Atelier du changement d'heure", "titre: Atelier déplacé")}
    before = write_tree(tmp_path / "avant", "network", files=activity)
    text = (before / "activities/le-dome/deplace.md").read_text(encoding="utf-8")
    moved = text.replace('  - {date: 2026-10-25, debut: "10:00", fin: "12:00"}',
                         '  - {date: 2026-10-25, debut: "10:00", fin: "12:00", changement: {date: 2026-10-27, debut: "14:00", fin: "15:00", motif: "Salle"}}')
    assert moved != text
    after = write_tree(tmp_path / "apres", "network", files=activity)
    (after / "activities/le-dome/deplace.md").write_text(moved, encoding="utf-8")
    uid = "deplace-20261025-3@territoires-partages.example.org"
    old = by_uid(feeds.feed_files(load_ok(before), SITE)["calendriers/tout.ics"])[uid]
    new = by_uid(feeds.feed_files(load_ok(after), SITE)["calendriers/tout.ics"])[uid]
    assert int(new["SEQUENCE"][0]) > int(old["SEQUENCE"][0])
    assert new["DTSTART;TZID=Europe/Paris"] == ["20261027T140000"]
    assert "Changement" in unescape(new["DESCRIPTION"][0]) and "Salle" in unescape(new["DESCRIPTION"][0])


def test_event_fields(files):
    event = by_uid(files["calendriers/tout.ics"])["heure-qui-change-20261210@territoires-partages.example.org"]
    assert event["GEO"] == ["49.186600;-0.356100"]
    assert event["URL"] == [f"{SITE}/activites/heure-qui-change/"]
    description = unescape(event["DESCRIPTION"][0])
    for part in ("Un atelier les jours où l'heure change.", "Sur inscription : appelez avant de venir.",
                 "Prix : 2 €, ou 1 € avec la carte, par séance", f"{SITE}/activites/heure-qui-change/",
                 "Grève des transports", "02 31 06 60 50"):
        assert part in description
    assert "Gratuit." in unescape(by_uid(files["calendriers/tout.ics"])["fablab-ouvert-20261201@territoires-partages.example.org"]["DESCRIPTION"][0])
    evrecy = by_uid(files["calendriers/tout.ics"])["fablab-ouvert-20261215@territoires-partages.example.org"]
    assert unescape(evrecy["LOCATION"][0]) == "Fablab mobile – étape d'Évrecy, Parking de la mairie, 14210 Évrecy"
    assert "GEO" not in evrecy  # that place has no coordinates
    for data in files.values():
        lines = unfold(data)
        assert not any(line.startswith(("BEGIN:VALARM", "ATTENDEE")) for line in lines)
        for event in events(data):
            for name in ("SUMMARY", "LOCATION", "DESCRIPTION", "URL", "CATEGORIES", "UID", "DTSTAMP", "SEQUENCE", "STATUS"):
                assert len(event.get(name, [])) == 1, name


def test_the_window_is_a_week_back_and_twelve_months_ahead(files):
    uids = set(vevent_blocks(files["calendriers/activite/heure-qui-change.ics"]))
    assert "heure-qui-change-20261001@territoires-partages.example.org" not in uids  # more than 7 days before 2026-10-20
    assert "heure-qui-change-20271201@territoires-partages.example.org" not in uids  # after 2027-10-20
    assert "heure-qui-change-20261025@territoires-partages.example.org" in uids


def test_the_calendar_description_holds_no_date_so_bytes_stay_the_same_from_day_to_day(files):
    description = unescape(calendar_props(files["calendriers/tout.ics"])["DESCRIPTION"][0])
    assert "des 7 derniers jours et des 12 prochains mois" in description
    assert not re.search(r"\b20\d\d\b", description)


# ---- versions: without history, estimated from the files; reproducible bytes ------------------------


def test_without_history_events_carry_the_fallback_stamp_and_a_sequence_from_the_file(catalogue):
    data = feeds.feed_files(catalogue, SITE, None, 1700000000)
    fablab = by_uid(data["calendriers/tout.ics"])["fablab-ouvert-20261201@territoires-partages.example.org"]
    assert fablab["DTSTAMP"] == [datetime.fromtimestamp(1700000000, timezone.utc).strftime("%Y%m%dT%H%M%SZ")]
    assert fablab["SEQUENCE"] == ["0"] and "LAST-MODIFIED" not in fablab


def test_two_builds_are_byte_identical(tmp_path):
    root = write_tree(tmp_path / "repo", "network", "feeds")
    first = dict(feedstates.write_feeds(load_ok(root), SITE))
    second = dict(feedstates.write_feeds(load_ok(root), SITE))
    assert first == second


def test_outside_git_the_history_says_so_and_stamps_are_source_date_epoch_or_fixed(tmp_path):
    root = write_tree(tmp_path / "repo", "network", "feeds")
    catalogue = load_ok(root)
    found = feedstates.content_history(catalogue, SITE, {"SOURCE_DATE_EPOCH": "1795564800"})
    assert not found.complete and "pas d'historique git" in found.note
    assert {v.modified for v in found.versions.values()} == {1795564800}
    assert {v.modified for v in feedstates.content_history(catalogue, SITE, {}).versions.values()} == {history.FIXED_EPOCH}


# ---- size ------------------------------------------------------------------------------------------


def test_every_feed_is_under_one_megabyte(files):
    assert all(len(data) < 1_000_000 for data in files.values())


def test_a_feed_over_the_limit_is_shared_fairly_in_whole_days_and_says_so(catalogue):
    limit = 30_000
    data = feeds.feed_files(catalogue, SITE, None, 0, max_bytes=limit)
    full = feeds.feed_files(catalogue, SITE, None, 0)
    assert all(len(d) <= limit for d in data.values())
    kept = set(blocks_by_uid(data["calendriers/tout.ics"]))
    blocks = blocks_by_uid(full["calendriers/tout.ics"])
    assert 0 < len(kept) < len(blocks)
    owner = {f"{s.uid}@territoires-partages.example.org": s.activity for s in catalogue.sessions}
    day_of = {uid: e["DTSTART;TZID=Europe/Paris"][0][:8] for uid, e in by_uid(full["calendriers/tout.ics"]).items()}
    today = f"{TODAY:%Y%m%d}"
    size: dict[str, int] = {}
    trimmed, complete = set(), set()
    for activity in sorted({owner[uid] for uid in blocks}):
        uids = [uid for uid in blocks if owner[uid] == activity]
        size[activity] = sum(len(blocks[uid]) for uid in uids)
        days = sorted({day_of[uid] for uid in uids}, key=lambda d: (d < today, abs(int(d) - int(today)) if d >= today else -int(d)))
        kept_days = [d for d in days if any(day_of[uid] == d and uid in kept for uid in uids)]
        # whole days of each activity, its nearest ones: today and after first, then the most recent past
        assert kept_days == days[:len(kept_days)], activity
        assert all(uid in kept for uid in uids if day_of[uid] in kept_days), activity
        (complete if len(kept_days) == len(days) else trimmed).add(activity)
    assert trimmed
    # the activities that lose sessions are the biggest ones: every smaller one keeps all of its own
    assert min(size[a] for a in trimmed) > max((size[a] for a in complete), default=0)
    description = unescape(calendar_props(data["calendriers/tout.ics"])["DESCRIPTION"][0])
    assert "limité à 1 Mo" in description
    biggest = max(trimmed, key=lambda a: size[a])
    assert f"« {catalogue.activities[biggest].title.splitlines()[0]}" in description
    assert "seulement" in description


# ---- bad input ---------------------------------------------------------------------------------------


def test_a_session_in_the_spring_forward_gap_is_a_content_error_with_file_and_line(tmp_path):
    activity = {"activities/le-dome/trou.md": read("feeds", "activities/le-dome/titre-piege.md").replace(
        '  - {date: 2026-12-02, debut: "14:00", fin: "15:00"}', '  - {date: 2027-03-28, debut: "02:30", fin: "03:30"}')}
    from catalogue.content.load import load

    catalogue, problems, _ = load(write_tree(tmp_path, "network", files=activity), TODAY)
    assert catalogue is None
    assert any(p.path == "activities/le-dome/trou.md" and p.line > 1 and "02:30" in p.message for p in problems)


def test_the_writer_never_crashes_on_dangling_references(catalogue):
    stray = Session(activity="nulle-part", key="nulle-part-20261201-1000", start=datetime(2026, 12, 1, 10, tzinfo=PARIS),
                    end=datetime(2026, 12, 1, 11, tzinfo=PARIS), place="inconnu")
    lost = replace(catalogue.sessions_of("fablab-ouvert")[12], place="lieu-inconnu", key="perdu-1")
    broken = replace(catalogue, sessions=catalogue.sessions + (stray, lost))
    data = feeds.feed_files(broken, SITE)
    assert "perdu-1@territoires-partages.example.org" in by_uid(data["calendriers/tout.ics"])
    assert "nulle-part-20261201@territoires-partages.example.org" not in by_uid(data["calendriers/tout.ics"])


def test_fast_enough(catalogue):
    import time

    started = time.perf_counter()
    feeds.feed_files(catalogue, SITE)
    assert time.perf_counter() - started < 0.5


def test_a_time_in_the_repeated_october_hour_is_a_warning_with_file_and_line(tmp_path):
    activity = {"activities/le-dome/double.md": read("feeds", "activities/le-dome/titre-piege.md").replace(
        '  - {date: 2026-12-02, debut: "14:00", fin: "15:00"}', '  - {date: 2026-10-25, debut: "02:30", fin: "04:00"}')}
    from catalogue.content.load import load

    catalogue, problems, warnings = load(write_tree(tmp_path, "network", files=activity), TODAY)
    assert catalogue is not None and not problems
    (warning,) = [w for w in warnings if w.path == "activities/le-dome/double.md" and "deux fois" in w.message]
    assert warning.line > 1 and warning.field == "debut"
    assert "l'heure 02:30 existe deux fois le dimanche 25 octobre 2026" in str(warning)
    (session,) = catalogue.sessions_of("double")
    assert session.start.utcoffset() == timedelta(hours=2)  # the first 02:30, summer time
