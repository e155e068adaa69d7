"""The decision record: the Decision's fields, in its order, as plain values (the Decision
validates it in one call; bulk runs write it as JSON without building the model)."""

from __future__ import annotations

from typing import Any

from claimrules.__about__ import __version__
from claimrules.engine.context import Context, Proposal
from claimrules.model.core import Claim, content_hash
from claimrules.model.structured import structured
from claimrules.rules.ledger import Ledger
from claimrules.rules.limitation import LienState, LimitationState

__all__ = ["copy_record", "decision_record_of"]


def decision_record_of(ctx: Context, proposal: Proposal) -> dict[str, Any]:
    """The record of the decision ``proposal`` made in ``ctx``."""
    state = ctx.state
    claim, profile, as_of = state.claim, state.profile, state.as_of
    unit = profile.minor_unit  # every amount in the currency's minor unit: "0.00", "1000.00"
    ledger = state.ledger
    action, on = proposal.action, proposal.on
    # a lien securing nothing is no deadline (but a small balance left alone still owes)
    settled = action == "refund" or (action == "none" and ledger.total <= 0)
    deadlines = sorted(
        {
            (d["on"], d["name"]): d
            for d in ctx.deadlines
            if d["on"] >= as_of and not (settled and d["preserve"])
        }.values(),
        key=lambda d: (d["on"], d["name"]),
    )
    return {
        "claim_id": claim.id,
        "as_of": as_of,
        "currency": claim.currency,
        "action": action,
        "on": on,
        "ready": on <= as_of,
        "reason": proposal.reason,
        "reason_msg": structured(proposal.reason, claim.currency),
        "balance": _balance(ledger, unit),
        "fee": proposal.fee.quantize(unit),
        "limitation": _limitation(state.limitation),
        "lien": _lien(state.lien),
        "deadlines": deadlines,
        "warnings": ctx.warnings,
        "trace": ctx.tracer.entries,
        "profile_id": profile.id,
        "profile_hash": profile.content_hash,
        "claim_hash": content_hash(claim, state.ordered),
        "engine_version": __version__,
    }


def _balance(ledger: Ledger, unit: Any) -> dict[str, Any]:
    """What is outstanding, each part in the currency's minor unit."""
    return {
        "principal": ledger.principal.quantize(unit),
        "interest": ledger.interest.quantize(unit),
        "fees": ledger.fees.quantize(unit),
        "total": ledger.total.quantize(unit),
        "interest_known_through": ledger.interest_known_through
        if ledger.interest_unknown is not None
        else None,
    }


def _limitation(limitation: LimitationState) -> dict[str, Any]:
    return {
        "expires_on": limitation.expires_on,
        "started_on": limitation.started_on,
        "period": f"{limitation.years} years ({limitation.period})"
        if limitation.years
        else limitation.period,
        "time_barred": limitation.time_barred,
        "citation": limitation.citation,
    }


def _lien(lien: LienState | None) -> dict[str, Any] | None:
    if lien is None:
        return None
    return {
        "name": lien.name,
        "expires_on": lien.expires_on,
        "preserved_on": lien.preserved_on,
        "lapsed": lien.lapsed,
        "citation": lien.citation,
    }


def copy_record(made: dict[str, Any], claim: Claim, claim_hash: str) -> dict[str, Any]:
    """A memoised record for another claim: nothing the caller may change is shared."""
    lien = made["lien"]
    return {
        **made,
        "claim_id": claim.id,
        "claim_hash": claim_hash,
        "balance": dict(made["balance"]),
        "limitation": dict(made["limitation"]),
        "lien": None if lien is None else dict(lien),
        "deadlines": [dict(d) for d in made["deadlines"]],
        "warnings": [dict(w) for w in made["warnings"]],
        "trace": [],
    }
