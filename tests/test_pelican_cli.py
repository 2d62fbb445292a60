"""What Pelican users type: `pelican content` gives the catalogue's French messages, never a traceback, and
removes what was deleted; `pelican --autoreload` watches the catalogue's folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import catalogue_env
from fixtures import SHIPPED, write_tree

ROOT = Path(__file__).parents[1]
PELICAN = Path(sys.executable).with_name("pelican")


@pytest.fixture
def tree(tmp_path) -> Path:
    return write_tree(tmp_path / "depot", repo=[*SHIPPED, "content", "theme", "pelicanconf.py"])


def pelican_content(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(PELICAN), "content", "-s", "pelicanconf.py", "-o", "output"], cwd=tree,
                          env=catalogue_env(), capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_pelican_content_reports_content_errors_in_french_and_keeps_the_site(tree):
    assert pelican_content(tree).returncode == 0
    page = tree / "output/activites/fablab-ouvert/index.html"
    assert page.is_file()
    path = tree / "activities/le-dome/fablab-ouvert.md"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitre: ", "\ntitre:\nancien: ", 1), encoding="utf-8")
    proc = pelican_content(tree)
    assert proc.returncode == 1
    out = proc.stdout + proc.stderr
    assert "activities/le-dome/fablab-ouvert.md:2: titre: valeur vide" in out, out
    assert "Traceback" not in out and "ContentErrors" not in out
    assert "Le site n'a pas été construit" in out
    assert page.is_file()  # the previous site is still there


@pytest.mark.slow
def test_pelican_content_removes_deleted_content(tree):
    assert pelican_content(tree).returncode == 0
    assert (tree / "output/activites/fablab-ouvert/index.html").is_file()
    (tree / "activities/le-dome/fablab-ouvert.md").unlink()
    proc = pelican_content(tree)
    assert proc.returncode == 0, proc.stderr
    assert not (tree / "output/activites/fablab-ouvert").exists()
    assert (tree / "output/index.html").is_file()


def test_autoreload_watches_the_catalogue_folders(tree, monkeypatch):
    import pelican
    import watchfiles

    import catalogue
    from pelican.settings import read_settings

    monkeypatch.setattr(pelican, "wait_for_changes", pelican.wait_for_changes)
    catalogue.register()
    seen = []
    monkeypatch.setattr(watchfiles, "watch", lambda *paths, **options: iter([seen.extend(paths) or set()]))
    monkeypatch.chdir(tree)
    settings = read_settings(str(tree / "pelicanconf.py"))
    pelican.wait_for_changes(str(tree / "pelicanconf.py"), settings)
    watched = {os.path.relpath(p, tree) for p in seen}
    assert {"activities", "structures", "badges", "vocabulaire.yml", "content", "theme", "pelicanconf.py"} <= watched
