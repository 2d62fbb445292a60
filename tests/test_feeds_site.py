"""Calendar feeds and "S'abonner" pages of the real built site (the `built_site` fixture)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date, timezone
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import catalogue_env
from feeds_helpers import blocks_by_uid, events, physical_lines
from test_feeds_parsers import read_icalendar, read_recurring, read_vobject

BUILD_DAY = date(2026, 11, 25)  # SOURCE_DATE_EPOCH of conftest
PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc
FIRST, LAST = date(2026, 11, 18), date(2027, 11, 25)  # BUILD_DAY, a week back and twelve months ahead
SITE = "https://territoires-partages.example.org"  # pelicanconf's default SITE_ABSOLUTE_URL
DOMAIN = "territoires-partages.example.org"  # the UIDs' domain: the site's host


@pytest.fixture(scope="module")
def catalogue(repo_root):
    from catalogue.content.load import load

    catalogue, problems, _ = load(repo_root, BUILD_DAY)
    assert catalogue is not None, problems
    return catalogue


@pytest.fixture(scope="module")
def feed_files(built_site) -> dict[str, bytes]:
    found = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in (built_site / "calendriers").rglob("*.ics")}
    assert found, "aucun calendrier construit"
    return found


def members(catalogue) -> dict[str, set]:
    """{feed path: expected (uid, start, end, status, summary)}, computed here from the content."""
    result: dict[str, set] = {}
    for s in catalogue.sessions:
        if not FIRST <= s.start.astimezone(PARIS).date() <= LAST:
            continue
        a = catalogue.activities[s.activity]
        title = a.title.replace("\r\n", "\n")
        # a full session still happens (CONFIRMED), a postponed one does not (CANCELLED); the title says which
        prefix = "ANNULÉ – " if s.cancelled else {"reporte": "REPORTÉ – ", "complet": "COMPLET – "}.get(s.status or "", "")
        suffix = f" (jour {s.course_day} sur {s.course_days})" if s.course and s.course_days > 1 else ""
        start, end = ((s.start.astimezone(PARIS).date(), s.end.astimezone(PARIS).date()) if s.all_day
                      else (s.start.astimezone(UTC), s.end.astimezone(UTC)))
        row = (f"{s.uid}@{DOMAIN}", start, end, "CANCELLED" if s.cancelled or s.status == "reporte" else "CONFIRMED", prefix + title + suffix)
        territory = next(t for t, v in catalogue.vocabulary.territories.items() if catalogue.places[s.place].commune in v.communes)
        keys = ["tout", *(f"structure/{o}" for o in a.organisers), f"activite/{a.id}", f"territoire/{territory}"]
        keys += [f"categorie/{c}" for c in a.categories] + [f"public/{p}" for p in a.audiences] + [f"badge/{b}" for b in a.badges]
        for key in keys:
            result.setdefault(f"calendriers/{key}.ics", set()).add(row)
    return result


def test_a_feed_for_everything_and_every_id(catalogue, feed_files):
    expected = {"calendriers/tout.ics"}
    for kind, ids in (("territoire", catalogue.vocabulary.territories), ("categorie", catalogue.vocabulary.categories),
                      ("public", catalogue.vocabulary.audiences), ("structure", catalogue.structures),
                      ("badge", catalogue.badges), ("activite", catalogue.activities)):
        expected |= {f"calendriers/{kind}/{i}.ics" for i in ids}
    assert set(feed_files) == expected


def test_every_feed_is_under_one_megabyte_with_lines_of_75_octets(feed_files):
    largest = max(feed_files, key=lambda p: len(feed_files[p]))
    print(f"\n{len(feed_files)} calendriers, le plus gros : {largest} ({len(feed_files[largest])} octets)")
    for path, data in feed_files.items():
        assert len(data) < 1_000_000, path
        assert all(len(line) <= 75 for line in physical_lines(data)), path
        data.decode("utf-8")


def test_sessions_are_the_same_bytes_in_every_feed(feed_files):
    seen: dict[str, bytes] = {}
    for path, data in feed_files.items():
        for uid, block in blocks_by_uid(data).items():
            assert seen.setdefault(uid, block) == block, (path, uid)


READERS = {"icalendar": read_icalendar, "vobject": read_vobject, "recurring-ical-events": read_recurring}


def _check(path: str, got: set, want: set, data: bytes) -> None:
    if b"limit\xc3\xa9 \xc3\xa0 1 Mo" in data:  # trimmed to stay under 1 MB: whole days from today
        assert got <= want and got, path
    else:
        assert got == want, path


def test_every_feed_parses_in_three_parsers_and_reads_back_as_the_content(catalogue, feed_files):
    """Each distinct VEVENT is parsed once by each parser (a session is the same bytes in every
    feed), each feed's own header too; then every feed is exactly its header and those blocks."""
    expected = members(catalogue)
    blocks: dict[str, bytes] = {}
    for data in feed_files.values():
        blocks.update(blocks_by_uid(data))
    tout = feed_files["calendriers/tout.ics"]
    head = tout[:tout.find(b"BEGIN:VEVENT")] if b"BEGIN:VEVENT" in tout else tout[:-len(b"END:VCALENDAR\r\n")]
    union = head + b"".join(blocks.values()) + b"END:VCALENDAR\r\n"
    rows = {name: {row[0]: row for row in read(union)} for name, read in READERS.items()}
    assert rows["icalendar"] == rows["vobject"] == rows["recurring-ical-events"]
    assert len(rows["icalendar"]) == len(blocks)
    for path, data in feed_files.items():
        start = data.find(b"BEGIN:VEVENT")
        header = data[:start] if start >= 0 else data[:-len(b"END:VCALENDAR\r\n")]
        uids = list(blocks_by_uid(data))
        assert data == header + b"".join(blocks[u] for u in uids) + b"END:VCALENDAR\r\n", path
        for read in READERS.values():
            assert read(header + b"END:VCALENDAR\r\n") == set(), path
        _check(path, {rows["icalendar"][u] for u in uids}, expected.get(path, set()), data)


