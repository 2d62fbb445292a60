"""Which session is "the same session" for a person who subscribed or added it to an agenda.

A session's UID must survive every edit a partner makes to it: a new time typed straight into
`debut`/`fin`, a new place, a new title, a cancellation, a move through `changement`. So it is
made only of what those edits leave alone: the activity's id (its former id,
`ancien_identifiant`, after a rename), the day the session was planned for (a move through
`changement` keeps it), and its rank among the sessions planned that day (by start time).

Editing the date itself (rather than adding a `changement`) makes another session: `make diff`
says so and shows how to keep the first one.

>>> from datetime import date
>>> session_key("fablab", date(2026, 12, 1), 1)
'fablab-20261201'
>>> session_key("fablab", date(2026, 12, 1), 2)
'fablab-20261201-2'
>>> uid_domain("https://territoires-partages.example.org/catalogue/")
'territoires-partages.example.org'
>>> uid_domain("")
'territoires-partages'
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from urllib.parse import urlsplit

from .model import Activity, Session

# Used when the site has no address yet (tests, a first local build).
DEFAULT_UID_DOMAIN = "territoires-partages"


def session_key(activity_id: str, planned_day: date, rank: int) -> str:
    """The stable part of a session's UID."""
    return f"{activity_id}-{planned_day:%Y%m%d}" + (f"-{rank}" if rank > 1 else "")


def identify(activity: Activity, sessions: list[Session], planned: list[tuple[date, time | None]]) -> list[Session]:
    """`sessions` with their keys set; `planned[i]` is the planned (day, start) of `sessions[i]`
    (start None: all day, first of its day)."""
    base = activity.former_id or activity.id
    ranks: dict[date, int] = {}
    named = list(sessions)
    order = sorted(range(len(sessions)), key=lambda i: (planned[i][0], planned[i][1] is not None, planned[i][1] or time()))
    for index in order:
        day = planned[index][0]
        ranks[day] = ranks.get(day, 0) + 1
        named[index] = replace(sessions[index], key=session_key(base, day, ranks[day]))
    return named


def uid_domain(site_url: str) -> str:
    """The domain after the `@` of every UID: the site's own host, so that UIDs are globally unique."""
    host = urlsplit(site_url).hostname if site_url else None
    return host or DEFAULT_UID_DOMAIN
