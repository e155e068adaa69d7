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
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from claimrules.law.calendar import Calendar, Deadline
from claimrules.law.schema import Interruption, LienSpec, LimitationSpec
from claimrules.model import messages as m
from claimrules.model.claims import Claim, ProceedingsEnded
from claimrules.model.messages import say
from claimrules.rules.history import event_ref, fold
from claimrules.rules.ledger import LapseWindow

__all__ = ["LienState", "LimitationState", "event_ref", "lien_state", "limitation_state"]


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
    interest_lapse: LapseWindow | None = None
    expires_latest: date | None = None
    doubts: list[str] = field(default_factory=list)
    preserve: str = ""
    """The step that keeps the claim when an additional period after proceedings that ended
    without a decision (``limitation.after_proceedings``) is what now runs; empty otherwise."""


def limitation_state(
    claim: Claim,
    spec: LimitationSpec,
    calendar: Calendar,
    period_name: str,
    as_of: date,
    *,
    public_collection: bool = False,
    trace: bool = True,
) -> LimitationState:
    """Replay the interrupting events and compute the current expiry date.

    ``trace``: describe each rule applied in ``steps`` (left empty without a trace).

    ``public_collection``: a referral hands the claim to the public collection authority, so the
    profile's collection rules (``floor``, ``later_interest.shared_after``) apply.

    Where the profile marks a rule ``unknown`` (how a deadline rolls, what an interruption
    does), the period is computed both ways. ``expires_on`` is the earliest possible end; the
    decision needs the unknown rule (``unknown`` is set) only when the as-of date falls between
    the earliest and the latest possible end.
    """
    early = _replay(claim, spec, calendar, period_name, as_of, public_collection, False, trace)
    if early.unknown is not None or not early.doubts:
        return early
    late = _replay(claim, spec, calendar, period_name, as_of, public_collection, True, trace)
    if early.expires_on is None or as_of <= early.expires_on:
        if trace:
            early.steps.append(
                (
                    "limitation.unknown_law",
                    say(m.LIMITATION_NOT_NEEDED_YET, doubts="; ".join(early.doubts)),
                    "",
                )
            )
        return early
    if late.unknown is None and late.expires_latest is not None and as_of > late.expires_latest:
        late.time_barred = True
        if trace:
            late.steps.append(
                (
                    "limitation.unknown_law",
                    say(m.LIMITATION_BARRED_EITHER_WAY, doubts="; ".join(late.doubts)),
                    "",
                )
            )
        return late
    early.unknown = say(
        m.LIMITATION_MAY_BE_BARRED,
        date=early.expires_on + timedelta(days=1),
        doubts="; ".join(early.doubts),
    )
    early.time_barred = False
    return early


def _interruption(
    ref: str, on: date, rule: Interruption, template: str, **fields: Any
) -> tuple[str, str, str]:
    """The trace step of an interrupting event: what it did to the period, and its source."""
    text = say(template, event=m.event_words(ref), date=on, **fields)
    return f"limitation.interruptions.{ref}", text, rule.source.cite()


