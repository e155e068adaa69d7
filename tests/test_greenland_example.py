"""The Kommune Kujalleq example (examples/gl): January-March 2022 invoices that never left the
printer, decided and audited as of 16 March 2022, the day the municipality published it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import claimrules as cr

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "gl"
AS_OF = date(2022, 3, 16)
COLLECTING = {"offset", "referred_to_collection", "legal_step"}


@pytest.fixture(scope="module")
def profile() -> cr.Profile:
    return cr.load_profile("gl/kujalleq")


@pytest.fixture(scope="module")
def claims() -> list[cr.Claim]:
    lines = (EXAMPLE / "ledger.jsonl").read_text(encoding="utf-8").splitlines()
    return [cr.Claim.model_validate(json.loads(line)) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def decisions(claims: list[cr.Claim], profile: cr.Profile) -> dict[str, cr.Decision]:
    return {claim.id: cr.decide(claim, profile, AS_OF) for claim in claims}


def test_ledger_holds_1760_claims(claims: list[cr.Claim]) -> None:
    assert len(claims) == 1760
    assert len({c.id for c in claims}) == 1760
    assert Counter(c.claim_type for c in claims) == {"waste_fee": 1360, "daycare_fee": 400}


def test_every_claim_is_resent_or_reviewed(decisions: dict[str, cr.Decision]) -> None:
    actions = Counter(d.action for d in decisions.values())
    assert set(actions) <= {"resend_invoice", "manual_review"}, actions
    assert sum(actions.values()) == 1760
    for decision in decisions.values():
        assert decision.fee == 0
        assert decision.balance.interest == 0
        assert decision.balance.fees == 0


def test_collected_claims_need_review(
    claims: list[cr.Claim], decisions: dict[str, cr.Decision]
) -> None:
    collected = [c for c in claims if any(e.kind in COLLECTING for e in c.events)]
    assert collected  # the example has offsets, referrals and wage deductions
    for claim in collected:
        decision = decisions[claim.id]
        assert decision.action == "manual_review", decision.explain()
        assert "collected_without_notice" in decision.warning_codes(), decision.explain()
    # and the other way round: no warning on a claim where nothing was collected
    untouched = {c.id for c in claims} - {c.id for c in collected}
    for claim_id in untouched:
        assert "collected_without_notice" not in decisions[claim_id].warning_codes()
        assert decisions[claim_id].action == "resend_invoice", decisions[claim_id].explain()


def test_dispatch_audit_groups_the_print_runs(claims: list[cr.Claim], profile: cr.Profile) -> None:
    audit = cr.audit_dispatch(claims, profile, AS_OF)
    assert audit.errors == ()
    # issued 2022-01-03 .. 2022-03-03: all at least 13 days old, past the 5-day audit delay
    assert audit.checked == 1760
    assert len(audit.gaps) == 1760
    counts = {(g.issue_month, g.claim_type, g.channel): g.claims for g in audit.groups}
    assert counts == {
        ("2022-01", "waste_fee", "post"): 1360,
        ("2022-01", "daycare_fee", "post"): 134,
        ("2022-02", "daycare_fee", "post"): 133,
        ("2022-03", "daycare_fee", "post"): 133,
    }
    collected = {c.id for c in claims if any(e.kind in COLLECTING for e in c.events)}
    assert {g.claim_id for g in audit.collected_without_notice} == collected
    assert sum(g.collected_without_notice for g in audit.groups) == len(collected)


def test_committed_ledger_matches_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "make_ledger.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
