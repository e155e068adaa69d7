"""A claim's history on one day, walked once: what every rule reads of it.

:func:`fold` is the one walk over a claim's events that the rules share. It takes the events
that count on the as-of day (:meth:`~claimrules.model.claims.Claim.history`: up to that day, in date
order, without unwound events) and, in one pass, hands each event to the parts of the engine
that read it:

- ``delivery``: the invoices, their proof, failed deliveries and direct debits, and the
  collection steps whose notice the delivery rules check (:mod:`claimrules.rules.delivery`);
- ``money``: payments, credits, offsets and the notices that may carry a fee
  (:mod:`claimrules.rules.ledger`), with the other collection steps, which are void once the claim
  was settled;
- ``refs``: every event's name as the profile says it (``legal_step.<step>`` for a legal step)
  and its day, which is all the limitation and lien rules read (:mod:`claimrules.rules.limitation`);
- the facts the engine's guards ask about: the first day of each kind of event, open disputes,
  the payment plan in force, a judgment, and the legal steps whose proceedings ended without a
  decision (the ladder takes them again).

Each part then reads only its own events, in date order, instead of walking the whole history
again. The result is made once per claim and day (the engine asks for it many times) and is
never changed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from claimrules.model.claims import Claim, Event, LegalStep, PaymentPlan, ProceedingsEnded

__all__ = ["DELIVERY_KINDS", "MONEY_KINDS", "STEP_KINDS", "History", "event_ref", "fold"]

DELIVERY_KINDS = frozenset(
    {
        "invoice_sent",
        "invoice_dispatched",
        "invoice_delivered",
        "delivery_failed",
        "direct_debit_failed",
        "offset",
        "referred_to_collection",
        "legal_step",
    }
)
"""The events the delivery rules read."""

STEP_KINDS = frozenset(
    {
        "reminder_sent",
        "collection_notice_sent",
        "payment_demand_sent",
        "referred_to_collection",
        "legal_step",
        "service_terminated",
    }
)
"""Collection steps: taken after the claim was settled, they are void."""

MONEY_KINDS = frozenset({"payment", "credit", "offset"}) | STEP_KINDS
"""The events the ledger reads: what moves money, and the steps that may carry a fee."""

NOTICE_KINDS = frozenset({"reminder_sent", "collection_notice_sent", "payment_demand_sent"})
"""Written notices to the debtor (a demand that can start interest)."""


def event_ref(event: Event) -> str:
    """The profile's name for an event: its kind, or ``legal_step.<step>``."""
    if isinstance(event, LegalStep):
        return f"legal_step.{event.step}"
    return event.kind


@dataclass(frozen=True, slots=True)
class History:
    """What the rules read of a claim's history on one day (see the module's description)."""

    events: tuple[Event, ...]
    """The events that count, in date order (events on one day keep their input order)."""
    refs: tuple[tuple[str, date], ...]
    """Each event's profile name (:func:`event_ref`) and day, in the order of ``events``."""
    delivery: tuple[Event, ...]
    """The events of :data:`DELIVERY_KINDS`, in date order."""
    money: tuple[Event, ...]
    """The events of :data:`MONEY_KINDS`, in date order."""
    notices: tuple[Event, ...]
    """The events of :data:`NOTICE_KINDS`, in date order."""
    first: Mapping[str, date]
    """The day of the first event of each kind that occurs."""
    disputed_since: date | None
    """The day the dispute still open began (a closed dispute ends it), or ``None``."""
    plan_until: date | None
    """The last day of the payment plan last agreed, unless it was breached since."""
    ended: frozenset[int] = frozenset()
    """The ``id`` of each legal step whose proceedings later ended without a decision (a
    ``proceedings_ended`` event for the same kind of step ends the latest one before it)."""

    @property
    def judged(self) -> bool:
        """Whether a judgment (or another basis for enforcement from a court) was given."""
        return "judgment" in self.first


def fold(claim: Claim, as_of: date) -> History:
    """The :class:`History` of ``claim`` on ``as_of``, made in one pass over its events in
    date order (two when an event was unwound).

    The last answer is kept on the claim: the engine asks for one as-of day many times.
    """
    cached = claim.__dict__.get("_fold")
    if cached is not None and cached[0] == as_of:
        found: History = cached[1]
        return found
    history = _fold(as_of, claim.sorted_events(), cut=True)
    if history is None:  # an event was unwound: the history without it, folded again
        history = _fold(as_of, claim.history(as_of), cut=False)
        assert history is not None
    claim.__dict__["_fold"] = (as_of, history)
    return history


def _fold(as_of: date, ordered: tuple[Event, ...], *, cut: bool) -> History | None:
    """The one pass over ``ordered`` (all the claim's events in date order, ``cut`` at
    ``as_of`` here, or the history already cut); ``None`` on meeting an ``unwound`` event
    (then the events it reversed must be left out first: :meth:`Claim.history`)."""
    kept: list[Event] = []
    refs: list[tuple[str, date]] = []
    delivery: list[Event] = []
    money: list[Event] = []
    notices: list[Event] = []
    first: dict[str, date] = {}
    disputed: date | None = None
    plan: date | None = None
    pending: dict[str, list[int]] = {}  # each kind of legal step still running: the events' ids
    ended: set[int] = set()
    for event in ordered:
        kind = event.kind
        on = event.on
        if cut:
            if on > as_of:
                break
            if kind == "unwound":
                return None
        kept.append(event)
        if kind == "legal_step":
            assert isinstance(event, LegalStep)
            refs.append((f"legal_step.{event.step}", on))
            pending.setdefault(event.step, []).append(id(event))
        elif kind == "proceedings_ended":
            assert isinstance(event, ProceedingsEnded)
            refs.append((kind, on))
            running = pending.get(event.step)
            if running:
                ended.add(running.pop())
        else:
            refs.append((kind, on))
        if kind not in first:
            first[kind] = on
        if kind in DELIVERY_KINDS:
            delivery.append(event)
        if kind in MONEY_KINDS:
            money.append(event)
            if kind in NOTICE_KINDS:
                notices.append(event)
        elif kind == "dispute_opened":
            disputed = disputed or on
        elif kind == "dispute_closed":
            disputed = None
        elif kind == "payment_plan":
            assert isinstance(event, PaymentPlan)
            plan = event.until
        elif kind == "payment_plan_breached":
            plan = None
    return History(
        ordered if len(kept) == len(ordered) else tuple(kept),
        tuple(refs),
        tuple(delivery),
        tuple(money),
        tuple(notices),
        first,
        disputed,
        plan,
        frozenset(ended),
    )
