"""Python dependencies come from hashed lock files: a merged pull request cannot pull in a surprise package.

requirements.txt / requirements-test.txt say what to install (name==version); `make lock` writes
requirements.lock / requirements-test.lock with every indirect dependency and the sha256 of each file;
the Makefile installs only from the locks, with pip's --require-hashes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PAIRS = [("requirements.txt", "requirements.lock"), ("requirements-test.txt", "requirements-test.lock")]
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})\b")


def _lock(path: Path) -> dict[str, tuple[Requirement, set[str]]]:
    """{name: (requirement, hashes)} parsed with packaging, one logical line per entry."""
    entries = {}
    for line in path.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        text = line.split(" #", 1)[0].strip()
        if not text or text.startswith("#"):
            continue
        requirement_text, _, options = text.partition(" --hash")
        requirement = Requirement(requirement_text.strip())
        entries[canonicalize_name(requirement.name)] = (requirement, set(HASH.findall("--hash" + options)))
    return entries


def _pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text.startswith("-r "):
            pins.update(_pins(path.parent / text[3:].strip()))
        elif text:
            requirement = Requirement(text)
            (specifier,) = requirement.specifier
            assert specifier.operator == "==", f"{path.name}: {text} doit être épinglé avec =="
            pins[canonicalize_name(requirement.name)] = specifier.version
    return pins


@pytest.mark.parametrize("lock", [lock for _, lock in PAIRS])
def test_every_lock_entry_is_pinned_and_hashed(lock: str) -> None:
    entries = _lock(ROOT / lock)
    assert len(entries) > 20
    for name, (requirement, hashes) in entries.items():
        (specifier,) = requirement.specifier
        assert specifier.operator == "==", f"{lock}: {name} n'est pas épinglé"
        assert hashes, f"{lock}: {name} n'a pas d'empreinte"


@pytest.mark.parametrize(("source", "lock"), PAIRS)
def test_input_pins_are_what_the_lock_installs(source: str, lock: str) -> None:
    entries = _lock(ROOT / lock)
    for name, version in _pins(ROOT / source).items():
        assert name in entries, f"{source}: {name} manque dans {lock} : lancez make lock"
        assert str(entries[name][0].specifier) == f"=={version}", f"{name} : {source} et {lock} diffèrent : make lock"


def test_site_and_test_locks_agree_on_shared_packages() -> None:
    run, test = _lock(ROOT / "requirements.lock"), _lock(ROOT / "requirements-test.lock")
    assert set(run) <= set(test)
    for name, (requirement, hashes) in run.items():
        assert str(test[name][0].specifier) == str(requirement.specifier), name
        assert test[name][1] == hashes, name


def test_lock_installs_on_debian_12_python() -> None:
    """Universal lock resolved for 3.11.2 (Debian 12): no entry is excluded on Linux x86_64 Python 3.11."""
    env = {"python_version": "3.11", "python_full_version": "3.11.2", "sys_platform": "linux",
           "platform_system": "Linux", "platform_machine": "x86_64", "implementation_name": "cpython",
           "platform_python_implementation": "CPython", "os_name": "posix"}
    header = (ROOT / "requirements-test.lock").read_text(encoding="utf-8").splitlines()[:2]
    assert header[1].strip() == "#    make lock"
    for name, (requirement, _) in _lock(ROOT / "requirements-test.lock").items():
        if requirement.marker is not None and not requirement.marker.evaluate(env):
            assert name in {"colorama"}, f"{name} exclu sur Debian 12 : {requirement.marker}"


def _copy(tmp_path: Path) -> Path:
    for name in ["requirements.txt", "requirements-test.txt", "requirements.lock", "requirements-test.lock"]:
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def _check_lock(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / "check-lock"), str(root)], capture_output=True, text=True)


def test_check_lock_accepts_the_repository() -> None:
    result = _check_lock(ROOT)
    assert result.returncode == 0, result.stderr


def test_a_new_pin_without_make_lock_is_reported_with_file_and_line(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    with (root / "requirements-test.txt").open("a", encoding="utf-8") as handle:
        handle.write("tomli-w==1.2.0\n")
    line = len((root / "requirements-test.txt").read_text(encoding="utf-8").splitlines())
    result = _check_lock(root)
    assert result.returncode == 1
    assert f"requirements-test.txt:{line}: tomli-w==1.2.0 n'est pas dans requirements-test.lock" in result.stderr
    assert "make lock" in result.stderr


def test_a_lock_entry_without_hash_or_with_another_version_is_reported(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    lock = (root / "requirements.lock").read_text(encoding="utf-8")
    lock = re.sub(r"(segno==[^ ]+) \\\n(    --hash=sha256:[0-9a-f]{64} \\\n)*    --hash=sha256:[0-9a-f]{64}\n", r"\1\n", lock)
    lock = lock.replace("pyyaml==6.0.3", "pyyaml==6.0.2")
    (root / "requirements.lock").write_text(lock, encoding="utf-8")
    result = _check_lock(root)
    assert result.returncode == 1
    assert "segno==1.6.6 n'a pas d'empreinte" in result.stderr
    assert "pyyaml==6.0.3, mais requirements.lock a pyyaml==6.0.2" in result.stderr


def test_make_installs_only_from_the_locks_with_hashes() -> None:
    dry_run = subprocess.run(["make", "-n", "-B", "test"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    installs = [line for line in dry_run.splitlines() if "pip install" in line]
    from_files = [line for line in installs if " -r " in line]
    assert from_files and all("--require-hashes" in line and " -r requirements" in line and ".lock" in line for line in from_files), installs
    # The locks are complete: pip resolves nothing (a resolving pip 23 refuses pydantic[email] in hash mode)
    # and `pip check` then proves every declared dependency is installed.
    assert all("--no-deps" in line for line in from_files), installs
    assert dry_run.count("pip check") >= 2, dry_run
    # Anything else pip installs (the project itself) must not pull a dependency from the index.
    assert all("--no-deps" in line for line in installs if line not in from_files), installs
