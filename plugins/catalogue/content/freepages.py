"""The free pages of content/pages/ (mentions légales, accessibilité, 404): read and checked here.

They keep Pelican's header format (`Title: …` lines, then a blank line, then Markdown) so that
existing pages stay as they are, but Pelican no longer reads them: each header is checked
against an allow-list, the body goes through the same Markdown allow-list as descriptions, and
the page is rendered by the catalogue's own autoescaped templates. A page can never take the
address of a catalogue page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from markupsafe import Markup

from .errors import Problem, did_you_mean, list_choices
from .frontmatter import ReadError, decode
from .model import SLUG_RE, slugify
from .markdown import markdown_problem, render_markdown
from .kinds import CATALOGUE_FOLDERS
from ..limits import MAX_TITLE_CHARS

FOLDER = "content/pages"
MAX_HEADER_PROBLEMS = 20
# The allow-list of headers: as read (case ignored) -> as the messages spell it.
HEADERS = {
    "title": "Title",
    "slug": "Slug",
    "save_as": "Save_as",
    "url": "Url",
    "template": "Template",
    "status": "Status",
}
TEMPLATES = ("page", "404")
STATUSES = ("published", "hidden", "draft")
_KEY = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):[ \t]*(.*)$")  # Python-Markdown's meta extension
_CONTINUATION = re.compile(r"^[ ]{4,}(\S.*)$")
_FENCES = ("---", "...")
_ROOT_FILE = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)\.html$")
_FOLDER_INDEX = re.compile(r"^([a-z0-9]+(?:-[a-z0-9]+)*)/index\.html$")


@dataclass(frozen=True)
class FreePage:
    """A checked free page: plain-text title (escaped by the templates) and sanitised HTML."""

    source: str
    slug: str
    title: str
    save_as: str
    url: str
    template: str
    status: str
    content: Markup
    lines: tuple[tuple[str, int], ...] = ()  # header -> line, for the messages about two pages

    def line_of(self, key: str) -> int:
        return dict(self.lines).get(key, 1)

    @property
    def published(self) -> bool:
        return self.status != "draft"


@dataclass(frozen=True)
class _Header:
    values: dict[str, str]  # canonical lower-case key -> value
    lines: dict[str, int]
    body: str
    body_line: int


def url_of(save_as: str) -> str:
    """The address of a saved page: `x/index.html` is served as `x/`."""
    return save_as.removesuffix("index.html")


def _split(text: str, rel: str, problems: list[Problem]) -> _Header:
    """Header lines as Python-Markdown's meta extension reads them, each key with its line."""
    lines = text.split("\n")
    index = 1 if lines and lines[0].strip() == "---" else 0
    values: dict[str, str] = {}
    where: dict[str, int] = {}
    last = None
    while index < len(lines):
        if len(problems) >= MAX_HEADER_PROBLEMS:  # not a page header at all: the first ones say enough
            problems.append(Problem(rel, index + 1, "", "… en-tête illisible au-delà : corrigez d'abord les lignes précédentes"))
            break
        line = lines[index]
        if not line.strip() or line.strip() in _FENCES:  # the end of the header
            index += 1
            break
        match = _KEY.match(line)
        continuation = _CONTINUATION.match(line)
        if match:
            typed, value = match.group(1), match.group(2).strip()
            key = typed.lower()
            if key not in HEADERS:
                near = difflib.get_close_matches(key, list(HEADERS), n=1, cutoff=0.6)
                hint = f" Vouliez-vous dire « {HEADERS[near[0]]} » ?" if near else ""
                problems.append(Problem(rel, index + 1, typed, f"en-tête inconnu « {typed} ».{hint} "
                                        f"En-têtes possibles : {list_choices(list(HEADERS.values()))}"))
                last = None
            elif key in values:
                problems.append(Problem(rel, index + 1, HEADERS[key], f"l'en-tête « {HEADERS[key]} » est écrit deux fois (déjà ligne {where[key]}) : gardez-en un seul"))
                last = None
            else:
                values[key], where[key], last = value, index + 1, key
        elif continuation and last is not None:
            values[last] = f"{values[last]} {continuation.group(1).strip()}".strip()
        else:
            break  # the body starts here, as in Pelican
        index += 1
    rest = lines[index:]
    blank = next((i for i, line in enumerate(rest) if line.strip()), len(rest))
    return _Header(values, where, "\n".join(rest).strip("\n"), index + 1 + blank)


