"""Unknown law that changes only an amount never holds back the action (issue 10, part 2).

A decision that needs a value the profile marks ``unknown`` (a half-year's interest rate, the
year's inkassosats) still gives the action and its date when they do not depend on the value:
interest is counted through the last day whose rate is known, a fee whose cap is unknown is not
charged, and an ``unknown_law`` warning names the value with its file and line. The property
here fills the unknown values with arbitrary ones and checks that the action and its date stay
the same, and that every amount reported is at most what the filled-in law gives.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimrules as cr
from claimrules.io.formats import write_decisions
from claimrules.law.profile import Profile
from claimrules.law.values import Param
from claimrules.tools.impact import profile_impact

NO = cr.load_profile("no")
CUT = date(2025, 7, 1)
"""From this day the variant profiles below do not know the forsinkelsesrente."""
FEE_CUT = date(2025, 1, 1)
"""From this day the variant profiles below do not know the inkassosats."""


def _series(param: Param[Any], start: date, value: Decimal | None) -> Param[Any]:
    """``param`` with every entry from ``start`` on replaced by one: ``value``, or unknown."""
    data = param.model_dump(by_alias=True, exclude_unset=True)
    data.pop("renewal", None)  # the variant's last entry stays in force: nothing expires
    kept = [entry for entry in data["values"] if entry["from"] < start]
    entry: dict[str, Any] = {"from": start, "value": value, "status": "verified"}
    if value is None:
        entry["status"] = "unknown"
    data["values"] = [*kept, entry]
    return type(param).model_validate(data)


def variant(rate: Decimal | None, base: Decimal | None) -> Profile:
    """The Norwegian profile with the rate from CUT and the fee base from FEE_CUT set to
    ``rate`` and ``base`` (``None``: unknown law)."""
    spec = NO.spec
    statutory = spec.interest["statutory"]
    assert statutory.rate is not None
    inkasso = spec.fees["inkasso"]
    assert inkasso.base is not None
    interest = statutory.model_copy(update={"rate": _series(statutory.rate, CUT, rate)})
    fees = inkasso.model_copy(update={"base": _series(inkasso.base, FEE_CUT, base)})
    changed = spec.model_copy(
        update={
            "interest": {**spec.interest, "statutory": interest},
            "fees": {**spec.fees, "inkasso": fees},
        }
    )
    return Profile(changed, f"variant-{rate}-{base}", NO.files, NO.positions)


UNKNOWN = variant(None, None)

money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("20000"), places=2)
fees_charged = st.decimals(min_value=Decimal(0), max_value=Decimal(200), places=2)


@st.composite
def claims_around_the_cut(draw: st.DrawFn) -> tuple[cr.Claim, date]:
    """A delivered claim of any Norwegian type whose history and as-of date straddle the days
    from which the variant profiles do not know the law."""
    due = draw(st.dates(min_value=FEE_CUT - timedelta(days=200), max_value=CUT + timedelta(60)))
    day = st.integers(-5, 400).map(lambda n: due + timedelta(days=n))
    notice = st.sampled_from(["reminder_sent", "collection_notice_sent", "payment_demand_sent"])
    event = st.one_of(
        st.builds(
            lambda kind, on, fee: {"kind": kind, "on": on, "fee": fee}, notice, day, fees_charged
        ),
        st.builds(lambda on, amount: {"kind": "payment", "on": on, "amount": amount}, day, money),
        st.builds(lambda on, amount: {"kind": "credit", "on": on, "amount": amount}, day, money),
        st.builds(lambda on: {"kind": "acknowledged", "on": on}, day),
        st.builds(
            lambda on, step: {"kind": "legal_step", "on": on, "step": step},
            day,
            st.sampled_from(["conciliation_complaint", "distraint_petition"]),
        ),
        st.builds(lambda on: {"kind": "judgment", "on": on}, day),
    )
    sent = due - timedelta(days=14)
    events = [
        {"kind": "invoice_sent", "on": sent, "channel": "post"},
        {"kind": "invoice_dispatched", "on": sent, "channel": "post"},
        *draw(st.lists(event, max_size=6)),
    ]
    claim = cr.Claim(
        id="U-1",
        claim_type=draw(st.sampled_from(sorted(NO.spec.claim_types))),
        debtor={"id": "P-1", "kind": draw(st.sampled_from(["person", "business"]))},
        principal=draw(money),
        currency="NOK",
        issued_on=sent,
        due_on=due,
        events=events,
    )
    return claim, due + timedelta(days=draw(st.integers(0, 500)))


rates = st.decimals(min_value=Decimal(0), max_value=Decimal(30), places=2)
bases = st.decimals(min_value=Decimal(0), max_value=Decimal(2000), places=0)


@given(case=claims_around_the_cut(), rate=rates, base=bases)
def test_filling_in_unknown_amounts_never_changes_the_action_and_only_raises_amounts(
    case: tuple[cr.Claim, date], rate: Decimal, base: Decimal
) -> None:
    claim, as_of = case
    unknown = cr.decide(claim, UNKNOWN, as_of)
    if unknown.action == "manual_review":
        return  # the unknown value may decide which action is lawful: nothing is promised
    filled = cr.decide(claim, variant(rate, base), as_of)
    assert (filled.action, filled.on) == (unknown.action, unknown.on)
    for part in ("principal", "interest", "fees", "total"):
        assert getattr(unknown.balance, part) <= getattr(filled.balance, part), part
    assert unknown.fee <= filled.fee
    # what was left out is said, never silently zero
    if unknown.balance.interest_known_through is not None:
        assert unknown.balance.interest_known_through < max(as_of, CUT)
        assert "unknown_law" in unknown.warning_codes()
    if filled.fee > unknown.fee:
        assert any("no fee with this" in w.message for w in unknown.warnings)


def _water(events: list[dict[str, Any]], due: date = date(2025, 6, 10)) -> cr.Claim:
    sent = due - timedelta(days=21)
    return cr.Claim(
        id="U-W",
        claim_type="water_fee",
        debtor={"id": "P-1", "kind": "person"},
        principal=Decimal("1000.00"),
        currency="NOK",
        issued_on=sent,
        due_on=due,
        events=[
            {"kind": "invoice_sent", "on": sent, "channel": "post"},
            {"kind": "invoice_dispatched", "on": sent, "channel": "post"},
            *events,
        ],
    )


def test_interest_counted_through_the_last_known_day_names_the_entry() -> None:
    decision = cr.decide(_water([]), UNKNOWN, date(2025, 7, 20))
    assert decision.action == "send_reminder"
    assert decision.on == date(2025, 6, 24)  # due + 14 days
    # 2025-06-11 .. 06-30 = 20 days at 12.50 %: 1000 × 0.125 × 20 / 365 = 6.8493.. → 6.85
    assert decision.balance.interest == Decimal("6.85")
    assert decision.balance.interest_known_through == date(2025, 6, 30)
    warning = next(w for w in decision.warnings if "interest counted" in w.message)
    assert warning.code == "unknown_law"
    assert "interest.statutory.rate.values.2025-07-01 (no/interest.yaml:" in warning.message


def test_a_payment_whose_split_depends_on_the_unknown_rate_goes_to_review() -> None:
    # 1000 due 2025-06-10, paid 1010 on 2025-07-15: known interest is 6.85 (to 30 June), so
    # 3.15 of the payment is interest or overpayment depending on the unknown rate
    claim = _water([{"kind": "payment", "on": date(2025, 7, 15), "amount": Decimal("1010.00")}])
    decision = cr.decide(claim, UNKNOWN, date(2025, 8, 1))
    assert decision.action == "manual_review"
    assert "depends on that rate" in decision.reason
    # a payment that covers no more than the known fees and interest is certain
    small = _water([{"kind": "payment", "on": date(2025, 7, 15), "amount": Decimal("5.00")}])
    assert cr.decide(small, UNKNOWN, date(2025, 8, 1)).action == "send_reminder"


def test_paid_principal_with_interest_at_an_unknown_rate_is_not_settled() -> None:
    # the principal is credited in full on 2025-07-15; interest for 1-15 July is unknown
    claim = _water([{"kind": "credit", "on": date(2025, 7, 15), "amount": Decimal("1000.00")}])
    known = cr.decide(claim, NO, date(2025, 8, 1))
    assert known.action == "send_reminder"  # 12.50 % to 30 June, 12.25 % in July: interest owed
    unknown = cr.decide(claim, variant(None, Decimal(700)), date(2025, 8, 1))
    assert unknown.balance.principal == 0 and unknown.balance.interest == Decimal("6.85")
    assert unknown.action == "send_reminder"  # the known 6.85 is owed whatever the rate
    nothing_known = _water(
        [{"kind": "credit", "on": date(2025, 7, 15), "amount": Decimal("1000.00")}],
        due=date(2025, 6, 30),
    )
    undecided = cr.decide(nothing_known, variant(None, Decimal(700)), date(2025, 8, 1))
    assert undecided.action == "manual_review"
    assert "whether interest is still owed depends on it" in undecided.reason


def test_a_recorded_fee_under_unknown_law_is_not_counted_and_says_why() -> None:
    claim = _water([{"kind": "reminder_sent", "on": date(2025, 6, 25), "fee": Decimal("35.00")}])
    decision = cr.decide(claim, UNKNOWN, date(2025, 6, 28))
    assert decision.balance.fees == 0
    assert "fee_over_cap" not in decision.warning_codes()
    message = next(w.message for w in decision.warnings if "charged 35.00" in w.message)
    assert "not counted as owed" in message and "fees.inkasso.base.values.2025-01-01" in message
    # the next step's fee cannot be known either: whether the reminder bore a fee decides the
    # count of fee-bearing notices
    assert decision.action == "send_collection_notice" and decision.fee == 0


def test_csv_output_shows_how_far_interest_is_known() -> None:
    decisions = [
        cr.decide(_water([]), UNKNOWN, date(2025, 7, 20)),
        cr.decide(_water([]), NO, date(2025, 7, 20)),
    ]
    out = io.StringIO()
    write_decisions(decisions, out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [row["interest_known_through"] for row in rows] == ["2025-06-30", ""]
    assert [row["interest"] for row in rows] == ["6.85", "13.56"]  # + 20 days at 12.25 %: 6.71


def test_replay_and_diff_show_an_unknown_rate_filled_in() -> None:
    claim = _water([])
    stored = cr.decide(claim, UNKNOWN, date(2025, 7, 20))
    replayed = cr.replay(stored.model_dump_json(), claim, UNKNOWN)
    assert replayed.reproduced
    report = profile_impact([claim], UNKNOWN, NO, date(2025, 7, 20))
    (change,) = report.changed
    known = change.change("balance.interest_known_through")
    assert known is not None and (known.old, known.new) == ("2025-06-30", "fully known")


def test_the_explanation_says_the_interest_is_counted_only_so_far() -> None:
    decision = cr.decide(_water([]), UNKNOWN, date(2025, 7, 20))
    assert (
        "Interest is counted through 30 June 2025 only: the rate after that day is not yet "
        "known, so the amount outstanding is the least that is owed."
    ) in decision.explain("en").splitlines()
    assert (
        "Renter er regnet med bare til og med 30. juni 2025: renten etter den dagen er ennå ikke "
        "kjent, så det utestående beløpet er det minste som skyldes."
    ) in decision.explain("nb").splitlines()


def test_a_renewed_value_ends_with_its_period() -> None:
    rate = NO.spec.interest["statutory"].rate
    assert rate is not None and rate.renewal == "half_yearly"
    last = rate.at(date(2026, 12, 31))
    assert last is not None and last.value == Decimal("12.25")
    assert last.valid_until == date(2027, 1, 1)
    assert rate.at(date(2027, 1, 1)) is None  # never carried into a half-year of its own
    base = NO.spec.fees["inkasso"].base
    assert base is not None and base.renewal == "yearly"
    assert base.at(date(2025, 6, 1)) is not None and base.at(date(2025, 6, 1)).value == 700


def test_fee_rounding_is_a_dated_rule_of_the_fee_regime() -> None:
    from claimrules.rules.fees import notice_cap

    fees = NO.spec.fees["inkasso"]
    assert fees.rounding is not None
    due = date(2025, 12, 1)
    # 2025: 700 / 20 = 35.00 exactly; 2026: 750 / 20 = 37.50, to the nearest krone = 38
    assert notice_cap(fees, "reminder", date(2025, 12, 20), due) == Decimal("35.00")
    assert notice_cap(fees, "reminder", date(2026, 1, 5), due) == Decimal("38.00")
    assert notice_cap(fees, "payment_demand", date(2026, 1, 5), due) == Decimal("113.00")
    # a claim due before October 2020 keeps the fraction 1/10: 750 / 10 = 75.00
    assert notice_cap(fees, "reminder", date(2026, 1, 5), date(2020, 9, 1)) == Decimal("75.00")
    # from 2027 the new inkassolov: unknown
    assert notice_cap(fees, "reminder", date(2027, 1, 5), due) is None


def test_arrow_and_parquet_output_show_how_far_interest_is_known() -> None:
    pytest.importorskip("pyarrow")
    from claimrules.io.scale import decisions_to_arrow

    decisions = [
        cr.decide(_water([]), UNKNOWN, date(2025, 7, 20)),
        cr.decide(_water([]), NO, date(2025, 7, 20)),
    ]
    column = decisions_to_arrow(decisions).column("interest_known_through").to_pylist()
    assert column == [date(2025, 6, 30), None]


def test_an_overpayment_that_an_uncounted_fee_may_have_taken_is_not_refunded() -> None:
    # A reminder charged 0.01 when the inkassosats is unknown law: the fee is not counted, so
    # the 1.95 paid exceeds the 1.93 counted. Had the fee been lawful (as in a filled-in
    # profile), nothing would be owed back: whether to refund depends on the unknown law
    # (found by the property above).
    due = date(2025, 1, 10)
    claim = cr.Claim(
        id="U-REFUND",
        claim_type="after_school_fee",
        debtor={"id": "P-1", "kind": "person"},
        principal=Decimal("1.93"),
        currency="NOK",
        issued_on=due - timedelta(days=14),
        due_on=due,
        events=[
            {"kind": "invoice_sent", "on": due - timedelta(days=14), "channel": "post"},
            {"kind": "invoice_dispatched", "on": due - timedelta(days=14), "channel": "post"},
            {"kind": "reminder_sent", "on": date(2025, 1, 24), "fee": "0.01"},
            {"kind": "payment", "on": date(2025, 1, 27), "amount": "1.95"},
        ],
    )
    as_of = date(2025, 2, 1)
    unknown = cr.decide(claim, UNKNOWN, as_of)
    assert unknown.action == "manual_review"
    assert "of fees charged under unknown law is not counted" in unknown.reason
    assert "fees.inkasso.base.values.2025-01-01" in unknown.reason
    filled = cr.decide(claim, variant(Decimal(0), Decimal(1)), as_of)
    assert filled.action in ("none", "refund")
