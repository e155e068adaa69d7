"""Property testing for systems that embed claimrules: hypothesis strategies for claims and their
event histories, and the engine's invariants as reusable checks.

Needs `hypothesis <https://hypothesis.readthedocs.io>`_ (``pip install 'claimrules[testing]'``).
A billing system that computes its own due dates, reminder runs or ledgers can generate claims
the way claimrules' own property tests do, and check every decision it gets back::

    from hypothesis import given
    import claimrules as cr
    from claimrules.testing import assert_lawful, claims_with_as_of

    NO = cr.load_profile("no")

    @given(case=claims_with_as_of(NO))
    def test_every_decision_is_lawful(case):
        claim, as_of = case
        assert_lawful(cr.decide(claim, NO, as_of), claim, NO)

Strategies (each takes the profile whose claim types, currency and fee kinds it draws from):

- :func:`claims`: a claim of any of the profile's claim types, with an event history: the
  invoice sent (and, unless ``delivered=False``, proof of it), payments, credits, offsets,
  notices with fees, acknowledgements, legal steps, judgments, payment plans, disputes,
  failed deliveries and direct debits, unwound events;
- :func:`claims_with_as_of`: such a claim with a day to decide it on.

Checks (each raises ``AssertionError`` naming what broke):

- :func:`assert_lawful`: everything below;
- no escalation, and no interest or fees charged, without proof the debtor was given the invoice;
- a time-barred claim is never escalated;
- the fee of the next step is within the caps in force on the day it may be sent, and the fees
  outstanding are no more than the fees charged;
- no negative balance part, every amount in the currency's minor unit, ``ready`` agrees with
  ``on``, and the decision is the same when made again.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, get_args

from hypothesis import strategies as st

from claimrules.engine.core import decide
from claimrules.law.caps import notice_cap
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim, core_claim
from claimrules.model.decision import Decision
from claimrules.model.vocabulary import Document, Outcome
from claimrules.rules.delivery import delivery_status

__all__ = [
    "ESCALATING",
    "assert_lawful",
    "check_delivery",
    "check_fees",
    "check_shape",
    "check_time_barred",
    "claims",
    "claims_with_as_of",
]

ESCALATING = frozenset(
    {
        "send_reminder",
        "send_collection_notice",
        "send_payment_demand",
        "refer_to_collection",
        "file_conciliation_complaint",
        "file_lawsuit",
        "request_distraint",
        "request_wage_deduction",
        "offset",
        "terminate_service",
    }
)
"""The actions that escalate a claim against the debtor (all but resend, review, write-off,
monitoring, refund and none)."""

_CHANNELS = ("post", "digital_mailbox", "email", "e_invoice")
_PROOF = {
    "post": "invoice_dispatched",
    "digital_mailbox": "invoice_delivered",
    "email": "invoice_delivered",
    "e_invoice": "invoice_delivered",
}
_LEGAL_STEPS = (
    "conciliation_complaint",
    "lawsuit",
    "distraint_petition",
    "distraint_held",
    "wage_deduction",
    "forced_sale_petition",
)


def _money(minor: Decimal, low: Decimal, high: Decimal) -> st.SearchStrategy[Decimal]:
    places = -int(minor.as_tuple().exponent)
    return st.decimals(min_value=low, max_value=high, places=places)


@st.composite
def claims(
    draw: st.DrawFn,
    /,
    profile: Profile,
    *,
    first: date = date(2008, 1, 1),
    last: date = date(2026, 6, 30),
    delivered: bool | None = True,
    max_events: int = 8,
) -> Claim:
    """A claim of one of ``profile``'s claim types, due between ``first`` and ``last``.

    ``delivered``: ``True`` always records proof the invoice reached the debtor, ``False``
    never does, ``None`` draws either. The history's events fall from a little before the due
    date to about four years after it, in any order.
    """
    due = draw(st.dates(min_value=first, max_value=last))
    issued = due - timedelta(days=draw(st.integers(0, 40)))
    channel = draw(st.sampled_from(_CHANNELS))
    events: list[dict[str, Any]] = [{"kind": "invoice_sent", "on": issued, "channel": channel}]
    proof = draw(st.booleans()) if delivered is None else delivered
    if proof:
        events.append(
            {
                "kind": _PROOF[channel],
                "on": issued + timedelta(days=draw(st.integers(0, 5))),
                "channel": channel,
            }
        )
    unit = profile.minor_unit
    principal = draw(_money(unit, Decimal(1), Decimal(50_000)))
    day = st.integers(-10, 4 * 366).map(lambda n: due + timedelta(days=n))
    amount = _money(unit, unit, principal * 2)
    fee = _money(unit, Decimal(0), Decimal(400))
    notice = st.sampled_from(["reminder_sent", "collection_notice_sent", "payment_demand_sent"])
    event = st.one_of(
        st.builds(lambda k, on, f: {"kind": k, "on": on, "fee": f}, notice, day, fee),
        st.builds(
            lambda k, on, a: {"kind": k, "on": on, "amount": a},
            st.sampled_from(["payment", "payment", "credit", "offset"]),
            day,
            amount,
        ),
        st.builds(
            lambda on, f: {
                "kind": "referred_to_collection",
                "on": on,
                "agency": "agency",
                "fee": f,
            },
            day,
            fee,
        ),
        st.builds(
            lambda on, step: {"kind": "legal_step", "on": on, "step": step},
            day,
            st.sampled_from(_LEGAL_STEPS),
        ),
        st.builds(
            lambda k, on: {"kind": k, "on": on},
            st.sampled_from(
                [
                    "acknowledged",
                    "judgment",
                    "payment_plan_breached",
                    "dispute_opened",
                    "dispute_closed",
                    "written_off",
                    "insolvency",
                    "service_terminated",
                ]
            ),
            day,
        ),
        st.builds(
            lambda on, step, outcome, intent, late: {
                "kind": "proceedings_ended",
                "on": on,
                "step": step,
                "outcome": outcome,
                "creditor_intent": intent,
                "creditor_informed_on": None if late is None else on + timedelta(days=late),
            },
            day,
            st.sampled_from(_LEGAL_STEPS),
            st.sampled_from(get_args(Outcome)),
            st.booleans(),
            st.none() | st.integers(0, 1200),
        ),
        st.builds(
            lambda on, document: {"kind": "document_signed", "on": on, "document": document},
            day,
            st.sampled_from(get_args(Document)),
        ),
        st.builds(
            lambda on, n: {"kind": "payment_plan", "on": on, "until": on + timedelta(days=n)},
            day,
            st.integers(0, 400),
        ),
        st.builds(
            lambda on, gaps, a: {
                "kind": "payment_plan",
                "on": on,
                "until": on + timedelta(days=sum(gaps)),
                "instalments": [
                    {"on": on + timedelta(days=sum(gaps[: i + 1])), "amount": a}
                    for i in range(len(gaps))
                ],
            },
            day,
            st.lists(st.integers(0, 60), min_size=1, max_size=6),
            amount,
        ),
        st.builds(
            lambda on, r: {"kind": "delivery_failed", "on": on, "reason": r},
            day,
            st.sampled_from(["returned mail", "bounced"]),
        ),
        st.builds(
            lambda on, f: {"kind": "direct_debit_failed", "on": on, "fault": f},
            day,
            st.sampled_from(["creditor", "debtor"]),
        ),
        st.builds(
            lambda on, c, n: {
                "kind": "invoice_sent",
                "on": on,
                "channel": c,
                "due_on": on + timedelta(days=n),
            },
            day,
            st.sampled_from(_CHANNELS),
            st.integers(0, 30),
        ),
    )
    events += draw(st.lists(event, max_size=max_events))
    # an unwound offset, referral or legal step (it must name an event that happened)
    undoable = [
        e for e in events if e["kind"] in ("offset", "referred_to_collection", "legal_step")
    ]
    unwind: bool = bool(undoable) and draw(st.booleans())
    if unwind:
        target = draw(st.sampled_from(undoable))
        later = target["on"] + timedelta(days=draw(st.integers(0, 60)))
        events.append(
            {"kind": "unwound", "on": later, "event": target["kind"], "event_on": target["on"]}
        )
    return Claim.model_validate(
        {
            "id": f"T-{draw(st.integers(1, 10**6))}",
            "claim_type": draw(st.sampled_from(sorted(profile.spec.claim_types))),
            "debtor": {"id": "D-1", "kind": draw(st.sampled_from(["person", "business"]))},
            "principal": principal,
            "currency": profile.currency,
            "issued_on": issued,
            "due_on": due,
            "events": draw(st.permutations(events)),
        }
    )


@st.composite
def claims_with_as_of(
    draw: st.DrawFn, /, profile: Profile, *, delivered: bool | None = True, **options: Any
) -> tuple[Claim, date]:
    """A claim (see :func:`claims`) and a day to decide it on, from its issue date to about
    six years after its due date."""
    claim = draw(claims(profile, delivered=delivered, **options))
    as_of = claim.due_on + timedelta(days=draw(st.integers(-20, 6 * 366)))
    return claim, max(as_of, claim.issued_on)


def check_delivery(decision: Decision, claim: Claim, profile: Profile) -> None:
    """No escalation, no interest and no fees without proof the debtor was given the invoice."""
    delivery = delivery_status(core_claim(claim), profile, decision.as_of)
    if delivery.evidenced:
        return
    assert decision.action not in ESCALATING, (
        f"claim {claim.id}: {decision.action} without proof of delivery ({delivery.reason})"
    )
    assert decision.fee == 0, f"claim {claim.id}: a fee of {decision.fee} without delivery proof"
    assert decision.balance.fees == 0, f"claim {claim.id}: fees counted without delivery proof"
    assert decision.balance.interest == 0, f"claim {claim.id}: interest without delivery proof"


def check_time_barred(decision: Decision, claim: Claim) -> None:
    """A time-barred claim is never escalated."""
    if decision.limitation is not None and decision.limitation.time_barred:
        assert decision.action not in ESCALATING, (
            f"claim {claim.id}: {decision.action} on a time-barred claim"
        )


def check_fees(decision: Decision, claim: Claim, profile: Profile) -> None:
    """The next step's fee is within the highest cap in force on the day it may be sent (plus
    a fixed compensation), and the fees outstanding are no more than the fees charged."""
    ctype = profile.claim_type(claim.claim_type)
    assert ctype is not None
    charged = sum((getattr(e, "fee", Decimal(0)) for e in claim.events), Decimal(0))
    assert decision.balance.fees <= charged, (
        f"claim {claim.id}: fees outstanding {decision.balance.fees} > fees charged {charged}"
    )
    if decision.fee == 0:
        return
    fees = profile.spec.fees.get(ctype.fees)
    assert fees is not None, f"claim {claim.id}: a fee of {decision.fee} with no fee regime"
    sent = max(decision.on, decision.as_of)
    caps = [notice_cap(fees, kind, sent, claim.due_on) for kind in fees.notices]
    caps += [notice_cap(fees, kind, sent, None) for kind in fees.notices]
    if profile.spec.local.fees:
        caps += [fee.amount for fee in profile.spec.local.fees.values()]
    compensation = Decimal(0)
    if fees.compensation is not None:
        extra = fees.compensation.amount.all_known()
        compensation = max(extra, default=Decimal(0))
    highest = max((cap for cap in caps if cap is not None), default=None)
    assert highest is not None, f"claim {claim.id}: a fee of {decision.fee} with no known cap"
    assert decision.fee <= highest + compensation, (
        f"claim {claim.id}: fee {decision.fee} above every cap in force on {sent} ({highest})"
    )


def check_shape(decision: Decision, claim: Claim, profile: Profile) -> None:
    """No negative part, amounts in the minor unit, ``ready`` agrees with ``on``."""
    balance = decision.balance
    for name in ("principal", "interest", "fees"):
        value = getattr(balance, name)
        assert value >= 0, f"claim {claim.id}: negative {name} {value}"
    unit = profile.minor_unit.as_tuple().exponent
    for name, value in (
        ("fee", decision.fee),
        ("principal", balance.principal),
        ("interest", balance.interest),
        ("fees", balance.fees),
        ("total", balance.total),
    ):
        assert value.as_tuple().exponent == unit, (
            f"claim {claim.id}: {name} {value} is not in the currency's minor unit"
        )
    assert decision.ready == (decision.on <= decision.as_of)
    assert decision.claim_id == claim.id


def assert_lawful(decision: Decision, claim: Claim, profile: Profile) -> None:
    """Every invariant above, and that deciding again gives the same decision.

    Raises:
        AssertionError: naming the claim and the invariant that does not hold.
    """
    check_shape(decision, claim, profile)
    check_delivery(decision, claim, profile)
    check_time_barred(decision, claim)
    check_fees(decision, claim, profile)
    again = decide(claim, profile, decision.as_of)
    assert again == decision, f"claim {claim.id}: a second decision differs"
