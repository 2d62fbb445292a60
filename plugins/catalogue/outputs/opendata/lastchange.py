"""When each content file last changed: data·inclusion's `date_maj`.

From git (history.file_dates: one `git log` for the whole tree, first-parent line as for the calendars' versions);
a file changed in the work tree but not committed yet, or a tree outside git, is dated like the
calendars date it: SOURCE_DATE_EPOCH when set, else the last commit (else a fixed epoch), never the
clock. A date is never after the build's day.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Mapping

from ...content.history import CONTENT_PATHS, HistoryError, fallback_epoch, file_dates, git
from ...content.sessions import PARIS


def _day(epoch: int) -> date:
    return datetime.fromtimestamp(epoch, timezone.utc).astimezone(PARIS).date()


def _committed(root: Path) -> tuple[dict[str, int], set[str], int | None]:
    """({path: epoch of its last commit}, paths changed since, the last commit's epoch)."""
    try:
        inside = git(root, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return {}, set(), None
        prefix = git(root, "rev-parse", "--show-prefix").stdout.strip()
        status = git(root, "status", "--porcelain", "-z", "--untracked-files=all", "--", *CONTENT_PATHS).stdout
    except HistoryError:
        return {}, set(), None
    changed = {entry[3:].removeprefix(prefix) for entry in status.split("\0") if len(entry) > 3}
    dates = {path: last for path, (_, last) in file_dates(root).items()}
    return dates, changed, max(dates.values(), default=None)


def last_changes(root: Path, paths: list[str], today: date, environ: Mapping[str, str] = os.environ) -> dict[str, date]:
    """{relative path: the day it last changed, at most `today`}."""
    dates, changed, last = _committed(Path(root))
    declared = environ.get("SOURCE_DATE_EPOCH", "").strip()
    uncommitted = fallback_epoch(environ) if declared.isdigit() or last is None else last
    days = {}
    for path in paths:
        epoch = uncommitted if path in changed or path not in dates else dates[path]
        days[path] = min(_day(epoch), today)
    return days
