"""Everyday use by finance staff, lawyers and engineers (issue 12): reports that fit the terminal
and lead with what needs action, one-line answers to common mistakes, the API an integrator
reaches for, and a lawyer's errors at the right line.

Reports are checked at a fixed terminal width through ``COLUMNS`` (80 and 140), the width the
CLI reads when it is set.
"""

from __future__ import annotations

import builtins
import json
import re
import shutil
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

import claimrules as cr
import claimrules.cli.app as cli
import claimrules.cli.console as console

ROOT = Path(__file__).resolve().parents[1]
NO_LEDGER = ROOT / "examples" / "no" / "ledger.jsonl"
DK_LEDGER = ROOT / "examples" / "dk" / "ledger.jsonl"
TODAY = "2026-12-01"
ID = re.compile(r"NO2026-\d{9}")
DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture(autouse=True)
def _plain_err(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        console,
        "_err",
        Console(stderr=True, highlight=False, color_system=None, force_terminal=False),
    )


def run(*args: str | Path, code: int, columns: int | None = None) -> Result:
    env = {"COLUMNS": str(columns)} if columns else {"COLUMNS": ""}
    result = CliRunner().invoke(cli.main, [str(a) for a in args], env=env, prog_name="claimrules")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crashed: {result.exception!r}") from result.exception
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    return result


def no_decisions(as_of: date = date(2026, 12, 1)) -> list[cr.Decision]:
    profile = cr.load_profile("no")
    return [
        d
        for d in cr.decide_many(cr.read_claims(NO_LEDGER), profile, as_of)
        if isinstance(d, cr.Decision)
    ]


# --- finance officer: deadlines -----------------------------------------------------------------


def test_deadlines_leave_out_settled_claims_and_lead_with_the_soonest() -> None:
    decisions = no_decisions()
    risks = cr.deadlines_at_risk(decisions, 90)
    owing = {d.claim_id: d.balance.total for d in decisions}
    assert risks, "the bundled ledger has deadlines within 90 days"
    assert all(owing[r.claim_id] > 0 for r in risks)  # a lien securing nothing is no deadline
    assert all(r.at_stake == owing[r.claim_id] for r in risks)
    assert [r.on for r in risks] == sorted(r.on for r in risks)
    settled_liens = [
        d for d in decisions if d.balance.total == 0 and d.lien is not None and not d.lien.lapsed
    ]
    assert settled_liens, "the ledger has paid claims whose lien would otherwise be listed"
    assert not {d.claim_id for d in settled_liens} & {r.claim_id for r in risks}


@pytest.mark.parametrize("columns", [80, 140])
def test_deadlines_fit_the_terminal_and_never_cut_ids_dates_or_amounts(columns: int) -> None:
    risks = cr.deadlines_at_risk(no_decisions(), 90)
    result = run(
        "deadlines",
        NO_LEDGER,
        "--profile",
        "no",
        "--as-of",
        TODAY,
        "--within",
        "90d",
        code=0,
        columns=columns,
    )
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    text = result.stdout
    for risk in risks:  # every claim id, date and amount appears whole on one line
        assert any(
            risk.claim_id in line and str(risk.on) in line and f"{risk.at_stake:,.2f}" in line
            for line in lines
        ), risk.claim_id
    # the step that preserves the right is in plain words, never the profile's keys
    assert "legal_step." not in text
    assert "a request for forced sale" in text
    if columns < console.NARROW:
        assert "┃" not in text and "preserve by: " in text  # two-line entries, no table
    else:
        assert "at stake" in lines[2] and "preserve by" in lines[2] and "next action" in lines[2]


def test_deadlines_in_a_file_are_complete(tmp_path: Path) -> None:
    result = run(
        "deadlines", NO_LEDGER, "--profile", "no", "--as-of", TODAY, "--within", "90d", code=0
    )
    assert "next action" in result.stdout  # not a terminal: the full table, 140 columns


# --- finance officer: aging ---------------------------------------------------------------------


@pytest.mark.parametrize("columns", [80, 140])
def test_aging_fits_the_terminal(columns: int) -> None:
    result = run("aging", NO_LEDGER, "--profile", "no", "--as-of", TODAY, code=0, columns=columns)
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    report = cr.aging(cr.read_claims(NO_LEDGER), cr.load_profile("no"), date(2026, 12, 1))
    total = f"{report.total.outstanding:,.0f}"
    assert any(line.startswith("│ total") and total in line for line in lines), total


