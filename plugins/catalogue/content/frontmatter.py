"""Reads one content file: YAML header between `---` lines, then a Markdown body.

Only reads: it returns plain data plus the line of every key and list item, so that
validation errors can point at the exact line an editor typed.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Loc
from ..limits import MAX_FILE_BYTES as MAX_BYTES, MAX_YAML_CHARS, MAX_YAML_DEPTH as MAX_DEPTH, MAX_YAML_NODES as MAX_NODES


_FENCE = re.compile(r"^---[ \t]*$")


class ContentLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """Safe YAML (libyaml) that keeps what editors type as text.

    YAML 1.1 turns `14:00` into 840, `no` into False and `2026-02-30` into a crash;
    here dates and times stay strings (the model parses them with French messages),
    and only `true`/`false` are booleans.
    """


def _resolvers() -> dict:
    kept = {}
    for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items():
        pairs = [
            (tag, rx)
            for tag, rx in pairs
            if tag
            not in (
                "tag:yaml.org,2002:timestamp",
                "tag:yaml.org,2002:bool",
                "tag:yaml.org,2002:int",
                "tag:yaml.org,2002:float",
            )
        ]
        if pairs:
            kept[first] = pairs
    return kept


# What a plain scalar must look like to be read as a boolean or a number; anything else is text.
# Integers are capped at 30 digits (Python refuses to convert over 4,300 digits).
_TYPED = {
    "tag:yaml.org,2002:bool": re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    "tag:yaml.org,2002:int": re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,29})$"),
    "tag:yaml.org,2002:float": re.compile(r"^[-+]?(?:[0-9]{1,30}\.[0-9]{0,30}|\.[0-9]{1,30})(?:[eE][-+]?[0-9]{1,3})?$"),
}
# Tags a node may carry: those plain scalars resolve to. Explicit tags (`!!binary`, `!!set`,
# `!!timestamp`, `!!python/...`) are refused before anything is constructed.
_ALLOWED_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "null", "seq", "map")} | set(_TYPED)

ContentLoader.yaml_implicit_resolvers = _resolvers()
ContentLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _TYPED["tag:yaml.org,2002:bool"], list("tTfF"))
ContentLoader.add_implicit_resolver("tag:yaml.org,2002:int", _TYPED["tag:yaml.org,2002:int"], list("-+0123456789"))
ContentLoader.add_implicit_resolver("tag:yaml.org,2002:float", _TYPED["tag:yaml.org,2002:float"], list("-+0123456789."))


class ReadError(Exception):
    """A file that cannot be read as a content file, with the line to look at."""

    def __init__(self, line: int, message: str, loc: Loc = ()):
        super().__init__(message)
        self.line = line
        self.message = message
        self.loc = loc


@dataclass(frozen=True)
class ParsedFile:
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 0

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its nearest parent that the file has."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


_YAML_HINTS = [
    ("mapping values are not allowed", "deux-points inattendu : mettez le texte entre guillemets s'il contient « : »"),
    ("found character '\\t'", "tabulation interdite : indentez avec des espaces"),
    ("tab character", "tabulation interdite : indentez avec des espaces"),
    ("cannot start any token", "caractère inattendu en début de valeur (tabulation, @ ou `) : indentez avec des espaces, mettez le texte entre guillemets"),
    ("could not find expected ':'", "il manque « : » après le nom du champ"),
    ("did not find expected key", "indentation incohérente : alignez ce champ avec les autres"),
    ("did not find expected '-' indicator", "indentation incohérente dans la liste"),
    ("found undefined alias", "les alias YAML (*) ne sont pas acceptés"),
    ("found unexpected end of stream", "guillemet ou crochet non fermé"),
    ("found unexpected ':'", "deux-points inattendu : mettez le texte entre guillemets"),
    ("could not determine a constructor", "étiquette YAML (!) non acceptée"),
    ("expected <block end>, but found", "indentation incohérente : alignez ce champ avec les autres"),
    ("while scanning a quoted scalar", "guillemet non fermé"),
    ("found unknown escape character", "barre oblique inverse (\\) invalide entre guillemets doubles"),
    ("characters are not allowed", "caractère de contrôle invisible (souvent venu d'un copier-coller) : supprimez-le ou retapez la ligne"),
    ("did not find expected ',' or '}'", "accolade « { » non fermée ou virgule manquante entre les valeurs"),
    ("did not find expected ',' or ']'", "crochet « [ » non fermé ou virgule manquante entre les valeurs"),
    ("did not find expected node content", "valeur manquante après « - », « [ » ou « , »"),
    ("did not find expected alphabetic or numeric character", "« & » ou « * » en début de valeur : mettez le texte entre guillemets"),
    ("did not find expected comment or line break", "texte inattendu après une valeur : mettez toute la valeur entre guillemets"),
    ("block sequence entries are not allowed", "« - » inattendu : une liste commence à la ligne qui suit le nom du champ"),
    ("but found another document", "un seul en-tête par fichier : retirez la ligne « --- » ou « ... » en trop"),
    ("did not find expected <document start>", "texte inattendu après la fin de l'en-tête (ligne « ... ») : retirez-la"),
    ("found undefined tag handle", "étiquette YAML (!) non acceptée : retirez-la"),
    ("did not find expected tag URI", "étiquette YAML (!) non acceptée : retirez-la"),
    ("did not find expected whitespace or line break", "espace manquant après « - », « : » ou « ! » : ajoutez-le, ou mettez le texte entre guillemets"),
    ("found duplicate anchor", "les ancres YAML (&) ne sont pas acceptées : recopiez la valeur"),
    ("while scanning an anchor", "« & » en début de valeur : mettez le texte entre guillemets"),
    ("while scanning an alias", "« * » en début de valeur : mettez le texte entre guillemets"),
    ("while scanning a block scalar", "« | » ou « > » en début de valeur : mettez le texte entre guillemets"),
    ("while scanning a directive", "« % » en début de ligne : mettez le texte entre guillemets"),
]


def _yaml_message(exc: yaml.YAMLError) -> str:
    text = str(exc)
    for needle, french in _YAML_HINTS:
        if needle in text:
            return f"YAML mal formé : {french}"
    problem = getattr(exc, "problem", None) or text.splitlines()[0]
    return f"YAML mal formé ({problem}) : vérifiez l'indentation, les « : » et les guillemets"


def parse_yaml(text: str, first_line: int = 1) -> ParsedFile:
    """Parse YAML text whose first line is `first_line` of the file."""
    if len(text) > MAX_YAML_CHARS:  # checked before parsing: 100,000 characters parse in well under a second
        count, limit = (f"{n:,}".replace(",", " ") for n in (len(text), MAX_YAML_CHARS))
        raise ReadError(first_line, f"champs trop longs ({count} caractères, au plus {limit}) : mettez le texte long "
                        "dans le corps du fichier, après la ligne « --- » de fin, ou découpez le fichier")
    try:
        loader = ContentLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return ParsedFile(None, {(): first_line})
            lines: dict[Loc, int] = {(): node.start_mark.line + first_line}
            _walk(node, (), lines, first_line, set(), 0)
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        raise ReadError(line, _yaml_message(exc)) from None
    except yaml.YAMLError as exc:
        raise ReadError(first_line, _yaml_message(exc)) from None
    except RecursionError:
        raise ReadError(first_line, f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)") from None
    except (ValueError, OverflowError):  # a value a constructor cannot convert; _walk should have refused it
        raise ReadError(first_line, "YAML mal formé : valeur illisible ; vérifiez les nombres et retirez les étiquettes (!)") from None
    return ParsedFile(data, lines)


def _walk(node, loc: Loc, lines: dict, offset: int, seen: set, depth: int) -> None:
    """Record the line of every key and item; refuse aliases, duplicate keys, deep nesting."""
    if id(node) in seen:
        line = lines.get(loc, node.start_mark.line + offset)
        raise ReadError(line, "les alias YAML (&, *) ne sont pas acceptés : recopiez la valeur", loc)
    seen.add(id(node))
    if len(seen) > MAX_NODES:
        raise ReadError(node.start_mark.line + offset, f"en-tête trop long (plus de {MAX_NODES} valeurs)", loc)
    if depth > MAX_DEPTH:
        raise ReadError(node.start_mark.line + offset, f"imbrication trop profonde (au plus {MAX_DEPTH} niveaux)", loc)
    _check_tag(node, loc, offset)
    if isinstance(node, yaml.MappingNode):
        keys: set = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ReadError(key_node.start_mark.line + offset, "nom de champ invalide", loc)
            key = key_node.value
            if key == "<<":
                raise ReadError(key_node.start_mark.line + offset, "les fusions YAML (<<) ne sont pas acceptées", loc)
            _check_tag(key_node, loc, offset)
            key_node.tag = "tag:yaml.org,2002:str"  # a key is text as typed: `12:` or `~:` is an unknown field, not a crash
            if key in keys:
                raise ReadError(
                    key_node.start_mark.line + offset,
                    f"le champ « {key} » est écrit deux fois : gardez-en un seul",
                    loc + (key,),
                )
            keys.add(key)
            lines[loc + (key,)] = key_node.start_mark.line + offset
            _walk(value_node, loc + (key,), lines, offset, seen, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[loc + (index,)] = item.start_mark.line + offset
            _walk(item, loc + (index,), lines, offset, seen, depth + 1)


def _check_tag(node, loc: Loc, offset: int) -> None:
    typed = _TYPED.get(node.tag)
    if node.tag not in _ALLOWED_TAGS or (typed and isinstance(node, yaml.ScalarNode) and not typed.match(node.value)):
        shown = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise ReadError(node.start_mark.line + offset, f"étiquette YAML « {shown} » non acceptée : retirez-la et écrivez la valeur telle quelle", loc)


def decode(raw: bytes) -> str:
    """UTF-8 text with Windows habits (BOM, CRLF) accepted as they are."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ReadError(
            line,
            "caractères non UTF-8 : enregistrez le fichier en UTF-8 (dans votre éditeur : « Enregistrer sous », encodage UTF-8)",
        ) from None
    if "\x00" in text:
        raise ReadError(raw.count(b"\n", 0, raw.index(b"\x00")) + 1, "le fichier contient des octets nuls : ce n'est pas un fichier texte")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(path: Path) -> bytes:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a folder, or a pipe that would block the build forever
            raise ReadError(1, "fichier illisible (ce n'est pas un fichier ordinaire) : remplacez-le par un fichier texte")
        size = status.st_size
        if size > MAX_BYTES:
            raise ReadError(1, f"fichier trop gros ({size / 1e6:.1f} Mo) : au plus 1 Mo ; découpez-le en plusieurs fichiers")
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ReadError(1, f"fichier illisible ({exc.strerror or exc.__class__.__name__}) : vérifiez ses droits") from None
    if len(raw) > MAX_BYTES:
        raise ReadError(1, "fichier trop gros : au plus 1 Mo ; découpez-le en plusieurs fichiers")
    return raw


