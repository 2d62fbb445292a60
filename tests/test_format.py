"""`catalogue format` writes content files as the form editor writes them, so that a form edit of one
field is a one-line diff: checked against the real Decap CMS, through its test backend, in Chromium."""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalogue.outputs import decap
from catalogue.outputs import admin as admin_writer
from catalogue.tools import vendor
from catalogue.tools import formatting
from catalogue.content.frontmatter import parse_yaml
from catalogue.content.load import load
from conftest import catalogue_env
from fixtures import SHIPPED, write_tree

ROOT = Path(__file__).parents[1]
COLLECTIONS = {"activities": "activites", "structures": "structures", "badges": "badges"}

# Decap's test backend lists the files next to an entry as media (activities sit in their structure's
# folder), and chokes on them as it expects uploaded files: read them as "no media" instead.
TEST_BACKEND_MEDIA = """
;(function () {
  var backend = window.CMS.getBackend("test-repo"), init = backend.init;
  backend.init = function () {
    var instance = init.apply(null, arguments), getMedia = instance.getMedia.bind(instance);
    instance.getMedia = function (folder) {
      try { return getMedia(folder); } catch (error) { return Promise.resolve([]); }
    };
    return instance;
  };
})();
"""


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalogue", *args], cwd=cwd, env=catalogue_env(),
                          capture_output=True, text=True, timeout=300)


def test_shipped_content_is_in_the_form_style():
    proc = run("format", "--check")
    assert proc.returncode == 0, proc.stderr
    assert "Tous les fichiers de contenu sont dans la forme" in proc.stdout


@pytest.fixture
def tree(tmp_path) -> Path:
    return write_tree(tmp_path / "depot", repo=[*SHIPPED, "content"])


def test_a_hand_edit_is_reported_then_rewritten_without_changing_the_content(tree):
    path = tree / "activities/le-dome/fablab-ouvert.md"
    text = path.read_text(encoding="utf-8")
    hand = text.replace("categories:\n  - fablab\n", "categories: [fablab]   # à la main\n")
    hand = hand.replace("---\n", "---\n# un commentaire\n", 1)
    assert hand != text
    path.write_text(hand, encoding="utf-8")
    before = load(tree)[0]
    proc = run("--root", str(tree), "format", "--check")
    assert proc.returncode == 1
    assert "activities/le-dome/fablab-ouvert.md: pas dans la forme de l'éditeur en ligne" in proc.stderr
    assert "lancez « make format »" in proc.stderr and "Traceback" not in proc.stderr
    assert run("--root", str(tree), "format").returncode == 0
    assert path.read_text(encoding="utf-8") == text
    after = load(tree)[0]
    assert after.activities == before.activities and after.sessions == before.sessions
    assert run("--root", str(tree), "format", "--check").returncode == 0


def test_an_unreadable_header_is_left_alone(tree):
    path = tree / "badges/fabriquer-au-fablab.md"
    broken = path.read_text(encoding="utf-8").replace("nom:", "nom: [", 1)
    path.write_text(broken, encoding="utf-8")
    proc = run("--root", str(tree), "format")
    assert "badges/fabriquer-au-fablab.md: en-tête illisible, laissé tel quel" in proc.stdout
    assert path.read_text(encoding="utf-8") == broken


def test_the_body_is_kept_byte_for_byte():
    text = "---\ntitre: [a]\n---\n\n  Texte *avec*   espaces  \n\n---\nfin sans retour"
    out = formatting.format_content(text, decap.m.Activity)
    assert out == "---\ntitre:\n  - a\n---\n\n  Texte *avec*   espaces  \n\n---\nfin sans retour"


# ---- against the real form editor --------------------------------------------------------------------

TRICKY = {
    "titre": "Atelier « Réparer » : vélos, #outils et 'astuces' – niveau 1",
    "tarif": "2 € la séance, 10 € les 6 : payable sur place # en espèces",
    "a_apporter": 'Des "vieux" vêtements, un sac : 14:00 pile. 🚲 Et une gourde réutilisable pour la pause.',
    "resume_facile": "- Vous venez.\n  Vous réparez votre vélo avec nous.\n\nC'est gratuit : 100 % gratuit, même le café ☕ et les rustines 🚲🚲.",
}


def _repo_files(files: dict[str, str]) -> dict:
    tree: dict = {}
    for path, content in files.items():
        node = tree
        *folders, name = path.split("/")
        for folder in folders:
            node = node.setdefault(folder, {})
        node[name] = {"content": content, "path": path}
    return tree