def _replay(
    claim: Claim,
    spec: LimitationSpec,
    calendar: Calendar,
    period_name: str,
    as_of: date,
    public_collection: bool,
    apply_unknown: bool,
    trace: bool = True,
) -> LimitationState:
    """One replay; ``apply_unknown`` applies interruptions of unknown effect as declared."""
    convention = calendar.convention(spec.convention)
    steps: list[tuple[str, str, str]] = []
    doubts: list[str] = []
    start = claim.due_on
    current = period_name
    latest: date | None = None

    def doubt(years: int, begin: date, deadline: Deadline) -> None:
        """Note a period whose last day the profile's convention leaves open."""
        if deadline.unknown is not None:
            doubts.append(
                say(
                    m.LIMITATION_ENDS_BETWEEN,
                    years=years,
                    date=begin,
                    first=deadline.on,
                    last=deadline.latest,
                    unknown=deadline.unknown,
                    citation=convention.source.cite(),
                )
            )

    def expiry(name: str, begin: date) -> tuple[int | None, date | None, str, str | None]:
        nonlocal latest
        resolved = spec.periods[name].at(begin)
        if resolved is None or not resolved.known or resolved.value is None:
            return None, None, "", say(m.LIMITATION_PERIOD_UNKNOWN, name=name, date=begin)
        deadline = calendar.add(begin, convention, years=resolved.value)
        latest = deadline.latest
        doubt(resolved.value, begin, deadline)
        if trace:
            steps.append(
                (
                    f"limitation.periods.{name}",
                    say(
                        m.LIMITATION_PERIOD,
                        years=resolved.value,
                        date=begin,
                        end=deadline.describe(),
                    ),
                    f"{resolved.cite()}; {convention.source.cite()}",
                )
            )
        return resolved.value, deadline.on, resolved.cite(), None

    if trace:
        steps.append(
            ("limitation.start", say(m.LIMITATION_FROM_DUE, date=start), spec.start.source.cite())
        )
    years, expires, citation, unknown = expiry(current, start)
    suspended: date | None = None
    special_from: date | None = None  # a long-period basis (judgment) started the period
    last_interruption: date | None = None
    shared: date | None = None  # interest shares the principal's date from here
    floor_event: date | None = None
    later = spec.later_interest
    before_suspension: date | None = None  # the expiry the period had when proceedings began
    preserve = ""
    past = fold(claim, as_of)
    for event, (ref, on) in zip(past.events, past.refs, strict=True):
        if unknown is not None:
            break
        if ref == "proceedings_ended":
            assert isinstance(event, ProceedingsEnded)
            if suspended is None:
                if trace:
                    steps.append(
                        (
                            "limitation.after_proceedings",
                            say(m.PROCEEDINGS_NOT_PENDING, date=on),
                            "",
                        )
                    )
                continue
            after = spec.after_proceedings
            if after is None or after.status == "unknown" or after.years is None:
                where = after.source.cite() if after is not None else ""
                unknown = say(m.AFTER_PROCEEDINGS_UNKNOWN, date=on, citation=where or "-")
                continue
            suspended = None
            lost = (event.outcome == "withdrawn" and "withdrawn" in after.lost_if) or (
                event.creditor_intent and "creditor_intent" in after.lost_if
            )
            if lost:
                expires = before_suspension
                if trace:
                    steps.append(
                        (
                            "limitation.after_proceedings",
                            say(m.AFTER_PROCEEDINGS_LOST, date=on, expires=expires),
                            after.source.cite(),
                        )
                    )
                continue
            anchor = max(on, event.creditor_informed_on or on)
            end = calendar.add(anchor, convention, years=after.years)
            if after.cap_years is not None:
                capped = calendar.add(on, convention, years=after.cap_years)
                if capped.on < end.on:
                    end = capped
            doubt(after.years, anchor, end)
            additional = end.latest if apply_unknown else end.on
            if before_suspension is None or additional > before_suspension:
                expires, latest, preserve = additional, end.latest, after.preserve_step or ""
                citation = after.source.cite()
            else:
                expires = before_suspension
            if trace:
                steps.append(
                    (
                        "limitation.after_proceedings",
                        say(
                            m.AFTER_PROCEEDINGS_YEAR,
                            date=on,
                            anchor=anchor,
                            end=additional,
                            expires=expires,
                        ),
                        after.source.cite(),
                    )
                )
            continue
        if later is not None and ref in later.shared_after and shared is None and public_collection:
            shared = on
        floor_starts = (
            public_collection
            and spec.floor is not None
            and ref == spec.floor.event
            and floor_event is None
        )
        if floor_starts and (expires is None or on <= expires):
            floor_event = on
        rule = spec.interruptions.get(ref)  # type: ignore[call-overload]
        if rule is None:
            continue
        if expires is not None and on > expires:
            if trace:
                steps.append(_interruption(ref, on, rule, m.LIMITATION_TOO_LATE, expired=expires))
            continue
        if rule.status == "unknown":
            doubts.append(
                say(
                    m.LIMITATION_EFFECT_UNKNOWN,
                    event=m.event_words(ref),
                    date=on,
                    citation=rule.source.cite(),
                )
            )
            if not apply_unknown:
                continue
        if rule.effect == "suspend":
            if suspended is None:
                before_suspension = expires
            suspended = suspended or on
            expires = None
            preserve = ""
            if trace:
                steps.append(_interruption(ref, on, rule, m.LIMITATION_SUSPENDS))
            continue
        current = current if rule.period == "same" else rule.period
        if trace:
            steps.append(_interruption(ref, on, rule, m.LIMITATION_INTERRUPTS, period=current))
        # An acknowledgement before the due date cannot start the period early (§ 3).
        start = max(on, start)
        suspended = None
        preserve = ""
        last_interruption = start
        if later is not None and ref in later.after:
            special_from = start
        years, expires, citation, unknown = expiry(current, start)
    floor = spec.floor
    if (
        floor is not None
        and floor_event is not None
        and unknown is None
        and as_of >= floor.open_on_or_after
        and start < floor.earliest_start
        and (expires is None or expires >= floor.open_on_or_after)
    ):
        if trace:
            steps.append(
                (
                    "limitation.floor",
                    say(m.LIMITATION_FLOOR, date=floor_event, earliest=floor.earliest_start),
                    floor.source.cite(),
                )
            )
        start = floor.earliest_start
        if suspended is None:
            years, expires, citation, unknown = expiry(current, start)
    if suspended is not None:
        latest = None
    lapse = None
    if later is not None and special_from is not None and unknown is None:
        if shared is not None and shared <= as_of:
            if trace:
                steps.append(
                    (
                        "limitation.later_interest",
                        say(m.LIMITATION_SHARED, date=shared),
                        later.source.cite(),
                    )
                )
        else:
            lapse = _interest_lapse(
                spec,
                calendar,
                later.period,
                last_interruption or special_from,
                as_of,
                steps if trace else None,
            )
    barred = expires is not None and as_of > expires and not doubts
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
        interest_lapse=lapse,
        expires_latest=latest,
        doubts=doubts,
        preserve=preserve,
    )


