"""YAML written exactly as the form editor writes it, so that a form edit is a one-line diff.

Decap CMS 3.x serialises front matter with the `yaml` npm package, version 1.10 (YAML 1.2 core
schema, `new Document()` with its default options: block style, two-space indent, indented
sequences, lines folded at 80 columns). This module is a port of that package's scalar and
collection writers (`stringifyString`, `foldFlowLines`, `Pair.toString`, `Collection.toString`
in yaml@1.10.2), limited to what content files hold: mappings with string keys, lists, strings,
integers, floats, booleans and null. `tests/test_format.py` checks it against the real editor in
Chromium. JavaScript counts string lengths in UTF-16 code units: so does this port.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

LINE_WIDTH = 80
MIN_CONTENT_WIDTH = 20
MIN_MULTILINE_LENGTH = 40  # doubleQuoted.minMultiLineLength
INDENT_STEP = "  "

FOLD_FLOW, FOLD_BLOCK, FOLD_QUOTED = "flow", "block", "quoted"

# The YAML 1.2 core schema's non-string plain scalars (yaml@1.10.2, schema "core").
_CORE_NON_STRING = [
    re.compile(r"^(?:~|[Nn]ull|NULL)?$"),
    re.compile(r"^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$"),
    re.compile(r"^0o([0-7]+)$"),
    re.compile(r"^[-+]?[0-9]+$"),
    re.compile(r"^0x([0-9a-fA-F]+)$"),
    re.compile(r"^(?:[-+]?\.inf|(\.nan))$", re.IGNORECASE),
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$"),
    re.compile(r"^[-+]?(?:\.([0-9]+)|[0-9]+\.([0-9]*))$"),
]
_PLAIN_FORBIDDEN = re.compile(r"^[\n\t ,\[\]{}#&*!|>'\"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DOCUMENT_MARKER = re.compile(r"^(%|---|\.\.\.)", re.MULTILINE)


def _utf16(text: str) -> str:
    """Characters outside the BMP as two surrogates, so that indexes count as JavaScript's do."""
    if all(ord(c) < 0x10000 for c in text):
        return text
    return "".join(
        c if ord(c) < 0x10000 else chr(0xD800 + ((ord(c) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(c) - 0x10000) & 0x3FF))
        for c in text)


def _from_utf16(text: str) -> str:
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _at(text: str, i: int) -> str:
    return text[i] if 0 <= i < len(text) else ""


def _consume_more_indented_lines(text: str, i: int) -> int:
    ch = _at(text, i + 1)
    while ch in (" ", "\t"):
        while True:
            i += 1
            ch = _at(text, i)
            if not ch or ch == "\n":
                break
        ch = _at(text, i + 1)
    return i


def fold_lines(text: str, indent: str, mode: str, indent_at_start: int | None = None) -> str:
    """foldFlowLines: split long lines on single spaces (or escapes, in double quotes)."""
    end_step = max(1 + MIN_CONTENT_WIDTH, 1 + LINE_WIDTH - len(indent))
    if len(text) <= end_step:
        return text
    folds: list[int] = []
    escaped: set[int] = set()
    end = LINE_WIDTH - len(indent)
    if indent_at_start:  # JavaScript: a falsy 0 means "not given"
        if indent_at_start > LINE_WIDTH - max(2, MIN_CONTENT_WIDTH):
            folds.append(0)
        else:
            end = LINE_WIDTH - indent_at_start
    split: int | None = None
    prev = ""
    i = -1
    esc_start = esc_end = -1
    if mode == FOLD_BLOCK:
        i = _consume_more_indented_lines(text, i)
        if i != -1:
            end = i + end_step
    while True:
        i += 1
        ch = _at(text, i)
        if not ch:
            break
        if mode == FOLD_QUOTED and ch == "\\":
            esc_start = i
            i += {"x": 3, "u": 5, "U": 9}.get(_at(text, i + 1), 1)
            esc_end = i
        if ch == "\n":
            if mode == FOLD_BLOCK:
                i = _consume_more_indented_lines(text, i)
            end = i + end_step
            split = None
        else:
            if ch == " " and prev and prev not in " \n\t":
                nxt = _at(text, i + 1)
                if nxt and nxt not in " \n\t":
                    split = i
            if i >= end:
                if split:
                    folds.append(split)
                    end = split + end_step
                    split = None
                elif mode == FOLD_QUOTED:
                    while prev in (" ", "\t") and prev:
                        prev = ch
                        i += 1
                        ch = _at(text, i)
                    j = i - 2 if i > esc_end + 1 else esc_start - 1
                    if j in escaped:
                        return text
                    folds.append(j)
                    escaped.add(j)
                    end = j + end_step
                    split = None
        prev = ch
    if not folds:
        return text
    res = text[: folds[0]]
    for n, fold in enumerate(folds):
        stop = folds[n + 1] if n + 1 < len(folds) and folds[n + 1] else len(text)
        if fold == 0:
            res = f"\n{indent}{text[:stop]}"
        else:
            if mode == FOLD_QUOTED and fold in escaped:
                res += f"{text[fold]}\\"
            res += f"\n{indent}{text[fold + 1:stop]}"
    return res


