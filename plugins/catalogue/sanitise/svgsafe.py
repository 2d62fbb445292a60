"""A partner's SVG rebuilt from an allow-list before it is published.

An SVG is served from the site's own address: opened directly, anything in it that runs
(script, XHTML elements, XSL, animations setting a link) runs as the site, and anything that
fetches (`url(...)`, external `href`) tells another host who looks at it. So the partner's
bytes are never published: the file is parsed (lxml, no DTD, no entities, no network), and a
new document is written holding only SVG-namespace drawing elements, known attributes with
checked values, local `#id` references, and CSS rewritten by csssafe. What was dropped is
listed (with its line) so that `make check` can warn about a visible change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from .csssafe import LOCAL_ID, PROPERTIES, clean_declarations, clean_stylesheet, clean_value

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Drawing-editor bookkeeping: dropping it changes nothing a visitor sees or a browser does.
EDITOR_NAMESPACES = frozenset({
    "http://www.inkscape.org/namespaces/inkscape", "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://purl.org/dc/elements/1.1/", "http://creativecommons.org/ns#",
    "http://ns.adobe.com/AdobeIllustrator/10.0/", "http://ns.adobe.com/Extensibility/1.0/", "http://ns.adobe.com/Graphs/1.0/",
    "http://ns.adobe.com/SaveForWeb/1.0/", "http://ns.adobe.com/Variables/1.0/", "http://ns.adobe.com/ImageReplacement/1.0/",
    "http://ns.adobe.com/GenericCustomNamespace/1.0/", "http://ns.adobe.com/XPath/1.0/", "http://www.bohemiancoding.com/sketch/ns",
    "http://www.serif.com/",
})
FILTER_PRIMITIVES = frozenset({
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight", "feSpecularLighting",
    "feSpotLight", "feTile", "feTurbulence",
})
ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "symbol", "use", "switch", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "pattern",
    "clipPath", "mask", "marker", "filter", "style",
}) | FILTER_PRIMITIVES
INVISIBLE_ELEMENTS = frozenset({"metadata"})
TEXT_ELEMENTS = frozenset({"title", "desc", "text", "tspan", "textPath"})
HREF_ELEMENTS = frozenset({"use", "textPath", "linearGradient", "radialGradient", "pattern", "filter"})
# Attributes holding text that no browser reads as an address or as CSS.
TEXT_ATTRIBUTES = frozenset({"id", "class", "role", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden",
                             "lang", "systemLanguage"})
GEOMETRY_ATTRIBUTES = frozenset({
    "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr",
    "d", "points", "pathLength", "transform", "gradientTransform", "gradientUnits", "patternUnits",
    "patternContentUnits", "patternTransform", "spreadMethod", "offset", "clipPathUnits", "maskUnits",
    "maskContentUnits", "markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient",
    "preserveAspectRatio", "filterUnits", "primitiveUnits", "dx", "dy", "rotate", "textLength", "lengthAdjust",
    "startOffset", "method", "spacing", "side", "version", "baseProfile",
    "in", "in2", "result", "stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4", "type", "values",
    "tableValues", "slope", "intercept", "amplitude", "exponent", "baseFrequency", "numOctaves", "seed",
    "stitchTiles", "scale", "xChannelSelector", "yChannelSelector", "order", "kernelMatrix", "divisor", "bias",
    "targetX", "targetY", "edgeMode", "kernelUnitLength", "preserveAlpha", "surfaceScale", "diffuseConstant",
    "specularConstant", "specularExponent", "azimuth", "elevation", "z", "pointsAtX", "pointsAtY", "pointsAtZ",
    "limitingConeAngle", "radius",
})
# Plain numbers, lengths, keywords and transform lists: no escape, no quote, no address.
_GEOMETRY_VALUE = re.compile(r"[A-Za-z0-9\s.,;:+\-#%()_]*")
_TRANSFORM_FUNCTION = re.compile(r"([A-Za-z-]+)\s*\(")
TRANSFORM_FUNCTIONS = frozenset({"matrix", "translate", "scale", "rotate", "skewX", "skewY"})
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
VIEW_BOX = re.compile(rf"\s*({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})[\s,]+({_NUMBER})\s*")
LENGTH = re.compile(rf"\s*({_NUMBER})\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*")
MAX_DEPTH = 100


class SvgRefused(ValueError):
    """The file is not an SVG that can be rebuilt; `line` is where the reader stopped."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Dropped:
    """Something that would have rendered or acted, left out of the published image."""

    line: int
    what: str


@dataclass(frozen=True)
class CleanSvg:
    data: bytes
    dropped: tuple[Dropped, ...]


_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                       huge_tree=False, remove_comments=True, remove_pis=False, strip_cdata=True)


def _name(qname: str) -> tuple[str | None, str]:
    """`{namespace}local` (lxml's form) -> (namespace, local)."""
    if qname[:1] == "{":
        namespace, _, local = qname[1:].partition("}")
        return namespace, local
    return None, qname


