"""Loading a profile: read its YAML files, apply an overlay to its base, validate, check.

Every problem becomes a :class:`~claimrules.errors.ProfileIssue` naming the file, the line and
the key path, with a did-you-mean for unknown keys.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import types
import typing
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from claimrules.errors import ProfileError, ProfileIssue
from claimrules.law.checks import check_profile
from claimrules.law.profile import Profile
from claimrules.law.schema import ProfileSpec
from claimrules.law.values import NOT_ASCENDING
from claimrules.law.yamlio import NOT_A_DATE, PathKey, Positions, read_yaml
from claimrules.model.messages import Said, _msg, say

__all__ = ["OVERLAY_SECTIONS", "load_directory"]

_HINT = re.compile(r" \(did you mean '([^']+)'\?\)")
_ENTRY_DATE = re.compile(
    r"(?:Value error, )?(?:overlapping dated values: |.*from )(\d{4}-\d{2}-\d{2})"
)

_BOUNDS = {
    "greater_than_equal": (_msg("must be at least {limit}"), "ge"),
    "greater_than": (_msg("must be more than {limit}"), "gt"),
    "less_than_equal": (_msg("must be at most {limit}"), "le"),
    "less_than": (_msg("must be less than {limit}"), "lt"),
}
"""pydantic's range errors, said as the range a legal value must lie in."""

NO_SUCH_PROFILE_FILE = _msg("no such profile file or directory")
NO_YAML_FILES = _msg("the directory holds no YAML files")
NOT_A_MAPPING = _msg("a profile file must be a mapping of sections")
SECTION_TWICE = _msg("section also defined in {file}")
EXTENDS_AN_ID = _msg("must be a profile id")
OVERLAY_NATIONAL = _msg(
    "an overlay cannot change national law ({section}); it may set only: {allowed}"
)
OVERLAY_INHERITS = _msg("an overlay inherits this from its base")
UNKNOWN_KEY = _msg("unknown key '{key}'; allowed here: {allowed}")
REQUIRED_KEY = _msg("required key is missing")
GOT = _msg("{problem} (got {value})")
"""The commonest problems of a profile being edited, as catalogue sentences (``claimrules
validate --lang``); the profile's keys and values inside them are shown as written."""

OVERLAY_SECTIONS = frozenset({"profile", "local", "warnings"})
"""What an overlay may set. National law stays in the base profile; a municipality only adds
its own choices (which the checks keep within the national caps)."""

_OVERLAY_PROFILE_KEYS = frozenset({"id", "name", "extends", "description", "last_verified_on"})