def _js_json(value: str) -> str:
    """JSON.stringify of a string (lone surrogates escaped, nothing else beyond JSON's minimum)."""
    out = json.dumps(_from_utf16(value), ensure_ascii=False)
    return _utf16(out)


def double_quoted(value: str, indent: str, implicit_key: bool, indent_at_start: int | None) -> str:
    js = _js_json(value)
    if not indent:
        indent = "  " if _DOCUMENT_MARKER.search(value) else ""
    out = ""
    start = 0
    i = 0
    while i < len(js):
        ch = js[i]
        if ch == " " and _at(js, i + 1) == "\\" and _at(js, i + 2) == "n":
            out += js[start:i] + "\\ "
            i += 1
            start = i
            ch = "\\"
        if ch == "\\":
            nxt = _at(js, i + 1)
            if nxt == "u":
                out += js[start:i]
                code = js[i + 2:i + 6]
                named = {"0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e", "0085": "\\N", "00a0": "\\_",
                         "2028": "\\L", "2029": "\\P"}
                if code in named:
                    out += named[code]
                elif code[:2] == "00":
                    out += "\\x" + code[2:]
                else:
                    out += js[i:i + 6]
                i += 5
                start = i + 1
            elif nxt == "n":
                if implicit_key or _at(js, i + 2) == '"' or len(js) < MIN_MULTILINE_LENGTH:
                    i += 1
                else:
                    out += js[start:i] + "\n\n"
                    while _at(js, i + 2) == "\\" and _at(js, i + 3) == "n" and _at(js, i + 4) != '"':
                        out += "\n"
                        i += 2
                    out += indent
                    if _at(js, i + 2) == " ":
                        out += "\\"
                    i += 1
                    start = i + 1
            else:
                i += 1
        i += 1
    out = out + js[start:] if start else js
    return out if implicit_key else fold_lines(out, indent, FOLD_QUOTED, indent_at_start)


def single_quoted(value: str, indent: str, implicit_key: bool, indent_at_start: int | None) -> str:
    if implicit_key:
        if "\n" in value:
            return double_quoted(value, indent, implicit_key, indent_at_start)
    elif re.search(r"[ \t]\n|\n[ \t]", value):
        return double_quoted(value, indent, implicit_key, indent_at_start)
    if not indent:
        indent = "  " if _DOCUMENT_MARKER.search(value) else ""
    res = "'" + re.sub(r"\n+", lambda m: m.group(0) + "\n" + indent, value.replace("'", "''")) + "'"
    return res if implicit_key else fold_lines(res, indent, FOLD_FLOW, indent_at_start)


def _line_length_over_limit(text: str, indent_length: int) -> bool:
    limit = LINE_WIDTH - indent_length
    if len(text) <= limit:
        return False
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if i - start > limit:
                return True
            start = i + 1
            if len(text) - start <= limit:
                return False
    return True


def block_string(value: str, indent: str, indent_at_start: int | None) -> str:
    if re.search(r"\n[\t ]+$", value) or re.fullmatch(r"\s*", value):
        return double_quoted(value, indent, False, indent_at_start)
    if not indent:
        indent = "  " if _DOCUMENT_MARKER.search(value) else ""
    indent_size = "2" if indent else "1"
    literal = not _line_length_over_limit(value, len(indent))
    header = "|" if literal else ">"
    ws_end = ""
    trailing = re.search(r"[\n\t ]*$", value)
    assert trailing is not None
    ws = trailing.group(0)
    n = ws.find("\n")
    if n == -1:
        header += "-"
    elif value == ws or n != len(ws) - 1:
        header += "+"
    ws_end = re.sub(r"\n$", "", ws)
    value = value[: len(value) - len(ws)]
    leading = re.match(r"[\n ]*", value)
    assert leading is not None
    ws = leading.group(0)
    if " " in ws:
        header += indent_size
    spaces = re.search(r" +$", ws)
    if spaces:
        ws_start = ws[: -len(spaces.group(0))]
        value = spaces.group(0) + value[len(ws):]
    else:
        ws_start = ws
        value = value[len(ws):]
    if ws_end:
        ws_end = re.sub(r"\n+(?!\n|$)", lambda m: m.group(0) + indent, ws_end)
    if ws_start:
        ws_start = re.sub(r"\n+", lambda m: m.group(0) + indent, ws_start)
    if not value:
        return f"{header}{indent_size}\n{indent}{ws_end}"
    if literal:
        value = re.sub(r"\n+", lambda m: m.group(0) + indent, value)
        return f"{header}\n{indent}{ws_start}{value}{ws_end}"
    value = re.sub(r"\n+", lambda m: "\n" + m.group(0), value)
    value = re.sub(r"(?:^|\n)([\t ].*)(?:([\n\t ]*)\n(?![\n\t ]))?", lambda m: m.group(1) + (m.group(2) or ""), value)
    value = re.sub(r"\n+", lambda m: m.group(0) + indent, value)
    body = fold_lines(f"{ws_start}{value}{ws_end}", indent, FOLD_BLOCK)
    return f"{header}\n{indent}{body}"


