"""Claims with no movement: unpaid claims with no payment and no step for longer than their
claim type's threshold (``warnings.no_movement``; ``claimrules no-movement``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine.core import decide_state
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim
from claimrules.rules.monitoring import last_movement

__all__ = ["Stalled", "Watched", "stalled_claims", "watched"]


class Stalled(BaseModel):
    """An unpaid claim with no movement for longer than its claim type's threshold
    (``warnings.no_movement``): nobody has paid or taken a step on it."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    claim_type: str
    debtor_id: str
    last_movement_on: date | None = Field(
        description="The day of the claim's last event other than bookkeeping: a payment, a "
        "step, or the invoice itself when nothing happened since (None: no event recorded)"
    )
    due_on: date
    months: int = Field(description="The claim type's threshold in months")
    action: str = Field(description="The decision's next action")
    principal: Decimal
    total: Decimal = Field(description="What the claim still owes: principal, interest, fees")


class Watched(BaseModel):
    """A claim type the profile watches for no movement, and after how many months."""

    model_config = ConfigDict(frozen=True)

    claim_type: str
    title: str = Field(description="The claim type's title in the profile")
    months: int


def watched(profile: Profile) -> list[Watched]:
    """The claim types ``profile`` watches for no movement (``warnings.no_movement``), in the
    profile's order: the report lists claims of these types only."""
    types = profile.spec.claim_types
    return [
        Watched(
            claim_type=name,
            title=types[name].title if name in types else name,
            months=rule.months,
        )
        for name, rule in profile.spec.warnings.no_movement.items()
    ]


def stalled_claims(claims: Iterable[Claim], profile: Profile, as_of: date) -> list[Stalled]:
    """The claims whose decision on ``as_of`` warns ``no_movement``, longest still first (the
    audit's list of social loans nobody follows up). Claims of a type without a threshold are
    skipped without being decided.

    Raises:
        ClaimError: a claim does not fit the profile (the CLI reports and skips it).
    """
    thresholds = profile.spec.warnings.no_movement
    found: list[Stalled] = []
    for claim in claims:
        rule = thresholds.get(claim.claim_type)
        if rule is None:
            continue
        decision, state = decide_state(claim, profile, as_of, trace="none")
        if "no_movement" not in decision.warning_codes():
            continue
        found.append(
            Stalled(
                claim_id=claim.id,
                claim_type=claim.claim_type,
                debtor_id=claim.debtor.id,
                last_movement_on=last_movement(state.past),
                due_on=claim.due_on,
                months=rule.months,
                action=decision.action,
                principal=decision.balance.principal,
                total=decision.balance.total,
            )
        )
    return sorted(found, key=lambda s: (s.last_movement_on or s.due_on, s.claim_id))
