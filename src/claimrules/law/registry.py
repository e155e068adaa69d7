"""Finding profiles: built-in ones shipped with the package, and plug-ins by entry point.

A built-in id is a path below the profiles directory: ``no``, ``dk``, ``gl``, ``no/orkdal``.
Another package can ship profiles by registering, under the entry-point group
``claimrules.profiles``, an object that is a directory (``str`` or ``Path``) or a module whose
folder holds the profile; the entry point's name is the profile id.

A plug-in that cannot be used (its module does not import, it names no profile directory, its
name is not an id or is a built-in's) is reported once as a :class:`PluginWarning` and never
affects the built-in profiles or the other plug-ins; asked for by its id, it is a ProfileError
naming the distribution and the entry point. A profile loaded by id must carry that id.

Ids and paths are kept apart: a ``str`` is an id and resolves only to a built-in or plug-in
profile (never against the working directory); a profile directory or file is given as a
``Path``. In an overlay, ``extends:`` names an id, or a path relative to the overlay's own
directory written explicitly as a path (``./base``, ``../base`` or an absolute path).
"""

from __future__ import annotations

import re
import threading
import warnings
from dataclasses import dataclass
from importlib import metadata
from os import PathLike
from pathlib import Path
from types import ModuleType

from claimrules.errors import ProfileError, ProfileIssue
from claimrules.law.loader import load_directory
from claimrules.law.profile import Profile
from claimrules.model.messages import _msg, say

__all__ = [
    "ENTRY_POINT_GROUP",
    "PROFILE_ID",
    "PluginWarning",
    "available_profiles",
    "builtin_root",
    "load_profile",
    "profile_ref",
]

PROFILE_ID = re.compile(r"^[a-z]{2}(/[a-z0-9_-]+)*$")
"""What a profile id looks like: a country code, then ``/municipality`` parts."""

ENTRY_POINT_GROUP = "claimrules.profiles"

_cache: dict[Path, Profile] = {}
_lock = threading.Lock()


def builtin_root() -> Path:
    """Directory of the built-in profiles (inside the wheel, or the source checkout)."""
    package = Path(__file__).resolve().parent.parent
    shipped = package / "profiles"
    if shipped.is_dir():
        return shipped
    return package.parent.parent / "profiles"  # editable install: <repo>/src/claimrules


class PluginWarning(UserWarning):
    """A plug-in that registers a profile under ``claimrules.profiles`` cannot be used (its
    module does not import, it names no directory, or its id is not its own). The built-in
    profiles and the other plug-ins are not affected; the plug-in's id, asked for, is a
    :class:`ProfileError`."""


@dataclass(frozen=True)
class _Plugins:
    """The plug-ins found: the usable ones by id, and what is wrong with the others."""

    locations: dict[str, Path]
    broken: dict[str, str]


_reported: set[str] = set()


def _plugins() -> _Plugins:
    """Every entry point of :data:`ENTRY_POINT_GROUP`, each loaded on its own: one that fails
    (a module that does not import, a value that is not a directory, a name that is not a
    profile id or that a built-in profile or an earlier plug-in already has) is set aside with
    the reason and reported once as a :class:`PluginWarning`; it never affects the others."""
    root = builtin_root()
    locations: dict[str, Path] = {}
    broken: dict[str, str] = {}
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        where = _entry_text(entry)
        problem = _entry_problem(entry.name, root, locations)
        location: Path | None = None
        if problem is None:
            location, problem = _entry_location(entry)
        if problem is None and location is not None:
            locations[entry.name] = location
            continue
        text = f"{where} cannot be used: {problem}"
        broken.setdefault(entry.name, text)
        if text not in _reported:
            _reported.add(text)
            warnings.warn(text, PluginWarning, stacklevel=3)
    return _Plugins(locations, broken)


def _entry_text(entry: metadata.EntryPoint) -> str:
    """``plug-in profile 'se' (entry point se = claimrules_se:PROFILE_DIR of claimrules-se 1.0)``."""
    dist = entry.dist
    owner = f" of {dist.name} {dist.version}" if dist is not None else ""
    return f"plug-in profile {entry.name!r} (entry point {entry.name} = {entry.value}{owner})"


