"""Reading claims and writing decisions: JSON Lines, CSV (claims + events files) and Parquet.

Every reader yields one item per input record, in input order: a :class:`Claim`, or the
:class:`ClaimError` for that record with its line (or row) number, so one bad record is reported
and skipped while the rest are decided. JSON Lines and Parquet stream in constant memory; the CSV
reader holds the events file in memory (keyed by claim id), since a CSV export lists events in
any order.

The field names are the contract's (``docs/index.md``). CSV flattens the debtor into
``debtor_id`` and ``debtor_kind``; its events file has ``claim_id``, ``kind``, ``on`` and one
column per event field, empty where an event has no such field.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from claimrules.errors import ClaimError, FormatError
from claimrules.io.rows import (
    CLAIM_COLUMNS,
    DECISION_COLUMNS,
    EVENT_COLUMNS,
    claim_to_row,
    decision_to_row,
)
from claimrules.model.claims import Claim, claim_from_json
from claimrules.model.decision import Decision
from claimrules.text.safe import spreadsheet_cell, spreadsheet_text

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
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise FormatError(f"{path}: unknown format {suffix!r} (use .jsonl, .csv or .parquet)")


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
    events = Path(events) if events is not None else None
    kind = detect_format(path)
    if kind == "jsonl":
        return read_numbered_jsonl(path)
    if kind == "csv":
        return _numbered_csv(path, events if events is not None else _events_path(path))
    return _numbered_parquet(path)


def _events_path(claims: Path) -> Path:
    return claims.with_name(f"{claims.stem}.events.csv")


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


def read_claims_csv(claims: Path, events: Path | None) -> Iterator[Claim | ClaimError]:
    """Claims from a claims CSV file and (optionally) an events CSV file keyed by claim id.

    Errors carry the claims file's line number; a bad events row is reported on its claim.
    Events for a claim id that is not in the claims file raise :class:`FormatError` before any
    claim is yielded: they would otherwise be lost without a word.
    """
    return (item for _, item in _numbered_csv(claims, events))


def _numbered_csv(claims: Path, events: Path | None) -> Iterator[tuple[int, Claim | ClaimError]]:
    by_claim = _events_by_claim(events) if events is not None and events.exists() else {}
    if by_claim:
        ids = {row["id"] for row in _csv_rows(claims, CLAIM_COLUMNS)}
        unknown = sorted(by_claim.keys() - ids)
        if unknown:
            raise FormatError(
                f"{events}: events for {len(unknown)} claim id(s) not in {claims}: "
                f"{', '.join(unknown[:5])}"
            )
    with _open_text(claims) as handle:
        reader = csv.DictReader(handle)
        _check_header(claims, reader.fieldnames, CLAIM_COLUMNS)
        for row in _decoded(claims, reader):
            rows = by_claim.pop(row["id"], [])
            yield reader.line_num, _claim_from_rows(row, rows, reader.line_num, events)


def _open_text(path: Path) -> IO[str]:
    return path.open(newline="", encoding="utf-8")


def _decoded(path: Path, rows: Iterable[dict[str, str]]) -> Iterator[dict[str, str]]:
    """The rows, each cell as the text it stands for (:func:`spreadsheet_text`: the apostrophe
    that :func:`write_csv` put before formula-like text is taken off); a file that is not UTF-8
    is a FormatError naming it, not a crash."""
    try:
        for row in rows:
            yield {
                key: spreadsheet_text(value)
                if isinstance(value, str) and value[:1] == "'"
                else value
                for key, value in row.items()
            }
    except UnicodeDecodeError as error:
        raise FormatError(
            f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None


def _csv_rows(path: Path, needed: Iterable[str]) -> Iterator[dict[str, str]]:
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        _check_header(path, reader.fieldnames, needed)
        yield from _decoded(path, reader)


def _events_by_claim(events: Path) -> dict[str, list[tuple[int, dict[str, str]]]]:
    by_claim: dict[str, list[tuple[int, dict[str, str]]]] = {}
    with _open_text(events) as handle:
        reader = csv.DictReader(handle)
        _check_header(events, reader.fieldnames, ("claim_id", "kind", "on"))
        for row in _decoded(events, reader):
            by_claim.setdefault(row["claim_id"], []).append((reader.line_num, row))
    return by_claim


def _check_header(path: Path, found: Any, needed: Iterable[str]) -> None:
    if found is None and path.stat().st_size:
        raise FormatError(f"{path}: line 1: not a CSV header")
    missing = [name for name in needed if name not in (found or ())]
    if missing:
        raise FormatError(f"{path}: line 1: missing column(s) {', '.join(missing)}")


def _claim_from_rows(
    row: Mapping[str, str],
    events: list[tuple[int, dict[str, str]]],
    number: int,
    events_path: Path | None,
) -> Claim | ClaimError:
    data: dict[str, Any] = {
        "id": row["id"],
        "claim_type": row["claim_type"],
        "debtor": {"id": row["debtor_id"], "kind": row["debtor_kind"]},
        "principal": row["principal"],
        "currency": row["currency"],
        "issued_on": row["issued_on"],
        "due_on": row["due_on"],
        "events": [
            {
                key: _instalments(value) if key == "instalments" else value
                for key, value in event.items()
                if value and key != "claim_id"
            }
            for _, event in events
        ],
    }
    try:
        return Claim.model_validate(data)
    except ClaimError as error:
        problems = []
        for field, message in error.problems:
            if field.startswith("events.") and events_path is not None:
                index = int(field.split(".")[1])
                message += f" ({events_path.name} line {events[index][0]})"
            problems.append((field, message))
        first_field, first = problems[0]
        return ClaimError(error.claim_id, first_field, first, line=number, problems=tuple(problems))


def _instalments(cell: str) -> list[dict[str, str]] | str:
    """The instalments of a CSV cell (:func:`instalments_cell`); the cell itself when it is
    not in that form, for the claim's validation to report."""
    found = []
    for part in cell.split(";"):
        words = part.split()
        if len(words) != 2:
            return cell
        found.append({"on": words[0], "amount": words[1]})
    return found


