"""End-to-end benchmark: JSON Lines claims → decisions JSON Lines, on one core.

For each size it generates the synthetic Norwegian ledger (``claimrules generate``), then times,
each in a fresh process so that peak memory is that run's own:

* ``floor``: reading the file and parsing every line with the fastest JSON parser available
  (orjson if installed, else the standard library), nothing else;
* ``claimrules decide``: ``claimrules decide FILE --profile no --as-of YEAR-12-31 -o OUT.jsonl``
  (every decision with its full trace);
* ``--trace none``: the same without the trace (the bulk output);
* with ``--jobs N``, the compact run again on N worker processes.

``--overdue SHARE`` benchmarks the harder ledger as well (``claimrules generate --overdue``:
that share of the year's past-due claims left unpaid, so that about half of the claims go
through the whole engine).

It prints claims per second, microseconds per claim, peak memory (max RSS) and the ratio to the
floor, and with ``--json`` one JSON record per run. Usage::

    python benchmarks/run.py --sizes 100000 1000000 --overdue 0.7
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


def run(
    size: int, work: Path, check: bool, overdue: float | None = None, jobs: int = 1
) -> list[dict[str, Any]]:
    """Benchmark one ledger size (the harder one with ``overdue``); one record per run."""
    name = f"{size}" if overdue is None else f"{size}-overdue-{overdue}"
    ledger = work / f"ledger-{name}.jsonl"
    if not ledger.exists():
        extra = [] if overdue is None else ["--overdue", str(overdue)]
        subprocess.run(  # noqa: S603
            [*_cli(), "generate", "--size", str(size), *extra, "-o", str(ledger)], check=True
        )
    label = "ordinary" if overdue is None else f"overdue {overdue}"
    records = []
    floor_s, floor_mb, printed = _timed([sys.executable, "-c", FLOOR, str(ledger)])
    assert int(printed) == size
    records.append(_record("floor (parse only)", label, size, floor_s, floor_mb, floor_s))
    decide = [*_cli(), "decide", str(ledger), "--profile", "no", "--as-of", AS_OF]
    runs = [("claimrules decide", [], "full"), ("--trace none", ["--trace", "none"], "none")]
    if jobs > 1:
        runs.append((f"--trace none -j {jobs}", ["--trace", "none", "-j", str(jobs)], "none-j"))
    for what, options, tag in runs:
        out = work / f"decisions-{name}-{tag}.jsonl"
        elapsed, peak, _ = _timed([*decide, *options, "-o", str(out)])
        records.append(_record(what, label, size, elapsed, peak, floor_s))
        if check:
            with out.open(encoding="utf-8") as handle:
                lines = [json.loads(line) for line in handle]
            assert len(lines) == size, f"{len(lines)} decisions for {size} claims"
            assert all(line["engine_version"] and line["profile_hash"] for line in lines)
    if check:  # the compact decisions are the full ones without their trace
        full = work / f"decisions-{name}-full.jsonl"
        none = work / f"decisions-{name}-none.jsonl"
        with full.open("rb") as a, none.open("rb") as b:
            for x, y in zip(a, b, strict=True):
                wanted = {**json.loads(x), "trace": []}
                assert wanted == json.loads(y), f"--trace none differs: {y[:80]!r}"
    return records


def _record(
    what: str, ledger: str, size: int, seconds: float, peak_mb: int, floor: float
) -> dict[str, Any]:
    return {
        "run": what,
        "ledger": ledger,
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
    parser.add_argument(
        "--overdue", type=float, default=None, help="Also the harder ledger with this share"
    )
    parser.add_argument("--jobs", type=int, default=1, help="Also the compact run on N workers")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    shares = [None] if args.overdue is None else [None, args.overdue]
    with tempfile.TemporaryDirectory() as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        records = [
            r
            for size in sorted(args.sizes)
            for share in shares
            for r in run(size, work, args.check, share, args.jobs)
        ]
    if args.json:
        for record in records:
            print(json.dumps(record))
        return
    header = f"{'run':<22}{'ledger':<13}{'claims':>9}{'seconds':>9}{'claims/s':>10}"
    print(f"{header}{'µs/claim':>10}{'peak MiB':>10}{'x floor':>9}")
    for r in records:
        print(
            f"{r['run']:<22}{r['ledger']:<13}{r['claims']:>9}{r['seconds']:>9}"
            f"{r['claims_per_second']:>10}{r['us_per_claim']:>10}{r['peak_mib']:>10}"
            f"{r['x_floor']:>9}"
        )


if __name__ == "__main__":
    main()
