"""Limitation periods and liens, computed from the claim's event ledger.

Limitation is never a stored date: it is recomputed from the due date and the events the profile
lists as interrupting. An interruption counts only if it happens on or before the day the period
expires (an acknowledgement after expiry does not revive the claim). Events the profile does not
list (reminders, collection notices, payment demands) never interrupt. An interruption either
starts a new period on its date or suspends the period while legal proceedings run; a later
event that starts a new period (the judgment, the distraint proceedings) ends the suspension.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from claimrules.calendar import Calendar
from claimrules.claims import Claim, Event, LegalStep
from claimrules.profile.schema import LienSpec, LimitationSpec

__all__ = ["LienState", "LimitationState", "event_ref", "lien_state", "limitation_state"]


def event_ref(event: Event) -> str:
    """The profile's name for an event: its kind, or ``legal_step.<step>``."""
    if isinstance(event, LegalStep):
        return f"legal_step.{event.step}"
    return event.kind


@dataclass
class LimitationState:
    """Where the limitation period stands on the as-of date."""

    started_on: date
    period: str
    years: int | None
    expires_on: date | None
    time_barred: bool
    citation: str
    suspended_since: date | None = None
    unknown: str | None = None
    steps: list[tuple[str, str, str]] = field(default_factory=list)


def limitation_state(
    claim: Claim,
    spec: LimitationSpec,
    calendar: Calendar,
    period_name: str,
    as_of: date,
) -> LimitationState:
    """Replay the interrupting events and compute the current expiry date."""
    convention = calendar.convention(spec.convention)
    steps: list[tuple[str, str, str]] = []
    start = claim.due_on
    current = period_name

    def expiry(name: str, begin: date) -> tuple[int | None, date | None, str, str | None]:
        resolved = spec.periods[name].at(begin)
        if resolved is None or not resolved.known or resolved.value is None:
            return None, None, "", f"limitation period {name!r} on {begin} is not known"
        deadline = calendar.add(begin, convention, years=resolved.value)
        steps.append(
            (
                f"limitation.periods.{name}",
                f"{resolved.value} years from {begin} → {deadline.describe()}",
                f"{resolved.cite()}; {convention.source.cite()}",
            )
        )
        return resolved.value, deadline.on, resolved.cite(), None

    steps.append(("limitation.start", f"runs from the due date {start}", spec.start.source.cite()))
    years, expires, citation, unknown = expiry(current, start)
    suspended: date | None = None
    for event in claim.sorted_events():
        if event.on > as_of or unknown is not None:
            break
        ref = event_ref(event)
        rule = spec.interruptions.get(ref)  # type: ignore[call-overload]
        if rule is None:
            continue
        if expires is not None and event.on > expires:
            steps.append(
                (
                    f"limitation.interruptions.{ref}",
                    f"{ref} on {event.on} came after the claim was time-barred on {expires}; "
                    "it does not revive the claim",
                    rule.source.cite(),
                )
            )
            continue
        if rule.effect == "suspend":
            suspended = suspended or event.on
            expires = None
            steps.append(
                (
                    f"limitation.interruptions.{ref}",
                    f"{ref} on {event.on} interrupts; no new period runs while the case is pursued",
                    rule.source.cite(),
                )
            )
            continue
        current = current if rule.period == "same" else rule.period
        steps.append(
            (
                f"limitation.interruptions.{ref}",
                f"{ref} on {event.on} interrupts; a new {current} period starts",
                rule.source.cite(),
            )
        )
        # An acknowledgement before the due date cannot start the period early (§ 3).
        start = max(event.on, start)
        suspended = None
        years, expires, citation, unknown = expiry(current, start)
    barred = expires is not None and as_of > expires
    return LimitationState(
        started_on=start,
        period=current,
        years=years,
        expires_on=expires,
        time_barred=barred,
        citation=citation,
        suspended_since=suspended,
        unknown=unknown,
        steps=steps,
    )


@dataclass
class LienState:
    """A lien's lapse date and whether a timely step preserved it."""

    name: str
    expires_on: date | None
    preserved_on: date | None
    lapsed: bool
    citation: str
    unknown: str | None = None
    step: str = ""


def lien_state(
    name: str, spec: LienSpec, claim: Claim, calendar: Calendar, as_of: date
) -> LienState:
    """The lien lapses ``lapse_years`` after the due date unless a preserving step came first."""
    resolved = spec.lapse_years.at(claim.due_on)
    if resolved is None or not resolved.known or resolved.value is None:
        return LienState(
            name, None, None, False, "", f"lien lapse period for {name!r} is not known"
        )
    convention = calendar.convention(spec.convention)
    expires = calendar.add(claim.due_on, convention, years=resolved.value).on
    preserved = next(
        (
            event.on
            for event in claim.sorted_events()
            if event.on <= min(as_of, expires) and event_ref(event) in spec.preserved_by
        ),
        None,
    )
    lapsed = preserved is None and as_of > expires
    return LienState(
        name, expires, preserved, lapsed, resolved.cite(), step=spec.preserve_step.strip()
    )
