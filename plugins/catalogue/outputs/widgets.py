"""Partner widgets: a small page per structure, territory, commune and category listing its next
sessions, for partner websites to show in an `<iframe>` (no JavaScript; the host rules let any site
frame `integrer/`, and only that folder).

Pure: from the catalogue to (path, template, context) triples the page plan renders.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.load import Catalogue
from ..content.model import Session
from .schedule import upcoming
from .urls import filter_url, page_path, structure_url, widget_url
from .views import SessionItem, session_item

WIDGET_SESSIONS = 6
WIDGET_HEIGHT = 480  # pixels, in the code partners copy: room for the sessions on a phone


@dataclass(frozen=True)
class Widget:
    kind: str
    ident: str
    name: str
    more_url: str  # the catalogue's page of the same selection, the widget's link back

    @property
    def url(self) -> str:
        return widget_url(self.kind, self.ident)

    @property
    def heading(self) -> str:
        return {"structure": f"Les prochaines activités — {self.name}", "territoire": f"Les prochaines activités — {self.name}",
                "commune": f"Les prochaines activités à {self.name}", "categorie": f"Prochainement : {self.name}"}[self.kind]


def widgets(catalogue: Catalogue) -> list[Widget]:
    vocabulary = catalogue.vocabulary
    found = [Widget("structure", s.id, s.name, structure_url(s.id)) for s in catalogue.structures.values()]
    found += [Widget("territoire", key, t.name, filter_url("territoire", key)) for key, t in vocabulary.territories.items()]
    found += [Widget("commune", key, c.name, filter_url("territoire", territory))
              for territory, t in vocabulary.territories.items() for key, c in t.communes.items()]
    found += [Widget("categorie", key, term.name, filter_url("categorie", key)) for key, term in vocabulary.categories.items()]
    return found


def _keys(catalogue: Catalogue, session: Session) -> list[tuple[str, str]]:
    """The widgets a session belongs to: its organisers', categories', commune's and territory's."""
    activity = catalogue.activities[session.activity]
    place = catalogue.places.get(session.place)
    commune = place.commune if place else ""
    found = catalogue.vocabulary.commune(commune)
    keys = [("structure", s) for s in activity.organisers] + [("categorie", c) for c in activity.categories]
    return keys + [("commune", commune)] + ([("territoire", found[0])] if found else [])


def next_items(catalogue: Catalogue, sessions: list[Session]) -> dict[tuple[str, str], list[SessionItem]]:
    """{(kind, id): its next WIDGET_SESSIONS sessions}, in one pass over the upcoming sessions; a
    course is one line (its first day), an interruption of a series is left out."""
    items: dict[tuple[str, str], list[SessionItem]] = {}
    seen: set[tuple[tuple[str, str], str]] = set()
    for session in sessions:
        if session.suspension:
            continue
        for key in _keys(catalogue, session):
            bucket = items.setdefault(key, [])
            if len(bucket) == WIDGET_SESSIONS or (session.course and (key, session.course) in seen):
                continue
            if session.course:
                seen.add((key, session.course))
            bucket.append(session_item(catalogue, session))
    return items


def embed_code(widget: Widget, site_url: str) -> str:
    """What a partner pastes into its page: the iframe, titled (screen readers announce it), lazily loaded."""
    src = f"{site_url.rstrip('/')}/{widget.url}"
    return (f'<iframe src="{src}" title="{widget.heading}" height="{WIDGET_HEIGHT}" '
            f'loading="lazy" style="width:100%;max-width:40rem;border:1px solid #c9ced6"></iframe>')


def pages(catalogue: Catalogue) -> list[tuple[str, str, dict]]:
    items = next_items(catalogue, upcoming(catalogue, catalogue.sessions))
    return [(page_path(w.url), "widget", {"widget": w, "items": items.get((w.kind, w.ident), [])}) for w in widgets(catalogue)]
