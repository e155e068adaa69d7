"""A case file that agrees with itself (issue 21, part 3): on every bundled ledger, every date
and amount of the case file of each claim whose next step needs one is the decision's, or its
state's, and the amounts add up.

- dates: the effective due date (the state's), the step's day, the limitation and the lien
  (the decision's), the interest periods' bounds (the decision's trace, piece by piece);
- amounts: the balance and the step's fee (the decision's); the interest periods, less what
  payments covered of interest and what lapsed, are the balance's interest; the fees counted,
  less what payments covered of fees, are its fees; the principal invoiced, less what payments
  and credit notes covered of it, is its principal; each fee's parts sum to it; each payment
  is the decision's trace's allocation;
- sentences: every date the case file writes inside a sentence (delivery, enforcement basis,
  the step's reason, the notices' evidence) is one of its fields; the warnings and the fee
  reasons it quotes are the decision's own.

The ledgers are decided without a trace to find the claims (about 70 case files in all), so
the test stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import claimrules as cr
from claimrules.engine.core import decide_state
from claimrules.model.casefile import CaseFile
from claimrules.reports.casefile import COURT_STEPS
from claimrules.rules.state import ClaimState

ROOT = Path(__file__).resolve().parents[1]

LEDGERS = [
    ("examples/no/ledger.jsonl", "no", date(2026, 12, 7)),
    ("examples/no/ledger.jsonl", "no", date(2025, 12, 31)),
    ("examples/no/ledger.jsonl", "no/orkdal", date(2026, 12, 7)),
    ("examples/dk/ledger.jsonl", "dk", date(2026, 12, 7)),
    ("examples/gl/ledger.jsonl", "gl/kujalleq", date(2022, 3, 16)),
]
"""The bundled ledgers with their profiles and days (the NO ledger also under the Orkdal
overlay, whose own due-date rule moves the effective due date)."""

ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
URL = re.compile(r"https?://[^\s\"<>]+")

Case = tuple[cr.Claim, CaseFile, cr.Decision, ClaimState]


def _cases(file: str, profile_id: str, as_of: date) -> list[Case]:
    profile = cr.load_profile(profile_id)
    found: list[Case] = []
    for claim in cr.read_claims(ROOT / file):
        try:
            action = cr.decide(claim, profile, as_of, trace="none").action
        except cr.ClaimError:
            continue  # the ledgers hold claims that are wrong on purpose
        if action in COURT_STEPS:
            decision, state = decide_state(claim, profile, as_of)
            found.append((claim, cr.case_file(claim, profile, as_of), decision, state))
    return found


@pytest.fixture(scope="module")
def cases() -> dict[str, list[Case]]:
    return {f"{profile}@{day}": _cases(file, profile, day) for file, profile, day in LEDGERS}


def _every(cases: dict[str, list[Case]]) -> Iterator[Case]:
    for found in cases.values():
        yield from found


def test_the_ledgers_have_case_files(cases: dict[str, list[Case]]) -> None:
    counts = {key: len(found) for key, found in cases.items()}
    assert counts["no@2026-12-07"] >= 25 and counts["no/orkdal@2026-12-07"] >= 25, counts
    assert counts["dk@2026-12-07"] >= 4, counts
    # Kujalleq's invoices never reached the debtors: no claim has a court step yet
    assert counts["gl/kujalleq@2022-03-16"] == 0, counts
    every = list(_every(cases))
    assert any(case[1].payments for case in every)  # payments that covered fees and interest
    assert any(len(fee.parts) > 1 for case in every for fee in case[1].fees)  # 100 + 310
    assert any(case[1].fee_parts for case in every)  # a step with its own fee
    assert any(case[1].claim.effective_due_on != case[1].claim.due_on for case in every)


def _params(entry: Any) -> dict[str, Any]:
    assert entry.msg is not None, entry
    params: dict[str, Any] = entry.msg.params
    return params


def _day(param: dict[str, Any]) -> date:
    return date.fromisoformat(param["date"])


def _money(param: dict[str, Any]) -> Decimal:
    return Decimal(param["money"])


def _messages(param: dict[str, Any]) -> list[dict[str, Any]]:
    """A message parameter's sentences: one, or each of a list."""
    if "message" in param:
        return [param["message"]]
    return [item["message"] for item in param["list"]]


def test_dates_and_amounts_are_the_decisions(cases: dict[str, list[Case]]) -> None:
    for claim, made, decision, state in _every(cases):
        where = f"{claim.id} under {decision.profile_id} on {decision.as_of}"
        assert (made.action, made.on, made.as_of) == (
            decision.action,
            decision.on,
            decision.as_of,
        ), where
        assert made.balance == decision.balance, where
        assert made.fee == decision.fee, where
        assert made.limitation == decision.limitation and made.lien == decision.lien, where
        assert made.reason == decision.reason and made.warnings == decision.warnings, where
        assert made.claim.effective_due_on == state.due, where
        assert made.claim.principal == claim.principal, where
        assert (made.profile_hash, made.claim_hash) == (
            decision.profile_hash,
            decision.claim_hash,
        ), where