def parse_front_matter(text: str) -> ParsedFile:
    """Split `---` header from body and parse the header."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise ReadError(1, "en-tête manquant : le fichier doit commencer par une ligne « --- », puis les champs, puis une autre ligne « --- »")
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            break
    else:
        raise ReadError(len(lines), "en-tête non fermé : ajoutez une ligne « --- » après le dernier champ")
    header = "\n".join(lines[1:index])
    parsed = parse_yaml(header, first_line=2)
    if parsed.data is None:
        raise ReadError(2, "en-tête vide : ajoutez les champs entre les deux lignes « --- »")
    if not isinstance(parsed.data, dict):
        raise ReadError(2, "l'en-tête doit être une liste de champs « nom: valeur »")
    rest = lines[index + 1 :]
    blank = next((i for i, line in enumerate(rest) if line), len(rest))  # leading empty lines, stripped below
    body = "\n".join(rest).strip("\n")
    return ParsedFile(parsed.data, parsed.lines, body, index + 2 + blank)


def read_content_file(path: Path) -> ParsedFile:
    return parse_front_matter(decode(read_bytes(path)))


def read_yaml_file(path: Path) -> ParsedFile:
    parsed = parse_yaml(decode(read_bytes(path)))
    if not isinstance(parsed.data, dict):
        raise ReadError(1, "le fichier doit être une liste de champs « nom: valeur »")
    return parsed
