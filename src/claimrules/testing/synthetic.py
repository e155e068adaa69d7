"""A synthetic, deterministic ledger of a mid-size Norwegian municipality's claims.

:func:`norwegian_ledger` yields one year's claims as plain dicts in the JSON contract's field
names (one dict is one JSON Lines record): water, sewage, waste and chimney fees per term,
property tax in two instalments, ground rent, daycare and after-school fees monthly, culture
school per term, care fees and rents monthly, building-case, mapping and connection fees, refund
claims on other municipalities and social loans. At :data:`DEFAULT_SIZE` and the as-of date
:func:`year_end` the ledger has the shape of a real year:

- about NOK 60 million invoiced in ``year``, most of it paid on time (some by direct debit),
  some late with interest, some in part, a few credited;
- about 4-5 % of that still overdue on 31 December, most of it less than a year old, the rest
  older arrears with the histories the ``no`` profile's ladders allow (reminder, collection
  notice, referral, payment demand, conciliation complaint, judgment, distraint petition, wage
  deduction), fees within the caps of inkassoforskriften;
- a few claims three years old or more, and a few dozen social loans untouched for years;
- proof of delivery on every invoice (a dispatch confirmation for paper post, a delivery
  receipt for the electronic channels), except about one post invoice in a thousand whose
  print-and-mail confirmation never came, for the dispatch audit to find.

Claim ``index`` is drawn from its own random generator seeded with ``f"{seed}:{index}"``, so
the ledger is the same on every run and platform, and any slice ``start .. size`` equals the
same claims of a full run: a cluster can generate partitions independently. Nothing is kept
between claims (constant memory). Amounts do not depend on ``size``: the invoiced total grows
in proportion to it.

The generator uses only the standard library. It mirrors the few numbers of the ``no`` profile
it needs to make histories lawful (the late-payment interest table, so that a late payment
settles a claim exactly, and the fee caps of inkassoforskriften § 1-2); if the profile changes,
the ledger stays valid but a late payer may leave a few øre of interest behind. The last rate
in the table is used for later days, where the profile may not know the rate yet.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from math import sqrt
from typing import Any

__all__ = ["DEFAULT_SIZE", "norwegian_ledger", "year_end"]

DEFAULT_SIZE = 32_000
"""Claims in a year of a municipality invoicing about NOK 60 million: some 1,900 households
(water, sewage, waste and chimney fees and property tax are separate claims each term), their
children's daycare and after-school places, care services, 80 rented homes, a few businesses."""

_Event = dict[str, Any]

_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")
_KRONE = Decimal(1)
_PREC = Context(prec=60)

# Forsinkelsesrente, % p.a., from profiles/no/interest.yaml (each rate in force from its date).
_RATE_TABLE: tuple[tuple[date, str], ...] = (
    (date(2010, 1, 1), "8.75"),
    (date(2010, 7, 1), "9.00"),
    (date(2011, 7, 1), "9.25"),
    (date(2012, 1, 1), "8.75"),
    (date(2012, 7, 1), "8.50"),
    (date(2013, 7, 1), "9.50"),
    (date(2015, 1, 1), "9.25"),
    (date(2015, 7, 1), "9.00"),
    (date(2016, 1, 1), "8.75"),
    (date(2016, 7, 1), "8.50"),
    (date(2019, 1, 1), "8.75"),
    (date(2019, 7, 1), "9.25"),
    (date(2020, 1, 1), "9.50"),
    (date(2020, 7, 1), "8.00"),
    (date(2022, 1, 1), "8.50"),
    (date(2022, 7, 1), "9.25"),
    (date(2023, 1, 1), "10.75"),
    (date(2023, 7, 1), "11.75"),
    (date(2024, 1, 1), "12.50"),
    (date(2025, 7, 1), "12.25"),
    (date(2026, 1, 1), "12.00"),
)
_RATE_STARTS = tuple(d.toordinal() for d, _ in _RATE_TABLE)
_RATES = tuple(Decimal(v) for _, v in _RATE_TABLE)

# Inkassoforskriften: the inkassosats by sending day, and the fractions by the claim's due date
# (halved for claims falling due from 1 October 2020).
_FEE_BASE = ((date(2017, 1, 1).toordinal(), 700), (date(2016, 1, 1).toordinal(), 670))
_FEE_BASE_FROM = date(2015, 1, 1).toordinal()
_HALVED_FROM = date(2020, 10, 1).toordinal()

