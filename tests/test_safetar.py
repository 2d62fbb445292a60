"""`make diff` extracts the base ref's content with tar: on Debian 12's Python 3.11.2 too, and safely.

Python 3.11.2 has no `extractall(filter=...)`: the diff crashed there. Both paths (the standard
"data" filter where it exists, our own checks elsewhere) must refuse the same hostile members and
extract the same ordinary archive.
"""

from __future__ import annotations

import io
import os
import subprocess
import tarfile
from pathlib import Path

import pytest

from catalogue.safetar import extract_all

MODES = ["fallback"] + (["standard"] if hasattr(tarfile, "data_filter") else [])
SAFETAR = Path(__file__).resolve().parents[1] / "plugins" / "catalogue" / "safetar.py"


def _archive(*members: tuple[tarfile.TarInfo, bytes | None]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return buffer.getvalue()


def _file(name: str, data: bytes = b"x", mode: int = 0o644) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.mode = mode
    return info, data


def _entry(name: str, kind: bytes, link: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info, None


def _extract(data: bytes, destination: Path, mode: str) -> None:
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        extract_all(tar, destination, force_fallback=mode == "fallback")


HOSTILE = {
    "absolute path": lambda outside: _archive(_file(str(outside / "evil.txt"))),
    "dot-dot": lambda outside: _archive(_file("content/../../outside/evil.txt")),
    "absolute symlink": lambda outside: _archive(_entry("link", tarfile.SYMTYPE, str(outside)), _file("link/evil.txt")),
    "relative symlink out": lambda outside: _archive(_entry("link", tarfile.SYMTYPE, "../outside")),
    "chained symlinks": lambda outside: _archive(
        _entry("a", tarfile.SYMTYPE, "."), _entry("a/b", tarfile.SYMTYPE, "x/../.."), _file("a/b/outside/evil.txt")),
    "hard link out": lambda outside: _archive(_entry("hard", tarfile.LNKTYPE, str(outside / "secret.txt"))),
    "character device": lambda outside: _archive(_entry("dev", tarfile.CHRTYPE)),
    "fifo": lambda outside: _archive(_entry("pipe", tarfile.FIFOTYPE)),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_member_is_refused_and_nothing_lands_outside(tmp_path: Path, mode: str, case: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    destination = tmp_path / "dest"
    destination.mkdir()
    try:
        _extract(HOSTILE[case](outside), destination, mode)
    except tarfile.TarError:
        pass
    else:  # the standard filter strips a leading "/" instead of refusing: the file must stay inside
        assert case == "absolute path"
        assert all(p.resolve().is_relative_to(destination.resolve()) for p in destination.rglob("*"))
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]
    assert not any(p.is_char_device() or p.is_fifo() for p in destination.rglob("*"))


@pytest.mark.parametrize("mode", MODES)
def test_ordinary_content_is_extracted_with_safe_permissions(tmp_path: Path, mode: str) -> None:
    data = _archive(
        _entry("activities", tarfile.DIRTYPE),
        _file("activities/atelier.md", b"---\ntitre: Atelier\n---\n", mode=0o4777),
        _file("vocabulaire.yml", b"territoires: []\n"),
        _entry("badges/logo.svg", tarfile.SYMTYPE, "../activities/atelier.md"),
    )
    _extract(data, tmp_path, mode)
    assert (tmp_path / "activities" / "atelier.md").read_bytes() == b"---\ntitre: Atelier\n---\n"
    assert (tmp_path / "vocabulaire.yml").read_text() == "territoires: []\n"
    assert (tmp_path / "badges" / "logo.svg").read_bytes() == b"---\ntitre: Atelier\n---\n"
    permissions = (tmp_path / "activities" / "atelier.md").stat().st_mode
    assert not permissions & 0o7022, oct(permissions)


DEBIAN_PYTHON = "/usr/bin/python3.11"


@pytest.mark.skipif(not os.access(DEBIAN_PYTHON, os.X_OK), reason="pas de /usr/bin/python3.11 (Debian 12) ici")
def test_extraction_works_on_debian_12_python(tmp_path: Path) -> None:
    """The module only needs the standard library: run it with Debian's own interpreter."""
    archive = tmp_path / "base.tar"
    archive.write_bytes(_archive(_file("structures/le-dome.md", b"ok"), _entry("evil", tarfile.SYMTYPE, "/etc")))
    good = tmp_path / "good.tar"
    good.write_bytes(_archive(_file("structures/le-dome.md", b"ok")))
    script = (
        "import importlib.util, sys, tarfile, pathlib\n"
        f"spec = importlib.util.spec_from_file_location('safetar', {str(SAFETAR)!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        "dest = pathlib.Path(sys.argv[2])\n"
        "with tarfile.open(sys.argv[1]) as tar:\n"
        "    try:\n"
        "        m.extract_all(tar, dest)\n"
        "    except tarfile.TarError as e:\n"
        "        print('refused', e); sys.exit(3)\n"
        "print(sys.version.split()[0], (dest / 'structures' / 'le-dome.md').read_text())\n"
    )
    ok = subprocess.run([DEBIAN_PYTHON, "-c", script, str(good), str(tmp_path / "a")], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.strip().endswith(" ok")
    refused = subprocess.run([DEBIAN_PYTHON, "-c", script, str(archive), str(tmp_path / "b")], capture_output=True, text=True)
    assert refused.returncode == 3, refused.stdout + refused.stderr
    assert not (tmp_path / "b" / "evil").is_symlink()
