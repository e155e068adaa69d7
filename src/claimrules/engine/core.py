"""``decide``: replay a claim into its state, apply the guards, and take the ladder's next step.

1. :func:`~claimrules.rules.state.claim_state`: the claim's events read once and folded, each
   rule given its slice (delivery, the due date, limitation, interest, the ledger, the lien);
2. :data:`~claimrules.engine.findings.FINDINGS`: what the state tells the host whatever the
   action (a moved due date, void steps, fees over the cap, the lien's deadline);
3. :data:`~claimrules.engine.guards.GUARDS`, in order: the first that proposes decides;
4. otherwise the ladder (:mod:`claimrules.engine.ladder`): the next step, no earlier than the
   law allows, after a payment plan in force;
5. :data:`~claimrules.engine.guards.AFTER`: a stopped wage deduction, the horizon warnings, no
   movement, the next step's deadline;
6. the record (:mod:`claimrules.engine.record`), validated as a Decision in one call.

Without a trace, a claim invoiced and paid in full takes the fast path
(:mod:`claimrules.engine.fast_path`) after step 2.

Unknown law that changes only an *amount* does not hold the action back: interest is counted
through the last day whose rate is known (``balance.interest_known_through``), a fee whose cap
is unknown is not charged, and an ``unknown_law`` warning names the missing value with its file
and line. Every amount is then the least that is owed, never a guess.

The engine is pure: no clock, files or network; the same inputs give the same Decision.
"""

from __future__ import annotations

import difflib
from datetime import date, datetime
from typing import Any

from claimrules.engine.context import Context, Proposal
from claimrules.engine.fast_path import paid_in_full
from claimrules.engine.findings import note_findings
from claimrules.engine.guards import decide_guarded
from claimrules.engine.record import decision_record_of
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.law.schema import ClaimTypeSpec
from claimrules.model import core
from claimrules.model.claims import (
    EARLIEST_DATE,
    LATEST_DATE,
    Claim,
    core_claim,
    core_claim_from_json,
)
from claimrules.model.decision import Decision
from claimrules.rules.state import ClaimState, claim_state
from claimrules.rules.tracer import TRACE_MODES, TraceMode, tracer_for

__all__ = [
    "TRACE_MODES",
    "TraceMode",
    "check_fits",
    "decide",
    "decide_state",
    "decision_record",
]


