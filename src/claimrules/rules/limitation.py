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
from claimrules.law.schema import AfterProceedings, Interruption, LienSpec, LimitationSpec
from claimrules.model import messages as m
from claimrules.model.core import Claim, ProceedingsEnded
from claimrules.model.messages import say
from claimrules.rules.history import History, event_ref, fold
from claimrules.rules.ledger import LapseWindow

__all__ = [
    "LienState",
    "LimitationState",
    "event_ref",
    "lien_key",
    "lien_of",
    "lien_state",
    "limitation_key",
    "limitation_of",
    "limitation_state",
]


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
    """Replay the interrupting events and compute the current expiry date (folds the claim's
    history; the engine uses :func:`limitation_of` on the history it has already folded).

    ``trace``: describe each rule applied in ``steps`` (left empty without a trace).

    ``public_collection``: a referral hands the claim to the public collection authority, so the
    profile's collection rules (``floor``, ``later_interest.shared_after``) apply.

    Where the profile marks a rule ``unknown`` (how a deadline rolls, what an interruption
    does), the period is computed both ways. ``expires_on`` is the earliest possible end; the
    decision needs the unknown rule (``unknown`` is set) only when the as-of date falls between
    the earliest and the latest possible end.
    """
    return limitation_of(
        fold(claim, as_of),
        claim.due_on,
        spec,
        calendar,
        period_name,
        as_of,
        public_collection=public_collection,
        trace=trace,
    )


def limitation_key(
    past: History, due: date, period_name: str, as_of: date, public_collection: bool
) -> tuple[object, ...]:
    """Everything :func:`limitation_of` reads of a claim, as a memo key: claims that share it
    share the result (the events' names and days, and what each ``proceedings_ended`` event
    says beyond them). Traced and untraced results are kept in memos of their own."""
    proceedings = tuple(
        (e.outcome, e.creditor_intent, e.creditor_informed_on) for e in past.proceedings
    )
    return (period_name, public_collection, due, as_of, past.refs, proceedings)


def limitation_of(
    past: History,
    due: date,
    spec: LimitationSpec,
    calendar: Calendar,
    period_name: str,
    as_of: date,
    *,
    public_collection: bool = False,
    trace: bool = True,
) -> LimitationState:
    """:func:`limitation_state` from the folded history ``past`` and the due date ``due``;
    reads nothing else of the claim (:func:`limitation_key` lists what it reads)."""

    def run(apply_unknown: bool) -> LimitationState:
        replay = _Period(spec, calendar, as_of, public_collection, apply_unknown, trace)
        return replay.run(past, due, period_name)

    early = run(False)
    if early.unknown is not None or not early.doubts:
        return early
    late = run(True)
    return _either_way(early, late, as_of, trace)


def _either_way(
    early: LimitationState, late: LimitationState, as_of: date, trace: bool
) -> LimitationState:
    """Of the period computed with the unknown rules left out (``early``) and applied
    (``late``): the one that holds on ``as_of``, or ``early`` marked unknown when it depends."""
    if early.expires_on is None or as_of <= early.expires_on:
        if trace:
            early.steps.append(
                (
                    "limitation.unknown_law",
                    say(m.LIMITATION_NOT_NEEDED_YET, doubts=m.listed(early.doubts)),
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
                    say(m.LIMITATION_BARRED_EITHER_WAY, doubts=m.listed(late.doubts)),
                    "",
                )
            )
        return late
    early.unknown = say(
        m.LIMITATION_MAY_BE_BARRED,
        date=early.expires_on + timedelta(days=1),
        doubts=m.listed(early.doubts),
    )
    early.time_barred = False
    return early


def _interruption(
    ref: str, on: date, rule: Interruption, template: str, **fields: Any
) -> tuple[str, str, str]:
    """The trace step of an interrupting event: what it did to the period, and its source."""
    text = say(template, event=m.event_words(ref), date=on, **fields)
    return f"limitation.interruptions.{ref}", text, rule.source.cite()


