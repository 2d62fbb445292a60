"""Issue 13, the limits a hostile or careless partner file must meet: text lengths, fair feeds,
dates far ahead, invisible characters, file names every system can check out, https only.

Each test goes through what a person sees: `python -m catalogue check|build` (exit status,
French message with file and line, no traceback), the built pages, the feeds read back with
`icalendar`, the JSON Schemas and the form editor's configuration.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import icalendar
import pytest

from catalogue.outputs.ical import feedlist, feeds
from catalogue.outputs.decap import cms_config
from catalogue.content.load import load
from conftest import catalogue_env
from fixtures import ACTIVITY, BADGE, SHIPPED, STRUCTURE, SVG, replace, write_tree

ROOT = Path(__file__).resolve().parents[1]
ACT = "activities/le-dome/fablab-ouvert.md"
TODAY = date(2026, 11, 25)  # the day of SOURCE_DATE_EPOCH in conftest
SITE = "https://territoires-partages.example.org"
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b]")


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), *args], cwd=ROOT,
                          env=catalogue_env(), capture_output=True, text=True, timeout=600)


def check(root: Path) -> subprocess.CompletedProcess:
    proc = run(root, "check")
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "Erreur interne" not in proc.stderr
    return proc


def line_of(text: str, fragment: str) -> int:
    """The line (from 1) of a file's text where `fragment` starts."""
    return text[:text.index(fragment)].count("\n") + 1


def refused(tmp_path: Path, files: dict, path: str, line: int, field: str, *fragments: str) -> str:
    """`make check` fails and prints `path:line: field: …` holding every fragment; returns that line."""
    write_tree(tmp_path, "small", files=files)
    proc = check(tmp_path)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    prefix = f"{path}:{line}: {field}:" if field else f"{path}:{line}:"
    lines = [row for row in proc.stderr.splitlines() if row.startswith(prefix)]
    assert lines, f"no message at {prefix!r} in:\n{proc.stderr}"
    match = [row for row in lines if all(f in row for f in fragments)]
    assert match, f"no message at {prefix!r} with {fragments!r} in:\n{proc.stderr}"
    return match[0]


# ---- 1. every text field has a maximum length, in the model ------------------------------------------------


LENGTH_CASES = {
    # name: (file, original text, field, limit, line)
    "title": (ACT, "titre: Fablab ouvert", "titre", 120, 2),
    "easy summary": (ACT, "resume_facile: Vous venez. Vous fabriquez.", "resume_facile", 800, 9),
    "cancellation reason": (ACT, "motif: Animateur absent", "seances[1].annulations[0].motif", 300, 23),
    "structure summary": ("structures/le-dome.md", "description_courte: Un centre de sciences et un fablab.", "description_courte", 300, 5),
    "badge criterion": ("badges/fabriquer.md", "  - Je sais allumer une machine.", "criteres[0]", 300, 5),
    "badge for employers": ("badges/fabriquer.md", "pour_les_employeurs: La personne respecte les consignes de sécurité.",
                            "pour_les_employeurs", 800, 9),
}
SAMPLES = {ACT: ACTIVITY, "structures/le-dome.md": STRUCTURE, "badges/fabriquer.md": BADGE}


@pytest.mark.parametrize("name", sorted(LENGTH_CASES))
def test_a_text_over_its_limit_is_refused_naming_field_length_and_limit(tmp_path, name):
    path, original, field, limit, line = LENGTH_CASES[name]
    key = original.split(":")[0] if not original.startswith("  - ") else "  -"
    long_value = ("Un texte très long, " * 50)[:limit] + "x"
    text = replace(SAMPLES[path], original, f"{key}{'' if key == '  -' else ':'} \"{long_value}\"")
    name_in_message = field.rsplit(".", 1)[-1].split("[")[0]
    row = refused(tmp_path, {path: text}, path, line, field,
                  f"texte trop long dans « {name_in_message} »", f"{limit + 1} caractères", f"au plus {limit}")
    assert long_value not in row  # the message does not paste the text back


