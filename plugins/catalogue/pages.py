"""Which HTML pages the catalogue has, and what each template is given.

Pure: from the catalogue to a plan of pages; the Pelican writer renders and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from itertools import groupby

from .load import Catalogue
from .model import FAMILIES, JOIN_MODES, ROLES, Session
from .sessions import PARIS

AGENDA_WEEKS = 8


@dataclass(frozen=True)
class Page:
    path: str
    template: str
    context: dict = field(default_factory=dict)


def activity_url(activity_id: str) -> str:
    return f"activites/{activity_id}/"


def upcoming(catalogue: Catalogue, sessions, days: int | None = None) -> list[Session]:
    start = datetime.combine(catalogue.today, time(), tzinfo=PARIS)
    end = start + timedelta(days=days) if days else None
    return [s for s in sessions if s.end >= start and (end is None or s.start < end)]


def by_day(sessions) -> list[tuple]:
    return [(day, list(items)) for day, items in groupby(sessions, key=lambda s: s.start.date())]


def plan(catalogue: Catalogue) -> list[Page]:
    common = {"ROLES": ROLES, "FAMILIES": FAMILIES, "JOIN_MODES": JOIN_MODES, "today": catalogue.today}
    pages = [
        Page("index.html", "home", {**common, "week": by_day(upcoming(catalogue, catalogue.sessions, 7))}),
        Page("activites/index.html", "catalogue", {**common, "activities": list(catalogue.activities.values())}),
        Page("agenda/index.html", "agenda", {**common, "days": by_day(upcoming(catalogue, catalogue.sessions, 7 * AGENDA_WEEKS))}),
        Page("partenaires/index.html", "partners", common),
        Page("badges/index.html", "badges", common),
    ]
    for activity in catalogue.activities.values():
        place = catalogue.places[activity.place]
        pages.append(Page(f"activites/{activity.id}/index.html", "activity", {
            **common,
            "activity": activity,
            "structure": catalogue.structures[activity.structure],
            "place": place,
            "sessions": upcoming(catalogue, catalogue.sessions_of(activity.id)),
            "contact": activity.contact or catalogue.structures[activity.structure].contact,
        }))
    for structure in catalogue.structures.values():
        pages.append(Page(f"structures/{structure.id}/index.html", "structure", {
            **common, "structure": structure, "activities": catalogue.activities_of(structure.id),
            "issued": catalogue.badges_issued_by(structure.id),
        }))
    for badge in catalogue.badges.values():
        pages.append(Page(f"badges/{badge.id}/index.html", "badge", {
            **common, "badge": badge, "issuer": catalogue.structures[badge.issuer],
            "activities": catalogue.activities_leading_to(badge.id),
        }))
    return pages


def static_files(catalogue: Catalogue, site_url: str = "") -> dict[str, bytes]:
    """Images referenced by content, copied next to the pages that show them."""
    files: dict[str, bytes] = {}
    for badge in catalogue.badges.values():
        files[f"badges/{badge.id}/{badge.image.rsplit('/', 1)[-1]}"] = (catalogue.root / "badges" / badge.image).read_bytes()
    for structure in catalogue.structures.values():
        if structure.logo:
            files[f"structures/{structure.id}/{structure.logo.rsplit('/', 1)[-1]}"] = (catalogue.root / "structures" / structure.logo).read_bytes()
    return files
