"""Property-based tests (hypothesis): whatever a partner does to a valid file, no crash (issue 9).

Mutations of the small valid tree (tests/fixtures/trees/small/): delete a key or a line, change a
value's type, truncate, insert random bytes, insert random Unicode (right-to-left marks,
zero-width characters, emoji, line separators), swap dates or times, duplicate ids, duplicate
or re-indent lines. For every example, `load()` either returns a catalogue or problems whose
text names a file of the repository, in French, and never raises. For fewer examples, the
real command line builds over a previous good build: exit 0, or exit 1 with a French message
and the output folder byte-identical to the previous build; never a traceback.

Runs are reproducible: derandomized, no example database, no deadline.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.content.load import load
from fixtures import ACTIVITY, BADGE, STRUCTURE, VOCABULARY, write_tree

ROOT = Path(__file__).parents[1]
TODAY = date(2026, 11, 25)
ACT = "activities/le-dome/fablab-ouvert.md"
FILES = {"structures/le-dome.md": STRUCTURE, ACT: ACTIVITY, "badges/fabriquer.md": BADGE, "vocabulaire.yml": VOCABULARY}

REPRODUCIBLE = dict(derandomize=True, database=None, deadline=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# English from pydantic, PyYAML or Python leaking to editors.
ENGLISH = re.compile(r"Input should|Field required|Value error|Keys should|validation error|Traceback|"
                     r"Extra inputs|Unable to|object has no|Error:|Exception", re.IGNORECASE)

SPECIAL = ["\u200f", "\u200e", "\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
           "\u00a0", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\t", "\r", "\r\n", "🎉", "👩🏽‍🔧", "🇫🇷", "e\u0301",
           "\u0301", "İ", "ß", "ﬁ", "Ⅻ", "٣", "𝟘", "'", '"', ":", ": ", "#", " #", "&", "*", "!", "|", ">", "%", "@", "`",
           "{", "}", "[", "]", ",", "- ", "?", "\\", "---", "...", "\n", "<script>", "&amp;", "2026-02-30", "25:00"]
TEXT = st.lists(st.one_of(st.characters(codec="utf-8"), st.sampled_from(SPECIAL)), max_size=12).map("".join)
VALUES = st.one_of(
    st.sampled_from(["123", "-1", "0", "1.5", "1e999", ".nan", "true", "false", "null", "~", "[]", "{}", '""', "''",
                     "[a, b]", "{a: 1}", '"14:00"', "14:00", "2026-02-30", "9999-12-31", "0001-01-01", "oui", "non",
                     "- x", "|\n  bloc", ">", "!!str x", "&a x", "*a", '"\\u0000"', '"\\x85"', "0x1F", "0o17", "1_000",
                     "+33 6 12 34 56 78", "https://", "javascript:alert(1)", "../..", "/etc/passwd", "[[[[[[", "{{{{"]),
    TEXT.map(lambda t: json.dumps(t, ensure_ascii=False)),
    TEXT,
)


def _key_lines(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if re.match(r"^\s*(?:- )?[a-z_]+:", line)]


@st.composite
def mutation(draw, text: str):
    """One change to one file's text; returns str or bytes."""
    kind = draw(st.sampled_from(["delete key", "delete line", "change type", "truncate", "insert bytes", "insert unicode",
                                 "unicode value", "swap", "duplicate line", "indent", "replace line"]))
    lines = text.split("\n")
    keys = _key_lines(lines) or [0]
    if kind == "delete key":
        start = draw(st.sampled_from(keys))
        indent = len(lines[start]) - len(lines[start].lstrip(" -"))
        end = start + 1
        while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip(" ")) > indent:
            end += 1
        return "\n".join(lines[:start] + lines[end:])
    if kind == "delete line":
        index = draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[:index] + lines[index + 1:])
    if kind in ("change type", "unicode value"):
        index = draw(st.sampled_from(keys))
        key = lines[index].split(":", 1)[0]
        value = draw(VALUES) if kind == "change type" else json.dumps(draw(TEXT), ensure_ascii=False)
        lines[index] = f"{key}: {value}"
        return "\n".join(lines)
    if kind == "truncate":
        return text[: draw(st.integers(0, len(text)))]
    if kind == "insert bytes":
        raw = text.encode("utf-8")
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if kind == "insert unicode":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(TEXT) + text[at:]
    if kind == "swap":
        pairs = [(a, b) for a, b in (("du", "au"), ("debut", "fin"), ("date", "debut"), ("date", "au"), ("lat", "lon"))
                 if re.search(rf"\b{a}: ", text) and re.search(rf"\b{b}: ", text)]
        if not pairs:
            return text
        a, b = draw(st.sampled_from(pairs))
        va = re.search(rf"\b{a}: ([^,}}\n]*)", text).group(1)
        vb = re.search(rf"\b{b}: ([^,}}\n]*)", text).group(1)
        text = re.sub(rf"\b{a}: [^,}}\n]*", f"{a}: \x00", text, count=1)
        text = re.sub(rf"\b{b}: [^,}}\n]*", lambda m: f"{b}: {va}", text, count=1)
        return text.replace("\x00", vb, 1)
    if kind == "duplicate line":
        index = draw(st.integers(0, len(lines) - 1))
        return "\n".join(lines[: index + 1] + lines[index:])
    if kind == "indent":
        index = draw(st.integers(0, len(lines) - 1))
        lines[index] = draw(st.sampled_from(["", " ", "  ", "    ", "\t"])) + lines[index].lstrip(" ")
        return "\n".join(lines)
    index = draw(st.integers(0, len(lines) - 1))
    lines[index] = draw(TEXT)
    return "\n".join(lines)


