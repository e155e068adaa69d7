"""The file formats of claims and decisions, in one list.

Every reader and writer that picks a format by a file's name or by the format's name goes
through here. Adding a format is a module that describes itself as a
:class:`~claimrules.io.fileformat.FileFormat` and one line in :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from claimrules.errors import FormatError
from claimrules.io import csvfiles, jsonl, parquet
from claimrules.io.fileformat import FileFormat

__all__ = [
    "DEFAULT",
    "FORMATS",
    "claim_suffixes",
    "decision_suffixes",
    "either",
    "format_named",
    "format_of",
    "titles",
]

FORMATS: tuple[FileFormat, ...] = (
    jsonl.FORMAT,
    csvfiles.FORMAT,
    parquet.FORMAT,
)
"""Every format, in the order messages list them."""

DEFAULT: FileFormat = jsonl.FORMAT
"""The format of standard output, and of a device or pipe given as the output."""


def format_of(path: Path) -> FileFormat:
    """The format of a file, from its name's suffix (in any case).

    Raises:
        FormatError: no format has that suffix.
    """
    suffix = path.suffix.lower()
    for found in FORMATS:
        if suffix in found.suffixes:
            return found
    usual = either(found.suffixes[0] for found in FORMATS)
    raise FormatError(f"{path}: unknown format {suffix!r} (use {usual})")


def format_named(name: str) -> FileFormat | None:
    """The format called ``name`` (``jsonl``, ``csv``, ``parquet``), or None."""
    return next((found for found in FORMATS if found.name == name), None)


def decision_suffixes() -> str:
    """The suffixes decisions are written to, each run of formats that hold the same followed
    by what they hold: ``.jsonl (everything, replayable), .csv or .parquet (flat rows)``."""
    words = []
    for index, found in enumerate(FORMATS):
        following = FORMATS[index + 1] if index + 1 < len(FORMATS) else None
        last = following is None or following.holds != found.holds
        words.append(f"{found.suffixes[0]} ({found.holds})" if last else found.suffixes[0])
    return either(words)


def claim_suffixes() -> str:
    """The suffixes claims are written to, with any events file beside them:
    ``.jsonl, .csv (+ .events.csv) or .parquet``."""
    return either(
        f"{found.suffixes[0]} (+ {found.events_suffix})"
        if found.events_suffix
        else found.suffixes[0]
        for found in FORMATS
    )


def titles(formats: Iterable[FileFormat]) -> str:
    """The formats' titles for a message: ``JSON Lines``, ``JSON Lines or CSV``."""
    return either(found.title for found in formats)


def either(words: Iterable[str]) -> str:
    """Words for a message: ``a``, ``a or b``, ``a, b or c``."""
    listed = list(words)
    return f"{', '.join(listed[:-1])} or {listed[-1]}" if len(listed) > 1 else "".join(listed)
