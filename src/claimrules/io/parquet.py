"""Arrow record batches and Parquet files of claims and decisions.

Claims are the contract's fields, ``debtor`` a struct and ``events`` a list of structs (one
column per event field, null where an event has no such field); money is a decimal string,
exactly as in JSON. Decisions are the flat columns, the whole decision as JSON, and ``line`` and
``error`` for claims that could not be read. Files are read and written in batches, in constant
memory. Deciding on Dask or Spark is :mod:`claimrules.io.scale`.

Needs the ``parquet`` extra (pyarrow).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated, Any, get_args, get_origin

from claimrules.errors import ClaimError, FormatError
from claimrules.io.fileformat import FileFormat
from claimrules.io.rows import DECISION_COLUMNS, EVENT_COLUMNS, decision_to_row
from claimrules.model.claims import Claim, Event
from claimrules.model.decision import Decision

if TYPE_CHECKING:
    import pyarrow as pa
    import pyarrow.parquet as pq

__all__ = [
    "FORMAT",
    "arrow_module",
    "arrow_to_claims",
    "claim_schema",
    "claims_to_arrow",
    "decision_arrow_row",
    "decision_schema",
    "decisions_to_arrow",
    "parquet_file",
    "read_claims_parquet",
    "read_numbered_parquet",
    "write_claims_parquet",
    "write_decision_records",
    "write_decisions_parquet",
]


def arrow_module() -> Any:
    """The ``pyarrow`` module.

    Raises:
        FormatError: pyarrow is not installed (one line saying what to install).
    """
    try:
        import pyarrow
    except ImportError as error:  # pragma: no cover - depends on the install
        raise FormatError(
            "Arrow and Parquet need pyarrow: pip install 'claimrules[parquet]'"
        ) from error
    return pyarrow


def _date_field(model: Any, name: str) -> bool:
    annotation = model.model_fields[name].annotation
    kinds = [annotation, *get_args(annotation)]
    kinds += [get_args(kind)[0] for kind in kinds if get_origin(kind) is Annotated]
    return date in kinds


def claim_schema() -> pa.Schema:
    """The Arrow schema of claims (Parquet files, Spark and Dask frames)."""
    pa = arrow_module()
    models = get_args(get_args(Event)[0])
    event_fields = [pa.field("kind", pa.string(), nullable=False), pa.field("on", pa.date32())]
    special = {
        "instalments": pa.list_(pa.struct([("on", pa.date32()), ("amount", pa.string())])),
        "creditor_intent": pa.bool_(),
    }
    for name in EVENT_COLUMNS[3:]:
        is_date = any(name in m.model_fields and _date_field(m, name) for m in models)
        kind = special.get(name, pa.date32() if is_date else pa.string())
        event_fields.append(pa.field(name, kind))
    return pa.schema(
        [
            pa.field("id", pa.string()),
            pa.field("claim_type", pa.string()),
            pa.field("debtor", pa.struct([("id", pa.string()), ("kind", pa.string())])),
            pa.field("principal", pa.string()),
            pa.field("currency", pa.string()),
            pa.field("issued_on", pa.date32()),
            pa.field("due_on", pa.date32()),
            pa.field("events", pa.list_(pa.struct(event_fields))),
        ]
    )


def decision_schema() -> pa.Schema:
    """The Arrow schema of decisions: the flat columns, the full decision as JSON (for
    :func:`claimrules.tools.replay`), and ``line``/``error`` for claims that could not be read."""
    pa = arrow_module()
    money = pa.string()
    types_ = {
        "as_of": pa.date32(),
        "on": pa.date32(),
        "ready": pa.bool_(),
        "fee": money,
        "principal": money,
        "interest": money,
        "interest_known_through": pa.date32(),
        "fees": money,
        "total": money,
        "limitation_expires_on": pa.date32(),
        "time_barred": pa.bool_(),
        "lien_expires_on": pa.date32(),
    }
    fields = [pa.field(name, types_.get(name, pa.string())) for name in DECISION_COLUMNS]
    fields += [
        pa.field("decision", pa.string()),
        pa.field("line", pa.int64()),
        pa.field("error", pa.string()),
    ]
    return pa.schema(fields)


def _claim_record(claim: Claim | Mapping[str, Any]) -> dict[str, Any]:
    """A claim as an Arrow row: validated, dates as dates, money as exact decimal strings."""
    valid = claim if isinstance(claim, Claim) else Claim.model_validate(claim)
    data = valid.model_dump(exclude_none=True)
    data["principal"] = str(data["principal"])
    data["events"] = [
        {
            key: str(value)
            if key in ("amount", "fee")
            else [{"on": i["on"], "amount": str(i["amount"])} for i in value]
            if key == "instalments"
            else value
            for key, value in e.items()
        }
        for e in data["events"]
    ]
    return data


def claims_to_arrow(claims: Iterable[Claim | Mapping[str, Any]]) -> pa.Table:
    """An Arrow table of claims (Claim objects or contract-shaped mappings)."""
    pa = arrow_module()
    schema = claim_schema()
    return pa.Table.from_pylist([_claim_record(c) for c in claims], schema=schema)


def write_claims_parquet(
    claims: Iterable[Claim | Mapping[str, Any]], path: Path, *, batch_size: int = 65536
) -> int:
    """Write claims to a Parquet file in batches (constant memory); returns the count."""
    pa = arrow_module()
    import pyarrow.parquet as pq

    schema = claim_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for claim in claims:
            batch.append(_claim_record(claim))
            if len(batch) == batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def parquet_file(path: Path) -> pq.ParquetFile:
    """Open a Parquet file (for :func:`read_claims_parquet`)."""
    pa = arrow_module()
    import pyarrow.parquet as pq

    try:
        return pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise FormatError(f"{path}: not a readable Parquet file ({error})") from None


def arrow_to_claims(batch: pa.RecordBatch, *, first_row: int = 1) -> Iterator[Claim | ClaimError]:
    """The claims of one record batch, or the ClaimError of each bad row (``line`` = row)."""
    for offset, record in enumerate(batch.to_pylist()):
        events = record.get("events") or ()
        record["events"] = [
            {key: value for key, value in event.items() if value is not None} for event in events
        ]
        try:
            yield Claim.model_validate(record)
        except ClaimError as error:
            yield error.at_line(first_row + offset)


def decision_arrow_row(item: Decision | ClaimError) -> dict[str, Any]:
    """A decision as a row of :func:`decision_schema` (money as exact decimal strings, the
    whole decision as JSON), or a ClaimError as a row with ``line`` and ``error``."""
    if isinstance(item, ClaimError):
        return {"claim_id": item.claim_id, "line": item.line, "error": str(item)}
    row = decision_to_row(item)
    for name in ("fee", "principal", "interest", "fees", "total"):
        row[name] = str(row[name])
    row["decision"] = item.model_dump_json()
    return row


def decisions_to_arrow(items: Iterable[Decision | ClaimError]) -> pa.Table:
    """An Arrow table of decisions (one row per item; errors fill ``line`` and ``error``)."""
    pa = arrow_module()
    return pa.Table.from_pylist(
        [decision_arrow_row(item) for item in items], schema=decision_schema()
    )


def write_decisions_parquet(items: Iterable[Decision | ClaimError], path: Path) -> int:
    """Write decisions (and errors) to a Parquet file in batches; returns the row count."""
    arrow_module()
    import pyarrow.parquet as pq

    count = 0
    with pq.ParquetWriter(path, decision_schema()) as writer:
        for table in _tables(items, 65536):
            writer.write_table(table)
            count += table.num_rows
    return count


def _tables(items: Iterable[Decision | ClaimError], size: int) -> Iterator[pa.Table]:
    chunk: list[Decision | ClaimError] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield decisions_to_arrow(chunk)
            chunk = []
    if chunk:
        yield decisions_to_arrow(chunk)


def read_claims_parquet(path: Path, *, batch_size: int = 65536) -> Iterator[Claim | ClaimError]:
    """Claims from a Parquet file written by :func:`write_claims_parquet`.

    Needs ``pyarrow`` (``pip install 'claimrules[parquet]'``). Errors carry the row number
    (1-based), reported as the line.
    """
    return (item for _, item in read_numbered_parquet(path, batch_size))


def read_numbered_parquet(
    path: Path, batch_size: int = 65536
) -> Iterator[tuple[int, Claim | ClaimError]]:
    """Like :func:`read_claims_parquet`, with each claim's row number (1-based)."""
    number = 0
    for batch in parquet_file(path).iter_batches(batch_size=batch_size):
        for offset, item in enumerate(arrow_to_claims(batch, first_row=number + 1)):
            yield number + 1 + offset, item
        number += batch.num_rows


