"""The benchmark's synthetic catalogue generator (bench/synth.py): valid, deterministic, realistic mix.

The generator, and how the bench counts the output; the measures themselves (`make bench`) are never asserted in tests.
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


def test_each_kind_of_output_is_counted_once_with_its_largest_file(tmp_path: Path) -> None:
    """The bench's size table (bench/run.py): every file in one kind, the widget before the page it also is."""
    run = _module("run")
    files = {"index.html": b"<p>" + b"x" * 2000 + b"</p>", "integrer/caen/index.html": b"<p>widget</p>",
             "calendriers/tout.ics": b"BEGIN:VCALENDAR", "calendriers/tout.svg": b"<svg/>",
             "donnees/catalogue.json": b"{}", "agenda/programme.pdf": b"%PDF-", "sitemap.xml": b"<urlset/>",
             "theme/css/style.css": b"body{}"}
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    families = {f["name"]: f for f in run.output_families(tmp_path)}
    assert sum(f["files"] for f in families.values()) == len(files)
    assert families["pages HTML"]["files"] == 1 and families["widgets à intégrer (`integrer/`)"]["files"] == 1
    page = families["pages HTML"]
    assert page["largest"] == page["largest_gzip"] == "index.html" and page["largest_bytes"] == 2007
    assert 0 < page["largest_gzip_bytes"] < 100 and page["target_gzip_bytes"] == 50_000
    table = "\n".join(run.families_markdown([{"size": "exemple", "output": {"families": list(families.values())}}],
                                            lambda r: "contenu d'exemple"))
    assert "| pages HTML | 1 · 2,0 ko ; 2,0 ko ; gzip" in table and "✅" in table
