"""Unit checks of the interest day counts, month counting and unknown deadline rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import claimrules as cr
from claimrules.rules.interest import accrue, month_starts

DK = cr.load_profile("dk")
GL = cr.load_profile("gl")


def test_30e_360_counts_months_as_30_days() -> None:
    # renteloven regime, 30E/360: due 2024-01-31, interest days through 2024-03-31.
    # 30E/360 days from 01-31 (as 30) to 03-31 (as 30) = 2 × 30 = 60 (actual days: 60 too, but
    # February counts 30, not 29). Rate H1 2024 = 3.75 + 8 = 11.75 %.
    # 1000 × 11.75 % × 60 / 360 = 19.5833…
    regime = DK.spec.interest["renteloven"]
    accrual = accrue(Decimal(1000), date(2024, 2, 1), date(2024, 3, 31), regime, date(2024, 1, 31))
    assert accrual.pieces == [(date(2024, 2, 1), date(2024, 3, 31), 60, Decimal("11.75"))]
    assert accrual.amount.quantize(Decimal("0.0001")) == Decimal("19.5833")


def test_30e_360_february_end_counts_to_the_30th() -> None:
    # 2023-02-28 → 2023-03-01: 30E/360 counts (30 - 28) + 1 = 3 days for one calendar day
    # 1000 × 9.90 % (H1 2023: 1.90 + 8) × 3 / 360 = 0.825
    regime = DK.spec.interest["renteloven"]
    accrual = accrue(Decimal(1000), date(2023, 3, 1), date(2023, 3, 1), regime, date(2023, 2, 28))
    assert accrual.pieces[0][2] == 3
    assert accrual.amount == Decimal("0.825")


def test_margin_is_picked_by_the_due_date() -> None:
    # Two claims, both accruing in H2 2013 (reference 0.20): due 2013-02-28 keeps 7 points
    # (7.20 %), due 2013-03-01 gets 8 points (8.20 %).
    regime = DK.spec.interest["renteloven"]
    old = accrue(Decimal(1000), date(2013, 7, 1), date(2013, 7, 30), regime, date(2013, 2, 28))
    new = accrue(Decimal(1000), date(2013, 7, 1), date(2013, 7, 30), regime, date(2013, 3, 1))
    assert old.pieces[0][3] == Decimal("7.20")
    assert new.pieces[0][3] == Decimal("8.20")


def test_gebyrloven_months_follow_the_ministry_example() -> None:
    # Indenrigsministeriet 2021: a claim due 30 January is charged on 31 January, 28 February,
    # 31 March and 30 April.
    starts = month_starts(date(2022, 1, 30), date(2022, 1, 31), date(2022, 4, 30))
    assert starts == [date(2022, 1, 31), date(2022, 2, 28), date(2022, 3, 31), date(2022, 4, 30)]


def test_unknown_roll_gives_the_earliest_and_latest_end() -> None:
    # Greenland: 2022-01-31 + 5 years = Sunday 2027-01-31; whether it moves is unknown, so the
    # deadline lies between 2027-01-31 and Monday 2027-02-01.
    convention = GL.calendar.convention("limitation")
    deadline = GL.calendar.add(date(2022, 1, 31), convention, years=5)
    assert deadline.unknown is not None
    assert (deadline.on, deadline.latest) == (date(2027, 1, 31), date(2027, 2, 1))


def test_unknown_missing_day_brackets_29_february() -> None:
    # 2024-02-29 + 5 years: 2029 has no 29 February; last day of February (Wednesday 28) or
    # 1 March (Thursday): both working days, so the bracket is 2029-02-28 … 2029-03-01.
    convention = GL.calendar.convention("limitation")
    deadline = GL.calendar.add(date(2024, 2, 29), convention, years=5)
    assert (deadline.on, deadline.latest) == (date(2029, 2, 28), date(2029, 3, 1))


def test_audit_dispatch_skips_claims_that_do_not_fit_the_profile() -> None:
    claims = [
        {
            "id": "X-1",
            "claim_type": "water_fee",
            "debtor": {"id": "P", "kind": "person"},
            "principal": "100.00",
            "currency": "NOK",
            "issued_on": "2025-01-01",
            "due_on": "2025-01-31",
        },
        {
            "id": "X-2",
            "claim_type": "water_fee",
            "debtor": {"id": "P", "kind": "person"},
            "principal": "100.00",
            "currency": "DKK",
            "issued_on": "2025-01-01",
            "due_on": "2025-01-31",
            "events": [{"kind": "invoice_sent", "on": "2025-01-01", "channel": "post"}],
        },
    ]
    audit = cr.audit_dispatch(claims, DK, date(2025, 1, 10))
    assert audit.checked == 1 and len(audit.errors) == 1 and "X-1" in audit.errors[0]
    assert [(g.issue_month, g.claim_type, g.channel, g.claims) for g in audit.groups] == [
        ("2025-01", "water_fee", "post", 1)
    ]
