"""Scale-out on Spark: the documented ``mapInArrow`` call decides exactly what one process decides.

Runs a local Spark (``local[2]``, two Python workers) when pyspark (``claimrules[spark]``) and a
Java runtime are present; skipped otherwise.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import claimrules as cr
from claimrules.io.formats import read_claims
from claimrules.model.decision import Decision
from claimrules.testing.synthetic import norwegian_ledger

pytest.importorskip("pyarrow", reason="the spark extra needs pyarrow")
pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'claimrules[spark]')")


def _java() -> Path | None:
    """The Java runtime Spark's launcher will use: JAVA_HOME's, else the one on PATH."""
    if home := os.environ.get("JAVA_HOME"):
        java = Path(home, "bin", "java")
        return java if java.exists() else None
    found = shutil.which("java")
    return Path(found) if found else None


if _java() is None:
    pytest.skip(
        "Spark needs a Java runtime: no java in JAVA_HOME/bin or on PATH", allow_module_level=True
    )

from pyspark import SparkContext  # noqa: E402 - after the optional imports are known to exist
from pyspark.sql import SparkSession  # noqa: E402

from claimrules.io.scale import (  # noqa: E402
    decide_arrow,
    decision_schema,
    decisions_to_arrow,
    spark_schema,
    write_claims_parquet,
)

pytestmark = pytest.mark.filterwarnings(
    # pyspark warns about pandas 3 when it builds the UDF; mapInArrow uses no pandas
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)

SIZE = 3_000
ROW_GROUP = 750
"""Four row groups, read by Spark as four partitions over two worker processes."""
AS_OF = date(2025, 12, 31)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("spark") / "ledger.parquet"
    assert write_claims_parquet(norwegian_ledger(SIZE), path, batch_size=ROW_GROUP) == SIZE
    return path


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SparkSession]:
    """A local Spark for this module; its JVM is shut down at the end."""
    log4j = tmp_path_factory.mktemp("spark-conf") / "log4j2.properties"
    log4j.write_text(
        "rootLogger.level = error\n"
        "rootLogger.appenderRef.stderr.ref = console\n"
        "appender.console.type = Console\n"
        "appender.console.name = console\n"
        "appender.console.target = SYSTEM_ERR\n"
        "appender.console.layout.type = PatternLayout\n"
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as patch:
        # the workers must run this interpreter, the one where claimrules is installed
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only, no lookup of the host
        session = (
            SparkSession.builder.master("local[2]")
            .appName("claimrules-test")
            .config("spark.driver.memory", "512m")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            # a JVM that starts fast: the work is in the Python workers
            .config(
                "spark.driver.extraJavaOptions",
                f"-Dlog4j2.configurationFile={log4j} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC",
            )
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            gateway = SparkContext._gateway
            session.stop()
            if gateway is not None:  # stop the JVM too, not only the SparkContext
                process = gateway.proc
                gateway.shutdown()
                if process is not None:
                    assert process.stdin is not None
                    process.stdin.close()  # the JVM exits when its stdin closes
                    process.wait(timeout=60)
                SparkContext._gateway = None
                SparkContext._jvm = None


def _by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    by_id = {row["claim_id"]: row for row in rows}
    assert len(by_id) == len(rows), "claim ids are not unique"
    return by_id


@pytest.mark.cluster
def test_spark_map_in_arrow_equals_single_process(spark: SparkSession, ledger: Path) -> None:
    single_decisions = list(cr.decide_many(read_claims(ledger), cr.load_profile("no"), AS_OF))
    assert len(single_decisions) == SIZE
    assert all(isinstance(d, Decision) for d in single_decisions)
    assert len({d.action for d in single_decisions}) > 1, "a ledger of one kind of decision"
    single = _by_id(decisions_to_arrow(single_decisions).to_pylist())

    # a split smaller than the file, so that the row groups go to both workers
    spark.conf.set("spark.sql.files.maxPartitionBytes", str(ledger.stat().st_size // 4 + 1))

    # exactly the call in docs/portfolio.md, "Scale-out: Dask and Spark"
    as_of = AS_OF
    claims = spark.read.parquet(str(ledger))
    decisions = claims.mapInArrow(
        lambda batches: decide_arrow(batches, "no", as_of), spark_schema()
    )

    assert claims.rdd.getNumPartitions() >= 2
    assert decisions.schema == spark_schema()
    assert decisions.columns == decision_schema().names
    rows = [row.asDict() for row in decisions.collect()]
    assert len(rows) == SIZE
    assert [row for row in rows if row["error"] is not None] == []
    on_spark = _by_id(rows)
    assert on_spark.keys() == single.keys()

    for claim_id, expected in single.items():
        # every column, typed as Spark gives it back: dates as dates, money as decimal strings
        assert on_spark[claim_id] == expected, claim_id
    for decision in single_decisions:
        row = on_spark[decision.claim_id]
        assert row["action"] == decision.action
        assert row["on"] == decision.on
        assert row["as_of"] == AS_OF
        assert Decimal(row["fee"]) == decision.fee
        balance = decision.balance
        assert [Decimal(row[name]) for name in ("principal", "interest", "fees", "total")] == [
            balance.principal,
            balance.interest,
            balance.fees,
            balance.total,
        ]
        # the whole decision, reasons, deadlines and trace included
        assert Decision.model_validate_json(row["decision"]) == decision


def test_spark_schema_is_the_decision_schema() -> None:
    schema = spark_schema()
    assert schema.fieldNames() == decision_schema().names
    kinds = {field.name: field.dataType.simpleString() for field in schema.fields}
    assert (kinds["claim_id"], kinds["on"], kinds["ready"], kinds["fee"], kinds["line"]) == (
        "string",
        "date",
        "boolean",
        "string",
        "bigint",
    )


def test_spark_schema_without_pyspark_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark.sql.pandas.types", None)
    with pytest.raises(ImportError, match=r"claimrules\[spark\]"):
        spark_schema()
