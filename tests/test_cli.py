"""cli/main.py, run in-process: what each command prints, in French, and its exit code — 0 when all is well,
1 for content to fix, 2 for a bad argument or an internal bug (never a traceback unless --debug)."""

from __future__ import annotations

import pytest

from catalogue.cli import main as cli
from fixtures import ACT, write_tree


@pytest.fixture(autouse=True)
def build_day(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")  # 2026-11-25


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_on_valid_content_counts_what_it_read(tmp_path, capsys):
    code, out, err = run(capsys, "--root", str(write_tree(tmp_path, "small")), "check")
    assert code == 0, err
    assert out.startswith("Contenu valide : 1 structures, 1 activités, 1 badges, 12 séances, 0 page libre (")
    assert err.startswith("badges/fabriquer.md:7: image: attention : ")  # a warning does not fail the check


def test_check_lists_every_error_with_file_line_and_field_and_exits_1(tmp_path, capsys):
    code, out, err = run(capsys, "--root", str(write_tree(tmp_path, "small", "broken")), "check")
    assert code == 1 and "Contenu valide" not in out
    lines = err.splitlines()
    for where in (f"{ACT}:7: gratuit: ", f"{ACT}:10: badgs: ", f"{ACT}:13: seances[0].debut: ", "badges/fabriquer.md:8: categorie: "):
        assert any(line.startswith(where) for line in lines), (where, err)
    assert "heure invalide « 25:00 »" in err and "Traceback" not in err


def test_github_format_adds_one_annotation_per_error(tmp_path, capsys):
    code, out, _ = run(capsys, "--root", str(write_tree(tmp_path, "small", "broken")), "check", "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 4 and any(f"file={ACT},line=13" in line for line in annotations), out


def test_an_internal_bug_is_one_french_line_and_exit_2(tmp_path, capsys, monkeypatch):
    def broken_load(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "load", broken_load)
    code, _, err = run(capsys, "--root", str(write_tree(tmp_path, "small")), "check")
    assert code == 2
    assert err.startswith("Erreur interne du générateur (ZeroDivisionError: division by zero).")
    assert "relancez avec --debug" in err.lower() and "Traceback" not in err
    code, _, err = run(capsys, "--root", str(tmp_path), "--debug", "check")
    assert code == 2 and "Traceback (most recent call last)" in err  # --debug: the detail for whoever fixes it


def test_ctrl_c_exits_130_quietly(tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "load", interrupted)
    assert run(capsys, "--root", str(tmp_path), "check") == (130, "", "")


def test_a_bad_argument_is_refused_by_the_parser(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["lancer"])
    assert exit_.value.code == 2
    assert "invalid choice: 'lancer'" in capsys.readouterr().err


def test_diff_refuses_a_date_it_cannot_read(tmp_path, capsys):
    code, _, err = run(capsys, "--root", str(write_tree(tmp_path, "small")), "diff", "--today", "25/11/2026")
    assert code == 2 and err == "date invalide « 25/11/2026 » : attendu une date comme 2026-12-03\n"


def test_diff_outside_a_git_repository_says_why(tmp_path, capsys):
    code, _, err = run(capsys, "--root", str(write_tree(tmp_path, "small")), "diff", "--base", "main")
    assert code == 2 and err.startswith("Comparaison impossible : ")


def test_new_activity_for_an_unknown_structure_writes_nothing(tmp_path, capsys):
    root = write_tree(tmp_path, "small", repo=["modeles"])
    code, out, err = run(capsys, "--root", str(root), "nouvelle-activite", "--structure", "le-dom", "--id", "atelier")
    assert code == 1 and out == ""
    assert err.startswith("Fichier non créé : structure inconnue « le-dom »")
    assert not list(root.glob("activities/*/atelier.md"))


def test_new_activity_is_created_then_checked(tmp_path, capsys):
    root = write_tree(tmp_path, "small", repo=["modeles"])
    code, out, _ = run(capsys, "--root", str(root), "nouvelle-activite", "--structure", "le-dome", "--id", "atelier-velo")
    assert code == 0
    assert out.splitlines()[0] == "Fichier créé : activities/le-dome/atelier-velo.md"
    code, _, err = run(capsys, "--root", str(root), "check")
    assert code == 1 and "activities/le-dome/atelier-velo.md" in err and "À COMPLÉTER" in err


def test_format_check_names_a_hand_edited_file_and_exits_1(tmp_path, capsys):
    root = write_tree(tmp_path, "small")
    assert run(capsys, "--root", str(root), "format")[0] == 0
    write_tree(root, edits={ACT: ("categories:\n  - fablab", "categories: [fablab]")})
    code, out, err = run(capsys, "--root", str(root), "format", "--check")
    assert code == 1 and err.startswith(f"{ACT}: pas dans la forme de l'éditeur en ligne\n")
    assert "\n1 fichier(s) pas dans la forme qu'écrit l'éditeur en ligne : lancez « make format »." in err
    assert run(capsys, "--root", str(root), "format")[0] == 0
    code, out, _ = run(capsys, "--root", str(root), "format", "--check")
    assert code == 0 and out == "Tous les fichiers de contenu sont dans la forme qu'écrit l'éditeur en ligne.\n"
