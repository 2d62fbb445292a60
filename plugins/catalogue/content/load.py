"""Reads and validates the content folders into one immutable Catalogue.

Every problem in every file is collected before anything is reported, so that an
editor fixes a pull request in one round.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .. import parallel
from ..settings import build_today
from .errors import ContentErrors, Loc, Problem, did_you_mean, format_loc
from .filenames import file_name_problems, misnamed_files
from .freepages import FOLDER as PAGES_FOLDER, FreePage, free_pages_problems, read_free_page
from .french import after_fr, article_is_ambiguous
from .frontmatter import ParsedFile, ReadError, decode, parse_front_matter, read_bytes, read_content_file, read_yaml_file
from ..sanitise.images import clean_image
from .model import SLUG_RE, Activity, Badge, OneOffSession, Place, Series, Session, Structure, Vocabulary, slugify
from .markdown import markdown_problem, removed_tags
from .privacy import declared_contacts, page_warnings, personal_data_warnings
from .sessions import ambiguous_time_warnings, expand_sessions
from .stale import placeholder_errors, stale_warnings
from .validation import validate
from .visible import code_point, forbidden_character

VOCABULARY_FILE = "vocabulaire.yml"
# Per-file work kept between loads in one process (`make serve`): a file whose bytes have not
# changed is not parsed, validated or expanded into sessions again. Keyed by (kind, path).
_FILE_CACHE: dict[tuple[str, str], tuple[bytes, "_FileResult"]] = {}

_IGNORED = {"README.md"}
_SVG_READ = 200_000
_SVG_TITLE = re.compile(r"<title\b[^>]*>([^<]*)</title>", re.IGNORECASE)
_SVG_ROLE = re.compile(r"""<svg\b[^>]*\brole\s*=\s*["']img["']""", re.IGNORECASE)


def forget_parsed_files() -> None:
    """Drop the per-file cache: a one-shot build frees the parsed headers and their line maps
    (about a quarter of the memory of a loaded catalogue) before rendering."""
    _FILE_CACHE.clear()


@dataclass(frozen=True)
class Catalogue:
    """Everything the writers need, validated and cross-referenced."""

    root: Path
    today: date
    vocabulary: Vocabulary
    structures: Mapping[str, Structure]
    activities: Mapping[str, Activity]
    badges: Mapping[str, Badge]
    sessions: tuple[Session, ...]
    sources: Mapping[str, str] = field(default_factory=dict)
    warnings: tuple[Problem, ...] = ()
    free_pages: tuple[FreePage, ...] = ()  # content/pages/, checked and rendered like the rest

    @cached_property
    def places(self) -> Mapping[str, Place]:
        return MappingProxyType({p.id: p for s in self.structures.values() for p in s.places})

    @cached_property
    def place_owner(self) -> Mapping[str, str]:
        return MappingProxyType({p.id: s.id for s in self.structures.values() for p in s.places})

    @cached_property
    def _sessions_by_activity(self) -> Mapping[str, tuple[Session, ...]]:
        grouped: dict[str, list[Session]] = defaultdict(list)
        for session in self.sessions:
            grouped[session.activity].append(session)
        return {key: tuple(value) for key, value in grouped.items()}

    def sessions_of(self, activity_id: str) -> tuple[Session, ...]:
        return self._sessions_by_activity.get(activity_id, ())

    def activities_of(self, structure_id: str) -> list[Activity]:
        """The activities a structure leads or co-organises, each once."""
        return [a for a in self.activities.values() if structure_id in a.organisers]

    def badges_co_built_with(self, structure_id: str) -> list[Badge]:
        return [b for b in self.badges.values() if structure_id in b.co_builders and b.issuer != structure_id]

    def activities_leading_to(self, badge_id: str) -> list[Activity]:
        return [a for a in self.activities.values() if badge_id in a.badges]

    def badges_issued_by(self, structure_id: str) -> list[Badge]:
        return [b for b in self.badges.values() if b.issuer == structure_id]

    def commune_of(self, activity: Activity) -> str:
        return self.places[activity.place].commune

    def territory_of(self, activity: Activity) -> str:
        found = self.vocabulary.commune(self.commune_of(activity))
        return found[0] if found else ""


class _Collector:
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

    def check_file(self, path: str, line: int, loc: Loc, folder: str, relative: str) -> None:
        target = self.root / folder / relative
        inside = self.inside(target)
        if not inside:
            self.add(path, line, loc, f"« {relative} » pointe hors du dépôt{' (lien symbolique en boucle)' if inside is None else ''} : attendu un fichier du dossier {folder}/")
        elif not target.is_file():
            self.add(path, line, loc, f"fichier introuvable « {folder}/{relative} » : ajoutez-le au dépôt ou corrigez le chemin")
        else:
            try:
                image = clean_image(target.read_bytes(), relative)
            except OSError as exc:
                self.add(path, line, loc, f"{folder}/{relative} : fichier illisible ({exc.strerror or exc.__class__.__name__}) : vérifiez ses droits")
                return
            if image.problem:
                self.add(path, line, loc, f"{folder}/{relative} : {image.problem}")
            elif image.dropped:
                self.warnings.append(Problem(path, line, format_loc(loc), f"{folder}/{relative} : l'image sera publiée sans ce qui suit, "
                                             f"que le site n'accepte pas : {image.dropped_summary()} ; vérifiez son apparence, ou enregistrez-la "
                                             "en « SVG simple » (dessin seul, sans script, ni lien, ni image externe)", "attention"))

    def check_svg_label(self, path: str, line: int, loc: Loc, folder: str, relative: str, name: str) -> None:
        """An SVG badge image says its name to screen readers: role="img" and a <title>."""
        target = self.root / folder / relative
        if not relative.lower().endswith(".svg") or not self.inside(target) or not target.is_file():
            return
        try:
            published = clean_image(target.read_bytes(), relative).data
        except OSError:
            return
        if published is None:
            return
        text = published[:_SVG_READ].decode("utf-8", "replace")
        title = _SVG_TITLE.search(text)
        if not title or not title.group(1).strip() or not _SVG_ROLE.search(text):
            self.add(path, line, loc, f"image sans texte accessible « {folder}/{relative} » : ajoutez role=\"img\" à la balise <svg> "
                     f"et, juste après, <title>{name}</title>")
        elif html.unescape(title.group(1)).split() != name.split():
            self.warnings.append(Problem(path, line, format_loc(loc), f"le titre de l'image (« {html.unescape(title.group(1)).strip()} ») "
                                         f"n'est pas le nom du badge (« {name} ») : les lecteurs d'écran lisent ce titre", "attention"))


def _content_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith(".") and p.name not in _IGNORED)


