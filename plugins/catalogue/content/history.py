"""The published states of the content, read from git: where calendar versions come from.

Every commit of the first-parent line (what the main branch published, a merge counting once,
at its own time) that touched the content is a state. `ContentMirror` lays one state at a time
into a folder of its own, writing only the files that changed since the previous state, so
that the loader's per-file cache makes each further state cheap.

Never the clock: outside git (a tarball, a test folder) the time is SOURCE_DATE_EPOCH when
set, else a fixed epoch, and the build says that versions are then only estimated.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..settings import source_date_epoch

# 2026-01-01T00:00:00Z: the fallback when neither git nor SOURCE_DATE_EPOCH say anything.
FIXED_EPOCH = 1767225600
CONTENT_PATHS = ("vocabulaire.yml", "structures", "activities", "badges")
_GIT_ENV = {"GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


class HistoryError(Exception):
    """A French message: git could not give what was asked."""


def fallback_epoch(environ: Mapping[str, str] = os.environ) -> int:
    epoch = source_date_epoch(environ)
    return FIXED_EPOCH if epoch is None else epoch


def git(root: Path, *args: str, binary: bool = False, timeout: float = 120, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(root), *args], capture_output=True,
                              text=not binary, input=stdin, timeout=timeout, check=False, env={**os.environ, **_GIT_ENV})
    except FileNotFoundError:
        raise HistoryError("git est introuvable : installez git pour lire l'historique du contenu") from None
    except subprocess.TimeoutExpired:
        raise HistoryError(f"git {args[0]} n'a pas répondu en {timeout:.0f} s") from None


_FILE_DATES: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}


def file_dates(root: Path) -> dict[str, tuple[int, int]]:
    """{path relative to root: (epoch of its first commit, of its last)} on the first-parent line, for the
    content's files; {} outside git. One `git log` a root and HEAD, shared by the feed and the open data."""
    try:
        head = git(root, "rev-parse", "--verify", "--quiet", "HEAD")
        if head.returncode != 0:
            return {}
        key = (str(root), head.stdout.strip())
        if key not in _FILE_DATES:
            log = git(root, "log", "--first-parent", "--format=@%ct", "--name-only", "--relative", "--", *CONTENT_PATHS)
            dates = _parse_file_dates(log.stdout) if log.returncode == 0 else {}
            _FILE_DATES.clear()
            _FILE_DATES[key] = dates
    except (HistoryError, ValueError):
        return {}
    return _FILE_DATES[key]


def _parse_file_dates(log: str) -> dict[str, tuple[int, int]]:
    r"""Read `git log --format=@%ct --name-only`, newest commit first.

    >>> _parse_file_dates("@20\na.md\n\n@10\na.md\nb.md\n")
    {'a.md': (10, 20), 'b.md': (10, 10)}
    """
    dates: dict[str, tuple[int, int]] = {}
    epoch = 0
    for line in log.splitlines():
        if line.startswith("@"):
            epoch = int(line[1:])
        elif line.strip():
            path = line.strip()
            dates[path] = (epoch, dates[path][1] if path in dates else epoch)
    return dates


@dataclass(frozen=True)
class Commit:
    sha: str
    epoch: int


def content_commits(root: Path, environ: Mapping[str, str] = os.environ) -> tuple[list[Commit], str | None]:
    """(the content's commits on the first-parent line, oldest first; a French note when that
    history is not the whole one). In CI, a shallow clone is deepened first."""
    try:
        inside = git(root, "rev-parse", "--is-inside-work-tree")
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return [], ("pas d'historique git (dossier hors dépôt ou archive) : les numéros de version des séances "
                        "dans les calendriers sont estimés ; construisez le site à publier depuis un clone git complet")
        shallow = _is_shallow(root)
        if shallow and environ.get("CI"):
            git(root, "fetch", "--unshallow", "--quiet", timeout=600)
            shallow = _is_shallow(root)
        log = git(root, "log", "--first-parent", "--reverse", "--format=%H %ct", "--", *CONTENT_PATHS)
    except HistoryError as exc:
        return [], str(exc)
    if log.returncode != 0:
        return [], "le dépôt git n'a encore aucun commit : les numéros de version des séances partent de zéro"
    commits = [Commit(sha, int(epoch)) for sha, epoch in (line.split() for line in log.stdout.splitlines() if line.strip())]
    note = None
    if shallow:
        note = ("clone git partiel (shallow) : l'historique du contenu est incomplet, les numéros de version des séances "
                "seraient faux ; lancez « git fetch --unshallow » (en CI : fetch-depth: 0, ou GIT_DEPTH: 0)")
    return commits, note


def _is_shallow(root: Path) -> bool:
    return git(root, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"


class ContentMirror:
    """A folder holding the content files of one commit at a time (only changed files rewritten)."""

    def __init__(self, root: Path, folder: Path):
        self.root, self.folder = root, folder
        self.blobs: dict[str, str] = {}

    def checkout(self, sha: str) -> None:
        listed = git(self.root, "ls-tree", "-r", "-z", sha, "--", *CONTENT_PATHS)
        if listed.returncode != 0:
            raise HistoryError(f"git ls-tree a échoué pour {sha[:12]} : {listed.stderr.strip()}")
        wanted: dict[str, str] = {}
        for entry in listed.stdout.split("\0"):
            if not entry:
                continue
            meta, path = entry.split("\t", 1)
            mode, kind, blob = meta.split()
            if kind == "blob" and mode in ("100644", "100755") and _safe(path):
                wanted[path] = blob
        for path in set(self.blobs) - set(wanted):
            (self.folder / path).unlink(missing_ok=True)
        changed = sorted(p for p, blob in wanted.items() if self.blobs.get(p) != blob)
        for path, data in zip(changed, self._read([wanted[p] for p in changed])):
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.blobs = wanted

    def _read(self, blobs: list[str]) -> list[bytes]:
        if not blobs:
            return []
        proc = git(self.root, "cat-file", "--batch", binary=True, stdin="".join(f"{b}\n" for b in blobs).encode())
        out, position, contents = proc.stdout, 0, []
        for _ in blobs:
            end = out.index(b"\n", position)
            size = int(out[position:end].split()[2])
            contents.append(out[end + 1:end + 1 + size])
            position = end + 2 + size
        return contents

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.blobs = {}


def _safe(path: str) -> bool:
    """A path git gives may still be hostile: nothing absolute, no `..`, no hidden folder."""
    parts = path.split("/")
    return not path.startswith("/") and all(p not in ("", ".", "..") for p in parts)


def export_ref(root: Path, ref: str, destination: Path) -> None:
    """Write the content files of `ref` into `destination` (nothing else touched)."""
    if not ref or ref.startswith("-"):
        raise HistoryError(f"référence git invalide « {ref} » : indiquez une branche ou un commit, par exemple BASE=origin/main")
    if git(root, "rev-parse", "--is-inside-work-tree").returncode != 0:
        raise HistoryError(f"{root} n'est pas un dépôt git : la comparaison a besoin de l'historique git")
    commit = git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if commit.returncode != 0:
        raise HistoryError(f"référence git inconnue « {ref} » : vérifiez le nom de la branche "
                           "(pour la branche principale du dépôt partagé : git fetch origin, puis BASE=origin/main)")
    destination.mkdir(parents=True, exist_ok=True)
    ContentMirror(root, destination).checkout(commit.stdout.strip())
