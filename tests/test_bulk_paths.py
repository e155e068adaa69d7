"""The bulk paths give the engine's own decisions: records written by orjson are the bytes of
``Decision.model_dump_json()``, a compact trace changes nothing but the trace, and the harder
synthetic ledger (``--overdue``) is what it says.

Differential tests: each compares two ways to the same answer, on random claims of every
profile (hypothesis, through ``claimrules.testing``) and on the bundled ledgers.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import claimrules as cr
import claimrules.cli.app as cli
from claimrules.engine import TRACE_MODES, check_fits, decision_record, fast_path
from claimrules.engine.context import Context
from claimrules.model.decision import Decision, record_json
from claimrules.rules import state
from claimrules.rules.memo import MEMO_SIZE, TRACED_MEMO_SIZE, remember
from claimrules.rules.state import claim_state
from claimrules.rules.tracer import Tracer
from claimrules.testing import claims_with_as_of
from claimrules.testing.synthetic import norwegian_ledger

ROOT = Path(__file__).resolve().parents[1]
PROFILES = {ref: cr.load_profile(ref) for ref in ("no", "no/orkdal", "dk", "gl", "gl/kujalleq")}
LEDGERS = {
    "no": (ROOT / "examples/no/ledger.jsonl", date(2026, 12, 1)),
    "dk": (ROOT / "examples/dk/ledger.jsonl", date(2026, 6, 30)),
    "gl": (ROOT / "examples/gl/ledger.jsonl", date(2026, 12, 1)),
}


def shared(decision: Decision) -> dict[str, Any]:
    """Every field but the trace."""
    return decision.model_dump(exclude={"trace"})


def check_paths(claim: cr.Claim, profile: cr.Profile, as_of: date) -> None:
    full = cr.decide(claim, profile, as_of)
    record = decision_record(claim, profile, as_of)
    assert record_json(record) == full.model_dump_json().encode()
    assert Decision.model_validate(record) == full
    rules = cr.decide(claim, profile, as_of, trace="rules")
    bare = cr.decide(claim, profile, as_of, trace="none")
    assert shared(rules) == shared(bare) == shared(full)
    assert [(t.rule, t.citation) for t in rules.trace] == [(t.rule, t.citation) for t in full.trace]
    assert all(t.outcome == "" for t in rules.trace)
    assert bare.trace == ()


@pytest.mark.parametrize("ref", sorted(PROFILES))
def test_bulk_paths_equal_the_engine_on_random_claims(ref: str) -> None:
    profile = PROFILES[ref]

    @given(case=claims_with_as_of(profile))
    def run(case: tuple[cr.Claim, date]) -> None:
        claim, as_of = case
        check_paths(claim, profile, as_of)

    run()


@st.composite
def paid_on_time(draw: st.DrawFn, profile: cr.Profile) -> tuple[cr.Claim, date]:
    """The plan's shape: a drawn claim's invoice events, and payments of exactly its principal
    on or before the due date (one or two), decided on a day before or after them."""
    claim, as_of = draw(claims_with_as_of(profile, delivered=None))
    kept = [e.model_dump() for e in claim.events if e.kind.startswith("invoice_")]
    kept = [e for e in kept if e.get("due_on") is None]
    first = claim.due_on - date.resolution * draw(st.integers(0, 30))
    parts = draw(st.sampled_from([1, 2]))
    if parts == 2 and claim.principal > 2 * profile.minor_unit:
        half = (claim.principal / 2).quantize(profile.minor_unit)
        amounts = [half, claim.principal - half]
    else:
        amounts = [claim.principal]
    payments = [
        {"kind": "payment", "on": first + date.resolution * i, "amount": amount}
        for i, amount in enumerate(amounts)
        if first + date.resolution * i <= claim.due_on
    ]
    record = {**claim.model_dump(), "events": [*kept, *payments]}
    return cr.Claim.model_validate(record), as_of


@pytest.mark.parametrize("ref", sorted(PROFILES))
def test_the_plan_equals_the_engine_on_claims_of_its_shape(ref: str) -> None:
    """Paid in full by the due date: the plan decides it without a trace; the engine, with the
    trace, must agree on every other field (and does the shape's many variants: delivered or
    not, a local due-date rule, a lien, payment on the due date or before it)."""
    profile = PROFILES[ref]

    @given(case=paid_on_time(profile))
    def run(case: tuple[cr.Claim, date]) -> None:
        claim, as_of = case
        check_paths(claim, profile, as_of)

    run()


@pytest.mark.parametrize("country", sorted(LEDGERS))
def test_bulk_paths_equal_the_engine_on_the_bundled_ledgers(country: str) -> None:
    path, as_of = LEDGERS[country]
    profile = PROFILES[country]
    claims = [c for c in cr.read_claims(path) if isinstance(c, cr.Claim)]
    decided = 0
    for claim in claims[::7]:  # a seventh of each ledger: every shape it has, in seconds
        try:
            check_paths(claim, profile, as_of)
        except cr.ClaimError:
            continue  # a claim that does not fit (the DK ledger's NOK claim)
        decided += 1
    assert decided >= len(claims) // 8


@pytest.mark.parametrize("as_of", [date(2025, 12, 31), date(2026, 12, 1)])
def test_plan_and_engine_agree_on_the_whole_bundled_synthetic_ledger(as_of: date) -> None:
    """Every claim of the bundled Norwegian ledger (generated by ``claimrules generate``),
    decided without a trace (the plan where it applies, and memoised results) and with the
    full trace: the same record but for the trace, and the plan took most of them."""
    profile = cr.load_profile("no")
    profile.memo.clear()  # the memos fill from this ledger alone
    claims = [c for c in cr.read_claims(LEDGERS["no"][0]) if isinstance(c, cr.Claim)]
    assert len(claims) == 2000
    for claim in claims:
        bare = decision_record(claim, profile, as_of, trace="none")
        assert bare == {**decision_record(claim, profile, as_of), "trace": []}, claim.id
    taken = sum(1 for claim in claims if fast_path.takes(_context(claim, profile, as_of)))
    assert taken > 1000  # most of a municipal ledger is invoiced and paid in full


def _context(claim: cr.Claim, profile: cr.Profile, as_of: date) -> Context:
    """The engine's context for ``claim`` (its state, no trace)."""
    state = claim_state(claim, profile, check_fits(claim, profile), as_of, Tracer())
    return Context(state, Tracer())