def _shown(namespace: str | None, local: str, prefix: str | None = None) -> str:
    """How the editor wrote the name: `script`, `html:frame`, `xsl:element`."""
    if namespace in (None, SVG_NS):
        return local
    known = {XLINK_NS: "xlink", XML_NS: "xml", "http://www.w3.org/1999/xhtml": "html"}
    return f"{prefix or known.get(namespace, 'inconnu')}:{local}"


def _parse(data: bytes) -> etree._Element:
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        line = data[:data.upper().find(b"<!")].count(b"\n") + 1
        raise SvgRefused(line, "déclaration DOCTYPE ou ENTITY interdite dans une image SVG")
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        raise SvgRefused(line, f"XML mal formé ({exc.msg.split(', line')[0]})") from None
    if root.getroottree().docinfo.doctype:
        raise SvgRefused(1, "déclaration DOCTYPE interdite dans une image SVG")
    namespace, local = _name(root.tag)
    if (namespace, local) != (SVG_NS, "svg"):
        where = "" if namespace == SVG_NS else f" dans l'espace de noms « {namespace or 'aucun'} »"
        raise SvgRefused(_Lines(data).of_tag(root), f"ce fichier n'est pas une image SVG (élément racine <{local}>{where}, "
                                               f"attendu <svg xmlns=\"{SVG_NS}\">)")
    return root


def _attribute(element_local: str, namespace: str | None, local: str, value: str) -> tuple[str | None, str | None]:
    """(value to write, None), (None, None) for an invisible drop, or (None, why) for a visible one."""
    if namespace in EDITOR_NAMESPACES:
        return None, None
    if element_local == "a" and local in ("href", "target", "download", "ping", "rel", "referrerpolicy", "hreflang", "type"):
        return None, None
    if local == "href" and namespace in (None, XLINK_NS):
        if element_local in HREF_ELEMENTS and LOCAL_ID.fullmatch(value.strip()):
            return value.strip(), None
        return None, f"lien « {value.strip()[:60]} » (seuls les liens internes #id sont gardés)"
    if element_local == "style" and local == "type" and namespace is None:
        return (value, None) if value.strip().lower() == "text/css" else (None, f"type « {value[:40]} »")
    if namespace == XML_NS and local in ("space", "lang"):
        return value, None
    if namespace is not None:
        return None, "attribut d'un autre espace de noms"
    if local.lower().startswith("on"):
        return None, "gestionnaire d'événement"
    if local in TEXT_ATTRIBUTES:
        return value, None
    if local.startswith("data-"):
        return None, None
    if local in PROPERTIES:
        return clean_value(value)
    if local in GEOMETRY_ATTRIBUTES:
        functions = set(_TRANSFORM_FUNCTION.findall(value))
        if not _GEOMETRY_VALUE.fullmatch(value) or "url" in value.lower() or not functions <= TRANSFORM_FUNCTIONS:
            return None, f"valeur « {value[:60]} »"
        if local == "viewBox" and element_local == "svg" and not _valid_view_box(value):
            return None, f"viewBox illisible « {value[:40]} » (attendu quatre nombres, largeur et hauteur positives)"
        if local in ("width", "height") and element_local == "svg" and not LENGTH.fullmatch(value):
            return None, f"{local} illisible « {value[:40]} » (attendu un nombre, comme 200)"
        return value, None
    return None, "attribut non autorisé"


def _valid_view_box(value: str) -> bool:
    match = VIEW_BOX.fullmatch(value)
    return bool(match) and float(match.group(3)) > 0 and float(match.group(4)) > 0


class _Lines:
    """Where a start tag or one of its attributes begins: lxml gives the line where the tag ends."""

    LOOK_BACK = 200

    def __init__(self, data: bytes) -> None:
        self.lines = data.decode("utf-8", "replace").splitlines()

    def find(self, end_line: int | None, pattern: str) -> int:
        end = min(end_line or 1, len(self.lines))
        wanted = re.compile(pattern)
        for number in range(end, max(0, end - self.LOOK_BACK), -1):
            if wanted.search(self.lines[number - 1]):
                return number
        return end or 1

    def of_tag(self, element: etree._Element) -> int:
        return self.find(element.sourceline, rf"<(?:[\w.-]+:)?{re.escape(_name(element.tag)[1])}(?![\w.:-])")

    def of_attribute(self, element: etree._Element, local: str) -> int:
        return self.find(element.sourceline, rf"(?:^|\s)(?:[\w.-]+:)?{re.escape(local)}\s*=")


