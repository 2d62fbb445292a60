"""`make diff` / `python -m catalogue diff`: what calendar subscribers see change, between a git ref and the work tree."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from catalogue.tools.diff import DiffError, export_ref, render_markdown, render_text, summarise
from fixtures import ACTIVITY, replace, write_tree

ROOT = Path(__file__).parents[1]
TODAY = date(2026, 11, 25)
ACTIVITY_PATH = "activities/le-dome/fablab-ouvert.md"


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "commit.gpgsign=false", *args], capture_output=True, text=True, check=True)
    return proc.stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A git repository holding the small tree (tests/fixtures/) in one commit, on branch main."""
    root = write_tree(tmp_path / "depot", "small")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def edit(repo: Path, text: str, path: str = ACTIVITY_PATH) -> None:
    (repo / path).write_text(text, encoding="utf-8")


def changed_activity() -> str:
    text = replace(ACTIVITY, '    fin: "16:00"\n  - chaque', '    fin: "16:00"\n    annulation: Salle fermée\n  - chaque')  # 3 Dec cancelled
    text = replace(text, "    du: 2026-11-03", "    du: 2026-11-25")  # 3 to 24 Nov (past) dropped; only the 24th was still in the feeds
    text = replace(text, "    sauf: [2026-12-22, 2026-12-29]", "    sauf: [2026-12-15, 2026-12-22, 2026-12-29]")  # 15 Dec removed
    text = replace(text, "    changements:\n", '    changements:\n      - date: 2026-12-08\n        debut: "15:00"\n        fin: "17:00"\n'
                                                "        motif: Réunion d'équipe\n")  # 8 Dec moved
    text = replace(text, "seances:\n", 'seances:\n  - date: 2026-12-10\n    debut: "10:00"\n    fin: "12:00"\n'
                                       '  - date: 2025-11-20\n    debut: "10:00"\n    fin: "12:00"\n')  # added, and added in the past
    return text


def test_nothing_changed(repo):
    summary = summarise(repo, "main", TODAY)
    assert summary.computed and summary.changes == [] and summary.past_removed == 0
    assert "aucun changement de séance" in render_text(summary)


def test_sessions_added_moved_cancelled_removed(repo):
    edit(repo, changed_activity())
    summary = summarise(repo, "main", TODAY)
    kinds = [(c.kind, c.session.start.date().isoformat()) for c in summary.changes]
    assert sorted(kinds) == sorted([
        ("ajoutee", "2026-12-10"), ("annulee", "2026-12-03"), ("deplacee", "2026-12-08"), ("retiree", "2026-12-15"),
    ]), kinds
    assert summary.past_removed == 1  # 24 November: already past, no effect for subscribers
    text = render_text(summary)
    assert "Fablab ouvert — activities/le-dome/fablab-ouvert.md" in text
    assert "+ ajoutée   jeudi 10 décembre 2026, 10:00–12:00, Le Dôme (Caen) (ligne 12)" in text
    assert "× annulée   jeudi 3 décembre 2026, 14:00–16:00, Le Dôme (Caen) (motif : Salle fermée)" in text
    assert ("~ déplacée  mardi 8 décembre 2026, 14:00–16:00 → mardi 8 décembre 2026, 15:00–17:00, Le Dôme (Caen) (même lieu) "
            "(motif : Réunion d'équipe)") in text
    assert "− retirée   mardi 15 décembre 2026, 14:00–16:00, Le Dôme (Caen)" in text
    assert "En tout : 1 ajoutée, 1 déplacée, 1 annulée, 0 rétablie, 0 modifiée, 1 retirée (séances)." in text
    assert "Et 1 séance(s) déjà passée(s) retirée(s)" in text
    assert "remettez la date d'origine et ajoutez « changement: »" in text


def test_a_session_added_in_the_past_is_flagged(repo):
    text = replace(ACTIVITY, "seances:\n", 'seances:\n  - date: 2026-11-20\n    debut: "10:00"\n    fin: "12:00"\n')
    edit(repo, text)
    summary = summarise(repo, "main", TODAY)
    assert [c.kind for c in summary.changes] == ["ajoutee"]
    assert "attention : date déjà passée, vérifiez-la (l'année ?)" in render_text(summary)


def test_new_and_removed_activities(repo):
    other = replace(ACTIVITY, "titre: Fablab ouvert", "titre: Atelier vélo")
    edit(repo, other, "activities/le-dome/atelier-velo.md")
    (repo / ACTIVITY_PATH).unlink()
    summary = summarise(repo, "main", TODAY)
    text = render_text(summary)
    assert "Atelier vélo — activities/le-dome/atelier-velo.md (nouvelle activité)" in text
    assert "Fablab ouvert — activities/le-dome/fablab-ouvert.md (activité retirée du catalogue)" in text
    assert {c.kind for c in summary.changes if c.activity == "atelier-velo"} == {"ajoutee"}
    assert {c.kind for c in summary.changes if c.activity == "fablab-ouvert"} == {"retiree"}
    assert "+ ajoutée   mardi 19 janvier 2027, 14:00–16:00, Le Dôme (Caen), déjà annulée (motif : Animateur absent)" in text


