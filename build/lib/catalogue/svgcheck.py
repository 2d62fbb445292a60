"""Refuses image files that could run code or leak visits once published.

An SVG copied to the site is served from the site's own address: opened directly, a
`<script>` in it would run as the site (the page's Content-Security-Policy does not cover
it). So an SVG may hold drawing only: no script, no event handler, no embedded HTML, no
link or style that fetches something from elsewhere, no DOCTYPE (entity expansion).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

MAX_IMAGE_BYTES = 2_000_000

_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
_URL_IN_STYLE = re.compile(r"@import|url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def image_problem(data: bytes, name: str) -> str | None:
    """Why the image `name` cannot be published, in French; None when it can."""
    if len(data) > MAX_IMAGE_BYTES:
        return f"image trop lourde ({len(data) / 1e6:.1f} Mo) : au plus {MAX_IMAGE_BYTES // 1_000_000} Mo ; réduisez-la"
    if not name.lower().endswith(".svg"):
        return None
    advice = "enregistrez-la en « SVG simple » (dessin seul, sans script ni lien externe)"
    if re.search(rb"<!(?:DOCTYPE|ENTITY)", data, re.IGNORECASE):
        return f"l'image SVG contient une déclaration DOCTYPE ou ENTITY : {advice}"
    try:
        root = ET.fromstring(data)
    except (ET.ParseError, ValueError):
        return f"image SVG illisible (XML mal formé) : {advice}"
    if _local(root.tag) != "svg":
        return f"ce fichier n'est pas une image SVG (élément racine <{_local(root.tag)}>) : {advice}"
    for element in root.iter():
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag in _FORBIDDEN_ELEMENTS:
            return f"l'image SVG contient un élément <{tag}> : {advice}"
        if tag == "style" and _URL_IN_STYLE.search(element.text or ""):
            return f"l'image SVG charge une ressource externe depuis son style : {advice}"
        for attribute, value in element.attrib.items():
            attr = _local(attribute)
            if attr.startswith("on"):
                return f"l'image SVG contient un gestionnaire d'événement « {attr} » : {advice}"
            if attr == "href" and not value.strip().startswith("#"):
                return f"l'image SVG fait un lien vers « {value[:60]} » : {advice}"
            if _SCRIPT_URL.match(value) or (attr == "style" and _URL_IN_STYLE.search(value)):
                return f"l'image SVG contient une adresse interdite dans « {attr} » : {advice}"
    return None
