"""The profile JSON Schema that editors use: committed, current, documented, and true to the
built-in profiles.

``schema/profile.schema.json`` is what ``claimrules schema profile`` prints; every profile YAML
file names it in a ``yaml-language-server`` modeline, so an editor (VS Code with the YAML
extension, or any editor using yaml-language-server) completes keys and shows each key's
description and examples while a lawyer types.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimrules.cli.app as cli
from claimrules.law.yamlio import read_yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_FILE = ROOT / "schema" / "profile.schema.json"
REGENERATE = "claimrules schema profile -o schema/profile.schema.json"
MODELINE = "# yaml-language-server: $schema="
PROFILE_FILES = sorted((ROOT / "profiles").rglob("*.y*ml"))


def _generated() -> str:
    result = CliRunner().invoke(cli.main, ["schema", "profile"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_generated())
    return loaded


def _properties(node: Any, where: str = "#") -> Iterator[tuple[str, Any]]:
    """Every property schema anywhere in ``node``, with a readable location."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("examples", "default", "const", "enum"):
                continue  # data, not schema
            if key == "properties" and isinstance(value, dict):
                for name, prop in value.items():
                    yield f"{where}/properties/{name}", prop
                    yield from _properties(prop, f"{where}/properties/{name}")
            else:
                yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _properties(item, f"{where}/{index}")


def _kinds(schema: dict[str, Any], defs: dict[str, Any]) -> set[str]:
    """What a property holds: ``scalar`` (string, number, boolean, enum, date), ``object`` or
    ``array`` (``null`` is left out: it is only the absence of a value)."""
    if "$ref" in schema:
        return _kinds(defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    if alternatives:
        return set().union(*(_kinds(alternative, defs) for alternative in alternatives))
    kind = schema.get("type")
    if kind in ("object", "array"):
        return {kind}
    if kind == "null":
        return set()
    return {"scalar"}


def _is_leaf(schema: dict[str, Any], defs: dict[str, Any]) -> bool:
    """A scalar value, or a list of scalars (e.g. a list of event names)."""
    kinds = _kinds(schema, defs)
    if kinds == {"scalar"}:
        return True
    if kinds == {"array"} and "items" in schema:
        return _kinds(schema["items"], defs) == {"scalar"}
    return False


def _jsonable(value: Any) -> Any:
    """Profile data as an editor sees it: dates are strings, numbers are JSON numbers."""
    if isinstance(value, dict):
        return {_jsonable(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- the committed file ---------------------------------------------------------------------------


def test_committed_schema_is_current() -> None:
    assert SCHEMA_FILE.is_file(), f"schema/profile.schema.json is missing: run `{REGENERATE}`"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == _generated(), (
        f"schema/profile.schema.json is out of date with the profile models: run `{REGENERATE}` "
        "and commit the result"
    )


def test_schema_is_for_one_file(document: dict[str, Any]) -> None:
    # each YAML file of a profile holds only some sections: nothing is required at the top
    assert "required" not in document
    assert document["additionalProperties"] is False


# --- descriptions and examples --------------------------------------------------------------------


def test_every_property_has_a_description(document: dict[str, Any]) -> None:
    properties = list(_properties(document))
    assert len(properties) > 200
    missing = [where for where, prop in properties if not prop.get("description", "").strip()]
    assert not missing, "properties without a description:\n" + "\n".join(missing)


def test_every_definition_has_a_description(document: dict[str, Any]) -> None:
    missing = [name for name, schema in document["$defs"].items() if "description" not in schema]
    assert not missing, f"definitions without a description (class docstring): {missing}"


def test_every_leaf_has_examples(document: dict[str, Any]) -> None:
    defs = document["$defs"]
    leaves = [(where, prop) for where, prop in _properties(document) if _is_leaf(prop, defs)]
    assert len(leaves) > 100
    missing = [where for where, prop in leaves if not prop.get("examples")]
    assert not missing, "leaf properties without examples:\n" + "\n".join(missing)


def test_examples_fit_their_property(document: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    wrong = []
    for where, prop in _properties(document):
        for example in prop.get("examples", []):
            schema = {"$defs": document["$defs"], **prop}
            for error in jsonschema.Draft202012Validator(schema).iter_errors(example):
                wrong.append(f"{where}: {example!r}: {error.message}")
    assert not wrong, "\n".join(wrong)


# --- the built-in profiles against the committed schema ------------------------------------------


def test_schema_is_valid_json_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text("utf-8")))


@pytest.mark.parametrize("file", PROFILE_FILES, ids=lambda f: str(f.relative_to(ROOT)))
def test_profile_file_validates_against_schema(file: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data, _ = read_yaml(file)
    validator = jsonschema.Draft202012Validator(schema)
    errors = [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message[:300]}"
        for error in validator.iter_errors(_jsonable(data))
    ]
    assert not errors, f"{file.relative_to(ROOT)}:\n" + "\n".join(errors)


@pytest.mark.parametrize(
    ("meta", "valid"),
    [
        (
            {"id": "no", "name": "Norway", "country": "NO", "currency": "NOK", "locale": "nb_NO"},
            True,
        ),
        ({"id": "no", "name": "Norway"}, False),  # a base profile needs country, currency, locale
        ({"id": "no/orkdal", "name": "Orkdal", "extends": "no"}, True),  # an overlay inherits them
    ],
)
def test_overlay_profile_section(meta: dict[str, str], valid: bool) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert jsonschema.Draft202012Validator(schema).is_valid({"profile": meta}) is valid


@pytest.mark.parametrize(
    ("values", "valid"),
    [
        ({"2008-01-01": 125000, "2020-07-01": {"value": 200000, "status": "secondary"}}, True),
        ([{"from": "2008-01-01", "value": 125000}], True),  # the list form the model holds
        ({"1 January 2008": 125000}, False),  # keys are dates
        ({"2008-01-01": {"value": 125000, "rate": 3}}, False),  # unknown key in an entry
        ({}, False),
    ],
)
def test_dated_values_forms(values: Any, valid: bool) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    parameter = {
        "unit": "money",
        "status": "verified",
        "source": {"statute": "tvisteloven", "url": "https://lovdata.no/"},
        "values": values,
    }
    document = {"parameters": {"conciliation_threshold": parameter}}
    assert jsonschema.Draft202012Validator(schema).is_valid(document) is valid


# --- the modeline in every profile file -----------------------------------------------------------


def test_profile_files_found() -> None:
    assert len(PROFILE_FILES) >= 20
    assert any(file.parent.parent.name == "no" for file in PROFILE_FILES)  # an overlay


@pytest.mark.parametrize("file", PROFILE_FILES, ids=lambda f: str(f.relative_to(ROOT)))
def test_profile_file_names_the_schema(file: Path) -> None:
    first = file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), f"{file.relative_to(ROOT)} must start with {MODELINE}..."
    target = first.removeprefix(MODELINE).strip()
    assert not Path(target).is_absolute() and "://" not in target, "use a relative path"
    assert (file.parent / target).resolve() == SCHEMA_FILE.resolve()