def _ref(c: _Collector, path: str, parsed: ParsedFile, loc: Loc, value: str, known, what: str, advice: str = "") -> None:
    if value not in known:
        c.add(path, parsed.line_of(loc), loc, f"{what} inconnu(e) « {value} ».{did_you_mean(value, known)}{advice}")


def vocabulary_advice(structures: Mapping[str, Structure], known, one: str = "un") -> str:
    """The allowed values, and who adds a new one: the coordinating structures, with their public contact."""
    coordinators = [s for s in sorted(structures.values(), key=lambda s: s.id) if s.role == "coordinateur"]
    who = " ou ".join(s.name + (f" ({s.contact.email})" if s.contact and s.contact.email else
                                f" ({s.contact.phone})" if s.contact and s.contact.phone else "") for s in coordinators)
    ask = (f" Pour en ajouter {one}, demandez à l'équipe de coordination : {who}." if who else
           f" Pour en ajouter {one}, demandez à l'équipe de coordination du programme.")
    return f" Valeurs possibles : {', '.join(sorted(known))}.{ask}"


@dataclass(frozen=True)
class _Job:
    """One content file to parse and validate: nothing in it depends on the other files."""

    kind: str
    path: str
    rel: str
    ident: str | None  # None when the file name is not a valid id (reported already)
    raw: bytes