class _Rebuilder:
    def __init__(self, lines: _Lines) -> None:
        self.dropped: list[Dropped] = []
        self.uses_xlink = False
        self.lines = lines

    def drop(self, line: int | None, what: str) -> None:
        self.dropped.append(Dropped(line or 1, what))

    def element(self, source: etree._Element, parent: etree._Element | None, depth: int) -> etree._Element | None:
        namespace, local = _name(source.tag)
        line = self.lines.of_tag(source)
        if namespace in EDITOR_NAMESPACES or (namespace == SVG_NS and local in INVISIBLE_ELEMENTS):
            return None
        if namespace == SVG_NS and local == "a":
            self.drop(line, "lien <a> (son contenu est gardé, sans le lien)")
            local = "g"
        if namespace != SVG_NS or local not in ELEMENTS:
            kind = "élément" if namespace == SVG_NS else "élément hors SVG"
            self.drop(line, f"{kind} <{_shown(namespace, local, source.prefix)}> et son contenu")
            return None
        if depth > MAX_DEPTH:
            self.drop(line, f"éléments imbriqués sur plus de {MAX_DEPTH} niveaux")
            return None
        copy = etree.Element(f"{{{SVG_NS}}}{local}", nsmap={None: SVG_NS}) if parent is None else \
            etree.SubElement(parent, f"{{{SVG_NS}}}{local}")
        for qname, value in source.attrib.items():
            attr_ns, attr_local = _name(qname)
            if attr_local == "style" and attr_ns is None:
                kept, lost = clean_declarations(value)
                for what in lost:
                    self.drop(self.lines.of_attribute(source, "style"), f"style {what} sur <{local}>")
                if kept:
                    copy.set("style", kept)
                continue
            kept, why = _attribute(_name(source.tag)[1], attr_ns, attr_local, value)
            if kept is not None:
                copy.set(qname if attr_ns in (XLINK_NS, XML_NS) else attr_local, kept)
                self.uses_xlink |= attr_ns == XLINK_NS
            elif why:
                self.drop(self.lines.of_attribute(source, attr_local), f"attribut « {_shown(attr_ns, attr_local)} » sur <{local}> : {why}")
        if local == "style":
            if source.get("type", "text/css").strip().lower() == "text/css":
                self.style(source, copy)
            else:
                self.drop(line, "feuille de style d'un autre langage que CSS")
            return copy
        if local in TEXT_ELEMENTS:
            copy.text = source.text
        for child in source:
            if not isinstance(child.tag, str):
                continue
            if local in ("title", "desc"):
                self.not_in_title(child)
                continue
            kept = self.element(child, copy, depth + 1)
            if kept is not None and local in TEXT_ELEMENTS:
                kept.tail = child.tail
        return copy

    def not_in_title(self, child: etree._Element) -> None:
        self.drop(self.lines.of_tag(child), f"élément <{_shown(*_name(child.tag), child.prefix)}> dans un titre ou une description")

    def style(self, source: etree._Element, copy: etree._Element) -> None:
        for child in source:
            if isinstance(child.tag, str):
                self.drop(self.lines.of_tag(child), f"élément <{_shown(*_name(child.tag), child.prefix)}> dans <style>")
        sheet, lost = clean_stylesheet("".join(source.itertext()))
        for what in lost:
            self.drop(self.lines.of_tag(source), f"dans <style> : {what}")
        copy.text = sheet or None


def clean_svg(data: bytes) -> CleanSvg:
    """The publishable rebuild of `data` and what it lost; SvgRefused when it cannot be read as SVG."""
    root = _parse(data)
    rebuilder = _Rebuilder(_Lines(data))
    for node in _document_siblings(root):
        if isinstance(node, etree._ProcessingInstruction) and node.target.lower() == "xml-stylesheet":
            rebuilder.drop(node.sourceline, "instruction <?xml-stylesheet?> (feuille de style ou transformation XSL)")
    rebuilt = rebuilder.element(root, None, 0)
    if rebuilder.uses_xlink:
        rebuilt = _with_xlink(rebuilt)
    out = etree.tostring(rebuilt, encoding="utf-8", xml_declaration=False)
    _assert_allowed(out)
    return CleanSvg(out + b"\n", tuple(rebuilder.dropped))


def _document_siblings(root: etree._Element):
    node = root.getprevious()
    while node is not None:
        yield node
        node = node.getprevious()
    node = root.getnext()
    while node is not None:
        yield node
        node = node.getnext()


def _with_xlink(root: etree._Element) -> etree._Element:
    """The same tree with `xmlns:xlink` declared once on the root."""
    copy = etree.Element(root.tag, nsmap={None: SVG_NS, "xlink": XLINK_NS})
    copy.text = root.text
    for name, value in root.attrib.items():
        copy.set(name, value)
    for child in root:
        copy.append(child)
    return copy


def _assert_allowed(out: bytes) -> None:
    """Defence in depth: the rebuilt bytes, read again, hold nothing outside the allow-list."""
    root = etree.fromstring(out, etree.XMLParser(**_PARSER_OPTIONS))
    for element in root.iter():
        namespace, local = _name(element.tag)
        if namespace != SVG_NS or local not in ELEMENTS:
            raise RuntimeError(f"svgsafe let <{local}> through")
        if local == "style" and clean_stylesheet(element.text or "")[1]:
            raise RuntimeError("svgsafe let a CSS rule through")
        for qname, value in element.attrib.items():
            attr_ns, attr_local = _name(qname)
            if attr_local == "style":
                problem = bool(clean_declarations(value)[1])
            elif attr_local == "href":
                problem = not LOCAL_ID.fullmatch(value)
            else:
                problem = _attribute(local, attr_ns, attr_local, value)[0] is None
            if problem:
                raise RuntimeError(f"svgsafe let the attribute {attr_local} = {value[:40]!r} through")
