"""Where each thing lives in the built site: one place for every writer and template."""

from __future__ import annotations

from .model import Session

# The top-level folders the catalogue writes (pages, feeds, files, theme, form editor): a free page
# (content/pages/) may not take one of them, nor the home page `index.html`.
CATALOGUE_FOLDERS = frozenset({
    "abonnement", "activites", "admin", "agenda", "badges", "calendriers", "filtres", "partenaires", "structures", "theme",
})


def activity_url(activity_id: str) -> str:
    return f"activites/{activity_id}/"


def structure_url(structure_id: str) -> str:
    return f"structures/{structure_id}/"


def badge_url(badge_id: str) -> str:
    return f"badges/{badge_id}/"


def session_calendar_path(session: Session) -> str:
    """The .ics file of a session, next to its activity page: one event, or every day of a course."""
    return f"activites/{session.activity}/{session.course or session.key}.ics"
