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
again. The fold is made once per decision, from the claim's events read once, and is never
changed; nothing is kept on the claim.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from claimrules.model.claims import Claim as PublicClaim
from claimrules.model.claims import Event as PublicEvent
from claimrules.model.claims import LegalStep as PublicLegalStep
from claimrules.model.claims import engine_claim, engine_events
from claimrules.model.core import (
    Claim,
    DocumentSigned,
    Event,
    LegalStep,
    Offset,
    Payment,
    PaymentPlan,
    ProceedingsEnded,
    in_replay_order,
    without_unwound,
)
from claimrules.model.vocabulary import kinds_with

__all__ = [
    "DELIVERY_KINDS",
    "MONEY_KINDS",
    "NOTICE_KINDS",
    "STEP_KINDS",
    "History",
    "event_ref",
    "fold",
    "fold_ordered",
]

DELIVERY_KINDS = kinds_with("delivery")
"""The events the delivery rules read."""

STEP_KINDS = kinds_with("step")
"""Collection steps: taken after the claim was settled, they are void."""

MONEY_KINDS = kinds_with("money")
"""The events the ledger reads: what moves money, and the steps that may carry a fee."""

NOTICE_KINDS = kinds_with("notice")

_NAMED = frozenset({"legal_step", "proceedings_ended"})
"""Events whose profile name is more than their kind, or that end proceedings."""
"""Written notices to the debtor (a demand that can start interest)."""


def event_ref(event: Event | PublicEvent) -> str:
    """The profile's name for an event (a core one, or a public claim's): its kind, or
    ``legal_step.<step>``."""
    if isinstance(event, LegalStep | PublicLegalStep):
        return f"legal_step.{event.step}"
    return event.kind


class History(NamedTuple):
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
    plan: PaymentPlan | None
    """The payment plan last agreed, unless it was breached since."""
    ended: frozenset[int]
    """The ``id`` of each legal step whose proceedings later ended without a decision (a
    ``proceedings_ended`` event for the same kind of step ends the latest one before it)."""
    proceedings: tuple[ProceedingsEnded, ...]
    """The ``proceedings_ended`` events, in date order."""
    last_ended: ProceedingsEnded | None
    """The last ``proceedings_ended`` event, unless a legal step was taken after it."""
    deduction_ordered: date | None
    """The day of the wage deduction in place (the last one ordered whose proceedings did not
    end since), or ``None``."""
    last_payment: date | None
    """The day of the last payment."""
    last_movement: date | None
    """The day of the last event that is not the creditor's own bookkeeping (a write-off)."""
    recovered: Decimal
    """Paid or set off after the first write-off (events of its day listed after it count)."""
    recovered_last: date | None
    """The day of the last payment or offset counted in :attr:`recovered`."""
    documents: frozenset[str] = frozenset()
    """The documents the debtor signed (``document_signed``): an enforceable loan note, a lease
    with an eviction clause."""
    written_off_at: int | None = None
    """How many events of :attr:`money` come before the first write-off (the money slice as
    the accounts had it then), or ``None`` when the claim was not written off."""

    @property
    def plan_until(self) -> date | None:
        """The last day of the payment plan last agreed, unless it was breached since."""
        return self.plan.until if self.plan is not None else None

    @property
    def judged(self) -> bool:
        """Whether a judgment (or another basis for enforcement from a court) was given."""
        return "judgment" in self.first


def fold(claim: Claim | PublicClaim, as_of: date) -> History:
    """The :class:`History` of ``claim`` on ``as_of``: the claim's events read once (sorted
    into replay order), then folded in one pass (two when an event was unwound).

    Nothing is kept on the claim: the engine folds once per decision
    (:func:`claimrules.rules.state.claim_state`) and hands the result to every rule."""
    return fold_ordered(in_replay_order(engine_claim(claim).events), as_of)


def fold_ordered(ordered: tuple[Event | PublicEvent, ...], as_of: date) -> History:
    """The :class:`History` on ``as_of`` of the events ``ordered`` (all the claim's events, in
    replay order)."""
    ordered = engine_events(ordered)  # a public claim's events: converted once
    history = _Fold(as_of, cut=True).run(ordered)
    if history is None:  # an event was unwound: the history without it, folded again
        history = _Fold(as_of, cut=False).run(without_unwound(ordered, as_of))
        assert history is not None
    return history


