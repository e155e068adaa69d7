"""Delivery evidence: was the debtor given the invoice, and was anything collected before?

Each profile says, per channel, which events prove that the debtor was given the invoice
(``delivery.evidence``): for paper post the print-and-mail provider's dispatch confirmation or a
delivery receipt, for a digital mailbox its availability there. A billing system's own record
that it handed an invoice over (``invoice_sent``) proves nothing for such a channel. A failed
delivery or a direct debit the creditor failed to draw restarts the cycle: only a re-sent
invoice, with its own due date, can be escalated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

from claimrules.law.profile import Profile
from claimrules.model import messages as m
from claimrules.model.claims import Claim as PublicClaim
from claimrules.model.claims import Event as PublicEvent
from claimrules.model.claims import engine_claim, engine_events
from claimrules.model.core import (
    Claim,
    DeliveryFailed,
    DirectDebitFailed,
    Event,
    InvoiceDelivered,
    InvoiceDispatched,
    InvoiceSent,
    LegalStep,
    NoticeDelivered,
    NoticeDispatched,
    NoticeFailed,
)
from claimrules.model.messages import say
from claimrules.model.vocabulary import Channel
from claimrules.rules.history import History, fold

__all__ = [
    "Delivery",
    "NoticeProof",
    "collected_without_notice",
    "delivery_of",
    "delivery_status",
    "notice_proof",
]


class Delivery(NamedTuple):
    """Whether the debtor was given the invoice that carries the effective due date."""

    evidenced: bool
    due: date
    cycle_start: date
    why: tuple[str, dict[str, object]]
    """The template of :attr:`reason` and its values (the sentence is written when read; with
    proof, it is followed by the effective due date)."""
    citation: str
    missing_due: date | None = None
    channel: str | None = None
    collected_without_notice: tuple[str, ...] = ()
    """Offsets, referrals and legal steps taken on a day that ended without proof."""

    @property
    def reason(self) -> str:
        """Why the invoice counts as given to the debtor, or why it does not, in one sentence.

        Written when read: a decision without a trace reads it only when the invoice did not
        reach the debtor."""
        return self.reason_with_due(self.due)

    def reason_with_due(self, due: date) -> str:
        """:attr:`reason`, with ``due`` as the effective due date it names when there is proof:
        the claim's state's (:attr:`ClaimState.due <claimrules.rules.state.ClaimState.due>`),
        which a municipality's own due-date rule may have moved past the invoice's."""
        template, fields = self.why
        if template is m.INVOICE_HANDED:  # the proofs the channel needs, in words
            proofs = [m.event_words(kind) for kind in fields["needs"]]  # type: ignore[attr-defined]
            fields = {**fields, "needs": m.either_or(proofs) if proofs else m.ANY_CHANNEL}
        text = say(template, **fields)
        return say(m.EFFECTIVE_DUE, reason=text, date=due) if self.evidenced else text


def delivery_status(claim: Claim | PublicClaim, profile: Profile, until: date) -> Delivery:
    """Whether, on ``until``, the debtor had been given the invoice that carries the due date,
    and which collection steps were taken without that proof (folds the claim's history; the
    engine uses :func:`delivery_of` on the history it has already folded)."""
    claim = engine_claim(claim)
    return delivery_of(fold(claim, until), claim, profile)


def delivery_of(past: History, claim: Claim, profile: Profile) -> Delivery:
    """:func:`delivery_status` from the claim's folded history ``past``: one pass over its
    delivery slice. A collection step counts as noticed if proof existed at the end of the day
    it was taken, so steps wait in ``pending`` until their day is over."""
    spec = profile.spec.delivery
    evidence = spec.evidence
    cycle = _Cycle(claim.due_on, claim.issued_on)
    pending: list[str] = []
    unnoticed: list[str] = []
    day: date | None = None
    for event in past.delivery:  # only the events whose delivery counts
        if event.on != day:
            if pending and not cycle.evidenced:
                unnoticed += pending
            pending, day = [], event.on
        kind = event.kind
        if kind == "invoice_sent":
            assert isinstance(event, InvoiceSent)
            cycle.sent(event, evidence)
        elif kind == "invoice_dispatched" or kind == "invoice_delivered":
            assert isinstance(event, InvoiceDispatched | InvoiceDelivered)
            cycle.proven(event, evidence)
        elif kind == "delivery_failed":
            assert isinstance(event, DeliveryFailed)
            cycle.fail((m.DELIVERY_FAILED, {"date": event.on, "why": event.reason}))
        elif kind == "direct_debit_failed":
            assert isinstance(event, DirectDebitFailed)
            if event.fault == "creditor":
                cycle.fail((m.DEBIT_FAILED, {"date": event.on}))
        else:  # an offset, a referral or a legal step: collection
            ref = f"legal_step.{event.step}" if isinstance(event, LegalStep) else kind
            pending.append(say(m.STEP_ON, step=m.event_words(ref), date=event.on))
    if pending and not cycle.evidenced:
        unnoticed += pending
    return Delivery(
        cycle.evidenced,
        cycle.due,
        cycle.start,
        cycle.why,
        spec.source.cite(),
        cycle.missing_due,
        cycle.channel,
        tuple(unnoticed),
    )


class _Cycle:
    """The invoice cycle so far: the invoice that counts, its due date, its proof, and a failed
    delivery that only a re-sent invoice ends."""

    __slots__ = ("channel", "due", "evidenced", "failed", "missing_due", "start", "why")

    def __init__(self, due: date, start: date) -> None:
        self.due, self.start = due, start
        self.evidenced = False
        self.failed: tuple[str, dict[str, object]] | None = None
        self.missing_due: date | None = None
        self.why: tuple[str, dict[str, object]] = (m.NO_INVOICE_RECORD, {})
        self.channel: str | None = None

    def sent(self, event: InvoiceSent, evidence: Mapping[Channel, Sequence[str]]) -> None:
        """An invoice handed to a channel: a re-sent one after a failure restarts the cycle."""
        self.channel = event.channel
        if self.failed is not None:
            self.start = event.on
            if event.due_on is None:
                self.missing_due = event.on
            else:
                self.due, self.missing_due = event.due_on, None
            self.failed = None
            self.evidenced = False
        elif event.due_on is not None:
            self.due = event.due_on
        if "invoice_sent" in evidence.get(event.channel, ()):
            self.evidenced = True
            self.why = (m.INVOICE_SENT_PROOF, {"channel": event.channel, "date": event.on})
        elif not self.evidenced:
            proofs = tuple(evidence.get(event.channel, ()))  # put in words when read
            self.why = (
                m.INVOICE_HANDED,
                {"channel": event.channel, "date": event.on, "needs": proofs},
            )

    def proven(
        self, event: InvoiceDispatched | InvoiceDelivered, evidence: Mapping[Channel, Sequence[str]]
    ) -> None:
        """A dispatch confirmation or a delivery receipt: proof, where the channel takes it."""
        if event.kind in evidence.get(event.channel, ()) and self.failed is None:
            self.evidenced = True
            kind = event.kind
            template = m.INVOICE_DISPATCHED if kind == "invoice_dispatched" else m.INVOICE_DELIVERED
            self.why = (template, {"channel": event.channel, "date": event.on})

    def fail(self, why: tuple[str, dict[str, object]]) -> None:
        """A failed delivery, or a direct debit the creditor failed to draw."""
        self.why = why
        self.evidenced, self.failed = False, why


def collected_without_notice(
    claim: Claim | PublicClaim, profile: Profile, as_of: date
) -> list[str]:
    """Offsets, referrals and legal steps taken while there was no proof of delivery."""
    return list(delivery_status(claim, profile, as_of).collected_without_notice)


class NoticeProof(NamedTuple):
    """What the ledger proves of one notice: whether it came back (``failed``: the reason
    recorded), whether its dispatch was confirmed, whether it was delivered."""

    failed: str | None
    dispatched: bool
    delivered: bool


def notice_proof(events: Sequence[Event | PublicEvent], notice: Event | PublicEvent) -> NoticeProof:
    """The proof ``events`` hold of ``notice`` (a ``reminder_sent``, ``collection_notice_sent``
    or ``payment_demand_sent`` event): the ``notice_dispatched``, ``notice_delivered`` and
    ``notice_failed`` events about it (same notice, same day sent). A receipt counts as dispatch
    too; a failure recorded after a receipt still counts as a failure only where no receipt
    follows it."""
    kind = notice.kind.removesuffix("_sent")
    failed: str | None = None
    dispatched = delivered = False
    for event in engine_events(events):  # a public claim's events: converted once
        if not isinstance(event, NoticeDispatched | NoticeDelivered | NoticeFailed):
            continue
        if event.notice != kind or event.sent_on != notice.on:
            continue
        if isinstance(event, NoticeFailed):
            failed, delivered = event.reason, False
        elif isinstance(event, NoticeDelivered):
            failed, delivered, dispatched = None, True, True
        else:
            dispatched = True
    return NoticeProof(failed, dispatched, delivered)