_AGENCIES = ("Kommunekassen innfordring", "Inkasso Vest AS", "Nordlys Inkasso AS")
_PRINTERS = ("Kommuneprint AS", "Trykk og Post AS")

# The ladder family of each claim type, as in profiles/no/claim_types.yaml.
_SPECIAL, _ORDINARY, _DAYCARE, _PUBLIC = 0, 1, 2, 3
_LADDER = {
    "water_fee": _SPECIAL,
    "sewage_fee": _SPECIAL,
    "waste_fee": _SPECIAL,
    "chimney_fee": _SPECIAL,
    "property_tax": _SPECIAL,
    "ground_rent": _SPECIAL,
    "daycare_fee": _DAYCARE,
    "after_school_fee": _DAYCARE,
    "culture_school_fee": _ORDINARY,
    "care_fee": _ORDINARY,
    "residential_rent": _ORDINARY,
    "commercial_rent": _ORDINARY,
    "building_case_fee": _ORDINARY,
    "mapping_fee": _ORDINARY,
    "technical_services_fee": _ORDINARY,
    "food_inspection_fee": _ORDINARY,
    "municipal_refund_claim": _PUBLIC,
    "social_loan": _ORDINARY,
}

# Money movements the generator tracks to settle a claim exactly: (day, kind, amount).
_FEE, _PAY, _CREDIT = 0, 1, 2
_Movement = tuple[int, int, Decimal]

_Rng = random.Random
_Amount = Callable[[_Rng], tuple[str, int]]


def year_end(year: int) -> date:
    """31 December of ``year``: the as-of date the ledger of ``year`` is shaped for."""
    return date(year, 12, 31)


def norwegian_ledger(
    size: int = DEFAULT_SIZE,
    *,
    seed: int = 2026,
    year: int = 2025,
    start: int = 0,
    overdue: float | None = None,
) -> Iterator[dict[str, Any]]:
    """Yield claims ``start`` .. ``size - 1`` of a synthetic Norwegian municipal ledger.

    Each claim is a plain dict in the JSON contract's field names (money as strings such as
    ``"2450.00"``, dates as ISO strings), ready for ``Claim.model_validate`` or ``json.dumps``.
    The events go up to :func:`year_end` of ``year``. Claim ``index`` depends only on ``seed``,
    ``year`` and ``index``, so any slice equals the same claims of a full run.

    Args:
        size: number of claims in the whole ledger (:data:`DEFAULT_SIZE` is a mid-size
            municipality's year, about NOK 60 million invoiced).
        seed: the ledger's seed.
        year: the invoicing year; the claims are shaped for the as-of date 31 December.
        start: first claim index to yield (for generating partitions independently).
        overdue: the share (0 to 1) of the year's claims past their due date that are still
            unpaid on 31 December, in place of the realistic few per cent (a harder ledger
            for benchmarks: ``0.7`` leaves about half the ledger owing something, with the notices,
            part-payments, plans, disputes and legal steps of open claims).

    Raises:
        ValueError: ``size`` or ``start`` is negative, or ``overdue`` is outside 0 .. 1.
    """
    if size < 0 or start < 0:
        raise ValueError("size and start must not be negative")
    if overdue is not None and not 0 <= overdue <= 1:
        raise ValueError("overdue must be a share from 0 to 1")
    maker = _Maker(seed, year, overdue)
    rng = random.Random()  # noqa: S311 - synthetic data, not security
    for index in range(start, size):
        rng.seed(f"{seed}:{index}")
        yield maker.claim(index, rng)


def _tri(r: _Rng, low: float, high: float, mode: float) -> float:
    """A triangular draw (written out, so it is the same on every Python version)."""
    u = r.random()
    c = (mode - low) / (high - low)
    if u < c:
        return low + sqrt((high - low) * (mode - low) * u)
    return high - sqrt((high - low) * (high - mode) * (1 - u))


def _pick(r: _Rng, choices: tuple[tuple[float, int], ...]) -> int:
    """One value of ``(cumulative probability, value)`` pairs."""
    u = r.random()
    for bound, value in choices:
        if u < bound:
            return value
    return choices[-1][1]


def _kr(value: float) -> int:
    """Whole kroner, in øre."""
    return int(value) * 100


def _ore(value: float) -> int:
    """Kroner to øre."""
    return int(value * 100)


# Amounts in øre, and the debtor kind. Fees are annual tariffs split over the terms.
def _water(r: _Rng) -> tuple[str, int]:
    if r.random() < 0.05:
        return "business", _ore((1480 + _tri(r, 150, 3000, 300) * 17.20) / 4)
    return "person", _ore((1480 + _tri(r, 40, 300, 110) * 17.20) / 4)


