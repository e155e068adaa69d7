"""Fee caps as the law states them on a day: the cap of one notice, and the rounding in force.

Law, not rules: what a profile's dated values make of a fee on one day, read by the fee rules
(:mod:`claimrules.rules.fees`) and by the profile's own checks (an overlay's fees within the
national caps).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from claimrules.law.schema import FeesSpec, NoticeFee

__all__ = ["CENT", "fraction_day", "notice_cap", "round_fee"]

CENT = Decimal("0.01")


def round_fee(fees: FeesSpec, exact: Decimal, on: date) -> Decimal | None:
    """``exact`` rounded as the fee regime's ``rounding`` in force on ``on`` says (half-up to a
    multiple of its step: 0.01 = to the øre, 1 = to the nearest krone), or to the minor unit
    where the regime states no rounding; ``None`` when the rounding in force is unknown."""
    if fees.rounding is None:
        return exact.quantize(CENT, rounding=ROUND_HALF_UP)
    step = fees.rounding.at(on)
    if step is None or not step.known or step.value is None:
        return None
    units = (exact / step.value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (units * step.value).quantize(CENT, rounding=ROUND_HALF_UP)


def notice_cap(fees: FeesSpec, kind: str, on: date, due: date | None = None) -> Decimal | None:
    """The legal maximum for a notice of ``kind`` sent on ``on``; ``None`` if the law is unknown.

    The fee base is the one in force on the sending day; the fraction is picked by the sending
    day or by the claim's ``due`` date, as ``fees.fraction_date`` says. A fraction of the base is
    computed exactly and rounded as the regime's ``rounding`` in force on the sending day says
    (half-up to the øre, or to the nearest krone where the law says so).
    """
    notice: NoticeFee | None = fees.notices.get(kind)  # type: ignore[call-overload]
    if notice is None:
        return None
    if notice.amount is not None:
        amount = notice.amount.at(on)
        return None if amount is None or amount.value is None else Decimal(amount.value)
    if notice.fraction is None or fees.base is None:
        return None
    fraction = notice.fraction.at(fraction_day(fees, on, due))
    base = fees.base.at(on)
    if fraction is None or base is None or fraction.value is None or base.value is None:
        return None
    exact = base.value * fraction.value.numerator / fraction.value.denominator
    return round_fee(fees, exact, on)


def fraction_day(fees: FeesSpec, on: date, due: date | None) -> date:
    """The day that picks a dated fee fraction: the sending day, or the due date where the
    regime says so."""
    by_due = fees.fraction_date is not None and fees.fraction_date.by == "due_date"
    return due if by_due and due is not None else on