def test_interest_periods_are_the_decisions_and_add_up(cases: dict[str, list[Case]]) -> None:
    for claim, made, decision, _ in _every(cases):
        where = f"{claim.id} under {decision.profile_id} on {decision.as_of}"
        traced = [entry for entry in decision.trace if entry.rule == "interest"]
        pieces = []
        if traced and traced[0].msg is not None and "pieces" in traced[0].msg.params:
            for piece in _messages(_params(traced[0])["pieces"]):
                p = piece["params"]
                pieces.append(
                    (_day(p["first"]), _day(p["last"]), p["days"]["number"], p["rate"]["percent"])
                )
        shown = [(p.first, p.last, p.days, str(p.rate)) for p in made.interest]
        assert shown == [(a, b, n, str(Decimal(r))) for a, b, n, r in pieces], where
        paid = sum((pay.interest for pay in made.payments), Decimal(0))
        accrued = sum((p.amount for p in made.interest), Decimal(0))
        assert accrued - paid - made.interest_lapsed == made.balance.interest, where
        if made.interest:
            known = made.balance.interest_known_through or made.as_of
            assert made.interest[-1].last <= known, where
            assert made.interest[0].first > made.claim.effective_due_on, where


def test_fees_are_the_decisions_and_add_up(cases: dict[str, list[Case]]) -> None:
    for claim, made, decision, _ in _every(cases):
        where = f"{claim.id} under {decision.profile_id} on {decision.as_of}"
        recorded = [
            (_day(p["date"]), _money(p["charged"]), _money(p["counted"]))
            for p in (
                _params(entry)
                for entry in decision.trace
                if entry.rule.startswith("fees.")
                and entry.msg is not None
                and entry.msg.id.startswith("TRACE_FEE_RECORDED")
            )
            if _money(p["charged"]) > 0
        ]
        assert [(fee.on, fee.charged, fee.amount) for fee in made.fees] == recorded, where
        for fee in made.fees:
            assert fee.amount == min(fee.charged, fee.lawful), where
            assert sum((part.amount for part in fee.parts), Decimal(0)) == fee.amount, where
            if fee.parts:
                assert sum((part.lawful for part in fee.parts), Decimal(0)) == fee.lawful, where
                assert all(part.citation for part in fee.parts), where
            assert bool(fee.reasons) == (fee.amount < fee.charged), where
        paid = sum((pay.fees for pay in made.payments), Decimal(0))
        counted = sum((fee.amount for fee in made.fees), Decimal(0))
        assert counted - paid == made.balance.fees, where
        assert sum((part.amount for part in made.fee_parts), Decimal(0)) == made.fee, where


def test_payments_are_the_decisions_and_add_up(cases: dict[str, list[Case]]) -> None:
    for claim, made, decision, _ in _every(cases):
        where = f"{claim.id} under {decision.profile_id} on {decision.as_of}"
        allocated = [
            (_day(p["date"]), _money(p["amount"]))
            for p in (_params(entry) for entry in decision.trace if entry.rule == "allocation")
        ]
        assert [(pay.on, pay.amount) for pay in made.payments] == allocated, where
        for pay in made.payments:
            parts = pay.fees + pay.interest + pay.principal + pay.overpaid
            assert parts == pay.amount, where
        covered = sum((pay.principal for pay in made.payments), Decimal(0))
        assert made.claim.principal - covered == made.balance.principal, where
        over = sum((pay.overpaid for pay in made.payments), Decimal(0))
        balance = made.balance
        assert balance.principal + balance.interest + balance.fees - over == balance.total, where


def _field_days(node: Any) -> set[date]:
    """Every date among the case file's fields (not inside its sentences)."""
    if isinstance(node, date):
        return {node}
    if isinstance(node, dict):
        return set().union(*map(_field_days, node.values())) if node else set()
    if isinstance(node, list | tuple):
        return set().union(*map(_field_days, node)) if node else set()
    return set()


def test_dates_in_sentences_are_fields(cases: dict[str, list[Case]]) -> None:
    for claim, made, decision, _ in _every(cases):
        where = f"{claim.id} under {decision.profile_id} on {decision.as_of}"
        fields = _field_days(made.model_dump())
        sentences = [made.delivery, made.enforcement_basis, made.reason]
        sentences += [notice.evidence for notice in made.notices]
        for sentence in sentences:
            for day in ISO_DAY.findall(sentence):
                assert date.fromisoformat(day) in fields, f"{where}: {day} in {sentence!r}"
        effective = re.search(r"effective due date (\S+)$", made.delivery)
        assert effective is not None, where
        assert date.fromisoformat(effective[1]) == made.claim.effective_due_on, where


def test_the_page_writes_no_other_dates(cases: dict[str, list[Case]]) -> None:
    """The printed page: every date on it is a field of the case file, or in a sentence it
    quotes from the decision (a warning, the reason a fee counts less than was charged)."""
    for key, found in cases.items():
        for claim, made, _, _ in found[:8]:
            quoted = " ".join(w.message for w in made.warnings)
            quoted += " ".join(reason for fee in made.fees for reason in fee.reasons)
            allowed = _field_days(made.model_dump()) | {
                date.fromisoformat(day) for day in ISO_DAY.findall(quoted)
            }
            for day in ISO_DAY.findall(URL.sub("", made.html())):  # not a statute's address
                assert date.fromisoformat(day) in allowed, f"{key} {claim.id}: {day}"
