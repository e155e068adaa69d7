"""Safe YAML reading for profiles, keeping the line of every key.

ruamel.yaml parses (YAML 1.2, so ``no`` and ``on`` stay strings) and resolves the plain scalar
types; this module turns its node tree into plain Python data and refuses everything a profile
must not contain: explicit tags (``!!python/object`` and friends), merge keys, duplicate keys,
non-string keys other than dates, and date-times. Floats are read as ``Decimal`` from their
source text, never through ``float``.

A hostile or broken file fails fast with a :class:`~claimrules.errors.ProfileError` naming the
file and line, never with a crash or a long wait: text that is not UTF-8, a file over
:data:`MAX_FILE_BYTES`, nesting deeper than :data:`MAX_DEPTH`, aliases that would expand to more
than :data:`MAX_NODES` values (a "billion laughs"), numbers of more than :data:`MAX_DIGITS`
digits, and integers with a leading zero (``014``: octal in some YAML dialects, so ambiguous).
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

__all__ = ["MAX_DEPTH", "MAX_DIGITS", "MAX_FILE_BYTES", "MAX_NODES", "Positions", "read_yaml"]

MAX_FILE_BYTES = 4 * 1024 * 1024
"""The largest profile file read (4 MiB; the built-in files are a few dozen KiB)."""
MAX_DEPTH = 64
"""The deepest nesting of mappings and lists a profile file may have."""
MAX_NODES = 200_000
"""The most values one file may hold once its aliases are expanded."""
MAX_DIGITS = 40
"""The most digits a number in a profile may have."""

_TAG = "tag:yaml.org,2002:"
_ALLOWED_SCALARS = {
    f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")
}

PathKey = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each key path of the merged profile data came from: ``path -> (file, line)``."""

    where: dict[PathKey, tuple[Path, int]] = field(default_factory=dict)
    problems: list[ProfileIssue] = field(default_factory=list)
    """Problems found while reading that do not stop the reading (a duplicate key: the first
    one is kept), reported with the rest of the profile's problems."""

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
        self.problems += other.problems


def _key_text(value: Any) -> str | int:
    if isinstance(value, date):
        return value.isoformat()
    return value  # type: ignore[no-any-return]


class _Converter:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.positions = Positions()
        self.nodes = 0

    def fail(self, node: Node, path: PathKey, message: str) -> ProfileError:
        dotted = ".".join(str(p) for p in path)
        return ProfileError([ProfileIssue(self.file, node.start_mark.line + 1, dotted, message)])

    def convert(self, node: Node, path: PathKey) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                path,
                f"more than {MAX_NODES:,} values once aliases are expanded: a profile needs "
                "far fewer (aliases that refer to aliases multiply)",
            )
        if len(path) > MAX_DEPTH:
            raise self.fail(node, path, f"nested more than {MAX_DEPTH} levels deep")
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
            key = self._scalar(key_node, (*path, str(key_node.value)))
            if not isinstance(key, str | date) or isinstance(key, bool):
                raise self.fail(key_node, path, f"mapping key {key!r} must be a word or a date")
            if key in result:
                first = self.positions.where.get((*path, _key_text(key)))
                first_line = f" (first defined on line {first[1]})" if first else ""
                duplicate = self.fail(
                    key_node, (*path, _key_text(key)), f"duplicate key{first_line}"
                )
                self.positions.problems += duplicate.issues  # keep the first, report, go on
                continue
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
        if tag in (f"{_TAG}int", f"{_TAG}float") and sum(c.isdigit() for c in text) > MAX_DIGITS:
            raise self.fail(node, path, f"a number with more than {MAX_DIGITS} digits")
        if tag == f"{_TAG}int":
            digits = text.replace("_", "").lstrip("+-")
            if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
                raise self.fail(
                    node,
                    path,
                    f"{text!r}: a number may not start with 0 (octal in some YAML dialects); "
                    f"write {int(digits)} or quote it",
                )
            try:
                return int(text.replace("_", ""), 0)
            except ValueError:
                raise self.fail(node, path, f"{text!r} is not a whole number") from None
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
            raise self.fail(
                node, path, f"{text!r} is not a date: write dates as YYYY-MM-DD (e.g. 2025-01-01)"
            ) from None


def read_yaml(file: Path, prefix: PathKey = ()) -> tuple[Any, Positions]:
    """Read one YAML file safely; returns the data and the line of every key path.

    Raises:
        ProfileError: the file cannot be read or parsed, or contains a forbidden construct.
    """
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ProfileError(
                [
                    ProfileIssue(
                        file,
                        None,
                        "",
                        f"the file has {size:,} bytes; a profile file may have at most "
                        f"{MAX_FILE_BYTES:,}",
                    )
                ]
            )
        raw = file.read_bytes()
    except OSError as error:
        raise ProfileError([ProfileIssue(file, None, "", f"cannot read file: {error}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad_line = raw.count(b"\n", 0, error.start) + 1
        raise ProfileError(
            [
                ProfileIssue(
                    file,
                    bad_line,
                    "",
                    f"not UTF-8 text (byte {raw[error.start]:#04x} at offset {error.start}); "
                    "save the file as UTF-8",
                )
            ]
        ) from None
    yaml = YAML(typ="safe", pure=True)
    deep = _deep_flow(text)
    if deep is not None:
        raise ProfileError(
            [ProfileIssue(file, deep, "", f"nested more than {MAX_DEPTH} levels deep")]
        )
    try:
        node = yaml.compose(text)
    except RecursionError:
        # the composer recurses per level: find the line where the nesting got too deep
        # with the (iterative) event parser, only on this rare path
        _check_depth(yaml, text, file)
        raise ProfileError(
            [ProfileIssue(file, None, "", f"nested more than {MAX_DEPTH} levels deep")]
        ) from None
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


def _check_depth(yaml: YAML, text: str, file: Path) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before the (recursive) composer sees it."""
    depth = 0
    for event in yaml.parse(text):
        name = type(event).__name__
        if name in ("MappingStartEvent", "SequenceStartEvent"):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                raise ProfileError(
                    [ProfileIssue(file, line, "", f"nested more than {MAX_DEPTH} levels deep")]
                )
        elif name in ("MappingEndEvent", "SequenceEndEvent"):
            depth -= 1


def _deep_flow(text: str) -> int | None:
    """The line where ``[ ... ]`` / ``{ ... }`` nesting first goes deeper than
    :data:`MAX_DEPTH`, found in one cheap pass before the YAML scanner (which slows down badly
    on deep flow nesting) sees the text; ``None`` when it never does. Quoted text and comments
    are skipped."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if "[" not in line and "{" not in line and not depth:
            continue
        quote = ""
        for char in line:
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"":
                quote = char
            elif char == "#":
                break
            elif char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None
