"""The pages for a structure that wants to join: « Proposer une activité / Devenir partenaire », and the
partners' guide (CONTRIBUTING.md) published on the site, so that a partner without a forge account can
read it.

Pure: from the catalogue to `(path, template, context)` entries that pages.plan renders. The
coordination's contacts come from the structure files (role `coordinateur`), never from this code.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any
from urllib.parse import unquote

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options as CmarkOptions
from markupsafe import Markup

from ..content.french import sort_key
from ..content.load import Catalogue
from ..content.model import Structure
from .urls import ADMIN_URL, GUIDE_URL, PROPOSE_URL, page_path

GUIDE_FILE = "CONTRIBUTING.md"
# The guide is the project's own text, not a partner's: GitHub's Markdown with its tables and code,
# still reduced to an allow-list (the same tags as descriptions, plus the headings' ids made here).
_GUIDE_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "a", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr",
}
_HEADING = re.compile(r"<h([2-6])>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_FRAGMENT_LINK = re.compile(r'href="#([^"]*)"')


def coordinators(catalogue: Catalogue) -> list[Structure]:
    """The consortium's coordinating structures, by name: whom a new partner writes to."""
    found = [s for s in catalogue.structures.values() if s.role == "coordinateur"]
    return sorted(found, key=lambda s: sort_key(s.name))


def heading_id(text: str) -> str:
    """The anchor GitHub and GitLab give a heading, so that the guide's own table of contents works here.

    >>> heading_id("2. L'éditeur en ligne"), heading_id("3.1 Créer une activité")
    ('2-léditeur-en-ligne', '31-créer-une-activité')
    """
    kept = "".join(c for c in unicodedata.normalize("NFC", text.strip().lower())
                   if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def render_guide(text: str) -> tuple[str, Markup]:
    """The guide's title (its first `# ` line) and its body as sanitised HTML with heading anchors."""
    lines = text.splitlines()
    title = ""
    if lines and lines[0].startswith("# "):
        title, lines = lines[0][2:].strip(), lines[1:]
    # GitHub's extensions without its `<pre lang="yaml">`: a code block's language is not a human language
    rendered = cmarkgfm.markdown_to_html_with_extensions(
        "\n".join(lines), options=CmarkOptions.CMARK_OPT_DEFAULT, extensions=["table", "autolink", "strikethrough"])
    clean = nh3.clean(rendered, tags=_GUIDE_TAGS, attributes={"a": {"href"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer", strip_comments=True)
    seen: dict[str, int] = {}

    def anchor(match: re.Match) -> str:
        base = heading_id(html.unescape(_TAG.sub("", match.group(2))))
        count = seen.get(base, 0)
        seen[base] = count + 1
        ident = base if not count else f"{base}-{count}"
        return f'<h{match.group(1)} id="{html.escape(ident)}">{match.group(2)}</h{match.group(1)}>'

    # cmark percent-encodes « é » in `#2-léditeur-en-ligne`: written as the id is, the link matches it as text too
    linked = _FRAGMENT_LINK.sub(lambda m: f'href="#{html.escape(unquote(html.unescape(m.group(1))))}"', clean)
    return title, Markup(_HEADING.sub(anchor, linked))


def pages(catalogue: Catalogue) -> list[tuple[str, str, dict[str, Any]]]:
    """The « Proposer une activité » page, and the guide's page when the repository has its guide."""
    guide = catalogue.root / GUIDE_FILE
    has_guide = guide.is_file()
    entries = [(page_path(PROPOSE_URL), "propose", {
        "coordinators": coordinators(catalogue),
        "guide_url": GUIDE_URL if has_guide else None,
        "admin_url": ADMIN_URL,
    })]
    if has_guide:
        title, body = render_guide(guide.read_text(encoding="utf-8"))
        entries.append((page_path(GUIDE_URL), "guide", {"title": title or "Le guide des structures", "body": body}))
    return entries
