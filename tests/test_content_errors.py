"""Every kind of bad input gets a located French message (issue 2), checked on text and line."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from catalogue.content.load import load
from fixtures import ACTIVITY, replace, write_tree

ACT = "activities/le-dome/fablab-ouvert.md"
TODAY = date(2026, 11, 25)


def problems_for(tmp_path: Path, files: dict | None = None, edits: dict | None = None) -> list:
    write_tree(tmp_path, "small", files=files, edits=edits)
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert catalogue is None, "expected content errors"
    return problems


def only(problems, path=ACT):
    found = [p for p in problems if p.path == path]
    assert found, f"no problem reported for {path}: {problems}"
    return found


CASES = {
    # name: (file, (old, new) in the small tree's file or its whole new text, expected line, expected field,
    # fragment of the message)
    "malformed yaml": (ACT, ("titre: Fablab ouvert", "titre: Fablab: ouvert: oui"), 2, "", "YAML mal formé"),
    "tab indentation": (ACT, ("lieu: le-dome-caen", "\tlieu: le-dome-caen"), 4, "", "tabulation interdite"),
    "missing header": (ACT, "titre: sans tirets\n", 1, "", "en-tête manquant"),
    "unclosed header": (ACT, ACTIVITY.rsplit("---", 1)[0].replace("---\n", "---\n", 1).rstrip("\n").rsplit("\n---", 1)[0], None, "", "en-tête non fermé"),
    "unknown key": (ACT, ("badges: [fabriquer]", "badgs: [fabriquer]"), 10, "badgs", "Vouliez-vous dire « badges » ?"),
    "missing required": (ACT, ("resume_facile: Vous venez. Vous fabriquez.\n", ""), 2, "resume_facile", "champ obligatoire manquant"),
    "wrong type": (ACT, ("gratuit: true", "gratuit: peut-être"), 7, "gratuit", "attendu oui ou non"),
    "wrong type list": (ACT, ("categories: [fablab]", "categories: {a: b}"), 5, "categories", "attendu une liste"),
    "invalid time": (ACT, ('debut: "14:00"\n    fin: "16:00"\n  - chaque', 'debut: "25:00"\n    fin: "16:00"\n  - chaque'), 13, "seances[0].debut", "heure invalide « 25:00 »"),
    "invalid date": (ACT, ("date: 2026-12-03", "date: le trois"), 12, "seances[0].date", "date invalide"),
    "date that does not exist": (ACT, ("date: 2026-12-03", "date: 2027-02-30"), 12, "seances[0].date", "n'existe pas dans le calendrier"),
    "end before start": (ACT, ('debut: "14:00"\n    fin: "16:00"\n  - chaque', 'debut: "16:00"\n    fin: "14:00"\n  - chaque'), 14, "seances[0].fin", "doit être après l'heure de début"),
    "series end before start": (ACT, ("au: 2027-01-26", "au: 2026-10-01"), 17, "seances[1].au", "est avant la date « du »"),
    "spring-forward gap": (ACT, ('date: 2026-12-03\n    debut: "14:00"', 'date: 2027-03-28\n    debut: "02:30"'), 13, "seances[0].debut", "n'existe pas le dimanche 28 mars 2027"),
    "unknown structure": (ACT, ("structure: le-dome", "structure: le-dom"), 3, "structure", "ne correspond pas au dossier"),
    "unknown place": (ACT, ("lieu: le-dome-caen", "lieu: le-dome-cean"), 4, "lieu", "lieu inconnu(e) « le-dome-cean ». Vouliez-vous dire « le-dome-caen » ?"),
    "unknown badge": (ACT, ("badges: [fabriquer]", "badges: [fabriqer]"), 10, "badges[0]", "Vouliez-vous dire « fabriquer » ?"),
    "unknown category": (ACT, ("categories: [fablab]", "categories: [fablabs]"), 5, "categories[0]", "Vouliez-vous dire « fablab » ?"),
    "unknown audience": (ACT, ("publics: [tout-public]", "publics: [toutpublic]"), 6, "publics[0]", "public inconnu(e)"),
    "empty title": (ACT, ("titre: Fablab ouvert", 'titre: ""'), 2, "titre", "ne doit pas être vide"),
    "literal choice": (ACT, ("inscription: libre", "inscription: appel"), 8, "inscription", "Vouliez-vous dire « appeler » ?"),
    "date not in series": (ACT, ("- date: 2027-01-19", "- date: 2027-01-20"), 22, "seances[1].annulations[0].date", "n'est pas une date de la série"),
    "duplicate key": (ACT, ("gratuit: true", "gratuit: true\ngratuit: false"), 8, "gratuit", "écrit deux fois"),
    "non-utf8": (ACT, ACTIVITY.replace("Vous fabriquez", "Vous fabriquez \udcff").encode("utf-8", "surrogateescape"), 9, "", "non UTF-8"),
    "huge file": (ACT, ACTIVITY + "x" * 1_100_000, 1, "", "fichier trop gros"),
    "alias": (ACT, ("publics: [tout-public]", "publics: &p [tout-public]\nautre: *p"), 7, "autre", "alias YAML"),
    "paid without price": (ACT, ("gratuit: true", "gratuit: non"), 7, "tarif", "tarif"),
    "bad slug file name": ("activities/le-dome/Fablab Ouvert.md", ACTIVITY, 1, "", "renommez le fichier « fablab-ouvert.md »"),
    "structure unknown commune": ("structures/le-dome.md", ("commune: caen", "commune: caem"), 15, "lieux[0].commune", "Vouliez-vous dire « caen » ?"),
    "badge unknown issuer": ("badges/fabriquer.md", ("structure: le-dome", "structure: le-dôme"), 6, "structure", "identifiant invalide"),
    "badge no criteria": ("badges/fabriquer.md", ("criteres:\n  - Je sais allumer une machine.", "criteres: []"), 4, "criteres", "la liste ne doit pas être vide"),
    "badge missing image": ("badges/fabriquer.md", ("images/fabriquer.svg", "images/absent.svg"), 7, "image", "fichier introuvable « badges/images/absent.svg »"),
    "image path escapes": ("badges/fabriquer.md", ("images/fabriquer.svg", "../../etc/passwd.svg"), 7, "image", "interdit"),
    "image is url": ("badges/fabriquer.md", ("images/fabriquer.svg", "https://example.org/x.svg"), 7, "image", "est une adresse web"),
    "bad phone": ("structures/le-dome.md", ('"02 31 06 60 50"', '"02 31 06"'), 8, "contact.telephone", "numéro de téléphone invalide"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_located(tmp_path, name):
    path, change, line, field, fragment = CASES[name]
    change = {"edits": {path: change}} if isinstance(change, tuple) else {"files": {path: change}}
    problems = only(problems_for(tmp_path, **change), path)
    match = [p for p in problems if fragment in p.message]
    assert match, f"{name}: no message containing {fragment!r} in {[str(p) for p in problems]}"
    problem = match[0]
    if line is not None:
        assert problem.line == line, str(problem)
    if field:
        assert problem.field == field, str(problem)
    assert str(problem).startswith(f"{path}:{problem.line}:")


def test_duplicate_activity_id_across_structures(tmp_path):
    problems = problems_for(tmp_path, {"activities/autre/fablab-ouvert.md": replace(ACTIVITY, "structure: le-dome", "structure: autre")})
    assert any("identifiant en double « fablab-ouvert »" in p.message for p in problems), problems


def test_unreadable_file(tmp_path):
    if os.geteuid() == 0:
        target = tmp_path / ACT
        write_tree(tmp_path, "small")
        target.unlink()
        target.mkdir()  # a folder named like a file: reading fails even as root
        (tmp_path / "activities/le-dome/illisible.md").symlink_to(target)
        catalogue, problems, _ = load(tmp_path, TODAY)
        assert any("illisible" in p.message for p in problems), problems
    else:
        write_tree(tmp_path, "small")
        (tmp_path / ACT).chmod(0)
        _, problems, _ = load(tmp_path, TODAY)
        assert any("illisible" in p.message for p in problems)


def test_symlink_outside_repository(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(ACTIVITY, encoding="utf-8")
    repo = tmp_path / "repo"
    write_tree(repo, "small")
    (repo / "activities/le-dome/lien.md").symlink_to(outside)
    _, problems, _ = load(repo, TODAY)
    assert any("hors du dépôt" in p.message for p in problems), problems


def test_all_errors_reported_in_one_run(tmp_path):
    write_tree(tmp_path, "small", "broken")
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert catalogue is None
    assert {(p.path, p.line, p.field) for p in problems} >= {
        (ACT, 7, "gratuit"), (ACT, 10, "badgs"), (ACT, 13, "seances[0].debut"), ("badges/fabriquer.md", 8, "categorie")}


def test_windows_files_are_accepted(tmp_path):
    crlf_bom = ("\ufeff" + ACTIVITY.replace("\n", "   \r\n")).encode("utf-8")
    write_tree(tmp_path, "small", files={ACT: crlf_bom})
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert problems == [] and catalogue.activities["fablab-ouvert"].title == "Fablab ouvert"


def test_french_dates_and_times_accepted(tmp_path):
    text = replace(replace(ACTIVITY, "date: 2026-12-03", "date: 03/12/2026"), 'debut: "14:00"\n    fin: "16:00"\n  - chaque', "debut: 14h\n    fin: 16h30\n  - chaque")
    write_tree(tmp_path, "small", files={ACT: text})
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert problems == []
    one_off = [s for s in catalogue.sessions if s.start.day == 3 and s.start.month == 12][0]
    assert (one_off.start.hour, one_off.end.hour, one_off.end.minute) == (14, 16, 30)


def test_unquoted_time_is_not_sexagesimal(tmp_path):
    write_tree(tmp_path, "small", edits={ACT: ('debut: "14:00"\n    fin: "16:00"\n  - chaque', "debut: 14:00\n    fin: 16:00\n  - chaque")})
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert problems == [] and any(s.start.hour == 14 and s.start.day == 3 for s in catalogue.sessions)


def run_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), *args], capture_output=True, text=True, env=env, cwd=root)


def test_check_cli_exit_status_and_no_traceback(tmp_path):
    write_tree(tmp_path, "small", edits={ACT: ("date: 2026-12-03", "date: 2027-02-30")})
    result = run_cli(tmp_path, "check")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"{ACT}:12: seances[0].date: la date « 2027-02-30 » n'existe pas" in result.stderr


def test_failed_build_keeps_previous_output(tmp_path):
    repo = Path(__file__).parents[1]
    write_tree(tmp_path, "small", repo=["content"])  # free pages: a symlink out of the repository is refused
    settings = repo / "pelicanconf.py"
    env_settings = ["--settings", str(settings)]
    (tmp_path / "theme").symlink_to(repo / "theme")
    (tmp_path / "plugins").symlink_to(repo / "plugins")
    first = run_cli(tmp_path, "build", "--output", str(tmp_path / "output"), *env_settings)
    assert first.returncode == 0, first.stderr
    before = sorted(p.relative_to(tmp_path / "output") for p in (tmp_path / "output").rglob("*"))
    write_tree(tmp_path, "small", edits={ACT: ("gratuit: true", "gratuit: 12")})
    second = run_cli(tmp_path, "build", "--output", str(tmp_path / "output"), *env_settings)
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert "n'a pas changé" in second.stderr
    assert sorted(p.relative_to(tmp_path / "output") for p in (tmp_path / "output").rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".output.")]


def test_loading_again_in_one_process_sees_every_edit(tmp_path):
    """`make serve` reloads in the same process: cached per-file work must follow the bytes."""
    write_tree(tmp_path, "small")
    assert load(tmp_path, TODAY)[0].activities["fablab-ouvert"].title == "Fablab ouvert"
    write_tree(tmp_path, "small", edits={ACT: ("titre: Fablab ouvert", "titre: Fablab fermé")})
    assert load(tmp_path, TODAY)[0].activities["fablab-ouvert"].title == "Fablab fermé"
    write_tree(tmp_path, "small", edits={ACT: ("gratuit: true", "gratuit: 12")})
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert catalogue is None and [p.field for p in problems] == ["gratuit"]
    write_tree(tmp_path, "small")
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert problems == [] and catalogue.activities["fablab-ouvert"].title == "Fablab ouvert"
