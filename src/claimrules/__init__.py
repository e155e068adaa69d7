"""claimrules: decide the next lawful action for an unpaid claim.

    import claimrules as cr
    profile = cr.load_profile("no")
    claim = cr.Claim.model_validate(data)
    decision = cr.decide(claim, profile, as_of=date(2025, 3, 1))
    audit = cr.audit_dispatch(claims, profile, as_of=date(2022, 3, 16))
    for item in cr.decide_many(claims, profile, as_of):   # Decision or ClaimError, in order
        ...
    cr.replay(stored_decision_json, claim)                 # same answer again?

Errors form one tree::

    ClaimrulesError
    ├── ProfileError   a profile is wrong: file, line, key path, did-you-mean
    ├── ClaimError     a claim is wrong: claim id, field and line
    ├── FormatError    a file cannot be read as its format at all
    └── ReplayError    a stored decision was made with another version of the profile
"""

from claimrules.__about__ import __version__
from claimrules.calendar import AmbiguousDateError
from claimrules.claims import Claim, Debtor, Event
from claimrules.decision import Decision
from claimrules.engine import decide
from claimrules.errors import ClaimError, ClaimrulesError, FormatError, ProfileError
from claimrules.portfolio import DispatchAudit, audit_dispatch, decide_many
from claimrules.profile.profile import Profile
from claimrules.profile.registry import available_profiles, load_profile
from claimrules.replay import Replay, ReplayError, replay

__all__ = [
    "AmbiguousDateError",
    "Claim",
    "ClaimError",
    "ClaimrulesError",
    "Debtor",
    "Decision",
    "DispatchAudit",
    "Event",
    "FormatError",
    "Profile",
    "ProfileError",
    "Replay",
    "ReplayError",
    "__version__",
    "audit_dispatch",
    "available_profiles",
    "decide",
    "decide_many",
    "load_profile",
    "replay",
]
