"""Delivery guard properties over every built-in profile (hypothesis).

Without proof that the debtor was given the invoice (the profile's ``delivery.evidence`` for the
channel: a dispatch confirmation or delivery receipt for post, a delivery for a digital mailbox)
nothing may escalate and no fee or interest may count; after a creditor-fault direct-debit failure
only the re-sent invoice's new due date counts; and any offset, referral or legal step taken
without that proof sends the claim to manual review (collected_without_notice).

Dates stay within 2014-01-01..2026-06-30, where the interest tables of the profiles that have
them are known; each test uses one claim type per profile and at most a handful of events.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimrules as cr
from claimrules.model.claims import (
    DeliveryFailed,
    DirectDebitFailed,
    InvoiceDelivered,
    InvoiceDispatched,
)

PROFILE_IDS = sorted(cr.available_profiles())
PROFILES = {pid: cr.load_profile(pid) for pid in PROFILE_IDS}

FIRST = date(2014, 1, 1)
LAST = date(2026, 6, 30)
NOT_ESCALATING = {"resend_invoice", "manual_review", "none", "refund", "write_off", "monitor"}
PROOF_KINDS = ("invoice_dispatched", "invoice_delivered")
CHANNELS = ("post", "digital_mailbox", "email", "e_invoice")

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50000"), places=2)
fees_charged = st.decimals(min_value=Decimal(0), max_value=Decimal(500), places=2)
profile_ids = st.sampled_from(PROFILE_IDS)


def claim_type_for(profile: cr.Profile) -> str:
    """One fixed claim type the profile knows (waste_fee where there is one)."""
    names = sorted(profile.spec.claim_types)
    return "waste_fee" if "waste_fee" in names else names[0]


def make_claim(
    profile: cr.Profile,
    due: date,
    events: list[dict[str, Any]],
    *,
    principal: Decimal = Decimal("1000.00"),
    issued: date | None = None,
) -> cr.Claim:
    return cr.Claim(
        id="DG-1",
        claim_type=claim_type_for(profile),
        debtor={"id": "P-1", "kind": "person"},
        principal=principal,
        currency=profile.currency,
        issued_on=issued or due - timedelta(days=14),
        due_on=due,
        events=events,
    )


def proof_evidenced(claim: cr.Claim, profile: cr.Profile, as_of: date) -> bool:
    # Independent of the engine: the last proof for its own channel after the last failure.
    evidence = profile.spec.delivery.evidence
    ok = False
    for event in claim.history(as_of):
        if isinstance(event, InvoiceDispatched | InvoiceDelivered):
            if event.kind in evidence.get(event.channel, []):
                ok = True
        elif isinstance(event, DeliveryFailed) or (
            isinstance(event, DirectDebitFailed) and event.fault == "creditor"
        ):
            ok = False
    return ok


# --- (a) no dispatch proof: no escalation, no fee, no interest, no fees --------------------------


def _other_events(day: st.SearchStrategy[date]) -> st.SearchStrategy[dict[str, Any]]:
    """Events that are not proof of delivery (and do not re-send an invoice)."""
    notices = [
        st.builds(
            lambda on, fee, kind=kind: {"kind": kind, "on": on, "fee": fee}, day, fees_charged
        )
        for kind in ("reminder_sent", "collection_notice_sent", "payment_demand_sent")
    ]
    return st.one_of(
        *notices,
        st.builds(lambda on, amount: {"kind": "payment", "on": on, "amount": amount}, day, money),
        st.builds(lambda on: {"kind": "acknowledged", "on": on}, day),
        st.builds(
            lambda on, fault: {"kind": "direct_debit_failed", "on": on, "fault": fault},
            day,
            st.sampled_from(["creditor", "debtor"]),
        ),
        st.builds(lambda on: {"kind": "delivery_failed", "on": on, "reason": "returned"}, day),
        st.builds(
            lambda on, ch: {"kind": "invoice_sent", "on": on, "channel": ch},
            day,
            st.sampled_from(CHANNELS),
        ),
        st.builds(
            lambda on, fee: {"kind": "referred_to_collection", "on": on, "agency": "A", "fee": fee},
            day,
            fees_charged,
        ),
        st.builds(lambda on, amount: {"kind": "offset", "on": on, "amount": amount}, day, money),
    )


@st.composite
def undelivered_cases(draw: st.DrawFn) -> tuple[cr.Claim, cr.Profile, date]:
    """A claim with no dispatch proof on ``as_of``: either no proof event at all, or proof events
    that all come before a delivery failure / creditor-fault direct-debit failure, after which
    an invoice may have been re-sent but was never confirmed."""
    profile = PROFILES[draw(profile_ids)]
    due = draw(st.dates(min_value=FIRST, max_value=LAST - timedelta(days=120)))
    day = st.integers(-14, 400).map(lambda n: due + timedelta(days=n))
    events: list[dict[str, Any]] = [
        {"kind": "invoice_sent", "on": due - timedelta(days=14), "channel": "post"}
    ]
    earliest_as_of = due
    if draw(st.booleans()):
        # proof, then a failure on a later day; afterwards only unconfirmed re-sends
        failure_offset = draw(st.integers(0, 60))
        failure = due + timedelta(days=failure_offset)
        earliest_as_of = failure  # the failure must have happened by the as-of date
        for _ in range(draw(st.integers(1, 2))):
            on = due + timedelta(days=draw(st.integers(-14, failure_offset - 1)))
            events.append({"kind": draw(st.sampled_from(PROOF_KINDS)), "on": on, "channel": "post"})
        events.append(
            draw(
                st.sampled_from(
                    [
                        {"kind": "delivery_failed", "on": failure, "reason": "returned"},
                        {"kind": "direct_debit_failed", "on": failure, "fault": "creditor"},
                    ]
                )
            )
        )
        if draw(st.booleans()):
            resent = failure + timedelta(days=draw(st.integers(0, 30)))
            events.append(
                {
                    "kind": "invoice_sent",
                    "on": resent,
                    "channel": draw(st.sampled_from(CHANNELS)),
                    "due_on": resent + timedelta(days=draw(st.integers(0, 30))),
                }
            )
    events += draw(st.lists(_other_events(day), max_size=5))
    principal = draw(money)
    claim = make_claim(profile, due, events, principal=principal)
    as_of = max(earliest_as_of, min(LAST, due + timedelta(days=draw(st.integers(0, 500)))))
    return claim, profile, as_of


@given(case=undelivered_cases())
def test_no_escalation_fee_or_interest_without_dispatch_proof(
    case: tuple[cr.Claim, cr.Profile, date],
) -> None:
    claim, profile, as_of = case
    assert not proof_evidenced(claim, profile, as_of)  # the generator keeps its promise
    decision = cr.decide(claim, profile, as_of)
    context = decision.explain()
    assert decision.action in NOT_ESCALATING, context
    assert decision.fee == 0, context
    assert decision.balance.interest == 0, context
    assert decision.balance.fees == 0, context


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_invoice_sent_alone_is_no_proof(profile_id: str) -> None:
    # The billing system handed the invoice over (invoice_sent) 2022-01-03; the provider never
    # confirmed. 45 days after the due date 2022-01-31 the only step is to re-send it.
    profile = PROFILES[profile_id]
    claim = make_claim(
        profile,
        date(2022, 1, 31),
        [
            {"kind": "invoice_sent", "on": date(2022, 1, 3), "channel": "post"},
            {"kind": "reminder_sent", "on": date(2022, 2, 15), "fee": "35.00"},
        ],
        issued=date(2022, 1, 3),
    )
    decision = cr.decide(claim, profile, date(2022, 3, 17))
    assert decision.action == "resend_invoice", decision.explain()
    assert "not_delivered" in decision.warning_codes()
    assert decision.balance.total == Decimal("1000.00")


# --- (b) creditor-fault direct-debit failure, then a re-sent and dispatched invoice -------------


@st.composite
def resent_cases(draw: st.DrawFn) -> dict[str, Any]:
    profile_id = draw(profile_ids)
    due = draw(st.dates(min_value=FIRST, max_value=date(2025, 6, 30)))
    issued = due - timedelta(days=14)
    failure = due + timedelta(days=draw(st.integers(0, 30)))
    resent = failure + timedelta(days=draw(st.integers(0, 20)))
    # at least 40 days after the original due date: later than any local due-date rule allows
    new_due = max(resent + timedelta(days=draw(st.integers(14, 45))), due + timedelta(days=40))
    dispatched = resent + timedelta(days=draw(st.integers(0, 3)))
    # reminders with fees dated between the failure and the new due date (exclusive)
    span = (new_due - failure).days
    early = [
        (failure + timedelta(days=draw(st.integers(0, span - 1))), draw(fees_charged))
        for _ in range(draw(st.integers(0, 3)))
    ]
    as_of = min(LAST, failure + timedelta(days=draw(st.integers(0, 200))))
    return {
        "profile": PROFILES[profile_id],
        "due": due,
        "issued": issued,
        "failure": failure,
        "resent": resent,
        "new_due": new_due,
        "dispatched": dispatched,
        "early": sorted(early),
        "as_of": as_of,
        "principal": draw(money),
    }


def _resent_claim(case: dict[str, Any]) -> cr.Claim:
    events: list[dict[str, Any]] = [
        {"kind": "invoice_sent", "on": case["issued"], "channel": "post"},
        {"kind": "invoice_dispatched", "on": case["issued"], "channel": "post"},
        {"kind": "direct_debit_failed", "on": case["failure"], "fault": "creditor"},
        {
            "kind": "invoice_sent",
            "on": case["resent"],
            "channel": "post",
            "due_on": case["new_due"],
        },
        {"kind": "invoice_dispatched", "on": case["dispatched"], "channel": "post"},
    ]
    events += [{"kind": "reminder_sent", "on": on, "fee": fee} for on, fee in case["early"]]
    return make_claim(
        case["profile"], case["due"], events, principal=case["principal"], issued=case["issued"]
    )


def _reference_claim(case: dict[str, Any]) -> cr.Claim:
    """The same invoice as if it had been due on the new due date from the start."""
    events: list[dict[str, Any]] = [
        {"kind": "invoice_sent", "on": case["resent"], "channel": "post"},
        {"kind": "invoice_dispatched", "on": case["dispatched"], "channel": "post"},
    ]
    return make_claim(
        case["profile"], case["new_due"], events, principal=case["principal"], issued=case["issued"]
    )


@given(case=resent_cases())
def test_nothing_counts_before_the_new_due_date(case: dict[str, Any]) -> None:
    profile, as_of = case["profile"], case["as_of"]
    decision = cr.decide(_resent_claim(case), profile, as_of)
    context = decision.explain()
    # reminders between the failure and the new due date never carry a lawful fee
    assert decision.balance.fees == 0, context
    if as_of <= case["new_due"]:
        assert decision.balance.interest == 0, context
    else:
        # interest runs only from the new due date: exactly what a claim due then would bear
        reference = cr.decide(_reference_claim(case), profile, as_of)
        assert decision.balance.interest == reference.balance.interest, (
            f"{context}\n--- reference ---\n{reference.explain()}"
        )


@given(case=resent_cases())
def test_no_escalation_is_lawful_before_the_new_due_date(case: dict[str, Any]) -> None:
    # The re-sent invoice gives the debtor until the new due date; a reminder recorded before it
    # (e.g. from a stale reminder run) must not start the ladder's clock for the next step.
    decision = cr.decide(_resent_claim(case), case["profile"], case["as_of"])
    if decision.action not in NOT_ESCALATING:
        assert decision.on > case["new_due"], decision.explain()


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
def test_fee_on_a_reminder_before_the_new_due_date_is_not_counted(profile_id: str) -> None:
    # Direct debit due 2024-01-22 not drawn by the creditor; re-sent 2024-02-01 (dispatched the
    # same day) with new due date 2024-03-04. A reminder with fee 50.00 went out 2024-02-20, before
    # the new due date: it counts 0. As of 2024-03-04 (the new due date) nothing has accrued.
    profile = PROFILES[profile_id]
    case = {
        "profile": profile,
        "due": date(2024, 1, 22),
        "issued": date(2024, 1, 8),
        "failure": date(2024, 1, 22),
        "resent": date(2024, 2, 1),
        "new_due": date(2024, 3, 4),
        "dispatched": date(2024, 2, 1),
        "early": [(date(2024, 2, 20), Decimal("50.00"))],
        "as_of": date(2024, 3, 4),
        "principal": Decimal("1000.00"),
    }
    decision = cr.decide(_resent_claim(case), profile, date(2024, 3, 4))
    assert decision.balance.fees == 0, decision.explain()
    assert decision.balance.interest == 0, decision.explain()
    assert decision.balance.total == Decimal("1000.00")


# --- (c) collection without notice -> manual review ------------------------------------------------

COLLECTING = ("offset", "referred_to_collection", "legal_step")


def _collecting_event(kind: str, on: date, amount: Decimal, step: str) -> dict[str, Any]:
    if kind == "offset":
        return {"kind": "offset", "on": on, "amount": amount}
    if kind == "referred_to_collection":
        return {"kind": "referred_to_collection", "on": on, "agency": "Collector"}
    return {"kind": "legal_step", "on": on, "step": step}


@st.composite
def collected_cases(draw: st.DrawFn) -> tuple[cr.Claim, cr.Profile, date, str]:
    """An offset, referral or legal step on a day without proof: never any proof, proof only
    later, or proof that a failure had cancelled."""
    profile = PROFILES[draw(profile_ids)]
    due = draw(st.dates(min_value=FIRST, max_value=LAST - timedelta(days=200)))
    taken_on = due + timedelta(days=draw(st.integers(-10, 120)))
    kind = draw(st.sampled_from(COLLECTING))
    step = draw(
        st.sampled_from(
            ["lawsuit", "distraint_petition", "wage_deduction", "conciliation_complaint"]
        )
    )
    events: list[dict[str, Any]] = [
        {"kind": "invoice_sent", "on": due - timedelta(days=14), "channel": "post"}
    ]
    history = draw(st.sampled_from(["never", "proof_later", "proof_then_failure"]))
    if history == "proof_later":
        later = taken_on + timedelta(days=draw(st.integers(1, 60)))
        events.append({"kind": draw(st.sampled_from(PROOF_KINDS)), "on": later, "channel": "post"})
    elif history == "proof_then_failure":
        events.append(
            {"kind": "invoice_dispatched", "on": due - timedelta(days=14), "channel": "post"}
        )
        # one day after the dispatch at the earliest, on the collecting day at the latest
        failure = taken_on - timedelta(days=draw(st.integers(0, (taken_on - due).days + 13)))
        events.append({"kind": "delivery_failed", "on": failure, "reason": "never printed"})
    events.append(_collecting_event(kind, taken_on, draw(money), step))
    day = st.integers(-14, 200).map(lambda n: due + timedelta(days=n))
    events += draw(
        st.lists(
            st.one_of(
                st.builds(lambda on: {"kind": "reminder_sent", "on": on}, day),
                st.builds(lambda on, a: {"kind": "payment", "on": on, "amount": a}, day, money),
            ),
            max_size=3,
        )
    )
    claim = make_claim(profile, due, events, principal=draw(money))
    as_of = min(LAST, taken_on + timedelta(days=draw(st.integers(0, 300))))
    return claim, profile, as_of, kind


@given(case=collected_cases())
def test_collection_without_notice_goes_to_manual_review(
    case: tuple[cr.Claim, cr.Profile, date, str],
) -> None:
    claim, profile, as_of, _ = case
    # failure on the collecting day itself: the event order decides; the generator puts the
    # failure first, so there was no proof on that day either way
    decision = cr.decide(claim, profile, as_of)
    context = decision.explain()
    assert decision.action == "manual_review", context
    assert "collected_without_notice" in decision.warning_codes(), context
    assert decision.fee == 0, context


@given(case=collected_cases())
def test_unwinding_removes_the_collection_without_notice_warning(
    case: tuple[cr.Claim, cr.Profile, date, str],
) -> None:
    claim, profile, as_of, kind = case
    taken = next(e for e in claim.events if e.kind == kind)
    unwound = {"kind": "unwound", "on": as_of, "event": kind, "event_on": taken.on}
    data = claim.model_dump()
    data["events"] = [*data["events"], unwound]
    decision = cr.decide(cr.Claim.model_validate(data), profile, as_of)
    assert "collected_without_notice" not in decision.warning_codes(), decision.explain()


@pytest.mark.parametrize("profile_id", PROFILE_IDS)
@pytest.mark.parametrize("kind", COLLECTING)
def test_collection_settling_the_claim_without_notice_still_needs_review(
    profile_id: str, kind: str
) -> None:
    # Invoice handed to the printer 2022-01-03 and never dispatched; on 2022-03-01 the full
    # 1000.00 was offset (or the claim referred / a wage deduction started). Even an offset that
    # settled the claim must be unwound: manual review, not "none".
    profile = PROFILES[profile_id]
    claim = make_claim(
        profile,
        date(2022, 1, 31),
        [
            {"kind": "invoice_sent", "on": date(2022, 1, 3), "channel": "post"},
            _collecting_event(kind, date(2022, 3, 1), Decimal("1000.00"), "wage_deduction"),
        ],
        issued=date(2022, 1, 3),
    )
    decision = cr.decide(claim, profile, date(2022, 3, 16))
    assert decision.action == "manual_review", decision.explain()
    assert "collected_without_notice" in decision.warning_codes()
    assert "2022-03-01" in decision.reason


def test_a_delivery_failure_reason_is_shown_as_written_even_with_braces() -> None:
    # the sentence is written only when read (claimrules.rules.delivery.Delivery.reason): the
    # recorded reason is a value in it, never a template, so "{address}" stays as it is
    claim = cr.Claim.model_validate(
        {
            "id": "NO-BRACES",
            "claim_type": "water_fee",
            "debtor": {"id": "P-1", "kind": "person"},
            "principal": "500.00",
            "currency": "NOK",
            "issued_on": "2025-01-02",
            "due_on": "2025-01-31",
            "events": [
                {"kind": "invoice_sent", "on": "2025-01-02", "channel": "post"},
                {"kind": "invoice_dispatched", "on": "2025-01-02", "channel": "post"},
                {"kind": "delivery_failed", "on": "2025-01-09", "reason": "unknown {address}"},
            ],
        }
    )
    for trace in ("full", "none"):
        decision = cr.decide(claim, cr.load_profile("no"), date(2025, 3, 1), trace=trace)
        assert decision.action == "resend_invoice"
        assert "unknown {address}" in decision.reason