DUPLICATES = {
    "activity id in another structure": {"activities/autre/fablab-ouvert.md": ACTIVITY.replace("structure: le-dome", "structure: autre")},
    "same place id in two structures": {"structures/autre.md": STRUCTURE.replace("Le Dôme", "Autre")},
    "same badge twice": {"badges/fabriquer-2.md": BADGE},
    "id differing by case": {"badges/Fabriquer.md": BADGE},
    "two places with one id": {"structures/le-dome.md": STRUCTURE.replace("lieux:\n", "lieux:\n  - id: le-dome-caen\n    nom: X\n"
                                                                              "    adresse: Y\n    code_postal: \"14000\"\n    commune: caen\n"
                                                                              "    accessibilite: {fauteuil: false}\n")},
}


@st.composite
def mutated_tree(draw):
    """(files to write over the minimal tree, names of the files changed)."""
    files: dict[str, str | bytes] = {}
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(sorted(FILES)))
        current = files.get(name, FILES[name])
        if isinstance(current, bytes):
            continue
        files[name] = draw(mutation(current))
    if draw(st.integers(0, 9)) == 0:
        files.update(DUPLICATES[draw(st.sampled_from(sorted(DUPLICATES)))])
    return files


def check_problems(root: Path, problems, warnings) -> None:
    for problem in [*problems, *warnings]:
        text = str(problem)
        assert text.startswith(f"{problem.path}:"), text
        assert (root / problem.path).exists() or problem.path == "vocabulaire.yml", f"names no file of the repository: {text}"
        assert not ENGLISH.search(text), f"not French: {text}"
        assert "YAML mal formé (" not in text, f"a YAML error without its French hint (frontmatter._YAML_HINTS): {text}"
        assert problem.message.strip(), text


@settings(max_examples=400, **REPRODUCIBLE)
@given(mutated_tree())
def test_load_never_raises_and_names_the_file(files):
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder), "small", files=files)
        catalogue, problems, warnings = load(root, TODAY)
        if catalogue is None:
            assert problems, "no catalogue and no problem"
        else:
            assert problems == []
        check_problems(root, problems, warnings)


@settings(max_examples=150, **REPRODUCIBLE)
@given(st.sampled_from(sorted(FILES)), TEXT, st.integers(0, 10_000))
def test_random_unicode_in_any_value_is_kept_or_refused_in_french(name, text, where):
    """RTL marks, zero-width characters, emoji… typed as a quoted value: kept as typed, or a located error."""
    lines = FILES[name].split("\n")
    keys = _key_lines(lines)
    index = keys[where % len(keys)]
    key = lines[index].split(":", 1)[0]
    lines[index] = f"{key}: {json.dumps(text, ensure_ascii=False)}"
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder), "small", files={name: "\n".join(lines)})
        catalogue, problems, warnings = load(root, TODAY)
        check_problems(root, problems, warnings)
        if catalogue is not None and key.strip() == "titre":
            assert catalogue.activities["fablab-ouvert"].title == text.strip()


# ---- the real command line, over a previous good build ---------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(root: Path, output: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "SOURCE_DATE_EPOCH": "1795564800"}
    return subprocess.run(
        [sys.executable, "-m", "catalogue", "--root", str(root), "build", "--output", str(output), "--settings", str(ROOT / "pelicanconf.py")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )


def prepare(root: Path, files: dict) -> Path:
    write_tree(root, "small", repo=["content"], files=files)  # free pages: a symlink out of the repository is refused
    if not (root / "theme").exists():
        (root / "theme").symlink_to(ROOT / "theme")
    return root


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("good")
    output = base / "output"
    result = run_build(prepare(base / "repo", {}), output)
    assert result.returncode == 0, result.stderr
    return output


@settings(max_examples=14, **REPRODUCIBLE)
@given(files=mutated_tree())
def test_build_keeps_the_previous_site_or_builds(good_build, files):
    before = digest(good_build)
    with tempfile.TemporaryDirectory() as folder:
        root = prepare(Path(folder) / "repo", files)
        output = Path(folder) / "output"
        shutil.copytree(good_build, output)
        result = run_build(root, output)
        assert "Traceback" not in result.stderr + result.stdout
        assert result.returncode in (0, 1), f"exit {result.returncode}: {result.stderr[-2000:]}"
        if result.returncode == 1:
            assert "erreur(s) de contenu" in result.stderr and "n'a pas changé" in result.stderr, result.stderr[-2000:]
            named = {line.split(":", 1)[0] for line in result.stderr.splitlines() if re.match(r"^[\w./ -]+\.(md|yml|svg)(?::|$)", line)}
            assert named, result.stderr[-2000:]
            assert not ENGLISH.search(result.stderr), result.stderr[-2000:]
            assert digest(output) == before, "the previous good build changed"
            assert not [p for p in output.parent.iterdir() if p.name.startswith(".output.")], "temporary folder left"
        else:
            assert (output / "index.html").is_file()
