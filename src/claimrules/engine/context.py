"""What the engine works with while it decides one claim: the claim's state, the tracer, the
warnings and deadlines found so far, and the legal result each guard or the ladder proposes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from claimrules.law.profile import Profile
from claimrules.law.schema import ClaimTypeSpec
from claimrules.model import messages as m
from claimrules.model.core import Claim
from claimrules.model.structured import structured
from claimrules.rules.history import History
from claimrules.rules.interest import Gap
from claimrules.rules.plans import Missed, missed_instalment
from claimrules.rules.state import ClaimState, missing
from claimrules.rules.tracer import Tracer

__all__ = ["ZERO", "Context", "Proposal"]

ZERO = Decimal(0)


class Proposal(NamedTuple):
    """The legal result: the next action, the earliest day it is lawful, why, and the most
    that may be charged with it."""

    action: str
    on: date
    reason: str
    fee: Decimal = ZERO


class Context:
    """One decision in the making: the claim's :class:`ClaimState` (read, never changed), the
    tracer, and the warnings and deadlines the guards and the ladder find, as plain records
    (the Decision validates them all in one call)."""

    __slots__ = ("_missed", "_missed_seen", "deadlines", "state", "tracer", "warnings")

    def __init__(self, state: ClaimState, tracer: Tracer) -> None:
        self.state = state
        self.tracer = tracer
        self.warnings: list[dict[str, object]] = []
        self.deadlines: list[dict[str, Any]] = []
        self._missed: Missed | None = None
        self._missed_seen = False  # typed, not a sentinel: the compiled build checks types

    @property
    def claim(self) -> Claim:
        """The claim decided."""
        return self.state.claim

    @property
    def profile(self) -> Profile:
        """The profile it is decided under."""
        return self.state.profile

    @property
    def ctype(self) -> ClaimTypeSpec:
        """The claim's type in the profile."""
        return self.state.ctype

    @property
    def as_of(self) -> date:
        """The day it is decided on."""
        return self.state.as_of

    @property
    def past(self) -> History:
        """The claim's folded history on the as-of day."""
        return self.state.past

    def note(self, rule: str, outcome: str, citation: str = "") -> None:
        """Record a rule that took part in the decision, as much as the tracer keeps."""
        self.tracer.note(rule, outcome, citation)

    def warn(self, code: str, message: str) -> None:
        """Record a warning (a :class:`~claimrules.model.decision.DecisionWarning`)."""
        msg = structured(message, self.state.claim.currency)
        self.warnings.append({"code": code, "message": message, "msg": msg})

    def deadline(self, name: str, on: date, preserve: str = "") -> None:
        """Record an upcoming date (a :class:`~claimrules.model.decision.DeadlineItem`)."""
        self.deadlines.append({"name": name, "on": on, "preserve": preserve})

    def missing(self, gap: Gap) -> str:
        """A value the profile does not know, named as a lawyer would look it up."""
        return missing(self.profile, gap)

    def propose(self, action: str, reason: str) -> Proposal:
        """A guard's proposal: ``action`` from the as-of day, without a fee, noted in the trace
        as ``guards.<action>``."""
        self.note(f"guards.{action}", reason)
        return Proposal(action, self.as_of, reason)

    @property
    def missed(self) -> Missed | None:
        """The payment plan's first missed instalment (looked for once, and warned of)."""
        if not self._missed_seen:
            self._missed = self._find_missed()
            self._missed_seen = True
        return self._missed

    def _find_missed(self) -> Missed | None:
        policy = self.profile.spec.local.payment_plan
        grace = policy.grace_days if policy is not None else 0
        missed = missed_instalment(self.past, grace, self.as_of)
        if missed is not None:
            text = m.say(
                m.WARN_INSTALMENT_MISSED,
                date=missed.instalment_on,
                paid=missed.paid,
                owed=missed.due,
                breached=missed.breached_on,
                grace=grace,
            )
            self.warn("instalment_missed", text)
            self.note("guards.payment_plan", text, policy.source.cite() if policy else "")
        return missed

    def active_plan(self) -> date | None:
        """The last day of the payment plan in force on the as-of day, or ``None``: no plan, it
        ended, it was breached, or one of its instalments was missed (:attr:`missed`)."""
        until = self.past.plan_until
        if until is None or until < self.as_of or self.missed is not None:
            return None
        return until
