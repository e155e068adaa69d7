"""claimrules: decide the next lawful action for an unpaid claim.

    import claimrules as cr
    profile = cr.load_profile("no")
    claim = cr.Claim.model_validate(data)
    decision = cr.decide(claim, profile, as_of=date(2025, 3, 1))
    for item in cr.decide_many(cr.read_claims(path), profile, as_of):
        ...  # a Decision or a ClaimError per claim
    report = cr.aging(claims, profile, as_of)  # outstanding by type and year
    risks = cr.deadlines_at_risk(decisions, within_days=90)  # lapsing soon
    audit = cr.audit_dispatch(claims, profile, as_of=date(2022, 3, 16))
    cr.replay(stored_decision_json, claim)  # the same answer again?
    cr.lint_profile(profile, today=date.today())  # what the profile lacks
    cr.profile_impact(claims, old, new, as_of)  # what a profile edit changes
    cr.cliff(claims, profile, on=date(2027, 1, 1), as_of=today)  # law ahead

Errors form one tree::

    ClaimrulesError
    ├── ProfileError   a profile is wrong: file, line, key path, did-you-mean
    ├── ClaimError     a claim is wrong: claim id, field and line
    ├── FormatError    a file cannot be read as its format at all
    ├── ReplayError    a stored decision was made with another profile or claim
    └── WorkerError    a worker process of a parallel run died or failed

A plug-in profile that cannot be used is reported as a ``PluginWarning`` (a ``UserWarning``).
"""

from claimrules import _moved
from claimrules.__about__ import __version__
from claimrules.engine.batch import decide_many
from claimrules.engine.core import decide
from claimrules.errors import (
    ClaimError,
    ClaimrulesError,
    FormatError,
    ProfileError,
    ReplayError,
    WorkerError,
)
from claimrules.io.formats import read_claims
from claimrules.law.calendar import AmbiguousDateError
from claimrules.law.profile import Profile
from claimrules.law.registry import PluginWarning, available_profiles, load_profile
from claimrules.model.casefile import CaseFile, Parties
from claimrules.model.claims import Claim, Debtor, Event
from claimrules.model.decision import Decision
from claimrules.reports.aging import AgingReport, aging_report
from claimrules.reports.casefile import case_file
from claimrules.reports.cases import DebtorCase, debtor_cases
from claimrules.reports.deadlines import AtRisk, deadlines_at_risk
from claimrules.reports.dispatch import DispatchAudit, audit_dispatch
from claimrules.reports.monitoring import Monitored, monitoring_report
from claimrules.reports.portfolio import aging
from claimrules.reports.postings import PostingReport, postings
from claimrules.reports.stalled import Stalled, Watched, stalled_claims, watched
from claimrules.text import explain as _explain  # noqa: F401  (provides Decision.explain)
from claimrules.text import html as _html  # noqa: F401  (provides CaseFile.html)
from claimrules.tools.cliff import Cliff, cliff
from claimrules.tools.impact import ImpactReport, profile_impact
from claimrules.tools.lint import LintReport, lint_profile
from claimrules.tools.replay import Replay, replay

__all__ = [
    "AgingReport",
    "AmbiguousDateError",
    "AtRisk",
    "CaseFile",
    "Claim",
    "ClaimError",
    "ClaimrulesError",
    "Cliff",
    "Debtor",
    "DebtorCase",
    "Decision",
    "DispatchAudit",
    "Event",
    "FormatError",
    "ImpactReport",
    "LintReport",
    "Monitored",
    "Parties",
    "PluginWarning",
    "PostingReport",
    "Profile",
    "ProfileError",
    "Replay",
    "ReplayError",
    "Stalled",
    "Watched",
    "WorkerError",
    "__version__",
    "aging",
    "aging_report",
    "audit_dispatch",
    "available_profiles",
    "case_file",
    "cliff",
    "deadlines_at_risk",
    "debtor_cases",
    "decide",
    "decide_many",
    "lint_profile",
    "load_profile",
    "monitoring_report",
    "postings",
    "profile_impact",
    "read_claims",
    "replay",
    "stalled_claims",
    "watched",
]

_moved.install()


def __getattr__(name: str) -> object:
    """An old submodule read as an attribute (``claimrules.formats``): its deprecated alias."""
    found = _moved.old_module(name)
    if found is None:
        raise AttributeError(f"module 'claimrules' has no attribute {name!r}")
    return found
