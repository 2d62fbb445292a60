"""`make diff --format markdown` quotes partners' words as text (issue 13).

The pull-request summary is rendered the way GitHub renders a comment: cmark-gfm (cmarkgfm, the
library GitHub publishes) with raw HTML let through, as GitHub does before its sanitiser. A
hostile title, place or reason must show as exactly its text: it may not open an HTML element
or comment that hides the cancellations after it, make a link, a code block or a table, or
mention someone.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from catalogue.tools.diff import render_markdown, summarise
from fixtures import ACTIVITY, replace, write_tree

TODAY = date(2026, 11, 25)
ACT = "activities/le-dome/fablab-ouvert.md"
OUR_TAGS = {"h2", "h3", "p", "ul", "li", "strong", "code", "del", "pre", "details", "summary"}

HOSTILE = [
    "<details><summary>Rien à voir</summary>",
    "</details>",
    "Atelier <!-- caché",
    "Atelier ``` code",
    "Atelier ` code",
    "Atelier | a | b |",
    "**Gras** et _italique_ et ~~barré~~",
    "[Cliquez ici](javascript:alert(1))",
    "![image](https://autre-site.example/pixel.png)",
    "Merci @ledome-admin et @github/security",
    "Voir #12 et !3",
    "<img src=x onerror=alert(1)>",
    "&lt;details&gt; &amp; &#60;b&#62;",
    "Atelier \\ antislash \\* étoile",
    "https://autre-site.example/piege et www.autre-site.example",
    "Formule $x^2$ et :smile:",
]


class Page(HTMLParser):
    """Tags, comments and visible text of rendered HTML."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.comments: list[str] = []
        self.text: list[str] = []
        self.outside_details: list[str] = []
        self.depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.depth += tag == "details"

    def handle_endtag(self, tag):
        self.depth -= tag == "details"

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        self.text.append(data)
        if not self.depth:
            self.outside_details.append(data)


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    "-c", "commit.gpgsign=false", *args], capture_output=True, check=True)


def rendered_summary(tmp_path: Path, title: str, reason: str) -> tuple[str, Page]:
    root = write_tree(tmp_path / "depot", "small")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    text = replace(ACTIVITY, "titre: Fablab ouvert", f"titre: {json.dumps(title)}")
    text = replace(text, '    fin: "16:00"\n  - chaque', f'    fin: "16:00"\n    annulation: {json.dumps(reason)}\n  - chaque')
    text = replace(text, "    sauf: [2026-12-22, 2026-12-29]", "    sauf: [2026-12-15, 2026-12-22, 2026-12-29]")
    (root / ACT).write_text(text, encoding="utf-8")
    summary = summarise(root, "main", TODAY)
    assert summary.computed, [str(p) for p in summary.errors]
    markdown = render_markdown(summary)
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    return markdown, Page(html)


def visible(page: Page) -> str:
    return "".join(page.text).replace("\u200b", "")


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_title_or_reason_renders_as_text_and_hides_nothing(tmp_path, hostile):
    markdown, page = rendered_summary(tmp_path, f"Fablab {hostile}", f"Salle fermée {hostile}")
    tags = [tag for tag, _ in page.tags]
    assert set(tags) <= OUR_TAGS, tags
    assert tags.count("details") == markdown.count("<details><summary>⚠️")
    assert page.comments == [" catalogue:resume-des-changements "]
    text = visible(page)
    assert f"Fablab {hostile}" in text and f"(motif : Salle fermée {hostile})" in text
    assert text.count("annulée") >= 1 and "retirée" in text and "En tout : 0 ajoutée, 0 déplacée, 1 annulée" in text
    items = [data for data in page.text if "annulée" in data or "retirée" in data]
    assert items, page.text
    assert not any(tag == "a" for tag, _ in page.tags)
    raw_text = "".join(page.text)
    for mention in ("@ledome-admin", "@github", "#12", "!3"):
        assert mention not in raw_text  # broken by a zero-width space: nobody is notified, nothing is linked


def test_cancellations_stay_outside_any_collapsed_block(tmp_path):
    _, page = rendered_summary(tmp_path, "<details><summary>Voir</summary>", "</details><details>")
    shown = "".join(page.outside_details)  # what a reviewer sees without unfolding anything
    assert "annulée" in shown and "jeudi 3 décembre 2026" in shown and "retirée" in shown
    assert "<details><summary>Voir</summary>" in shown and "</details><details>" in shown
