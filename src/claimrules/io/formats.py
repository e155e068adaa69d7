"""Reading claims and writing decisions: JSON Lines, CSV (claims + events files) and Parquet.

Every reader yields one item per input record, in input order: a :class:`Claim`, or the
:class:`ClaimError` for that record with its line (or row) number, so one bad record is reported
and skipped while the rest are decided. JSON Lines and Parquet stream in constant memory; the CSV
reader holds the events file in memory (keyed by claim id), since a CSV export lists events in
any order.

The field names are the contract's (``docs/index.md``). CSV flattens the debtor into
``debtor_id`` and ``debtor_kind``; its events file has ``claim_id``, ``kind``, ``on`` and one
column per event field, empty where an event has no such field.

Each format is a module of its own (:mod:`claimrules.io.jsonl`, :mod:`claimrules.io.csvfiles`,
:mod:`claimrules.io.parquet`), listed in :mod:`claimrules.io.registry`; this module picks the
format from the file name and holds the names of them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO

from claimrules.errors import ClaimError, FormatError
from claimrules.io.csvfiles import csv_cell, csv_row, read_claims_csv, write_claims_csv, write_csv
from claimrules.io.jsonl import read_claims_jsonl, read_numbered_jsonl, write_claims_jsonl
from claimrules.io.parquet import read_claims_parquet
from claimrules.io.registry import FORMATS, either, format_named, format_of
from claimrules.io.rows import (
    CLAIM_COLUMNS,
    DECISION_COLUMNS,
    EVENT_COLUMNS,
    claim_to_row,
    decision_to_row,
)
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision

__all__ = [
    "CLAIM_COLUMNS",
    "DECISION_COLUMNS",
    "EVENT_COLUMNS",
    "FormatError",
    "claim_to_row",
    "csv_cell",
    "csv_row",
    "decision_to_row",
    "detect_format",
    "read_claims",
    "read_claims_csv",
    "read_claims_jsonl",
    "read_claims_parquet",
    "read_numbered",
    "read_numbered_jsonl",
    "write_claims_csv",
    "write_claims_jsonl",
    "write_csv",
    "write_decisions",
]


def detect_format(path: Path) -> str:
    """``jsonl``, ``csv`` or ``parquet`` from the file name; raises FormatError otherwise."""
    return format_of(path).name


def read_claims(
    path: Path | str, *, events: Path | str | None = None
) -> Iterator[Claim | ClaimError]:
    """Read claims from ``path`` in the format its name says (see :func:`detect_format`).

    For CSV, ``events`` is the events file; it defaults to ``NAME.events.csv`` beside
    ``NAME.csv`` and may be absent (claims without events).

    Raises:
        FormatError: the file as a whole cannot be read (bad header, not UTF-8, not Parquet,
            events for claims that are not in the claims file): raised before any claim.
    """
    return (item for _, item in read_numbered(path, events=events))


def read_numbered(
    path: Path | str, *, events: Path | str | None = None
) -> Iterator[tuple[int, Claim | ClaimError]]:
    """Like :func:`read_claims`, with each record's line (JSONL, CSV) or row (Parquet) number."""
    path = Path(path)
    return format_of(path).read_numbered(path, Path(events) if events is not None else None)


def write_decisions(decisions: Iterable[Decision], target: Path | IO[str], kind: str) -> int:
    """Write decisions as ``jsonl`` (everything, for :func:`claimrules.tools.replay`) or ``csv``
    (flat rows); returns the count. Parquet output is in :mod:`claimrules.io.scale`."""
    found = format_named(kind)
    if found is None or found.write_decisions is None:
        names = either(f.name for f in FORMATS if f.write_decisions is not None)
        raise FormatError(f"cannot write decisions as {kind!r} here ({names})")
    with ExitStack() as stack:
        handle = (
            stack.enter_context(target.open("w", encoding="utf-8", newline=""))
            if isinstance(target, Path)
            else target
        )
        return found.write_decisions(decisions, handle)
