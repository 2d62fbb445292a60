"""The kinds of content, one table: where each is kept, its model, its schema and its form editor collection.

Read by the form editor's config (outputs/decap.py), the JSON Schemas (tools/schema.py) and
`make format` (tools/formatting.py). Also here: the top-level folders the built site uses, which a
free page (content/pages/) may not take; outputs/urls.py builds its addresses under them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Activity, Badge, Structure
from .types import Model


@dataclass(frozen=True)
class Collection:
    """A Decap CMS collection: the form editor's list of one kind of file."""

    name: str
    label: str
    singular: str  # also the title of the kind's JSON Schema
    identifier: str  # the field a new file's name is made from
    summary: str
    sortable: tuple[str, ...]
    description: str
    path: str | None = None  # where a new file goes below the folder, when not at its top
    media_folder: str | None = None
    view_groups: tuple[tuple[str, str], ...] = ()  # (label, field)


@dataclass(frozen=True)
class ContentKind:
    folder: str  # the repository folder its Markdown files are in
    model: type[Model]
    schema: str  # schemas/<schema>.schema.json
    collection: Collection


KINDS = (
    ContentKind("activities", Activity, "activite", Collection(
        "activites", "Activités", "Activité", "titre", "{{titre}} ({{structure}})", ("titre", "structure"),
        "Les activités et leurs séances. Une activité est rangée dans le dossier de sa structure.",
        path="{{structure}}/{{slug}}", view_groups=(("Structure", "structure"),))),
    ContentKind("structures", Structure, "structure", Collection(
        "structures", "Structures", "Structure", "nom", "{{nom}}", ("nom", "role"),
        "Les membres du consortium et les partenaires, avec leurs lieux.", media_folder="logos")),
    ContentKind("badges", Badge, "badge", Collection(
        "badges", "Badges", "Badge", "nom", "{{nom}}", ("nom",),
        "Les badges (Open Badges) et leurs critères.", media_folder="images")),
)
BY_FOLDER = {kind.folder: kind for kind in KINDS}

# The top-level folders the catalogue writes (pages, feeds, files, theme, form editor): a free page
# (content/pages/) may not take one of them, nor the home page `index.html`.
CATALOGUE_FOLDERS = frozenset({
    "abonnement", "activites", "admin", "agenda", "badges", "calendriers", "communes", "donnees", "filtres", "guide",
    "integrer", "nouveautes.atom", "pagefind", "partenaires", "proposer-une-activite", "recherche", "robots.txt",
    "sitemap.xml", "structures", "theme",
})
