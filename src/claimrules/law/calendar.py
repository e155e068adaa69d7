"""Business days and deadline arithmetic per jurisdiction.

Public holidays come from the ``holidays`` package; a profile may add yearly non-working days.
Saturdays and Sundays are never business days. Month and year arithmetic uses
``dateutil.relativedelta`` but never clamps silently: when the target day does not exist
(31 April, 29 February in a common year) the profile's named convention decides, and the
``abort`` convention raises :class:`AmbiguousDateError` rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

from claimrules.errors import ClaimrulesError
from claimrules.law.schema import CalendarSpec, Convention
from claimrules.model import messages as m
from claimrules.model.messages import say

__all__ = ["AmbiguousDateError", "Calendar", "Deadline"]


class AmbiguousDateError(ClaimrulesError):
    """A date computation has no exact answer and the convention says not to guess."""


_ADD_CACHE_SIZE = 1 << 18
"""Deadlines remembered per calendar: invoices of one billing run share their dates, so a
ledger of millions of claims asks for few distinct deadlines. The cache stops growing when full."""


_WEEKEND = {5: m.W_SATURDAY, 6: m.W_SUNDAY}
"""The names of the days that are never business days (a weekday is one only as a holiday)."""

_NOTES = {
    (False, False): None,
    (False, True): m.DEADLINE_ROLLED,
    (True, False): m.DEADLINE_CLAMPED,
    (True, True): m.DEADLINE_CLAMPED_ROLLED,
}
"""How a deadline's description explains that it is not the nominal day (clamped, rolled)."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline and how it was reached (for the trace)."""

    on: date
    nominal: date
    rolled: bool
    clamped: bool
    unknown: str | None = None
    latest_possible: date | None = None

    @property
    def latest(self) -> date:
        """The latest day the deadline could end on (``on`` unless a rule is unknown)."""
        return self.latest_possible or self.on

    def describe(self) -> str:
        """One line for the trace: the date and why it is not the nominal one."""
        template = _NOTES[self.clamped, self.rolled]
        return say(template, on=self.on, nominal=self.nominal) if template else self.on.isoformat()


class Calendar:
    """Business days of one jurisdiction, with the profile's deadline conventions."""

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self._extra = {(day.month, day.day) for day in spec.extra_non_working_days}
        self._country = spec.holidays.country
        self._subdivision = spec.holidays.subdivision
        self._is_business_day = lru_cache(maxsize=65536)(self._compute_business_day)
        self._added: dict[tuple[date, str, str, int, int, int], Deadline] = {}

    @lru_cache(maxsize=256)  # noqa: B019 - one Calendar per loaded profile, profiles are few
    def _holidays(self, year: int) -> holidays.HolidayBase:
        return holidays.country_holidays(self._country, subdiv=self._subdivision, years=year)

    def _compute_business_day(self, day: date) -> bool:
        if day.weekday() >= 5 or (day.month, day.day) in self._extra:
            return False
        return day not in self._holidays(day.year)

    def is_business_day(self, day: date) -> bool:
        """True unless ``day`` is a Saturday, Sunday, public holiday or extra non-working day."""
        return self._is_business_day(day)

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name, if ``day`` is one."""
        for extra in self.spec.extra_non_working_days:
            if (extra.month, extra.day) == (day.month, day.day):
                return extra.name
        name = self._holidays(day.year).get(day)
        return str(name) if name is not None else None

    def next_business_day(self, day: date) -> date:
        """``day`` itself if it is a business day, else the first business day after it."""
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def previous_business_day(self, day: date) -> date:
        """``day`` itself if it is a business day, else the last business day before it."""
        while not self.is_business_day(day):
            day -= timedelta(days=1)
        return day

    def convention(self, name: str) -> Convention:
        """The named deadline convention (checked to exist when the profile loads)."""
        return self.spec.conventions[name]

    def roll(self, day: date, convention: Convention) -> date:
        """Apply the convention's roll rule to ``day``."""
        if convention.roll == "next_business_day":
            return self.next_business_day(day)
        if convention.roll == "unknown" and not self.is_business_day(day):
            raise AmbiguousDateError(f"whether {day.isoformat()} rolls is not known")
        if convention.roll == "previous_business_day":
            return self.previous_business_day(day)
        return day

    def add(
        self,
        start: date,
        convention: Convention,
        *,
        years: int = 0,
        months: int = 0,
        days: int = 0,
    ) -> Deadline:
        """``start`` plus a period, with the convention's missing-day and roll rules.

        Where the convention says a rule is ``unknown``, ``on`` is the earliest and ``latest``
        the latest date the deadline could end on, and ``unknown`` says why.

        Raises:
            AmbiguousDateError: the target day does not exist and the convention is ``abort``.
        """
        key = (start, convention.missing_day, convention.roll, years, months, days)
        found = self._added.get(key)
        if found is None:
            found = self._add(start, convention, years, months, days)
            if len(self._added) < _ADD_CACHE_SIZE:
                self._added[key] = found
        return found

    def _add(
        self, start: date, convention: Convention, years: int, months: int, days: int
    ) -> Deadline:
        target = start + relativedelta(years=years, months=months)
        clamped = bool((years or months) and target.day != start.day)
        unknown: str | None = None
        last = target
        if clamped:
            if convention.missing_day == "abort":
                raise AmbiguousDateError(
                    f"{start.isoformat()} + {years} years {months} months has no such day "
                    f"(the convention says abort rather than guess)"
                )
            if convention.missing_day == "first_day_of_next_month":
                target += timedelta(days=1)
                last = target
            elif convention.missing_day == "unknown":
                last = target + timedelta(days=1)
                unknown = m.CALENDAR_NO_SUCH_DAY
        nominal = target + timedelta(days=days)
        last += timedelta(days=days)
        if convention.roll == "unknown":
            if not (self.is_business_day(nominal) and self.is_business_day(last)):
                day = last if self.is_business_day(nominal) else nominal
                holiday = self.holiday_name(day)
                reason = (
                    say(m.CALENDAR_HOLIDAY_MAY_MOVE, date=day, holiday=holiday)
                    if holiday is not None
                    else say(m.CALENDAR_WEEKEND_MAY_MOVE, date=day, weekday=_WEEKEND[day.weekday()])
                )
                unknown = f"{unknown}; {reason}" if unknown else reason
            return Deadline(
                on=nominal,
                nominal=nominal,
                rolled=False,
                clamped=clamped,
                unknown=unknown,
                latest_possible=self.next_business_day(last),
            )
        final = self.roll(nominal, convention)
        return Deadline(
            on=final,
            nominal=nominal,
            rolled=final != nominal,
            clamped=clamped,
            unknown=unknown,
            latest_possible=max(final, self.roll(last, convention)),
        )