def _read_numbered(path: Path, events: Path | None) -> Iterator[tuple[int, Claim | ClaimError]]:
    """:func:`read_numbered_parquet` (Parquet keeps events with their claim)."""
    return read_numbered_parquet(path)


def _write_claims(
    records: Iterable[Mapping[str, Any]], path: Path, events: Path | None = None
) -> int:
    """:func:`write_claims_parquet` (Parquet keeps events with their claim)."""
    return write_claims_parquet(records, path)


def write_decision_records(records: Iterable[dict[str, Any]], target: Path | IO[bytes]) -> int:
    """Decision records (:func:`~claimrules.engine.core.decision_record`) to a Parquet file
    (:func:`write_decisions_parquet`); returns the count.

    Raises:
        FormatError: ``target`` is a stream: Parquet is written to a file.
    """
    if not isinstance(target, Path):
        raise FormatError("Parquet is written to a file, not to a stream")
    return write_decisions_parquet(map(Decision.model_validate, records), target)


FORMAT = FileFormat(
    name="parquet",
    title="Parquet",
    suffixes=(".parquet", ".pq"),
    read_numbered=_read_numbered,
    write_claims=_write_claims,
    write_records=write_decision_records,
    holds="flat rows",
    extra="parquet",
    extra_module="pyarrow",
)
"""Parquet (``.parquet``, ``.pq``; needs the ``parquet`` extra)."""
