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

from claimrules.claims import (
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
from claimrules.profile.profile import Profile

__all__ = ["Delivery", "collected_without_notice", "delivery_status"]


@dataclass(frozen=True)
class Delivery:
    """Whether the debtor was given the invoice that carries the effective due date."""

    evidenced: bool
    due: date
    cycle_start: date
    reason: str
    citation: str
    missing_due: date | None = None
    channel: str | None = None
    collected_without_notice: tuple[str, ...] = ()
    """Offsets, referrals and legal steps taken on a day that ended without proof."""


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
    failed: str | None = None
    missing_due: date | None = None
    reason = "no record that the invoice was sent"
    channel: str | None = None
    pending: list[str] = []
    unnoticed: list[str] = []
    day: date | None = None
    for event in claim.history(until):
        if event.on != day:
            if pending and not evidenced:
                unnoticed += pending
            pending, day = [], event.on
        if isinstance(event, Offset | ReferredToCollection | LegalStep):
            step = event.step if isinstance(event, LegalStep) else event.kind
            pending.append(f"{step.replace('_', ' ')} on {event.on}")
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
                reason = f"invoice sent by {event.channel} on {event.on} (proof for this channel)"
            elif not evidenced:
                needs = (
                    " or ".join(evidence.get(event.channel, [])) or "a channel the profile accepts"
                )
                reason = (
                    f"invoice handed to {event.channel} on {event.on}, but this channel needs "
                    f"proof: {needs}"
                )
        elif isinstance(event, InvoiceDispatched | InvoiceDelivered):
            if event.kind in evidence.get(event.channel, []) and failed is None:
                evidenced = True
                what = "dispatched" if isinstance(event, InvoiceDispatched) else "delivered"
                reason = f"invoice {what} by {event.channel} on {event.on}"
        elif isinstance(event, DeliveryFailed):
            evidenced, failed = False, f"delivery failed on {event.on}: {event.reason}"
            reason = failed
        elif isinstance(event, DirectDebitFailed) and event.fault == "creditor":
            evidenced, failed = (
                False,
                f"the creditor failed to draw the agreed direct debit on {event.on}; a fresh "
                "demand with a new due date must reach the debtor first",
            )
            reason = failed
    if pending and not evidenced:
        unnoticed += pending
    if evidenced:
        reason += f"; effective due date {due}"
    return Delivery(
        evidenced,
        due,
        cycle_start,
        reason,
        spec.source.cite(),
        missing_due,
        channel,
        tuple(unnoticed),
    )


def collected_without_notice(claim: Claim, profile: Profile, as_of: date) -> list[str]:
    """Offsets, referrals and legal steps taken while there was no proof of delivery."""
    return list(_walk(claim, profile, as_of).collected_without_notice)
