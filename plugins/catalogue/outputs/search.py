"""The instant-search index (Pagefind), written from the catalogue rather than from rendered pages.

Each activity, structure, place and badge is one record of plain French text, so that the index says
what a person looks for (title, summary, place, commune, neighbourhood, who runs it) and nothing of
the page's chrome. Pagefind stems French words (« vélos » finds « vélo ») and folds accents (« velo »
finds « vélo »). The pinned `pagefind-bin` package runs locally: no network at build time. Its
files are only fetched by the browser when someone types in a search box (theme/static/js/search.js).
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from lxml import html as lxml_html
from pagefind_bin import get_executable

from ..content.load import Catalogue
from ..content.markdown import render_markdown
from .urls import SEARCH_FOLDER, activity_url, badge_url, place_url, structure_url

LANGUAGE = "fr"
KINDS = {"activite": "Activité", "structure": "Structure", "lieu": "Lieu", "badge": "Badge"}


@dataclass(frozen=True)
class Record:
    url: str  # relative to the site root, as every page links
    title: str
    kind: str  # a key of KINDS
    where: str  # the commune (and neighbourhood) people read in the result, or ""
    text: str

    def meta(self) -> dict[str, str]:
        meta = {"title": self.title, "kind": KINDS[self.kind], "link": self.url}
        if self.where:
            meta["where"] = self.where
        return meta


def _plain(markdown: str) -> str:
    """The words of a Markdown body, without its markup."""
    rendered = str(render_markdown(markdown))
    return " ".join(lxml_html.fromstring(f"<div>{rendered}</div>").text_content().split()) if rendered.strip() else ""


def place_where(catalogue: Catalogue, place) -> str:
    """« Caen, Grâce de Dieu », « Évrecy »: the commune, then the priority neighbourhood if any."""
    commune = catalogue.vocabulary.commune_name(place.commune)
    found = catalogue.vocabulary.commune(place.commune)
    area = found[1].priority_areas.get(place.priority_area) if found and place.priority_area else None
    return f"{commune}, {area}" if area else commune


def records(catalogue: Catalogue) -> list[Record]:
    """Every searchable thing, in a fixed order (the index's bytes follow the input's order)."""
    vocabulary = catalogue.vocabulary
    out: list[Record] = []
    for activity in sorted(catalogue.activities.values(), key=lambda a: a.id):
        place = catalogue.places[activity.place]
        words = [
            activity.title, activity.easy_summary, _plain(activity.body), activity.bring or "", place.name,
            place_where(catalogue, place),
            *(vocabulary.categories[c].name for c in activity.categories if c in vocabulary.categories),
            *(vocabulary.audiences[a].name for a in activity.audiences if a in vocabulary.audiences),
            *(catalogue.structures[s].name for s in activity.organisers if s in catalogue.structures),
            "gratuit" if activity.free else (activity.price or ""),
        ]
        out.append(Record(activity_url(activity.id), activity.title, "activite", place_where(catalogue, place), _join(words)))
    for structure in sorted(catalogue.structures.values(), key=lambda s: s.id):
        words = [structure.name, structure.kind, structure.summary, _plain(structure.body),
                 *(f"{p.name} {place_where(catalogue, p)}" for p in structure.places)]
        out.append(Record(structure_url(structure.id), structure.name, "structure", "", _join(words)))
        for place in structure.places:
            words = [place.name, place.address, place.postcode, place_where(catalogue, place), structure.name]
            out.append(Record(place_url(structure.id, place.id), place.name, "lieu", place_where(catalogue, place), _join(words)))
    for badge in sorted(catalogue.badges.values(), key=lambda b: b.id):
        words = [badge.name, badge.recognises, *badge.criteria, _plain(badge.body)]
        out.append(Record(badge_url(badge.id), badge.name, "badge", "", _join(words)))
    return out


def _join(words: Iterable[str]) -> str:
    return " ".join(w for w in words if w)


def _document(entry: Record) -> str:
    """One record as the small HTML document Pagefind indexes: its text, and what a result shows."""
    meta = "".join(f'<span data-pagefind-meta="{key}:{escape(value)}"></span>' for key, value in entry.meta().items())
    return (f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{escape(entry.title)}</title></head>'
            f'<body><main data-pagefind-body><h1>{escape(entry.title)}</h1><p>{escape(entry.text)}</p>{meta}</main></body></html>')


class SearchIndexError(RuntimeError):
    """Pagefind failed: the build stops (a site whose search box finds nothing is not published)."""


def files(catalogue: Catalogue, site_url: str = "") -> dict[str, bytes]:
    """{pagefind/…: bytes}: the index, its fragments and Pagefind's own search script and WebAssembly.

    One run of the pinned binary over one small document per record (its service mode answers one
    record per tenth of a second). The document's path is its number; the address a result links to
    is in its `link` metadata, so that a place can link to its heading on the structure's page."""
    with tempfile.TemporaryDirectory(prefix="catalogue-pagefind-") as tmp:
        source, folder = Path(tmp) / "records", Path(tmp) / SEARCH_FOLDER
        source.mkdir()
        for number, entry in enumerate(records(catalogue)):
            (source / f"{number:06d}.html").write_text(_document(entry), encoding="utf-8")
        command = [str(get_executable()), "--site", str(source), "--output-path", str(folder),
                   "--force-language", LANGUAGE, "--silent"]
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
        if done.returncode != 0:
            raise SearchIndexError(f"l'index de recherche (Pagefind) n'a pas été construit : {done.stderr.strip() or done.stdout.strip()}")
        return {f"{SEARCH_FOLDER}/{path.relative_to(folder).as_posix()}": path.read_bytes()
                for path in sorted(folder.rglob("*")) if path.is_file() and _published(path.relative_to(folder))}


def _published(relative: Path) -> bool:
    """Pagefind's own search interfaces are left out: the site's script shows results in its own markup."""
    return not relative.name.startswith(("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight"))
