"""Reproduce a stored decision: same claim, same profile (by content hash), same answer.

A decision stored as JSON carries ``profile_id``, ``profile_hash`` and ``engine_version``.
:func:`replay` decides the claim again with that profile and says whether the answer is the same,
field by field, so an auditor can show that a decision made months ago followed from the law as
profiled then.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from claimrules.engine.core import decide
from claimrules.errors import ClaimrulesError
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision

__all__ = ["Replay", "ReplayError", "decide_again", "replay"]


class ReplayError(ClaimrulesError):
    """The stored decision cannot be replayed: it was made with another version of the law."""


class Replay(BaseModel):
    """Result of :func:`replay`: the stored and the new decision, and where they differ."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    reproduced: bool
    differences: tuple[str, ...]
    stored: Decision
    decision: Decision


def replay(
    stored: Decision | str | bytes | Mapping[str, Any],
    claim: Claim | Mapping[str, Any],
    profile: Profile | str | None = None,
) -> Replay:
    """Decide ``claim`` again as of the stored decision's date and compare.

    ``stored`` is a Decision or its JSON (a line of ``claimrules decide`` output). ``profile``
    defaults to the built-in profile named in the decision; whatever is used must have the
    stored content hash. A decision stored without its trace (``--trace none``) or with its
    rules only (``--trace rules``) is compared on what it holds; the new decision always has
    the full trace, so this is also how to rebuild the trace of a bulk run's decision.

    Raises:
        ReplayError: ``stored`` is not a stored decision (not JSON, not a decision, or a date
            outside 1900-01-01 .. 9000-12-31), the profile's content hash differs from the
            stored one (the YAML changed since: check out the profile as it was, and pass its
            directory), or the claim is another claim: another id, or the same id with other
            content (its content hash differs; the error names what the decision would now
            say differently).
        ClaimError: the claim is not valid.
    """
    try:
        if isinstance(stored, Decision):
            before = stored
        elif isinstance(stored, str | bytes):
            before = Decision.model_validate_json(stored)
        else:
            before = Decision.model_validate(stored)
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        given = first.get("input")
        got = f" (got {given})" if isinstance(given, str | int | float | date) else ""
        raise ReplayError(
            f"not a stored decision: {where + ': ' if where else ''}{first['msg']}{got}"
            + (f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else "")
        ) from None
    current = claim if isinstance(claim, Claim) else Claim.model_validate(claim)
    if current.id != before.claim_id:
        raise ReplayError(f"the decision is for claim {before.claim_id!r}, not {current.id!r}")
    used = load_profile(before.profile_id) if profile is None else profile
    used = load_profile(used) if isinstance(used, str) else used
    after = decide_again(before, current, used)
    differences = _compared(before, after)
    return Replay(
        claim_id=current.id,
        reproduced=not differences,
        differences=differences,
        stored=before,
        decision=after,
    )


def decide_again(stored: Decision, claim: Claim, profile: Profile) -> Decision:
    """``claim`` decided again on the stored decision's date under ``profile``, after checking
    that both are the ones the decision was made with (the content hashes it records).

    Raises:
        ReplayError: the profile's content hash differs from the stored one, or the claim's
            (:attr:`Claim.content_hash`) does: the error names what the decision would now
            say differently, or says that only a detail the decision does not show changed.
    """
    if profile.content_hash != stored.profile_hash:
        raise ReplayError(
            f"claim {stored.claim_id!r} was decided with profile {stored.profile_id} "
            f"{stored.profile_hash[:12]}, but the profile given is {profile.id} "
            f"{profile.content_hash[:12]}: load the profile's YAML as it was then"
        )
    after = decide(claim, profile, stored.as_of)
    if stored.claim_hash is not None and stored.claim_hash != after.claim_hash:
        changed = [line for line in _compared(stored, after) if not line.startswith("claim_hash")]
        facts = [line for line in changed if not line.startswith("trace")]
        changed = facts or changed  # the trace only repeats what changed, at length
        what = (
            "the decision would now differ in "
            + "; ".join(changed[:5])
            + (f" (and {len(changed) - 5} more)" if len(changed) > 5 else "")
            if changed
            else "the decision would be the same, so what changed is a detail it does not "
            "show (an event's provider or failure reason, an instalment)"
        )
        raise ReplayError(
            f"claim {stored.claim_id!r} is not the claim that was decided (content hash "
            f"{(after.claim_hash or '')[:12]}, the decision's {stored.claim_hash[:12]}): {what}"
        )
    return after


def _compared(before: Decision, after: Decision) -> tuple[str, ...]:
    """Where ``after`` differs from the stored ``before``. A decision stored without its
    trace (or with its rules only) is compared as it was made; the new decision carries the
    full trace, for whoever asks why."""
    made = after.model_dump(mode="json")
    mode = _trace_mode(before)
    if mode == "none":
        made["trace"] = []
    elif mode == "rules":
        made["trace"] = [{**entry, "outcome": ""} for entry in made["trace"]]
    stored = before.model_dump(mode="json")
    if stored.get("claim_hash") is None:
        made["claim_hash"] = None  # stored before decisions recorded the claim
    return tuple(_differences(stored, made))


def _trace_mode(decision: Decision) -> str:
    """The trace mode a decision was made with: a full trace is never empty, and only the
    ``rules`` mode leaves every outcome empty."""
    if not decision.trace:
        return "none"
    if all(not entry.outcome for entry in decision.trace):
        return "rules"
    return "full"


def _differences(before: Any, after: Any, path: str = "") -> list[str]:
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[str] = []
        for key in sorted(before.keys() | after.keys()):
            found += _differences(before.get(key), after.get(key), f"{path}.{key}" if path else key)
        return found
    if before != after:
        return [f"{path}: stored {before!r}, now {after!r}"]
    return []
