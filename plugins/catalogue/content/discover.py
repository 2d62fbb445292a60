"""Which files the content folders hold, read as bytes: the first step of a load.

Every problem is collected on a `Collector` rather than raised, so that an editor fixes a pull
request in one round.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Loc, Problem, format_loc
from .freepages import FOLDER as PAGES_FOLDER, FreePage, free_pages_problems, read_free_page
from .frontmatter import ParsedFile, ReadError, read_bytes, read_content_file
from .model import SLUG_RE, slugify

_IGNORED = {"README.md"}


class Collector:
    """The errors and warnings of one load, with the path helpers every step needs."""

    def __init__(self, root: Path):
        self.root = root
        self.real_root = root.resolve()
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def add(self, path: str, line: int, loc: Loc | str, message: str) -> None:
        self.problems.append(Problem(path, line, loc if isinstance(loc, str) else format_loc(loc), message))

    def inside(self, path: Path) -> bool | None:
        """Whether `path`, symlinks followed, stays in the repository; None for a symlink loop."""
        try:
            return path.resolve().is_relative_to(self.real_root)
        except (OSError, RuntimeError):
            return None

    def read(self, path: Path, reader=read_content_file) -> ParsedFile | None:
        rel = self.rel(path)
        inside = self.inside(path)
        if not inside:
            self.add(rel, 1, "", "lien symbolique en boucle : remplacez-le par le fichier lui-même" if inside is None else
                     "lien symbolique vers un fichier ou un dossier hors du dépôt : remplacez-le par le fichier lui-même")
            return None
        try:
            return reader(path)
        except ReadError as exc:
            self.add(rel, exc.line, exc.loc, exc.message)
            return None

    def check_id(self, path: Path, kind: str) -> str | None:
        ident = path.stem
        if not SLUG_RE.fullmatch(ident):
            self.add(self.rel(path), 1, "", f"nom de fichier invalide « {path.name} » : l'identifiant d'{kind} doit être en minuscules sans accent, "
                     f"chiffres et tirets ; renommez le fichier « {slugify(ident) or 'mon-identifiant'}.md »")
            return None
        return ident


@dataclass(frozen=True)
class Job:
    """One content file to parse and validate: nothing in it depends on the other files."""

    kind: str
    path: str
    rel: str
    ident: str | None  # None when the file name is not a valid id (reported already)
    raw: bytes


def content_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith(".") and p.name not in _IGNORED)


def discover(c: Collector) -> list[Job]:
    """The structures, activities (one folder per structure) and badges to parse, in a stable order."""
    root = c.root
    jobs: list[Job] = []

    def queue(path: Path, kind: str, noun: str) -> None:
        ident = c.check_id(path, noun)
        raw = c.read(path, read_bytes)
        if raw is not None:
            jobs.append(Job(kind, str(path), c.rel(path), ident, raw))

    for path in content_files(root / "structures"):
        queue(path, "structure", "une structure")
    activities_dir = root / "activities"
    if activities_dir.is_dir():
        for folder in sorted(activities_dir.iterdir()):
            if folder.is_file() and folder.suffix == ".md":
                c.add(c.rel(folder), 1, "", "fichier mal placé : mettez-le dans le dossier de sa structure, activities/<structure>/")
            elif folder.is_dir() and not folder.name.startswith(".") and not SLUG_RE.fullmatch(folder.name):
                c.add(c.rel(folder), 1, "", f"nom de dossier invalide « {folder.name} » : le dossier porte l'identifiant de la structure ; "
                      f"renommez-le « {slugify(folder.name) or 'ma-structure'} »")
            elif folder.is_dir() and not folder.name.startswith("."):
                for path in content_files(folder):
                    queue(path, "activity", "une activité")
    for path in content_files(root / "badges"):
        queue(path, "badge", "un badge")
    return jobs


def free_pages(c: Collector) -> list[FreePage]:
    """The pages of content/pages/, each read and checked on its own, then against each other."""
    pages = []
    for path in content_files(c.root / PAGES_FOLDER):
        ident = c.check_id(path, "une page")
        raw = c.read(path, read_bytes)
        if raw is None or ident is None:
            continue
        page, problems = read_free_page(c.rel(path), raw)
        c.problems += problems
        if page is not None:
            pages.append(page)
    c.problems += free_pages_problems(pages)
    return pages
