"""CSV: a claims file and an events file, and the CSV every report writes.

A claims CSV file flattens the debtor into ``debtor_id`` and ``debtor_kind``; its events file
(``NAME.events.csv`` beside ``NAME.csv``) has ``claim_id``, ``kind``, ``on`` and one column per
event field, empty where an event has no such field. The reader holds the events file in
memory (keyed by claim id), since a CSV export lists events in any order. Decisions are flat
rows (:data:`~claimrules.io.rows.DECISION_COLUMNS`).

Every cell written goes through :func:`csv_cell`, so that no cell from a ledger or a profile
opens as a formula in a spreadsheet; the reader takes the apostrophe off again.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from claimrules.errors import ClaimError, FormatError
from claimrules.io.fileformat import FileFormat
from claimrules.io.rows import (
    CLAIM_COLUMNS,
    DECISION_COLUMNS,
    EVENT_COLUMNS,
    claim_to_row,
    decision_to_row,
)
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.text.safe import spreadsheet_cell, spreadsheet_text

__all__ = [
    "EVENTS_SUFFIX",
    "FORMAT",
    "csv_cell",
    "csv_row",
    "events_file",
    "read_claims_csv",
    "read_numbered_csv",
    "write_claim_records",
    "write_claims_csv",
    "write_csv",
    "write_decision_records",
    "write_decisions_csv",
]


EVENTS_SUFFIX = ".events.csv"
"""The events file of ``NAME.csv`` is ``NAME.events.csv``."""


def events_file(claims: Path) -> Path:
    """The events file of a claims CSV file: ``NAME.events.csv`` beside ``NAME.csv``."""
    return claims.with_name(f"{claims.stem}{EVENTS_SUFFIX}")


def read_claims_csv(claims: Path, events: Path | None) -> Iterator[Claim | ClaimError]:
    """Claims from a claims CSV file and (optionally) an events CSV file keyed by claim id.

    Errors carry the claims file's line number; a bad events row is reported on its claim.
    Events for a claim id that is not in the claims file raise :class:`FormatError` before any
    claim is yielded: they would otherwise be lost without a word.
    """
    return (item for _, item in read_numbered_csv(claims, events))


def read_numbered_csv(
    claims: Path, events: Path | None
) -> Iterator[tuple[int, Claim | ClaimError]]:
    """Like :func:`read_claims_csv`, with each claim's line in the claims file."""
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
    events = events if events is not None else events_file(path)
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


CSV_DIALECTS = ("plain", "spreadsheet")
"""How a report's CSV is written: ``plain`` (commas, decimal points, UTF-8: for programs) or
``spreadsheet`` (semicolons, decimal commas and UTF-8 with a byte order mark: what a
spreadsheet set up for Norwegian or Danish opens into the right columns and numbers)."""


def csv_cell(value: Any, *, decimal_comma: bool = False) -> str:
    """One CSV cell: empty for ``None``, ``true``/``false``, numbers and dates as their text
    (amounts as exact decimals, with a decimal comma for a spreadsheet set up for Norwegian or
    Danish, dates as ``YYYY-MM-DD``), and text that a spreadsheet would run as a formula behind
    an apostrophe (:func:`~claimrules.text.safe.spreadsheet_cell`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return spreadsheet_cell(value)
    if decimal_comma and isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    return str(value)


def csv_row(row: Mapping[str, Any], *, decimal_comma: bool = False) -> dict[str, str]:
    """A row of :func:`csv_cell` cells."""
    return {key: csv_cell(value, decimal_comma=decimal_comma) for key, value in row.items()}


def write_csv(
    rows: Iterable[Mapping[str, Any]],
    handle: IO[str],
    columns: Sequence[str] | None = None,
    *,
    dialect: str = "plain",
) -> int:
    """Write ``rows`` as CSV with a header (``columns``, or the first row's keys), every cell
    through :func:`csv_cell`, so that no cell from a ledger or a profile opens as a formula in
    a spreadsheet; returns the number of rows. Nothing is written for no rows and no columns.
    ``dialect`` is one of :data:`CSV_DIALECTS`.

    claimrules' own readers take the apostrophe off again; another program does the same by
    removing one leading apostrophe from a cell that begins with apostrophes followed by ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return and is not a plain number.

    Raises:
        ValueError: another dialect.
    """
    if dialect not in CSV_DIALECTS:
        raise ValueError(f"CSV dialect must be one of {', '.join(CSV_DIALECTS)}, not {dialect!r}")
    spreadsheet = dialect == "spreadsheet"
    delimiter = ";" if spreadsheet else ","
    writer: csv.DictWriter[str] | None = None
    count = 0

    def start(names: list[str]) -> csv.DictWriter[str]:
        if spreadsheet:
            handle.write("\ufeff")
        made = csv.DictWriter(handle, names, delimiter=delimiter)
        made.writeheader()
        return made

    if columns is not None:
        writer = start(list(columns))
    for row in rows:
        if writer is None:
            writer = start(list(row))
        writer.writerow(csv_row(row, decimal_comma=spreadsheet))
        count += 1
    return count


def write_claim_records(
    records: Iterable[Mapping[str, Any]], path: Path, events: Path | None = None
) -> int:
    """Claim records (plain data in the contract's shape), validated, to a claims CSV file and
    its events file (:func:`write_claims_csv`); returns the count."""
    return write_claims_csv((Claim.model_validate(record) for record in records), path, events)


def write_decisions_csv(decisions: Iterable[Decision], handle: IO[str]) -> int:
    """Decisions as flat rows (:data:`~claimrules.io.rows.DECISION_COLUMNS`) with a header, to
    an open text stream; returns the count."""
    return write_csv(map(decision_to_row, decisions), handle, DECISION_COLUMNS)


def write_decision_records(records: Iterable[dict[str, Any]], target: Path | IO[bytes]) -> int:
    """Decision records as flat rows (:func:`write_decisions_csv`), UTF-8, to a file or an open
    binary stream (which is flushed, not closed); returns the count."""
    decisions = map(Decision.model_validate, records)
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8", newline="") as handle:
            return write_decisions_csv(decisions, handle)
    text = io.TextIOWrapper(target, encoding="utf-8", newline="", write_through=True)
    try:
        return write_decisions_csv(decisions, text)
    finally:
        text.flush()
        text.detach()


def _read_numbered(path: Path, events: Path | None) -> Iterator[tuple[int, Claim | ClaimError]]:
    """:func:`read_numbered_csv`, the events file by default :func:`events_file`."""
    return read_numbered_csv(path, events if events is not None else events_file(path))


FORMAT = FileFormat(
    name="csv",
    title="CSV",
    suffixes=(".csv",),
    read_numbered=_read_numbered,
    write_claims=write_claim_records,
    write_records=write_decision_records,
    write_decisions=write_decisions_csv,
    events_suffix=EVENTS_SUFFIX,
    holds="flat rows",
)
"""CSV (``.csv``, events in ``NAME.events.csv``)."""
