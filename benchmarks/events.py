"""Per-claim cost in the number of events: one claim with n events, decided once.

Every per-claim computation must be O(n log n) in the number of events (a claim with 100,000
reminders took 455 s when the fee rules rebuilt the list of charged notices for every notice).
For each n this builds one Norwegian water fee with n events (reminders with a fee, part
payments, acknowledgements and collection notices in turn, on ~1,500 different days) and times
``decide`` on it, in this process. The ratio between successive sizes shows the growth: about
the size ratio for linear work, its square for quadratic. Usage::

    python benchmarks/events.py --sizes 10000 100000
    python benchmarks/events.py --sizes 1000 10000 --check   # CI: fails if growth is quadratic
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from typing import Any

import claimrules as cr

KINDS = ("reminder_sent", "payment", "acknowledged", "collection_notice_sent")


def claim_with(events: int) -> cr.Claim:
    """A water fee of NOK 100,000 due 2020-01-10 with ``events`` events after the due date."""
    due = date(2020, 1, 10)
    history: list[dict[str, Any]] = [
        {"kind": "invoice_sent", "on": date(2020, 1, 1), "channel": "post"},
        {"kind": "invoice_dispatched", "on": date(2020, 1, 1), "channel": "post"},
    ]
    for i in range(events):
        kind = KINDS[i % len(KINDS)]
        event: dict[str, Any] = {"kind": kind, "on": due + timedelta(days=1 + i % 1500)}
        if kind == "payment":
            event["amount"] = "0.01"
        elif kind.endswith("_sent"):
            event["fee"] = "35.00"
        history.append(event)
    return cr.Claim.model_validate(
        {
            "id": f"EVENTS-{events}",
            "claim_type": "water_fee",
            "debtor": {"id": "P-1", "kind": "person"},
            "principal": "100000.00",
            "currency": "NOK",
            "issued_on": date(2020, 1, 1),
            "due_on": due,
            "events": history,
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 when the time grows faster than n log n between successive sizes (x3 slack)",
    )
    args = parser.parse_args()
    profile = cr.load_profile("no")
    as_of = date(2024, 6, 30)
    print(f"{'events':>9} {'validate s':>11} {'decide s':>9} {'µs/event':>9} {'growth':>7}")
    previous: tuple[int, float] | None = None
    failed = False
    for size in args.sizes:
        started = time.perf_counter()
        claim = claim_with(size)
        validated = time.perf_counter() - started
        started = time.perf_counter()
        decision = cr.decide(claim, profile, as_of)
        decided = time.perf_counter() - started
        growth = ""
        if previous is not None:
            ratio = decided / previous[1]
            growth = f"{ratio:.1f}x"
            size_ratio = size / previous[0]
            if args.check and ratio > 3 * size_ratio * 1.5:
                failed = True
        print(
            f"{size:>9,} {validated:>11.2f} {decided:>9.2f} {decided / size * 1e6:>9.1f} "
            f"{growth:>7}  ({decision.action})"
        )
        previous = (size, decided)
    if failed:
        print("per-claim time grows faster than n log n", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
