"""Set-off before refund (issue 24, point 3): a debtor's case proposes setting a claim's credit
off against the debtor's other claims where the law allows it, and a refund only of what is
left; very small credits follow the municipality's own policy. Each case below is worked by
hand from the law the profiles cite: Norway, the unwritten rule of tvungen motregning (money
against money, the same parties, the claim collected by the set-off due, the refund owed
payable; snl.no "motregning - jus"), with foreldelsesloven § 26 for time-barred claims;
Denmark, the same conditions (gensidighed, udjævnelighed, afviklingsmoden, retskraftig);
Greenland, no rule read: no set-off is proposed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

import claimrules as cr

AS_OF = date(2026, 12, 7)
NO = cr.load_profile("no")
ORKDAL = cr.load_profile("no/orkdal")


def _claim(cid: str, kind: str, principal: str, due: str, events: list[dict[str, Any]],
           currency: str = "NOK", debtor: str = "D-1") -> cr.Claim:  # fmt: skip
    issued = date.fromisoformat(due).replace(day=1).isoformat()
    return cr.Claim.model_validate(
        {
            "id": cid,
            "claim_type": kind,
            "debtor": {"id": debtor, "kind": "person"},
            "principal": principal,
            "currency": currency,
            "issued_on": issued,
            "due_on": due,
            "events": [
                {"kind": "invoice_sent", "on": issued, "channel": "digital_mailbox"},
                {"kind": "invoice_delivered", "on": issued, "channel": "digital_mailbox"},
                *events,
            ],
        }
    )


def _overpaid(amount: str = "1045.76", **kw: Any) -> cr.Claim:
    # a water fee of 1000.00 paid 45.76 too much on its due day: no interest, a credit of 45.76
    return _claim("A", "water_fee", "1000.00", "2026-09-20",
                  [{"kind": "payment", "on": "2026-09-20", "amount": amount}], **kw)  # fmt: skip


def _open(
    due: str = "2026-10-20", events: list[dict[str, Any]] | None = None, **kw: Any
) -> cr.Claim:
    return _claim("B", "waste_fee", "387.61", due, events or [], **kw)


def _case(claims: list[cr.Claim], profile: cr.Profile = NO) -> cr.DebtorCase:
    (case,) = cr.debtor_cases(claims, profile, AS_OF, owing_only=False)
    return case


def test_a_credit_is_set_off_against_a_due_claim_of_the_same_debtor() -> None:
    # B (387.61, due 2026-10-20, its invoice delivered) is due, unbarred and undisputed: the
    # credit of 45.76 on A pays 45.76 of it, and nothing is refunded
    case = _case([_overpaid(), _open()])
    assert [(o.from_claim, o.to_claim, o.amount) for o in case.offsets] == [
        ("A", "B", Decimal("45.76"))
    ]
    assert case.refunds == () and case.not_offset == ()
    assert "motregning" in case.offsets[0].citation


def test_a_credit_larger_than_what_is_owed_pays_it_and_the_rest_is_refunded() -> None:
    # a credit of 2000.00 (a payment of 3000.00 on 1000.00): B owes its principal 387.61 and the
    # interest since 2026-10-21; the set-off pays all of it and the rest is refunded
    case = _case([_overpaid("3000.00"), _open()])
    owed = next(row.total for row in case.claims if row.claim_id == "B")
    (offset,) = case.offsets
    assert offset.amount == owed and owed > Decimal("387.61")
    (refund,) = case.refunds
    assert refund.amount == Decimal("2000.00") - owed and refund.action == "refund"


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        # not yet due on the as-of day: a set-off collects only a due claim
        (_open(due="2026-12-20"), "not due until 2026-12-20"),
        # the debtor disputes it: a person weighs the objection first
        (
            _open(events=[{"kind": "dispute_opened", "on": "2026-11-01"}]),
            "the debtor disputes it since 2026-11-01",
        ),
        # debt settlement proceedings: dekningsloven governs, not proposed
        (
            _open(events=[{"kind": "insolvency", "on": "2026-11-01"}]),
            "insolvency proceedings opened on 2026-11-01",
        ),
        # due 2023-06-20, three years passed on 2026-06-22 (the 20th a Saturday): time-barred
        # (foreldelsesloven §§ 2-3); § 26's exceptions are left to a person
        (_open(due="2023-06-20"), "time-barred"),
    ],
    ids=["not due", "disputed", "insolvency", "time-barred"],
)
def test_a_claim_that_may_not_be_set_off_keeps_the_refund(claim: cr.Claim, reason: str) -> None:
    case = _case([_overpaid(), claim])
    assert case.offsets == ()
    assert [(r.claim_id, r.amount, r.action) for r in case.refunds] == [
        ("A", Decimal("45.76"), "refund")
    ]
    assert [(n.claim_id, n.reason) for n in case.not_offset] == [("B", reason)]


def test_an_invoice_not_shown_to_have_reached_the_debtor_is_not_set_off() -> None:
    undelivered = cr.Claim.model_validate(
        {
            **_open().model_dump(mode="json"),
            "events": [{"kind": "invoice_sent", "on": "2026-10-01", "channel": "post"}],
        }
    )
    case = _case([_overpaid(), undelivered])
    assert case.offsets == ()
    assert case.not_offset[0].reason.startswith("not due: the invoice is not shown")


def test_denmark_sets_off_on_the_same_conditions() -> None:
    dk = cr.load_profile("dk")
    case = _case([_overpaid(currency="DKK"), _open(currency="DKK")], dk)
    assert [(o.to_claim, o.amount) for o in case.offsets] == [("B", Decimal("45.76"))]


def test_greenland_proposes_no_set_off_and_says_why() -> None:
    gl = cr.load_profile("gl")
    case = _case([_overpaid(currency="DKK"), _open(currency="DKK")], gl)
    assert case.offsets == ()
    assert case.refunds[0].amount == Decimal("45.76")
    assert case.not_offset[0].reason.startswith("whether set-off is lawful is unknown law")


@pytest.mark.parametrize(
    ("paid", "left", "action"),
    [
        # Orkdal's own policy (worked example): a credit under 50 NOK is carried forward
        ("1030.00", Decimal("30.00"), "carry_forward"),
        ("1060.00", Decimal("60.00"), "refund"),
    ],
)
def test_a_very_small_credit_follows_the_municipalitys_policy(
    paid: str, left: Decimal, action: str
) -> None:
    case = _case([_overpaid(paid)], ORKDAL)
    assert [(r.amount, r.action) for r in case.refunds] == [(left, action)]
    # the national profile has no such policy: every credit is refunded
    assert _case([_overpaid(paid)], NO).refunds[0].action == "refund"


def test_the_orkdal_ledger_sets_off_before_it_refunds() -> None:
    # the bundled Norwegian ledger under Orkdal's overlay (its due-date rule makes small
    # overpayments): P00000010's property tax credit of 45.76 pays its open water fee
    from pathlib import Path

    ledger = Path(__file__).resolve().parents[1] / "examples/no/ledger.jsonl"
    claims = [c for c in cr.read_claims(ledger) if isinstance(c, cr.Claim)]
    cases = {c.debtor_id: c for c in cr.debtor_cases(claims, ORKDAL, AS_OF, owing_only=False)}
    p10 = cases["P00000010"]
    assert [(o.from_claim, o.to_claim, o.amount) for o in p10.offsets] == [
        ("NO2026-000000131", "NO2026-000000124", Decimal("45.76"))
    ]
    assert p10.refunds == ()
    credits = sum(
        -row.total for case in cases.values() for row in case.claims if row.action == "refund"
    )
    done = sum(o.amount for case in cases.values() for o in case.offsets) + sum(
        r.amount for case in cases.values() for r in case.refunds
    )
    assert done == credits  # every credit is set off, refunded or carried forward, once
