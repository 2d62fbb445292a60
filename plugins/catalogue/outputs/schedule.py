"""Which sessions are still to come on the build day: what pages, badges and calendar files list."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from ..content.load import Catalogue
from ..content.model import Session
from ..content.sessions import PARIS


def upcoming(catalogue: Catalogue, sessions, days: int | None = None) -> list[Session]:
    """Sessions not yet over on the build day (from its midnight), within `days` days if given."""
    start = datetime.combine(catalogue.today, time(), tzinfo=PARIS)
    end = start + timedelta(days=days) if days else None
    return [s for s in sessions if s.end >= start and (end is None or s.start < end)]
