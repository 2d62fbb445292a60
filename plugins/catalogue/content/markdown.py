"""Partners' Markdown bodies: checked, then rendered to HTML reduced to an allow-list."""

from __future__ import annotations

import re
from functools import lru_cache

import cmarkgfm
import nh3
from cmarkgfm.cmark import Options as CmarkOptions
from markupsafe import Markup
from ..limits import MAX_BODY_CHARS, MAX_NESTING

_ALLOWED_TAGS = {
    "p", "br", "ul", "ol", "li", "em", "strong", "a", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "del",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}, "td": set()}



# Bodies are CommonMark with GitHub's tables and strikethrough, the dialect the form editor (Decap) writes.
# cmark-gfm renders in linear time (about 20 µs a description, 30x Python-Markdown), so no input can
# stall the build; the limits below are about what a description is, not about the renderer.
_NESTING_TAG = re.compile(r"<(/?)(?:ul|ol|blockquote)\b")
_CMARK_OPTIONS = CmarkOptions.CMARK_OPT_UNSAFE  # raw HTML reaches nh3's allow-list below, as the only filter


def markdown_problem(text: str) -> str | None:
    """Why a Markdown body cannot be published (French), or None."""
    if len(text) > MAX_BODY_CHARS:
        count, limit = (f"{n:,}".replace(",", " ") for n in (len(text), MAX_BODY_CHARS))
        return f"texte trop long ({count} caractères, au plus {limit}) : gardez l'essentiel, le détail peut aller sur le site de la structure"
    if _nesting(_render(text)) > MAX_NESTING:
        return f"mise en forme trop imbriquée (plus de {MAX_NESTING} listes dans des listes ou citations dans des citations) : simplifiez le texte"
    return None


def _nesting(html: str) -> int:
    depth = deepest = 0
    for match in _NESTING_TAG.finditer(html):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


def render_markdown(text: str) -> Markup:
    """Editors' Markdown as HTML reduced to a safe allow-list (no script, style or handlers)."""
    return _render(text or "")


# Every HTML element name: a "<" followed by anything else (« <Caen> », « <3 ») is text the editor typed,
# kept as text rather than dropped by the sanitiser as an unknown tag.
HTML_ELEMENTS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2
h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark math menu meta
meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search
section select slot small source span strong style sub summary sup svg table tbody td template textarea tfoot th
thead time title tr track u ul var video wbr center font frame frameset marquee noembed noframes plaintext strike
tt xmp applet basefont big blink acronym dir image keygen listing menuitem nobr rb rtc
""".split())
_NOT_A_TAG = re.compile(r"<(?!!--|/?(?:" + "|".join(sorted(HTML_ELEMENTS, key=len, reverse=True)) + r")(?=[\s/>]|$))", re.IGNORECASE)
_TYPED_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")
_CODE = re.compile(r"^(```|~~~).*?^\1|`+[^`]*`+", re.MULTILINE | re.DOTALL)


def removed_tags(text: str) -> list[str]:
    """The HTML tags an editor typed in a body that the site does not keep (« <div> », « <script> »), once each."""
    plain = _CODE.sub("", text or "")
    found = [m.group(1).lower() for m in _TYPED_TAG.finditer(plain)]
    return list(dict.fromkeys(t for t in found if t in HTML_ELEMENTS and t not in _ALLOWED_TAGS))


@lru_cache(maxsize=None)
def _render(text: str) -> Markup:
    html = _NOT_A_TAG.sub("&lt;", cmarkgfm.github_flavored_markdown_to_html(text, options=_CMARK_OPTIONS))
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return Markup(clean)