def plain_string(value: str, indent: str, implicit_key: bool, indent_at_start: int | None) -> str:
    if implicit_key and re.search(r"[\n\[\]{},]", value):
        return double_quoted(value, indent, implicit_key, indent_at_start)
    if not value or _PLAIN_FORBIDDEN.search(value):
        if implicit_key or "\n" not in value:
            if '"' in value and "'" not in value:
                return single_quoted(value, indent, implicit_key, indent_at_start)
            return double_quoted(value, indent, implicit_key, indent_at_start)
        return block_string(value, indent, indent_at_start)
    if not implicit_key and "\n" in value:
        return block_string(value, indent, indent_at_start)
    if indent == "" and _DOCUMENT_MARKER.search(value):
        return block_string(value, "  ", indent_at_start)
    text = re.sub(r"\n+", lambda m: m.group(0) + "\n" + indent, value)
    if any(rx.search(text) for rx in _CORE_NON_STRING):
        return double_quoted(value, indent, implicit_key, indent_at_start)
    return text if implicit_key else fold_lines(text, indent, FOLD_FLOW, indent_at_start)


def string(value: str, indent: str, implicit_key: bool = False, indent_at_start: int | None = None) -> str:
    """A string as the editor writes it: plain when YAML 1.2 reads it back as this text, quoted otherwise.

    >>> string("Atelier vélo", ""), string("Fablab : ouvert", ""), string("true", ""), string("- tiret", "")
    ('Atelier vélo', '"Fablab : ouvert"', '"true"', '"- tiret"')
    """
    value = _utf16(value)
    if _CONTROL.search(value):
        out = double_quoted(value, indent, implicit_key, indent_at_start)
    else:
        out = plain_string(value, indent, implicit_key, indent_at_start)
    return _from_utf16(out)


def number(value: int | float) -> str:
    """JSON.stringify of a number."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    text = repr(value)
    if "e" in text and 1e-7 <= abs(value) < 1e21:
        text = format(Decimal(text), "f")
    elif "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{'+' if int(exponent) > 0 else '-'}{abs(int(exponent))}"
    return text


def scalar(value: Any, indent: str, implicit_key: bool = False, indent_at_start: int | None = None) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, str):
        return string(value, indent, implicit_key, indent_at_start)
    raise TypeError(f"valeur non prise en charge : {value!r}")


def node(value: Any, indent: str, indent_at_start: int | None = None) -> str:
    """Collection.toString / stringify: `indent` is the indent of the node's own lines."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            items.append(_pair(str(key), item, indent))
        return f"\n{indent}".join(items)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        inner = indent + INDENT_STEP
        return f"\n{indent}".join("- " + node(item, inner) for item in value)
    return scalar(value, indent, False, indent_at_start)


def _pair(key: str, value: Any, indent: str) -> str:
    inner = indent + INDENT_STEP
    head = string(key, inner, implicit_key=True) + ":"
    if isinstance(value, (dict, list, tuple)):
        body = node(value, inner)
        if value:
            return f"{head}\n{inner}{body}"
        return f"{head} {body}"
    body = scalar(value, inner, False, len(head) + 1)
    return head + ("" if body.startswith("\n") else " ") + body


def dump(data: dict) -> str:
    """Document.toString() of a mapping, with its final newline.

    >>> print(dump({"titre": "Fablab", "gratuit": True, "places": 8, "debut": "14:00", "categories": ["fablab"]}), end="")
    titre: Fablab
    gratuit: true
    places: 8
    debut: 14:00
    categories:
      - fablab
    """
    return node(data, "") + "\n"
