"""Payment plans and deductions followed up from the claim's own history.

A payment plan with agreed instalments (``payment_plan.instalments``) is kept when the payments
made under it cover the instalments due, each by the end of the profile's grace period
(``local.payment_plan``; the law sets none, so without a local rule there is no grace).
:func:`missed_instalment` finds the first instalment that was not covered in time: the engine
then treats the plan as breached, as it does an explicit ``payment_plan_breached`` event.

A wage deduction (``legal_step`` ``wage_deduction``) should bring in money every pay period;
:func:`deduction_silent_since` finds one that has brought nothing for longer than the profile's
``warnings.deduction_gap``, so that the lawful next step is taken (in Norway, holding the
employer liable for what it should have deducted).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from claimrules.model.core import Offset, Payment
from claimrules.rules.history import History

__all__ = ["Missed", "deduction_silent_since", "missed_instalment"]


@dataclass(frozen=True, slots=True)
class Missed:
    """The first instalment of the plan in force not covered by the end of its grace period."""

    instalment_on: date
    breached_on: date
    """The first day after the grace period: the plan counts as breached from then."""
    due: Decimal
    """The instalments due up to and including this one."""
    paid: Decimal
    """What was paid under the plan by the end of its grace period."""


def missed_instalment(past: History, grace_days: int, as_of: date) -> Missed | None:
    """The first missed instalment of the plan in force on ``as_of``, or ``None`` when every
    instalment whose grace period has ended was covered (or the plan lists none).

    Payments and offsets from the day the plan was made count towards the instalments in date
    order; an instalment is covered when everything paid by the end of its grace period
    (``grace_days`` after its date) reaches the instalments due up to it."""
    plan = past.plan
    if plan is None or not plan.instalments:
        return None
    paid_on = [
        (event.on, event.amount)
        for event in past.money
        if isinstance(event, Payment | Offset) and event.on >= plan.on
    ]
    due = Decimal(0)
    for instalment in plan.instalments:
        due += instalment.amount
        end = instalment.on + timedelta(days=grace_days)
        if end >= as_of:
            return None  # its grace period is still running (and so is every later one's)
        paid = sum((amount for on, amount in paid_on if on <= end), Decimal(0))
        if paid < due:
            return Missed(instalment.on, end + timedelta(days=1), due, paid)
    return None


def deduction_silent_since(past: History, gap_days: int, as_of: date) -> date | None:
    """The day of the last payment under the wage deduction in place (or the day it was
    ordered), when that is more than ``gap_days`` before ``as_of``; ``None`` otherwise, and when
    no deduction is in place (none ordered, or its proceedings ended)."""
    ordered = past.deduction_ordered
    if ordered is None:
        return None
    paid = past.last_payment
    last = paid if paid is not None and paid >= ordered else ordered
    return last if (as_of - last).days > gap_days else None
