"""Reads and validates the content folders into one immutable Catalogue.

discover (which files) -> parse (each file alone, cached, on both cores) -> index (by kind and id)
-> checks (cross-references) -> assemble. Every problem in every file is collected before anything
is reported, so that an editor fixes a pull request in one round.

Image files are judged by what the site publishes: the caller passes the sanitising layer's
cleaner (`sanitise.images.clean_image`), which content, a lower layer, does not import.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType

from ..settings import build_today
from .catalogue import Catalogue
from .checks import check_activities, check_badges, check_structures
from .discover import Collector, discover, free_pages
from .errors import ContentErrors, Problem
from .filenames import file_name_problems, misnamed_files
from .frontmatter import ParsedFile, read_yaml_file
from .imagechecks import ImageCleaner
from .index import Index, index
from .vocabulary import VOCABULARY_FILE, Vocabulary
from .parse import file_results, forget_parsed_files
from .privacy import declared_contacts, page_warnings, personal_data_warnings
from .sessions import ambiguous_time_warnings
from .stale import placeholder_errors, stale_warnings
from .validation import validate

__all__ = ["Catalogue", "forget_parsed_files", "load", "load_catalogue"]

def _vocabulary(c: Collector) -> tuple[Vocabulary | None, ParsedFile | None]:
    path = c.root / VOCABULARY_FILE
    if not path.exists():
        c.add(VOCABULARY_FILE, 0, "", "fichier du vocabulaire introuvable")
        return None, None
    parsed = c.read(path, read_yaml_file)
    if parsed is None:
        return None, None
    vocabulary, problems = validate(Vocabulary, parsed, VOCABULARY_FILE)
    c.problems += problems
    return vocabulary, parsed


def _file_warnings(c: Collector, found: Index, parsed_vocab: ParsedFile | None) -> None:
    """Placeholders left in, and personal data (contacts no structure declares) in any file."""
    for rel, data in found.parsed.values():
        c.problems += placeholder_errors(rel, data)
    emails, phones = declared_contacts(data for _, data in found.parsed.values())
    for rel, data in sorted(found.parsed.values(), key=lambda item: item[0]):
        c.warnings += personal_data_warnings(rel, data, emails, phones)
    if parsed_vocab is not None:
        c.warnings += personal_data_warnings(VOCABULARY_FILE, parsed_vocab, emails, phones)
    c.warnings += page_warnings(c.root, emails, phones)


def load(root: Path, today: date | None,
         clean_image: ImageCleaner) -> tuple[Catalogue | None, list[Problem], list[Problem]]:
    """(catalogue or None, errors, warnings) for the content under `root`; `today` None is the build's today."""
    root = Path(root)
    c = Collector(root)
    today = today or build_today()
    vocabulary, parsed_vocab = _vocabulary(c)
    c.problems += file_name_problems(root)
    jobs = discover(c)
    pages = free_pages(c)
    misnamed, unused = misnamed_files(root)
    c.problems += misnamed
    c.warnings += unused
    found = index(c, jobs, file_results(jobs))
    places = check_structures(c, found, vocabulary, clean_image)
    sessions = check_activities(c, found, vocabulary, places)
    check_badges(c, found, vocabulary, clean_image)
    c.warnings += stale_warnings(found.activities, sessions, found.parsed, today)
    c.warnings += ambiguous_time_warnings(sessions, {aid: found.parsed[("activity", aid)][0] for aid in found.activities})
    _file_warnings(c, found, parsed_vocab)
    problems = sorted(set(c.problems), key=lambda p: (p.path, p.line, p.field, p.message))
    if problems or vocabulary is None:
        return None, problems, c.warnings
    sessions.sort(key=lambda s: (s.start, s.key))
    catalogue = Catalogue(
        root=root, today=today, vocabulary=vocabulary,
        structures=MappingProxyType(dict(sorted(found.structures.items()))),
        activities=MappingProxyType(dict(sorted(found.activities.items()))),
        badges=MappingProxyType(dict(sorted(found.badges.items()))),
        sessions=tuple(sessions), sources=MappingProxyType(found.sources), warnings=tuple(c.warnings),
        free_pages=tuple(pages),
    )
    return catalogue, [], c.warnings


def load_catalogue(root: Path, today: date | None, clean_image: ImageCleaner) -> Catalogue:
    catalogue, problems, _ = load(root, today, clean_image)
    if catalogue is None:
        raise ContentErrors(problems)
    return catalogue
