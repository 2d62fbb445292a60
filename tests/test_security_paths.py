"""No id, reference or file path makes the build read or write outside the repository (issue 9).

Complements tests/test_content_errors.py (image `..`, image URL, bad activity file name,
symlinked content file): every case is a content error located at file, line and field.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from catalogue.outputs import static
from catalogue.content.load import load
from fixtures import ACTIVITY, BADGE, STRUCTURE, SVG, VOCABULARY, replace, write_tree

ROOT = Path(__file__).parents[1]
ACT = "activities/le-dome/fablab-ouvert.md"
STR = "structures/le-dome.md"
BDG = "badges/fabriquer.md"
TODAY = date(2026, 11, 25)


def with_logo(value: str) -> str:
    return replace(STRUCTURE, "site_web:", f"logo: {value}\nsite_web:")  # the logo is on line 6


def located(problems, path: str, line: int, fragment: str, field: str | None = None):
    found = [p for p in problems if p.path == path and fragment in p.message]
    assert found, f"no problem in {path} containing {fragment!r}: {[str(p) for p in problems]}"
    problem = found[0]
    assert problem.line == line, str(problem)
    if field is not None:
        assert problem.field == field, str(problem)
    assert str(problem).startswith(f"{path}:{line}:")
    return problem


def load_problems(root: Path) -> list:
    catalogue, problems, _ = load(root, TODAY)
    assert catalogue is None, "expected content errors"
    return problems


# ---- ids -----------------------------------------------------------------------------------------

FILE_NAMES = {
    # file written, expected suggestion
    "structures/Le Dôme.md": "renommez le fichier « le-dome.md »",
    "structures/le_dome.md": "renommez le fichier « le-dome.md »",
    "badges/Fabriquer Vite!.md": "renommez le fichier « fabriquer-vite.md »",
    "badges/___.md": "renommez le fichier « mon-identifiant.md »",
    "activities/le-dome/Atelier Été.md": "renommez le fichier « atelier-ete.md »",
    "activities/le-dome/atelier\n.md": "renommez le fichier « atelier.md »",
}


@pytest.mark.parametrize("name", sorted(FILE_NAMES))
def test_non_slug_file_names_suggest_the_slug(tmp_path, name):
    source = {"structures": STRUCTURE, "badges": BADGE, "activities": ACTIVITY}[name.split("/")[0]]
    write_tree(tmp_path, "small", files={name: source})
    located(load_problems(tmp_path), name, 1, FILE_NAMES[name])


def test_non_slug_activity_folder_suggests_the_slug(tmp_path):
    write_tree(tmp_path, "small", files={"activities/Le Dôme/atelier.md": ACTIVITY})
    located(load_problems(tmp_path), "activities/Le Dôme", 1, "renommez-le « le-dome »")


# ---- paths and references -------------------------------------------------------------------------

CASES = {
    # name: (file, text, line, field, fragment)
    "logo parent": (STR, with_logo("../badges/images/fabriquer.svg"), 6, "logo", "interdit"),
    "logo nested parent": (STR, with_logo("logos/../../../etc/x.svg"), 6, "logo", "interdit"),
    "logo absolute": (STR, with_logo("/etc/logo.svg"), 6, "logo", "interdit"),
    "logo url": (STR, with_logo("https://evil.example/logo.svg"), 6, "logo", "est une adresse web"),
    "logo protocol-relative": (STR, with_logo("//evil.example/logo.svg"), 6, "logo", "est une adresse web"),
    "logo file url": (STR, with_logo("file:///etc/logo.svg"), 6, "logo", "est une adresse web"),
    "logo backslash": (STR, with_logo('"logos\\\\..\\\\..\\\\x.svg"'), 6, "logo", "interdit"),
    "logo not an image": (STR, with_logo("logos/script.js"), 6, "logo", "chemin d'image invalide"),
    "image absolute": (BDG, replace(BADGE, "images/fabriquer.svg", "/etc/passwd.svg"), 7, "image", "interdit"),
    "image javascript": (BDG, replace(BADGE, "images/fabriquer.svg", "javascript:alert(1).svg"), 7, "image", "est une adresse web"),
    "image data url": (BDG, replace(BADGE, "images/fabriquer.svg", '"data:image/svg+xml,<svg/>.svg"'), 7, "image", "est une adresse web"),
    "place parent": (ACT, replace(ACTIVITY, "lieu: le-dome-caen", "lieu: ../le-dome-caen"), 4, "lieu", "identifiant invalide"),
    "place absolute": (ACT, replace(ACTIVITY, "lieu: le-dome-caen", "lieu: /etc/passwd"), 4, "lieu", "identifiant invalide"),
    "badge reference parent": (ACT, replace(ACTIVITY, "badges: [fabriquer]", "badges: [../fabriquer]"), 10, "badges[0]", "identifiant invalide"),
    "structure reference parent": (ACT, replace(ACTIVITY, "structure: le-dome", "structure: ../le-dome"), 3, "structure", "identifiant invalide"),
    "session place parent": (ACT, replace(ACTIVITY, 'fin: "16:00"\n  - chaque', 'fin: "16:00"\n    lieu: ../../x\n  - chaque'), 15, "seances[0].lieu", "identifiant invalide"),
    "badge issuer parent": (BDG, replace(BADGE, "structure: le-dome", "structure: ../../le-dome"), 6, "structure", "identifiant invalide"),
    "badge co-builder url": (BDG, replace(BADGE, "structure: le-dome", "structure: le-dome\nco_construit_avec: [https://evil.example]"), 7, "co_construit_avec[0]", "identifiant invalide"),
    "badge category parent": (BDG, replace(BADGE, "categorie: fablab", "categorie: ../fablab"), 8, "categorie", "identifiant invalide"),
    "website javascript": (STR, replace(STRUCTURE, "https://ledome.info", "javascript:alert(1)"), 6, "site_web", "adresse web invalide"),
    "website data": (STR, replace(STRUCTURE, "https://ledome.info", '"data:text/html,<script>alert(1)</script>"'), 6, "site_web", "adresse web invalide"),
    "alignment url vbscript": (BDG, replace(BADGE, "categorie: fablab", "categorie: fablab\nalignements:\n  - referentiel: ROME\n    intitule: x\n    url: vbscript:msgbox(1)"), 12, "alignements[0].url", "adresse web invalide"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_paths_and_references_cannot_leave_the_repository(tmp_path, name):
    path, text, line, field, fragment = CASES[name]
    write_tree(tmp_path, "small", files={path: text})
    located(load_problems(tmp_path), path, line, fragment, field)


# ---- symlinks ----------------------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder next to the repository, holding files an attacker would like published."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.md").write_text(replace(ACTIVITY, "titre: Fablab ouvert", "titre: SECRET"), encoding="utf-8")
    (folder / "secret.svg").write_text(SVG, encoding="utf-8")
    (folder / "vocabulaire.yml").write_text(VOCABULARY, encoding="utf-8")
    return folder


def test_symlinked_activity_folder_pointing_outside(tmp_path, outside):
    repo = write_tree(tmp_path / "repo", "small")
    (repo / "activities/le-dome").rename(repo / "activities/ailleurs")
    (repo / "activities/le-dome").symlink_to(outside, target_is_directory=True)
    located(load_problems(repo), "activities/le-dome/secret.md", 1, "hors du dépôt")


def test_symlinked_content_files_pointing_outside(tmp_path, outside):
    repo = write_tree(tmp_path / "repo", "small", files={"vocabulaire.yml": None})
    (repo / "vocabulaire.yml").symlink_to(outside / "vocabulaire.yml")
    (repo / "structures/secret.md").symlink_to(outside / "secret.md")
    problems = load_problems(repo)
    located(problems, "vocabulaire.yml", 1, "hors du dépôt")
    located(problems, "structures/secret.md", 1, "hors du dépôt")


def test_image_symlink_pointing_outside(tmp_path, outside):
    repo = write_tree(tmp_path / "repo", "small", files={"badges/images/fabriquer.svg": None})
    (repo / "badges/images").mkdir(exist_ok=True)
    (repo / "badges/images/fabriquer.svg").symlink_to(outside / "secret.svg")
    located(load_problems(repo), BDG, 7, "pointe hors du dépôt", "image")


def test_image_folder_symlink_pointing_outside(tmp_path, outside):
    repo = write_tree(tmp_path / "repo", "small", files={"badges/images/fabriquer.svg": None})
    if (repo / "badges/images").exists():
        (repo / "badges/images").rmdir()
    (repo / "badges/images").symlink_to(outside, target_is_directory=True)
    (outside / "fabriquer.svg").write_text(SVG, encoding="utf-8")
    located(load_problems(repo), BDG, 7, "pointe hors du dépôt", "image")


def test_logo_symlink_pointing_outside(tmp_path, outside):
    repo = write_tree(tmp_path / "repo", "small", files={STR: with_logo("logos/le-dome.svg")})
    (repo / "structures/logos").mkdir()
    (repo / "structures/logos/le-dome.svg").symlink_to(outside / "secret.svg")
    located(load_problems(repo), STR, 6, "pointe hors du dépôt", "logo")


def test_symlink_loops_are_content_errors(tmp_path):
    repo = write_tree(tmp_path, "small", files={"badges/images/fabriquer.svg": None})
    (repo / "activities/le-dome/boucle.md").symlink_to("boucle.md")
    (repo / "badges/images").mkdir(exist_ok=True)
    (repo / "badges/images/fabriquer.svg").symlink_to("fabriquer.svg")
    problems = load_problems(repo)
    located(problems, "activities/le-dome/boucle.md", 1, "en boucle")
    located(problems, BDG, 7, "en boucle", "image")


def test_a_pipe_named_like_a_content_file_does_not_block(tmp_path):
    repo = write_tree(tmp_path, "small")
    os.mkfifo(repo / "badges/tuyau.md")
    started = time.perf_counter()
    problems = load_problems(repo)
    assert time.perf_counter() - started < 2
    located(problems, "badges/tuyau.md", 1, "pas un fichier ordinaire")


# ---- images that would run code (the hostile corpus is in test_security_svg.py) ----------------------

SVGS = {
    "script": '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Fabriquer</title><script>alert(1)</script></svg>',
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" role="img" onload="alert(1)"><title>Fabriquer</title></svg>',
    "foreignObject": '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Fabriquer</title><foreignObject><p>x</p></foreignObject></svg>',
    "external link": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" role="img"><title>Fabriquer</title><image xlink:href="https://evil.example/pixel.png"/></svg>',
    "javascript link": '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Fabriquer</title><a href="javascript:alert(1)"><circle r="5"/></a></svg>',
    "animated href": '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Fabriquer</title><a><animate attributeName="href" to="javascript:alert(1)"/><circle r="5"/></a></svg>',
    "style import": '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Fabriquer</title><style>@import url(https://evil.example/x.css);</style></svg>',
}
UNREADABLE_SVGS = {
    "entity bomb": '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><svg xmlns="http://www.w3.org/2000/svg" role="img"><title>&b;</title></svg>',
    "not svg": '<html><body><script>alert(1)</script></body></html>',
    "broken": '<svg xmlns="http://www.w3.org/2000/svg" role="img"><title>Fabriquer</title>',
}


@pytest.mark.parametrize("kind", sorted(UNREADABLE_SVGS))
def test_svg_images_that_cannot_be_rebuilt_are_refused(tmp_path, kind):
    write_tree(tmp_path, "small", files={"badges/images/fabriquer.svg": UNREADABLE_SVGS[kind]})
    problem = located(load_problems(tmp_path), BDG, 7, "badges/images/fabriquer.svg", "image")
    assert "SVG" in problem.message and "ligne 1" in problem.message


@pytest.mark.parametrize("kind", sorted(SVGS))
def test_svg_images_that_could_run_code_are_published_without_it(tmp_path, kind):
    write_tree(tmp_path, "small", files={"badges/images/fabriquer.svg": SVGS[kind]})
    catalogue, problems, warnings = load(tmp_path, TODAY)
    assert problems == [] and catalogue is not None
    assert any(w.path == BDG and w.line == 7 and "badges/images/fabriquer.svg : l'image sera publiée sans" in w.message
               for w in warnings), [str(w) for w in warnings]
    published = static.static_files(catalogue)["badges/fabriquer/fabriquer.svg"]
    for hostile in (b"script", b"onload", b"foreignObject", b"evil.example", b"javascript", b"animate", b"@import"):
        assert hostile not in published, published


def test_safe_svg_with_local_references_is_accepted(tmp_path):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" role="img">'
           '<title>Fabriquer</title><defs><linearGradient id="g"><stop offset="0"/></linearGradient><circle id="c" r="4"/></defs>'
           '<style>circle { fill: url(#g); }</style><use xlink:href="#c"/><rect fill="url(#g)" width="1" height="1"/></svg>')
    write_tree(tmp_path, "small", files={"badges/images/fabriquer.svg": svg})
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert problems == [] and catalogue is not None


def test_real_images_are_accepted(repo_root):
    from catalogue.sanitise.images import clean_image

    images = [p for folder in ("structures", "badges", "modeles") for p in (repo_root / folder).rglob("*")
              if p.suffix in (".svg", ".png", ".jpg", ".jpeg", ".webp") and p.is_file()]
    assert images
    reports = {str(p): clean_image(p.read_bytes(), p.name) for p in images}
    assert not {p: (r.problem, r.dropped) for p, r in reports.items() if r.problem or r.dropped}


# ---- the command line ---------------------------------------------------------------------------------


def test_check_refuses_outside_folder_without_traceback(tmp_path, outside):
    repo = write_tree(tmp_path / "repo", "small")
    (repo / "activities/fuite").symlink_to(outside, target_is_directory=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(repo), "check"],
                            capture_output=True, text=True, env=env, cwd=repo, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "activities/fuite/secret.md:1: lien symbolique" in result.stderr
    assert "SECRET" not in result.stderr + result.stdout