@pytest.mark.parametrize("reader", READERS)
def test_the_biggest_feeds_parse_whole(catalogue, feed_files, reader):
    expected = members(catalogue)
    others = [p for p in feed_files if p != "calendriers/tout.ics"]
    biggest = {"tout": "calendriers/tout.ics", "other": max(others, key=lambda p: len(feed_files[p]))}
    for path in biggest.values():
        _check(path, READERS[reader](feed_files[path]), expected.get(path, set()), feed_files[path])


def test_two_builds_give_byte_identical_feeds(built_site, tmp_path, repo_root):
    output = tmp_path / "again"
    proc = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(output)], cwd=repo_root,
                          env=catalogue_env(), capture_output=True, text=True, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    for folder in ("calendriers", "abonnement"):
        first = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in (built_site / folder).rglob("*") if p.is_file()}
        second = {p.relative_to(output).as_posix(): p.read_bytes() for p in (output / folder).rglob("*") if p.is_file()}
        assert first.keys() == second.keys()
        assert [p for p in first if first[p] != second[p]] == []


def test_cancelled_sessions_of_the_content_are_marked(catalogue, feed_files):
    cancelled = [s for s in catalogue.sessions if s.cancelled and FIRST <= s.start.astimezone(PARIS).date() <= LAST]
    tout = {e["UID"][0]: e for e in events(feed_files["calendriers/tout.ics"])}
    assert cancelled
    for s in cancelled:
        event = tout[f"{s.uid}@{DOMAIN}"]
        assert event["STATUS"] == ["CANCELLED"] and int(event["SEQUENCE"][0]) >= 1
        assert event["SUMMARY"][0].startswith("ANNULÉ – ")


# ---- the "S'abonner" pages -------------------------------------------------------------------------


