"""A build killed at any moment leaves the previous site whole, and nothing behind (issue 13).

`output/` is replaced in one atomic step (swap.py); the `.output.tmp-*` / `.output.old-*`
folders of a killed build are removed by the next one; forked helpers (loading, page worker,
QR codes) end when their parent is killed instead of waiting for work forever.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from catalogue import swap
from catalogue.swap import clean_leftovers, swap_into_place
from contentkit import ACTIVITY, make_repo, replace

ROOT = Path(__file__).parents[1]
EPOCH = "1795564800"

# Builds with every helper process on, however small the catalogue: thresholds lowered in the
# build process only, nothing else changed.
DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from catalogue import generator, load, subscribe
    from catalogue.build import build_site
    load._PARALLEL_FROM = generator.PARALLEL_FROM = subscribe._PARALLEL_FROM = 1
    generator.MEMORY_BUDGET_MB = 10**9
    build_site(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
""")


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def repo_with_many_pages(root: Path, count: int = 120) -> Path:
    files = {f"activities/le-dome/atelier-{i}.md": replace(ACTIVITY, "titre: Fablab ouvert", f"titre: Atelier {i}")
             for i in range(count)}
    make_repo(root, files)
    for shared in ("content", "theme"):
        (root / shared).symlink_to(ROOT / shared)
    return root


def start_build(root: Path, output: Path, cache: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": EPOCH, "CATALOGUE_CACHE_DIR": str(cache)}
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(root), str(output), str(ROOT / "pelicanconf.py")],
                            env=env, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("phase", ["loading", "rendering"])
def test_a_killed_build_leaves_the_site_whole_and_no_process_behind(tmp_path, phase):
    root, output, cache = repo_with_many_pages(tmp_path / "depot"), tmp_path / "output", tmp_path / "cache"
    first = start_build(root, output, cache)
    assert first.wait(300) == 0, first.stderr.read().decode()
    before = tree_digest(output)
    assert len(before) > 150 and "activites/atelier-7/index.html" in before

    (root / "activities/le-dome/atelier-7.md").write_text(replace(ACTIVITY, "titre: Fablab ouvert", "titre: Nouveau titre"), encoding="utf-8")
    build = start_build(root, output, tmp_path / "cache-vide")  # no cached QR codes: their helpers run too
    temporary = tmp_path / f".output.tmp-{build.pid}"
    helpers: set[int] = set()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        helpers = children(build.pid)
        if helpers and (phase == "loading" or temporary.is_dir()):
            break
        time.sleep(0.002)
    assert helpers, "the build forked no helper process"
    os.kill(build.pid, signal.SIGKILL)
    build.wait(10)

    deadline = time.monotonic() + 10
    while any(running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in helpers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # do not leave them to the rest of the test run
    assert left == [], f"helper processes still running after their build was killed: {left}"

    assert tree_digest(output) == before  # the previous site, whole, byte for byte
    if phase == "rendering":
        assert temporary.is_dir(), "the test did not kill the build while it wrote its temporary folder"

    after = start_build(root, output, cache)
    assert after.wait(300) == 0, after.stderr.read().decode()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")) == []
    rebuilt = tree_digest(output)
    assert rebuilt.keys() == before.keys()
    assert "Nouveau titre" in (output / "activites/atelier-7/index.html").read_text(encoding="utf-8")


def test_the_swap_is_one_step_no_rename(tmp_path, monkeypatch):
    output, new = tmp_path / "output", tmp_path / ".output.tmp-1"
    (output / "a").mkdir(parents=True)
    (output / "a/index.html").write_text("ancien")
    (new / "a").mkdir(parents=True)
    (new / "a/index.html").write_text("nouveau")

    def no_rename(*args, **kwargs):
        raise AssertionError("a rename: between two renames, there is no output/")

    monkeypatch.setattr(Path, "rename", no_rename)
    monkeypatch.setattr(os, "rename", no_rename)
    swap_into_place(new, output)
    assert (output / "a/index.html").read_text() == "nouveau" and not output.is_symlink()
    assert not new.exists()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_without_an_atomic_exchange_a_kill_between_the_renames_is_repaired(tmp_path, monkeypatch):
    """Fallback (no renameat2): the state a kill between the two renames leaves is repaired."""
    output = tmp_path / "output"
    old = tmp_path / f".output.old-{dead_pid()}"
    (old / "a").mkdir(parents=True)
    (old / "a/index.html").write_text("site précédent")
    partial = tmp_path / f".output.tmp-{dead_pid()}"
    partial.mkdir()
    (partial / "moitie.html").write_text("à moitié")
    removed = clean_leftovers(output)
    assert (output / "a/index.html").read_text() == "site précédent"
    assert [p.name for p in removed] == [partial.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]

    monkeypatch.setattr(swap, "_exchange", lambda first, second: False)
    new = tmp_path / ".output.tmp-2"
    new.mkdir()
    (new / "b.html").write_text("nouveau")
    swap_into_place(new, output)
    assert sorted(p.name for p in output.iterdir()) == ["b.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_a_running_builds_folder_is_left_alone(tmp_path):
    busy = tmp_path / f".output.tmp-{os.getppid()}"  # a live process: maybe another build right now
    busy.mkdir()
    assert clean_leftovers(tmp_path / "output") == [] and busy.is_dir()
