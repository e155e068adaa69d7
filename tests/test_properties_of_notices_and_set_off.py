"""Properties of the notice content and of set-off before refund, over generated claims (issue
24): a letter's deadline is the day it is sent plus the days the law requires, and its total is
its parts; a debtor's credits are each set off, refunded or carried forward exactly once, and no
claim is paid beyond what it owes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import claimrules as cr
from claimrules.errors import ClaimError
from claimrules.reports.notices import notice_content

NO = cr.load_profile("no")
ORKDAL = cr.load_profile("no/orkdal")
AS_OF = date(2026, 12, 7)

amounts = st.decimals(min_value=Decimal("10.00"), max_value=Decimal("50000.00"), places=2)
days_before = st.integers(min_value=20, max_value=900)


def _claim(cid: str, kind: str, principal: Decimal, due: date, events: list[dict[str, Any]]) -> cr.Claim:  # fmt: skip
    issued = due - timedelta(days=19)
    return cr.Claim.model_validate(
        {
            "id": cid,
            "claim_type": kind,
            "debtor": {"id": "D-1", "kind": "person"},
            "principal": str(principal),
            "currency": "NOK",
            "issued_on": issued.isoformat(),
            "due_on": due.isoformat(),
            "events": [
                {"kind": "invoice_sent", "on": issued.isoformat(), "channel": "digital_mailbox"},
                {
                    "kind": "invoice_delivered",
                    "on": issued.isoformat(),
                    "channel": "digital_mailbox",
                },
                *events,
            ],
        }
    )


@given(principal=amounts, ago=days_before, kind=st.sampled_from(["water_fee", "residential_rent"]))
def test_a_letters_deadline_and_total_add_up(principal: Decimal, ago: int, kind: str) -> None:
    claim = _claim("N", kind, principal, AS_OF - timedelta(days=ago), [])
    try:
        content = notice_content(claim, NO, AS_OF)
    except ClaimError:
        return  # its next step is no notice today (time-barred, not yet lawful, ...)
    assert content.deadline == content.sent_on + timedelta(days=content.deadline_days)
    assert content.deadline_days >= 14  # inkassoforskriften § 1-3, inkassoloven §§ 9-10
    parts = content.amounts
    assert parts.total == parts.principal + parts.interest + parts.fees + parts.fee
    assert all(item.met_by is not None for item in content.requirements if item.field != "creditor")


@given(
    paid_over=st.lists(amounts, min_size=1, max_size=3),
    owed=st.lists(st.tuples(amounts, days_before), min_size=0, max_size=3),
    profile=st.sampled_from([NO, ORKDAL]),
)
def test_every_credit_is_used_once_and_no_claim_is_paid_beyond_what_it_owes(
    paid_over: list[Decimal], owed: list[tuple[Decimal, int]], profile: cr.Profile
) -> None:
    claims = []
    for i, extra in enumerate(paid_over):
        due = AS_OF - timedelta(days=40 + i)
        pay = {"kind": "payment", "on": due.isoformat(), "amount": str(Decimal("500.00") + extra)}
        claims.append(_claim(f"C{i}", "property_tax", Decimal("500.00"), due, [pay]))
    for i, (principal, ago) in enumerate(owed):
        claims.append(_claim(f"O{i}", "water_fee", principal, AS_OF - timedelta(days=ago), []))
    (case,) = cr.debtor_cases(claims, profile, AS_OF, owing_only=False)
    credits = {row.claim_id: -row.total for row in case.claims if row.action == "refund"}
    used: dict[str, Decimal] = {}
    taken: dict[str, Decimal] = {}
    for item in case.offsets:
        used[item.from_claim] = used.get(item.from_claim, Decimal(0)) + item.amount
        taken[item.to_claim] = taken.get(item.to_claim, Decimal(0)) + item.amount
        assert item.amount > 0
    for item in case.refunds:
        used[item.claim_id] = used.get(item.claim_id, Decimal(0)) + item.amount
    assert used == credits  # each credit set off, refunded or carried forward, exactly once
    owing = {row.claim_id: row.total for row in case.claims}
    assert all(amount <= owing[claim_id] for claim_id, amount in taken.items())
