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


def delivery_status(claim: Claim, profile: Profile, until: date) -> Delivery:
    """Whether, on ``until``, the debtor had been given the invoice that carries the due date."""
    return _walk(claim, profile, until)[0]


def _walk(claim: Claim, profile: Profile, until: date) -> tuple[Delivery, dict[date, bool]]:
    """One pass over the history: the status on ``until``, and whether delivery was proven at
    the end of each day that has events."""
    spec = profile.spec.delivery
    evidence = spec.evidence
    due = claim.due_on
    cycle_start = claim.issued_on
    evidenced = False
    failed: str | None = None
    missing_due: date | None = None
    reason = "no record that the invoice was sent"
    channel: str | None = None
    by_day: dict[date, bool] = {}
    for event in claim.history(until):
        if isinstance(event, InvoiceSent):
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
        by_day[event.on] = evidenced
    if evidenced:
        reason += f"; effective due date {due}"
    status = Delivery(evidenced, due, cycle_start, reason, spec.source.cite(), missing_due, channel)
    return status, by_day


def collected_without_notice(claim: Claim, profile: Profile, as_of: date) -> list[str]:
    """Offsets, referrals and legal steps taken while there was no proof of delivery."""
    found: list[str] = []
    _, proven_by_day = _walk(claim, profile, as_of)
    for event in claim.history(as_of):
        collecting = isinstance(event, Offset | ReferredToCollection | LegalStep)
        # Proof counts if it existed at the end of the day the step was taken.
        if collecting and not proven_by_day[event.on]:
            what = event.step if isinstance(event, LegalStep) else event.kind
            found.append(f"{what.replace('_', ' ')} on {event.on}")
    return found