@pytest.fixture(scope="module")
def test_backend_site(tmp_path_factory) -> Path:
    try:
        vendor.vendor_editor()
    except admin_writer.EditorUnavailable as exc:
        pytest.fail(f"éditeur en ligne indisponible : {exc}")
    output = tmp_path_factory.mktemp("site-test-backend") / "output"
    proc = subprocess.run([sys.executable, "-m", "catalogue", "build", "--output", str(output)], cwd=ROOT,
                          env=catalogue_env(CMS_BACKEND="test-repo"), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    with (output / "admin/decap-cms.js").open("a", encoding="utf-8") as handle:
        handle.write(TEST_BACKEND_MEDIA)
    return output


def save_through_the_form(site: Path, page_factory, files: dict[str, str], edits: list[tuple[str, str, str]]) -> dict:
    """Open each (path, field, text to type at its end) in the form, type, save; return what the form wrote."""
    from helpers import serve_directory

    written = {}
    with serve_directory(site) as base_url:
        page = page_factory(width=1280, height=1600)
        page.context.add_init_script("window.repoFiles = " + json.dumps(_repo_files(files)) + ";")
        page.goto(base_url + "admin/")
        page.get_by_role("button", name="Se connecter").click()
        page.get_by_text("Collections").first.wait_for(timeout=30_000)
        for path, field, typed in edits:
            top, rest = path.split("/", 1)
            page.goto("about:blank")
            page.goto(base_url + f"admin/#/collections/{COLLECTIONS[top]}/entries/{rest.removesuffix('.md')}")
            box = page.locator(f"[id^='{field}-field']").first
            box.wait_for(timeout=30_000)
            box.press("End")
            page.keyboard.type(typed)
            page.get_by_role("button", name="Enregistrer").click()
            page.wait_for_function("p => Object.values(window.repoFilesUnpublished).some(e => e.diffs.some(d => d.path === p))",
                                   arg=path, timeout=30_000)
            saved = page.evaluate("Object.values(Object.fromEntries(Object.entries(window.repoFilesUnpublished)))")
            written[path] = next(d["content"] for e in saved for d in e["diffs"] if d["path"] == path)
            page.evaluate("window.repoFilesUnpublished = []")
        assert [e for e in page.console_errors if "404" not in e] == []
    return written


def changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]


@pytest.mark.slow
def test_a_form_edit_of_one_field_is_a_one_line_diff(test_backend_site, page_factory):
    paths = ["activities/le-dome/fablab-ouvert.md", "activities/cap-sport/randonnee-vallee-de-l-odon.md",
             "structures/le-dome.md", "badges/fabriquer-au-fablab.md"]
    files = {p: (ROOT / p).read_text(encoding="utf-8") for p in paths}
    edits = [(p, "titre" if p.startswith("activities/") else "nom", " bis") for p in paths]
    written = save_through_the_form(test_backend_site, page_factory, files, edits)
    for path, (_, field, typed) in zip(paths, edits):
        diff = changed_lines(files[path], written[path])
        assert len([d for d in diff if d.startswith("-")]) == 1 and len([d for d in diff if d.startswith("+")]) == 1, (
            path, diff)
        assert diff[1].endswith(typed) and diff[1][2:].startswith(f"{field}: "), diff


@pytest.mark.slow
def test_format_writes_what_the_form_writes_for_hard_values(test_backend_site, page_factory):
    """Quotes, colons, « # », emoji (two UTF-16 units), long and multi-line text: the form's output is
    exactly what `catalogue format` writes for the same data."""
    path = "activities/le-dome/fablab-ouvert.md"
    header, body = (ROOT / path).read_text(encoding="utf-8").split("\n---\n", 1)
    data = parse_yaml(header.removeprefix("---\n"), 2).data
    data.update(TRICKY)
    data["gratuit"] = False
    hand = "---\n" + json.dumps(data, ensure_ascii=False, indent=1) + "\n---\n" + body  # JSON is YAML: far from the style
    written = save_through_the_form(test_backend_site, page_factory, {path: hand}, [(path, "titre", " bis")])[path]
    data["titre"] += " bis"
    expected = formatting.format_content("---\n" + json.dumps(data, ensure_ascii=False) + "\n---\n" + body, decap.m.Activity)
    assert written == expected, "".join(difflib.unified_diff(expected.splitlines(True), written.splitlines(True),
                                                             "catalogue format", "éditeur en ligne"))
    assert formatting.format_content(written, decap.m.Activity) == written
    assert parse_yaml(written.split("\n---\n")[0].removeprefix("---\n"), 2).data == data
