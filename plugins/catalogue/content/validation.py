"""Runs a model over parsed data and turns pydantic's errors into editors' French."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Loc, Problem, did_you_mean, format_loc, list_choices
from .frontmatter import ParsedFile
from .model import SESSION_KINDS

_TAGS = set(SESSION_KINDS)

# Whole-model rules reported on the missing field, at the line of the field that requires it
# (None: at the line of the entry itself).
_RULE_FIELDS = {"tarif": ("tarif", "gratuit"), "famille": ("famille", "role"), "sans_dates": ("sans_dates", "sans_dates"),
                "debut": ("debut", None), "fin": ("fin", None), "toute_la_journee": ("toute_la_journee", "toute_la_journee")}

_TYPE_MESSAGES = {
    "string_type": "attendu du texte",
    "bool_type": "attendu oui ou non (true ou false)",
    "bool_parsing": "attendu oui ou non (true ou false)",
    "int_type": "attendu un nombre entier",
    "int_parsing": "attendu un nombre entier",
    "int_from_float": "attendu un nombre entier",
    "float_type": "attendu un nombre",
    "float_parsing": "attendu un nombre",
    "list_type": "attendu une liste (une ligne par élément, commençant par « - »)",
    "tuple_type": "attendu une liste (une ligne par élément, commençant par « - »)",
    "model_type": "attendu un groupe de champs « nom: valeur » en retrait",
    "model_attributes_type": "attendu un groupe de champs « nom: valeur » en retrait",
    "dict_type": "attendu un groupe de champs « nom: valeur » en retrait",
}


def _strip_tags(loc: tuple) -> Loc:
    out: list = []
    for part in loc:
        if part in _TAGS and out and isinstance(out[-1], int):
            continue
        out.append(part)
    return tuple(out)


def _unwrap(annotation: Any) -> list[Any]:
    """The model classes an annotation may hold (through Optional, tuple, Annotated, Union)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, tuple, list, dict):
        found = []
        for arg in typing.get_args(annotation):
            if arg is not Ellipsis:
                found += _unwrap(arg)
        return found
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def allowed_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The French keys allowed at `loc`, found by walking the model's annotations.

    `loc` may hold pydantic's union tags (`seances, 0, 'serie'`): then only that kind's keys
    count, so that a one-off session is never told to use a key only series have."""
    models = [model]
    for part in loc:
        if part in SESSION_KINDS and any(SESSION_KINDS[part] is m for m in models):
            models = [SESSION_KINDS[part]]
            continue
        if isinstance(part, int):
            continue
        nxt = []
        for candidate in models:
            for name, info in candidate.model_fields.items():
                if (info.alias or name) == part:
                    nxt += _unwrap(info.annotation)
        models = nxt
    keys: list[str] = []
    for candidate in models:
        keys += [info.alias or name for name, info in candidate.model_fields.items() if not info.exclude]
    return keys


def _message(model: type[BaseModel], error: dict, loc: Loc, raw_loc: tuple = ()) -> str:
    kind = error["type"]
    field = model_field_description(model, loc)
    expected = f" ; attendu : {field}" if field else ""
    value = error.get("input")
    if kind == "missing":
        return f"champ obligatoire manquant{expected}"
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else "?"
        choices = allowed_keys(model, (raw_loc or loc)[:-1])
        return f"champ inconnu « {key} ».{did_you_mean(key, choices)} Champs possibles : {list_choices(choices)}"
    if kind == "literal_error":
        choices = [c.strip(" '") for c in error.get("ctx", {}).get("expected", "").replace(" or ", ",").split(",") if c.strip()]
        return f"{'valeur vide' if value is None else f'valeur « {value} »'} non reconnue.{did_you_mean(str(value), choices)} Valeurs possibles : {', '.join(choices)}"
    if kind in ("string_too_short", "too_short"):
        return "ne doit pas être vide" + expected if kind == "string_too_short" else f"la liste ne doit pas être vide{expected}"
    if kind == "string_too_long":
        name = next((part for part in reversed(loc) if isinstance(part, str)), "?")
        count, limit = (f"{n:,}".replace(",", " ") for n in (len(value) if isinstance(value, str) else 0, error["ctx"]["max_length"]))
        return (f"texte trop long dans « {name} » : {count} caractères, au plus {limit} ; "
                "gardez l'essentiel (le détail peut aller dans le texte de présentation, après l'en-tête)")
    if kind == "string_pattern_mismatch":
        return f"valeur « {value} » au mauvais format{expected}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"valeur « {value} » hors limites{expected}"
    if kind in _TYPE_MESSAGES:
        shown = "" if isinstance(value, (dict, list)) else "valeur vide : " if value is None else f"valeur « {value} » : "
        return f"{shown}{_TYPE_MESSAGES[kind]}" + (f" ({field})" if field else "")
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    return message


def model_field_description(model: type[BaseModel], loc: Loc) -> str | None:
    models: list[type[BaseModel]] = [model]
    description = None
    for part in loc:
        if isinstance(part, int):
            continue
        description, nxt = None, []
        for candidate in models:
            for name, info in candidate.model_fields.items():
                if (info.alias or name) == part:
                    description = info.description
                    nxt += _unwrap(info.annotation)
        models = nxt
    return description


MAX_SHOWN = 80
MAX_PROBLEMS = 50  # per file: past that, the file is not what the model expects at all, and listing is slow


def _shorten_values(message: str, error: dict) -> str:
    """A message quotes the value typed; a huge one (a pasted page, 5,000 digits) is cut to stay readable."""
    values = [error.get("input"), *(error.get("ctx") or {}).values()]
    for value in values:
        text = str(value) if isinstance(value, (str, int, float)) else ""
        if len(text) > MAX_SHOWN and text in message:
            message = message.replace(text, f"{text[:MAX_SHOWN - 20]}… ({len(text)} caractères)")
    return message


def validate(model: type[BaseModel], parsed: ParsedFile, path: str, extra: dict | None = None):
    """Validate one file's data; returns (instance or None, problems)."""
    data = dict(parsed.data)
    problems = []
    injected = {name for name, info in model.model_fields.items() if info.exclude}
    for reserved in injected & set(data):
        problems.append(Problem(path, parsed.line_of((reserved,)), reserved, _message(model, {"type": "extra_forbidden"}, (reserved,))))
        del data[reserved]
    try:
        instance = model.model_validate({**data, **(extra or {})})
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A list whose only item is invalid is also "too short" (counted after validation): noise.
        errors = [e for e in errors if e["type"] != "too_short"
                  or not any(o["loc"][:len(e["loc"])] == e["loc"] and len(o["loc"]) > len(e["loc"]) for o in errors)]
        for error in errors[:MAX_PROBLEMS]:
            loc = _strip_tags(error["loc"])
            line = parsed.line_of(loc)
            if error["type"] in _RULE_FIELDS:
                field, anchor = _RULE_FIELDS[error["type"]]
                line, loc = parsed.line_of(loc + (anchor,) if anchor else loc), loc + (field,)
            problems.append(Problem(path, line, format_loc(loc), _shorten_values(_message(model, error, loc, tuple(error["loc"])), error)))
        if len(errors) > MAX_PROBLEMS:
            rest = errors[MAX_PROBLEMS]
            problems.append(Problem(path, parsed.line_of(_strip_tags(rest["loc"])), "",
                                    f"… et {len(errors) - MAX_PROBLEMS} autre(s) erreur(s) dans ce fichier : corrigez d'abord les précédentes"))
        return None, problems
    return (None if problems else instance), problems
