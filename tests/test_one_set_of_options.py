"""One set of options (issue 23, point 4): every report takes ``--format text|json|csv`` with
``--json`` as ``--format json``; the profile tools and the one-claim commands take ``--json``
too; every command that reads a ledger takes ``--profile``, ``--as-of`` and ``--events``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
NO_LEDGER = ROOT / "examples/no/ledger.jsonl"
COMMON = ("--profile", "no", "--as-of", "2026-12-07")

REPORTS = ["aging", "deadlines", "monitoring", "no-movement", "cases", "postings", "audit-dispatch"]


@pytest.mark.parametrize("report", REPORTS)
def test_every_report_takes_the_three_formats_and_json_as_their_alias(report: str) -> None:
    args = (report, NO_LEDGER, *COMMON)
    as_json = invoke(*args, "--json", code=0).stdout
    assert as_json == invoke(*args, "--format", "json", code=0).stdout
    # the bundled ledger gives every report something to say, but no-movement (no social loans)
    assert bool(as_json.strip()) == (report != "no-movement")
    if report == "audit-dispatch":
        json.loads(as_json)  # one document
    else:
        for line in as_json.splitlines():
            json.loads(line)  # one record per line
    rows = list(csv.reader(io.StringIO(invoke(*args, "--format", "csv", code=0).stdout)))
    assert rows and rows[0] and all(len(row) == len(rows[0]) for row in rows)  # a header always
    assert invoke(*args, code=0).stdout.strip()  # text, the default


@pytest.mark.parametrize("report", REPORTS)
def test_json_with_another_format_is_a_usage_error(report: str) -> None:
    result = invoke(report, NO_LEDGER, *COMMON, "--json", "--format", "csv", code=2)
    assert "--json and --format csv: give one of them" in result.stderr


def test_deadlines_csv_rows_are_its_json_records() -> None:
    args = ("deadlines", NO_LEDGER, *COMMON, "--within", "1y")
    records = [json.loads(line) for line in invoke(*args, "--json", code=0).stdout.splitlines()]
    rows = list(csv.DictReader(io.StringIO(invoke(*args, "--format", "csv", code=0).stdout)))
    assert [r["claim_id"] for r in rows] == [r["claim_id"] for r in records]
    assert [r["on"] for r in rows] == [r["on"] for r in records]


def test_audit_dispatch_csv_has_one_row_per_claim_without_proof() -> None:
    args = ("audit-dispatch", NO_LEDGER, *COMMON)
    audit = json.loads(invoke(*args, "--json", code=0).stdout)
    rows = list(csv.DictReader(io.StringIO(invoke(*args, "--format", "csv", code=0).stdout)))
    assert [r["claim_id"] for r in rows] == [gap["claim_id"] for gap in audit["gaps"]]


@pytest.mark.parametrize(
    "args",
    [
        ("check", "no", "--today", "2026-12-01"),
        ("diff", NO_LEDGER, "--profile", "no", "--to", "no/orkdal", "--as-of", "2026-12-07"),
        ("explain", NO_LEDGER, "--claim", "NO2026-000000033", *COMMON),
        ("case-file", NO_LEDGER, "--claim", "NO2026-000000033", *COMMON),
    ],
    ids=["check", "diff", "explain", "case-file"],
)
def test_the_other_commands_take_json_as_well(args: tuple[str | Path, ...]) -> None:
    code = 0
    as_json = invoke(*args, "--json", code=code).stdout
    assert as_json == invoke(*args, "--format", "json", code=code).stdout
    json.loads(as_json)


@pytest.mark.parametrize(
    "command",
    [*REPORTS, "decide", "explain", "case-file", "diff"],
)
def test_every_command_on_a_ledger_takes_profile_as_of_and_events(command: str) -> None:
    shown = invoke(command, "--help", code=0).stdout
    for option in ("--profile", "--as-of", "--events"):
        assert option in shown, (command, option)


def test_diff_takes_the_ledger_and_profile_as_every_command_on_a_ledger_does() -> None:
    # FILE --profile (the profile as it is) --to (as it will be); the earlier form
    # OLD NEW --ledger FILE gives the same report
    day = ("--as-of", "2026-12-07", "--json")
    now = invoke("diff", NO_LEDGER, "--profile", "no", "--to", "no/orkdal", *day, code=0).stdout
    before = invoke("diff", "no", "no/orkdal", "--ledger", NO_LEDGER, *day, code=0).stdout
    assert now == before and json.loads(now)["changed"]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--profile", "no"), "missing option --to: diff FILE --profile OLD --to NEW"),
        (("--to", "no"), "missing option --profile: diff FILE --profile OLD --to NEW"),
        ((), "missing option --profile"),
    ],
)
def test_diff_says_what_it_misses(args: tuple[str, ...], said: str) -> None:
    assert said in invoke("diff", NO_LEDGER, *args, code=2).stderr


def test_diff_with_both_forms_at_once_is_a_usage_error() -> None:
    result = invoke("diff", "no", "--ledger", NO_LEDGER, "--to", "no", code=2)
    assert "with --ledger FILE, give the two profiles: diff OLD NEW" in result.stderr


@pytest.mark.parametrize("command", ["check", "validate"])
def test_the_profile_tools_take_lang(command: str) -> None:
    assert "--lang [en|nb|da|kl]" in invoke(command, "--help", code=0).stdout