class Outline(HTMLParser):
    """Headings, links (href, accessible name), images and scripts of the <main> of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.in_main = False
        self.headings: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []
        self.images: list[dict] = []
        self.scripts = 0
        self._heading: list | None = None
        self._link: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag == "main":
            self.in_main = True
        if tag == "script":
            self.scripts += 1
        if not self.in_main:
            return
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [int(tag[1]), ""]
        if tag == "a":
            self._link = [a.get("href", ""), ""]
        if tag == "img":
            self.images.append(a)

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if self._heading is not None and re.fullmatch(r"h[1-6]", tag):
            self.headings.append((self._heading[0], " ".join(self._heading[1].split())))
            self._heading = None
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._link is not None:
            self._link[1] += data


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def subscribe_pages(built_site: Path) -> list[Path]:
    return sorted((built_site / "abonnement").rglob("index.html"))


def offered(catalogue, path: str) -> bool:
    """An activity without dates (by appointment) has a feed file but no subscribe page: nothing to subscribe to."""
    kind, _, ident = path.removeprefix("calendriers/").removesuffix(".ics").partition("/")
    return not (kind == "activite" and catalogue.activities[ident].no_dates is not None)


def test_a_subscribe_page_for_every_feed(built_site, feed_files, catalogue):
    pages = {p.relative_to(built_site).as_posix() for p in subscribe_pages(built_site)}
    for path in feed_files:
        key = path.removeprefix("calendriers/").removesuffix(".ics")
        if not offered(catalogue, path):
            assert f"abonnement/{key}/index.html" not in pages, path
            continue
        assert ("abonnement/index.html" if key == "tout" else f"abonnement/{key}/index.html") in pages, path


def test_every_subscribe_page_offers_every_way_to_subscribe(built_site, feed_files, catalogue):
    for path in feed_files:
        if not offered(catalogue, path):
            continue
        key = path.removeprefix("calendriers/").removesuffix(".ics")
        page = built_site / ("abonnement/index.html" if key == "tout" else f"abonnement/{key}/index.html")
        parsed = outline(page)
        hrefs = [href for href, _ in parsed.links]
        https = f"{SITE}/{path}"
        assert f"webcal://{https.removeprefix('https://')}" in hrefs, page
        google = [h for h in hrefs if h.startswith("https://calendar.google.com/calendar/render?cid=")]
        encoded = https.replace(":", "%3A").replace("/", "%2F")
        # Google's documented-by-usage form: cid = the URL-encoded webcal:// address, at most ~256 characters in all
        expected = f"https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2F{encoded.removeprefix('https%3A%2F%2F')}"
        assert google == ([expected] if len(expected) <= 256 else []), page
        assert any(h.startswith(f"https://outlook.office.com/calendar/addfromweb?url={encoded}&name=") for h in hrefs), page
        assert any(h.startswith(f"https://outlook.live.com/calendar/0/addfromweb?url={encoded}&name=") for h in hrefs), page
        assert any(h.endswith(path) and not h.startswith("http") for h in hrefs), f"{page}: no link to download the .ics"
        text = page.read_text(encoding="utf-8")
        assert https.replace("/", "/<wbr>") in text, f"{page}: the https address to copy is not shown"
        (qr,) = [i for i in parsed.images if i.get("src", "").endswith(".svg")]
        assert qr["alt"].startswith("QR code") and qr.get("width") and qr.get("height")
        target = (page.parent / qr["src"]).resolve()
        assert target.read_bytes().lstrip().startswith(b"<?xml") and b"<svg" in target.read_bytes()


def test_subscribe_pages_are_accessible_french_without_script(built_site):
    for page in subscribe_pages(built_site):
        parsed = outline(page)
        assert parsed.lang == "fr"
        assert parsed.scripts == 0
        levels = [level for level, _ in parsed.headings]
        assert levels[0] == 1 and levels.count(1) == 1, page
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{page}: heading levels skip {levels}"
        names: dict[str, str] = {}
        for href, name in parsed.links:
            assert name, f"{page}: empty link to {href}"
            assert names.setdefault(name, href) == href, f"{page}: « {name} » names two different links"


def test_the_main_page_explains_each_client_and_google_delay(built_site):
    page = built_site / "abonnement/index.html"
    headings = [text for _, text in outline(page).headings]
    for client in ("Outlook sur le web", "Outlook sur ordinateur", "Google Agenda", "iPhone", "Android", "Mac", "Thunderbird"):
        assert any(client in h for h in headings), client
    text = re.sub(r"<[^>]+>", "", page.read_text(encoding="utf-8"))
    assert "toutes les 8 à 24 heures" in text
    assert "ICSx⁵" in text and "« ANNULÉ – »" in text


def test_activity_pages_link_to_their_feed(built_site, catalogue):
    """Every activity with dates links to its feed; one without dates (by appointment) offers no empty calendar,
    but its feed file stays, so that a calendar subscribed before keeps a valid address."""
    for activity_id, activity in catalogue.activities.items():
        page = built_site / "activites" / activity_id / "index.html"
        hrefs = [href for href, _ in outline(page).links]
        linked = any(h.endswith(f"abonnement/activite/{activity_id}/") for h in hrefs)
        assert linked is (activity.no_dates is None), page
        assert (built_site / "calendriers" / "activite" / f"{activity_id}.ics").is_file()


@pytest.mark.parametrize("length", [10, 40, 80, 120, 200, 400])
def test_qr_code_svg_is_segnos_own_output(length):
    """The fast SVG writer gives byte for byte what segno's writer gives for the same code."""
    import io
    import random
    import string

    import segno

    from catalogue.outputs import qrcodes

    rnd = random.Random(length)
    for _ in range(20):
        data = "webcal://" + "".join(rnd.choice(string.ascii_lowercase + "-./é") for _ in range(length)) + ".ics"
        code = segno.make(data, **qrcodes.QR_PARAMS)
        expected = io.BytesIO()
        code.save(expected, **qrcodes.QR_SVG)
        assert qrcodes._make_qr_svg(data) == expected.getvalue()
