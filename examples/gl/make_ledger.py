"""Write examples/gl/ledger.jsonl: Kommune Kujalleq, January to March 2022.

The published facts (kujalleq.gl, 16 March 2022; sermitsiaq.ag): billing data went to the
print-and-mail provider, which printed and mailed nothing for January, February and March 2022.
1,360 renovation bills (due in January) and about 400 daycare invoices never reached anyone;
direct debits agreed with citizens were not drawn; businesses had the amounts offset against
money the municipality owed them, some residents had them withheld from their pay, and claims
went to collection.

The ledger reproduces that: every invoice was handed to the provider (``invoice_sent``) and none
has a dispatch confirmation. Amounts, debtors and which claims were offset or transferred are
made up, deterministically (fixed seed), so the file is the same on every run:

    python examples/gl/make_ledger.py            # rewrites examples/gl/ledger.jsonl
    python examples/gl/make_ledger.py --check    # exit 1 if the file differs
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

OUT = Path(__file__).with_name("ledger.jsonl")
PROVIDER = "post"
COLLECTOR = "Skattestyrelsen, Inddrivelsesafdelingen"


def _day(value: date) -> str:
    return value.isoformat()


def _claim(
    claim_id: str,
    claim_type: str,
    debtor: tuple[str, str],
    principal: int,
    issued: date,
    due: date,
    events: list[dict[str, object]],
) -> dict[str, object]:
    return {
        "id": claim_id,
        "claim_type": claim_type,
        "debtor": {"id": debtor[0], "kind": debtor[1]},
        "principal": f"{principal}.00",
        "currency": "DKK",
        "issued_on": _day(issued),
        "due_on": _day(due),
        "events": events,
    }


def waste_claims(rng: random.Random) -> list[dict[str, object]]:
    """1,360 renovation bills issued 3 January 2022, due 31 January 2022."""
    claims: list[dict[str, object]] = []
    issued, due = date(2022, 1, 3), date(2022, 1, 31)
    for n in range(1, 1361):
        business = n > 1200  # 160 businesses
        principal = rng.choice([1480, 1860, 2240]) if not business else rng.choice([4800, 7250, 12600])
        events: list[dict[str, object]] = [
            {"kind": "invoice_sent", "on": _day(issued), "channel": "post"}
        ]
        if not business and n % 4 == 0:  # a quarter of households pay by direct debit
            events.append({"kind": "direct_debit_failed", "on": _day(due), "fault": "creditor"})
        if business and n % 3 == 0:  # set off against payments the municipality owed them
            on = date(2022, 2, 21) + timedelta(days=rng.randrange(0, 18))
            events.append({"kind": "offset", "on": _day(on), "amount": f"{principal}.00"})
        elif n % 9 == 1:  # reminder run (also never printed), then transfer to collection
            events.append({"kind": "reminder_sent", "on": _day(date(2022, 2, 7))})
            events.append(
                {"kind": "referred_to_collection", "on": _day(date(2022, 2, 21)), "agency": COLLECTOR}
            )
            if not business and n % 4 == 1:  # the authority withheld it from pay
                events.append({"kind": "legal_step", "on": _day(date(2022, 3, 1)), "step": "wage_deduction"})
        elif n % 23 == 5:  # some paid part of it anyway
            events.append({"kind": "payment", "on": _day(date(2022, 2, 28)), "amount": "500.00"})
        debtor = (f"{'B' if business else 'P'}-{n:04d}", "business" if business else "person")
        claims.append(_claim(f"KUJ-R-{n:04d}", "waste_fee", debtor, principal, issued, due, events))
    return claims


def daycare_claims(rng: random.Random) -> list[dict[str, object]]:
    """400 daycare invoices: monthly in advance, issued on the 3rd, due on the 20th."""
    claims: list[dict[str, object]] = []
    months = [1] * 134 + [2] * 133 + [3] * 133
    for n, month in enumerate(months, start=1):
        issued, due = date(2022, month, 3), date(2022, month, 20)
        principal = rng.choice([1250, 1690, 2140])
        events: list[dict[str, object]] = [
            {"kind": "invoice_sent", "on": _day(issued), "channel": "post"}
        ]
        if n % 3 == 0 and due < date(2022, 3, 16):
            events.append({"kind": "direct_debit_failed", "on": _day(due), "fault": "creditor"})
        elif month == 1 and n % 10 == 1:
            events.append({"kind": "reminder_sent", "on": _day(date(2022, 1, 28))})
            events.append(
                {"kind": "referred_to_collection", "on": _day(date(2022, 2, 14)), "agency": COLLECTOR}
            )
            if n % 20 == 1:
                events.append({"kind": "legal_step", "on": _day(date(2022, 3, 1)), "step": "wage_deduction"})
        debtor = (f"P-D{n:04d}", "person")
        claims.append(_claim(f"KUJ-D-{n:04d}", "daycare_fee", debtor, principal, issued, due, events))
    return claims


def render() -> str:
    """The ledger as JSON lines (deterministic)."""
    rng = random.Random(20220316)
    claims = waste_claims(rng) + daycare_claims(rng)
    return "".join(json.dumps(claim, ensure_ascii=False) + "\n" for claim in claims)


def main() -> int:
    text = render()
    if "--check" in sys.argv[1:]:
        return 0 if OUT.read_text(encoding="utf-8") == text else 1
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
