"""Safe YAML reading for profiles, keeping the line of every key.

PyYAML parses (with libyaml, its C parser, where the wheel has it: a profile of ten files loads
in about 15 ms instead of 300 ms), and the plain scalar types are resolved by the rules of
YAML 1.2 (so ``no``, ``on`` and ``yes`` stay strings, unlike in PyYAML's own YAML 1.1
resolver); this module turns the node tree into plain Python data and refuses everything a profile
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

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from claimrules.errors import ProfileError, ProfileIssue
from claimrules.model.messages import Said, _msg, say

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


class _Resolver(BaseResolver):
    """The tags of plain scalars as YAML 1.2 resolves them (core schema, with ``_`` allowed in
    numbers and dates as timestamps); every other plain scalar is a string."""


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (
        "float",
        r"""^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
        "-+0123456789.",
    ),
    (
        "int",
        r"^(?:[-+]?0b[01_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$",
        "-+0123456789",
    ),
    ("merge", r"^<<$", "<"),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
        |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}
        (?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""",
        "0123456789",
    ),
    ("value", r"^=$", "="),
):
    _Resolver.add_implicit_resolver(f"{_TAG}{_tag}", re.compile(_pattern, re.X), list(_first))


class _PyLoader(Reader, Scanner, Parser, Composer, _Resolver):
    """PyYAML's pure-Python parser and composer, with the YAML 1.2 resolver: used where PyYAML
    was built without libyaml (the same data, lines and errors, ten times slower)."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _Resolver.__init__(self)


_Loader: type[Any] = _PyLoader

if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(CParser, _Resolver):
        """libyaml's parser and composer (C), with the YAML 1.2 resolver."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

    _Loader = _CLoader


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


TAG_NOT_ALLOWED = _msg("YAML tag {tag} is not allowed in a profile")
NO_MERGE_KEYS = _msg("YAML merge keys (<<) are not allowed in a profile")
PLAIN_KEYS = _msg("mapping keys must be plain words or dates")
KEY_WORD_OR_DATE = _msg("mapping key {key} must be a word or a date")
DUPLICATE_KEY = _msg("duplicate key")
DUPLICATE_KEY_AT = _msg("duplicate key (first defined on line {line})")
NO_LEADING_ZERO = _msg(
    "{text}: a number may not start with 0 (octal in some YAML dialects); write {number} or "
    "quote it"
)
NOT_WHOLE = _msg("{text} is not a whole number")
NOT_DECIMAL = _msg("{text} is not a decimal number")
NOT_FINITE = _msg("{text} is not a finite number")
NOT_A_DATE = _msg("{value} is not a date: write dates as YYYY-MM-DD (e.g. 2025-01-01)")
"""The mistakes of a profile being edited that the reader finds, as catalogue sentences
(``claimrules validate --lang``); the text quoted from the file is shown as written."""


class _Converter:
    def __init__(self, file: Path) -> None:
        self.file = file
        self.positions = Positions()
        self.nodes = 0

    def fail(self, node: Node, path: PathKey, message: str) -> ProfileError:
        """The problem ``message`` (a sentence made with ``say``, or text) at ``node``."""
        dotted = ".".join(str(p) for p in path)
        said = message if isinstance(message, Said) else None
        line = node.start_mark.line + 1
        return ProfileError([ProfileIssue(self.file, line, dotted, str(message), None, said)])

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
                raise self.fail(node, path, say(TAG_NOT_ALLOWED, tag=repr(node.tag)))
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        raise self.fail(node, path, "unsupported YAML node")  # pragma: no cover

    def _mapping(self, node: MappingNode, path: PathKey) -> dict[Any, Any]:
        if node.tag != f"{_TAG}map":
            raise self.fail(node, path, say(TAG_NOT_ALLOWED, tag=repr(node.tag)))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == f"{_TAG}merge":
                raise self.fail(key_node, path, say(NO_MERGE_KEYS))
            if not isinstance(key_node, ScalarNode):
                raise self.fail(key_node, path, say(PLAIN_KEYS))
            key = self._scalar(key_node, (*path, str(key_node.value)))
            if not isinstance(key, str | date) or isinstance(key, bool):
                raise self.fail(key_node, path, say(KEY_WORD_OR_DATE, key=repr(key)))
            if key in result:
                first = self.positions.where.get((*path, _key_text(key)))
                problem = say(DUPLICATE_KEY_AT, line=str(first[1])) if first else say(DUPLICATE_KEY)
                duplicate = self.fail(key_node, (*path, _key_text(key)), problem)
                self.positions.problems += duplicate.issues  # keep the first, report, go on
                continue
            child = (*path, _key_text(key))
            self.positions.where[child] = (self.file, key_node.start_mark.line + 1)
            result[key] = self.convert(value_node, child)
        return result

    def _scalar(self, node: ScalarNode, path: PathKey) -> Any:
        tag = node.tag
        if tag not in _ALLOWED_SCALARS:
            raise self.fail(node, path, say(TAG_NOT_ALLOWED, tag=repr(tag)))
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
                    say(NO_LEADING_ZERO, text=repr(text), number=str(int(digits))),
                )
            try:
                return int(text.replace("_", ""), 0)
            except ValueError:
                raise self.fail(node, path, say(NOT_WHOLE, text=repr(text))) from None
        if tag == f"{_TAG}float":
            try:
                value = Decimal(text.replace("_", ""))
            except InvalidOperation:
                raise self.fail(node, path, say(NOT_DECIMAL, text=repr(text))) from None
            if not value.is_finite():
                raise self.fail(node, path, say(NOT_FINITE, text=repr(text)))
            return value
        # timestamp
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.fail(node, path, say(NOT_A_DATE, value=repr(text))) from None


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
    deep = _deep_flow(text)
    if deep is not None:
        raise ProfileError(
            [ProfileIssue(file, deep, "", f"nested more than {MAX_DEPTH} levels deep")]
        )
    try:
        # the composer recurses once per level: the (iterative) event parser checks the
        # depth first, so that no nesting ever reaches it
        _check_depth(text, file)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or str(error)
        raise ProfileError([ProfileIssue(file, line, "", f"YAML syntax: {problem}")]) from None
    except ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise ProfileError(
            [ProfileIssue(file, line, "", f"YAML syntax: the character {code:#06x} is not allowed")]
        ) from None
    except yaml.YAMLError as error:  # pragma: no cover - every other error has a mark
        raise ProfileError([ProfileIssue(file, None, "", f"YAML syntax: {error}")]) from None
    if node is None:
        return {}, Positions()
    converter = _Converter(file)
    data = converter.convert(node, prefix)
    return data, converter.positions


_OPEN = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSE = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _check_depth(text: str, file: Path) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before the (recursive) composer sees it."""
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line = mark.line + 1 if mark is not None else None
                    raise ProfileError(
                        [ProfileIssue(file, line, "", f"nested more than {MAX_DEPTH} levels deep")]
                    )
            elif isinstance(event, _CLOSE):
                depth -= 1
    finally:
        loader.dispose()


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
