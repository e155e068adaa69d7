"""Arrow, Parquet and scale-out: decide claims in Arrow record batches, on Dask or Spark.

One function, :func:`decide_arrow`, turns an iterator of Arrow record batches of claims into an
iterator of record batches of decisions. That is the signature of Spark's ``mapInArrow``; Dask
uses the same function per partition in :func:`decide_dask`. Claims are the contract's fields,
``debtor`` a struct and ``events`` a list of structs (one column per event field, null where an
event has no such field); money is a decimal string, exactly as in JSON.

Needs the ``parquet`` extra (pyarrow); for Dask, the ``dask`` extra; for Spark, the ``spark``
extra and :func:`spark_schema`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args, get_origin

from claimrules.engine.core import decide
from claimrules.errors import ClaimError, FormatError
from claimrules.io.rows import DECISION_COLUMNS, EVENT_COLUMNS, decision_to_row
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.model.claims import Claim, Event
from claimrules.model.decision import Decision

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    from pyspark.sql.types import StructType

__all__ = [
    "claim_schema",
    "claims_to_arrow",
    "decide_arrow",
    "decide_dask",
    "decision_schema",
    "decisions_to_arrow",
    "parquet_file",
    "spark_schema",
    "write_claims_parquet",
    "write_decisions_parquet",
]


def _arrow() -> Any:
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
    pa = _arrow()
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
    pa = _arrow()
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


def spark_schema() -> StructType:
    """:func:`decision_schema` as a Spark ``StructType``, the schema ``mapInArrow`` wants::

        claims.mapInArrow(lambda it: decide_arrow(it, "no", as_of), spark_schema())

    Needs the ``spark`` extra (pyspark).
    """
    try:
        from pyspark.sql.pandas.types import from_arrow_schema
    except ImportError as error:
        raise ImportError("Spark needs pyspark: pip install 'claimrules[spark]'") from error
    return from_arrow_schema(decision_schema())


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
    pa = _arrow()
    schema = claim_schema()
    return pa.Table.from_pylist([_claim_record(c) for c in claims], schema=schema)


def write_claims_parquet(
    claims: Iterable[Claim | Mapping[str, Any]], path: Path, *, batch_size: int = 65536
) -> int:
    """Write claims to a Parquet file in batches (constant memory); returns the count."""
    pa = _arrow()
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
    """Open a Parquet file (for :func:`claimrules.io.formats.read_claims_parquet`)."""
    pa = _arrow()
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


def _row(item: Decision | ClaimError) -> dict[str, Any]:
    if isinstance(item, ClaimError):
        return {"claim_id": item.claim_id, "line": item.line, "error": str(item)}
    row = decision_to_row(item)
    for name in ("fee", "principal", "interest", "fees", "total"):
        row[name] = str(row[name])
    row["decision"] = item.model_dump_json()
    return row


def decisions_to_arrow(items: Iterable[Decision | ClaimError]) -> pa.Table:
    """An Arrow table of decisions (one row per item; errors fill ``line`` and ``error``)."""
    pa = _arrow()
    return pa.Table.from_pylist([_row(item) for item in items], schema=decision_schema())


def write_decisions_parquet(items: Iterable[Decision | ClaimError], path: Path) -> int:
    """Write decisions (and errors) to a Parquet file in batches; returns the row count."""
    _arrow()
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


_PROFILES: dict[str, Profile] = {}


def _profile(ref: str | Profile) -> Profile:
    """Load a profile once per process: workers receive only its reference."""
    if isinstance(ref, Profile):
        return ref
    if ref not in _PROFILES:
        _PROFILES[ref] = load_profile(Path(ref) if Path(ref).is_dir() else ref)
    return _PROFILES[ref]


def decide_arrow(
    batches: Iterable[pa.RecordBatch],
    profile: str | Profile,
    as_of: date,
    *,
    first_row: int = 1,
) -> Iterator[pa.RecordBatch]:
    """Decide every claim in the record batches; yield one decision batch per claim batch.

    The signature of Spark's ``DataFrame.mapInArrow``::

        frame.mapInArrow(lambda it: decide_arrow(it, "no", as_of), spark_schema())

    ``profile`` is best given as its id or path: each worker process loads it once.
    Bad rows become rows with ``error`` set (``line`` counts rows from ``first_row``).
    """
    pa = _arrow()
    loaded = _profile(profile)
    schema = decision_schema()
    row = first_row
    for batch in batches:
        rows: list[dict[str, Any]] = []
        for item in arrow_to_claims(batch, first_row=row):
            if isinstance(item, Claim):
                try:
                    rows.append(_row(decide(item, loaded, as_of)))
                except ClaimError as error:
                    rows.append(_row(error))
            else:
                rows.append(_row(item))
        row += batch.num_rows
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _decide_partition(part: pd.DataFrame, profile: str, as_of: date) -> pd.DataFrame:
    pa = _arrow()
    import pandas as pd

    table = pa.Table.from_pandas(part, schema=claim_schema(), preserve_index=False)
    first = int(part.index[0]) + 1 if len(part) and isinstance(part.index[0], int) else 1
    out = pa.Table.from_batches(
        list(decide_arrow(table.to_batches(), profile, as_of, first_row=first)),
        schema=decision_schema(),
    )
    return out.to_pandas(types_mapper=pd.ArrowDtype)


def decide_dask(frame: dd.DataFrame, profile: str, as_of: date) -> dd.DataFrame:
    """Decide a Dask dataframe of claims (columns of :func:`claim_schema`), partition by
    partition; the result has the columns of :func:`decision_schema`, in the same order.

    Read claims with ``dask.dataframe.read_parquet(path, dtype_backend="pyarrow")``.
    """
    import pandas as pd

    meta = decision_schema().empty_table().to_pandas(types_mapper=pd.ArrowDtype)
    result: dd.DataFrame = frame.map_partitions(  # type: ignore[no-untyped-call]
        _decide_partition, profile, as_of, meta=meta
    )
    return result
