"""The JSON Schemas shipped for editors are derived from the model and accept the real content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from catalogue.content.frontmatter import read_content_file
from catalogue.content.model import Activity, Badge, Structure
from catalogue.tools.schema import model_schemas
from catalogue.content.model import Vocabulary
from catalogue.content.frontmatter import read_yaml_file

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


def test_every_content_file_is_mapped_to_its_schema_by_file_pattern():
    """Editors find the schemas through .vscode/settings.json (yaml.schemas: schema -> file patterns), not
    through a `# yaml-language-server` comment: the form editor drops comments when it saves a file."""
    import fnmatch

    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    assert {Path(schema).name for schema in settings} == {f"{kind}.schema.json" for kind in KINDS}
    for schema, patterns in settings.items():
        assert (ROOT / schema).resolve().is_file(), schema
        kind = Path(schema).name.removesuffix(".schema.json")
        for path in sorted(ROOT.glob(KINDS[kind])):
            rel = path.relative_to(ROOT).as_posix()
            assert any(fnmatch.fnmatch(rel, pattern) for pattern in patterns), rel
            assert "yaml-language-server" not in path.read_text(encoding="utf-8"), rel