@dataclass(frozen=True)
class _FileResult:
    data: ParsedFile | None  # None when the file could not be read as YAML front matter
    instance: object | None  # the validated model, None when invalid
    problems: tuple[Problem, ...]
    sessions: tuple[Session, ...] = ()  # an activity's expanded sessions
    warnings: tuple[Problem, ...] = ()


_MODELS = {"structure": Structure, "activity": Activity, "badge": Badge}
# Below this many files to parse, a second process costs more (start, sending results back) than it saves.
_PARALLEL_FROM = 200


def _file_result(job: _Job) -> _FileResult:
    """Parse, validate, check the body and expand the sessions of one file: a pure function of its bytes."""
    try:
        data = parse_front_matter(decode(job.raw))
    except ReadError as exc:
        return _FileResult(None, None, (Problem(job.rel, exc.line, format_loc(exc.loc), exc.message),))
    if job.ident is None:
        return _FileResult(data, None, ())
    instance, problems = validate(_MODELS[job.kind], data, job.rel, {"id": job.ident, "body": data.body})
    body_problem = markdown_problem(data.body) if data.body else None
    if body_problem:
        problems = [*problems, Problem(job.rel, data.body_line, "texte", body_problem)]
    invisible = forbidden_character(data.body) if data.body else None
    if invisible:
        position, char = invisible
        before = data.body[:position - 1]
        problems = [*problems, Problem(job.rel, data.body_line + before.count("\n"), "texte",
                                       f"caractère invisible interdit {code_point(char)} en colonne {position - before.rfind(chr(10)) - 1} : "
                                       "il vient souvent d'un copier-coller ; supprimez-le ou retapez la ligne")]
    removed = removed_tags(data.body) if data.body else []
    warnings = (Problem(job.rel, data.body_line, "texte", (
        f"balise HTML retirée ({', '.join(f'<{t}>' for t in removed)}) : le site ne garde pas ces balises ; écrivez la mise en "
        "forme en Markdown (**gras**, *italique*, listes avec -) ou retirez-les"), "attention"),) if removed else ()
    sessions: tuple[Session, ...] = ()
    if job.kind == "activity" and instance is not None:
        expanded, session_problems = expand_sessions(instance, data.line_of)
        sessions = tuple(expanded)
        problems = [*problems, *(Problem(job.rel, data.line_of(loc), format_loc(loc), message) for loc, message in session_problems)]
    return _FileResult(data, instance, tuple(problems), sessions, warnings)


def _file_results(jobs: list[_Job]) -> list[_FileResult]:
    """Each job's result, from the per-file cache when its bytes are unchanged, else computed on
    both cores when there are many: a forked process takes half the files (by size) and sends
    its results back; this process does the other half meanwhile."""
    results: list[_FileResult | None] = [None] * len(jobs)
    missing: list[tuple[int, bytes]] = []
    for index, job in enumerate(jobs):
        digest = hashlib.sha256(job.raw).digest()
        cached = _FILE_CACHE.get((job.kind, job.path))
        if cached is not None and cached[0] == digest:
            results[index] = cached[1]
        else:
            missing.append((index, digest))
    todo = [jobs[index] for index, _ in missing]
    if len(todo) < _PARALLEL_FROM or parallel.cores() < 2:
        computed = [_file_result(job) for job in todo]
    else:
        total, half, split = sum(len(job.raw) for job in todo), 0, 0
        while split < len(todo) and half < total / 2:
            half += len(todo[split].raw)
            split += 1
        with parallel.fork_pool() as pool:
            # Results come back in small chunks, each freed in the worker once sent: never a
            # second copy of half the catalogue waiting there.
            theirs = pool.map(_file_result, todo[split:], chunksize=32)
            computed = [_file_result(job) for job in todo[:split]] + list(theirs)
    for (index, digest), result in zip(missing, computed):
        _FILE_CACHE[(jobs[index].kind, jobs[index].path)] = (digest, result)
        results[index] = result
    return results  # type: ignore[return-value]


