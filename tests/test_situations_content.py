"""Issue 15, organisation and wording: activities run by several structures, publics with a condition,
badges built with a partner, typography, plurals and « au WIP », each from a content file through
`check` and `build` to the text of the built pages and the feeds read by independent parsers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
import vobject

from conftest import catalogue_env
from fixtures import read, write_tree

# Every character editors type that a writer could mangle, in every kind of text field
# (activities/le-dome/typographie.md and the badge of the `organisation` tree).
TYPO = "L’atelier d'Ève « Caen & co » : 10\u00a0€, 14\u202fh, <Caen>"
SHARED_PATH = "activities/le-dome/film-d-animation.md"  # led by Le Dôme, run with Le WIP and the Café des images
WOMEN_PATH = "activities/le-wip/sport-entre-femmes.md"


ROOT = Path(__file__).parents[1]


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    settings = ["--settings", str(ROOT / "pelicanconf.py")] if args[0] == "build" else []
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), *args, *settings], cwd=ROOT, env=catalogue_env(),
                          capture_output=True, text=True, timeout=600, check=False)


class _Text(HTMLParser):
    """The text a reader sees (no script or style), with block boundaries as new lines."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "div", "section", "summary", "br", "tr", "ul", "details"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def text_of(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    lines = (" ".join(line.split(" ")).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def cards_text(path: Path) -> list[str]:
    """The text of each activity card of a list page."""
    html = path.read_text(encoding="utf-8")
    out = []
    for chunk in html.split('<li class="card">')[1:]:
        parser = _Text()
        parser.feed(chunk.split("\n</li>")[0])
        out.append(" ".join("".join(parser.parts).split()))
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = write_tree(tmp_path_factory.mktemp("situations") / "depot", "small", "organisation", repo=["content"])
    (root / "theme").symlink_to(ROOT / "theme")
    check = run(root, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run(root, "build", "--output", str(root / "out"))
    assert build.returncode == 0, build.stdout + build.stderr
    return root / "out"


def uids(data: bytes) -> list[str]:
    return [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


# ---- 6. one activity, several organisers ---------------------------------------------------------


SHARED_UIDS_COUNT = 6


def test_a_co_organised_activity_is_once_in_every_feed_and_in_each_organisers_feed(site):
    calendars = site / "calendriers"
    for path in sorted(calendars.rglob("*.ics")):
        data = path.read_bytes()
        listed = uids(data)
        assert len(listed) == len(set(listed)), f"UID en double dans {path.name}"
        vlisted = [e.uid.value for e in getattr(vobject.readOne(data.decode()), "vevent_list", [])]
        assert Counter(vlisted) == Counter(listed)
        occurrences = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).count()
        assert occurrences == len(listed), path
    shared = {u for u in uids((calendars / "activite/film-d-animation.ics").read_bytes())}
    assert len(shared) == SHARED_UIDS_COUNT
    for organiser in ("le-dome", "le-wip", "cafe-des-images"):
        assert shared <= set(uids((calendars / f"structure/{organiser}.ics").read_bytes())), organiser
    everything = uids((calendars / "tout.ics").read_bytes())
    assert sum(u in shared for u in everything) == SHARED_UIDS_COUNT
    # Its sessions in Colombelles and Caen are both in Caen la Mer's feed: once each.
    territory = uids((calendars / "territoire/caen-la-mer.ics").read_bytes())
    assert sum(u in shared for u in territory) == SHARED_UIDS_COUNT
    description = icalendar.Calendar.from_ical((calendars / "tout.ics").read_bytes()).walk("VEVENT")
    shared_event = next(e for e in description if str(e["UID"]) in shared)
    assert "Proposé par Le Dôme, avec Le WIP et Café des images" in str(shared_event["DESCRIPTION"])


def test_a_co_organised_activity_shows_on_each_organisers_page_and_filter_once(site):
    for organiser in ("le-dome", "le-wip", "cafe-des-images"):
        cards = [c for c in cards_text(site / f"structures/{organiser}/index.html") if c.startswith("Film d'animation")]
        assert len(cards) == 1, organiser
        assert "Proposé par : Le Dôme, Le WIP et Café des images" in cards[0].replace("\u00a0", " ")
        listed = [c for c in cards_text(site / f"filtres/structure/{organiser}/index.html") if c.startswith("Film d'animation")]
        assert len(listed) == 1, organiser
    everything = [c for c in cards_text(site / "activites/index.html") if c.startswith("Film d'animation")]
    assert len(everything) == 1
    page = text_of(site / "activites/film-d-animation/index.html")
    assert "Activité proposée par Le Dôme, avec Le WIP et Café des images." in page
    home = text_of(site / "index.html")
    assert "Le WIP (2 activités)" in home  # its own activity and the shared one


def test_an_activity_copied_into_two_folders_is_an_error_naming_both_files(tmp_path):
    copy = read("organisation", SHARED_PATH).replace("structure: le-dome\nco_organisateurs: [le-wip, cafe-des-images]", "structure: le-wip")
    root = write_tree(tmp_path, "small", "organisation", files={"activities/le-wip/film-d-animation.md": copy})
    proc = run(root, "check")
    assert proc.returncode != 0
    line = next(line for line in (proc.stdout + proc.stderr).splitlines() if "film-d-animation" in line and "double" in line)
    assert "activities/le-dome/film-d-animation.md" in line and "activities/le-wip/film-d-animation.md" in line
    assert "co_organisateurs" in line and "Traceback" not in proc.stderr


def test_co_organisers_are_checked(tmp_path):
    bad = ("co_organisateurs: [le-wip, cafe-des-images]", "co_organisateurs: [le-dome, le-wipp, le-wip, le-wip]")
    proc = run(write_tree(tmp_path, "small", "organisation", edits={SHARED_PATH: bad}), "check")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "activities/le-dome/film-d-animation.md:4: co_organisateurs[0]: « le-dome » est déjà la structure principale" in out
    assert "co_organisateurs[1]: structure inconnu(e) « le-wipp ». Vouliez-vous dire « le-wip » ?" in out
    assert "co_organisateurs[3]: « le-wip » est écrit deux fois" in out


# ---- 7. publics with a condition -------------------------------------------------------------------


def test_a_condition_is_said_on_the_page_the_cards_and_the_filter_page(site):
    page = text_of(site / "activites/sport-entre-femmes/index.html")
    assert "Pour qui ?" in page.replace("\u00a0", " ")
    assert "Femmes : réservé aux femmes" in page.replace("\u00a0", " ")
    for listing in ("activites/index.html", "filtres/public/femmes/index.html", "structures/le-wip/index.html"):
        card = next(c for c in cards_text(site / listing) if c.startswith("Sport entre femmes"))
        assert "Pour qui : réservé aux femmes" in card.replace("\u00a0", " "), listing
    assert "Réservé aux femmes. Un temps entre femmes." in text_of(site / "filtres/public/femmes/index.html")
    # An open activity says no condition.
    assert not any("Pour qui" in c for c in cards_text(site / "activites/index.html") if c.startswith("Fablab ouvert"))


def test_an_unknown_public_lists_the_allowed_values_and_whom_to_ask(tmp_path):
    proc = run(write_tree(tmp_path, "small", "organisation", edits={WOMEN_PATH: ("publics: [femmes]", "publics: [femme]")}), "check")
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    line = next(line for line in out.splitlines() if "sport-entre-femmes.md:6: publics[0]" in line)
    assert "« femme »" in line and "Vouliez-vous dire « femmes » ?" in line
    assert "Valeurs possibles : femmes, jeunes-18-25, tout-public." in line
    assert "demandez à l'équipe de coordination : Le Dôme (contact@ledome.info)" in line


def test_a_reserved_public_next_to_an_open_one_is_a_warning(tmp_path):
    mixed = ("publics: [femmes]", "publics: [femmes, tout-public]")
    proc = run(write_tree(tmp_path, "small", "organisation", edits={WOMEN_PATH: mixed}), "check")
    assert proc.returncode == 0
    assert "publics[0]: attention : « femmes » pose une condition (réservé aux femmes) mais « tout-public » non" in proc.stdout + proc.stderr


# ---- 8. a badge built with an employer ------------------------------------------------------------


def test_the_co_builders_pages_list_the_badge(site):
    for builder in ("keolis", "le-wip"):
        page = text_of(site / f"structures/{builder}/index.html")
        assert "Les badges construits avec" in page, builder
        assert "Fabriquer au fablab" in page and "délivré par Le Dôme" in page
    assert "Les badges construits avec" not in text_of(site / "structures/le-dome/index.html")


# ---- 9. typography --------------------------------------------------------------------------------


def test_typography_survives_on_the_page(site):
    page = text_of(site / "activites/typographie/index.html")
    for char in ("’", "'", "«", "»", "\u00a0", "\u202f", "&", "<Caen>"):
        assert char in page, repr(char)
    spaces = str.maketrans({"\u00a0": " ", "\u202f": " "})  # pages may add non-breaking spaces (« 14 h »), never remove one
    assert page.translate(spaces).count(TYPO.translate(spaces)) >= 5, page  # title, summary, price, what to bring, body
    assert "Rendez-vous à <Caen>, 5 < 6 & « fin »." in page
    head = (site / "activites/typographie/index.html").read_text(encoding="utf-8")
    assert "<Caen>" not in head  # written as &lt;Caen&gt;, never as a tag
    assert "Fabriquer au fablab – L’atelier" in text_of(site / "badges/fabriquer/index.html")


def test_typography_survives_in_the_feeds(site):
    data = (site / "calendriers/activite/typographie.ics").read_bytes()
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == TYPO
    assert TYPO in str(event["DESCRIPTION"])
    parsed = vobject.readOne(data.decode("utf-8")).vevent
    assert parsed.summary.value == TYPO
    occurrence = recurring_ical_events.of(icalendar.Calendar.from_ical(data)).count()
    assert occurrence == 1


def test_typography_of_names_survives_in_pages_feeds_and_the_form(site):
    assert "Keolis – l’équipe « Twisto » & ses ateliers" in text_of(site / "structures/keolis/index.html").splitlines()
    data = (site / "calendriers/activite/film-d-animation.ics").read_bytes()
    locations = {str(e["LOCATION"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert "Café des images – salle « L’Écran » & bar, 4 square du Théâtre, 14200 Caen" in locations
    assert "Café des images – salle « L’Écran » & bar, 4 square du Théâtre, 14200 Caen" in {
        e.location.value for e in vobject.readOne(data.decode("utf-8")).vevent_list}
    from catalogue.outputs import decap
    from fixtures import load_catalogue

    config = decap.cms_config(load_catalogue(site.parent))
    labels = set()

    def walk(node):
        if isinstance(node, dict):
            labels.update(o["label"] for o in node.get("options", []) if isinstance(o, dict))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(config)
    assert "Keolis – l’équipe « Twisto » & ses ateliers" in labels  # the form's lists of structures


def test_typography_survives_in_the_open_badge_json(site):
    found = [json.loads(p.read_text(encoding="utf-8")) for p in (site / "badges/fabriquer").glob("*.json")]
    names = [d.get("name") for d in found if isinstance(d, dict)]
    assert f"Fabriquer au fablab – {TYPO.replace('<Caen>', 'Caen')}" in names


def test_the_form_editor_offers_the_new_fields():
    from catalogue.outputs import decap
    from fixtures import load_catalogue

    catalogue = load_catalogue(ROOT)
    text = json.dumps(decap.cms_config(catalogue), ensure_ascii=False)
    assert '"name": "co_organisateurs"' in text and '"name": "article"' in text
    assert "Co-organisé avec" in text and "le (au …, du …)" in text


# ---- plain French on pages ------------------------------------------------------------------------


def test_other_dates_are_counted_in_plain_french(site):
    page = text_of(site / "activites/film-d-animation/index.html")  # 6 upcoming sessions, 5 shown
    assert "Voir l'autre date" in page and "les 1 autre" not in page
    page = text_of(site / "activites/sport-entre-femmes/index.html")  # 5 Tuesdays from 1 Dec, minus none shown past 5
    sessions = page.replace("\u00a0", " ").count("9 h 30 – 11 h")
    assert sessions == 7 and "Voir les 2 autres dates" in page


def test_a_card_shows_where_its_next_session_is(site):
    card = next(c for c in cards_text(site / "activites/index.html") if c.startswith("Film d'animation"))
    assert re.search(r"Prochaine séance : .*, au WIP – Grande Halle, Colombelles(?: |$)", card.replace("\u00a0", " ")), card


def test_places_and_structures_read_right_after_a_and_de(site):
    page = text_of(site / "activites/film-d-animation/index.html")
    assert "au WIP – Grande Halle, Colombelles" in page and "à Le WIP" not in page
    assert "au Café des images – salle « L’Écran » & bar, Caen" in page and "à Café des images" not in page