# --- finance officer: decide --------------------------------------------------------------------


def test_decide_leaves_a_summary_on_stderr(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("decide", NO_LEDGER, "--profile", "no", "--as-of", TODAY, "-o", out, code=0)
    summary = result.stderr.strip().splitlines()[-1]
    # the counts per action of the bundled ledger as of 2026-12-01 (issue 14: 11 wage deductions
    # that stopped paying are manual_review, no longer monitor; issue 21: 3 daycare and
    # after-school fees go to distraint on the undisputed claim, tvangsfullbyrdelsesloven
    # § 7-2 f, instead of to the conciliation board)
    assert summary.startswith(f"decided 2,000 claims as of {TODAY} with profile no in ")
    assert summary.endswith(
        f"to {out}: none 1,913, request_distraint 26, monitor 19, send_collection_notice 12, "
        "manual_review 12, write_off 7, file_conciliation_complaint 4, send_reminder 4, "
        "send_payment_demand 3"
    )
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2000


def test_a_profile_that_does_not_fit_the_ledger_is_said_once(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run("decide", NO_LEDGER, "--profile", "dk", "--as-of", TODAY, "-o", out, code=2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"Error: profile dk does not fit {NO_LEDGER}: the first 100 claims")
    assert "the ledger is in NOK: try --profile no; nothing was written" in lines[0]
    assert not out.exists()


@pytest.mark.parametrize("command", ["decide", "generate", "aging"])
def test_parquet_without_the_extra_is_one_line_exit_2(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_import = builtins.__import__

    def no_pyarrow(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pyarrow)
    for module in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, module)
    target = tmp_path / "x.parquet"
    if command == "decide":
        args: tuple[str | Path, ...] = ("decide", DK_LEDGER, "--profile", "dk", "-o", target)
    elif command == "generate":
        args = ("generate", "--size", "10", "-o", target)
    else:
        target.write_bytes(b"PAR1")
        args = ("aging", target, "--profile", "no")
    result = run(*args, code=2)
    assert result.stderr.strip() == (
        "Error: Parquet files need the parquet extra: pip install 'claimrules[parquet]'"
    )
    assert command == "aging" or not target.exists()


def test_generate_shows_its_default_size() -> None:
    result = run("generate", "--help", code=0, columns=100)
    assert "[default: 32000; x>=1]" in result.stdout


# --- finance officer: explain -------------------------------------------------------------------


def test_explain_a_lien_that_lapsed_in_the_past() -> None:
    # NO2026-000000061, a water fee due 2023-02-20: its legal lien lapsed two years later
    result = run(
        "explain",
        NO_LEDGER,
        "--claim",
        "NO2026-000000061",
        "--profile",
        "no",
        "--as-of",
        TODAY,
        code=0,
    )
    assert (
        "The lien lapsed after 20 February 2025; the claim itself remains (panteloven § 6-3"
    ) in result.stdout
    assert "Lien lapses:" not in result.stdout


def test_explain_preserve_by_in_plain_words() -> None:
    decision = next(d for d in no_decisions() if d.claim_id == "NO2026-000000124")
    limitation = next(item for item in decision.deadlines if item.name == "limitation expires")
    assert limitation.preserve == (
        "request distraint (a petition for distraint, a wage deduction order, distraint "
        "proceedings held or a request for forced sale), or a written acknowledgement from "
        "the debtor"
    )


# --- lawyer editing a profile -------------------------------------------------------------------


@pytest.fixture
def bad_dates(tmp_path: Path) -> Path:
    """The Norwegian profile with three mistakes in one list of dated rates: a duplicate day
    (line 27), a day without leading zeros (line 29) and a Norwegian-style date (line 31)."""
    copy = tmp_path / "no"
    shutil.copytree(ROOT / "profiles" / "no", copy)
    path = copy / "interest.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in (
        ("\n        2001-07-01: 12.00", "\n        2001-07-01: 12.00\n        2001-07-01: 11.00"),
        ("\n        2002-07-01: 12.00", "\n        2002-7-1: 12.00"),
        ("\n        2003-07-01: 12.00", "\n        01.07.2003: 12.00"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return copy


def test_every_date_error_at_its_line_in_one_run(bad_dates: Path) -> None:
    result = run("validate", bad_dates, code=2)
    file = bad_dates / "interest.yaml"
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{file}:27: interest.statutory.rate.values.2001-07-01: duplicate key (first defined "
        "on line 26)",
        f"{file}:29: interest.statutory.rate.values.2002-7-1: '2002-7-1' is not a date: write "
        "dates as YYYY-MM-DD (e.g. 2025-01-01)",
        f"{file}:31: interest.statutory.rate.values.01.07.2003: '01.07.2003' is not a date: "
        "write dates as YYYY-MM-DD (e.g. 2025-01-01)",
    ]
    with pytest.raises(cr.ProfileError) as raised:
        cr.load_profile(bad_dates)
    assert [(i.line, i.key_path) for i in raised.value.issues] == [
        (27, "interest.statutory.rate.values.2001-07-01"),
        (29, "interest.statutory.rate.values.2002-7-1"),
        (31, "interest.statutory.rate.values.01.07.2003"),
    ]


# --- engineer embedding the library -------------------------------------------------------------


def test_the_portfolio_api_is_exported() -> None:
    for name in (
        "decide",
        "decide_many",
        "read_claims",
        "aging",
        "aging_report",
        "AgingReport",
        "deadlines_at_risk",
        "AtRisk",
        "lint_profile",
        "LintReport",
        "profile_impact",
        "ImpactReport",
    ):
        assert name in cr.__all__ and hasattr(cr, name), name


def first_claim() -> dict[str, Any]:
    record: dict[str, Any] = json.loads(NO_LEDGER.read_text(encoding="utf-8").splitlines()[22])
    assert record["id"] == "NO2026-000000022"
    return record


@pytest.mark.parametrize(
    "as_of", [date(2026, 12, 1), "2026-12-01", datetime(2026, 12, 1, 9, 30)], ids=str
)
def test_decide_takes_a_profile_id_and_any_plain_day(as_of: object) -> None:
    decision = cr.decide(first_claim(), "no", as_of=as_of)  # type: ignore[arg-type]
    assert decision.as_of == date(2026, 12, 1)
    # 750/20 = 37.50, rounded to the nearest krone from 2026 (inkassoforskriften § 1-2 (4))
    assert (decision.action, decision.fee) == ("send_collection_notice", 38)
    assert decision.currency == "NOK"
    assert "Outstanding: NOK" in decision.explain()


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        (20261201, r"as_of must be a datetime\.date, a datetime or a string 'YYYY-MM-DD', not int"),
        ("1.12.2026", r"YYYY-MM-DD"),
    ],
)
def test_decide_says_what_to_pass(as_of: object, message: str) -> None:
    with pytest.raises((TypeError, ValueError), match=message):
        cr.decide(first_claim(), "no", as_of=as_of)  # type: ignore[arg-type]


def test_claim_error_keeps_every_problem() -> None:
    record = first_claim()
    del record["debtor"]
    record["principal"] = "12,50"
    record["due_on"] = "2026-02-30"
    with pytest.raises(cr.ClaimError) as raised:
        cr.decide(record, "no", as_of=date(2026, 12, 1))
    fields = [field for field, _ in raised.value.problems]
    assert {"debtor", "principal", "due_on"} <= set(fields), raised.value.problems
    assert len(raised.value.problems) >= 3


# --- property tests of the integrator's own ------------------------------------------------------


def test_the_integrators_example_property_test_runs_as_documented() -> None:
    """The example in docs/guides/engineers.md, executed exactly as printed: an integrator's
    property test built on ``claimrules.testing`` (run under the suite's hypothesis profile)."""
    guide = (ROOT / "docs" / "guides" / "engineers.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", guide, re.S)
    example = next(block for block in blocks if "claimrules.testing" in block)
    namespace: dict[str, Any] = {}
    exec(compile(example, "docs/guides/engineers.md", "exec"), namespace)  # noqa: S102
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 1
    tests[0]()  # hypothesis draws the claims and runs assert_lawful on every decision