def _sewage(r: _Rng) -> tuple[str, int]:
    if r.random() < 0.05:
        return "business", _ore((1850 + _tri(r, 150, 3000, 300) * 23.40) / 4)
    return "person", _ore((1850 + _tri(r, 40, 300, 110) * 23.40) / 4)


def _waste(r: _Rng) -> tuple[str, int]:
    # shared bin, 140 l, 240 l, 360 l, holiday home
    annual = _pick(
        r, ((0.12, 2450_00), (0.42, 3180_00), (0.80, 3860_00), (0.90, 4720_00), (1.0, 1650_00))
    )
    return "person", annual // 4


def _chimney(r: _Rng) -> tuple[str, int]:
    return "person", _pick(r, ((0.35, 420_00), (0.75, 480_00), (0.92, 560_00), (1.0, 640_00))) // 2


def _property(r: _Rng) -> tuple[str, int]:
    if r.random() < 0.04:
        return "business", _kr(_tri(r, 5000, 80000, 12000) / 2)
    return "person", _kr(_tri(r, 800, 9000, 2500) / 2)


def _ground_rent(r: _Rng) -> tuple[str, int]:
    return "person", _kr(_tri(r, 1500, 15000, 4000))


def _daycare(r: _Rng) -> tuple[str, int]:
    return "person", _pick(
        r, ((0.45, 2400_00), (0.65, 1800_00), (0.85, 1700_00), (0.95, 1000_00), (1.0, 1500_00))
    )


def _after_school(r: _Rng) -> tuple[str, int]:
    return "person", _pick(r, ((0.35, 3100_00), (0.65, 2050_00), (0.90, 950_00), (1.0, 1400_00)))


def _culture(r: _Rng) -> tuple[str, int]:
    return "person", _pick(r, ((0.4, 1850_00), (0.7, 1550_00), (0.85, 2900_00), (1.0, 3400_00)))


def _care(r: _Rng) -> tuple[str, int]:
    u = r.random()
    if u < 0.50:  # home help, capped by income
        return "person", _ore(_tri(r, 220, 2300, 600))
    if u < 0.68:  # safety alarm
        return "person", 320_00
    if u < 0.80:  # short stay, per day
        return "person", (3 + int(r.random() * 28)) * 205_00
    return "person", _kr(_tri(r, 7000, 36000, 17000))  # long-term stay (vederlag)


def _residential_rent(r: _Rng) -> tuple[str, int]:
    return "person", _kr(_tri(r, 4800, 13500, 7500))


def _commercial_rent(r: _Rng) -> tuple[str, int]:
    return "business", _kr(_tri(r, 8000, 80000, 22000))


def _building(r: _Rng) -> tuple[str, int]:
    kind = "business" if r.random() < 0.45 else "person"
    return kind, _kr(_tri(r, 2000, 70000, 8000))


def _mapping(r: _Rng) -> tuple[str, int]:
    kind = "business" if r.random() < 0.3 else "person"
    return kind, _kr(_tri(r, 5000, 45000, 16000))


def _technical(r: _Rng) -> tuple[str, int]:
    kind = "business" if r.random() < 0.5 else "person"
    if r.random() < 0.5:  # connection fee (tilknytningsgebyr)
        return kind, _kr(_tri(r, 15000, 120000, 30000))
    return kind, _ore(_tri(r, 1200, 12000, 3000))


def _food(r: _Rng) -> tuple[str, int]:
    return "business", _kr(_tri(r, 1500, 8000, 3200))


def _refund(r: _Rng) -> tuple[str, int]:
    return "municipality", _kr(_tri(r, 10000, 250000, 40000))


def _loan(r: _Rng) -> tuple[str, int]:
    return "person", (10 + int(r.random() * 91)) * 500_00


# Schedules: how a claim type is invoiced in a year.
_QUARTERLY, _HALF_YEARLY, _INSTALMENTS, _ANNUAL, _MONTHLY11, _TERMS = range(6)
_RENT, _CARE, _ONE_OFF, _LOAN = range(6, 10)

