"""JSON Schemas for editors, derived from the model and the vocabulary.

Mapped to the content files by file pattern in .vscode/settings.json (`yaml.schemas`), so that
editors such as VS Code give completion and inline checks while typing (a `# yaml-language-server`
comment would be dropped by the form editor at its first save).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..content.kinds import KINDS
from ..content.vocabulary import Vocabulary, read_vocabulary

SCHEMAS = {kind.schema: kind for kind in KINDS}


def _enum(schema: dict, defs_name: str, prop: str, values: list[str], array: bool) -> None:
    target = schema["$defs"][defs_name]["properties"] if defs_name else schema["properties"]
    if prop not in target:
        return
    field = target[prop]
    if array:
        items = field.get("items", {})
        field["items"] = {**items, "enum": values}
    else:
        field.pop("anyOf", None)
        field["enum"] = values


def _tidy(node) -> None:
    """Arrays take minItems (pydantic writes minLength through Annotated)."""
    if isinstance(node, dict):
        if node.get("type") == "array" and "minLength" in node:
            node["minItems"] = node.pop("minLength")
        for value in node.values():
            _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)


def model_schemas(vocabulary: Vocabulary | None) -> dict[str, dict]:
    out = {}
    for name, kind in SCHEMAS.items():
        model = kind.model
        schema = model.model_json_schema(by_alias=True, mode="validation")
        for hidden in (n for n, info in model.model_fields.items() if info.exclude):
            schema["properties"].pop(hidden, None)
        _tidy(schema)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = kind.collection.singular
        if vocabulary is not None:
            categories, audiences = sorted(vocabulary.categories), sorted(vocabulary.audiences)
            if name == "activite":
                _enum(schema, None, "categories", categories, True)
                _enum(schema, None, "publics", audiences, True)
            if name == "badge":
                _enum(schema, None, "categorie", categories, False)
            if name == "structure" and "Place" in schema.get("$defs", {}):
                _enum(schema, "Place", "commune", sorted(vocabulary.commune_ids), False)
        out[name] = schema
    return out


def write_schemas(root: Path) -> list[Path]:
    vocabulary = read_vocabulary(root)
    folder = root / "schemas"
    folder.mkdir(exist_ok=True)
    written = []
    for name, schema in model_schemas(vocabulary).items():
        target = folder / f"{name}.schema.json"
        target.write_text(json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(target)
    return written
