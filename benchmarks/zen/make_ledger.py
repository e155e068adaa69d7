"""Write a test ledger (JSON Lines) for the zen comparison; generated data belongs in /tmp.

    # the example ledger repeated with fresh ids (each copy appends -<copy> to every id)
    python benchmarks/zen/make_ledger.py copy examples/no/ledger.jsonl /tmp/no-23k.jsonl --copies 1000
    # the synthetic Norwegian ledger (claimrules.testing.synthetic), shaped for as-of 31 December
    python benchmarks/zen/make_ledger.py synthetic /tmp/no-synth-100k.jsonl --size 100000

Lines of the source that are not valid JSON are copied unchanged.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import orjson


def copy_ledger(source: Path, target: Path, copies: int) -> int:
    """Write ``copies`` copies of ``source`` to ``target``; return the number of lines."""
    records: list[dict[str, Any] | bytes] = []
    for line in source.read_bytes().splitlines():
        if not line.strip():
            continue
        try:
            records.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            records.append(line)
    written = 0
    with target.open("wb") as out:
        for copy in range(copies):
            suffix = f"-{copy:06d}"
            for record in records:
                if isinstance(record, bytes):
                    out.write(record + b"\n")
                else:
                    fresh = {**record, "id": f"{record.get('id')}{suffix}"}
                    debtor = record.get("debtor")
                    if isinstance(debtor, dict):
                        fresh["debtor"] = {**debtor, "id": f"{debtor.get('id')}{suffix}"}
                    out.write(orjson.dumps(fresh) + b"\n")
                written += 1
    return written


def synthetic_ledger(
    target: Path, size: int, seed: int, year: int, overdue: float | None = None
) -> int:
    """Write ``claimrules.testing.synthetic.norwegian_ledger(size, seed=seed, year=year,
    overdue=overdue)`` (``overdue``: the share of claims in arrears; the harder ledger, 0.5)."""
    from claimrules.testing.synthetic import norwegian_ledger

    written = 0
    with target.open("wb") as out:
        for record in norwegian_ledger(size, seed=seed, year=year, overdue=overdue):
            out.write(orjson.dumps(record) + b"\n")
            written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="how", required=True)
    copy = sub.add_parser("copy", help="repeat a ledger with fresh ids")
    copy.add_argument("source", type=Path)
    copy.add_argument("target", type=Path)
    copy.add_argument("--copies", type=int, default=1000)
    synth = sub.add_parser("synthetic", help="claimrules.testing.synthetic.norwegian_ledger")
    synth.add_argument("target", type=Path)
    synth.add_argument("--size", type=int, default=100_000)
    synth.add_argument("--seed", type=int, default=2026)
    synth.add_argument("--year", type=int, default=2025)
    synth.add_argument(
        "--overdue", type=float, help="share of claims in arrears (default: the ledger's own)"
    )
    args = parser.parse_args()
    if args.how == "copy":
        count = copy_ledger(args.source, args.target, args.copies)
    else:
        count = synthetic_ledger(args.target, args.size, args.seed, args.year, args.overdue)
    print(f"{args.target}: {count} lines")


if __name__ == "__main__":
    main()
