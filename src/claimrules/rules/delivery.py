"""Delivery evidence: was the debtor given the invoice, and was anything collected before?

Each profile says, per channel, which events prove that the debtor was given the invoice
(``delivery.evidence``): for paper post the print-and-mail provider's dispatch confirmation or a
delivery receipt, for a digital mailbox its availability there. A billing system's own record
that it handed an invoice over (``invoice_sent``) proves nothing for such a channel. A failed
delivery or a direct debit the creditor failed to draw restarts the cycle: only a re-sent
invoice, with its own due date, can be escalated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from claimrules.law.profile import Profile
from claimrules.model import messages as m
from claimrules.model.claims import (
    Claim,
    DeliveryFailed,
    DirectDebitFailed,
    InvoiceDelivered,
    InvoiceDispatched,
    InvoiceSent,
    LegalStep,
    Offset,
    ReferredToCollection,
)
from claimrules.model.messages import say
from claimrules.rules.history import fold

__all__ = ["Delivery", "collected_without_notice", "delivery_status"]


@dataclass(frozen=True)
class Delivery:
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

    @cached_property
    def reason(self) -> str:
        """Why the invoice counts as given to the debtor, or why it does not, in one sentence.

        Written only when read: a decision without a trace reads it only when the invoice
        did not reach the debtor."""
        template, fields = self.why
        if template is m.INVOICE_HANDED:  # the proofs the channel needs, in words
            proofs = [m.event_words(kind) for kind in fields["needs"]]  # type: ignore[attr-defined]
            fields = {**fields, "needs": m.either_or(proofs) if proofs else m.ANY_CHANNEL}
        text = say(template, **fields)
        return say(m.EFFECTIVE_DUE, reason=text, date=self.due) if self.evidenced else text


def delivery_status(claim: Claim, profile: Profile, until: date) -> Delivery:
    """Whether, on ``until``, the debtor had been given the invoice that carries the due date,
    and which collection steps were taken without that proof."""
    return _walk(claim, profile, until)


def _walk(claim: Claim, profile: Profile, until: date) -> Delivery:
    """One pass over the history. A collection step counts as noticed if proof existed at the
    end of the day it was taken, so steps wait in ``pending`` until their day is over."""
    spec = profile.spec.delivery
    evidence = spec.evidence
    due = claim.due_on
    cycle_start = claim.issued_on
    evidenced = False
    failed: tuple[str, dict[str, object]] | None = None
    missing_due: date | None = None
    why: tuple[str, dict[str, object]] = (m.NO_INVOICE_RECORD, {})
    channel: str | None = None
    pending: list[str] = []
    unnoticed: list[str] = []
    day: date | None = None
    for event in fold(claim, until).delivery:  # only the events whose delivery counts
        if event.on != day:
            if pending and not evidenced:
                unnoticed += pending
            pending, day = [], event.on
        if isinstance(event, Offset | ReferredToCollection | LegalStep):
            ref = f"legal_step.{event.step}" if isinstance(event, LegalStep) else event.kind
            pending.append(say(m.STEP_ON, step=m.event_words(ref), date=event.on))
        elif isinstance(event, InvoiceSent):
            channel = event.channel
            if failed is not None:
                cycle_start = event.on
                if event.due_on is None:
                    missing_due = event.on
                else:
                    due, missing_due = event.due_on, None
                failed = None
                evidenced = False
            elif event.due_on is not None:
                due = event.due_on
            if "invoice_sent" in evidence.get(event.channel, []):
                evidenced = True
                why = (m.INVOICE_SENT_PROOF, {"channel": event.channel, "date": event.on})
            elif not evidenced:
                proofs = tuple(evidence.get(event.channel, ()))  # put in words when read
                why = (
                    m.INVOICE_HANDED,
                    {"channel": event.channel, "date": event.on, "needs": proofs},
                )
        elif isinstance(event, InvoiceDispatched | InvoiceDelivered):
            if event.kind in evidence.get(event.channel, []) and failed is None:
                evidenced = True
                template = (
                    m.INVOICE_DISPATCHED
                    if isinstance(event, InvoiceDispatched)
                    else m.INVOICE_DELIVERED
                )
                why = (template, {"channel": event.channel, "date": event.on})
        elif isinstance(event, DeliveryFailed):
            why = (m.DELIVERY_FAILED, {"date": event.on, "why": event.reason})
            evidenced, failed = False, why
        elif isinstance(event, DirectDebitFailed) and event.fault == "creditor":
            why = (m.DEBIT_FAILED, {"date": event.on})
            evidenced, failed = False, why
    if pending and not evidenced:
        unnoticed += pending
    return Delivery(
        evidenced,
        due,
        cycle_start,
        why,
        spec.source.cite(),
        missing_due,
        channel,
        tuple(unnoticed),
    )


def collected_without_notice(claim: Claim, profile: Profile, as_of: date) -> list[str]:
    """Offsets, referrals and legal steps taken while there was no proof of delivery."""
    return list(_walk(claim, profile, as_of).collected_without_notice)
