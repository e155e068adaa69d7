"""The one-pass replay (:func:`claimrules.rules.history.fold`) against the history read the long way.

Differential tests: the fold's streams and facts equal what each rule used to read by walking
the whole history itself (written here plainly from their definitions), on every scenario file
and on random claims of every profile; and every scenario file's expected decision is what the
engine decides through the fold, with a full trace and with none.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from ruamel.yaml import YAML

import claimrules as cr
from claimrules.model.claims import core_claim
from claimrules.model.core import Claim as CoreClaim
from claimrules.model.core import (
    DisputeClosed,
    DisputeOpened,
    DocumentSigned,
    LegalStep,
    Offset,
    Payment,
    PaymentPlan,
    PaymentPlanBreached,
    ProceedingsEnded,
)
from claimrules.rules.history import DELIVERY_KINDS, MONEY_KINDS, NOTICE_KINDS, event_ref, fold
from claimrules.testing import claims_with_as_of
from conftest import check_expectations

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "tests/scenarios").rglob("*.yaml"))
PROFILES = {ref: cr.load_profile(ref) for ref in ("no", "no/orkdal", "dk", "gl", "gl/kujalleq")}


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def long_way(claim: CoreClaim, as_of: date) -> dict[str, Any]:
    """What the rules read, each by its own walk over the whole history."""
    events = claim.history(as_of)
    disputed: date | None = None
    opened = [i for i, e in enumerate(events) if isinstance(e, DisputeOpened)]
    closed = [i for i, e in enumerate(events) if isinstance(e, DisputeClosed)]
    still_open = [i for i in opened if not closed or i > max(closed)]
    if still_open:
        disputed = events[still_open[0]].on
    ended: set[int] = set()
    for i, e in enumerate(events):
        if isinstance(e, ProceedingsEnded):
            before = [b for b in events[:i] if isinstance(b, LegalStep) and b.step == e.step]
            still = [b for b in before if id(b) not in ended]
            if still:
                ended.add(id(still[-1]))
    plans = [e for e in events if isinstance(e, PaymentPlan | PaymentPlanBreached)]
    last = plans[-1] if plans else None
    last_ended = None
    for e in events:
        if isinstance(e, ProceedingsEnded):
            last_ended = e
        elif isinstance(e, LegalStep):
            last_ended = None
    deduction = None
    for e in events:  # the plans rule's own walk, from its definition
        if isinstance(e, LegalStep) and e.step == "wage_deduction":
            deduction = None if id(e) in ended else e.on
        elif isinstance(e, ProceedingsEnded) and e.step == "wage_deduction":
            deduction = None
    payments = [e.on for e in events if e.kind == "payment"]
    movement = [e.on for e in events if e.kind != "written_off"]
    written = next((i for i, e in enumerate(events) if e.kind == "written_off"), None)
    after = (
        []
        if written is None
        else [e for e in events[written + 1 :] if isinstance(e, Payment | Offset)]
    )
    return {
        "refs": tuple((event_ref(e), e.on) for e in events),
        "delivery": tuple(e for e in events if e.kind in DELIVERY_KINDS),
        "money": tuple(e for e in events if e.kind in MONEY_KINDS),
        "notices": tuple(e for e in events if e.kind in NOTICE_KINDS),
        "first": {
            kind: min(e.on for e in events if e.kind == kind) for kind in {e.kind for e in events}
        },
        "disputed_since": disputed,
        "plan_until": last.until if isinstance(last, PaymentPlan) else None,
        "judged": any(e.kind == "judgment" for e in events),
        "ended": ended,
        "proceedings": tuple(e for e in events if isinstance(e, ProceedingsEnded)),
        "last_ended": last_ended,
        "deduction_ordered": deduction,
        "last_payment": payments[-1] if payments else None,
        "last_movement": movement[-1] if movement else None,
        "recovered": sum((e.amount for e in after), Decimal(0)),
        "documents": {e.document for e in events if isinstance(e, DocumentSigned)},
    }


def one_pass(claim: CoreClaim, as_of: date) -> dict[str, Any]:
    before = repr(claim)
    past = fold(claim, as_of)
    assert past.events == claim.history(as_of)
    assert repr(claim) == before  # nothing is kept on the claim
    return {
        "refs": past.refs,
        "delivery": past.delivery,
        "money": past.money,
        "notices": past.notices,
        "first": dict(past.first),
        "disputed_since": past.disputed_since,
        "plan_until": past.plan_until,
        "judged": past.judged,
        "ended": set(past.ended),
        "proceedings": past.proceedings,
        "last_ended": past.last_ended,
        "deduction_ordered": past.deduction_ordered,
        "last_payment": past.last_payment,
        "last_movement": past.last_movement,
        "recovered": past.recovered,
        "documents": set(past.documents),
    }


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_one_pass_replay_decides_every_scenario_file_as_expected(path: Path) -> None:
    spec = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    claim = cr.Claim.model_validate(spec["claim"])
    profile = PROFILES.get(spec["profile"]) or cr.load_profile(spec["profile"])
    as_of = _day(spec["as_of"])
    for day in sorted({as_of, claim.due_on, *(e.on for e in claim.events)}):
        core = core_claim(claim)  # the engine's own events: one walk's ids are the other's
        assert one_pass(core, day) == long_way(core, day), f"{path.name} on {day}"
    full = cr.decide(claim, profile, as_of)
    check_expectations(full, spec["expect"])
    bare = cr.decide(claim, profile, as_of, trace="none")
    assert bare.model_dump(exclude={"trace"}) == full.model_dump(exclude={"trace"})


@pytest.mark.parametrize("ref", sorted(PROFILES))
def test_the_one_pass_replay_reads_random_histories_as_each_rule_did(ref: str) -> None:
    @given(case=claims_with_as_of(PROFILES[ref]))
    def run(case: tuple[cr.Claim, date]) -> None:
        claim, as_of = case
        core = core_claim(claim)
        assert one_pass(core, as_of) == long_way(core, as_of)

    run()


def test_a_later_day_folds_afresh() -> None:
    # due 2025-01-31; a payment on 2025-02-10 counts from that day on, not before it
    claim = cr.Claim.model_validate(
        {
            "id": "H-1",
            "claim_type": "water_fee",
            "debtor": {"id": "P-1", "kind": "person"},
            "principal": "100.00",
            "currency": "NOK",
            "issued_on": "2025-01-01",
            "due_on": "2025-01-31",
            "events": [
                {"kind": "invoice_sent", "on": "2025-01-01", "channel": "post"},
                {"kind": "payment", "on": "2025-02-10", "amount": "100.00"},
            ],
        }
    )
    assert fold(claim, date(2025, 2, 9)).money == ()
    assert [e.kind for e in fold(claim, date(2025, 2, 10)).money] == ["payment"]
    assert fold(claim, date(2025, 2, 10)).first == {
        "invoice_sent": date(2025, 1, 1),
        "payment": date(2025, 2, 10),
    }