def read_free_page(rel: str, raw: bytes) -> tuple[FreePage | None, list[Problem]]:
    """One free page from its bytes: (the page, or None when it has errors; the errors)."""
    try:
        text = decode(raw)
    except ReadError as exc:
        return None, [Problem(rel, exc.line, "", exc.message)]
    problems: list[Problem] = []
    header = _split(text, rel, problems)
    values, lines = header.values, header.lines

    def line(key: str) -> int:
        return lines.get(key, 1)

    def add(key: str, message: str) -> None:
        problems.append(Problem(rel, line(key), HEADERS[key], message))

    stem = rel.rsplit("/", 1)[-1].removesuffix(".md")
    title = values.get("title", "")
    if "title" not in values:
        add("title", "en-tête obligatoire manquant : commencez le fichier par une ligne « Title: Le titre de la page », "
            "puis une ligne vide, puis le texte")
    elif not title:
        add("title", "titre vide : écrivez le titre après « Title: »")
    elif len(title) > MAX_TITLE_CHARS:
        add("title", f"titre trop long ({len(title)} caractères, au plus {MAX_TITLE_CHARS}) : raccourcissez-le")

    slug = values.get("slug", stem)
    fix = "changez la ligne Slug" if "slug" in values else "renommez le fichier ou ajoutez une ligne « Slug: … »"
    if not SLUG_RE.fullmatch(slug):
        add("slug", f"identifiant invalide « {slug} » : uniquement minuscules sans accent, chiffres et tirets "
            f"(par exemple « {slugify(slug) or 'ma-page'} »)")
    elif slug in CATALOGUE_FOLDERS:
        add("slug", f"« {slug} » est une adresse du catalogue ({slug}/) : une page libre ne peut pas la prendre ; "
            f"{fix} (par exemple « page-{slug} »)")

    save_as = values.get("save_as", f"{slug}/index.html")
    place = _FOLDER_INDEX.fullmatch(save_as) or _ROOT_FILE.fullmatch(save_as)
    if "save_as" in values and not place:
        add("save_as", f"« {save_as} » invalide : attendu « {slug}/index.html » (ce que fait déjà le Slug : retirez la ligne) "
            "ou un nom de page à la racine du site comme « 404.html »")
    elif "save_as" in values and (save_as == "index.html" or place.group(1) in CATALOGUE_FOLDERS):
        taken = "la page d'accueil index.html" if save_as == "index.html" else f"le dossier {place.group(1)}/"
        add("save_as", f"« {save_as} » remplacerait une page du catalogue ({taken}) : une page libre ne peut pas "
            "écraser le catalogue ; retirez la ligne Save_as (la page sera enregistrée sous « Slug/index.html »)")

    url = url_of(save_as)
    if "url" in values and values["url"].lstrip("/") != url:
        add("url", f"« {values['url']} » ne correspond pas à l'endroit où la page est enregistrée ({save_as}) : "
            f"écrivez « Url: {url} » ou retirez la ligne")

    template = values.get("template", "page")
    if template not in TEMPLATES:
        add("template", f"gabarit « {template} » non accepté pour une page libre : les gabarits du catalogue "
            f"(activité, structure, badge…) ne lui sont pas ouverts. Gabarits possibles : {', '.join(TEMPLATES)} "
            "(ou retirez la ligne)")

    status = values.get("status", "published").lower()
    if status not in STATUSES:
        add("status", f"valeur « {values['status']} » non reconnue.{did_you_mean(status, STATUSES)} "
            f"Valeurs possibles : {', '.join(STATUSES)} (draft : la page n'est pas publiée)")

    body_problem = markdown_problem(header.body) if header.body else None
    if body_problem:
        problems.append(Problem(rel, header.body_line, "texte", body_problem))
    if problems:
        return None, problems
    return FreePage(rel, slug, title, save_as, url, template, status, render_markdown(header.body), tuple(lines.items())), []


def free_pages_problems(pages: list[FreePage]) -> list[Problem]:
    """Two free pages may not share a Slug or an address."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for page in pages:
        for key, value, what in (("slug", page.slug, "identifiant"), ("save_as", page.save_as, "adresse")):
            first = seen.setdefault(f"{key}:{value}", page.source)
            if first != page.source:
                problems.append(Problem(page.source, page.line_of(key), HEADERS[key], f"{what} « {value} » déjà utilisé par {first} : "
                                        "changez le Slug de l'une des deux pages"))
    return problems
