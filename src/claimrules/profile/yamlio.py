"""Safe YAML reading for profiles, keeping the line of every key.

ruamel.yaml parses (YAML 1.2, so ``no`` and ``on`` stay strings) and resolves the plain scalar
types; this module turns its node tree into plain Python data and refuses everything a profile
must not contain: explicit tags (``!!python/object`` and friends), merge keys, duplicate keys,
non-string keys other than dates, and date-times. Floats are read as ``Decimal`` from their
source text, never through ``float``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from claimrules.errors import ProfileError, ProfileIssue

__all__ = ["Positions", "read_yaml"]

_TAG = "tag:yaml.org,2002:"
_ALLOWED_SCALARS = {
    f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
}

PathKey = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each key path of the merged profile data came from: ``path -> (file, line)``."""

    where: dict[PathKey, tuple[Path, int]] = field(default_factory=dict)

    def locate(self, path: PathKey) -> tuple[Path | None, int | None]:
        """The file and line of ``path``, or of its nearest ancestor that has one."""
        probe = tuple(path)
        while True:
            hit = self.where.get(probe)
            if hit is not None:
                return hit
            if not probe:
                return None, None
            probe = probe[:-1]

    def update(self, other: Positions) -> None:
        """Take over ``other``'s positions (an overlay's keys win over its base's)."""
        self.where.update(other.where)


def _key_text(value: Any) -> str | int:
    if isinstance(value, date):
        return value.isoformat()
    return value  # type: ignore[no-any-return]


class _Converter:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.positions = Positions()

    def fail(self, node: Node, path: PathKey, message: str) -> ProfileError:
        dotted = ".".join(str(p) for p in path)
        return ProfileError([ProfileIssue(self.file, node.start_mark.line + 1, dotted, message)])

    def convert(self, node: Node, path: PathKey) -> Any:
        self.positions.where.setdefault(path, (self.file, node.start_mark.line + 1))
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            if node.tag != f"{_TAG}seq":
                raise self.fail(node, path, f"YAML tag {node.tag!r} is not allowed in a profile")
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        raise self.fail(node, path, "unsupported YAML node")  # pragma: no cover

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[Any, Any]:
        if node.tag != f"{_TAG}map":
            raise self.fail(node, path, f"YAML tag {node.tag!r} is not allowed in a profile")
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                raise self.fail(key_node, path, "YAML merge keys (<<) are not allowed in a profile")
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, path, "mapping keys must be plain words or dates")
            key = self._scalar(key_node, path)
            if not isinstance(key, str | date) or isinstance(key, bool):
                raise self.fail(key_node, path, f"mapping key {key!r} must be a word or a date")
            if key in result:
                first = self.positions.where.get((*path, _key_text(key)))
                first_line = f" (first defined on line {first[1]})" if first else ""
                raise self.fail(key_node, (*path, _key_text(key)), f"duplicate key{first_line}")
            child = (*path, _key_text(key))
            self.positions.where[child] = (self.file, key_node.start_mark.line + 1)
            result[key] = self.convert(value_node, child)
        return result

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag not in _ALLOWED_SCALARS:
            raise self.fail(node, path, f"YAML tag {tag!r} is not allowed in a profile")
        text: str = node.value
        if tag == f"{_TAG}str":
            return text
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}bool":
            return text.lower() == "true"
        if tag == f"{_TAG}int":
            return int(text.replace("_", ""), 0)
        if tag == f"{_TAG}float":
            try:
                value = Decimal(text.replace("_", ""))
            except InvalidOperation:
                raise self.fail(node, path, f"{text!r} is not a decimal number") from None
            if not value.is_finite():
                raise self.fail(node, path, f"{text!r} is not a finite number")
            return value
        # timestamp
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(node, path, f"{text!r} must be a date (YYYY-MM-DD)") from None


def read_yaml(file: Path, prefix: PathKey = ()) -> tuple[Any, Positions]:
    """Read one YAML file safely; returns the data and the line of every key path.

    Raises:
        ProfileError: the file cannot be read or parsed, or contains a forbidden construct.
    """
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise ProfileError([ProfileIssue(file, None, "", f"cannot read file: {error}")]) from None
    yaml = YAML(typ="safe", pure=True)
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or str(error)
        raise ProfileError([ProfileIssue(file, line, "", f"YAML syntax: {problem}")]) from None
    if node is None:
        return {}, Positions()
    converter = _Converter(file)
    data = converter.convert(node, prefix)
    return data, converter.positions
