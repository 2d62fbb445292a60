"""Hostile or broken files give a French error quickly, never a hang, a blow-up or a traceback (issue 9).

Each case is timed with time.perf_counter around `load()`; the bound (2 s) is generous: the
measured times are printed with `pytest -s` and are mostly under 0.1 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from catalogue.content.load import load
from catalogue.content.markdown import render_markdown
from fixtures import ACTIVITY, BADGE, STRUCTURE, VOCABULARY, replace, write_tree

ROOT = Path(__file__).parents[1]
ACT = "activities/le-dome/fablab-ouvert.md"
TODAY = date(2026, 11, 25)
BOUND = 2.0
PWNED = "/tmp/territoires-partages-pwned"


def header_with(lines: str) -> str:
    """The sample activity with `lines` instead of its sessions."""
    return ACTIVITY.split("seances:\n")[0] + lines + "---\n" + ACTIVITY.rsplit("---\n", 1)[1]


def sessions(count: int) -> str:
    start = date(2027, 1, 4)
    return "seances:\n" + "".join(
        f'  - {{date: {start + timedelta(days=i // 10)}, debut: "{8 + i % 10}:00", fin: "{8 + i % 10}:30"}}\n' for i in range(count)
)


BOMB = """---
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
"""

ALL_DAYS = "[lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche]"

CASES = {
    # name: (file text or bytes, expected fragment of a message)
    "file over 1 MB": (ACTIVITY + "Texte. " * 160_000, "fichier trop gros"),
    "header over 1 MB on one line": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: " + "x" * 1_100_000), "fichier trop gros"),
    "long header": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: " + "x" * 200_000), "champs trop longs"),
    "billion laughs": (BOMB, "alias YAML"),
    "anchor and alias on one value": (replace(ACTIVITY, "publics: [tout-public]", "publics: &p [tout-public]\nresume: *p"), "alias YAML"),
    "merge key": (replace(ACTIVITY, "gratuit: true", "gratuit: true\n<<: {tarif: x}"), "fusions YAML"),
    "10,000 nested [": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: " + "[" * 10_000 + "]" * 10_000), "imbrication trop profonde"),
    "10,000 unclosed [": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: " + "[" * 10_000), "YAML mal formé"),
    "10,000 nested {": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: " + "{a: " * 10_000 + "}" * 10_000), "imbrication trop profonde"),
    "100,000 sessions": (header_with(sessions(100_000)), "fichier trop gros"),
    "100,000 empty sessions": (header_with("seances: [" + "{}," * 100_000 + "]\n"), "champs trop longs"),
    "30,000 empty sessions": (header_with("seances: [" + "{}," * 30_000 + "]\n"), "autre(s) erreur(s) dans ce fichier"),
    "1,700 sessions": (header_with(sessions(1_700)), "trop de séances"),
    "series of a century": (replace(ACTIVITY, "au: 2027-01-26", "au: 2126-12-31"), "série trop longue"),
    "series every day, many times": (header_with("seances:\n" + "".join(
        f"  - {{chaque: {ALL_DAYS}, du: 2027-01-04, au: 2029-01-04, debut: \"{h}:00\", fin: \"{h}:30\"}}\n" for h in range(8, 20))), "trop de séances"),
    "40,000 numbers": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: [" + "1," * 40_000 + "]"), "attendu du texte"),
    "60,000 numbers": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: [" + "1," * 60_000 + "]"), "champs trop longs"),
    "7,000 unknown keys": (replace(ACTIVITY, "gratuit: true", "gratuit: true\n" + "".join(f"k{i}: 1\n" for i in range(7_000))), "autre(s) erreur(s)"),
    "5,000-digit number": (replace(ACTIVITY, "gratuit: true", "gratuit: " + "9" * 5_000), "(5000 caractères)"),
    "python object apply": (replace(ACTIVITY, "titre: Fablab ouvert", f"titre: !!python/object/apply:os.system ['touch {PWNED}']"), "étiquette YAML"),
    "python object new": (replace(ACTIVITY, "titre: Fablab ouvert", f"titre: !!python/object/new:subprocess.check_output [['touch', '{PWNED}']]"), "étiquette YAML"),
    "python name": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: !!python/name:os.system"), "étiquette YAML"),
    "python module key": (replace(ACTIVITY, "gratuit: true", "gratuit: true\n? !!python/module:os\n: x"), "étiquette YAML"),
    "binary tag": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: !!binary PHNjcmlwdD4="), "étiquette YAML"),
    "bad timestamp tag": (replace(ACTIVITY, "date: 2026-12-03", "date: !!timestamp 2026-13-45"), "étiquette YAML"),
    "huge int tag": (replace(ACTIVITY, "gratuit: true", "gratuit: !!int " + "9" * 5_000), "étiquette YAML"),
    "bool tag": (replace(ACTIVITY, "gratuit: true", "gratuit: !!bool peut-être"), "étiquette YAML"),
    "set tag": (replace(ACTIVITY, "categories: [fablab]", "categories: !!set {fablab}"), "étiquette YAML"),
    "local tag": (replace(ACTIVITY, "titre: Fablab ouvert", "titre: !secret x"), "étiquette YAML"),
    "number as key": (replace(ACTIVITY, "gratuit: true", "gratuit: true\n12: x"), "champ inconnu « 12 »"),
    "null as key": (replace(ACTIVITY, "gratuit: true", "gratuit: true\n~: x"), "champ inconnu « ~ »"),
    "list as key": (replace(ACTIVITY, "gratuit: true", "gratuit: true\n? [a, b]\n: x"), "nom de champ invalide"),
    "null byte": (ACTIVITY.replace("Vous fabriquez", "Vous\x00fabriquez"), "octets nuls"),
    "latin-1": (ACTIVITY.replace("On découvre", "On d\udce9couvre").encode("utf-8", "surrogateescape"), "non UTF-8"),
    "utf-16": (ACTIVITY.encode("utf-16"), "non UTF-8"),
    "binary garbage": (bytes(range(256)) * 100, "non UTF-8"),
    "several YAML documents": (replace(ACTIVITY, "gratuit: true", "gratuit: true\n...\n---\ntitre: autre"), "champ obligatoire manquant"),
    "body too long": (ACTIVITY + "Une phrase ordinaire. " * 600, "texte trop long"),
    "body with nested ordered lists": (ACTIVITY + "\n" + "1. " * 3_000, "trop imbriquée"),
    "body with nested quotes": (ACTIVITY + "\n" + "> " * 3_000 + "citation", "trop imbriquée"),
}

# Inputs that stalled or crashed Python-Markdown: plain text for cmark-gfm, published as such, quickly.
HARMLESS_BODIES = {
    "9,000 [": "[" * 9_000,
    "3,000 <a ": "<a " * 3_000,
    "definition-like lines": "a\n: b\n" * 1_500,
    "12 nested lists": "".join("  " * i + "- niveau\n" for i in range(12)),
}


@pytest.mark.parametrize("name", list(HARMLESS_BODIES))
def test_odd_markdown_bodies_are_published_quickly(tmp_path, name):
    write_tree(tmp_path, "small", files={ACT: ACTIVITY + "\n" + HARMLESS_BODIES[name]})
    elapsed, catalogue, problems = _load_timed(tmp_path)
    assert problems == [], [str(p) for p in problems]
    assert elapsed < BOUND, f"{name}: {elapsed:.2f} s"
    html = render_markdown(catalogue.activities["fablab-ouvert"].body)
    assert "<script" not in html and "<a " not in html


def _load_timed(root: Path):
    started = time.perf_counter()
    catalogue, problems, warnings = load(root, TODAY)
    return time.perf_counter() - started, catalogue, problems


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_file_gives_a_french_error_quickly(tmp_path, name):
    text, fragment = CASES[name]
    write_tree(tmp_path, "small", files={ACT: text})
    elapsed, catalogue, problems = _load_timed(tmp_path)
    print(f"\n{name}: {elapsed:.3f} s")
    assert catalogue is None
    assert elapsed < BOUND, f"{name}: {elapsed:.2f} s"
    mine = [p for p in problems if p.path == ACT]
    assert any(fragment in p.message for p in mine), f"{name}: {[str(p)[:200] for p in problems]}"
    for problem in mine:
        assert str(problem).startswith(f"{ACT}:{problem.line}:")
        assert len(str(problem)) < 600, str(problem)[:300]
    assert not os.path.exists(PWNED)


def run_cli(root: Path, *args: str) -> tuple[float, subprocess.CompletedProcess]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), *args],
                            capture_output=True, text=True, env=env, cwd=root, timeout=120)
    return time.perf_counter() - started, result


def test_all_hostile_files_at_once_through_the_command_line(tmp_path):
    """Every case in one repository: one run, exit 1, every file named, no traceback, nothing executed."""
    files = {f"activities/le-dome/cas-{i}.md": text for i, (text, _) in enumerate(CASES.values())}
    write_tree(tmp_path, "small", files=files)
    elapsed, result = run_cli(tmp_path, "check")
    print(f"\ncheck with {len(files)} hostile files: {elapsed:.2f} s")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for name in files:
        assert f"\n{name}:" in result.stderr, f"{name} not reported"
    assert "erreur(s) de contenu" in result.stderr
    assert elapsed < 10 * BOUND
    assert not os.path.exists(PWNED)


def test_hostile_file_never_replaces_the_previous_site(tmp_path):
    repo = write_tree(tmp_path / "repo", "small", repo=["content"])  # free pages: a symlink out of the repository is refused
    (repo / "theme").symlink_to(ROOT / "theme")
    output = tmp_path / "output"
    settings = ("--settings", str(ROOT / "pelicanconf.py"))
    _, first = run_cli(repo, "build", "--output", str(output), *settings)
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    write_tree(repo, "small", files={ACT: BOMB})
    elapsed, second = run_cli(repo, "build", "--output", str(output), *settings)
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert f"{ACT}:" in second.stderr and "alias YAML" in second.stderr
    assert {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


# ---- files written by Windows tools are accepted as they are ----------------------------------------


def windows(text: str, bom: bool = True, ending: str = "\r\n", trailing: str = "  ") -> bytes:
    body = ending.join(line + trailing if line.strip() and line != "---" else line for line in text.split("\n"))
    return (("\ufeff" if bom else "") + body).encode("utf-8")


@pytest.mark.parametrize("style", ["crlf+bom+spaces", "crlf", "bom", "cr only", "tabs after values", "fences with spaces"])
def test_windows_files_are_accepted(tmp_path, style):
    convert = {
        "crlf+bom+spaces": lambda t: windows(t),
        "crlf": lambda t: windows(t, bom=False, trailing=""),
        "bom": lambda t: windows(t, ending="\n", trailing=""),
        "cr only": lambda t: windows(t, bom=False, ending="\r", trailing=""),
        "tabs after values": lambda t: windows(t, bom=False, ending="\n", trailing="\t"),
        "fences with spaces": lambda t: t.replace("---\n", "---   \r\n").encode("utf-8"),
    }[style]
    write_tree(tmp_path, "small", files={
        "vocabulaire.yml": convert(VOCABULARY),
        "structures/le-dome.md": convert(STRUCTURE),
        ACT: convert(ACTIVITY),
        "badges/fabriquer.md": convert(BADGE),
    })
    catalogue, problems, _ = load(tmp_path, TODAY)
    assert problems == [], [str(p) for p in problems]
    assert catalogue.activities["fablab-ouvert"].title == "Fablab ouvert"
    assert catalogue.structures["le-dome"].contact.email == "contact@ledome.info"
    assert catalogue.badges["fabriquer"].criteria == ("Je sais allumer une machine.",)
    assert len(catalogue.sessions) == 12


def test_line_numbers_survive_crlf_and_bom(tmp_path):
    write_tree(tmp_path, "small", files={ACT: windows(replace(ACTIVITY, "date: 2026-12-03", "date: 2027-02-30"))})
    _, problems, _ = load(tmp_path, TODAY)
    assert [(p.line, p.field) for p in problems if p.path == ACT] == [(12, "seances[0].date")]
