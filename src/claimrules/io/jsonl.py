"""JSON Lines: one claim, or one decision, per line, in the contract's field names.

Claims stream in constant memory; a bad line is reported as its :class:`ClaimError` with its
line number, and blank lines are skipped. Decisions are written whole (everything
:func:`claimrules.tools.replay` needs).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from claimrules.errors import ClaimError
from claimrules.io.fileformat import FileFormat
from claimrules.model.claims import Claim, claim_from_json
from claimrules.model.decision import Decision, record_json

__all__ = [
    "FORMAT",
    "numbered_lines",
    "read_claims_jsonl",
    "read_numbered_jsonl",
    "write_claim_records",
    "write_claims_jsonl",
    "write_decision_records",
    "write_decisions_jsonl",
]


def read_claims_jsonl(source: Path | IO[bytes]) -> Iterator[Claim | ClaimError]:
    """One claim per line (blank lines are skipped); errors carry the line number."""
    return (item for _, item in read_numbered_jsonl(source))


def read_numbered_jsonl(
    source: Path | IO[bytes],
) -> Iterator[tuple[int, Claim | ClaimError]]:
    """Claims of a JSON Lines file (or open binary handle), each with its line number."""
    with ExitStack() as stack:
        handle = stack.enter_context(source.open("rb")) if isinstance(source, Path) else source
        for number, line in enumerate(handle, start=1):
            if line.isspace() or not line:
                continue
            yield number, _claim_from_json(line, number)


def _claim_from_json(line: bytes, number: int) -> Claim | ClaimError:
    try:
        return claim_from_json(line, line=number)
    except ClaimError as error:
        return error


def _read_numbered(path: Path, events: Path | None) -> Iterator[tuple[int, Claim | ClaimError]]:
    """:func:`read_numbered_jsonl` of a file (JSON Lines has no events file)."""
    return read_numbered_jsonl(path)


def numbered_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The non-blank lines of a JSON Lines file, unparsed, each with its line number."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


def write_claims_jsonl(claims: Iterable[Claim], target: Path | IO[str]) -> int:
    """Write claims as JSON Lines in the contract's field names; returns the count."""
    count = 0
    with ExitStack() as stack:
        handle = (
            stack.enter_context(target.open("w", encoding="utf-8"))
            if isinstance(target, Path)
            else target
        )
        for claim in claims:
            handle.write(claim.model_dump_json(exclude_none=True) + "\n")
            count += 1
    return count


def write_claim_records(
    records: Iterable[Mapping[str, Any]], path: Path, events: Path | None = None
) -> int:
    """Write claim records (plain JSON data in the contract's shape) one per line, as written
    (``"key": value``); returns the count. JSON Lines has no events file: ``events`` is
    unused."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, separators=(", ", ": ")) + "\n")
            count += 1
    return count


def write_decisions_jsonl(decisions: Iterable[Decision], handle: IO[str]) -> int:
    """Write decisions whole, one per line (``Decision.model_dump_json()``); the count."""
    count = 0
    for decision in decisions:
        handle.write(decision.model_dump_json() + "\n")
        count += 1
    return count


def write_decision_records(records: Iterable[dict[str, Any]], target: Path | IO[bytes]) -> int:
    """Write decision records one per line, the bytes of ``Decision.model_dump_json()``
    (:func:`~claimrules.model.decision.record_json`), to a file or an open binary stream (which
    is flushed, not closed); returns the count."""
    count = 0
    with ExitStack() as stack:
        sink = stack.enter_context(target.open("wb")) if isinstance(target, Path) else target
        for record in records:
            sink.write(record_json(record) + b"\n")
            count += 1
        sink.flush()
    return count


FORMAT = FileFormat(
    name="jsonl",
    title="JSON Lines",
    suffixes=(".jsonl", ".ndjson", ".json"),
    read_numbered=_read_numbered,
    write_claims=write_claim_records,
    write_records=write_decision_records,
    write_decisions=write_decisions_jsonl,
    read_stream=read_numbered_jsonl,
    lines=numbered_lines,
    holds="everything, replayable",
)
"""JSON Lines (``.jsonl``, ``.ndjson``, ``.json``)."""