def _interest_lapse(
    spec: LimitationSpec,
    calendar: Calendar,
    period: str,
    anchor: date,
    as_of: date,
    steps: list[tuple[str, str, str]] | None,
) -> LapseWindow | None:
    """The days after ``anchor`` whose interest is time-barred on its own by ``as_of``."""
    assert spec.later_interest is not None
    resolved = spec.periods[period].at(anchor)
    if resolved is None or resolved.value is None or not resolved.known:
        return None
    convention = calendar.convention(spec.convention)
    years = resolved.value

    def barred(day: date) -> bool:
        return as_of > calendar.add(day, convention, years=years).latest

    cutoff = as_of - relativedelta(years=years)
    while cutoff > anchor and not barred(cutoff):
        cutoff -= timedelta(days=1)
    while barred(cutoff + timedelta(days=1)):
        cutoff += timedelta(days=1)
    if cutoff <= anchor:
        return None
    if steps is not None:
        steps.append(
            (
                "limitation.later_interest",
                say(
                    m.LIMITATION_LATER_INTEREST,
                    first=anchor + timedelta(days=1),
                    last=cutoff,
                    years=years,
                ),
                f"{spec.later_interest.source.cite()}; {resolved.cite()}",
            )
        )
    return LapseWindow(after=anchor, through=cutoff)


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
        return LienState(name, None, None, False, "", say(m.LIEN_PERIOD_UNKNOWN, name=name))
    convention = calendar.convention(spec.convention)
    deadline = calendar.add(claim.due_on, convention, years=resolved.value)
    if deadline.unknown is not None:
        return LienState(
            name,
            None,
            None,
            False,
            resolved.cite(),
            say(m.LIEN_DAY_UNKNOWN, lien=name, unknown=deadline.unknown),
        )
    expires = deadline.on
    preserved = next(
        (on for ref, on in fold(claim, as_of).refs if on <= expires and ref in spec.preserved_by),
        None,
    )
    lapsed = preserved is None and as_of > expires
    return LienState(
        name, expires, preserved, lapsed, resolved.cite(), step=spec.preserve_step.strip()
    )
