"""When each content file last changed, from git: the source of the feeds' DTSTAMP.

One `git log` pass over the whole repository gives the last commit time of every file, so
that two builds of the same commit write byte-identical calendars. Never the clock: outside
git (a tarball, a test folder) or for a file git does not know yet, the time is
SOURCE_DATE_EPOCH when set, else a fixed epoch.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Mapping

# 2026-01-01T00:00:00Z: the fallback when neither git nor SOURCE_DATE_EPOCH say anything.
FIXED_EPOCH = 1767225600
_MARK = "\x01"


def fallback_epoch(environ: Mapping[str, str] = os.environ) -> int:
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else FIXED_EPOCH


def parse_log(output: str) -> dict[str, int]:
    """{path: time of its newest commit} from `git log --format=<MARK>%ct --name-only` (newest first)."""
    times: dict[str, int] = {}
    current = None
    for line in output.splitlines():
        if line.startswith(_MARK):
            stamp = line[1:].strip()
            current = int(stamp) if stamp.isdigit() else None
        elif line and current is not None:
            times.setdefault(line, current)
    return times


def commit_times(root: Path, timeout: float = 120) -> dict[str, int]:
    """{path relative to root: epoch seconds of its last commit}; {} when root is not in a git work tree."""
    command = [
        "git", "-c", "core.quotePath=false", "-C", str(root), "log", f"--format={_MARK}%ct",
        "--name-only", "--no-renames", "--relative", "--", ".",
    ]
    try:
        proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              timeout=timeout, check=False, env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return {}
    return parse_log(proc.stdout) if proc.returncode == 0 else {}


def content_stamps(root: Path, sources: Mapping[str, str], environ: Mapping[str, str] = os.environ) -> dict[str, int]:
    """{source key (e.g. 'activity:atelier'): epoch seconds} for every content file of the catalogue."""
    times = commit_times(root)
    fallback = fallback_epoch(environ)
    return {key: times.get(path, fallback) for key, path in sources.items()}