# (claim type, claims a year per 1,000 households, schedule, amount, risk, direct debit)
# ``risk`` scales the chance that a claim is still unpaid at the year's end.
_STREAMS: tuple[tuple[str, float, int, _Amount, float, bool], ...] = (
    ("water_fee", 3760, _QUARTERLY, _water, 0.75, True),
    ("sewage_fee", 3520, _QUARTERLY, _sewage, 0.75, True),
    ("waste_fee", 4000, _QUARTERLY, _waste, 0.8, True),
    ("chimney_fee", 1600, _HALF_YEARLY, _chimney, 0.8, True),
    ("property_tax", 1400, _INSTALMENTS, _property, 0.6, True),
    ("ground_rent", 25, _ANNUAL, _ground_rent, 0.8, False),
    ("daycare_fee", 500, _MONTHLY11, _daycare, 1.3, True),
    ("after_school_fee", 550, _MONTHLY11, _after_school, 1.3, True),
    ("culture_school_fee", 80, _TERMS, _culture, 1.2, False),
    ("care_fee", 720, _CARE, _care, 1.2, True),
    ("residential_rent", 540, _RENT, _residential_rent, 2.6, True),
    ("commercial_rent", 36, _RENT, _commercial_rent, 1.4, False),
    ("building_case_fee", 45, _ONE_OFF, _building, 1.3, False),
    ("mapping_fee", 12, _ONE_OFF, _mapping, 1.0, False),
    ("technical_services_fee", 15, _ONE_OFF, _technical, 1.0, False),
    ("food_inspection_fee", 4, _ONE_OFF, _food, 1.0, False),
    ("municipal_refund_claim", 5, _ONE_OFF, _refund, 1.0, False),
    ("social_loan", 4, _LOAN, _loan, 2.0, False),
)
_STREAM_TOTAL = sum(s[1] for s in _STREAMS)
_STREAM_CUMULATIVE = tuple(
    sum(s[1] for s in _STREAMS[: i + 1]) / _STREAM_TOTAL for i in range(len(_STREAMS))
)

# Shares of all claims: social loans untouched for years, and open arrears from earlier years.
_P_DORMANT_LOAN = 0.001
_P_ARREARS = 0.015
# Of the arrears: how many years before ``year`` they were invoiced.
_ARREARS_AGE = ((0.55, 1), (0.80, 2), (0.90, 3), (0.95, 4), (0.98, 5), (1.0, 6))
# Post invoices whose dispatch confirmation never came.
_P_NOT_DISPATCHED = 0.001


