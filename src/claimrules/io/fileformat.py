"""What a file format of claims and decisions is: its name, its file suffixes, the extra it
needs, and how it reads and writes. Each format module (:mod:`claimrules.io.jsonl`,
:mod:`claimrules.io.csvfiles`, :mod:`claimrules.io.parquet`) describes itself as one
:class:`FileFormat`; :mod:`claimrules.io.registry` lists them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from claimrules.errors import ClaimError, FormatError
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision

__all__ = ["FileFormat", "Numbered"]

Numbered = Iterator[tuple[int, Claim | ClaimError]]
"""Claims read from a file, each with its line (or row) number; a bad record is its ClaimError."""


@dataclass(frozen=True)
class FileFormat:
    """One file format of claims and decisions."""

    name: str
    """What :func:`claimrules.io.formats.detect_format` returns: ``jsonl``, ``csv``..."""
    title: str
    """The format as people name it, in messages: ``JSON Lines``, ``CSV``..."""
    suffixes: tuple[str, ...]
    """File name suffixes, lower case, the usual one first."""
    read_numbered: Callable[[Path, Path | None], Numbered]
    """The claims of a file (and of its events file, for a format that has one), numbered."""
    write_claims: Callable[[Iterable[Mapping[str, Any]], Path, Path | None], int]
    """Claim records in the contract's shape to a file (and its events file); the count."""
    write_records: Callable[[Iterable[dict[str, Any]], Path | IO[bytes]], int]
    """Decision records (:func:`~claimrules.engine.core.decision_record`) to a file or an open
    binary stream; the count."""
    write_decisions: Callable[[Iterable[Decision], IO[str]], int] | None = None
    """Decisions to an open text stream (:func:`claimrules.io.formats.write_decisions`);
    ``None`` for a format that is not text."""
    read_stream: Callable[[IO[bytes]], Numbered] | None = None
    """The claims of an open binary stream, for a format read front to back: how far a run
    has got is then the stream's position."""
    lines: Callable[[Path], Iterator[tuple[int, bytes]]] | None = None
    """Each claim's JSON with its line number, unparsed, for worker processes (``decide -j``);
    a format that has these also takes decisions as lines of JSON."""
    events_suffix: str | None = None
    """For a format that keeps events apart: what the name of a claims file's events file
    ends with, after the claims file's stem (``.events.csv``: ``NAME.events.csv``)."""
    holds: str = ""
    """What a decisions file in this format holds, for the help of ``decide -o``
    (``everything, replayable``, ``flat rows``)."""
    extra: str | None = None
    """The extra to install for this format (``pip install 'claimrules[EXTRA]'``)."""
    extra_module: str | None = None
    """The module the extra provides, imported to see whether it is installed."""

    def events_file(self, claims: Path) -> Path | None:
        """The events file beside a claims file; None for a format without one."""
        if self.events_suffix is None:
            return None
        return claims.with_name(f"{claims.stem}{self.events_suffix}")

    def require(self) -> None:
        """Check that the extra this format needs is installed.

        Raises:
            FormatError: it is not, in one line saying what to install.
        """
        if self.extra_module is None:
            return
        try:
            __import__(self.extra_module)
        except ImportError:
            raise FormatError(
                f"{self.title} files need the {self.extra} extra: "
                f"pip install 'claimrules[{self.extra}]'"
            ) from None
