"""Stale-content warnings: reported with file and line, never errors, and `check` still passes."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from catalogue.content.load import load
from catalogue.content.stale import SEVERITY
from fixtures import ACTIVITY, replace, write_tree

ROOT = Path(__file__).parents[1]
# The small tree's activity: a one-off session on 2026-12-03, a Tuesday series from 2026-11-03 to 2027-01-26
# (cancelled on 2027-01-19, moved on 2027-01-12).


def stale(repo: Path, today: date) -> list:
    catalogue, problems, warnings = load(repo, today)
    assert problems == [], problems
    assert catalogue is not None
    return [w for w in warnings if w.severity == SEVERITY and w.path.startswith("activities/")]


def test_fresh_content_has_no_warning(tmp_path):
    assert stale(write_tree(tmp_path, "small"), date(2026, 11, 25)) == []


def test_a_series_ending_within_two_weeks(tmp_path):
    warnings = stale(write_tree(tmp_path, "small"), date(2027, 1, 15))
    ending = [w for w in warnings if "se termine bientôt" in w.message]
    assert len(ending) == 1, warnings
    warning = ending[0]
    assert warning.path == "activities/le-dome/fablab-ouvert.md"
    assert warning.field == "seances[1].au"
    assert warning.line == 17  # the line of « au: 2027-01-26 »
    assert "mardi 26 janvier 2027 (dans 11 jours)" in warning.message
    assert str(warning).startswith("activities/le-dome/fablab-ouvert.md:17: seances[1].au: attention : ")


def test_no_series_warning_when_sessions_follow(tmp_path):
    later = ACTIVITY.replace("---\nOn découvre", "  - date: 2027-02-20\n    debut: \"10:00\"\n    fin: \"12:00\"\n---\nOn découvre")
    repo = write_tree(tmp_path, "small", files={"activities/le-dome/fablab-ouvert.md": later})
    assert not [w for w in stale(repo, date(2027, 1, 15)) if "se termine" in w.message]


def test_an_activity_with_no_future_session(tmp_path):
    warnings = stale(write_tree(tmp_path, "small"), date(2027, 3, 1))
    upcoming = [w for w in warnings if "aucune séance à venir" in w.message]
    assert len(upcoming) == 1
    assert upcoming[0].field == "seances" and upcoming[0].line == 11
    assert "la dernière a eu lieu le mardi 26 janvier 2027" in upcoming[0].message


def test_an_activity_without_any_session(tmp_path):
    text = ACTIVITY.split("seances:")[0] + "---\nSans date.\n"
    warnings = stale(write_tree(tmp_path, "small", files={"activities/le-dome/fablab-ouvert.md": text}), date(2026, 11, 25))
    assert [w.field for w in warnings] == ["titre"]
    assert "aucune séance" in warnings[0].message and "seances" in warnings[0].message


def test_a_one_off_session_typed_in_the_past(tmp_path):
    typo = replace(ACTIVITY, "  - date: 2026-12-03", "  - date: 2025-12-03")
    warnings = stale(write_tree(tmp_path, "small", files={"activities/le-dome/fablab-ouvert.md": typo}), date(2026, 11, 25))
    assert len(warnings) == 1
    assert warnings[0].field == "seances[0].date" and warnings[0].line == 12
    assert "mercredi 3 décembre 2025" in warnings[0].message and "l'année" in warnings[0].message


def test_recent_or_cancelled_past_sessions_are_not_flagged(tmp_path):
    recent = replace(ACTIVITY, "  - date: 2026-12-03", "  - date: 2026-11-12")
    assert stale(write_tree(tmp_path / "a", "small", files={"activities/le-dome/fablab-ouvert.md": recent}), date(2026, 11, 25)) == []
    cancelled = replace(ACTIVITY, '    fin: "16:00"\n  - chaque', '    fin: "16:00"\n    annulation: Salle fermée\n  - chaque')
    cancelled = replace(cancelled, "  - date: 2026-12-03", "  - date: 2025-12-03")
    assert stale(write_tree(tmp_path / "b", "small", files={"activities/le-dome/fablab-ouvert.md": cancelled}), date(2026, 11, 25)) == []


def test_a_placeholder_left_from_a_template_is_an_error(tmp_path):
    text = replace(ACTIVITY, "titre: Fablab ouvert", 'titre: "À COMPLÉTER : un titre"')
    text = replace(text, "On découvre les machines.", "À compléter : la description.")
    catalogue, problems, warnings = load(write_tree(tmp_path, "small", files={"activities/le-dome/fablab-ouvert.md": text}), date(2026, 11, 25))
    assert catalogue is None and not [w for w in warnings if w.path.startswith("activities/")]
    assert [(p.field, p.line, p.severity) for p in problems] == [("titre", 2, "erreur"), ("texte", 29, "erreur")]
    assert all("remplacez-le par le vrai texte" in p.message for p in problems)


def test_check_prints_warnings_and_passes(tmp_path):
    typo = replace(ACTIVITY, "  - date: 2026-12-03", "  - date: 2025-12-03")
    repo = write_tree(tmp_path, "small", files={"activities/le-dome/fablab-ouvert.md": typo})
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    proc = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(repo), "check"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "activities/le-dome/fablab-ouvert.md:12: seances[0].date: attention : séance unique datée" in proc.stderr
    assert "Contenu valide" in proc.stdout
