"""CONTRIBUTING.md and the templates: every example is valid for the real loader, every excerpt comes from an
example, the generated sections are up to date, and `make nouvelle-activite` / `nouveau-badge` write valid files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from catalogue.tools import guide
from catalogue.content.load import load
from catalogue.tools.formatting import format_content
from catalogue.content.model import Activity
from catalogue.tools.scaffold import ScaffoldError, new_activity, new_badge
from fixtures import SHIPPED, write_tree

ROOT = Path(__file__).parents[1]
GUIDE_TEXT = (ROOT / guide.GUIDE).read_text(encoding="utf-8")
EXAMPLES = guide.examples(GUIDE_TEXT)
VOCABULARY = (ROOT / "vocabulaire.yml").read_text(encoding="utf-8")


def example_tree(tmp_path: Path) -> Path:
    """the small tree (tests/fixtures/), the real vocabulary, and every example of the guide on top."""
    files = {"vocabulaire.yml": VOCABULARY}
    for example in EXAMPLES:
        files[example.path] = example.text
        if example.path.startswith("badges/"):
            name = next(line[5:] for line in example.text.splitlines() if line.startswith("nom: "))
            image = next(line[7:] for line in example.text.splitlines() if line.startswith("image: "))
            files[f"badges/{image}"] = guide.badge_image(name)
    return write_tree(tmp_path, "small", files=files)


def test_the_guide_has_an_example_of_each_kind():
    paths = [e.path for e in EXAMPLES]
    assert len(paths) == len(set(paths)) >= 4
    assert any(p.startswith("structures/") for p in paths)
    assert any(p.startswith("badges/") for p in paths)
    activities = [e.text for e in EXAMPLES if e.path.startswith("activities/")]
    everything = "\n".join(activities)
    for key in ("  - date:", "annulation:", "changement:", "chaque:", "sauf:", "annulations:", "changements:", "nouvelle_date:"):
        assert key in everything, f"aucun exemple ne montre « {key.strip()} »"


def test_every_example_file_passes_the_real_loader(tmp_path):
    catalogue, problems, warnings = load(example_tree(tmp_path), guide.GUIDE_TODAY)
    assert problems == [], "\n".join(map(str, problems))
    assert catalogue is not None
    example_paths = {e.path for e in EXAMPLES}
    assert [str(w) for w in warnings if w.path in example_paths] == []
    for example in EXAMPLES:
        kind, ident = example.path.split("/")[0], Path(example.path).stem
        store = {"structures": catalogue.structures, "activities": catalogue.activities, "badges": catalogue.badges}[kind]
        assert ident in store, example.path
    assert len(catalogue.sessions_of("potager-du-mardi")) > 30


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.path for e in EXAMPLES])
def test_each_example_alone_in_the_small_tree(tmp_path, example):
    """An example copied alone (with what it refers to from the other examples) still loads: no hidden dependency."""
    _, problems, _ = load(example_tree(tmp_path), guide.GUIDE_TODAY)
    assert not [p for p in problems if p.path == example.path]


def test_every_yaml_block_is_an_example_or_an_excerpt_of_one():
    texts = [e.text for e in EXAMPLES]
    blocks = guide.yaml_blocks(GUIDE_TEXT)
    assert len(blocks) > len(EXAMPLES)
    for line, block in blocks:
        assert any(block in text for text in texts), f"{guide.GUIDE}:{line}: ce bloc n'est pas extrait d'un exemple :\n{block}"


def test_generated_sections_are_up_to_date():
    stale = guide.update_guide(ROOT, write=False)
    assert stale == [], f"{guide.GUIDE} n'est pas à jour ({', '.join(stale)}) : lancez « make guide »"


def test_allowed_values_come_from_the_vocabulary():
    from catalogue.content.model import JOIN_MODES, ROLES

    section = GUIDE_TEXT.split("<!-- valeurs:debut -->")[1].split("<!-- valeurs:fin -->")[0]
    for word in ("numerique", "tout-public", "herouville-saint-clair", "chemin-vert", *JOIN_MODES, *ROLES):
        assert f"`{word}`" in section


def test_every_error_case_names_its_field():
    """Each table row comes from the loader, in French, and names the field unless the file itself is unreadable."""
    whole_file = {"Un deux-points dans un texte sans guillemets", "Une tabulation au lieu d'espaces", "L'en-tête sans sa première ligne « --- »"}
    for case in guide.CASES:
        problem = guide._messages(ROOT, GUIDE_TEXT, case, warnings=False)[0]
        assert problem.path == case.path and problem.line > 0
        assert bool(problem.field) == (case.label not in whole_file), (case.label, str(problem))
        assert "Traceback" not in problem.message and "Input should" not in problem.message
    for case in guide.WARNING_CASES:
        problem = guide._messages(ROOT, GUIDE_TEXT, case, warnings=True)[0]
        assert problem.severity == "attention" and problem.field


def test_guide_command_check():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    proc = subprocess.run([sys.executable, "-m", "catalogue", "guide", "--check"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "est à jour" in proc.stdout


# ---- templates (modeles/) and `make nouvelle-activite` / `make nouveau-badge` ------------------------------


@pytest.fixture
def tree(tmp_path) -> Path:
    root = write_tree(tmp_path / "depot", "small", files={"vocabulaire.yml": VOCABULARY})
    shutil.copytree(ROOT / "modeles", root / "modeles")
    return root


def only_placeholders(warnings) -> bool:
    return all("À COMPLÉTER" in w.message for w in warnings if w.path.startswith(("activities/", "badges/jardin")))


def placeholder_errors(problems, path: str) -> list:
    """The problems of `path`, which must all be « À COMPLÉTER » left from the template (errors, not warnings)."""
    mine = [p for p in problems if p.path == path]
    assert mine and all("À COMPLÉTER" in p.message and p.severity == "erreur" for p in mine), "\n".join(map(str, mine))
    return mine


def test_templates_are_valid_as_copied_by_hand(tree):
    shutil.copy(tree / "modeles/activite.md", tree / "activities/le-dome/mon-activite.md")
    shutil.copy(tree / "modeles/badge.md", tree / "badges/mon-badge.md")
    shutil.copy(tree / "modeles/badge.svg", tree / "badges/images/badge.svg")
    catalogue, problems, warnings = load(tree, date(2026, 11, 25))
    placeholder_errors(problems, "activities/le-dome/mon-activite.md")
    placeholder_errors(problems, "badges/mon-badge.md")
    assert [p for p in problems if "À COMPLÉTER" not in p.message] == []


def test_new_activity_is_valid_as_generated(tree):
    today = date(2026, 11, 25)
    path = new_activity(tree, "le-dome", "atelier-x", today=today)
    assert path == tree / "activities/le-dome/atelier-x.md"
    text = path.read_text(encoding="utf-8")
    assert "structure: le-dome\n" in text and "lieu: le-dome-caen\n" in text
    assert "  - type: unique\n    date: 2026-12-09\n" in text  # two weeks from today: a future session, of the kind the form reads
    assert "Pour l'utiliser" not in text and "\n#" not in text  # the template's how-to comments are gone
    assert format_content(text, Activity) == text  # written as the form editor writes it: `make format` keeps it
    catalogue, problems, warnings = load(tree, today)
    assert len(placeholder_errors(problems, "activities/le-dome/atelier-x.md")) == len(problems)
    # once the placeholders are filled in, nothing is left to say
    filled = text.replace("À COMPLÉTER : un titre court et clair", "Atelier X").replace("À COMPLÉTER : ", "")
    filled = filled.replace("À COMPLÉTER", "Une description.")
    path.write_text(filled, encoding="utf-8")
    catalogue, problems, warnings = load(tree, today)
    assert problems == [] and not [w for w in warnings if w.path == "activities/le-dome/atelier-x.md"]
    assert "atelier-x" in catalogue.activities


def test_new_activity_uses_the_structure_habits_and_a_chosen_place(tree):
    path = new_activity(tree, "le-dome", "autre-atelier", place="le-dome-caen", today=date(2026, 11, 25))
    assert "categories:\n  - fablab\n" in path.read_text(encoding="utf-8")  # as the structure's other activity


@pytest.mark.parametrize("structure, ident, place, message", [
    ("le-dome", "fablab-ouvert", None, "l'identifiant « fablab-ouvert » est déjà pris par activities/le-dome/fablab-ouvert.md"),
    ("le-dom", "atelier-x", None, "structure inconnue « le-dom » : aucun fichier structures/le-dom.md. Vouliez-vous dire « le-dome » ?"),
    ("", "atelier-x", None, "indiquez la structure : par exemple make nouvelle-activite STRUCTURE=le-dome ID=…"),
    ("le-dome", "", None, "indiquez l'identifiant de l'activité : par exemple ID=atelier-cuisine"),
    ("le-dome", "Atelier Vélo", None, "identifiant invalide « Atelier Vélo » : uniquement minuscules sans accent, chiffres et tirets, par exemple ID=atelier-velo"),
    ("le-dome", "atelier-x", "le-dome-cean", "lieu inconnu « le-dome-cean ». Vouliez-vous dire « le-dome-caen » ?"),
])
def test_new_activity_refuses_with_a_french_message(tree, structure, ident, place, message):
    with pytest.raises(ScaffoldError) as error:
        new_activity(tree, structure, ident, place=place, today=date(2026, 11, 25))
    assert str(error.value).startswith(message), str(error.value)
    assert not (tree / "activities/le-dome/atelier-x.md").exists()


def test_new_badge_is_valid_as_generated(tree):
    paths = new_badge(tree, "le-dome", "cuisiner-ensemble")
    assert [p.relative_to(tree).as_posix() for p in paths] == ["badges/cuisiner-ensemble.md", "badges/images/cuisiner-ensemble.svg"]
    _, problems, warnings = load(tree, date(2026, 11, 25))
    assert len(placeholder_errors(problems, "badges/cuisiner-ensemble.md")) == len(problems)
    with pytest.raises(ScaffoldError, match="déjà pris par badges/cuisiner-ensemble.md"):
        new_badge(tree, "le-dome", "cuisiner-ensemble")


def run_make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_make_nouvelle_activite_refuses_an_unknown_structure():
    proc = run_make("nouvelle-activite", "STRUCTURE=structure-qui-n-existe-pas", "ID=essai-du-guide")
    assert proc.returncode != 0
    assert "Fichier non créé : structure inconnue « structure-qui-n-existe-pas »" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(ROOT.glob("activities/*/essai-du-guide.md"))


def test_make_nouvelle_activite_creates_the_file(tmp_path):
    """The real Makefile target, on a copy of the repository's content (the work tree is not touched)."""
    root = write_tree(tmp_path / "copie", repo=[*SHIPPED, "modeles"])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    proc = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "nouvelle-activite",
                           "--structure", "cap-sport", "--id", "essai-du-guide"], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Fichier créé : activities/cap-sport/essai-du-guide.md" in proc.stdout
    _, problems, _ = load(root)
    assert len(placeholder_errors(problems, "activities/cap-sport/essai-du-guide.md")) == len(problems)
