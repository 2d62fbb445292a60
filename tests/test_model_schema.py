"""The JSON Schemas shipped for editors are derived from the model and accept the real content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from catalogue.frontmatter import read_content_file
from catalogue.model import Activity, Badge, Structure
from catalogue.schema import model_schemas
from catalogue.model import Vocabulary
from catalogue.frontmatter import read_yaml_file

ROOT = Path(__file__).parents[1]
KINDS = {"structure": "structures/*.md", "activite": "activities/*/*.md", "badge": "badges/*.md"}


@pytest.fixture(scope="module")
def schemas():
    vocabulary = Vocabulary.model_validate(read_yaml_file(ROOT / "vocabulaire.yml").data)
    return model_schemas(vocabulary)


def test_shipped_schemas_are_up_to_date(schemas):
    for name, schema in schemas.items():
        shipped = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert shipped == schema, f"schemas/{name}.schema.json is stale: run `make schema`"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_content_file_matches_its_schema(schemas, kind):
    validator = jsonschema.Draft202012Validator(schemas[kind])
    files = sorted(ROOT.glob(KINDS[kind]))
    assert files
    for path in files:
        errors = [e.message for e in validator.iter_errors(read_content_file(path).data)]
        assert not errors, f"{path}: {errors}"


def test_schema_lists_every_editor_key(schemas):
    for name, model in (("structure", Structure), ("activite", Activity), ("badge", Badge)):
        keys = {info.alias for info in model.model_fields.values() if not info.exclude}
        assert set(schemas[name]["properties"]) == keys
        assert schemas[name]["additionalProperties"] is False


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_content_file_references_its_schema(kind):
    depth = "../../" if kind == "activite" else "../"
    for path in sorted(ROOT.glob(KINDS[kind])):
        second_line = path.read_text(encoding="utf-8").split("\n")[1]
        assert second_line == f"# yaml-language-server: $schema={depth}schemas/{kind}.schema.json", path
        assert (path.parent / f"{depth}schemas/{kind}.schema.json").resolve().is_file()