class _Fold:
    """The one pass: each event handed to the slices and facts that read it."""

    def __init__(self, as_of: date, *, cut: bool) -> None:
        self.as_of, self.cut = as_of, cut
        self.kept: list[Event] = []
        self.refs: list[tuple[str, date]] = []
        self.delivery: list[Event] = []
        self.money: list[Event] = []
        self.notices: list[Event] = []
        self.first: dict[str, date] = {}
        self.disputed: date | None = None
        self.plan: PaymentPlan | None = None
        self.pending: dict[str, list[int]] = {}  # each kind of legal step still running: ids
        self.ended: set[int] = set()
        self.proceedings: list[ProceedingsEnded] = []
        self.last_ended: ProceedingsEnded | None = None
        self.deduction: date | None = None
        self.last_payment: date | None = None
        self.last_movement: date | None = None
        self.written_off = False
        self.recovered = Decimal(0)
        self.recovered_last: date | None = None
        self.documents: set[str] = set()
        self.written_off_at: int | None = None

    def run(self, ordered: tuple[Event, ...]) -> History | None:
        """Fold ``ordered``; ``None`` on meeting an ``unwound`` event (then the events it
        reversed must be left out first)."""
        as_of, cut = self.as_of, self.cut
        kept, first = self.kept, self.first
        for event in ordered:
            kind = event.kind
            if cut:
                if event.on > as_of:
                    break
                if kind == "unwound":
                    return None
            kept.append(event)
            if kind in _NAMED:
                self._name(event)
            else:
                self.refs.append((kind, event.on))
            if kind not in first:
                first[kind] = event.on
            self._slice(event, kind)
            self._facts(event, kind)
        return History(
            ordered if len(kept) == len(ordered) else tuple(kept),
            tuple(self.refs),
            tuple(self.delivery),
            tuple(self.money),
            tuple(self.notices),
            first,
            self.disputed,
            self.plan,
            frozenset(self.ended),
            tuple(self.proceedings),
            self.last_ended,
            self.deduction,
            self.last_payment,
            self.last_movement,
            self.recovered,
            self.recovered_last,
            frozenset(self.documents),
            self.written_off_at,
        )

    def _name(self, event: Event) -> None:
        """A legal step's or an ended proceeding's profile name and day, and what it does to
        the proceedings running."""
        kind, on = event.kind, event.on
        if kind == "legal_step":
            assert isinstance(event, LegalStep)
            self.refs.append((f"legal_step.{event.step}", on))
            self.pending.setdefault(event.step, []).append(id(event))
            self.last_ended = None
            if event.step == "wage_deduction":
                self.deduction = on
        elif kind == "proceedings_ended":
            assert isinstance(event, ProceedingsEnded)
            self.refs.append((kind, on))
            running = self.pending.get(event.step)
            if running:
                self.ended.add(running.pop())
            self.proceedings.append(event)
            self.last_ended = event
            if event.step == "wage_deduction":
                self.deduction = None

    def _slice(self, event: Event, kind: str) -> None:
        """The event in the slices of the rules that read it."""
        if kind in DELIVERY_KINDS:
            self.delivery.append(event)
        if kind in MONEY_KINDS:
            self.money.append(event)
            if kind in NOTICE_KINDS:
                self.notices.append(event)
        elif kind == "dispute_opened":
            self.disputed = self.disputed or event.on
        elif kind == "dispute_closed":
            self.disputed = None
        elif kind == "payment_plan":
            assert isinstance(event, PaymentPlan)
            self.plan = event
        elif kind == "payment_plan_breached":
            self.plan = None
        elif kind == "document_signed":
            assert isinstance(event, DocumentSigned)
            self.documents.add(event.document)

    def _facts(self, event: Event, kind: str) -> None:
        """Payments, movement and what came in after a write-off."""
        if kind == "written_off":
            if not self.written_off:
                self.written_off = True
                self.written_off_at = len(self.money)
            return
        self.last_movement = event.on
        if kind == "payment":
            self.last_payment = event.on
        if self.written_off and isinstance(event, Payment | Offset):
            self.recovered += event.amount
            self.recovered_last = event.on
