"""Open data rules on small trees: weekly hours from sessions, the mapping file's French errors,
`make check`'s quality hint, a tree without the mapping file."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from catalogue.content.load import load_catalogue
from catalogue.outputs.opendata import writer
from catalogue.outputs.opendata.mapping import MAPPING_FILE, load_mapping
from catalogue.outputs.weeklyhours import weekly_hours
from conftest import REPO_ROOT, catalogue_env
from fixtures import ACTIVITY, replace, write_tree

TODAY = date(2026, 11, 25)
MAPPING = (REPO_ROOT / MAPPING_FILE).read_text(encoding="utf-8")
SERIES = """\
  - chaque: {day}
    du: 2026-12-01
    au: 2027-03-30
    debut: "{start}"
    fin: "{end}"
"""


def activity_with(sessions: str, **extra: str) -> str:
    head, _, rest = ACTIVITY.partition("seances:\n")
    _, _, body = rest.partition("---\n")
    return head + "".join(f"{k}: {v}\n" for k, v in extra.items()) + "seances:\n" + sessions + "---\n" + body


def hours_of(tmp_path: Path, sessions: str):
    root = write_tree(tmp_path, "small", files={"activities/le-dome/fablab-ouvert.md": activity_with(sessions)})
    catalogue = load_catalogue(root, TODAY)
    return weekly_hours(catalogue.sessions_of("fablab-ouvert"), TODAY)


# ---- weekly hours ---------------------------------------------------------------------------------


def test_a_weekly_series_counts_its_hours_once_a_week(tmp_path):
    hours = hours_of(tmp_path, SERIES.format(day="mardi", start="14:00", end="16:30"))
    assert (hours.hours, hours.every) == (2.5, 1)
    assert hours.text == "2\u00a0h\u00a030 par semaine, sur 18\u00a0semaines"


def test_two_days_a_week_add_up_and_a_break_is_left_out(tmp_path):
    sessions = SERIES.format(day="[lundi, jeudi]", start="09:00", end="12:30") + '    pause: {debut: "10:30", fin: "11:00"}\n'
    hours = hours_of(tmp_path, sessions)
    assert hours.minutes == 2 * 180, "deux séances de 3 h 30 moins 30 min de pause"


def test_one_week_in_two_and_a_course_say_their_rhythm(tmp_path):
    biweekly = hours_of(tmp_path / "a", SERIES.format(day="mercredi", start="14:00", end="17:00") + "    toutes_les: 2\n")
    assert biweekly.text.startswith("3\u00a0h une semaine sur deux")
    course = hours_of(tmp_path / "b", '  - type: stage\n    du: 2027-02-08\n    au: 2027-02-10\n    debut: "09:00"\n    fin: "16:00"\n')
    assert course.text == "21\u00a0h sur une seule semaine" and course.weeks == 1


def test_periods_of_different_hours_are_each_said(tmp_path):
    sessions = (SERIES.format(day="mardi", start="14:00", end="16:00").replace("2027-03-30", "2027-01-26")
                + SERIES.format(day="mardi", start="14:00", end="17:00").replace("2026-12-01", "2027-02-02"))
    hours = hours_of(tmp_path, sessions)
    assert hours.text.startswith("2\u00a0h par semaine du 1er décembre 2026 au 26 janvier 2027, puis 3\u00a0h par semaine du 2 février 2027")


def test_cancelled_postponed_all_day_and_past_sessions_do_not_count(tmp_path):
    sessions = ('  - date: 2026-11-10\n    debut: "14:00"\n    fin: "16:00"\n'
                '  - date: 2026-12-03\n    debut: "14:00"\n    fin: "16:00"\n    annulation: Salle fermée\n'
                '  - date: 2026-12-04\n    debut: "14:00"\n    fin: "16:00"\n    statut: reporte\n'
                '  - date: 2026-12-05\n    toute_la_journee: oui\n')
    assert hours_of(tmp_path, sessions) is None


# ---- the mapping file -----------------------------------------------------------------------------


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "check"], capture_output=True,
                          text=True, env=catalogue_env(), cwd=root, timeout=120, check=False)


def test_an_unknown_value_is_refused_in_french_with_its_line(tmp_path):
    wrong = MAPPING.replace("      - numerique--maitriser-les-fondamentaux-du-numerique\n", "      - numerique--bidouiller\n", 1)
    root = write_tree(tmp_path, "small", files={MAPPING_FILE: wrong})
    proc = run_check(root)
    assert proc.returncode == 1
    line = next(n for n, text in enumerate(wrong.splitlines(), 1) if "bidouiller" in text)
    assert f"{MAPPING_FILE}:{line}: categories.fablab.thematiques[0]:" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_category_without_its_line_is_named_with_the_fix(tmp_path):
    root = write_tree(tmp_path, "small", files={MAPPING_FILE: replace(MAPPING, "  sport:\n    type: atelier\n", "  sport-oublie:\n    type: atelier\n")})
    proc = run_check(root)
    assert proc.returncode == 1
    assert "catégorie « sport » sans correspondance data·inclusion : ajoutez la ligne « sport: » sous « categories: »" in proc.stderr


def test_a_build_with_a_wrong_mapping_stops_before_writing(tmp_path):
    root = write_tree(tmp_path / "repo", "small", files={MAPPING_FILE: MAPPING.replace("source: territoires-partages", "source: Territoires Partagés")})
    output = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "build", "--output", str(output),
                           "--settings", str(REPO_ROOT / "pelicanconf.py")], capture_output=True, text=True,
                          env=catalogue_env(), cwd=root, timeout=300, check=False)
    assert proc.returncode == 1 and f"{MAPPING_FILE}:" in proc.stderr and "source" in proc.stderr
    assert not output.exists()


def test_make_check_prints_each_incomplete_service_as_a_hint(tmp_path):
    short = replace(ACTIVITY, "resume_facile: Vous venez. Vous fabriquez.", "resume_facile: Vous venez.")
    root = write_tree(tmp_path, "small", files={MAPPING_FILE: MAPPING, "activities/le-dome/fablab-ouvert.md": short})
    proc = run_check(root)
    assert proc.returncode == 0, proc.stderr
    assert "Données data·inclusion : indice de qualité moyen" in proc.stdout
    assert "activities/le-dome/fablab-ouvert.md : 0," in proc.stdout and "une description de 200 à 2 000 caractères" in proc.stdout


def test_without_the_mapping_file_the_tables_are_still_published(tmp_path):
    root = write_tree(tmp_path, "small")
    catalogue = load_catalogue(root, TODAY)
    assert load_mapping(root, catalogue.vocabulary) == (None, [])
    files = writer.files(catalogue, "")
    assert "donnees/catalogue.json" in files and "donnees/activites.csv" in files
    assert not any("data-inclusion" in path for path in files)
    assert json.loads(files["donnees/catalogue.json"])["lieux"][0].get("code_insee") is None


@pytest.mark.parametrize("value", ["14118", 14118])
def test_insee_codes_are_text_even_unquoted(tmp_path, value):
    root = write_tree(tmp_path, "small", files={MAPPING_FILE: MAPPING.replace('caen: "14118"', f"caen: {value}")})
    catalogue = load_catalogue(root, TODAY)
    mapping, problems = load_mapping(root, catalogue.vocabulary)
    assert not problems and mapping.communes["caen"] == "14118"
