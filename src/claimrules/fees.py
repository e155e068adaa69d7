"""Reminder and collection fees: the cap per notice, and the count, order and spacing limits.

A fee is lawful only if every profile rule holds on the day the notice is sent:

- it is sent at least ``min_days_after_due`` days after the (effective) due date;
- fewer than ``max_count`` fee-bearing notices were sent before it;
- the fee-bearing notices so far plus this one follow one of the allowed ``sequences``
  (in order, gaps allowed);
- when an earlier notice exists, its payment deadline (``deadline_days`` from sending) has
  passed, or (spacing ``apart``) it was sent at least ``deadline_days`` earlier; a notice with
  ``needs_expired_deadline`` requires such an earlier notice;
- a fixed compensation (business debtors in Denmark) is added once, to the first fee;
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
    by_due = fees.fraction_date is not None and fees.fraction_date.by == "due_date"
    return due if by_due and due is not None else on


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
    *,
    debtor_kind: str = "person",
) -> FeeDecision:
    """The lawful fee for a notice of ``kind`` sent on ``on``, given the notices before it.

    ``due`` is the effective due date (a re-sent invoice's due date when the first one failed).
    ``history`` holds every earlier notice (fee-bearing or not) in date order. A municipality
    that charges nothing for this kind of notice charges nothing, whatever the law says.
    """
    notice = fees.notices.get(kind)
    if notice is None:
        return FeeDecision(Decimal(0), [f"{fees.title} allows no fee for a {kind}"])
    local_fee = local.fees.get(kind)
    if local_fee is not None and local_fee.amount == 0:
        who = local.municipality or "the municipality"
        return FeeDecision(
            Decimal(0),
            [f"{who} charges no {kind} fee (local rule)"],
            citations=[local.source.cite()] if local.source else [],
        )
    citations: list[str] = [fees.source.cite()]
    min_days = notice.min_days_after_due.at(on)
    if min_days is None or not min_days.known or min_days.value is None:
        return FeeDecision(
            Decimal(0), unknown=f"minimum days after due for a {kind} fee on {on} is not known"
        )
    citations.append(min_days.cite())
    earliest = due + timedelta(days=min_days.value)
    if on < earliest:
        return FeeDecision(
            Decimal(0),
            [f"no fee before {earliest} ({min_days.value} days after the due date {due})"],
            citations=citations,
        )
    charged = [n for n in history if n.fee > 0]
    refused = _count_and_order(fees, kind, on, charged, citations)
    if refused is not None:
        return refused
    refused = _spacing(fees, kind, on, history, notice.needs_expired_deadline, citations)
    if refused is not None:
        return refused
    cap = notice_cap(fees, kind, on, due)
    if cap is None:
        return FeeDecision(Decimal(0), unknown=f"the {kind} fee cap in force on {on} is not known")
    reasons = [_cap_reason(fees, notice, cap, on, due, citations)]
    amount = cap
    if local_fee is not None and local_fee.amount < cap:
        amount = local_fee.amount
        who = local.municipality or "the municipality"
        reasons.append(f"{who} charges {amount} (local rule)")
        if local.source is not None:
            citations.append(local.source.cite())
    compensation = fees.compensation
    if compensation is not None and compensation.debtor_kind == debtor_kind and not charged:
        extra = compensation.amount.at(due)
        if extra is not None and extra.value is not None and extra.known:
            amount += extra.value
            reasons.append(
                f"plus the fixed compensation {extra.value} (once per claim, {debtor_kind} debtor)"
            )
            citations.append(extra.cite())
    return FeeDecision(amount, reasons, citations=citations)


def _count_and_order(
    fees: FeesSpec, kind: FeeKind, on: date, charged: list[Notice], citations: list[str]
) -> FeeDecision | None:
    """Refuse a fee beyond the maximum count or outside every allowed sequence."""
    if fees.max_count is not None:
        max_count = fees.max_count.at(on)
        if max_count is None or not max_count.known or max_count.value is None:
            return FeeDecision(Decimal(0), unknown=f"maximum fee count on {on} is not known")
        citations.append(max_count.cite())
        if len(charged) >= max_count.value:
            return FeeDecision(
                Decimal(0),
                [
                    f"already {len(charged)} fee-bearing notices; at most {max_count.value} per claim"
                ],
                citations=citations,
            )
    if fees.sequences is not None:
        sequences = fees.sequences.at(on)
        if sequences is None or not sequences.known or sequences.value is None:
            return FeeDecision(Decimal(0), unknown=f"allowed fee sequences on {on} are not known")
        kinds = [n.kind for n in charged] + [kind]
        if not any(_is_subsequence(kinds, list(seq)) for seq in sequences.value):
            allowed = "; ".join(" → ".join(seq) for seq in sequences.value)
            return FeeDecision(
                Decimal(0),
                [f"fees for {' → '.join(kinds)} do not follow an allowed sequence ({allowed})"],
                citations=[*citations, sequences.cite()],
            )
    return None


def _spacing(
    fees: FeesSpec,
    kind: FeeKind,
    on: date,
    history: list[Notice],
    needs_expired_deadline: bool,
    citations: list[str],
) -> FeeDecision | None:
    """Refuse a fee that comes too soon after the previous notice."""
    previous = history[-1] if history else None
    if previous is None and needs_expired_deadline:
        return FeeDecision(
            Decimal(0),
            [f"a {kind} fee needs an earlier reminder or notice whose deadline has passed"],
            citations=citations,
        )
    if previous is None or fees.spacing == "none":
        return None
    if fees.deadline_days is None:
        return FeeDecision(Decimal(0), unknown=f"{fees.title} states no notice deadline")
    deadline = fees.deadline_days.at(on)
    if deadline is None or not deadline.known or deadline.value is None:
        return FeeDecision(Decimal(0), unknown=f"the notice deadline on {on} is not known")
    citations.append(deadline.cite())
    if fees.spacing == "apart":
        allowed_from = previous.on + timedelta(days=deadline.value)
        why = f"notices carry a fee only when at least {deadline.value} days apart"
    else:
        allowed_from = previous.on + timedelta(days=deadline.value + 1)
        why = f"the {previous.kind} of {previous.on} gave {deadline.value} days to pay"
    if on < allowed_from:
        return FeeDecision(
            Decimal(0),
            [f"{why}; a further fee only from {allowed_from}"],
            citations=citations,
        )
    return None


def _cap_reason(
    fees: FeesSpec, notice: NoticeFee, cap: Decimal, on: date, due: date, citations: list[str]
) -> str:
    """Explain the cap and add its citations."""
    if fees.base is not None and notice.fraction is not None:
        base = fees.base.at(on)
        fraction_day = _fraction_day(fees, on, due)
        fraction = notice.fraction.at(fraction_day)
        assert base is not None and fraction is not None
        citations.extend([fraction.cite(), base.cite()])
        at_sending = notice.fraction.at(on)
        picked = (
            f" (fraction by due date {due})"
            if at_sending is None or at_sending.value != fraction.value
            else ""
        )
        return f"cap {cap} = {fraction.value} × fee base {base.value} in force on {on}{picked}"
    assert notice.amount is not None
    resolved = notice.amount.at(on)
    if resolved is not None:
        citations.append(resolved.cite())
    return f"cap {cap} in force on {on}"
