"""Deadline arithmetic and Norwegian business days (foreldelsesloven § 29, inkassoloven § 9)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

import claimrules as cr
from claimrules.law.calendar import Calendar
from claimrules.law.schema import Convention
from claimrules.rules.limitation import limitation_state

SOURCE = {"statute": "test convention", "url": "https://example.org/test"}


@pytest.fixture(scope="module")
def profile() -> cr.Profile:
    return cr.load_profile("no")


@pytest.fixture(scope="module")
def calendar(profile: cr.Profile) -> Calendar:
    return profile.calendar


def convention(missing_day: str, roll: str) -> Convention:
    return Convention(missing_day=missing_day, roll=roll, status="derived", source=SOURCE)  # type: ignore[arg-type]


# --- foreldelsesloven § 29: same day number, else last day of month, then next virkedag ----------


def test_leap_day_plus_three_years_rolls_to_monday(calendar: Calendar) -> None:
    # 2024-02-29 + 3 years: 2027 has no 29 February → last day of the month, 2027-02-28.
    # 2027-02-28 is a Sunday → next business day is Monday 2027-03-01.
    deadline = calendar.add(date(2024, 2, 29), calendar.convention("limitation"), years=3)
    assert deadline.nominal == date(2027, 2, 28)
    assert date(2027, 2, 28).weekday() == 6  # Sunday
    assert deadline.on == date(2027, 3, 1)
    assert deadline.clamped and deadline.rolled
    assert "2027-02-28 is not a business day" in deadline.describe()


def test_previous_business_day_roll_would_give_friday(calendar: Calendar) -> None:
    # Same nominal day 2027-02-28 (Sunday), rolled backwards → Friday 2027-02-26. The Norwegian
    # limitation convention rolls forwards, so this is NOT the § 29 answer (see the test above).
    deadline = calendar.add(
        date(2024, 2, 29), convention("last_day_of_month", "previous_business_day"), years=3
    )
    assert deadline.on == date(2027, 2, 26)


def test_limitation_of_a_claim_due_on_a_leap_day(profile: cr.Profile) -> None:
    claim = cr.Claim(
        id="L-1",
        claim_type="water_fee",
        debtor={"id": "P", "kind": "person"},
        principal="100.00",
        currency="NOK",
        issued_on="2024-02-01",
        due_on="2024-02-29",
    )
    state = limitation_state(
        claim, profile.spec.limitation, profile.calendar, "general", date(2026, 6, 1)
    )
    # 3 years (§ 2) from 2024-02-29 → 2027-02-28 (Sunday) → 2027-03-01
    assert state.expires_on == date(2027, 3, 1)
    assert not state.time_barred


def test_plain_three_years_no_roll(calendar: Calendar) -> None:
    # 2024-01-20 + 3 years = 2027-01-20, a Wednesday: no clamp, no roll
    deadline = calendar.add(date(2024, 1, 20), calendar.convention("limitation"), years=3)
    assert deadline.on == deadline.nominal == date(2027, 1, 20)
    assert not deadline.clamped and not deadline.rolled


def test_limitation_end_on_maundy_thursday_rolls_past_easter(calendar: Calendar) -> None:
    # 2024-03-25 + 3 years = Thursday 2027-03-25 (skjærtorsdag); 26 Mar Good Friday, 27 Sat,
    # 28 Easter Sunday, 29 Easter Monday → first virkedag Tuesday 2027-03-30
    deadline = calendar.add(date(2024, 3, 25), calendar.convention("limitation"), years=3)
    assert deadline.on == date(2027, 3, 30)


def test_limitation_end_on_17_may_rolls(calendar: Calendar) -> None:
    # 2024-05-17 + 3 years = Monday 2027-05-17 (Constitution Day, also Whit Monday in 2027)
    # → Tuesday 2027-05-18
    deadline = calendar.add(date(2024, 5, 17), calendar.convention("limitation"), years=3)
    assert deadline.on == date(2027, 5, 18)


def test_lien_convention_clamps_but_never_rolls(calendar: Calendar) -> None:
    # panteloven § 6-3: 2024-02-29 + 2 years → 2026-02-28 (last day of February), a Saturday,
    # and the lien convention does not roll
    deadline = calendar.add(date(2024, 2, 29), calendar.convention("lien"), years=2)
    assert deadline.on == date(2026, 2, 28)
    assert deadline.clamped and not deadline.rolled


# --- Norwegian holidays -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        date(2024, 1, 1),  # New Year's Day
        date(2024, 3, 28),  # Maundy Thursday (Easter Sunday is 31 March 2024)
        date(2024, 3, 29),  # Good Friday
        date(2024, 4, 1),  # Easter Monday
        date(2024, 5, 1),  # 1 May (a Wednesday)
        date(2024, 5, 9),  # Ascension Day (Easter + 39 days)
        date(2024, 5, 17),  # Constitution Day (a Friday)
        date(2024, 5, 20),  # Whit Monday (Easter + 50 days)
        date(2024, 12, 25),  # Christmas Day
        date(2024, 12, 26),  # Boxing Day
        date(2024, 3, 30),  # Saturday
        date(2024, 3, 31),  # Sunday
    ],
)
def test_holidays_and_weekends_are_not_business_days(calendar: Calendar, day: date) -> None:
    assert not calendar.is_business_day(day)


@pytest.mark.parametrize(
    "day",
    [date(2024, 3, 27), date(2024, 4, 2), date(2024, 5, 2), date(2024, 5, 21), date(2024, 12, 27)],
)
def test_ordinary_weekdays_are_business_days(calendar: Calendar, day: date) -> None:
    assert calendar.is_business_day(day)


def test_holiday_names(calendar: Calendar) -> None:
    assert calendar.holiday_name(date(2024, 5, 17)) is not None
    assert calendar.holiday_name(date(2024, 4, 2)) is None


def test_next_and_previous_business_day_around_easter(calendar: Calendar) -> None:
    # Thu 28 Mar, Fri 29 Mar, Sat 30, Sun 31, Mon 1 Apr are all off → Tuesday 2 April
    assert calendar.next_business_day(date(2024, 3, 28)) == date(2024, 4, 2)
    # backwards from Easter Monday → Wednesday 27 March
    assert calendar.previous_business_day(date(2024, 4, 1)) == date(2024, 3, 27)
    # a business day is its own next/previous business day
    assert calendar.next_business_day(date(2024, 4, 2)) == date(2024, 4, 2)


# --- the abort convention -------------------------------------------------------------------------


def test_abort_convention_refuses_31_january_plus_one_month(calendar: Calendar) -> None:
    notice = calendar.convention("notice_deadline")
    assert notice.missing_day == "abort"
    with pytest.raises(cr.AmbiguousDateError):
        calendar.add(date(2024, 1, 31), notice, months=1)
    with pytest.raises(cr.ClaimrulesError):  # part of the error tree
        calendar.add(date(2023, 1, 31), notice, months=1)


def test_abort_convention_is_fine_when_the_day_exists(calendar: Calendar) -> None:
    notice = calendar.convention("notice_deadline")
    # 2024-01-15 + 1 month = 2024-02-15 exists
    assert calendar.add(date(2024, 1, 15), notice, months=1).on == date(2024, 2, 15)
    # days only never hits a missing day: 2024-01-31 + 14 days = 2024-02-14
    assert calendar.add(date(2024, 1, 31), notice, days=14).on == date(2024, 2, 14)


def test_notice_deadline_ends_even_on_a_holiday(calendar: Calendar) -> None:
    # roll: none — 2024-05-03 + 14 days = Friday 2024-05-17 (Constitution Day), not moved
    deadline = calendar.add(date(2024, 5, 3), calendar.convention("notice_deadline"), days=14)
    assert deadline.on == date(2024, 5, 17)
    assert not deadline.rolled


# --- first_day_of_next_month ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "period", "expected"),
    [
        # 2023-01-31 + 1 month: no 31 Feb (2023-02-28 clamped) → 1 March 2023
        (date(2023, 1, 31), {"months": 1}, date(2023, 3, 1)),
        # leap year: no 31 Feb (2024-02-29 clamped) → 1 March 2024
        (date(2024, 1, 31), {"months": 1}, date(2024, 3, 1)),
        # 2024-01-30 + 1 month: no 30 Feb → 1 March 2024
        (date(2024, 1, 30), {"months": 1}, date(2024, 3, 1)),
        # 2024-02-29 + 1 year: no 29 Feb 2025 → 1 March 2025
        (date(2024, 2, 29), {"years": 1}, date(2025, 3, 1)),
        # 2024-03-31 + 1 month: no 31 April → 1 May 2024 (a holiday, but roll is none)
        (date(2024, 3, 31), {"months": 1}, date(2024, 5, 1)),
        # the day exists: 2024-01-15 + 1 month = 2024-02-15, unchanged
        (date(2024, 1, 15), {"months": 1}, date(2024, 2, 15)),
    ],
)
def test_first_day_of_next_month(
    calendar: Calendar, start: date, period: dict[str, Any], expected: date
) -> None:
    deadline = calendar.add(start, convention("first_day_of_next_month", "none"), **period)
    assert deadline.on == expected
    assert deadline.clamped == (expected.day != start.day)


def test_first_day_of_next_month_then_roll(calendar: Calendar) -> None:
    # 2024-03-31 + 1 month → 1 May 2024 (Labour Day, Wednesday) → next business day 2 May
    deadline = calendar.add(
        date(2024, 3, 31), convention("first_day_of_next_month", "next_business_day"), months=1
    )
    assert deadline.nominal == date(2024, 5, 1)
    assert deadline.on == date(2024, 5, 2)
    assert deadline.clamped and deadline.rolled