def test_memoised_records_share_nothing_a_caller_may_change() -> None:
    profile = cr.load_profile("no")
    claim = next(
        c
        for c in cr.read_claims(LEDGERS["no"][0])
        if isinstance(c, cr.Claim) and c.claim_type == "water_fee" and len(c.events) == 3
    )
    as_of = date(2026, 12, 1)
    first = decision_record(claim, profile, as_of, trace="none")
    first["deadlines"].append({"name": "changed", "on": as_of, "preserve": ""})
    first["balance"]["total"] = "changed"
    twin = claim.model_copy(update={"id": "TWIN"})
    second = decision_record(twin, profile, as_of, trace="none")
    assert second["claim_id"] == "TWIN"
    assert {"name": "changed", "on": as_of, "preserve": ""} not in second["deadlines"]
    assert second["balance"]["total"] != "changed"


def test_a_memo_is_emptied_when_full() -> None:
    memo: dict[int, int] = {}
    for i in range(MEMO_SIZE + 10):
        remember(memo, i, i)
    # 16,384 entries fill it; the next empties it and is kept, then nine more: 10
    assert len(memo) == 10
    assert memo[MEMO_SIZE + 9] == MEMO_SIZE + 9


def test_traced_limitation_periods_are_kept_in_a_smaller_memo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a traced period carries its steps' sentences: a full-trace run keeps at most 2,048 of
    # them, so that its memory at 10^6 claims stays within the compact run's (benchmarks/)
    memo: dict[int, int] = {}
    for i in range(TRACED_MEMO_SIZE + 1):
        remember(memo, i, i, TRACED_MEMO_SIZE)
    assert len(memo) == 1 and TRACED_MEMO_SIZE < MEMO_SIZE
    monkeypatch.setattr(state, "TRACED_MEMO_SIZE", 40)
    profile = cr.load_profile("no")
    profile.memo.clear()
    claims = [c for c in cr.read_claims(LEDGERS["no"][0]) if isinstance(c, cr.Claim)]
    for claim in claims[:400]:
        cr.decide(claim, profile, LEDGERS["no"][1], trace="none")
    compact = dict(profile.memo["limitation"])
    assert len(compact) > 40  # the compact periods keep the large memo
    sizes = []
    for claim in claims[:400]:
        cr.decide(claim, profile, LEDGERS["no"][1])
        sizes.append(len(profile.memo["limitation.traced"]))
    assert max(sizes) == 40  # filled, emptied, filled again: never more
    # a host that mixes modes keeps its compact periods while the traced memo turns over
    assert profile.memo["limitation"] == compact
    profile.memo.clear()


def test_an_unknown_trace_mode_says_which_there_are() -> None:
    claim = next(c for c in cr.read_claims(LEDGERS["no"][0]) if isinstance(c, cr.Claim))
    with pytest.raises(ValueError, match="trace must be one of full, rules, none, not 'short'"):
        cr.decide(claim, "no", date(2026, 12, 1), trace="short")  # type: ignore[arg-type]
    assert TRACE_MODES == ("full", "rules", "none")


def _decide(tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    out = tmp_path / f"out{len(list(tmp_path.iterdir()))}.jsonl"
    path, as_of = LEDGERS["no"]
    result = CliRunner().invoke(
        cli.main,
        ["decide", str(path), "--profile", "no", "--as-of", str(as_of), "-o", str(out), *extra],
    )
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_the_cli_trace_modes_and_workers_write_the_same_decisions(tmp_path: Path) -> None:
    full = _decide(tmp_path)
    assert len(full) == 2000 and all(d["trace"] for d in full)
    bare = _decide(tmp_path, "--trace", "none")
    assert [d["trace"] for d in bare] == [[]] * 2000
    assert [{**d, "trace": []} for d in full] == bare
    assert _decide(tmp_path, "--trace", "none", "-j", "2") == bare


def test_the_harder_ledger_leaves_about_half_owing() -> None:
    profile = PROFILES["no"]
    rows = list(norwegian_ledger(2000, overdue=0.7))
    assert rows == list(norwegian_ledger(2000, overdue=0.7))  # deterministic
    assert list(norwegian_ledger(50)) == list(norwegian_ledger(50, overdue=None))
    decisions = list(cr.decide_many(rows, profile, date(2025, 12, 31), trace="none"))
    owing = sum(1 for d in decisions if isinstance(d, Decision) and d.balance.total > 0)
    # 10,275 of 20,000 (51 %) at this share; 2,000 claims land within a few points of it
    assert 0.45 <= owing / len(rows) <= 0.58, owing
    with pytest.raises(ValueError, match="overdue must be a share from 0 to 1"):
        next(norwegian_ledger(1, overdue=1.5))
