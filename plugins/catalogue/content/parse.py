"""Parse, validate and expand each content file on its own: a pure function of its bytes,
so it is cached between loads (`make serve`) and shared between cores (large catalogues)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .. import parallel
from .discover import Job
from .errors import Problem, format_loc
from .frontmatter import ParsedFile, ReadError, decode, parse_front_matter
from .markdown import markdown_problem, removed_tags
from .model import Activity, Badge, Session, Structure
from .sessions import expand_sessions
from .validation import validate
from .visible import code_point, forbidden_character

MODELS = {"structure": Structure, "activity": Activity, "badge": Badge}
# Below this many files to parse, a second process costs more (start, sending results back) than it saves.
PARALLEL_FROM = 200


@dataclass(frozen=True)
class FileResult:
    data: ParsedFile | None  # None when the file could not be read as YAML front matter
    instance: object | None  # the validated model, None when invalid
    problems: tuple[Problem, ...]
    sessions: tuple[Session, ...] = ()  # an activity's expanded sessions
    warnings: tuple[Problem, ...] = ()


# Per-file work kept between loads in one process (`make serve`): a file whose bytes have not
# changed is not parsed, validated or expanded into sessions again. Keyed by (kind, path).
_FILE_CACHE: dict[tuple[str, str], tuple[bytes, FileResult]] = {}


def forget_parsed_files() -> None:
    """Drop the per-file cache: a one-shot build frees the parsed headers and their line maps
    (about a quarter of the memory of a loaded catalogue) before rendering."""
    _FILE_CACHE.clear()


def file_result(job: Job) -> FileResult:
    """Parse, validate, check the body and expand the sessions of one file: a pure function of its bytes."""
    try:
        data = parse_front_matter(decode(job.raw))
    except ReadError as exc:
        return FileResult(None, None, (Problem(job.rel, exc.line, format_loc(exc.loc), exc.message),))
    if job.ident is None:
        return FileResult(data, None, ())
    instance, problems = validate(MODELS[job.kind], data, job.rel, {"id": job.ident, "body": data.body})
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
    return FileResult(data, instance, tuple(problems), sessions, warnings)


def file_results(jobs: list[Job]) -> list[FileResult]:
    """Each job's result, from the per-file cache when its bytes are unchanged, else computed on
    both cores when there are many: a forked process takes half the files (by size) and sends
    its results back; this process does the other half meanwhile."""
    results: list[FileResult | None] = [None] * len(jobs)
    missing: list[tuple[int, bytes]] = []
    for index, job in enumerate(jobs):
        digest = hashlib.sha256(job.raw).digest()
        cached = _FILE_CACHE.get((job.kind, job.path))
        if cached is not None and cached[0] == digest:
            results[index] = cached[1]
        else:
            missing.append((index, digest))
    todo = [jobs[index] for index, _ in missing]
    if len(todo) < PARALLEL_FROM or parallel.cores() < 2:
        computed = [file_result(job) for job in todo]
    else:
        total, half, split = sum(len(job.raw) for job in todo), 0, 0
        while split < len(todo) and half < total / 2:
            half += len(todo[split].raw)
            split += 1
        with parallel.fork_pool() as pool:
            # Results come back in small chunks, each freed in the worker once sent: never a
            # second copy of half the catalogue waiting there.
            theirs = pool.map(file_result, todo[split:], chunksize=32)
            computed = [file_result(job) for job in todo[:split]] + list(theirs)
    for (index, digest), result in zip(missing, computed):
        _FILE_CACHE[(jobs[index].kind, jobs[index].path)] = (digest, result)
        results[index] = result
    return results  # type: ignore[return-value]
