"""`catalogue format`: content files written in the form editor's own style.

The form (Decap CMS) rewrites the whole header of a file it saves: fields in the order of the
form, block lists, long text folded at 80 columns, comments dropped, empty fields removed (by
`catalogue-cms.js`). When the repository's files are already in that style, a one-word change
through the form is a one-line diff. Hand edits are brought back to that style by `make format`
and checked by `catalogue format --check` in `make test` and CI.

Only the header changes: the Markdown body is kept byte for byte. A file that cannot be read is
left alone (`catalogue check` explains what is wrong with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..content import model as m
from . import yamlstyle
from ..content.fields import form_fields
from ..content.kinds import KINDS
from ..content.frontmatter import ReadError, decode, parse_yaml

FOLDERS: dict[str, type] = {kind.folder: kind.model for kind in KINDS}
YAML_FILES = ("vocabulaire.yml",)


@dataclass(frozen=True)
class Change:
    path: str
    message: str


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, (list, dict)) and not value)


IMMUTABLE_ARRAY_MAP_SIZE = 8  # Immutable.js keeps insertion order in maps of up to 8 entries


def _immutable_hash(key: str) -> int:
    """Immutable.js `hash()` of a string (the JVM's, on UTF-16 units, folded to a small integer), unsigned."""
    h = 0
    units = key.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(units), 2):
        h = (31 * h + int.from_bytes(units[i:i + 2], "little")) & 0xFFFFFFFF
    return ((h >> 1) & 0x40000000) | (h & 0xBFFFFFFF)


def _trie_position(key: str) -> list[int]:
    h = _immutable_hash(key)
    return [(h >> shift) & 31 for shift in range(0, 35, 5)]


def immutable_order(value: Any) -> Any:
    """Key order after the form loads a file into Immutable.js Maps: beyond 8 keys a Map is a hash trie,
    iterated in the order of the keys' hashes (5 bits at a time, lowest first)."""
    if isinstance(value, dict):
        items = {k: immutable_order(v) for k, v in value.items()}
        if len(items) > IMMUTABLE_ARRAY_MAP_SIZE:
            items = {k: items[k] for k in sorted(items, key=lambda k: _trie_position(str(k)))}
        return items
    if isinstance(value, list):
        return [immutable_order(v) for v in value]
    return value


def clean(value: Any) -> Any:
    """The form's preSave handler (cms.CATALOGUE_JS): empty strings, lists and groups removed, recursively."""
    if isinstance(value, dict):
        cleaned = {k: clean(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if not _empty(v)}
    if isinstance(value, list):
        return [item for item in (clean(v) for v in value) if not _empty(item)]
    return value


def _v8_sort(items: list, compare: Callable[[Any, Any], int]) -> list:
    """Array.prototype.sort as V8 runs it on fewer than 64 items (one run, binary insertion), so that
    keys the form does not know keep the place the form gives them."""
    a = list(items)
    n = len(a)
    if n < 2:
        return a
    run = 2
    descending = compare(a[1], a[0]) < 0
    while run < n:
        order = compare(a[run], a[run - 1])
        if (descending and order >= 0) or (not descending and order < 0):
            break
        run += 1
    if descending:
        a[:run] = reversed(a[:run])
    for start in range(run, n):
        pivot = a[start]
        left, right = 0, start
        while left < right:
            mid = left + ((right - left) >> 1)
            if compare(pivot, a[mid]) < 0:
                right = mid
            else:
                left = mid + 1
        a[left + 1:start + 1] = a[left:start]
        a[left] = pivot
    return a


def form_order(data: dict, keys: list[str]) -> dict:
    """The header's fields sorted as the form sorts them (decap-cms-core `sortKeys`)."""

    def compare(a: str, b: str) -> int:
        ia = keys.index(a) if a in keys else -1
        ib = keys.index(b) if b in keys else -1
        if ia == -1 or ib == -1:
            return 0
        return (ia > ib) - (ia < ib)

    return {key: data[key] for key in _v8_sort(list(data), compare)}


def _split(text: str) -> tuple[str, str] | None:
    """(header, body) as gray-matter splits them: the body is everything after the closing fence line."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    while end != -1:
        after = text[end + 4:end + 5]
        if after in ("", "\n"):
            return text[4:end + 1], text[end + 5:]
        end = text.find("\n---", end + 4)
    return None


def format_content(text: str, model: type) -> str | None:
    """A content file in the form's style, or None when it cannot be read as one."""
    parts = _split(text)
    if parts is None:
        return None
    header, body = parts
    try:
        data = parse_yaml(header, 2).data
    except ReadError:
        return None
    if not isinstance(data, dict):
        return None
    for session in data.get("seances") or ():
        if isinstance(session, dict) and session.get("chaque") in m.WEEKDAYS:
            session["chaque"] = [session["chaque"]]  # the form's weekday field is a multiple choice: it writes a list
    entry = immutable_order({**data, "body": body})  # the form holds the body as one more field
    entry.pop("body")
    data = form_order(clean(entry), [key for key, _ in form_fields(model)])
    yaml_text = yamlstyle.dump(data).strip() if data else ""
    meta = f"---\n{yaml_text}\n---\n" if yaml_text else ""
    return meta + body


def format_yaml(text: str) -> str | None:
    """A plain YAML file (vocabulaire.yml) in the same style, keeping its opening comment block."""
    lines = text.splitlines(keepends=True)
    comments = []
    for line in lines:
        if not line.startswith("#"):
            break
        comments.append(line)
    try:
        data = parse_yaml(text).data
    except ReadError:
        return None
    if not isinstance(data, dict):
        return None
    head = "".join(comments) + ("\n" if comments else "")
    return head + yamlstyle.dump(data)


def content_files(root: Path) -> list[tuple[Path, type | None]]:
    found: list[tuple[Path, type | None]] = []
    for folder, model in FOLDERS.items():
        found += [(p, model) for p in sorted((root / folder).rglob("*.md")) if p.is_file()]
    found += [(root / name, None) for name in YAML_FILES if (root / name).is_file()]
    return found


def format_tree(root: Path, write: bool) -> list[Change]:
    """Files not in the form's style (rewritten when `write`), and files that could not be read."""
    changes = []
    for path, model in content_files(root):
        rel = path.relative_to(root).as_posix()
        try:
            text = decode(path.read_bytes())
        except (OSError, ReadError):
            changes.append(Change(rel, "illisible : lancez « make check » pour savoir pourquoi"))
            continue
        formatted = format_content(text, model) if model else format_yaml(text)
        if formatted is None:
            changes.append(Change(rel, "en-tête illisible, laissé tel quel : lancez « make check » pour savoir pourquoi"))
        elif formatted != text:
            if write:
                path.write_text(formatted, encoding="utf-8", newline="")
            changes.append(Change(rel, "remis en forme" if write else "pas dans la forme de l'éditeur en ligne"))
    return changes

