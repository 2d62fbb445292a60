"""The parsed files indexed by kind and id: where duplicate ids are caught."""

from __future__ import annotations

from dataclasses import dataclass, field

from .discover import Collector, Job
from .frontmatter import ParsedFile
from .model import Activity, Badge, Session, Structure
from .parse import FileResult


@dataclass
class Index:
    """Every file read (valid or not) by (kind, id), and the valid models by id."""

    parsed: dict[tuple[str, str], tuple[str, ParsedFile]] = field(default_factory=dict)
    structures: dict[str, Structure] = field(default_factory=dict)
    activities: dict[str, Activity] = field(default_factory=dict)
    badges: dict[str, Badge] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, tuple[Session, ...]] = field(default_factory=dict)  # by activity id

    def ids(self, kind: str) -> set[str]:
        """Ids of files of a kind that were read, even if invalid: no 'unknown' noise for them."""
        return {ident for (k, ident) in self.parsed if k == kind}


def index(c: Collector, jobs: list[Job], results: list[FileResult]) -> Index:
    """Each file's result filed under its id; a second file with the same id is reported, not kept."""
    found = Index()
    stores: dict[str, dict] = {"structure": found.structures, "activity": found.activities, "badge": found.badges}
    for job, result in zip(jobs, results):
        if result.data is None or job.ident is None:
            c.problems += result.problems
            continue
        store = stores[job.kind]
        if job.ident in store or (job.kind, job.ident) in found.parsed:
            first = found.sources.get(f"{job.kind}:{job.ident}", "?")
            shared = (" ; si c'est la même activité proposée par plusieurs structures, gardez un seul fichier, dans le dossier de la "
                      "structure principale, et nommez les autres dans co_organisateurs: [...]") if job.kind == "activity" else ""
            c.add(job.rel, 1, "", f"identifiant en double « {job.ident} » : {job.rel} et {first} portent le même nom ; "
                  f"renommez l'un des deux fichiers{shared}")
            continue
        c.problems += result.problems
        c.warnings += result.warnings
        found.parsed[(job.kind, job.ident)] = (job.rel, result.data)
        found.sources[f"{job.kind}:{job.ident}"] = job.rel
        if result.instance is not None:
            store[job.ident] = result.instance
            if job.kind == "activity":
                found.sessions[job.ident] = result.sessions
    return found