def load(root: Path, today: date | None = None) -> tuple[Catalogue | None, list[Problem], list[Problem]]:
    """(catalogue or None, errors, warnings) for the content under `root`."""
    root = Path(root)
    c = _Collector(root)
    today = today or build_today()

    vocabulary = None
    vocab_path = root / VOCABULARY_FILE
    parsed_vocab = c.read(vocab_path, read_yaml_file) if vocab_path.exists() else None
    if not vocab_path.exists():
        c.add(VOCABULARY_FILE, 0, "", "fichier du vocabulaire introuvable")
    elif parsed_vocab is not None:
        vocabulary, problems = validate(Vocabulary, parsed_vocab, VOCABULARY_FILE)
        c.problems += problems

    parsed: dict[tuple[str, str], tuple[str, ParsedFile]] = {}
    structures: dict[str, Structure] = {}
    activities: dict[str, Activity] = {}
    badges: dict[str, Badge] = {}
    sources: dict[str, str] = {}

    jobs: list[_Job] = []
    c.problems += file_name_problems(root)

    def queue(path: Path, kind: str, noun: str) -> None:
        ident = c.check_id(path, noun)
        raw = c.read(path, read_bytes)
        if raw is not None:
            jobs.append(_Job(kind, str(path), c.rel(path), ident, raw))

    for path in _content_files(root / "structures"):
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
                for path in _content_files(folder):
                    queue(path, "activity", "une activité")
    for path in _content_files(root / "badges"):
        queue(path, "badge", "un badge")
    free_pages = _free_pages(c, root / PAGES_FOLDER)
    misnamed, unused = misnamed_files(root)
    c.problems += misnamed
    c.warnings += unused

    stores = {"structure": structures, "activity": activities, "badge": badges}
    expanded_sessions: dict[str, tuple[Session, ...]] = {}
    for job, result in zip(jobs, _file_results(jobs)):
        if result.data is None or job.ident is None:
            c.problems += result.problems
            continue
        store = stores[job.kind]
        if job.ident in store or (job.kind, job.ident) in parsed:
            first = sources.get(f"{job.kind}:{job.ident}", "?")
            shared = (" ; si c'est la même activité proposée par plusieurs structures, gardez un seul fichier, dans le dossier de la "
                      "structure principale, et nommez les autres dans co_organisateurs: [...]") if job.kind == "activity" else ""
            c.add(job.rel, 1, "", f"identifiant en double « {job.ident} » : {job.rel} et {first} portent le même nom ; "
                  f"renommez l'un des deux fichiers{shared}")
            continue
        c.problems += result.problems
        c.warnings += result.warnings
        parsed[(job.kind, job.ident)] = (job.rel, result.data)
        sources[f"{job.kind}:{job.ident}"] = job.rel
        if result.instance is not None:
            store[job.ident] = result.instance
            if job.kind == "activity":
                expanded_sessions[job.ident] = result.sessions

    places: dict[str, str] = {}
    for sid, structure in structures.items():
        rel, data = parsed[("structure", sid)]
        c.warnings += article_warnings(rel, data, (), structure)
        if structure.logo:
            c.check_file(rel, data.line_of(("logo",)), ("logo",), "structures", structure.logo)
        for index, place in enumerate(structure.places):
            loc = ("lieux", index)
            c.warnings += article_warnings(rel, data, loc, place)
            if place.id in places:
                c.add(rel, data.line_of(loc + ("id",)), loc + ("id",), f"identifiant de lieu en double « {place.id} » : déjà utilisé par la structure {places[place.id]}")
            places[place.id] = sid
            if vocabulary:
                found = vocabulary.commune(place.commune)
                if found is None:
                    _ref(c, rel, data, loc + ("commune",), place.commune, vocabulary.commune_ids, "commune")
                elif place.priority_area and place.priority_area not in found[1].priority_areas:
                    _ref(c, rel, data, loc + ("quartier",), place.priority_area, found[1].priority_areas, f"quartier prioritaire de {found[1].name}")

    sessions: list[Session] = []
    structure_ids, badge_ids = parsed_ids(parsed, "structure"), parsed_ids(parsed, "badge")
    for aid, activity in activities.items():
        rel, data = parsed[("activity", aid)]
        folder = Path(rel).parent.name
        if activity.structure != folder:
            c.add(rel, data.line_of(("structure",)), "structure",
                  f"« {activity.structure} » ne correspond pas au dossier « {folder} » : l'activité doit être dans activities/{activity.structure}/ ou indiquer structure: {folder}")
        else:
            _ref(c, rel, data, ("structure",), activity.structure, structure_ids, "structure")
        _ref(c, rel, data, ("lieu",), activity.place, places, "lieu")
        for index, organiser in enumerate(activity.co_organisers):
            loc = ("co_organisateurs", index)
            if organiser == activity.structure:
                c.add(rel, data.line_of(loc), loc, f"« {organiser} » est déjà la structure principale (structure: {organiser}) : "
                      "retirez-la de co_organisateurs, qui nomme seulement les autres structures")
            elif organiser in activity.co_organisers[:index]:
                c.add(rel, data.line_of(loc), loc, f"« {organiser} » est écrit deux fois dans co_organisateurs : gardez-en un")
            else:
                _ref(c, rel, data, loc, organiser, structure_ids, "structure")
        if vocabulary:
            for index, category in enumerate(activity.categories):
                _ref(c, rel, data, ("categories", index), category, vocabulary.categories, "catégorie",
                     vocabulary_advice(structures, vocabulary.categories, "une"))
            for index, audience in enumerate(activity.audiences):
                _ref(c, rel, data, ("publics", index), audience, vocabulary.audiences, "public",
                     vocabulary_advice(structures, vocabulary.audiences))
            c.warnings += mixed_condition_warnings(rel, data, activity, vocabulary)
        for index, badge in enumerate(activity.badges):
            _ref(c, rel, data, ("badges", index), badge, badge_ids, "badge")
        for index, entry in enumerate(activity.sessions):
            refs = [(("lieu",), entry.place)]
            if isinstance(entry, OneOffSession) and entry.change:
                refs.append((("changement", "lieu"), entry.change.place))
            if isinstance(entry, Series):
                refs += [(("changements", i, "lieu"), change.place) for i, change in enumerate(entry.changes)]
            for sub, value in refs:
                if value:
                    _ref(c, rel, data, ("seances", index) + sub, value, places, "lieu")
        sessions += expanded_sessions[aid]

    unreachable_issuers: dict[str, list[str]] = {}
    for bid, badge in badges.items():
        rel, data = parsed[("badge", bid)]
        _ref(c, rel, data, ("structure",), badge.issuer, structure_ids, "structure")
        for index, builder in enumerate(badge.co_builders):
            _ref(c, rel, data, ("co_construit_avec", index), builder, structure_ids, "structure")
        if vocabulary:
            _ref(c, rel, data, ("categorie",), badge.category, vocabulary.categories, "catégorie",
                 vocabulary_advice(structures, vocabulary.categories, "une"))
        c.check_file(rel, data.line_of(("image",)), ("image",), "badges", badge.image)
        c.check_svg_label(rel, data.line_of(("image",)), ("image",), "badges", badge.image, badge.name)
        issuer = structures.get(badge.issuer)
        if issuer is not None and not (issuer.contact and issuer.contact.email):
            unreachable_issuers.setdefault(badge.issuer, []).append(bid)
    for sid, issued in sorted(unreachable_issuers.items()):
        rel, data = parsed[("structure", sid)]
        c.add(rel, data.line_of(("contact", "email")), ("contact", "email"),
              f"adresse e-mail publique manquante : cette structure délivre des badges ({', '.join(issued)}) "
              "et Open Badges exige un e-mail de contact pour l'émetteur (contact: email: …)")

    c.warnings += stale_warnings(activities, sessions, parsed, today)
    for rel, data in parsed.values():
        c.problems += placeholder_errors(rel, data)
    c.warnings += ambiguous_time_warnings(sessions, {aid: parsed[("activity", aid)][0] for aid in activities})
    emails, phones = declared_contacts(data for _, data in parsed.values())
    for rel, data in sorted(parsed.values(), key=lambda item: item[0]):
        c.warnings += personal_data_warnings(rel, data, emails, phones)
    if parsed_vocab is not None:
        c.warnings += personal_data_warnings(VOCABULARY_FILE, parsed_vocab, emails, phones)
    c.warnings += page_warnings(root, emails, phones)
    problems = sorted(set(c.problems), key=lambda p: (p.path, p.line, p.field, p.message))
    if problems or vocabulary is None:
        return None, problems, c.warnings
    sessions.sort(key=lambda s: (s.start, s.key))
    catalogue = Catalogue(
        root=root, today=today, vocabulary=vocabulary,
        structures=MappingProxyType(dict(sorted(structures.items()))),
        activities=MappingProxyType(dict(sorted(activities.items()))),
        badges=MappingProxyType(dict(sorted(badges.items()))),
        sessions=tuple(sessions), sources=MappingProxyType(sources), warnings=tuple(c.warnings),
        free_pages=tuple(free_pages),
    )
    return catalogue, [], c.warnings


