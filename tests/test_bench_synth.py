"""The benchmark's synthetic catalogue generator (bench/synth.py): valid, deterministic, realistic mix.

Only the generator is tested here; the measures themselves (`make bench`) are never asserted in tests.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from fixtures import load

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _module(name: str):
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


synth = _module("synth")
baselines = _module("baselines")

TODAY = date(2026, 11, 25)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    small = synth.Size(3, 12)
    synth.generate(tmp_path / "a", small)
    synth.generate(tmp_path / "b", small)
    synth.generate(tmp_path / "c", small, seed=7)
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


@pytest.fixture(scope="module")
def realistic(tmp_path_factory):
    root = tmp_path_factory.mktemp("synth") / "realistic"
    stats = synth.generate(root, "realistic")
    return root, stats


def test_realistic_tree_passes_the_checker_with_the_announced_sizes(realistic):
    root, stats = realistic
    catalogue, problems, _ = load(root, TODAY)
    assert problems == []
    assert len(catalogue.structures) == 7
    assert len(catalogue.activities) == 150
    assert len(catalogue.sessions) == stats.expected_sessions
    assert 3500 <= len(catalogue.sessions) <= 4500
    assert len(catalogue.badges) == stats.badges >= 10


def test_realistic_tree_has_the_real_mix_of_sessions(realistic):
    root, stats = realistic
    catalogue, _, _ = load(root, TODAY)
    sessions = catalogue.sessions
    assert stats.series and stats.one_offs and stats.skipped
    assert stats.series_cancellations and stats.series_changes
    assert stats.one_off_cancellations and stats.one_off_changes and stats.place_overrides
    assert any(s.cancelled for s in sessions) and any(s.moved for s in sessions)
    assert any(s.start.date() < TODAY for s in sessions) and any(s.start.date() > TODAY for s in sessions)
    assert sum(1 for s in sessions if s.cancelled) < len(sessions) / 10


def test_badges_have_svg_images_and_bodies_are_one_to_three_kilobytes(realistic):
    root, _ = realistic
    for badge in (root / "badges").glob("*.md"):
        image = root / "badges" / "images" / f"{badge.stem}.svg"
        assert image.read_text(encoding="utf-8").startswith("<svg xmlns=")
    activities = baselines.read_activities(root)
    assert len(activities) == 150
    sizes = [len(body.encode()) for _, _, body in activities]
    assert 900 <= min(sizes) and max(sizes) <= 3400
    assert (root / "vocabulaire.yml").read_bytes() == (BENCH.parent / "vocabulaire.yml").read_bytes()
