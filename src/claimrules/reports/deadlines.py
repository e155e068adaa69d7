"""Deadlines at risk: limitation periods and liens lapsing soon, with the step that preserves
each and the amount at stake (``claimrules deadlines``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

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


def deadlines_at_risk(decisions: Iterable[Decision], within_days: int) -> list[AtRisk]:
    """Limitation and lien lapse dates within ``within_days`` of each decision's as-of date,
    soonest first, each with the step that would preserve the right and the amount at stake.

    Only claims that still owe something: a lien that secures nothing, or the limitation of a
    settled claim, is no deadline."""
    found: list[AtRisk] = []
    for decision in decisions:
        if decision.balance.total <= 0 or decision.action == "refund":
            continue
        for item in decision.deadlines:
            left = (item.on - decision.as_of).days
            if item.preserve and 0 <= left <= within_days:
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
