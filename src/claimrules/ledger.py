"""Event replay: the claim's balance (principal, interest, fees) on the as-of date.

Events up to and including ``as_of`` are replayed in date order. Interest accrues on the
outstanding principal for each day from the first interest day through the day of a payment;
the payment then covers the parts in the profile's allocation order, and the new principal bears
interest from the next day. Credit notes reduce the principal directly. Fees charged on notices
count only up to the lawful amount; an excess is reported, never collected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from claimrules.claims import (
    Claim,
    CollectionNoticeSent,
    Credit,
    Offset,
    Payment,
    PaymentDemandSent,
    ReminderSent,
)
from claimrules.fees import FeeDecision, Notice, fee_for
from claimrules.interest import accrue, round_money
from claimrules.profile.schema import FeeKind, ProfileSpec

__all__ = ["FeeCheck", "Ledger", "replay"]

_NOTICE_KINDS: dict[type, FeeKind] = {
    ReminderSent: "reminder",
    CollectionNoticeSent: "collection_notice",
    PaymentDemandSent: "payment_demand",
}


@dataclass(frozen=True)
class FeeCheck:
    """A fee charged on a recorded notice, and what the law allowed for it."""

    notice: Notice
    charged: Decimal
    decision: FeeDecision


@dataclass
class Ledger:
    """The replayed balance and what was learned on the way."""

    principal: Decimal
    interest_exact: Decimal = Decimal(0)
    fees: Decimal = Decimal(0)
    credit: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    interest_unknown: str | None = None
    interest_pieces: list[tuple[date, date, int, Decimal]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    fee_checks: list[FeeCheck] = field(default_factory=list)
    allocations: list[str] = field(default_factory=list)

    @property
    def interest(self) -> Decimal:
        """Outstanding interest, rounded once half-up to the minor unit."""
        return round_money(self.interest_exact)

    @property
    def total(self) -> Decimal:
        """Outstanding total (principal + interest + fees), less any credit balance."""
        return self.principal + self.interest + self.fees - self.credit


def replay(
    claim: Claim,
    spec: ProfileSpec,
    as_of: date,
    *,
    due: date,
    interest_from: date | None,
    fees_allowed: bool = True,
) -> Ledger:
    """Replay ``claim``'s events up to ``as_of``.

    Args:
        claim: the claim.
        spec: the profile.
        as_of: last day replayed (inclusive); later events are ignored.
        due: the effective due date (fees are counted from it).
        interest_from: the first interest day, or ``None`` when no interest may run.
        fees_allowed: ``False`` when there is no proof the debtor was given the invoice, so no
            fee charged on a notice counts.
    """
    ledger = Ledger(principal=claim.principal)
    cursor = interest_from

    def accrue_through(day: date) -> None:
        nonlocal cursor
        if cursor is None or ledger.interest_unknown is not None or day < cursor:
            return
        piece = accrue(ledger.principal, cursor, day, spec.interest.rate, spec.interest.method)
        ledger.interest_exact += piece.amount
        ledger.interest_pieces.extend(piece.pieces)
        if piece.unknown is not None:
            ledger.interest_unknown = piece.unknown
        cursor = day + timedelta(days=1)

    for event in claim.sorted_events():
        if event.on > as_of:
            break
        if isinstance(event, Payment | Offset):
            accrue_through(event.on)
            ledger.paid += event.amount
            _allocate(ledger, spec, event.amount, event.on, event.kind)
        elif isinstance(event, Credit):
            accrue_through(event.on)
            covered = min(event.amount, ledger.principal)
            ledger.principal -= covered
            ledger.credit += event.amount - covered
            ledger.allocations.append(
                f"{event.on}: credit note {event.amount} reduced the principal"
            )
        elif isinstance(event, ReminderSent | CollectionNoticeSent | PaymentDemandSent):
            kind = _NOTICE_KINDS[type(event)]
            if fees_allowed:
                decision = fee_for(spec.fees, spec.local, kind, event.on, due, ledger.notices)
            else:
                decision = FeeDecision(Decimal(0), ["no proof the debtor was given the invoice"])
            lawful = min(event.fee, decision.amount)
            notice = Notice(kind, event.on, lawful)
            ledger.fee_checks.append(FeeCheck(notice, event.fee, decision))
            ledger.notices.append(notice)
            ledger.fees += lawful
    accrue_through(as_of)
    return ledger


def _allocate(ledger: Ledger, spec: ProfileSpec, amount: Decimal, on: date, kind: str) -> None:
    left = amount
    parts: list[str] = []
    for part in spec.allocation.order:
        if left <= 0:
            break
        if part == "fees":
            covered = min(left, ledger.fees)
            ledger.fees -= covered
        elif part == "interest":
            due_interest = ledger.interest
            covered = min(left, due_interest)
            # Paying the rounded amount in full settles the exact amount (no sub-øre residue).
            ledger.interest_exact = (
                Decimal(0) if covered == due_interest else ledger.interest_exact - covered
            )
        else:
            covered = min(left, ledger.principal)
            ledger.principal -= covered
        if covered:
            parts.append(f"{covered} to {part}")
        left -= covered
    if left > 0:
        ledger.credit += left
        parts.append(f"{left} overpaid")
    ledger.allocations.append(f"{on}: {kind} {amount} covered " + ", ".join(parts))
