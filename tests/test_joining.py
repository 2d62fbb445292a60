"""The pages for a structure that wants to join: « Proposer une activité » and the partners' guide."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import pytest

from catalogue.outputs import joining
from fixtures import STRUCTURE, load_catalogue, replace, write_tree

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 25)

PARTNER = replace(replace(STRUCTURE, "nom: Le Dôme", "nom: Keolis"), "role: coordinateur", "role: partenaire\nfamille: entreprise-association")
PARTNER = replace(PARTNER, "id: le-dome-caen", "id: keolis-caen")


def entries(root: Path) -> dict[str, tuple[str, dict]]:
    return {path: (template, context) for path, template, context in joining.pages(load_catalogue(root, TODAY))}


def test_the_propose_page_names_the_coordinators_of_the_structure_files(tmp_path):
    root = write_tree(tmp_path, "small", files={"structures/keolis.md": PARTNER})
    pages = entries(root)
    template, context = pages["proposer-une-activite/index.html"]
    assert template == "propose"
    assert [s.id for s in context["coordinators"]] == ["le-dome"], "a partner is not whom a new partner writes to"
    assert context["coordinators"][0].contact.phone == "02 31 06 60 50"
    assert context["admin_url"] == "admin/"
    assert context["guide_url"] is None and "guide/index.html" not in pages, "no guide page without CONTRIBUTING.md"


def test_the_guide_is_published_when_the_repository_has_it(tmp_path):
    root = write_tree(tmp_path, "small", files={"CONTRIBUTING.md": "# Le guide\n\n## 1. Une partie\n\nDu texte.\n"})
    pages = entries(root)
    assert pages["proposer-une-activite/index.html"][1]["guide_url"] == "guide/"
    template, context = pages["guide/index.html"]
    assert template == "guide" and context["title"] == "Le guide"
    assert '<h2 id="1-une-partie">1. Une partie</h2>' in context["body"]


def test_the_guide_keeps_an_allow_list_and_github_anchors():
    title, body = joining.render_guide(
        "# Titre\n\n## Voir « ici »\n\n## Voir « ici »\n\n<script>alert(1)</script>\n"
        '<a href="javascript:alert(1)" onclick="x()">lien</a>\n\n'
        "```yaml\nnom: x\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert title == "Titre"
    # as GitHub: « and » dropped, every space a dash, a second heading alike numbered
    assert re.findall(r'<h2 id="([^"]+)">', body) == ["voir--ici-", "voir--ici--1"]
    assert "<script" not in body and "javascript:" not in body and "onclick" not in body
    assert "<pre><code>nom: x" in body and "lang=" not in body, "a code block's language is not a human language"
    assert "<table>" in body and "<td>1</td>" in body


@pytest.mark.parametrize("heading, anchor", [
    ("2. L'éditeur en ligne", "2-léditeur-en-ligne"),
    ("3.1 Créer une activité", "31-créer-une-activité"),
    ("6. Les messages et ce qu'ils veulent dire", "6-les-messages-et-ce-quils-veulent-dire"),
])
def test_heading_ids_are_those_of_the_forges(heading, anchor):
    assert joining.heading_id(heading) == anchor


def test_every_link_of_the_guides_table_of_contents_reaches_its_heading():
    _, body = joining.render_guide((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    ids = set(re.findall(r'id="([^"]+)"', body))
    targets = [unquote(t) for t in re.findall(r'href="#([^"]+)"', body)]
    assert len(targets) >= 7
    assert [t for t in targets if t not in ids] == []
