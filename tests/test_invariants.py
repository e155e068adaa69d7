"""Invariants over random histories and every built-in profile (hypothesis).

The strategies and checks are the ones integrators get from ``claimrules.testing``. With the
bounded CI profile each property runs a few dozen examples per profile; run
``pytest --hypothesis-profile=deep tests/test_invariants.py`` for thousands.
"""

from __future__ import annotations

import copy
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimrules as cr
from claimrules.testing import ESCALATING, assert_lawful, claims, claims_with_as_of

PROFILE_IDS = ["no", "no/orkdal", "dk", "gl", "gl/kujalleq"]
EACH = settings(max_examples=max(5, settings.default.max_examples // 4))
"""Each property runs for five profiles: a quarter of the profile's examples for each (15 in CI,
750 with ``--hypothesis-profile=deep``)."""
PROFILES = {pid: cr.load_profile(pid) for pid in PROFILE_IDS}
DOCUMENTED = (cr.ClaimError,)
"""The only errors decide may raise for a valid claim of the profile's currency."""


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@EACH
@given(data=st.data())
def test_every_decision_is_lawful(profile_id: str, data: st.DataObject) -> None:
    profile = PROFILES[profile_id]
    claim, as_of = data.draw(claims_with_as_of(profile, delivered=None))
    try:
        decision = cr.decide(claim, profile, as_of)
    except DOCUMENTED:
        return
    assert_lawful(decision, claim, profile)


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@EACH
@given(data=st.data())
def test_nothing_escalated_or_charged_without_delivery_proof(
    profile_id: str, data: st.DataObject
) -> None:
    profile = PROFILES[profile_id]
    claim, as_of = data.draw(claims_with_as_of(profile, delivered=False))
    decision = cr.decide(claim, profile, as_of)
    assert decision.action not in ESCALATING
    assert decision.fee == 0 and decision.balance.fees == 0 and decision.balance.interest == 0


def _plain(claim: cr.Claim) -> dict[str, Any]:
    data: dict[str, Any] = claim.model_dump()
    return data


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@EACH
@given(data=st.data())
def test_no_escalation_fee_or_debt_from_a_step_taken_after_settlement(
    profile_id: str, data: st.DataObject
) -> None:
    profile = PROFILES[profile_id]
    claim = data.draw(claims(profile, max_events=3))
    paid_on = claim.due_on + timedelta(days=data.draw(st.integers(-5, 200)))
    before = cr.decide(claim, profile, paid_on)
    if before.action in ("manual_review", "resend_invoice", "write_off", "monitor", "refund"):
        return  # not a claim that a plain payment settles
    owed = before.balance.total
    settled = _plain(claim)
    if owed > 0:
        settled["events"] = [
            *settled["events"],
            {"kind": "payment", "on": paid_on, "amount": owed},
        ]
    # then steps nobody should have taken: notices with fees, a referral, legal steps
    later = st.integers(1, 400).map(lambda n: paid_on + timedelta(days=n))
    steps = data.draw(
        st.lists(
            st.one_of(
                st.builds(
                    lambda k, on, fee: {"kind": k, "on": on, "fee": fee},
                    st.sampled_from(
                        ["reminder_sent", "collection_notice_sent", "payment_demand_sent"]
                    ),
                    later,
                    st.decimals(min_value=Decimal(1), max_value=Decimal(300), places=2),
                ),
                st.builds(
                    lambda on: {"kind": "referred_to_collection", "on": on, "agency": "x"}, later
                ),
                st.builds(
                    lambda on, s: {"kind": "legal_step", "on": on, "step": s},
                    later,
                    st.sampled_from(["conciliation_complaint", "distraint_petition"]),
                ),
            ),
            min_size=1,
            max_size=4,
        )
    )
    # events after the payment only: anything earlier was part of the claim's own history
    settled["events"] = [e for e in settled["events"] if e["on"] <= paid_on] + steps
    stepped = cr.Claim.model_validate(settled)
    as_of = max(e["on"] for e in steps) + timedelta(days=data.draw(st.integers(0, 60)))
    after = cr.decide(stepped, profile, as_of)
    if cr.decide(
        cr.Claim.model_validate({**settled, "events": settled["events"][: -len(steps)]}),
        profile,
        as_of,
    ).action not in ("none", "refund"):
        return  # the payment did not settle it (e.g. an interest rate unknown after paid_on)
    assert after.action in ("none", "refund"), after.explain()
    assert after.balance.fees == 0 and after.balance.total <= 0, after.explain()
    assert after.fee == 0
    assert after.warning_codes().count("step_after_settlement") == len(steps), after.explain()


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@EACH
@given(data=st.data())
def test_decisions_are_deterministic_and_inputs_never_mutated(
    profile_id: str, data: st.DataObject
) -> None:
    profile = PROFILES[profile_id]
    claim, as_of = data.draw(claims_with_as_of(profile, delivered=None))
    before = copy.deepcopy(claim.model_dump())
    first = cr.decide(claim, profile, as_of)
    assert claim.model_dump() == before
    again = cr.decide(cr.Claim.model_validate_json(claim.model_dump_json()), profile, as_of)
    assert again.model_dump_json() == first.model_dump_json()


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@settings(max_examples=max(3, settings.default.max_examples // 20))
@given(data=st.data())
def test_long_histories_are_decided_in_bounded_time(profile_id: str, data: st.DataObject) -> None:
    """A claim with thousands of events replays in time linear in their number: 4,000 events
    decide in well under a second each here (100,000 in about ten: benchmarks/events.py)."""
    profile = PROFILES[profile_id]
    claim = data.draw(claims(profile, max_events=0))
    kinds = data.draw(
        st.lists(
            st.sampled_from(["reminder_sent", "payment", "acknowledged", "collection_notice_sent"]),
            min_size=1,
            max_size=4,
        )
    )
    events = list(_plain(claim)["events"])
    for i in range(4000):
        kind = kinds[i % len(kinds)]
        on = claim.due_on + timedelta(days=1 + i % 1500)
        event: dict[str, Any] = {"kind": kind, "on": on}
        if kind == "payment":
            event["amount"] = profile.minor_unit
        elif kind.endswith("_sent"):
            event["fee"] = Decimal(35)
        events.append(event)
    long = cr.Claim.model_validate({**_plain(claim), "events": events})
    decision = cr.decide(long, profile, claim.due_on + timedelta(days=1600))
    assert_lawful(decision, long, profile)


def test_ten_thousand_reminders_carry_one_fee() -> None:
    # 10,000 reminders on one water fee, 400 a day from 2024-02-05 (due + 16 days) to 2024-03-01.
    # inkassoforskriften § 1-2 (1): the first, 14 days or more after the due date, may cost
    # 700 / 20 = 35. § 1-3: a further fee only after the previous notice's 14-day deadline has
    # run out, and each reminder follows the one before within a day: no further fee.
    due = date(2024, 1, 20)
    events: list[dict[str, Any]] = [
        {"kind": "invoice_sent", "on": date(2024, 1, 5), "channel": "post"},
        {"kind": "invoice_dispatched", "on": date(2024, 1, 5), "channel": "post"},
    ]
    events += [
        {"kind": "reminder_sent", "on": due + timedelta(days=16 + i // 400), "fee": "35.00"}
        for i in range(10_000)
    ]
    claim = cr.Claim.model_validate(
        {
            "id": "MANY",
            "claim_type": "water_fee",
            "debtor": {"id": "P", "kind": "person"},
            "principal": "1000.00",
            "currency": "NOK",
            "issued_on": date(2024, 1, 5),
            "due_on": due,
            "events": events,
        }
    )
    decision = cr.decide(claim, PROFILES["no"], date(2024, 3, 1))
    assert decision.balance.fees == Decimal("35.00")
    assert decision.warning_codes().count("fee_over_cap") == 10_000 - 1
    # interest 2024-01-21 .. 03-01: 41 days at 12.50 %: 1000 × 0.125 × 41 / 365 = 14.0410.. → 14.04
    assert decision.balance.interest == Decimal("14.04")
