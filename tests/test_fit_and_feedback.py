"""Fit and feedback (issue 23, point 5): every list ends with its count and totals, at 80 and
140 columns; every command that reads a ledger shows its progress on a terminal."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

import claimrules as cr
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
NO_LEDGER = ROOT / "examples/no/ledger.jsonl"
COMMON = ("--profile", "no", "--as-of", "2026-12-01")
NO = cr.load_profile("no")


def _said(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("columns", [80, 140])
def test_deadlines_end_with_the_count_and_what_is_at_stake(columns: int) -> None:
    decisions = [
        d
        for d in cr.decide_many(cr.read_claims(NO_LEDGER), NO, date(2026, 12, 1))
        if isinstance(d, cr.Decision)
    ]
    risks = cr.deadlines_at_risk(decisions, within_days=90)
    stake = sum({r.claim_id: r.at_stake for r in risks}.values(), Decimal(0))
    text = invoke("deadlines", NO_LEDGER, *COMMON, code=0, columns=columns).stdout
    claims = len({r.claim_id for r in risks})
    assert _said(text).endswith(f"{len(risks)} deadlines on {claims} claims; at stake {stake:,.2f}")
    assert all(len(line) <= columns for line in text.splitlines())


@pytest.mark.parametrize("columns", [80, 140])
def test_cases_end_with_the_debtors_claims_and_totals(columns: int) -> None:
    from datetime import date

    found = cr.debtor_cases(cr.read_claims(NO_LEDGER), NO, date(2026, 12, 1))
    total = sum((c.total for c in found), Decimal(0))
    text = invoke("cases", NO_LEDGER, *COMMON, code=0, columns=columns).stdout
    claims = sum(len(c.claims) for c in found)
    due = sum(len(c.due_now) for c in found)
    assert f"{len(found)} debtors, {claims} claims; owed {total:,.2f} NOK" in _said(text)
    assert _said(text).endswith(f"{due} steps due now")
    assert all(len(line) <= columns for line in text.splitlines())


def test_the_dispatch_audit_ends_with_its_count_and_principal() -> None:
    args = ("audit-dispatch", ROOT / "examples/gl/ledger.jsonl", "--profile", "gl/kujalleq")
    text = _said(invoke(*args, "--as-of", "2022-03-16", code=0).stdout)
    assert " invoices in " in text and " groups; principal " in text
    assert " collected without notice" in text


LEDGER_COMMANDS = [
    ("aging",),
    ("deadlines",),
    ("cases",),
    ("monitoring",),
    ("no-movement",),
    ("postings",),
    ("audit-dispatch",),
    ("decide", "-o", "OUT"),
]


@pytest.mark.parametrize("command", LEDGER_COMMANDS, ids=lambda c: c[0])
def test_every_command_on_a_ledger_shows_progress_on_a_terminal(
    command: tuple[str, ...], tmp_path: Path
) -> None:
    shown = io.StringIO()
    terminal = Console(file=shown, force_terminal=True, width=100, color_system=None)
    args = [str(tmp_path / "out.jsonl") if part == "OUT" else part for part in command]
    invoke(args[0], NO_LEDGER, *COMMON, *args[1:], code=0, err=terminal)
    assert "claims" in shown.getvalue() and "of" in shown.getvalue(), shown.getvalue()


def test_diff_shows_progress_on_a_terminal() -> None:
    shown = io.StringIO()
    terminal = Console(file=shown, force_terminal=True, width=100, color_system=None)
    args = ("diff", "no", "no/orkdal", "--ledger", NO_LEDGER, "--as-of", "2026-12-01")
    invoke(*args, code=0, err=terminal)
    assert "deciding twice" in shown.getvalue()
