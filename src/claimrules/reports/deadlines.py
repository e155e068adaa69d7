"""Deadlines at risk: limitation periods and liens lapsing soon, with the step that preserves
each and the amount at stake (``claimrules deadlines``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from pydantic import BaseModel, ConfigDict, Field

from claimrules.model.decision import Decision

__all__ = ["AtRisk", "deadlines_at_risk"]


class AtRisk(BaseModel):
    """A limitation period or lien that lapses soon, and the step that would preserve it."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    deadline: str
    on: date
    days_left: int
    preserve: str
    action: str = Field(description="The decision's next action")
    action_on: date
    principal: Decimal
    at_stake: Decimal = Field(
        default=Decimal(0), description="What the claim still owes: principal, interest, fees"
    )


def deadlines_at_risk(
    decisions: Iterable[Decision],
    within_days: int | None = None,
    *,
    within: relativedelta | None = None,
) -> list[AtRisk]:
    """Limitation and lien lapse dates within the window from each decision's as-of date,
    soonest first, each with the step that would preserve the right and the amount at stake.

    The window is ``within_days`` days, or ``within``: calendar months and years
    (``relativedelta(months=3)`` from 30 November reaches 28 February, as a person counts
    three months; dateutil's month arithmetic). Give one of them.

    Only claims that still owe something: a lien that secures nothing, or the limitation of a
    settled claim, is no deadline.

    Raises:
        ValueError: neither or both of ``within_days`` and ``within``.
    """
    step: timedelta | relativedelta
    if within_days is not None and within is None:
        step = timedelta(days=within_days)
    elif within is not None and within_days is None:
        step = within
    else:
        raise ValueError("give the window as within_days or as within, not both or neither")
    found: list[AtRisk] = []
    for decision in decisions:
        if decision.balance.total <= 0 or decision.action == "refund":
            continue
        for item in decision.deadlines:
            left = (item.on - decision.as_of).days
            if item.preserve and decision.as_of <= item.on <= decision.as_of + step:
                found.append(
                    AtRisk(
                        claim_id=decision.claim_id,
                        deadline=item.name,
                        on=item.on,
                        days_left=left,
                        preserve=item.preserve,
                        action=decision.action,
                        action_on=decision.on,
                        principal=decision.balance.principal,
                        at_stake=decision.balance.total,
                    )
                )
    return sorted(found, key=lambda risk: (risk.on, risk.claim_id, risk.deadline))
