"""End-to-end benchmark: JSON Lines claims → decisions JSON Lines, on one core.

For each size it generates the synthetic Norwegian ledger (``claimrules generate``), then times,
each in a fresh process so that peak memory is that run's own:

* ``floor``: reading the file and parsing every line with the fastest JSON parser available
  (orjson if installed, else the standard library), nothing else;
* ``claimrules``: ``claimrules decide FILE --profile no --as-of YEAR-12-31 -o OUT.jsonl``.

It prints claims per second, microseconds per claim, peak memory (max RSS) and the ratio to the
floor, and with ``--json`` one JSON record per run. Usage::

    python benchmarks/run.py --sizes 100000 1000000
    python benchmarks/run.py --sizes 2000 --check   # the CI smoke run: correctness only
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

AS_OF = "2025-12-31"

FLOOR = """
import sys
try:
    import orjson
    loads = orjson.loads
except ImportError:
    import json
    loads = json.loads
count = 0
with open(sys.argv[1], "rb") as handle:
    for line in handle:
        loads(line)
        count += 1
print(count)
"""


SHIM = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], check=False)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(peak, file=sys.stderr)
sys.exit(done.returncode)
"""
"""Runs one command and reports that command's own peak RSS (KiB) as its last stderr line."""


def _timed(command: list[str]) -> tuple[float, int, str]:
    """Wall time, peak RSS in MiB of the command alone, and its stdout."""
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHIM, *command], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return elapsed, peak_kib // 1024, done.stdout


def _cli() -> list[str]:
    return [sys.executable, "-m", "claimrules"]


def run(size: int, work: Path, check: bool) -> list[dict[str, Any]]:
    """Benchmark one ledger size; returns one record per measured run."""
    ledger = work / f"ledger-{size}.jsonl"
    out = work / f"decisions-{size}.jsonl"
    if not ledger.exists():
        subprocess.run(  # noqa: S603
            [*_cli(), "generate", "--size", str(size), "-o", str(ledger)], check=True
        )
    records = []
    floor_s, floor_mb, printed = _timed([sys.executable, "-c", FLOOR, str(ledger)])
    assert int(printed) == size
    records.append(_record("floor (parse only)", size, floor_s, floor_mb, floor_s))
    elapsed, peak, _ = _timed(
        [*_cli(), "decide", str(ledger), "--profile", "no", "--as-of", AS_OF, "-o", str(out)]
    )
    records.append(_record("claimrules decide", size, elapsed, peak, floor_s))
    if check:
        with out.open(encoding="utf-8") as handle:
            lines = [json.loads(line) for line in handle]
        assert len(lines) == size, f"{len(lines)} decisions for {size} claims"
        assert all(line["engine_version"] and line["profile_hash"] for line in lines)
    return records


def _record(what: str, size: int, seconds: float, peak_mb: int, floor: float) -> dict[str, Any]:
    return {
        "run": what,
        "claims": size,
        "seconds": round(seconds, 2),
        "claims_per_second": round(size / seconds),
        "us_per_claim": round(seconds / size * 1e6, 1),
        "peak_mib": peak_mb,
        "x_floor": round(seconds / floor, 1),
    }


def main() -> None:
    """Parse the arguments, run every size, print the table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--work", type=Path, default=None, help="Keep ledgers here")
    parser.add_argument("--json", action="store_true", help="One JSON record per run")
    parser.add_argument("--check", action="store_true", help="Also check the decisions file")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        records = [r for size in sorted(args.sizes) for r in run(size, work, args.check)]
    if args.json:
        for record in records:
            print(json.dumps(record))
        return
    header = f"{'run':<20}{'claims':>10}{'seconds':>10}{'claims/s':>10}{'µs/claim':>10}"
    print(f"{header}{'peak MiB':>10}{'x floor':>9}")
    for r in records:
        print(
            f"{r['run']:<20}{r['claims']:>10}{r['seconds']:>10}{r['claims_per_second']:>10}"
            f"{r['us_per_claim']:>10}{r['peak_mib']:>10}{r['x_floor']:>9}"
        )


if __name__ == "__main__":
    main()