def test_reinstated_session_and_renamed_activity(repo):
    text = replace(ACTIVITY, "      - date: 2027-01-19\n        motif: Animateur absent\n", "")
    text = replace(text, "    annulations:\n", "")
    text = replace(text, "titre: Fablab ouvert", "titre: Fablab ouvert à tous")
    edit(repo, text)
    summary = summarise(repo, "main", TODAY)
    kinds = {(c.kind, c.session.start.date().isoformat()) for c in summary.changes}
    assert ("retablie", "2027-01-19") in kinds
    assert {kind for kind, _ in kinds} == {"retablie", "modifiee"}  # the new title reaches every other session
    text = render_text(summary)
    assert "(titre changé : « Fablab ouvert » → « Fablab ouvert à tous »)" in text
    assert f"✎ {len(kinds) - 1} séances modifiées (titre, lieu ou texte), du " in text


def test_markdown_for_pull_requests(repo):
    edit(repo, changed_activity())
    markdown = render_markdown(summarise(repo, "main", TODAY))
    assert markdown.startswith("<!-- catalogue:resume-des-changements -->\n## Catalogue : résumé de la modification")
    assert "### 📅 Ce que verront les abonnés aux calendriers" in markdown
    assert "**Fablab ouvert** (`activities/le-dome/fablab-ouvert.md`)" in markdown
    assert "- 🔁 **déplacée** : ~~mardi 8 décembre 2026, 14:00–16:00~~ → mardi 8 décembre 2026, 15:00–17:00" in markdown
    assert "- ❌ **annulée** : jeudi 3 décembre 2026" in markdown


def test_content_errors_come_first_with_file_and_line(repo):
    edit(repo, replace(ACTIVITY, 'debut: "14:00"\n    fin: "16:00"\n  - chaque', 'debut: "25:00"\n    fin: "16:00"\n  - chaque'))
    summary = summarise(repo, "main", TODAY)
    assert not summary.computed
    text = render_text(summary)
    assert "1 erreur(s) de contenu dans 1 fichier(s), à corriger :" in text
    assert "activities/le-dome/fablab-ouvert.md:13: seances[0].debut: heure invalide « 25:00 »" in text
    assert "seront calculés une fois les erreurs corrigées" in text
    markdown = render_markdown(summary)
    assert "### ⛔ 1 erreur(s) de contenu dans 1 fichier(s)" in markdown
    assert "activities/le-dome/fablab-ouvert.md:13: seances[0].debut: heure invalide" in markdown


def test_unknown_ref_and_not_a_repository(repo, tmp_path):
    with pytest.raises(DiffError, match="référence git inconnue « origin/nulle-part »"):
        export_ref(repo, "origin/nulle-part", tmp_path / "x")
    with pytest.raises(DiffError, match="référence git invalide"):
        export_ref(repo, "--output=/tmp/x", tmp_path / "y")
    plain = write_tree(tmp_path / "sans-git", "small")
    with pytest.raises(DiffError, match="n'est pas un dépôt git"):
        export_ref(plain, "main", tmp_path / "z")


def test_export_ref_reads_only_content_from_git(repo, tmp_path):
    edit(repo, "modifié sans commit")
    target = tmp_path / "base"
    export_ref(repo, "main", target)
    assert (target / ACTIVITY_PATH).read_text(encoding="utf-8") == ACTIVITY
    assert sorted(p.name for p in target.iterdir()) == ["activities", "badges", "structures", "vocabulaire.yml"]
    assert git(repo, "status", "--porcelain").strip() == f"M {ACTIVITY_PATH}"  # nothing else touched


def run_cli(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(repo), "diff", *args],
                          capture_output=True, text=True, env=env, cwd=repo)


def test_cli(repo, tmp_path):
    edit(repo, changed_activity())
    proc = run_cli(repo, "--base", "main")
    assert proc.returncode == 0, proc.stderr
    assert "date de référence : mercredi 25 novembre 2026" in proc.stdout
    assert "+ ajoutée   jeudi 10 décembre 2026" in proc.stdout
    out = tmp_path / "resume.md"
    proc = run_cli(repo, "--base", "main", "--format", "markdown", "--output", str(out))
    assert proc.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!-- catalogue:")
    proc = run_cli(repo, "--base", "inconnue")
    assert proc.returncode == 2
    assert "Comparaison impossible : référence git inconnue « inconnue »" in proc.stderr and "Traceback" not in proc.stderr
    edit(repo, "pas d'en-tête")
    proc = run_cli(repo, "--base", "main")
    assert proc.returncode == 1
    assert "activities/le-dome/fablab-ouvert.md:1: en-tête manquant" in proc.stdout


def test_make_diff_runs_on_this_repository():
    proc = subprocess.run(["make", "-s", "diff", "BASE=HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Catalogue : comparaison avec « HEAD »" in proc.stdout
