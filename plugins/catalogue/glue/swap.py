"""Puts a finished build in place of `output/` in one atomic step, and tidies what killed builds left.

`output/` stays an ordinary folder (hosts, rsync and upload actions see no symlink): on Linux
the two folders are exchanged by one `renameat2(RENAME_EXCHANGE)` call, so that at every
instant `output/` is either the whole previous site or the whole new one. Where that call is
missing (another system, an old kernel, a file system without it), the two renames are done
one after the other and a build killed between them is repaired by the next one, which puts
the previous site back before anything else.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EPERM}


def temporary_folder(output: Path, kind: str, pid: int | None = None) -> Path:
    """`.<output>.<kind>-<pid>` next to `output`, on the same file system (renames stay atomic)."""
    return output.with_name(f".{output.name}.{kind}-{pid or os.getpid()}")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False when this system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_into_place(new: Path, output: Path) -> None:
    """Make `new` the content of `output`; the previous content is deleted afterwards."""
    if not output.exists() and not output.is_symlink():
        new.rename(output)  # nothing to replace: one rename is atomic
        return
    if output.is_dir() and not output.is_symlink() and _exchange(new, output):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the previous site
        return
    old = temporary_folder(output, "old")
    output.rename(old)
    new.rename(output)
    shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder of this very process is from an earlier build of it: not in use
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_leftovers(output: Path) -> list[Path]:
    """Remove the `.<output>.tmp-*` and `.<output>.old-*` folders of builds that were killed.

    A folder whose process still runs (another build at the same time) is left alone. If a kill
    between the two fallback renames left no `output/`, the previous site is put back first."""
    pattern = re.compile(rf"\.{re.escape(output.name)}\.(tmp|old)-(\d+)")
    if not output.parent.is_dir():
        return []
    found = sorted((m.group(1), int(m.group(2)), output.parent / m.group(0))
                   for m in map(pattern.fullmatch, os.listdir(output.parent)) if m)
    if not output.exists() and not output.is_symlink():
        for kind, pid, path in found:
            if kind == "old" and not _alive(pid) and path.is_dir():
                path.rename(output)
                break
    removed = []
    for _kind, pid, path in found:
        if path.exists() and not _alive(pid):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