def _entry_problem(name: str, root: Path, found: dict[str, Path]) -> str | None:
    """What makes a plug-in's name unusable as its profile id, if anything."""
    if not PROFILE_ID.match(name):
        return "its name is not a profile id (a country code, then /municipality parts)"
    if (root / name / "profile.yaml").is_file():
        return f"{name!r} is a built-in profile's id, which a plug-in cannot take"
    if name in found:
        return f"another plug-in already registers {name!r}"
    return None


def _entry_location(entry: metadata.EntryPoint) -> tuple[Path | None, str | None]:
    """The profile directory an entry point names, or why it names none."""
    try:
        target = entry.load()
    except Exception as error:  # a plug-in's import may fail in any way: never ours to raise
        return None, f"{type(error).__name__}: {error}"
    if isinstance(target, ModuleType):
        if target.__file__ is None:
            return None, f"module {target.__name__} has no folder"
        location = Path(target.__file__).parent
    elif isinstance(target, str | PathLike):
        location = Path(target)
    else:
        return None, f"it names a {type(target).__name__}, not a directory or a module"
    if not (location / "profile.yaml").is_file():
        return None, f"{location} holds no profile.yaml"
    return location, None


def available_profiles() -> list[str]:
    """Ids of every built-in and usable plug-in profile (a plug-in that cannot be used is
    reported as a :class:`PluginWarning` and left out)."""
    root = builtin_root()
    ids = {str(directory.parent.relative_to(root)) for directory in root.rglob("profile.yaml")}
    ids.update(_plugins().locations)
    return sorted(ids)


NO_PROFILE = _msg("no profile {ref}; known: {known}")
NO_PROFILE_PATH = _msg(
    "no profile {ref}; known: {known}; a profile directory is given as a path (a Path object)"
)
"""A profile id that names no profile, as a catalogue sentence (``validate --lang``)."""


def _locate(ref: str) -> Path:
    """The directory of the built-in or plug-in profile with id ``ref``."""
    if PROFILE_ID.match(ref):
        candidate = builtin_root() / ref
        if (candidate / "profile.yaml").is_file():
            return candidate
        plugins = _plugins()
        if ref in plugins.locations:
            return plugins.locations[ref]
        if ref in plugins.broken:
            raise ProfileError([ProfileIssue(None, None, "", plugins.broken[ref])])
    known = ", ".join(available_profiles())
    hint = not PROFILE_ID.match(ref)
    problem = say(NO_PROFILE_PATH if hint else NO_PROFILE, ref=repr(ref), known=known)
    raise ProfileError([ProfileIssue(None, None, "", str(problem), None, problem)])


def _resolve_base(ref: str, overlay: Path) -> Path:
    """The base profile an overlay at ``overlay`` extends: an id, or a path written as one (an
    absolute path, or ``./x`` / ``../x`` from the overlay's directory)."""
    if ref.startswith("/"):
        return Path(ref)
    if ref.startswith(("./", "../")):
        return overlay.parent / ref if overlay.is_file() else overlay / ref
    return _locate(ref)


def profile_ref(text: str) -> str | Path:
    """What a user typed for a profile (on the command line): a known id stays an id, anything
    else that names an existing file or directory is that path; else it stays an id (and
    :func:`load_profile` says which ids are known)."""
    if PROFILE_ID.match(text) and text in available_profiles():
        return text
    if text and Path(text).exists():
        return Path(text)
    return text


def _id_line(file: Path) -> int | None:
    """The line of ``id:`` in a profile.yaml, for the error that points at it."""
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((n for n, text in enumerate(lines, 1) if text.strip().startswith("id:")), None)


def load_profile(ref: str | Path) -> Profile:
    """Load a profile by built-in id (``"no"``, ``"no/orkdal"``), plug-in id, or path.

    A profile is loaded once per process and then reused.

    Raises:
        ProfileError: the profile does not exist or is not valid (file, line, key path).
    """
    location = (Path(ref) if isinstance(ref, Path) else _locate(ref)).resolve()
    with _lock:
        cached = _cache.get(location)
        if cached is None:
            cached = load_directory(location, _resolve_base)
            _cache[location] = cached
    if isinstance(ref, str) and cached.id != ref:
        raise ProfileError(
            [
                ProfileIssue(
                    location / "profile.yaml",
                    _id_line(location / "profile.yaml"),
                    "profile.id",
                    f"the profile registered as {ref!r} says its id is {cached.id!r}: a "
                    "profile loaded by id must carry that id (decisions name it), so it is "
                    "refused",
                )
            ]
        )
    return cached