def write_claims_csv(claims: Iterable[Claim], path: Path, events: Path | None = None) -> int:
    """Write a claims CSV file and its events file (default ``NAME.events.csv``)."""
    events = events if events is not None else _events_path(path)
    count = 0
    with (
        path.open("w", newline="", encoding="utf-8") as claims_handle,
        events.open("w", newline="", encoding="utf-8") as events_handle,
    ):
        claims_writer = csv.DictWriter(claims_handle, CLAIM_COLUMNS)
        events_writer = csv.DictWriter(events_handle, EVENT_COLUMNS)
        claims_writer.writeheader()
        events_writer.writeheader()
        for claim in claims:
            row, event_rows = claim_to_row(claim)
            claims_writer.writerow(csv_row(row))
            events_writer.writerows(map(csv_row, event_rows))
            count += 1
    return count


def read_claims_parquet(path: Path, *, batch_size: int = 65536) -> Iterator[Claim | ClaimError]:
    """Claims from a Parquet file written by :func:`claimrules.io.scale.write_claims_parquet`.

    Needs ``pyarrow`` (``pip install 'claimrules[parquet]'``). Errors carry the row number
    (1-based), reported as the line.
    """
    return (item for _, item in _numbered_parquet(path, batch_size))


def _numbered_parquet(
    path: Path, batch_size: int = 65536
) -> Iterator[tuple[int, Claim | ClaimError]]:
    from claimrules.io.scale import arrow_to_claims, parquet_file

    number = 0
    for batch in parquet_file(path).iter_batches(batch_size=batch_size):
        for offset, item in enumerate(arrow_to_claims(batch, first_row=number + 1)):
            yield number + 1 + offset, item
        number += batch.num_rows


def write_decisions(decisions: Iterable[Decision], target: Path | IO[str], kind: str) -> int:
    """Write decisions as ``jsonl`` (everything, for :func:`claimrules.tools.replay`) or ``csv``
    (flat rows); returns the count. Parquet output is in :mod:`claimrules.io.scale`."""
    count = 0
    with ExitStack() as stack:
        handle = (
            stack.enter_context(target.open("w", encoding="utf-8", newline=""))
            if isinstance(target, Path)
            else target
        )
        if kind == "jsonl":
            for decision in decisions:
                handle.write(decision.model_dump_json() + "\n")
                count += 1
        elif kind == "csv":
            count = write_csv(map(decision_to_row, decisions), handle, DECISION_COLUMNS)
        else:
            raise FormatError(f"cannot write decisions as {kind!r} here (jsonl or csv)")
    return count


def csv_cell(value: Any) -> str:
    """One CSV cell: empty for ``None``, ``true``/``false``, numbers and dates as their text
    (amounts as exact decimals, dates as ``YYYY-MM-DD``), and text that a spreadsheet would run
    as a formula behind an apostrophe (:func:`~claimrules.text.safe.spreadsheet_cell`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return spreadsheet_cell(value)
    return str(value)


def csv_row(row: Mapping[str, Any]) -> dict[str, str]:
    """A row of :func:`csv_cell` cells."""
    return {key: csv_cell(value) for key, value in row.items()}


def write_csv(
    rows: Iterable[Mapping[str, Any]], handle: IO[str], columns: Sequence[str] | None = None
) -> int:
    """Write ``rows`` as CSV with a header (``columns``, or the first row's keys), every cell
    through :func:`csv_cell`, so that no cell from a ledger or a profile opens as a formula in
    a spreadsheet; returns the number of rows. Nothing is written for no rows and no columns.

    claimrules' own readers take the apostrophe off again; another program does the same by
    removing one leading apostrophe from a cell that begins with apostrophes followed by ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return and is not a plain number."""
    writer: csv.DictWriter[str] | None = None
    count = 0
    if columns is not None:
        writer = csv.DictWriter(handle, list(columns))
        writer.writeheader()
    for row in rows:
        if writer is None:
            writer = csv.DictWriter(handle, list(row))
            writer.writeheader()
        writer.writerow(csv_row(row))
        count += 1
    return count
