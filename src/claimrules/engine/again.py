"""A stored decision decided again: the same claim under the same profile, checked by the
content hashes the decision records, and what would now differ. Used by
:func:`claimrules.replay` and :meth:`claimrules.Decision.case_file`."""

from __future__ import annotations

from typing import Any

from claimrules.engine.core import decide
from claimrules.errors import ReplayError
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision

__all__ = ["compared", "decide_again"]


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
        changed = [line for line in compared(stored, after) if not line.startswith("claim_hash")]
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


def compared(before: Decision, after: Decision) -> tuple[str, ...]:
    """Where ``after`` differs from the stored ``before``. A decision stored without its
    trace (or with its rules only) is compared as it was made; the new decision carries the
    full trace, for whoever asks why."""
    made = after.model_dump(mode="json")
    mode = _trace_mode(before)
    if mode == "none":
        made["trace"] = []
    elif mode == "rules":
        made["trace"] = [{**entry, "outcome": "", "msg": None} for entry in made["trace"]]
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
