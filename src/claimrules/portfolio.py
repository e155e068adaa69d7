"""Many claims at once: stream decisions, one bad claim never stops the batch."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from claimrules.claims import Claim
from claimrules.decision import Decision
from claimrules.engine import decide
from claimrules.errors import ClaimError
from claimrules.profile.profile import Profile

__all__ = ["decide_many"]


def decide_many(
    claims: Iterable[Claim | Mapping[str, Any]], profile: Profile, as_of: date
) -> Iterator[Decision | ClaimError]:
    """Decide each claim in input order, yielding a Decision or the ClaimError for that claim.

    Items may be :class:`Claim` objects or plain mappings (validated here). Memory stays flat:
    nothing is kept between items.
    """
    for item in claims:
        try:
            claim = item if isinstance(item, Claim) else Claim.model_validate(item)
            yield decide(claim, profile, as_of)
        except ClaimError as error:
            yield error
