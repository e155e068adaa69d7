"""Finding profiles: built-in ones shipped with the package, and plug-ins by entry point.

A built-in id is a path below the profiles directory: ``no``, ``dk``, ``gl``, ``no/orkdal``.
Another package can ship profiles by registering, under the entry-point group
``claimrules.profiles``, an object that is a directory (``str`` or ``Path``) or a module whose
folder holds the profile; the entry point's name is the profile id.

Ids and paths are kept apart: a ``str`` is an id and resolves only to a built-in or plug-in
profile (never against the working directory); a profile directory or file is given as a
``Path``. In an overlay, ``extends:`` names an id, or a path relative to the overlay's own
directory written explicitly as a path (``./base``, ``../base`` or an absolute path).
"""

from __future__ import annotations

import re
import threading
from importlib import metadata
from pathlib import Path
from types import ModuleType

from claimrules.errors import ProfileError, ProfileIssue
from claimrules.profile.loader import load_directory
from claimrules.profile.profile import Profile

__all__ = [
    "ENTRY_POINT_GROUP",
    "PROFILE_ID",
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


def _plugin_locations() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        target = entry.load()
        if isinstance(target, ModuleType):
            if target.__file__ is None:
                continue
            found[entry.name] = Path(target.__file__).parent
        else:
            found[entry.name] = Path(str(target))
    return found


def available_profiles() -> list[str]:
    """Ids of every built-in and plug-in profile."""
    root = builtin_root()
    ids = {str(directory.parent.relative_to(root)) for directory in root.rglob("profile.yaml")}
    ids.update(_plugin_locations())
    return sorted(ids)


def _locate(ref: str) -> Path:
    """The directory of the built-in or plug-in profile with id ``ref``."""
    if PROFILE_ID.match(ref):
        candidate = builtin_root() / ref
        if (candidate / "profile.yaml").is_file():
            return candidate
        plugins = _plugin_locations()
        if ref in plugins:
            return plugins[ref]
    known = ", ".join(available_profiles())
    hint = (
        "" if PROFILE_ID.match(ref) else "; a profile directory is given as a path (a Path object)"
    )
    raise ProfileError([ProfileIssue(None, None, "", f"no profile {ref!r}; known: {known}{hint}")])


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
        return cached