def _money(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _whole(amount: Decimal) -> Decimal:
    """Whole kroner (rounded down), written with øre: a debtor's round payment."""
    return amount.quantize(_KRONE, rounding=ROUND_DOWN).quantize(_CENT)


def _interest(base: Decimal, first: int, last: int) -> Decimal:
    """Exact interest on ``base`` for the days ``first`` .. ``last`` (ordinals, inclusive),
    at the dated rates, ACT/365F, as the engine computes it."""
    total = _ZERO
    if last < first or base <= 0:
        return total
    i = max(bisect_right(_RATE_STARTS, first) - 1, 0)
    day = first
    while day <= last:
        end = last
        if i + 1 < len(_RATE_STARTS):
            end = min(end, _RATE_STARTS[i + 1] - 1)
        days = end - day + 1
        total = _PREC.add(
            total, _PREC.divide(_PREC.multiply(_PREC.multiply(base, _RATES[i]), days), 36500)
        )
        day = end + 1
        i += 1
    return total


def _owed(principal: Decimal, due: int, moves: list[_Movement], day: int) -> Decimal:
    """What settles the claim on ``day``: principal, fees and interest after the movements,
    allocated fees, interest, principal as profiles/no/delivery.yaml says."""
    fees = _ZERO
    interest = _ZERO
    cursor = due + 1
    for on, kind, amount in moves:
        if kind == _FEE:
            fees += amount
            continue
        if on >= cursor:
            interest += _interest(principal, cursor, on)
            cursor = on + 1
        if kind == _CREDIT:
            principal -= min(amount, principal)
            continue
        left = amount
        covered = min(left, fees)
        fees -= covered
        left -= covered
        rounded = interest.quantize(_CENT, rounding=ROUND_HALF_UP)
        covered = min(left, rounded)
        interest = _ZERO if covered == rounded else interest - covered
        left -= covered
        principal -= min(left, principal)
    if day >= cursor:
        interest += _interest(principal, cursor, day)
    return fees + interest.quantize(_CENT, rounding=ROUND_HALF_UP) + principal


def _fee_cap(kind: int, due: int, sent: int) -> Decimal:
    """The inkassoforskriften § 1-2 cap for a reminder or collection notice (``kind`` 1) or a
    payment demand (``kind`` 3); zero where the mirrored table has no fee base."""
    base = 650 if sent >= _FEE_BASE_FROM else 0
    for since, value in _FEE_BASE:
        if sent >= since:
            base = value
            break
    divisor = 20 if due >= _HALVED_FROM else 10
    return (Decimal(base * kind) / divisor).quantize(_CENT, rounding=ROUND_HALF_UP)


class _Year:
    """The invoicing calendar of one year: terms as (issued, due) ordinals, business days."""

    def __init__(self, year: int) -> None:
        def work(d: date) -> int:
            while d.weekday() >= 5:
                d += timedelta(days=1)
            return d.toordinal()

        def term(month: int, issue_day: int, due_day: int) -> tuple[int, int]:
            return work(date(year, month, issue_day)), date(year, month, due_day).toordinal()

        self.quarterly = tuple(term(m, 1, 20) for m in (2, 5, 8, 11))
        self.half_yearly = tuple(term(m, 1, 20) for m in (3, 9))
        self.instalments = tuple(term(m, 1, 20) for m in (3, 9))
        self.annual = (term(3, 1, 31),)
        self.monthly11 = tuple(term(m, 1, 20) for m in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12))
        self.terms = tuple(term(m, 1, 28) for m in (2, 9))
        self.care = tuple(
            (work(date(year, m, 10)), work(date(year, m, 10)) + 21) for m in range(1, 13)
        )
        # Rent is invoiced on the 15th and falls due on the 1st of the next month.
        self.rent = tuple(
            (work(date(year, m, 15)), date(year + m // 12, m % 12 + 1, 1).toordinal())
            for m in range(1, 13)
        )
        first, last = date(year, 1, 2), date(year, 12, 20)
        self.business_days = tuple(
            d
            for d in range(first.toordinal(), last.toordinal() + 1)
            if date.fromordinal(d).weekday() < 5
        )
        self.by_schedule: dict[int, tuple[tuple[int, int], ...]] = {
            _QUARTERLY: self.quarterly,
            _HALF_YEARLY: self.half_yearly,
            _INSTALMENTS: self.instalments,
            _ANNUAL: self.annual,
            _MONTHLY11: self.monthly11,
            _TERMS: self.terms,
            _RENT: self.rent,
            _CARE: self.care,
        }

    def dates(self, schedule: int, r: _Rng) -> tuple[int, int]:
        """Issue and due date of one claim on ``schedule``."""
        terms = self.by_schedule.get(schedule)
        if terms is not None:
            return terms[int(r.random() * len(terms))]
        issued = self.business_days[int(r.random() * len(self.business_days))]
        if schedule == _LOAN:
            return issued, issued + 180 + int(r.random() * 186)
        return issued, issued + 30


class _Claim:
    """One claim being written: its facts, its events, and the money moved on it."""

    __slots__ = (
        "amount",
        "billed_due",
        "due",
        "events",
        "fees",
        "iso",
        "issued",
        "ladder",
        "moves",
        "person",
    )

    def __init__(
        self, iso: dict[int, str], ladder: int, person: bool, amount: Decimal, issued: int, due: int
    ) -> None:
        self.iso = iso
        self.ladder = ladder
        self.person = person
        self.amount = amount
        self.issued = issued
        self.due = due  # the effective due date (a re-sent invoice's)
        self.billed_due = due
        self.events: list[_Event] = []
        self.moves: list[_Movement] = []
        self.fees = True

    def add(self, kind: str, on: int, **fields: Any) -> None:
        event: _Event = {"kind": kind, "on": self.iso[on]}
        event.update(fields)
        self.events.append(event)

    def notice(self, kind: str, on: int, weight: int) -> None:
        """A reminder, collection notice (``weight`` 1) or payment demand (3), with the lawful
        fee when the municipality charges fees."""
        fee = _fee_cap(weight, self.due, on) if self.fees else _ZERO
        self.add(kind, on, fee=str(fee))
        if fee:
            self.moves.append((on, _FEE, fee))

    def pay(self, on: int, amount: Decimal) -> None:
        self.add("payment", on, amount=str(amount))
        self.moves.append((on, _PAY, amount))

    def settle(self, on: int) -> None:
        """Pay everything owed on ``on``: principal, fees and interest."""
        self.pay(on, _owed(self.amount, self.due, self.moves, on))

    def credit(self, on: int, amount: Decimal) -> None:
        self.add("credit", on, amount=str(amount))
        self.moves.append((on, _CREDIT, amount))

    def room(self) -> Decimal:
        """What may still be paid in part without settling: 90 % of the principal, less the
        payments and credits so far (so part-payments never overpay the claim)."""
        return self.amount * Decimal("0.9") - sum((m[2] for m in self.moves if m[1] != _FEE), _ZERO)

    def in_order(self) -> None:
        """Sort the history by date (stable: same-day events keep their order)."""
        self.events.sort(key=lambda e: str(e["on"]))
        self.moves.sort(key=lambda m: m[0])


class _Maker:
    """Writes claim ``index`` from its own random generator."""

    def __init__(self, seed: int, year: int, overdue: float | None = None) -> None:
        self.seed = seed
        self.year = year
        self.overdue = overdue
        self.as_of = year_end(year).toordinal()
        self.years: dict[int, _Year] = {}
        first = date(year - 12, 1, 1).toordinal()
        last = date(year + 1, 12, 31).toordinal()
        self.iso = {d: date.fromordinal(d).isoformat() for d in range(first, last + 1)}

    def calendar(self, year: int) -> _Year:
        found = self.years.get(year)
        if found is None:
            found = self.years[year] = _Year(year)
        return found

    def claim(self, index: int, r: _Rng) -> dict[str, Any]:
        """Claim ``index``; ``r`` is seeded for it."""
        u = r.random()
        if u < _P_DORMANT_LOAN:
            return self._dormant_loan(index, r)
        if u < _P_DORMANT_LOAN + _P_ARREARS:
            return self._claim(index, r, self.year - _pick(r, _ARREARS_AGE), arrears=True)
        return self._claim(index, r, self.year, arrears=False)

    def _record(
        self, index: int, claim_type: str, kind: str, c: _Claim, debtor: int
    ) -> dict[str, Any]:
        prefix = {"person": "P", "business": "B", "municipality": "K"}[kind]
        return {
            "id": f"NO{self.seed}-{index:09d}",
            "claim_type": claim_type,
            "debtor": {
                "id": f"{prefix}{debtor:08d}",
                "kind": "person" if kind == "person" else "business",
            },
            "principal": str(c.amount),
            "currency": "NOK",
            "issued_on": self.iso[c.issued],
            "due_on": self.iso[c.billed_due],
            "events": c.events,
        }

    def _deliver(
        self,
        c: _Claim,
        r: _Rng,
        kind: str,
        on: int,
        due_on: int | None = None,
        *,
        lost: bool = False,
    ) -> bool:
        """Hand the invoice to a channel, with the proof the profile asks for; ``False`` when
        (``lost`` allowed) it is one of the few post invoices that never left the printer."""
        u = r.random()
        if kind == "person":
            channel = (
                "digital_mailbox"
                if u < 0.40
                else "e_invoice"
                if u < 0.68
                else "post"
                if u < 0.93
                else "email"
            )
        elif kind == "business":
            channel = "e_invoice" if u < 0.65 else "post" if u < 0.80 else "email"
        else:
            channel = "e_invoice"
        if due_on is None:
            c.add("invoice_sent", on, channel=channel)
        else:
            c.add("invoice_sent", on, channel=channel, due_on=self.iso[due_on])
        if channel == "post":
            if lost and r.random() < _P_NOT_DISPATCHED:
                return False
            printed = on + (1 if r.random() < 0.3 else 0)
            c.add("invoice_dispatched", printed, channel="post", provider=_PRINTERS[on % 2])
        else:
            c.add("invoice_delivered", on, channel=channel)
        return True

    def _claim(self, index: int, r: _Rng, year: int, *, arrears: bool) -> dict[str, Any]:
        s = _STREAMS[bisect_right(_STREAM_CUMULATIVE, r.random())]
        claim_type, _, schedule, amount_of, risk, debit = s
        issued, due = self.calendar(year).dates(schedule, r)
        kind, cents = amount_of(r)
        person = kind == "person"
        c = _Claim(self.iso, _LADDER[claim_type], person, _money(cents), issued, due)
        c.fees = r.random() < 0.85
        debtor = index // 12
        if not self._deliver(c, r, kind, issued, lost=not arrears):
            if r.random() < 0.4:  # paid anyway, from the amount on last term's invoice
                c.pay(min(due, self.as_of), c.amount)
        elif arrears:
            self._arrears(c, r)
        else:
            self._this_year(c, r, risk, debit and person)
        return self._record(index, claim_type, kind, c, debtor)

    def _this_year(self, c: _Claim, r: _Rng, risk: float, debit: bool) -> None:
        """A claim of the ledger's year: mostly paid on time, some still open."""
        as_of, due = self.as_of, c.due
        age = as_of - due
        if age < 0:  # not yet due: some have paid already
            if as_of - c.issued > 3 and r.random() < 0.4:
                c.pay(c.issued + 2 + int(r.random() * (as_of - c.issued - 2)), c.amount)
            return
        x = r.random()
        if debit and r.random() < 0.3:  # direct debit (AvtaleGiro)
            if x < 0.003 and age > 10:  # the municipality failed to draw it: a new invoice
                c.add("direct_debit_failed", due, fault="creditor")
                resent = due + 3 + int(r.random() * 5)
                c.due = due = resent + 14
                self._deliver(c, r, "person" if c.person else "business", resent, due)
                if due <= as_of and r.random() < 0.9:
                    c.pay(due, c.amount)
                return
            if x < 0.02:
                c.add("direct_debit_failed", due, fault="debtor")
                if r.random() < 0.5:
                    self._open(c, r, as_of)
                elif age > 5:
                    c.settle(due + 1 + int(r.random() * min(age - 1, 25)))
                return
            c.pay(due, c.amount)
            return
        p_open = (
            risk * (0.11 if age <= 14 else 0.065 if age <= 45 else 0.041 if age <= 120 else 0.032)
            if self.overdue is None
            else self.overdue
        )
        if x < 0.002:  # wrongly invoiced: credited in full
            c.credit(c.issued + 3 + int(r.random() * max(due - c.issued - 3, 0)), c.amount)
            return
        if x < 0.002 + p_open:
            self._open(c, r, as_of)
            return
        if x > 0.995 and age > 30:  # corrected: credited in part, the rest paid
            part = (c.amount * Decimal(int(10 + r.random() * 40)) / 100).quantize(_CENT)
            c.credit(c.issued + 5 + int(r.random() * 10), part)
            c.pay(max(due, c.issued + 16), c.amount - part)
            return
        y = r.random()
        if y < 0.86 or age < 3:  # on time, mostly in the last days before the due date
            early = int(r.random() ** 2 * (due - c.issued))
            c.pay(max(c.issued + 1, due - early), c.amount)
        elif y < 0.935 or age < 45:  # a little late, with interest
            c.settle(due + 1 + int(r.random() * min(age - 1, 13)))
        elif y < 0.98 or age < 70:  # after the reminder
            sent = due + 14 + int(r.random() * 8)
            c.notice("reminder_sent", sent, 1)
            c.settle(sent + 3 + int(r.random() * min(as_of - sent - 3, 14)))
        else:  # after the collection notice
            sent = due + 14 + int(r.random() * 8)
            c.notice("reminder_sent", sent, 1)
            notice = sent + 15 + int(r.random() * 10)
            c.notice("collection_notice_sent", notice, 1)
            c.settle(notice + 3 + int(r.random() * min(as_of - notice - 3, 20)))

    def _open(self, c: _Claim, r: _Rng, until: int) -> None:
        """An unpaid claim: the ladder's steps as far as the municipality has come by
        ``until``, sometimes a part-payment, a payment plan, a dispute or insolvency."""
        last = self._dun(c, r, until)
        u = r.random()
        if u < 0.30 and until - c.due > 10:  # paid part of it
            on = c.due + 5 + int(r.random() * (until - c.due - 5))
            share = Decimal(int(20 + r.random() * 50)) / 100
            part = _whole(min(c.amount * share, c.room()))
            if part > 0:
                c.pay(on, part)
        elif u < 0.35 and last is not None and until - last > 20 and c.ladder != _PUBLIC:
            self._plan(c, r, last, until)
        elif u < 0.37 and last is not None:
            # disputed after a notice, or debt settlement proceedings opened
            on = last + 1 + int(r.random() * 30)
            if on <= until:
                c.add("dispute_opened" if u < 0.365 or not c.person else "insolvency", on)
        c.in_order()

    def _plan(self, c: _Claim, r: _Rng, after: int, until: int) -> None:
        """A payment plan agreed after the last step, with monthly instalments."""
        on = after + 5 + int(r.random() * min(until - after - 5, 60))
        months = 3 + int(r.random() * 10)
        ends = on + 30 * months
        c.add("payment_plan", on, until=self.iso.get(ends) or date.fromordinal(ends).isoformat())
        instalment = _whole(c.amount / (months + 1))
        day = on + 30
        while day <= until and day < ends and 0 < instalment <= c.room():
            c.pay(day, instalment)
            day += 30
        if ends < until and r.random() < 0.5:
            c.add("payment_plan_breached", ends + 1)

    def _dun(self, c: _Claim, r: _Rng, until: int) -> int | None:
        """The ladder's steps taken by ``until``; the date of the last one."""
        t = c.due + 14 + int(r.random() * 12)
        if t > until:
            return None
        c.notice("reminder_sent", t, 1)
        last = t
        t += 15 + int(r.random() * 20)
        if t > until or r.random() < 0.06:
            return last
        if c.ladder == _PUBLIC:
            c.notice("payment_demand_sent", t, 3)
            return t
        c.notice("collection_notice_sent", t, 1)
        last = t
        if c.ladder == _SPECIAL:
            t += 15 + int(r.random() * 60)
            if t > until or r.random() < 0.3:
                return last
            return self._enforce(c, r, t, until)
        if c.ladder == _DAYCARE and r.random() < 0.25:
            t += 15 + int(r.random() * 20)
            if t > until:
                return last
            c.add("service_terminated", t)
            last = t
        if r.random() < 0.7:
            t += 10 + int(r.random() * 20)
            if t > until:
                return last
            c.add("referred_to_collection", t, agency=_AGENCIES[t % len(_AGENCIES)])
        t = max(t, last + 15) + int(r.random() * 25)
        if t > until or r.random() < 0.1:
            return last
        c.notice("payment_demand_sent", t, 3)
        last = t
        t += 15 + int(r.random() * 45)
        if t > until or r.random() < 0.25:
            return last
        c.add("legal_step", t, step="conciliation_complaint")
        last = t
        t += 45 + int(r.random() * 90)
        if t > until or r.random() < 0.1:
            return last
        c.add("judgment", t)
        last = t
        t += 15 + int(r.random() * 60)
        if t > until or r.random() < 0.3:
            return last
        return self._enforce(c, r, t, until)

    def _enforce(self, c: _Claim, r: _Rng, t: int, until: int) -> int:
        """Distraint: a wage deduction (with its monthly payments), a petition or the
        proceedings held; for a lien-secured claim sometimes a forced-sale petition."""
        u = r.random()
        if c.person and u < 0.55:
            c.add("legal_step", t, step="wage_deduction")
            monthly = _whole(c.amount * Decimal(int(8 + r.random() * 10)) / 100)
            day = t + 35
            paid = 0
            while day <= until and paid < 10 and 0 < monthly <= c.room():
                c.pay(day, monthly)
                paid += 1
                day += 30
            return t
        if c.ladder == _SPECIAL and u > 0.93:
            c.add("legal_step", t, step="forced_sale_petition")
            return t
        c.add("legal_step", t, step="distraint_petition")
        held = t + 30 + int(r.random() * 60)
        if held <= until and r.random() < 0.4:
            c.add("legal_step", held, step="distraint_held")
            return held
        return t

    def _arrears(self, c: _Claim, r: _Rng) -> None:
        """An open claim from an earlier year, with the history it has had since."""
        self._open(c, r, self.as_of)
        if r.random() < 0.1 and c.events[-1]["on"] < self.iso[self.as_of - 60]:
            last = date.fromisoformat(c.events[-1]["on"]).toordinal()
            c.add("written_off", last + 30 + int(r.random() * (self.as_of - last - 30)))

    def _dormant_loan(self, index: int, r: _Rng) -> dict[str, Any]:
        """A social loan from years ago, nothing recorded on it for at least two years."""
        year = self.year - 3 - int(r.random() * 8)
        issued = self.calendar(year).business_days[int(r.random() * 240)]
        due = issued + 180 + int(r.random() * 540)
        quiet = self.as_of - 730  # no event after this day
        c = _Claim(
            self.iso, _ORDINARY, True, _money((10 + int(r.random() * 41)) * 500_00), issued, due
        )
        c.fees = r.random() < 0.5
        self._deliver(c, r, "person", issued)
        day = due + 20 + int(r.random() * 60)
        if r.random() < 0.5 and day <= quiet:
            c.notice("reminder_sent", day, 1)
        for _ in range(int(r.random() * 4)):
            day += 30 + int(r.random() * 200)
            amount = min(_money((5 + int(r.random() * 26)) * 100_00), _whole(c.room()))
            if day > quiet or amount <= 0:
                break
            c.pay(day, amount)
        if r.random() < 0.4:
            day = max(day, due) + 60 + int(r.random() * 400)
            if day <= quiet:
                c.add("written_off", day)
        return self._record(index, "social_loan", "person", c, index // 12)