def _free_pages(c: _Collector, folder: Path) -> list[FreePage]:
    """The pages of content/pages/, each read and checked on its own, then against each other."""
    pages = []
    for path in _content_files(folder):
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


def mixed_condition_warnings(rel: str, data: ParsedFile, activity: Activity, vocabulary: Vocabulary) -> list[Problem]:
    """A reserved public (« réservé aux femmes ») next to an open one: publics add up, so the page cannot say it is reserved."""
    known = [(i, a, vocabulary.audiences[a]) for i, a in enumerate(activity.audiences) if a in vocabulary.audiences]
    reserved = [(i, a, t) for i, a, t in known if t.condition]
    open_ = [a for _, a, t in known if not t.condition]
    if not reserved or not open_:
        return []
    index, audience, term = reserved[0]
    return [Problem(rel, data.line_of(("publics", index)), format_loc(("publics", index)), (
        f"« {audience} » pose une condition ({term.condition}) mais {', '.join(f'« {a} »' for a in open_)} non : les publics "
        f"s'additionnent, la page ne dira donc pas « {term.condition} » ; si l'activité a cette condition, gardez seulement "
        "les publics qui en ont une"), "attention")]


def article_warnings(rel: str, data: ParsedFile, loc: Loc, thing: Place | Structure) -> list[Problem]:
    """A name that opens with a common noun and no article: « à Café des images » or « au Café des images » ?"""
    if not article_is_ambiguous(thing.name, thing.article):
        return []
    line = data.line_of(loc + ("nom",))
    return [Problem(rel, line, format_loc(loc + ("article",)), (
        f"comment dire « à {thing.name} » ? Ajoutez sous le nom article: le (« {after_fr('à', thing.name, 'le')} »), "
        f"article: la (« {after_fr('à', thing.name, 'la')} »), les, l' ou aucun (« {after_fr('à', thing.name, 'aucun')} »)"), "attention")]


def parsed_ids(parsed: dict, kind: str) -> set[str]:
    """Ids of files of a kind that were read, even if invalid: no 'unknown' noise for them."""
    return {ident for (k, ident) in parsed if k == kind}


def load_catalogue(root: Path, today: date | None = None) -> Catalogue:
    catalogue, problems, _ = load(root, today)
    if catalogue is None:
        raise ContentErrors(problems)
    return catalogue
