"""Late-payment interest: simple interest, each day at the rate in force that day.

The period from the first to the last interest day is split where the dated rate changes; each
piece earns ``base × rate/100 × days / denominator`` exactly in ``Decimal``. Callers round once,
half-up, to the minor unit (see :func:`round_money`). A day whose rate the profile does not
know makes the result ``unknown`` rather than a guess.
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext

from claimrules.profile.schema import InterestMethod
from claimrules.profile.values import Param

__all__ = ["Accrual", "accrue", "round_money"]

CENT = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    """Round half-up to the minor unit (øre / øre / cent)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Accrual:
    """Exact interest earned over a span, with the pieces it was made of."""

    amount: Decimal = Decimal(0)
    pieces: list[tuple[date, date, int, Decimal]] = field(default_factory=list)
    unknown: str | None = None


def _year_days(method: InterestMethod, year: int) -> int:
    if method.day_count == "ACT/ACT":
        return 366 if pycalendar.isleap(year) else 365
    return 365


def accrue(
    base: Decimal, first: date, last: date, rate: Param[Decimal], method: InterestMethod
) -> Accrual:
    """Interest on ``base`` for every day from ``first`` to ``last``, both inclusive.

    Returns an empty accrual when ``last < first`` or ``base <= 0``. Sets ``unknown`` (and stops)
    at the first day without a known rate.
    """
    result = Accrual()
    if last < first or base <= 0:
        return result
    day = first
    with localcontext() as ctx:
        ctx.prec = 60
        while day <= last:
            resolved = rate.at(day)
            if resolved is None or not resolved.known or resolved.value is None:
                result.unknown = (
                    f"no known late-payment interest rate in force on {day.isoformat()}"
                )
                return result
            end = last
            if resolved.valid_until is not None:
                end = min(end, resolved.valid_until - timedelta(days=1))
            if method.day_count == "ACT/ACT":
                end = min(end, date(day.year, 12, 31))
            days = (end - day).days + 1
            denominator = _year_days(method, day.year)
            result.amount += base * resolved.value * days / (100 * denominator)
            result.pieces.append((day, end, days, resolved.value))
            day = end + timedelta(days=1)
    return result
