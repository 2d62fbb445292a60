"""Whole builds: reproducible, and an edited activity file shows up in the site."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from fixtures import ACTIVITY, replace, write_tree

ROOT = Path(__file__).parents[1]


def build(root: Path, output: Path, epoch: str = "1795564800", hash_seed: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": epoch}
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    return subprocess.run(
        [sys.executable, "-m", "catalogue", "--root", str(root), "build", "--output", str(output), "--settings", str(ROOT / "pelicanconf.py")],
        capture_output=True, text=True, env=env, cwd=ROOT,
    )


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    first, second = build(ROOT, tmp_path / "a"), build(ROOT, tmp_path / "b")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    a, b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert len(a) > 50
    assert a == b, sorted(k for k in a if a.get(k) != b.get(k))[:10]


def test_the_same_bytes_whatever_python_hash_seed(tmp_path):
    """Sets iterate in an order that changes with PYTHONHASHSEED: nothing built may follow it (activities with
    the same title once came out of the weekly programme in a different order from one build to the next)."""
    copies = {f"activities/le-dome/fablab-ouvert-{n}.md": ACTIVITY for n in range(8)}
    write_tree(tmp_path / "content", "small", files=copies)
    first = build(tmp_path / "content", tmp_path / "a", hash_seed="1")
    second = build(tmp_path / "content", tmp_path / "b", hash_seed="2")
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    a, b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert any(path.startswith("agenda/programme-") for path in a)
    assert a == b, sorted(k for k in a if a.get(k) != b.get(k))[:10]


def test_a_new_activity_file_appears_in_the_site(tmp_path):
    repo = tmp_path / "repo"
    write_tree(repo, "small", repo=["content"])  # free pages: a symlink out of the repository is refused
    (repo / "theme").symlink_to(ROOT / "theme")
    new = replace(ACTIVITY, "titre: Fablab ouvert", "titre: Atelier réparation de vélos")
    (repo / "activities/le-dome/reparation-velos.md").write_text(new, encoding="utf-8")
    result = build(repo, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = tmp_path / "out/activites/reparation-velos/index.html"
    assert "Atelier réparation de vélos" in page.read_text(encoding="utf-8")
    assert "reparation-velos" in (tmp_path / "out/activites/index.html").read_text(encoding="utf-8")
