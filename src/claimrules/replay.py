"""Reproduce a stored decision: same claim, same profile (by content hash), same answer.

A decision stored as JSON carries ``profile_id``, ``profile_hash`` and ``engine_version``.
:func:`replay` decides the claim again with that profile and says whether the answer is the same,
field by field, so an auditor can show that a decision made months ago followed from the law as
profiled then.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from claimrules.claims import Claim
from claimrules.decision import Decision
from claimrules.engine import decide
from claimrules.errors import ClaimrulesError
from claimrules.profile.profile import Profile
from claimrules.profile.registry import load_profile

__all__ = ["Replay", "ReplayError", "replay"]


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
        ReplayError: ``stored`` is not a stored decision (not JSON, or not a decision), the
            profile's content hash differs from the stored one (the YAML changed since: check
            out the profile as it was, and pass its directory), or the claim is another claim.
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
        raise ReplayError(
            f"not a stored decision: {where + ': ' if where else ''}{first['msg']}"
            + (f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else "")
        ) from None
    current = claim if isinstance(claim, Claim) else Claim.model_validate(claim)
    if current.id != before.claim_id:
        raise ReplayError(f"the decision is for claim {before.claim_id!r}, not {current.id!r}")
    used = load_profile(before.profile_id) if profile is None else profile
    used = load_profile(used) if isinstance(used, str) else used
    if used.content_hash != before.profile_hash:
        raise ReplayError(
            f"claim {before.claim_id!r} was decided with profile {before.profile_id} "
            f"{before.profile_hash[:12]}, but the profile given is {used.id} "
            f"{used.content_hash[:12]}: load the profile's YAML as it was then"
        )
    after = decide(current, used, before.as_of)
    # a decision stored without its trace (or with its rules only) is compared as it was
    # made; the new decision carries the full trace, for whoever asks why
    made = after.model_dump(mode="json")
    mode = _trace_mode(before)
    if mode == "none":
        made["trace"] = []
    elif mode == "rules":
        made["trace"] = [{**entry, "outcome": ""} for entry in made["trace"]]
    differences = tuple(_differences(before.model_dump(mode="json"), made))
    return Replay(
        claim_id=current.id,
        reproduced=not differences,
        differences=differences,
        stored=before,
        decision=after,
    )


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
