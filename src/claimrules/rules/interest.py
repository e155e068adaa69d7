"""Late-payment interest: simple interest, each day at the rate in force that day, or a rate
per started month.

Daily: the period from the first to the last interest day is split where the dated rate changes;
each piece earns ``base × rate/100 × days / denominator`` exactly in ``Decimal`` (``days`` and
``denominator`` by the regime's day count). Per started month: each month that starts in the
period earns ``base × rate/100``. Callers round once,
half-up, to the minor unit (see :func:`round_money`). A day whose rate the profile does not
know makes the result ``unknown`` rather than a guess.
"""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta

from claimrules.law.profile import Profile
from claimrules.law.schema import (
    ClaimTypeSpec,
    DailyInterest,
    InterestMethod,
    InterestSpec,
    MonthlyInterest,
)
from claimrules.law.values import Param
from claimrules.model import messages as m
from claimrules.model.messages import say
from claimrules.rules.history import History
from claimrules.rules.memo import remember
from claimrules.rules.tracer import Tracer

__all__ = [
    "Accrual",
    "Gap",
    "InterestSegment",
    "InterestStart",
    "accrue",
    "interest_from",
    "interest_segments",
    "month_starts",
    "rate_on",
    "round_money",
]

CENT = Decimal("0.01")


def round_money(amount: Decimal) -> Decimal:
    """Round half-up to the minor unit (øre / øre / cent)."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Gap:
    """A value the law needs from day ``on`` that the profile does not know: ``param`` has no
    known value in force that day. ``what`` says in words what the value is."""

    param: Param[Any]
    on: date
    what: str


@dataclass
class Accrual:
    """Exact interest earned over a span, with the pieces it was made of (``amounts``: each
    piece's exact interest, in the same order; they sum to ``amount``).

    When a day has no known rate the accrual stops there: ``amount`` is the interest of the
    days before it, ``unknown`` says why, and ``gap`` names the missing value.
    """

    amount: Decimal = Decimal(0)
    pieces: list[tuple[date, date, int, Decimal]] = field(default_factory=list)
    amounts: list[Decimal] = field(default_factory=list)
    unknown: str | None = None
    gap: Gap | None = None


def _days_30e(start: date, end: date) -> int:
    """Days from ``start`` to ``end`` counting every month as 30 days (30E/360)."""
    d1, d2 = min(start.day, 30), min(end.day, 30)
    return (end.year - start.year) * 360 + (end.month - start.month) * 30 + (d2 - d1)


def _year_days(method: InterestMethod, year: int) -> int:
    if method.day_count == "ACT/ACT":
        return 366 if pycalendar.isleap(year) else 365
    if method.day_count == "30E/360":
        return 360
    return 365


@dataclass(frozen=True, slots=True)
class _Rate:
    value: Decimal | None
    until: date | None
    note: str | None = None
    missing: Param[Any] | None = None


def rate_on(regime: DailyInterest, day: date, due: date) -> _Rate:
    """The annual rate in force on ``day`` (``value`` is ``None`` when unknown) and the first
    day it may change. With ``reference`` and ``margin``, the margin is taken on the due date
    when the regime's ``margin_date`` says so (a transition rule), else on ``day``."""
    if regime.rate is not None:
        resolved = regime.rate.at(day)
        if resolved is None or not resolved.known or resolved.value is None:
            return _Rate(None, None, missing=regime.rate)
        return _Rate(resolved.value, resolved.valid_until)
    assert regime.reference is not None and regime.margin is not None
    reference = regime.reference.at(day)
    margin_day = due if regime.margin_date == "due_date" else day
    margin = regime.margin.at(margin_day)
    if reference is None or not reference.known or reference.value is None:
        return _Rate(None, None, missing=regime.reference)
    if margin is None or not margin.known or margin.value is None:
        return _Rate(None, None, missing=regime.margin)
    ends = [reference.valid_until]
    if regime.margin_date == "interest_day":
        ends.append(margin.valid_until)
    until = min((d for d in ends if d is not None), default=None)
    return _Rate(reference.value + margin.value, until, f"{reference.value} + {margin.value}")


def accrue(base: Decimal, first: date, last: date, regime: InterestSpec, due: date) -> Accrual:
    """Interest on ``base`` for every interest day (daily regime) or every month that starts
    (per-started-month regime) from ``first`` to ``last``, both inclusive.

    Returns an empty accrual when ``last < first`` or ``base <= 0``. Sets ``unknown`` (and stops)
    at the first day without a known rate.
    """
    if isinstance(regime, MonthlyInterest):
        return _accrue_months(base, first, last, regime, due)
    result = Accrual()
    if last < first or base <= 0:
        return result
    schedule = _schedule(regime, first, last, due)
    with localcontext() as ctx:
        ctx.prec = 60
        for day, end, days, rate, denominator in schedule.pieces:
            amount = base * rate * days / (100 * denominator)
            result.amount += amount
            result.amounts.append(amount)
            result.pieces.append((day, end, days, rate))
    result.unknown, result.gap = schedule.unknown, schedule.gap
    return result


@dataclass(frozen=True, slots=True)
class _Schedule:
    """The pieces of a daily accrual, which do not depend on the base: each piece's first and
    last day, its days, its rate and its denominator; where the known rates stop, why."""

    pieces: tuple[tuple[date, date, int, Decimal, int], ...]
    unknown: str | None
    gap: Gap | None


_SCHEDULES: dict[tuple[int, date, date, date], tuple[DailyInterest, _Schedule]] = {}
"""Schedules already made (claims with the same dates share them), keyed by the regime's
identity; each entry keeps its regime alive, so that identity is never reused under it."""


def _schedule(regime: DailyInterest, first: date, last: date, due: date) -> _Schedule:
    key = (id(regime), first, last, due)
    hit = _SCHEDULES.get(key)
    if hit is not None and hit[0] is regime:
        return hit[1]
    return remember(_SCHEDULES, key, (regime, _make_schedule(regime, first, last, due)))[1]


def _make_schedule(regime: DailyInterest, first: date, last: date, due: date) -> _Schedule:
    method = regime.method
    pieces: list[tuple[date, date, int, Decimal, int]] = []
    day = first
    while day <= last:
        rate = rate_on(regime, day, due)
        if rate.value is None:
            assert rate.missing is not None
            return _Schedule(
                tuple(pieces),
                say(m.NO_KNOWN_RATE, regime=regime.title, date=day.isoformat()),
                Gap(rate.missing, day, say(m.GAP_RATE, regime=regime.title)),
            )
        end = last
        if rate.until is not None:
            end = min(end, rate.until - timedelta(days=1))
        if method.day_count == "ACT/ACT":
            end = min(end, date(day.year, 12, 31))
        days = (
            _days_30e(day - timedelta(days=1), end)
            if method.day_count == "30E/360"
            else (end - day).days + 1
        )
        pieces.append((day, end, days, rate.value, _year_days(method, day.year)))
        day = end + timedelta(days=1)
    return _Schedule(tuple(pieces), None, None)


def month_starts(due: date, first: date, last: date) -> list[date]:
    """The days in ``first``..``last`` on which a new interest month starts: the day after the
    due date, then the same day of each later month (the month's last day when it has none)."""
    anchor = due + timedelta(days=1)
    starts: list[date] = []
    k = 0
    while True:
        start = anchor + relativedelta(months=k)
        if start > last:
            return starts
        if start >= first:
            starts.append(start)
        k += 1


def _accrue_months(
    base: Decimal, first: date, last: date, regime: MonthlyInterest, due: date
) -> Accrual:
    result = Accrual()
    if last < first or base <= 0:
        return result
    for start in month_starts(due, first, last):
        resolved = regime.rate.at(start)
        if resolved is None or not resolved.known or resolved.value is None:
            result.unknown = say(m.NO_KNOWN_MONTH_RATE, regime=regime.title, date=start)
            result.gap = Gap(regime.rate, start, say(m.GAP_RATE, regime=regime.title))
            return result
        amount = base * resolved.value / 100
        result.amount += amount
        result.amounts.append(amount)
        result.pieces.append((start, start, 1, resolved.value))
    return result


class InterestSegment(NamedTuple):
    """One interest regime applied from ``first`` to ``last`` (inclusive; ``None`` = open)."""

    regime: InterestSpec
    first: date
    last: date | None = None


class InterestStart(NamedTuple):
    """The interest regimes that apply to a claim, from its first interest day on (empty when
    none runs), or ``gap``: the value that leaves the first interest day unknown (then no
    interest is known after the demand day)."""

    segments: list[InterestSegment]
    gap: Gap | None


def interest_segments(
    profile: Profile, ctype: ClaimTypeSpec, past: History, due: date, tracer: Tracer
) -> InterestStart:
    """The interest regimes that apply from the first interest day on: the claim type's, and
    under public collection the collection regime from the first of the month after the
    referral (each noted in the trace)."""
    spec = profile.spec
    if ctype.interest == "none":
        return InterestStart([], None)
    if spec.local.waive_interest:
        who = spec.local.municipality or "the municipality"
        citation = spec.local.source.cite() if spec.local.source else ""
        tracer.says("local.waive_interest", citation, m.TRACE_WAIVED, who=who)
        return InterestStart([], None)
    regime = spec.interest[ctype.interest]
    first = interest_from(ctype, regime, past, due, tracer)
    if first is None or isinstance(first, Gap):
        return InterestStart([], first)
    segments = [InterestSegment(regime, first)]
    referral = past.first.get("referred_to_collection")
    if ctype.collection_interest is None or referral is None:
        return InterestStart(segments, None)
    after = spec.interest[ctype.collection_interest]
    starts = referral.replace(day=1) + relativedelta(months=1)
    tracer.says(
        f"interest.{ctype.collection_interest}",
        after.creditor_delay.source.cite(),
        m.TRACE_REFERRED,
        date=referral,
        regime=regime.title,
        after=after.title,
        start=starts,
    )
    return InterestStart(
        [InterestSegment(regime, first, referral), InterestSegment(after, max(starts, first))],
        None,
    )


def interest_from(
    ctype: ClaimTypeSpec, regime: InterestSpec, past: History, due: date, tracer: Tracer
) -> date | Gap | None:
    """First interest day: the day after the due date, or after the demand period has run;
    ``None`` before any written demand, a :class:`Gap` when the demand period is unknown law
    (then no interest is known after the demand day)."""
    if ctype.interest_start == "due_date" or not isinstance(regime, DailyInterest):
        return due + timedelta(days=1)
    demand = next((e.on for e in past.notices if due <= e.on), None)
    if demand is None or regime.demand_days is None:
        return None
    days = regime.demand_days.at(demand)
    if days is None or not days.known or days.value is None:
        return Gap(regime.demand_days, demand, m.GAP_DEMAND_DAYS)
    start = demand + timedelta(days=days.value)
    tracer.says("interest.demand_days", days.cite(), m.TRACE_DEMAND, date=demand, start=start)
    return start + timedelta(days=1)
