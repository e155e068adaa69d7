"""Scale-out: decide claims in Arrow record batches, on Dask or Spark.

One function, :func:`decide_arrow`, turns an iterator of Arrow record batches of claims into an
iterator of record batches of decisions. That is the signature of Spark's ``mapInArrow``; Dask
uses the same function per partition in :func:`decide_dask`. The batches have the columns of
:func:`claim_schema` and :func:`decision_schema`; turning claims and decisions into Arrow and
Parquet is :mod:`claimrules.io.parquet` (its functions are importable from here too).

Needs the ``parquet`` extra (pyarrow); for Dask, the ``dask`` extra; for Spark, the ``spark``
extra and :func:`spark_schema`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimrules.engine.core import decide
from claimrules.errors import ClaimError
from claimrules.io.parquet import (
    arrow_module,
    arrow_to_claims,
    claim_schema,
    claims_to_arrow,
    decision_arrow_row,
    decision_schema,
    decisions_to_arrow,
    parquet_file,
    write_claims_parquet,
    write_decisions_parquet,
)
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.model.claims import Claim

if TYPE_CHECKING:
    import dask.dataframe as dd
    import pandas as pd
    import pyarrow as pa
    from pyspark.sql.types import StructType

__all__ = [
    "arrow_to_claims",
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
    pa = arrow_module()
    loaded = _profile(profile)
    schema = decision_schema()
    row = first_row
    for batch in batches:
        rows: list[dict[str, Any]] = []
        for item in arrow_to_claims(batch, first_row=row):
            if isinstance(item, Claim):
                try:
                    rows.append(decision_arrow_row(decide(item, loaded, as_of)))
                except ClaimError as error:
                    rows.append(decision_arrow_row(error))
            else:
                rows.append(decision_arrow_row(item))
        row += batch.num_rows
        yield pa.RecordBatch.from_pylist(rows, schema=schema)


def _decide_partition(part: pd.DataFrame, profile: str, as_of: date) -> pd.DataFrame:
    pa = arrow_module()
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
