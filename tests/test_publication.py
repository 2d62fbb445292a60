"""`make publish` refuses the example address and the sample content's placeholders; `make site` only warns."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue.tools.publishguard import placeholder_findings, site_address_problem
from conftest import catalogue_env
from fixtures import SHIPPED, write_tree

COPIED = [*SHIPPED, "content", "theme", "pelicanconf.py", "publishconf.py", "deploy"]
REAL_URL = "https://activites.territoires-partages.fr/"


def _copy(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "repo", repo=COPIED)


def _build(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = catalogue_env()
    environment.pop("SITE_ABSOLUTE_URL", None)
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", "out", "--settings", "publishconf.py", *args],
                          cwd=root, env=environment, capture_output=True, text=True, timeout=600)


def _expected_locations(root: Path) -> set[str]:
    """file:line of each placeholder, found here with plain string searches."""
    found = set()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in {".md", ".yml"} or path.parts[len(root.parts)] in {"theme", "deploy"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "@example.org" in line or "02 61 91" in line or "+332619" in line or "avant la mise en ligne" in line:
                found.add(f"{path.relative_to(root).as_posix()}:{number}")
    return found


@pytest.mark.slow
def test_publish_refuses_the_example_address_and_lists_every_placeholder(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    expected = _expected_locations(root)
    assert len(expected) >= 10  # the sample content: 7 structures (e-mail and phone), the legal pages
    result = _build(root, "--publish")
    assert result.returncode == 1
    assert not (root / "out").exists()
    assert "SITE_ABSOLUTE_URL" in result.stderr and "adresse d'exemple" in result.stderr
    listed = set(re.findall(r"^([\w./-]+:\d+):", result.stderr, re.MULTILINE))
    assert expected <= listed, expected - listed
    assert "content/pages/mentions-legales.md" in result.stderr
    assert "Traceback" not in result.stderr

    with_address = _build(root, "--publish", SITE_ABSOLUTE_URL=REAL_URL)
    assert with_address.returncode == 1
    assert "SITE_ABSOLUTE_URL" not in with_address.stderr
    assert expected <= set(re.findall(r"^([\w./-]+:\d+):", with_address.stderr, re.MULTILINE))


@pytest.mark.slow
def test_publish_builds_once_the_placeholders_are_replaced(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    for path in list(root.glob("structures/*.md")) + list(root.glob("activities/*/*.md")) + list(root.glob("content/pages/*.md")):
        text = path.read_text(encoding="utf-8")
        text = text.replace("example.org", "territoires-partages.fr").replace("02 61 91", "02 31 06").replace("+33261911", "+33231061")
        text = re.sub(r"Le nom, l'adresse et le téléphone de l'hébergeur du site seront indiqués ici avant la mise en ligne\.",
                      "Hébergeur : Exemple SAS, 1 rue de la Paix, 75002 Paris, 01 23 45 67 89.", text)
        path.write_text(text, encoding="utf-8")
    assert placeholder_findings(root) == []
    # the site to publish is built from a git clone: calendar versions come from its history
    identity = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.net", "GIT_COMMITTER_NAME": "t",
                "GIT_COMMITTER_EMAIL": "t@example.net", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "PATH": os.environ["PATH"]}
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "contenu"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, capture_output=True, env=identity)
    result = _build(root, "--publish", SITE_ABSOLUTE_URL=REAL_URL)
    assert result.returncode == 0, result.stderr
    feeds = list((root / "out").rglob("*.ics"))
    assert feeds and all(b"example.org" not in f.read_bytes() for f in feeds)
    assert REAL_URL.rstrip("/").encode() in (root / "out" / "calendriers" / "tout.ics").read_bytes()


@pytest.mark.slow
def test_make_site_only_warns_in_one_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    result = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", "out"], cwd=root, env=catalogue_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    summary = [line for line in result.stderr.splitlines() if "donnée(s) d'exemple" in line]
    assert len(summary) == 1 and "make check-publication" in summary[0]
    assert "@example.org" not in result.stderr  # the list is for make check-publication
    assert (root / "out" / "index.html").is_file()


@pytest.mark.parametrize(("url", "accepted"), [
    ("", False), ("http://activites.territoires-partages.fr/", False), ("https://territoires-partages.example.org", False),
    ("https://localhost:8000/", False), ("activites.territoires-partages.fr", False),
    (REAL_URL, True), ("https://owner.github.io/catalogue/", True),
])
def test_site_address(url: str, accepted: bool) -> None:
    assert (site_address_problem(url) is None) == accepted


def test_placeholders_found_in_every_spelling(tmp_path: Path) -> None:
    (tmp_path / "structures").mkdir()
    (tmp_path / "structures" / "a.md").write_text(
        "tel: 02.61.91.10.20\nautre: +33 2 61 91 10 20\nvrai: 02 31 06 60 50\nmail: Accueil@Quartier.Example.org\n"
        "fine: 0261911\u202f020\nnbsp: 02\u00a061\u00a091\u00a010\u00a020\n", encoding="utf-8")
    lines = sorted(f.line for f in placeholder_findings(tmp_path))
    assert lines == [1, 2, 4, 6]