def test_the_ninety_four_thousand_character_summary_is_refused_and_a_limit_long_one_accepted(tmp_path):
    huge = replace(ACTIVITY, "resume_facile: Vous venez. Vous fabriquez.", "resume_facile: " + "Vous venez. " * 7834)
    refused(tmp_path, {ACT: huge}, ACT, 9, "resume_facile", "94 007 caractères, au plus 800")
    at_limit = replace(ACTIVITY, "resume_facile: Vous venez. Vous fabriquez.", "resume_facile: " + ("Vous venez. " * 67)[:800])
    write_tree(tmp_path, "small", files={ACT: at_limit})
    assert check(tmp_path).returncode == 0


def test_the_schema_and_the_form_editor_show_the_limits(tmp_path):
    schema = json.loads((ROOT / "schemas/activite.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["titre"]["maxLength"] == 120
    assert schema["properties"]["resume_facile"]["maxLength"] == 800
    assert schema["$defs"]["Cancellation"]["properties"]["motif"]["maxLength"] == 300
    badge = json.loads((ROOT / "schemas/badge.schema.json").read_text(encoding="utf-8"))
    assert badge["properties"]["criteres"]["items"]["maxLength"] == 300
    catalogue, problems, _ = load(write_tree(tmp_path, "small"), TODAY)
    assert catalogue is not None, problems
    config = cms_config(catalogue, SITE)
    activity = next(c for c in config["collections"] if c["name"] == "activites")
    fields = {f["name"]: f for f in activity["fields"]}
    assert "120 caractères au plus" in fields["titre"]["hint"]
    pattern, message = fields["resume_facile"]["pattern"]
    assert re.fullmatch(pattern, "a" * 800) and not re.fullmatch(pattern, "a" * 801)
    assert message == "au plus 800 caractères"


# ---- 1b. a shared feed is shared fairly ---------------------------------------------------------------------


HOSTILE = "activities/le-dome/tous-les-jours.md"


def hostile_activity() -> str:
    """Every text at its maximum, three sessions a day every day of the feeds' window."""
    title = ("Atelier " * 20)[:120]
    summary = ("Venez tous les jours. " * 40)[:800]
    series = "".join(
        f"  - chaque: [lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche]\n"
        f"    du: 2026-10-25\n    au: 2027-11-25\n    debut: \"{hour}:00\"\n    fin: \"{hour}:30\"\n"
        for hour in (9, 13, 17)
    )
    return (f"---\ntitre: \"{title}\"\nstructure: le-dome\nlieu: le-dome-caen\ncategories: [numerique, fablab]\n"
            f"publics: [tout-public]\ngratuit: non\ntarif: \"{('1 € ' * 100)[:300].strip()}\"\ninscription: libre\n"
            f"a_apporter: \"{('Rien. ' * 60)[:300].strip()}\"\nresume_facile: \"{summary.strip()}\"\nseances:\n{series}---\n"
            + "Texte. " * 1400 + "\n")


@pytest.fixture(scope="module")
def shipped_plus_hostile(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("fair"), repo=SHIPPED, files={HOSTILE: hostile_activity()})
    catalogue, problems, _ = load(root, TODAY)
    assert catalogue is not None, "\n".join(map(str, problems))
    return catalogue


def test_one_activity_with_a_daily_series_cannot_push_the_others_out_of_shared_feeds(shipped_plus_hostile):
    catalogue = shipped_plus_hostile
    hostile = catalogue.activities["tous-les-jours"]
    files = feeds.feed_files(catalogue, SITE, None, 0)
    expected: dict[str, set[str]] = {}
    for session in feedlist.in_window(catalogue.sessions, TODAY):
        activity = catalogue.activities[session.activity]
        for kind, ident in feedlist.session_feed_keys(catalogue, activity, session):
            expected.setdefault(feedlist.feed_path(kind, ident), set()).add(session.uid)
    hostile_feeds = {feedlist.feed_path(k, i) for s in catalogue.sessions_of(hostile.id)[:1]
                     for k, i in feedlist.session_feed_keys(catalogue, hostile, s)}
    shared = sorted(p for p in hostile_feeds if "/activite/" not in p)
    assert {"calendriers/tout.ics", "calendriers/territoire/caen-la-mer.ics", "calendriers/categorie/numerique.ics",
            "calendriers/categorie/fablab.ics", "calendriers/public/tout-public.ics"} <= set(shared)
    hostile_uids = {s.uid for s in catalogue.sessions_of(hostile.id)}
    owner = {s.uid: s.activity for s in catalogue.sessions}
    others_total = 0
    for path in shared:
        data = files[path]
        assert len(data) < 1_000_000, path
        calendar = icalendar.Calendar.from_ical(data)
        uids = [str(event["UID"]).split("@", 1)[0] for event in calendar.walk("VEVENT")]
        assert len(uids) == len(set(uids)), path
        others = expected[path] - hostile_uids
        kept_hostile = set(uids) & hostile_uids
        # fair: another activity loses sessions only if it is big too, and then keeps at least the hostile one's share
        for activity in {owner[uid] for uid in others - set(uids)}:
            own = {uid for uid in others if owner[uid] == activity}
            assert len(own & set(uids)) >= len(kept_hostile), (path, activity)
        assert len(others & set(uids)) > 0.9 * len(others), f"{path}: {len(others - set(uids))} sessions of other activities left out"
        others_total += len(others)
        assert 0 < len(kept_hostile) < len(expected[path] & hostile_uids), path  # trimmed, not removed
        description = str(calendar["X-WR-CALDESC"])
        assert f"« {hostile.title} » (du " in description and "seulement" in description, path
    assert others_total > 500  # the shipped catalogue's sessions, in the five shared feeds


# ---- 2. a date far ahead: warned, and shown with its year ------------------------------------------------------


def test_a_session_more_than_eighteen_months_ahead_is_warned_and_shown_with_its_year(tmp_path):
    text = replace(ACTIVITY, "date: 2026-12-03", "date: 2037-12-09")
    write_tree(tmp_path, "small", files={ACT: text})
    proc = check(tmp_path)
    assert proc.returncode == 0, proc.stderr
    warning = [row for row in proc.stderr.splitlines() if row.startswith(f"{ACT}:12: seances[0].date: attention :")]
    assert warning and "plus de 18 mois" in warning[0] and "mercredi 9 décembre 2037" in warning[0]
    assert "vérifiez l'année" in warning[0]
    output = tmp_path / "out"
    built = run(tmp_path, "build", "--output", str(output), "--settings", str(ROOT / "pelicanconf.py"))
    assert built.returncode == 0, built.stderr
    shown = times(output / "activites/fablab-ouvert/index.html")
    assert shown["2037-12-09"].startswith("mercredi 9 décembre 2037")
    assert shown["2026-12-08"].startswith("mardi 8 décembre,")  # in season: no year


def test_a_series_ending_far_ahead_is_warned_at_its_end_date(tmp_path):
    write_tree(tmp_path, "small", edits={ACT: ("au: 2027-01-26", "au: 2028-06-27")})
    proc = check(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert any(row.startswith(f"{ACT}:17: seances[1].au: attention : date à plus de 18 mois (le mardi 27 juin 2028)")
               for row in proc.stderr.splitlines()), proc.stderr


class _Times(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: dict[str, str] = {}
        self.current: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "time":
            self.current = dict(attrs).get("datetime", "")[:10]
            self.found.setdefault(self.current, "")

    def handle_endtag(self, tag):
        if tag == "time":
            self.current = None

    def handle_data(self, data):
        if self.current:
            self.found[self.current] += data


def times(page: Path) -> dict[str, str]:
    """{ISO day: the text a visitor reads in its <time> element} for one built page."""
    parser = _Times()
    parser.feed(page.read_text(encoding="utf-8"))
    return {day: " ".join(text.split()) for day, text in parser.found.items()}


# ---- 3. invisible characters ------------------------------------------------------------------------------------


CONTROL_CASES = {
    # name: (file, old, new (YAML escapes), line, field, code point shown)
    "ESC faking a valid check": (ACT, "titre: Fablab ouvert", 'titre: "Fablab\\e[2J\\e[1;1HContenu valide : 0 erreur"', 2, "titre", "« U+001B »"),
    "NUL": (ACT, "resume_facile: Vous venez. Vous fabriquez.", 'resume_facile: "Vous venez.\\0"', 9, "resume_facile", "« U+0000 »"),
    "C1 CSI": (ACT, "motif: Animateur absent", 'motif: "Animateur\\x9b31m absent"', 23, "seances[1].annulations[0].motif", "« U+009B »"),
    "bidi override": ("structures/le-dome.md", "nom: Le Dôme", 'nom: "Le Dôme \\u202Eexe.txt"', 2, "nom", "« U+202E » (RIGHT-TO-LEFT OVERRIDE)"),
    "bidi isolate": ("badges/fabriquer.md", "  - Je sais allumer une machine.", '  - "Je sais \\u2067allumer"', 5, "criteres[0]", "« U+2067 »"),
    "zero-width space": (ACT, "titre: Fablab ouvert", 'titre: "Fab\\u200Blab"', 2, "titre", "« U+200B »"),
    "vertical tab": ("structures/le-dome.md", "type: Tiers-lieu", 'type: "Tiers\\vlieu"', 4, "type", "« U+000B »"),
    "in a web address": ("structures/le-dome.md", "site_web: https://ledome.info", 'site_web: "https://ledome.info/\\u202Efdp.exe"', 6, "site_web", "<U+202E>"),
}


@pytest.mark.parametrize("name", sorted(CONTROL_CASES))
def test_an_invisible_character_is_refused_shown_as_a_code_point_never_raw(tmp_path, name):
    path, old, new, line, field, shown = CONTROL_CASES[name]
    refused(tmp_path, {path: replace(SAMPLES[path], old, new)}, path, line, field, shown)
    proc = check(tmp_path)
    assert not RAW_CONTROLS.search(proc.stdout + proc.stderr), repr(proc.stderr)
    assert "Contenu valide" not in proc.stdout


def test_an_invisible_character_in_the_text_below_the_header_is_refused_at_its_line(tmp_path):
    text = ACTIVITY.replace("On découvre les machines.", "On découvre\nles \x1b[8mmachines.\u202e")
    row = refused(tmp_path, {ACT: text}, ACT, line_of(text, "les \x1b"), "texte", "« U+001B »", "colonne 5")
    assert "\x1b" not in row


def test_a_value_quoted_back_in_a_message_is_made_visible(tmp_path):
    text = replace(ACTIVITY, "inscription: libre", 'inscription: "\\e[32mlibre"')
    row = refused(tmp_path, {ACT: text}, ACT, 8, "inscription", "« <U+001B>[32mlibre »")
    assert "\x1b" not in row
    write_tree(tmp_path, "small", files={"activities/le-dome/\x1b[2Jatelier.md": ACTIVITY})
    proc = check(tmp_path)
    assert proc.returncode == 1 and "<U+001B>[2Jatelier.md" in proc.stderr and "\x1b" not in proc.stderr


def test_tabs_and_newlines_stay_allowed_in_multi_line_text(tmp_path):
    text = replace(ACTIVITY, "resume_facile: Vous venez. Vous fabriquez.", 'resume_facile: "Vous venez.\\n\\tVous fabriquez.\\r\\nC\'est gratuit."')
    write_tree(tmp_path, "small", files={ACT: text})
    assert check(tmp_path).returncode == 0
    catalogue, _, _ = load(tmp_path, TODAY)
    assert catalogue.activities["fablab-ouvert"].easy_summary == "Vous venez.\n\tVous fabriquez.\nC'est gratuit."


# ---- 4. file names every partner can check out -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["con.md", "aux.md", "nul.md", "prn.md", "com1.md", "lpt9.md"])
def test_a_windows_reserved_activity_name_is_refused(tmp_path, name):
    path = f"activities/le-dome/{name}"
    row = refused(tmp_path, {path: ACTIVITY}, path, 1, "", "réservé par Windows", f"« {name} »")
    assert "renommez" in row


def test_a_windows_reserved_image_or_folder_is_refused_whatever_its_case_and_extension(tmp_path):
    write_tree(tmp_path, "small", files={"badges/images/Aux.Backup.svg": SVG, "activities/COM3/x.md": ACTIVITY})
    proc = check(tmp_path)
    assert proc.returncode == 1
    assert "badges/images/Aux.Backup.svg:1: nom « Aux.Backup.svg » réservé par Windows" in proc.stderr
    assert "activities/COM3:1: nom « COM3 » réservé par Windows" in proc.stderr


def test_names_that_differ_only_by_case_are_refused_naming_both_files(tmp_path):
    write_tree(tmp_path, "small", files={"activities/le-dome/Fablab-ouvert.md": ACTIVITY, "badges/images/Fabriquer.svg": SVG})
    proc = check(tmp_path)
    assert proc.returncode == 1
    assert ("« activities/le-dome/fablab-ouvert.md » et « activities/le-dome/Fablab-ouvert.md » ne diffèrent que par les majuscules"
            in proc.stderr), proc.stderr
    assert "« badges/images/fabriquer.svg » et « badges/images/Fabriquer.svg »" in proc.stderr


def test_folders_that_differ_only_by_case_are_refused(tmp_path):
    write_tree(tmp_path, "small", files={"activities/Le-Dome/autre.md": ACTIVITY.replace("titre: Fablab ouvert", "titre: Autre")})
    proc = check(tmp_path)
    assert proc.returncode == 1
    assert "« activities/le-dome » et « activities/Le-Dome » ne diffèrent que par les majuscules" in proc.stderr


# ---- 5. https only ---------------------------------------------------------------------------------------------------


def test_an_http_address_is_refused_with_the_https_address_to_write(tmp_path):
    text = replace(STRUCTURE, "site_web: https://ledome.info", "site_web: http://ledome.info/atelier")
    refused(tmp_path, {"structures/le-dome.md": text}, "structures/le-dome.md", 6, "site_web",
            "adresse non sécurisée « http://ledome.info/atelier »", "attendu une adresse commençant par https://",
            "écrivez « https://ledome.info/atelier »")


def test_an_http_address_in_a_badge_alignment_is_refused(tmp_path):
    text = BADGE.replace("pour_les_employeurs:", "alignements:\n  - referentiel: ROME\n    intitule: Fabrication\n"
                                                 "    url: HTTP://candidat.francetravail.fr/metierscope\npour_les_employeurs:")
    refused(tmp_path, {"badges/fabriquer.md": text}, "badges/fabriquer.md", 12, "alignements[0].url", "adresse non sécurisée")


def test_the_schema_and_the_form_editor_accept_https_only(tmp_path):
    structure = json.loads((ROOT / "schemas/structure.schema.json").read_text(encoding="utf-8"))
    site = structure["properties"]["site_web"]
    pattern = next(option["pattern"] for option in site["anyOf"] if option.get("type") == "string")
    assert re.search(pattern, "https://ledome.info") and not re.search(pattern, "http://ledome.info")
    catalogue, problems, _ = load(write_tree(tmp_path, "small"), TODAY)
    assert catalogue is not None, problems
    collection = next(c for c in cms_config(catalogue, SITE)["collections"] if c["name"] == "structures")
    field = next(f for f in collection["fields"] if f["name"] == "site_web")
    assert re.search(field["pattern"][0], "https://ledome.info") and not re.search(field["pattern"][0], "http://ledome.info")


def test_an_optional_text_left_empty_by_the_form_editor_is_still_accepted(tmp_path):
    write_tree(tmp_path, "small", edits={ACT: ("inscription: libre", 'inscription: libre\na_apporter: ""')})
    assert check(tmp_path).returncode == 0
    catalogue, _, _ = load(tmp_path, TODAY)
    assert catalogue.activities["fablab-ouvert"].bring is None