class _Raw:
    """A profile's merged raw data, where each key came from, and the files read."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}
        self.positions = Positions()
        self.files: list[Path] = []
        self.digest = hashlib.sha256()


def _yaml_files(location: Path) -> list[Path]:
    if location.is_file():
        return [location]
    if not location.is_dir():
        problem = say(NO_SUCH_PROFILE_FILE)
        raise ProfileError([ProfileIssue(location, None, "", str(problem), None, problem)])
    files = sorted(p for p in location.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    inside = location.resolve()
    for file in files:
        if file.is_symlink() and not file.resolve().is_relative_to(inside):
            raise ProfileError(
                [
                    ProfileIssue(
                        file,
                        None,
                        "",
                        f"a link to {file.resolve()}, outside the profile directory: a profile "
                        "reads only its own files",
                    )
                ]
            )
    if not files:
        problem = say(NO_YAML_FILES)
        raise ProfileError([ProfileIssue(location, None, "", str(problem), None, problem)])
    return files


def _read(
    location: Path, resolve: typing.Callable[[str, Path], Path], seen: tuple[Path, ...]
) -> _Raw:
    if location.resolve() in seen:
        chain = " → ".join(str(p) for p in (*seen, location.resolve()))
        raise ProfileError(
            [ProfileIssue(location, None, "profile.extends", f"circular extends: {chain}")]
        )
    raw = _Raw()
    owner: dict[str, Path] = {}
    unreadable: list[ProfileIssue] = []
    for file in _yaml_files(location):
        try:
            data, positions = read_yaml(file)
        except ProfileError as error:  # report every file's problems in one run
            unreadable += error.issues
            continue
        if not isinstance(data, dict):
            problem = say(NOT_A_MAPPING)
            unreadable.append(ProfileIssue(file, 1, "", str(problem), None, problem))
            continue
        for key, value in data.items():
            if key in owner:
                line = positions.where[(key,)][1] if (key,) in positions.where else None
                problem = say(SECTION_TWICE, file=str(owner[key]))
                raise ProfileError(
                    [ProfileIssue(file, line, str(key), str(problem), None, problem)]
                )
            owner[key] = file
            raw.data[key] = value
        raw.positions.update(positions)
        raw.files.append(file)
        raw.digest.update(file.name.encode() + b"\0" + file.read_bytes() + b"\0")
    if unreadable:
        raise ProfileError(unreadable)
    meta = raw.data.get("profile")
    extends = meta.get("extends") if isinstance(meta, dict) else None
    if extends is None:
        return raw
    where = raw.positions.locate(("profile", "extends"))
    if not isinstance(extends, str):
        problem = say(EXTENDS_AN_ID)
        raise ProfileError(
            [ProfileIssue(where[0], where[1], "profile.extends", str(problem), None, problem)]
        )
    for key in raw.data:
        if key not in OVERLAY_SECTIONS:
            key_file, line = raw.positions.locate((key,))
            allowed = ", ".join(sorted(OVERLAY_SECTIONS))
            problem = say(OVERLAY_NATIONAL, section=str(key), allowed=allowed)
            raise ProfileError(
                [ProfileIssue(key_file, line, str(key), str(problem), None, problem)]
            )
    assert isinstance(meta, dict)
    for key in meta:
        if key not in _OVERLAY_PROFILE_KEYS:
            key_file, line = raw.positions.locate(("profile", key))
            problem = say(OVERLAY_INHERITS)
            raise ProfileError(
                [ProfileIssue(key_file, line, f"profile.{key}", str(problem), None, problem)]
            )
    base_location = resolve(extends, location)
    base = _read(base_location, resolve, (*seen, location.resolve()))
    merged = _Raw()
    merged.data = _deep_merge(base.data, raw.data)
    merged.positions.update(base.positions)
    merged.positions.update(raw.positions)
    merged.files = [*base.files, *raw.files]
    merged.digest.update(base.digest.digest() + raw.digest.digest())
    return merged


def _deep_merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def load_directory(location: Path, resolve: typing.Callable[[str, Path], Path]) -> Profile:
    """Load and validate the profile at ``location`` (a directory or a single YAML file).

    ``resolve`` turns an ``extends`` id into the base profile's location.
    """
    raw = _read(location, resolve, ())
    read_problems = raw.positions.problems  # duplicate keys: reported with everything else
    try:
        spec = ProfileSpec.model_validate(raw.data)
    except ValidationError as error:
        issues = read_problems + _issues(error, raw)
        # problems the schema finds only once every value is valid, found here on the raw data
        # so that one run reports them all (a date written wrong and an overlap elsewhere)
        reported = {issue.key_path for issue in issues}
        issues += [i for i in _dated_order(raw) if i.key_path not in reported]
        raise ProfileError(issues) from None
    problems = check_profile(spec)
    if problems or read_problems:
        issues = list(read_problems)
        for path, message in problems:
            file, line = raw.positions.locate(path)
            issues.append(_problem_issue(file, line, ".".join(str(p) for p in path), message))
        raise ProfileError(issues)
    return Profile(spec, raw.digest.hexdigest(), tuple(raw.files), raw.positions)


def _problem_issue(file: Path | None, line: int | None, dotted: str, message: str) -> ProfileIssue:
    """A check's problem as an issue: its did-you-mean taken out of the message into
    ``suggestion`` (the sentence keeps the rest, for the reader's language)."""
    if isinstance(message, Said) and "hint" in message.params:
        hint = message.params["hint"]
        suggestion = str(hint.params["close"]) if isinstance(hint, Said) else None
        without = say(message.template, **{**message.params, "hint": ""})
        return ProfileIssue(file, line, dotted, str(without), suggestion, without)
    hint_match = _HINT.search(message)
    suggestion = hint_match.group(1) if hint_match else None
    said = message if isinstance(message, Said) else None
    return ProfileIssue(file, line, dotted, _HINT.sub("", message), suggestion, said)


def _dated_order(raw: _Raw) -> list[ProfileIssue]:
    """Dated values (mappings keyed by date) whose dates do not ascend, in the raw data."""
    issues: list[ProfileIssue] = []

    def walk(node: Any, path: PathKey) -> None:
        if isinstance(node, dict):
            values = node.get("values")
            if isinstance(values, dict):
                days = [key for key in values if hasattr(key, "isoformat")]
                for before, after in pairwise(days):
                    if after <= before:
                        where = (*path, "values", after.isoformat())
                        file, line = raw.positions.locate(where)
                        issues.append(
                            ProfileIssue(
                                file,
                                line,
                                ".".join(str(p) for p in where),
                                str(problem := say(NOT_ASCENDING, after=after, before=before)),
                                None,
                                problem,
                            )
                        )
            for key, value in node.items():
                walk(value, (*path, key.isoformat() if hasattr(key, "isoformat") else key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, index))

    walk(raw.data, ())
    return issues


def _data_path(loc: tuple[int | str, ...], data: Any) -> PathKey:
    """Drop pydantic's union tags from ``loc``, keeping only steps that exist in the data."""
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict):
            key = next((k for k in node if str(k) == str(part)), None)
            if key is None and isinstance(part, int) and path and path[-1] == "values":
                # dated values written as a mapping ({date: value}): the schema validates them
                # as a list, so pydantic's index is the mapping's n-th entry
                keys = list(node)
                key = keys[part] if 0 <= part < len(keys) else None
                if key is not None:
                    path.append(key.isoformat() if hasattr(key, "isoformat") else str(key))
                    entry = node[key]
                    # the shorthand "date: value" has no "value" key of its own
                    node = entry if isinstance(entry, dict) else {"value": entry}
                    if not isinstance(entry, dict) and i + 1 < len(loc) and loc[i + 1] == "value":
                        break
                    continue
            if key is not None:
                path.append(part if not hasattr(key, "isoformat") else key.isoformat())
                node = node[key]
                continue
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
            continue
        if last:
            path.append(part)
    return tuple(path)


