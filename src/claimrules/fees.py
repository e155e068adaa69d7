"""Reminder and collection fees: the cap per notice, and the count, order and spacing limits.

A fee is lawful only if every profile rule holds on the day the notice is sent:

- it is sent at least ``min_days_after_due`` days after the (effective) due date;
- fewer than ``max_count`` fee-bearing notices were sent before it;
- the fee-bearing notices so far plus this one follow one of the allowed ``sequences``
  (in order, gaps allowed);
- when an earlier notice exists, its payment deadline (``deadline_days`` from sending) has
  passed; a notice with ``needs_expired_deadline`` requires such an earlier notice;
- the amount is at most the cap in force on the sending day (a fraction of the fee base or a
  fixed amount), and at most what the municipality itself chose to charge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from claimrules.profile.schema import FeeKind, FeesSpec, LocalSpec, NoticeFee

__all__ = ["FeeDecision", "Notice", "fee_for", "notice_cap"]

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice already sent: its kind, date and the fee counted as lawful for it."""

    kind: FeeKind
    on: date
    fee: Decimal


@dataclass(frozen=True, slots=True)
class FeeDecision:
    """The most that may be charged for one notice, and why."""

    amount: Decimal
    reasons: list[str] = field(default_factory=list)
    unknown: str | None = None
    citations: list[str] = field(default_factory=list)


def notice_cap(fees: FeesSpec, kind: str, on: date, due: date | None = None) -> Decimal | None:
    """The legal maximum for a notice of ``kind`` sent on ``on``; ``None`` if the law is unknown.

    The fee base is the one in force on the sending day; the fraction is picked by the sending
    day or by the claim's ``due`` date, as ``fees.fraction_date`` says. A fraction of the base is
    computed exactly and rounded half-up to the minor unit.
    """
    notice: NoticeFee | None = fees.notices.get(kind)  # type: ignore[call-overload]
    if notice is None:
        return None
    if notice.amount is not None:
        amount = notice.amount.at(on)
        return None if amount is None or amount.value is None else Decimal(amount.value)
    if notice.fraction is None or fees.base is None:
        return None
    fraction = notice.fraction.at(_fraction_day(fees, on, due))
    base = fees.base.at(on)
    if fraction is None or base is None or fraction.value is None or base.value is None:
        return None
    exact = base.value * fraction.value.numerator / fraction.value.denominator
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def _fraction_day(fees: FeesSpec, on: date, due: date | None) -> date:
    return due if fees.fraction_date.by == "due_date" and due is not None else on


def _is_subsequence(kinds: list[FeeKind], sequence: list[FeeKind]) -> bool:
    position = iter(sequence)
    return all(kind in position for kind in kinds)


def fee_for(
    fees: FeesSpec,
    local: LocalSpec,
    kind: FeeKind,
    on: date,
    due: date,
    history: list[Notice],
) -> FeeDecision:
    """The lawful fee for a notice of ``kind`` sent on ``on``, given the notices before it.

    ``due`` is the effective due date (a re-sent invoice's due date when the first one failed).
    ``history`` holds every earlier notice (fee-bearing or not) in date order.
    """
    notice = fees.notices.get(kind)
    if notice is None:
        return FeeDecision(Decimal(0), [f"the profile allows no fee for a {kind}"])
    reasons: list[str] = []
    citations: list[str] = []
    min_days = notice.min_days_after_due.at(on)
    deadline = fees.deadline_days.at(on)
    max_count = fees.max_count.at(on)
    sequences = fees.sequences.at(on)
    for name, resolved in (
        ("minimum days after due", min_days),
        ("notice deadline", deadline),
        ("maximum fee count", max_count),
        ("allowed sequences", sequences),
    ):
        if resolved is None or not resolved.known:
            return FeeDecision(Decimal(0), unknown=f"{name} for a {kind} fee on {on} is not known")
    assert min_days and deadline and max_count and sequences  # narrowed above
    assert min_days.value is not None and deadline.value is not None
    assert max_count.value is not None and sequences.value is not None
    citations.append(min_days.cite())
    earliest = due + timedelta(days=min_days.value)
    if on < earliest:
        return FeeDecision(
            Decimal(0),
            [f"no fee before {earliest} ({min_days.value} days after the due date {due})"],
            citations=citations,
        )
    charged = [n for n in history if n.fee > 0]
    citations.append(max_count.cite())
    if len(charged) >= max_count.value:
        return FeeDecision(
            Decimal(0),
            [f"already {len(charged)} fee-bearing notices; at most {max_count.value} per claim"],
            citations=citations,
        )
    kinds = [n.kind for n in charged] + [kind]
    if not any(_is_subsequence(kinds, list(seq)) for seq in sequences.value):
        allowed = "; ".join(" → ".join(seq) for seq in sequences.value)
        return FeeDecision(
            Decimal(0),
            [f"fees for {' → '.join(kinds)} do not follow an allowed sequence ({allowed})"],
            citations=[*citations, sequences.cite()],
        )
    previous = history[-1] if history else None
    if previous is None and notice.needs_expired_deadline:
        return FeeDecision(
            Decimal(0),
            [f"a {kind} fee needs an earlier reminder or notice whose deadline has passed"],
            citations=citations,
        )
    if previous is not None:
        passed = previous.on + timedelta(days=deadline.value + 1)
        citations.append(deadline.cite())
        if on < passed:
            return FeeDecision(
                Decimal(0),
                [
                    f"the {previous.kind} of {previous.on} gave {deadline.value} days to pay; "
                    f"a further fee only from {passed}"
                ],
                citations=citations,
            )
    cap = notice_cap(fees, kind, on, due)
    if cap is None:
        return FeeDecision(Decimal(0), unknown=f"the {kind} fee cap in force on {on} is not known")
    cap_param = notice.fraction or notice.amount
    assert cap_param is not None
    cap_resolved = cap_param.at(_fraction_day(fees, on, due) if notice.fraction else on)
    if cap_resolved is not None:
        citations.append(cap_resolved.cite())
    if fees.base is not None and notice.fraction is not None:
        base = fees.base.at(on)
        fraction_day = _fraction_day(fees, on, due)
        fraction = notice.fraction.at(fraction_day)
        assert base is not None and fraction is not None
        at_sending = notice.fraction.at(on)
        picked = (
            f" (fraction by due date {due})"
            if at_sending is None or at_sending.value != fraction.value
            else ""
        )
        reasons.append(
            f"cap {cap} = {fraction.value} × fee base {base.value} in force on {on}{picked}"
        )
        citations.append(base.cite())
    else:
        reasons.append(f"cap {cap} in force on {on}")
    amount = cap
    local_fee = local.fees.get(kind)
    if local_fee is not None and local_fee.amount < cap:
        amount = local_fee.amount
        who = local.municipality or "the municipality"
        reasons.append(f"{who} charges {amount} (local rule)")
        if local.source is not None:
            citations.append(local.source.cite())
    return FeeDecision(amount, reasons, citations=citations)
