"""Scale-out: a local Dask cluster decides exactly what one process decides."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

import claimrules as cr
from claimrules.io.formats import read_claims
from claimrules.testing.synthetic import norwegian_ledger

pa = pytest.importorskip("pyarrow")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from claimrules.io.scale import (  # noqa: E402 - after the optional imports are known to exist
    decide_arrow,
    decide_dask,
    decision_schema,
    decisions_to_arrow,
    write_claims_parquet,
)

SIZE = 6_000
"""Enough claims for eight partitions (row groups of 750) on two worker processes, in a test
suite that must fit a 2-core machine."""
ROW_GROUP = 750
AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("scale") / "ledger.parquet"
    assert write_claims_parquet(norwegian_ledger(SIZE), path, batch_size=ROW_GROUP) == SIZE
    return path


@pytest.mark.cluster
def test_dask_cluster_equals_single_process(ledger: Path) -> None:
    single = decisions_to_arrow(cr.decide_many(read_claims(ledger), cr.load_profile("no"), AS_OF))
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        frame = dd.read_parquet(ledger, dtype_backend="pyarrow", split_row_groups=True)
        assert frame.npartitions == SIZE // ROW_GROUP
        result = decide_dask(frame, "no", AS_OF).compute()
    assert len(result) == single.num_rows == SIZE
    assert result["error"].isna().all()
    assert list(result.columns) == decision_schema().names
    # every decision, field by field (the JSON column holds the whole decision), in input order
    assert result["decision"].tolist() == single.column("decision").to_pylist()


def test_decide_arrow_has_spark_map_in_arrow_shape(ledger: Path) -> None:
    """Spark's mapInArrow passes an iterator of record batches and wants one back."""
    import pyarrow.parquet as pq

    batches = itertools.islice(pq.ParquetFile(ledger).iter_batches(batch_size=500), 3)
    out = list(decide_arrow(batches, "no", AS_OF))
    assert [batch.num_rows for batch in out] == [500, 500, 500]
    assert all(batch.schema == decision_schema() for batch in out)


def test_a_bad_row_in_a_batch_is_reported_with_its_row_number() -> None:
    good = next(iter(norwegian_ledger(1)))
    bad = {**good, "id": "BAD", "principal": "-1.00"}
    from claimrules.io.scale import claims_to_arrow

    table = claims_to_arrow([good])
    bad_table = pa.Table.from_pylist(
        [
            {
                **bad,
                "issued_on": date.fromisoformat(bad["issued_on"]),
                "due_on": date.fromisoformat(bad["due_on"]),
                "events": [],
            }
        ],
        schema=table.schema,
    )
    joined = pa.concat_tables([table, bad_table]).combine_chunks().to_batches()
    (out,) = list(decide_arrow(joined, "no", AS_OF, first_row=10))
    rows = out.to_pylist()
    assert rows[0]["error"] is None and rows[0]["action"] is not None
    assert rows[1]["claim_id"] == "BAD" and rows[1]["line"] == 11
    assert "principal" in rows[1]["error"]