class _Period:
    """One replay of the limitation period over a claim's history; ``apply_unknown`` applies
    interruptions of unknown effect as declared (:func:`limitation_of` runs it both ways)."""

    def __init__(
        self,
        spec: LimitationSpec,
        calendar: Calendar,
        as_of: date,
        public_collection: bool,
        apply_unknown: bool,
        trace: bool,
    ) -> None:
        self.spec, self.calendar, self.as_of = spec, calendar, as_of
        self.public_collection, self.apply_unknown, self.trace = (
            public_collection,
            apply_unknown,
            trace,
        )
        self.convention = calendar.convention(spec.convention)
        self.later = spec.later_interest
        self.steps: list[tuple[str, str, str]] = []
        self.doubts: list[str] = []
        self.latest: date | None = None
        self.suspended: date | None = None
        self.special_from: date | None = None  # a long-period basis (judgment) started it
        self.last_interruption: date | None = None
        self.shared: date | None = None  # interest shares the principal's date from here
        self.floor_event: date | None = None
        self.before_suspension: date | None = None  # the expiry when proceedings began
        self.preserve = ""

    def run(self, past: History, due: date, period_name: str) -> LimitationState:
        """The period from ``due`` through the history's interrupting events."""
        self.start, self.current = due, period_name
        if self.trace:
            self.steps.append(
                (
                    "limitation.start",
                    say(m.LIMITATION_FROM_DUE, date=due),
                    self.spec.start.source.cite(),
                )
            )
        self.years, self.expires, self.citation, self.unknown = self._expiry(period_name, due)
        for event, (ref, on) in zip(past.events, past.refs, strict=True):
            if self.unknown is not None:
                break
            if ref == "proceedings_ended":
                assert isinstance(event, ProceedingsEnded)
                self._proceedings_ended(event, on)
            else:
                self._event(ref, on)
        self._floor()
        if self.suspended is not None:
            self.latest = None
        lapse = self._later_interest()
        barred = self.expires is not None and self.as_of > self.expires and not self.doubts
        return LimitationState(
            started_on=self.start,
            period=self.current,
            years=self.years,
            expires_on=self.expires,
            time_barred=barred,
            citation=self.citation,
            suspended_since=self.suspended,
            unknown=self.unknown,
            steps=self.steps,
            interest_lapse=lapse,
            expires_latest=self.latest,
            doubts=self.doubts,
            preserve=self.preserve,
        )

    def _doubt(self, years: int, begin: date, deadline: Deadline) -> None:
        """Note a period whose last day the profile's convention leaves open."""
        if deadline.unknown is not None:
            self.doubts.append(
                say(
                    m.LIMITATION_ENDS_BETWEEN,
                    years=years,
                    date=begin,
                    first=deadline.on,
                    last=deadline.latest,
                    unknown=deadline.unknown,
                    citation=self.convention.source.cite(),
                )
            )

    def _expiry(self, name: str, begin: date) -> tuple[int | None, date | None, str, str | None]:
        """The period ``name`` from ``begin``: its years, end, citation, or why it is unknown."""
        resolved = self.spec.periods[name].at(begin)
        if resolved is None or not resolved.known or resolved.value is None:
            return None, None, "", say(m.LIMITATION_PERIOD_UNKNOWN, name=name, date=begin)
        deadline = self.calendar.add(begin, self.convention, years=resolved.value)
        self.latest = deadline.latest
        self._doubt(resolved.value, begin, deadline)
        if self.trace:
            self.steps.append(
                (
                    f"limitation.periods.{name}",
                    say(
                        m.LIMITATION_PERIOD,
                        years=resolved.value,
                        date=begin,
                        end=deadline.describe(),
                    ),
                    f"{resolved.cite()}; {self.convention.source.cite()}",
                )
            )
        return resolved.value, deadline.on, resolved.cite(), None

    def _proceedings_ended(self, event: ProceedingsEnded, on: date) -> None:
        """Proceedings that ended without a decision: what is left of their interruption
        (``limitation.after_proceedings``)."""
        if self.suspended is None:
            if self.trace:
                self.steps.append(
                    ("limitation.after_proceedings", say(m.PROCEEDINGS_NOT_PENDING, date=on), "")
                )
            return
        after = self.spec.after_proceedings
        if after is None or after.status == "unknown" or after.years is None:
            where = after.source.cite() if after is not None else ""
            self.unknown = say(m.AFTER_PROCEEDINGS_UNKNOWN, date=on, citation=where or "-")
            return
        self.suspended = None
        lost = (event.outcome == "withdrawn" and "withdrawn" in after.lost_if) or (
            event.creditor_intent and "creditor_intent" in after.lost_if
        )
        if lost:
            self.expires = self.before_suspension
            if self.trace:
                self.steps.append(
                    (
                        "limitation.after_proceedings",
                        say(m.AFTER_PROCEEDINGS_LOST, date=on, expires=self.expires),
                        after.source.cite(),
                    )
                )
            return
        self._additional_period(event, on, after)

    def _additional_period(
        self, event: ProceedingsEnded, on: date, after: AfterProceedings
    ) -> None:
        """The additional period after proceedings that ended without a decision, unless the
        period they interrupted ends later."""
        assert after.years is not None
        anchor = max(on, event.creditor_informed_on or on)
        end = self.calendar.add(anchor, self.convention, years=after.years)
        if after.cap_years is not None:
            capped = self.calendar.add(on, self.convention, years=after.cap_years)
            if capped.on < end.on:
                end = capped
        self._doubt(after.years, anchor, end)
        additional = end.latest if self.apply_unknown else end.on
        if self.before_suspension is None or additional > self.before_suspension:
            self.expires, self.latest = additional, end.latest
            preserve = after.preserve_steps
            self.preserve = (
                preserve.get(f"{event.step}.{event.outcome}")
                or preserve.get(event.step)
                or after.preserve_step
                or ""
            )
            self.citation = after.source.cite()
        else:
            self.expires = self.before_suspension
        if self.trace:
            self.steps.append(
                (
                    "limitation.after_proceedings",
                    say(
                        m.AFTER_PROCEEDINGS_YEAR,
                        date=on,
                        anchor=anchor,
                        end=additional,
                        expires=self.expires,
                    ),
                    after.source.cite(),
                )
            )

    def _event(self, ref: str, on: date) -> None:
        """An event of the history: a collection fact the rules note, or an interruption."""
        spec, later = self.spec, self.later
        collection = self.public_collection
        if later is not None and ref in later.shared_after and self.shared is None and collection:
            self.shared = on
        floor_starts = (
            collection
            and spec.floor is not None
            and ref == spec.floor.event
            and self.floor_event is None
        )
        if floor_starts and (self.expires is None or on <= self.expires):
            self.floor_event = on
        rule = spec.interruptions.get(ref)  # type: ignore[call-overload]
        if rule is None:
            return
        if self.expires is not None and on > self.expires:
            if self.trace:
                self.steps.append(
                    _interruption(ref, on, rule, m.LIMITATION_TOO_LATE, expired=self.expires)
                )
            return
        if rule.status == "unknown":
            self.doubts.append(
                say(
                    m.LIMITATION_EFFECT_UNKNOWN,
                    event=m.event_words(ref),
                    date=on,
                    citation=rule.source.cite(),
                )
            )
            if not self.apply_unknown:
                return
        if rule.effect == "suspend":
            self._suspend(ref, on, rule)
        else:
            self._interrupt(ref, on, rule)

    def _suspend(self, ref: str, on: date, rule: Interruption) -> None:
        """Legal proceedings suspend the period while they run."""
        if self.suspended is None:
            self.before_suspension = self.expires
        self.suspended = self.suspended or on
        self.expires = None
        self.preserve = ""
        if self.trace:
            self.steps.append(_interruption(ref, on, rule, m.LIMITATION_SUSPENDS))

    def _interrupt(self, ref: str, on: date, rule: Interruption) -> None:
        """An interruption: a new period (of the same kind, or the one the rule names)."""
        self.current = self.current if rule.period == "same" else rule.period
        if self.trace:
            self.steps.append(
                _interruption(ref, on, rule, m.LIMITATION_INTERRUPTS, period=self.current)
            )
        # An acknowledgement before the due date cannot start the period early (§ 3).
        self.start = max(on, self.start)
        self.suspended = None
        self.preserve = ""
        self.last_interruption = self.start
        if self.later is not None and ref in self.later.after:
            self.special_from = self.start
        self.years, self.expires, self.citation, self.unknown = self._expiry(
            self.current, self.start
        )

    def _floor(self) -> None:
        """Under public collection, the earliest start the law sets for old claims."""
        floor = self.spec.floor
        if (
            floor is None
            or self.floor_event is None
            or self.unknown is not None
            or self.as_of < floor.open_on_or_after
            or self.start >= floor.earliest_start
            or (self.expires is not None and self.expires < floor.open_on_or_after)
        ):
            return
        if self.trace:
            self.steps.append(
                (
                    "limitation.floor",
                    say(m.LIMITATION_FLOOR, date=self.floor_event, earliest=floor.earliest_start),
                    floor.source.cite(),
                )
            )
        self.start = floor.earliest_start
        if self.suspended is None:
            self.years, self.expires, self.citation, self.unknown = self._expiry(
                self.current, self.start
            )

    def _later_interest(self) -> LapseWindow | None:
        """Interest after a judgment that is time-barred on its own (or shares the
        principal's date from the event the profile names)."""
        later = self.later
        if later is None or self.special_from is None or self.unknown is not None:
            return None
        if self.shared is not None and self.shared <= self.as_of:
            if self.trace:
                self.steps.append(
                    (
                        "limitation.later_interest",
                        say(m.LIMITATION_SHARED, date=self.shared),
                        later.source.cite(),
                    )
                )
            return None
        return _interest_lapse(
            self.spec,
            self.calendar,
            later.period,
            self.last_interruption or self.special_from,
            self.as_of,
            self.steps if self.trace else None,
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
    """The lien lapses ``lapse_years`` after the due date unless a preserving step came first
    (folds the claim's history; the engine uses :func:`lien_of`)."""
    return lien_of(name, spec, claim.due_on, fold(claim, as_of), calendar, as_of)


def lien_key(name: str, due: date, past: History, as_of: date) -> tuple[object, ...]:
    """Everything :func:`lien_of` reads of a claim, as a memo key."""
    return (name, due, as_of, past.refs)


def lien_of(
    name: str, spec: LienSpec, due: date, past: History, calendar: Calendar, as_of: date
) -> LienState:
    """:func:`lien_state` from the due date and the folded history's event names and days."""
    resolved = spec.lapse_years.at(due)
    if resolved is None or not resolved.known or resolved.value is None:
        return LienState(name, None, None, False, "", say(m.LIEN_PERIOD_UNKNOWN, name=name))
    convention = calendar.convention(spec.convention)
    deadline = calendar.add(due, convention, years=resolved.value)
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
        (on for ref, on in past.refs if on <= expires and ref in spec.preserved_by),
        None,
    )
    lapsed = preserved is None and as_of > expires
    return LienState(
        name, expires, preserved, lapsed, resolved.cite(), step=spec.preserve_step.strip()
    )
