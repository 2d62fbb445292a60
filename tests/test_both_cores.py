"""Work shared between two processes gives exactly what one process gives.

Loading splits the files between this process and a forked one from `load._PARALLEL_FROM`
files; rendering hands pages to a forked worker unless the memory budget forbids it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from catalogue.glue import render
from catalogue.content import load as load_module
from catalogue.glue.build import build_site
from catalogue.content.load import forget_parsed_files, load
from fixtures import ACTIVITY, SHIPPED, replace, write_tree

ROOT = Path(__file__).parents[1]
TODAY = date(2026, 11, 25)


def _load(root: Path, parallel_from: int, monkeypatch):
    forget_parsed_files()
    monkeypatch.setattr(load_module, "_PARALLEL_FROM", parallel_from)
    try:
        return load(root, TODAY)
    finally:
        forget_parsed_files()


def test_loading_on_two_cores_gives_the_same_catalogue(monkeypatch):
    one, problems_one, warnings_one = _load(ROOT, 10**9, monkeypatch)
    two, problems_two, warnings_two = _load(ROOT, 1, monkeypatch)
    assert problems_one == problems_two == []
    assert warnings_one == warnings_two
    assert one.sessions == two.sessions and len(one.sessions) > 500
    assert dict(one.activities) == dict(two.activities)
    assert dict(one.structures) == dict(two.structures) and dict(one.badges) == dict(two.badges)
    assert dict(one.sources) == dict(two.sources)


def test_errors_found_on_two_cores_are_the_same(tmp_path, monkeypatch):
    broken = {
        "activities/le-dome/a.md": replace(ACTIVITY, "date: 2026-12-03", "date: 2027-02-30"),
        "activities/le-dome/b.md": replace(ACTIVITY, "titre: Fablab ouvert", "titre: [ouvert"),
        "activities/le-dome/c.md": ACTIVITY.replace("---\n", "", 1),
        "activities/le-dome/Mauvais Nom.md": ACTIVITY,
    }
    write_tree(tmp_path, "small", files=broken)
    _, problems_one, _ = _load(tmp_path, 10**9, monkeypatch)
    _, problems_two, _ = _load(tmp_path, 1, monkeypatch)
    assert problems_one == problems_two
    assert {p.path for p in problems_one} >= set(broken)


@pytest.fixture
def content_only(tmp_path):
    """The shipped content without its build caches or git folder."""
    return write_tree(tmp_path / "repo", repo=[*SHIPPED, "content", "theme"])


def test_rendering_on_one_core_under_a_small_memory_budget_gives_the_same_site(tmp_path, monkeypatch, content_only):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795564800")
    monkeypatch.setenv("CATALOGUE_CACHE_DIR", "")
    build_site(content_only, tmp_path / "forked", ROOT / "pelicanconf.py", TODAY)
    monkeypatch.setattr(render, "MEMORY_BUDGET_MB", 0)
    build_site(content_only, tmp_path / "alone", ROOT / "pelicanconf.py", TODAY)
    forked = {p.relative_to(tmp_path / "forked"): p.read_bytes() for p in (tmp_path / "forked").rglob("*") if p.is_file()}
    alone = {p.relative_to(tmp_path / "alone"): p.read_bytes() for p in (tmp_path / "alone").rglob("*") if p.is_file()}
    assert len(forked) > 500
    assert forked == alone
