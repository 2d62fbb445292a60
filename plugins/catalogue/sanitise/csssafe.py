"""CSS inside a partner's SVG, parsed (tinycss2) and written again from an allow-list.

A browser resolves CSS escapes (`u\\72l(`) and many functions that fetch (`url()`,
`image-set()`, `@import`...), so CSS is never matched with patterns: it is tokenised like
the browser does, and only known properties whose values are made of harmless tokens
(numbers, colours, keywords, local `url(#id)`) are written back.
"""

from __future__ import annotations

import re
from functools import lru_cache

import tinycss2
from tinycss2 import ast

# CSS properties an image may set (SVG presentation properties that only draw).
PROPERTIES = frozenset({
    "alignment-baseline", "baseline-shift", "clip-path", "clip-rule", "color", "color-interpolation",
    "color-interpolation-filters", "direction", "display", "dominant-baseline", "fill", "fill-opacity",
    "fill-rule", "filter", "flood-color", "flood-opacity", "font", "font-family", "font-size", "font-size-adjust",
    "font-stretch", "font-style", "font-variant", "font-weight", "isolation", "letter-spacing", "lighting-color",
    "marker", "marker-end", "marker-mid", "marker-start", "mask", "mix-blend-mode", "opacity", "overflow",
    "paint-order", "shape-rendering", "stop-color", "stop-opacity", "stroke", "stroke-dasharray",
    "stroke-dashoffset", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity",
    "stroke-width", "text-anchor", "text-decoration", "text-rendering", "unicode-bidi", "vector-effect",
    "visibility", "word-spacing", "writing-mode",
    # text properties drawing editors write (Inkscape), harmless whether or not the browser uses them
    "font-feature-settings", "font-kerning", "font-variant-caps", "font-variant-east-asian", "font-variant-ligatures",
    "font-variant-numeric", "inline-size", "line-height", "text-align", "text-decoration-color", "text-decoration-line",
    "text-decoration-style", "text-transform", "white-space",
})
# Editor bookkeeping no browser draws: dropped without a warning.
IGNORED_PROPERTIES = frozenset({"enable-background"})
# Functions that only compute a colour or a filter effect from their (checked) arguments.
PURE_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "blur", "brightness", "contrast", "drop-shadow", "grayscale",
                            "hue-rotate", "invert", "opacity", "saturate", "sepia"})
LOCAL_ID = re.compile(r"#[A-Za-z_][A-Za-z0-9_.:-]*")
_SAFE_TOKENS = (ast.WhitespaceToken, ast.IdentToken, ast.HashToken, ast.NumberToken, ast.PercentageToken,
                ast.DimensionToken, ast.StringToken, ast.Comment)
_SELECTOR_TOKENS = (ast.WhitespaceToken, ast.IdentToken, ast.HashToken, ast.LiteralToken, ast.Comment)
_SELECTOR_LITERALS = frozenset({".", ",", ">", "+", "~", "*", ":"})


def value_problem(tokens: list) -> str | None:
    """Why a CSS value cannot be kept (in French), or None when every token is harmless."""
    for token in tokens:
        if isinstance(token, _SAFE_TOKENS) or (isinstance(token, ast.LiteralToken) and token.value in {",", "/"}):
            continue
        if isinstance(token, ast.URLToken):
            if not LOCAL_ID.fullmatch(token.value):
                return f"adresse « url({token.value[:60]}) »"
            continue
        if isinstance(token, ast.FunctionBlock):
            if token.lower_name == "url":
                inner = [t for t in token.arguments if not isinstance(t, ast.WhitespaceToken)]
                target = inner[0].value if len(inner) == 1 and isinstance(inner[0], ast.StringToken) else None
                if target is None or not LOCAL_ID.fullmatch(target):
                    return f"adresse « {tinycss2.serialize([token])[:60]} »"
                continue
            if token.lower_name in PURE_FUNCTIONS:
                problem = value_problem(token.arguments)
                if problem:
                    return problem
                continue
            return f"fonction « {token.lower_name}() »"
        return f"« {tinycss2.serialize([token])[:40]} »"
    return None


@lru_cache(maxsize=4096)
def clean_value(text: str) -> tuple[str | None, str | None]:
    """(value written again, None) or (None, why it was dropped) for one attribute value (the
    same few colours and keywords come back in every file: cached)."""
    tokens = tinycss2.parse_component_value_list(text, skip_comments=True)
    problem = value_problem(tokens)
    if problem:
        return None, problem
    return tinycss2.serialize(tokens).strip(), None


def clean_declarations(text: str) -> tuple[str, list[str]]:
    """A `style` attribute or rule body written again: (kept declarations, what was dropped)."""
    kept, dropped = [], []
    for item in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if isinstance(item, ast.Declaration):
            name = item.lower_name
            if name in IGNORED_PROPERTIES or name.startswith("-inkscape-"):
                continue
            problem = None if name in PROPERTIES else "propriété non autorisée"
            problem = problem or value_problem(item.value)
            if problem:
                dropped.append(f"« {name} » ({problem})")
                continue
            value = tinycss2.serialize(item.value).strip()
            kept.append(f"{name}: {value}{' !important' if item.important else ''}")
        elif isinstance(item, ast.AtRule):
            dropped.append(f"règle « @{item.lower_at_keyword} »")
        elif isinstance(item, (ast.ParseError, ast.QualifiedRule)):
            dropped.append("déclaration illisible")
    return "; ".join(kept), dropped


def clean_stylesheet(text: str) -> tuple[str, list[str]]:
    """A `<style>` sheet written again: only plain selectors and allowed declarations; no @-rule."""
    rules, dropped = [], []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if isinstance(rule, ast.AtRule):
            dropped.append(f"règle « @{rule.lower_at_keyword} »")
            continue
        if not isinstance(rule, ast.QualifiedRule):
            dropped.append("règle illisible")
            continue
        selector = tinycss2.serialize(rule.prelude).strip()
        if not all(isinstance(t, _SELECTOR_TOKENS) and (not isinstance(t, ast.LiteralToken) or t.value in _SELECTOR_LITERALS)
                   for t in rule.prelude):
            dropped.append(f"sélecteur « {selector[:40]} »")
            continue
        body, lost = clean_declarations(tinycss2.serialize(rule.content))
        dropped += lost
        if body:
            rules.append(f"{selector} {{ {body} }}")
    return "\n".join(rules), dropped
