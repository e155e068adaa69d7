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

from claimrules.engine.again import compared, decide_again
from claimrules.errors import ReplayError
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision

__all__ = ["Replay", "ReplayError", "replay"]


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
    differences = compared(before, after)
    return Replay(
        claim_id=current.id,
        reproduced=not differences,
        differences=differences,
        stored=before,
        decision=after,
    )