def _model_at(path: PathKey) -> list[type[BaseModel]]:
    """The schema models that may sit at ``path`` (several where the schema has a union)."""
    current: list[Any] = [ProfileSpec]
    for part in path:
        following: list[Any] = []
        for annotation in current:
            for candidate in _unwrap(annotation):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    field = candidate.model_fields.get(str(part))
                    if field is None:
                        field = next(
                            (f for f in candidate.model_fields.values() if f.alias == part), None
                        )
                    if field is not None:
                        following.append(field.annotation)
                else:
                    origin = typing.get_origin(candidate)
                    args = typing.get_args(candidate)
                    if origin is dict and len(args) == 2:
                        following.append(args[1])
                    elif origin is list and args:
                        following.append(args[0])
        current = following
    models: list[type[BaseModel]] = []
    for annotation in current:
        models += [
            c for c in _unwrap(annotation) if isinstance(c, type) and issubclass(c, BaseModel)
        ]
    return models


def _unwrap(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        result: list[Any] = []
        for arg in typing.get_args(annotation):
            result += _unwrap(arg)
        return result
    return [annotation]


def _suggest(path: PathKey) -> tuple[str | None, str]:
    parent, key = path[:-1], str(path[-1])
    names: set[str] = set()
    for model in _model_at(parent):
        for name, field in model.model_fields.items():
            names.add(field.alias or name)
    close = difflib.get_close_matches(key, sorted(names), n=1, cutoff=0.6)
    return (close[0] if close else None), ", ".join(sorted(names))


def _entry_path(path: PathKey, message: str, data: Any) -> PathKey:
    """Point an error about one dated entry at that entry rather than its parameter."""
    found = _ENTRY_DATE.match(message)
    node: Any = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    if not found or not isinstance(node, dict) or "values" not in node:
        return path
    day = found.group(1)
    values = node["values"]
    if isinstance(values, dict):
        return (*path, "values", day)
    if isinstance(values, list):
        for i, entry in enumerate(values):
            if isinstance(entry, dict) and str(entry.get("from")) == day:
                last = i
        return (*path, "values", last) if "last" in locals() else path
    return path


def _issues(error: ValidationError, raw: _Raw) -> list[ProfileIssue]:
    issues: list[ProfileIssue] = []
    items = error.errors(include_url=False)
    # A typo of a required key is one mistake: report the unknown key with its did-you-mean,
    # not also the missing key it was meant to be.
    typos: set[PathKey] = set()
    for item in items:
        if item["type"] == "extra_forbidden":
            path = _data_path(tuple(item["loc"]), raw.data)
            close, _ = _suggest(path)
            if close is not None:
                typos.add((*path[:-1], close))
    items.sort(key=lambda item: item["type"] != "extra_forbidden")
    for item in items:
        path = _data_path(tuple(item["loc"]), raw.data)
        if item["type"] == "missing" and path in typos:
            continue
        path = _entry_path(path, str(item["msg"]), raw.data)
        date_key = len(path) >= 3 and path[-1] == "from" and path[-3] == "values"
        if date_key:
            path = path[:-1]  # the entry's key is its date: point at it
        file, line = raw.positions.locate(path)
        dotted = ".".join(str(p) for p in path)
        suggestion = None
        message: str
        if item["type"] == "extra_forbidden":
            suggestion, allowed = _suggest(path)
            message = say(UNKNOWN_KEY, key=str(path[-1]), allowed=allowed)
        elif item["type"] == "missing":
            message = say(REQUIRED_KEY)
        elif date_key and item["type"].startswith("date"):
            message = say(NOT_A_DATE, value=repr(item.get("input")))
        else:
            raised = (item.get("ctx") or {}).get("error")
            if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], Said):
                message = raised.args[0]  # our own sentence, raised inside validation
            else:
                message = str(item["msg"]).removeprefix("Value error, ")
            bound = _BOUNDS.get(item["type"])
            limits = item.get("ctx") or {}
            if bound is not None and bound[1] in limits:
                message = say(bound[0], limit=str(limits[bound[1]]))
            value = item.get("input")
            if not isinstance(value, dict | list) and item["type"] != "value_error":
                shown = str(value) if isinstance(value, Decimal | int | date) else repr(value)
                message = (
                    say(GOT, problem=message, value=shown)
                    if isinstance(message, Said)
                    else f"{message} (got {shown})"
                )
        said = message if isinstance(message, Said) else None
        issues.append(ProfileIssue(file, line, dotted, str(message), suggestion, said))
    return issues