def check_fits(claim: Claim | core.Claim, profile: Profile) -> ClaimTypeSpec:
    """The claim's type in ``profile``; raises ClaimError when the claim does not fit it.

    Raises:
        ClaimError: unknown claim type (with a did-you-mean), or another currency.
    """
    ctype = profile.claim_type(claim.claim_type)
    if ctype is None:
        names = sorted(profile.spec.claim_types)
        close = difflib.get_close_matches(claim.claim_type, names, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        raise ClaimError(
            claim.id,
            "claim_type",
            f"unknown claim type {claim.claim_type!r} in profile {profile.id}{hint}",
        )
    if claim.currency != profile.currency:
        raise ClaimError(
            claim.id,
            "currency",
            f"{claim.currency} does not match profile {profile.id} ({profile.currency})",
        )
    return ctype


def _as_of(as_of: object) -> date:
    """``as_of`` as a date: a ``date``, a ``datetime`` (its date) or ``"YYYY-MM-DD"``."""
    if isinstance(as_of, datetime):
        as_of = as_of.date()
    elif isinstance(as_of, str):
        try:
            as_of = date.fromisoformat(as_of) if len(as_of) == 10 else None
        except ValueError:
            as_of = None
        if as_of is None:
            raise TypeError("as_of must be a date, or a string 'YYYY-MM-DD' naming one")
    if not isinstance(as_of, date):
        raise TypeError(
            "as_of must be a datetime.date, a datetime or a string 'YYYY-MM-DD', "
            f"not {type(as_of).__name__}"
        )
    if not EARLIEST_DATE <= as_of <= LATEST_DATE:
        raise ValueError(f"as_of {as_of} is outside {EARLIEST_DATE} .. {LATEST_DATE}")
    return as_of


def _profile_of(profile: object) -> Profile:
    if isinstance(profile, Profile):
        return profile
    if isinstance(profile, str):
        from claimrules.law.registry import load_profile

        return load_profile(profile)
    raise TypeError(
        f"profile must be a Profile (claimrules.load_profile) or a profile id such as 'no', "
        f"not {type(profile).__name__}"
    )


def _claim_of(claim: object) -> core.Claim:
    """The claim as the engine reads it: a public Claim converted, a mapping validated by the
    public model, JSON text decoded (at C speed where it can be)."""
    if isinstance(claim, Claim):
        return core_claim(claim)
    if isinstance(claim, dict):
        return core_claim(Claim.model_validate(claim))
    if isinstance(claim, str | bytes):
        return core_claim_from_json(claim)
    raise TypeError(
        f"claim must be a Claim, a mapping or JSON text of one, not {type(claim).__name__}"
    )


def decide(
    claim: Claim | core.Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
) -> Decision:
    """Decide the next lawful action for ``claim`` on ``as_of`` under ``profile``.

    ``claim`` may also be a mapping or JSON text of one (validated first), or a core claim
    (:mod:`claimrules.model.core`), taken as it is: make one only with
    :func:`~claimrules.model.claims.core_claim` or
    :func:`~claimrules.model.claims.core_claim_from_json`, which validate. ``profile`` a
    profile id (``"no"``), and ``as_of`` a ``datetime`` (its date) or ``"YYYY-MM-DD"``.
    ``trace`` is one of :data:`TRACE_MODES` (``full`` by default).

    Raises:
        ClaimError: the claim is not valid, or does not fit the profile (unknown claim type,
            other currency).
        ProfileError: ``profile`` names no profile, or an invalid one.
        TypeError: an argument of another type (the message says what to pass).
        ValueError: ``as_of`` outside the dates a claim may carry (1900-01-01 .. 9000-12-31),
            or an unknown trace mode.
    """
    # pydantic-core validates the whole record in one call: as fast as building the models
    # without validation (measured), and every Decision is checked against its schema
    return Decision.model_validate(decision_record(claim, profile, as_of, trace=trace))


def decision_record(
    claim: Claim | core.Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
) -> dict[str, Any]:
    """The decision of :func:`decide` as a plain record (the fields of :class:`Decision`, in
    its order, with the same values), without building the Decision: for bulk runs, where
    :func:`claimrules.model.decision.record_json` writes it as the same JSON bytes as
    ``Decision.model_dump_json()``. Takes the same arguments and raises the same errors as
    :func:`decide`.
    """
    return _decided(claim, profile, as_of, trace)[0]


def decide_state(
    claim: Claim | core.Claim, profile: Profile, as_of: date, *, trace: TraceMode = "full"
) -> tuple[Decision, ClaimState]:
    """The decision of :func:`decide` and the :class:`ClaimState` it was made from: for the
    reports and case files, which read the same state as the decision (the interest period by
    period, the delivery evidence, the effective due date) instead of replaying the claim
    again. Raises as :func:`decide` does."""
    record, state = _decided(claim, profile, as_of, trace)
    return Decision.model_validate(record), state


def _decided(
    claim: object, profile: object, as_of: object, trace: str
) -> tuple[dict[str, Any], ClaimState]:
    """The decision record and the state it was made from (arguments checked first)."""
    tracer = tracer_for(trace)
    claim, profile, as_of, ctype = _arguments(claim, profile, as_of)
    tracer.currency = claim.currency
    state = claim_state(claim, profile, ctype, as_of, tracer)
    ctx = Context(state, tracer)
    fast = None if tracer.active else paid_in_full(ctx)  # a trace lists every rule
    if fast is not None:
        return fast, state
    return decision_record_of(ctx, _guarded(ctx)), state


def _guarded(ctx: Context) -> Proposal:
    """The findings, then the guards and the ladder."""
    note_findings(ctx)
    return decide_guarded(ctx)


def _arguments(
    claim: object, profile: object, as_of: object
) -> tuple[core.Claim, Profile, date, ClaimTypeSpec]:
    """The caller's arguments, validated, and the claim's type in the profile."""
    if type(claim) is not core.Claim:
        claim = _claim_of(claim)
    if type(profile) is not Profile:
        profile = _profile_of(profile)
    if type(as_of) is not date or not EARLIEST_DATE <= as_of <= LATEST_DATE:
        as_of = _as_of(as_of)
    assert (
        isinstance(claim, core.Claim) and isinstance(profile, Profile) and isinstance(as_of, date)
    )
    return claim, profile, as_of, check_fits(claim, profile)
