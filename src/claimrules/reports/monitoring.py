"""The monitoring report: every written-off claim, what it still owes, until when it is worth
monitoring (its limitation date) and what came in after the write-off (rundskriv R-12/92;
DFØ, "stille innkrevingen i bero")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from claimrules.engine import decide_state
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim
from claimrules.rules.monitoring import recovered

__all__ = ["Monitored", "monitoring_report"]


class Monitored(BaseModel):
    """A written-off claim in long-term monitoring, as the monitoring report lists it."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    claim_type: str
    debtor_id: str
    written_off_on: date
    action: str = Field(description="monitor, or write_off once time-barred (monitoring ends)")
    monitor_until: date | None = Field(
        description="The day limitation expires (None: suspended while proceedings run)"
    )
    lien_expires_on: date | None
    principal: Decimal
    interest: Decimal
    fees: Decimal
    total: Decimal
    recovered: Decimal = Field(description="Received after the write-off: income to book")


def monitoring_report(claims: Iterable[Claim], profile: Profile, as_of: date) -> list[Monitored]:
    """Every written-off claim on ``as_of`` with what it still owes, until when it is worth
    monitoring (its limitation date) and what came in after the write-off; the claims whose
    monitoring ends soonest first. Raises :class:`~claimrules.errors.ClaimError` for a claim
    that does not fit the profile (the CLI reports and skips it)."""
    found: list[Monitored] = []
    for claim in claims:
        decision, state = decide_state(claim, profile, as_of, trace="none")
        past = state.past
        written_off_on = past.first.get("written_off")
        if written_off_on is None:
            continue
        balance = decision.balance
        recovery = recovered(past)
        limitation = decision.limitation
        found.append(
            Monitored(
                claim_id=claim.id,
                claim_type=claim.claim_type,
                debtor_id=claim.debtor.id,
                written_off_on=written_off_on,
                action=decision.action,
                monitor_until=limitation.expires_on if limitation is not None else None,
                lien_expires_on=decision.lien.expires_on if decision.lien is not None else None,
                principal=balance.principal,
                interest=balance.interest,
                fees=balance.fees,
                total=balance.total,
                recovered=recovery.amount if recovery is not None else Decimal(0),
            )
        )
    return sorted(found, key=lambda m: (m.monitor_until or date.max, m.claim_id))
