"""Finding profiles: built-in ones shipped with the package, and plug-ins by entry point.

A built-in id is a path below the profiles directory: ``no``, ``dk``, ``gl``, ``no/orkdal``.
Another package can ship profiles by registering, under the entry-point group
``claimrules.profiles``, an object that is a directory (``str`` or ``Path``) or a module whose
folder holds the profile; the entry point's name is the profile id.
"""

from __future__ import annotations

import threading
from importlib import metadata
from pathlib import Path
from types import ModuleType

from claimrules.errors import ProfileError, ProfileIssue
from claimrules.profile.loader import load_directory
from claimrules.profile.profile import Profile

__all__ = ["ENTRY_POINT_GROUP", "available_profiles", "builtin_root", "load_profile"]

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


def _locate(ref: str, near: Path | None = None) -> Path:
    candidate = builtin_root() / ref
    if ref and ".." not in Path(ref).parts and (candidate / "profile.yaml").is_file():
        return candidate
    plugins = _plugin_locations()
    if ref in plugins:
        return plugins[ref]
    if near is not None and (near / ref).exists():
        return near / ref
    path = Path(ref)
    if path.exists():
        return path
    known = ", ".join(available_profiles())
    raise ProfileError([ProfileIssue(None, None, "", f"no profile {ref!r}; known: {known}")])


def _resolve_base(ref: str, overlay: Path) -> Path:
    return _locate(ref, overlay.parent)


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
