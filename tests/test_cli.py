"""The ``claimrules`` command line: every command on good and bad input, exit code and message.

Exit codes (``claimrules --help``): 0 success; 1 some claims invalid, each reported on stderr as
``FILE:LINE: skipped: claim 'ID' (line N): field: message`` while the rest are decided; 2 bad
usage, an unreadable file or an invalid profile.

Figures come from the fixed example ledgers (``examples/dk`` as of 2025-10-31 and
``examples/gl`` as of 2022-03-16) or from small claims built here, with the arithmetic in
comments. ``examples/no`` is regenerated from time to time, so only what holds for any ledger is
asserted about it.
"""

from __future__ import annotations

import csv
import importlib
import json
import re
import shutil
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from rich.console import Console

import claimrules as cr
import claimrules.cli.app as cli
import claimrules.cli.console as console
from claimrules.io.formats import DECISION_COLUMNS, EVENT_COLUMNS, read_claims, write_claims_csv
from claimrules.model.claims import Claim

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DK_LEDGER = EXAMPLES / "dk" / "ledger.jsonl"
GL_LEDGER = EXAMPLES / "gl" / "ledger.jsonl"
DK_DAY = "2025-10-31"
GL_DAY = "2022-03-16"

DK_INVALID_ID = "DK-0099"
DK_INVALID_LINE = 7  # examples/dk/ledger.jsonl line 7: a NOK claim in a DKK ledger
DK_INVALID_MESSAGE = "currency: NOK does not match profile dk (DKK)"

COLLECTING = {"offset", "referred_to_collection", "legal_step"}
"""Event kinds that collect a claim (as in tests/test_greenland_example.py)."""


# --- helpers ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _plain_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's rich consoles are set up at import from the real terminal; pin them to the
    non-terminal set-up (140 columns, no colour, no progress bar) so the output is the same
    under ``pytest -s`` in a terminal or with FORCE_COLOR set."""
    monkeypatch.setattr(
        console,
        "_out",
        Console(
            highlight=False, width=console.REPORT_WIDTH, color_system=None, force_terminal=False
        ),
    )
    monkeypatch.setattr(
        console,
        "_err",
        Console(stderr=True, highlight=False, color_system=None, force_terminal=False),
    )


def run(*args: str | Path, code: int) -> Result:
    """Invoke ``claimrules ARGS``; insist on exit ``code`` and on no uncaught exception (a crash
    would otherwise look like exit 1, "some claims invalid")."""
    # no terminal width from the environment (a parallel test worker may set one): output as
    # to a file, complete tables at the report width
    result = CliRunner().invoke(
        cli.main, [str(arg) for arg in args], prog_name="claimrules", env={"COLUMNS": ""}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"claimrules {' '.join(map(str, args))} crashed: {result.exception!r}"
        ) from result.exception
    assert result.exit_code == code, (
        f"exit {result.exit_code}, expected {code}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )
    return result


def flat(text: str) -> str:
    """``text`` with every run of whitespace made one space (help text wraps by width)."""
    return " ".join(text.split())


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the rich tables in ``text``, each as its stripped cells."""
    return [
        [cell.strip() for cell in line.strip().strip("│").split("│")]
        for line in text.splitlines()
        if line.startswith("│")
    ]


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def ledger_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def dk_clean(tmp_path: Path) -> Path:
    """examples/dk/ledger.jsonl without its one invalid claim: 15 claims, all fit profile dk."""
    path = tmp_path / "dk.jsonl"
    lines = [line for line in ledger_lines(DK_LEDGER) if json.loads(line)["id"] != DK_INVALID_ID]
    assert len(lines) == 15
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ids_of(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in ledger_lines(path)]


def decide_jsonl(path: Path, *extra: str | Path, code: int = 0) -> list[dict[str, Any]]:
    result = run("decide", path, "--profile", "dk", "--as-of", DK_DAY, *extra, code=code)
    return jsonl(result.stdout)


# --- demo -------------------------------------------------------------------------------------


def test_demo_all_prints_every_section_and_lists_invalid_claims() -> None:
    result = run("demo", code=0)
    out = result.stdout
    for name in ("no", "dk", "gl"):
        assert f"examples/{name}/ledger.jsonl" in out
    assert out.count("Next actions") == 3
    assert out.count("Deadlines at risk (within 90 days)") == 3
    assert out.count("Outstanding principal by year due") == 3
    assert (
        len(re.findall(r"Dispatch audit: [\d,]+ of [\d,]+ invoices have no proof they left", out))
        == 3
    )
    # every stderr line is one skipped claim of one of the example ledgers; dk has exactly one
    skipped = result.stderr.splitlines()
    pattern = re.compile(r"^\S*examples/(no|dk|gl)/ledger\.jsonl(:\d+)?: skipped: claim ")
    assert skipped
    assert all(pattern.match(line) for line in skipped), skipped
    dk_lines = [line for line in skipped if "examples/dk/" in line]
    assert len(dk_lines) == 1
    assert f"claim '{DK_INVALID_ID}'" in dk_lines[0]
    assert dk_lines[0].endswith(DK_INVALID_MESSAGE)
    assert not any("examples/gl/" in line for line in skipped)
    assert out.rstrip().endswith(f"{len(skipped)} invalid claim(s) skipped (listed on stderr)")


def test_demo_dk_figures() -> None:
    result = run("demo", "dk", code=0)
    out = result.stdout
    profile = cr.load_profile("dk")
    assert (
        f"15 claims decided as of {DK_DAY} with profile dk ({profile.content_hash[:12]}); "
        "1 invalid claim(s) skipped"
    ) in out
    rows = table_rows(out)
    # next actions: action, claims, ready now, principal (the principals sum to 109,597.30);
    # the property tax of 14,250 whose interest rate is unknown law gets its collection notice
    # (interest counted through its due date), so two claims are left for manual review
    for row in (
        ["manual_review", "2", "2", "2,890.00"],
        ["send_reminder", "3", "3", "50,901.80"],
        ["refer_to_collection", "2", "2", "9,290.00"],
        ["request_distraint", "2", "2", "15,620.00"],
        ["resend_invoice", "2", "2", "6,010.00"],
        ["monitor", "1", "1", "2,890.00"],
        ["send_collection_notice", "2", "2", "16,095.50"],
        ["write_off", "1", "1", "5,900.00"],
    ):
        assert row in rows, row
    assert "Deadlines at risk (within 90 days)" in out
    # aging: years due 2022, 2023, 2025 and the total column
    assert "Outstanding principal by year due, as of 2025-10-31, DKK" in out
    assert [
        "total",
        "5,900 (100.0%)",
        "14,250 (100.0%)",
        "89,447 (95.5%)",
        "109,597 (96.3%)",
    ] in rows
    assert ["water_fee", "", "", "1,857 (30.8%)", "1,857 (30.8%)"] in rows
    # dispatch audit
    assert "Dispatch audit: 3 of 15 invoices have no proof they left" in out
    assert ["2025-07", "waste_fee", "post", "1", "3,120.00 DKK", ""] in rows
    assert ["2025-07", "water_fee", "post", "1", "2,210.00 DKK", "1 without notice"] in rows
    assert ["2025-08", "daycare_fee", "digital_mailbox", "1", "2,890.00 DKK", ""] in rows
    assert out.rstrip().endswith("1 invalid claim(s) skipped (listed on stderr)")
    assert f"claim '{DK_INVALID_ID}'" in result.stderr
    assert DK_INVALID_MESSAGE in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_demo_gl_figures() -> None:
    result = run("demo", "gl", code=0)
    out = result.stdout
    assert result.stderr == ""
    assert f"1760 claims decided as of {GL_DAY} with profile gl/kujalleq" in out
    assert "0 invalid claim(s) skipped" in out
    assert "invalid claim(s) skipped (listed on stderr)" not in out
    rows = table_rows(out)
    # 215 claims were collected without notice (10 + 205 in the audit): those need review
    assert ["resend_invoice", "1545", "1545", "3,350,060.00"] in rows
    assert ["manual_review", "215", "215", "399,370.00"] in rows
    assert ["total", "3,749,430 (88.9%)", "3,749,430 (88.9%)"] in rows
    assert "Dispatch audit: 1,760 of 1,760 invoices have no proof they left" in out
    assert ["2022-01", "daycare_fee", "post", "134", "226,860.00 DKK", "10 without notice"] in rows
    assert [
        "2022-01",
        "waste_fee",
        "post",
        "1,360",
        "3,531,780.00 DKK",
        "205 without notice",
    ] in rows
    assert ["2022-02", "daycare_fee", "post", "133", "226,530.00 DKK", ""] in rows
    assert ["2022-03", "daycare_fee", "post", "133", "231,060.00 DKK", ""] in rows


def test_demo_as_of_the_fixed_day_changes_nothing() -> None:
    assert run("demo", "dk", "--as-of", DK_DAY, code=0).stdout == run("demo", "dk", code=0).stdout


def test_demo_unknown_example() -> None:
    result = run("demo", "xx", code=2)
    assert "'xx' is not one of 'dk', 'gl', 'no'" in result.stderr
    assert result.stdout == ""


# --- decide -----------------------------------------------------------------------------------


def summary(stderr: str) -> str:
    """The run summary on stderr, without the time it took (which varies)."""
    line = next(line for line in stderr.splitlines() if line.startswith("decided "))
    return re.sub(r" in [0-9.]+ s( \([0-9,]+ claims/s\))?", "", line)


def test_decide_jsonl_to_stdout(dk_clean: Path) -> None:
    result = run("decide", dk_clean, "--profile", "dk", "--as-of", DK_DAY, code=0)
    # only the summary on stderr: the decisions, the actions, nothing skipped
    assert summary(result.stderr) == (
        "decided 15 claims as of 2025-10-31 with profile dk: send_reminder 3, "
        "refer_to_collection 2, send_collection_notice 2, request_distraint 2, resend_invoice 2, "
        "manual_review 2, monitor 1, write_off 1"
    )
    # and the law the profile could not give: the rate of opkrævningsloven for one claim
    assert result.stderr.splitlines()[1].startswith(
        "unknown law: 1 decision could not apply all of it"
    )
    assert "interest.opkraevningsloven.rate (dk/interest.yaml:173) (1)" in result.stderr
    assert len(result.stderr.splitlines()) == 2
    decisions = jsonl(result.stdout)
    assert [d["claim_id"] for d in decisions] == ids_of(dk_clean)
    profile_hash = cr.load_profile("dk").content_hash
    for decision in decisions:
        assert {"action", "engine_version", "profile_hash"} <= set(decision)
        assert decision["engine_version"] == cr.__version__
        assert decision["profile_hash"] == profile_hash
        assert decision["profile_id"] == "dk"
        assert decision["as_of"] == DK_DAY
    by_id = {d["claim_id"]: d for d in decisions}
    # DK-0004: reminder 2025-07-07, then 10 days → collection notice lawful from 2025-07-18
    assert by_id["DK-0004"]["action"] == "send_collection_notice"
    assert by_id["DK-0004"]["on"] == "2025-07-18"
    assert by_id["DK-0004"]["balance"]["principal"] == "1845.50"


def test_decide_writes_jsonl_file(dk_clean: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = run("decide", dk_clean, "--profile", "dk", "--as-of", DK_DAY, "-o", target, code=0)
    assert result.stdout == ""
    assert (
        target.read_text(encoding="utf-8")
        == run("decide", dk_clean, "--profile", "dk", "--as-of", DK_DAY, code=0).stdout
    )


def test_decide_writes_csv(dk_clean: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    result = run("decide", dk_clean, "--profile", "dk", "--as-of", DK_DAY, "-o", target, code=0)
    assert result.stdout == ""
    with target.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == DECISION_COLUMNS
        rows = list(reader)
    assert [row["claim_id"] for row in rows] == ids_of(dk_clean)
    first = rows[0]
    assert first["claim_id"] == "DK-0001"
    assert first["action"] == "send_reminder"
    assert first["principal"] == "2890.00"
    assert first["ready"] == "true"
    assert first["profile_id"] == "dk"
    assert sum(Decimal(row["principal"]) for row in rows) == Decimal("109597.30")


def test_decide_writes_parquet(dk_clean: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    target = tmp_path / "out.parquet"
    result = run("decide", dk_clean, "--profile", "dk", "--as-of", DK_DAY, "-o", target, code=0)
    assert result.stdout == ""
    table = pq.read_table(target)
    assert table.num_rows == 15
    assert table.column_names[: len(DECISION_COLUMNS)] == list(DECISION_COLUMNS)
    assert table.column("claim_id").to_pylist() == ids_of(dk_clean)
    assert table.column("action").to_pylist() == [d["action"] for d in decide_jsonl(dk_clean)]


def test_decide_one_bad_claim_among_good(tmp_path: Path) -> None:
    good = ledger_lines(DK_LEDGER)[:4]
    bad_principal = json.dumps(
        {
            "id": "BAD-1",
            "claim_type": "water_fee",
            "debtor": {"id": "P-1", "kind": "person"},
            "principal": "-5.00",
            "currency": "DKK",
            "issued_on": "2025-01-01",
            "due_on": "2025-01-31",
        }
    )
    # line 1-2 good, 3 bad principal, 4 blank (skipped, but counted), 5 not JSON, 6-7 good
    lines = [good[0], good[1], bad_principal, "", '{"id": "X", not json', good[2], good[3]]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("decide", path, "--profile", "dk", "--as-of", DK_DAY, code=1)
    decided = [d["claim_id"] for d in jsonl(result.stdout)]
    assert decided == ["DK-0001", "DK-0002", "DK-0003", "DK-0004"]
    errors = result.stderr.splitlines()
    assert errors[0] == (
        f"{path}:3: skipped: claim 'BAD-1' (line 3): principal: Input should be greater than 0"
    )
    assert errors[1].startswith(f"{path}:5: skipped: claim <no id> (line 5): <claim>: not a JSON")
    assert summary(result.stderr).startswith("decided 4 claims as of 2025-10-31 with profile dk")
    assert errors[-1] == "2 invalid claim(s) skipped"


def test_decide_unknown_profile(dk_clean: Path) -> None:
    result = run("decide", dk_clean, "--profile", "zz", code=2)
    assert "no profile 'zz'; known: dk, gl, gl/kujalleq, no, no/orkdal" in result.stderr
    assert result.stdout == ""


def test_decide_unknown_output_extension(dk_clean: Path, tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    result = run("decide", dk_clean, "--profile", "dk", "-o", target, code=2)
    assert f"{target}: unknown format '.txt' (use .jsonl, .csv or .parquet)" in result.stderr
    assert not target.exists()
    assert result.stdout == ""


def test_decide_missing_input(tmp_path: Path) -> None:
    missing = tmp_path / "nope.jsonl"
    result = run("decide", missing, "--profile", "dk", code=2)
    assert "Invalid value for 'FILE'" in result.stderr
    assert f"'{missing}' does not exist" in result.stderr


def test_decide_claims_csv_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("id,claim_type\nA-1,water_fee\n", encoding="utf-8")
    result = run("decide", path, "--profile", "dk", code=2)
    assert (
        f"{path}: line 1: missing column(s) debtor_id, debtor_kind, principal, currency, "
        "issued_on, due_on"
    ) in result.stderr


@pytest.fixture
def dk_csv(dk_clean: Path, tmp_path: Path) -> Path:
    """The 15 valid dk claims as claims.csv + claims.events.csv (formats.write_claims_csv)."""
    claims = [item for item in read_claims(dk_clean) if isinstance(item, Claim)]
    assert len(claims) == 15
    path = tmp_path / "claims.csv"
    assert write_claims_csv(claims, path) == 15
    return path


def test_decide_claims_csv_with_events_equals_jsonl(dk_clean: Path, dk_csv: Path) -> None:
    events = dk_csv.with_name("claims.events.csv")
    with events.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(json.loads(line)["events"]) for line in ledger_lines(dk_clean))
    assert all(row["kind"] for row in rows)
    from_jsonl = run("decide", dk_clean, "--profile", "dk", "--as-of", DK_DAY, code=0).stdout
    from_csv = run("decide", dk_csv, "--profile", "dk", "--as-of", DK_DAY, code=0)
    assert summary(from_csv.stderr).startswith("decided 15 claims")
    assert from_csv.stdout == from_jsonl
    explicit = run(
        "decide", dk_csv, "--profile", "dk", "--as-of", DK_DAY, "--events", events, code=0
    )
    assert explicit.stdout == from_jsonl


def _events_with_orphan(dk_csv: Path) -> Path:
    """The dk events file plus one payment for a claim id that is not in the claims file."""
    events = dk_csv.with_name("extra.events.csv")
    shutil.copyfile(dk_csv.with_name("claims.events.csv"), events)
    with events.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, EVENT_COLUMNS).writerow(
            {"claim_id": "NOPE-1", "kind": "payment", "on": "2025-01-01", "amount": "100.00"}
        )
    return events


def test_decide_events_for_unknown_claim(dk_csv: Path) -> None:
    events = _events_with_orphan(dk_csv)
    result = run("decide", dk_csv, "--profile", "dk", "--as-of", DK_DAY, "--events", events, code=2)
    assert f"{events}: events for 1 claim id(s) not in {dk_csv}: NOPE-1" in result.stderr


def test_decide_events_for_unknown_claim_writes_no_decisions(dk_csv: Path) -> None:
    events = _events_with_orphan(dk_csv)
    result = run("decide", dk_csv, "--profile", "dk", "--as-of", DK_DAY, "--events", events, code=2)
    assert result.stdout == ""


def test_decide_non_utf8_csv_is_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        b"id,claim_type,debtor_id,debtor_kind,principal,currency,issued_on,due_on\n"
        b"A-1,water_fee,P-\xf8,person,100.00,DKK,2025-01-01,2025-01-31\n"
    )
    result = run("decide", path, "--profile", "dk", code=2)
    assert str(path) in result.stderr


def test_decide_corrupt_parquet_is_an_unreadable_file(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    path = tmp_path / "junk.parquet"
    path.write_text("not parquet\n", encoding="utf-8")
    result = run("decide", path, "--profile", "dk", code=2)
    assert str(path) in result.stderr


def test_decide_output_in_missing_directory(dk_clean: Path, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "out.csv"
    result = run("decide", dk_clean, "--profile", "dk", "-o", target, code=2)
    assert str(target) in result.stderr


@pytest.mark.parametrize("command", ["decide", "aging", "deadlines"])
def test_claim_not_fitting_profile_is_reported_with_its_line(command: str) -> None:
    result = run(command, DK_LEDGER, "--profile", "dk", "--as-of", DK_DAY, code=1)
    assert (
        f"{DK_LEDGER}:{DK_INVALID_LINE}: skipped: claim '{DK_INVALID_ID}' "
        f"(line {DK_INVALID_LINE}): {DK_INVALID_MESSAGE}"
    ) in result.stderr.splitlines()


# --- explain ----------------------------------------------------------------------------------


def test_explain_in_english() -> None:
    # the ledger's invalid claim is not reported: explain looks at one claim only
    result = run(
        "explain", DK_LEDGER, "--claim", "DK-0004", "--profile", "dk", "--as-of", DK_DAY, code=0
    )
    assert result.stderr == ""
    assert result.stdout.startswith("Send a collection notice.\nLawful from: 18 July 2025.\n")
    # interest: 120 days (30E/360) at 9.75 % on 1,845.50 = 59.98; reminder fee 100.00
    assert (
        "Outstanding: DKK\xa02,005.48 (principal DKK\xa01,845.50, interest DKK\xa059.98, fees DKK\xa0100.00)."
        in (result.stdout)
    )
    assert "Limitation expires: 30 June 2028" in result.stdout


def test_explain_in_norwegian() -> None:
    result = run(
        "explain",
        DK_LEDGER,
        "--claim",
        "DK-0004",
        "--profile",
        "dk",
        "--as-of",
        DK_DAY,
        "--lang",
        "nb",
        code=0,
    )
    assert result.stdout.startswith("Send inkassovarsel.\nTidligst: 18. juli 2025.\n")
    assert "Foreldelse inntrer etter: 30. juni 2028" in result.stdout


def test_explain_unknown_claim() -> None:
    result = run("explain", DK_LEDGER, "--claim", "NOPE", "--profile", "dk", code=2)
    assert f"{DK_LEDGER}: no valid claim with id 'NOPE'" in result.stderr
    assert result.stdout == ""


def test_explain_claim_not_fitting_the_profile() -> None:
    result = run("explain", DK_LEDGER, "--claim", DK_INVALID_ID, "--profile", "dk", code=2)
    assert f"claim '{DK_INVALID_ID}': {DK_INVALID_MESSAGE}" in result.stderr


def test_explain_unknown_language() -> None:
    result = run(
        "explain", DK_LEDGER, "--claim", "DK-0004", "--profile", "dk", "--lang", "fr", code=2
    )
    assert "'fr' is not one of 'en', 'nb', 'da', 'kl'" in result.stderr


# --- aging ------------------------------------------------------------------------------------

AGING_TOTAL_ROW = [
    "total",
    "5,900 (100.0%)",
    "14,250 (100.0%)",
    "89,447 (95.5%)",
    "109,597 (96.3%)",
]


def test_aging_text(dk_clean: Path) -> None:
    result = run("aging", dk_clean, "--profile", "dk", "--as-of", DK_DAY, code=0)
    assert result.stderr == ""
    assert "Outstanding principal by year due, as of 2025-10-31, DKK" in result.stdout
    assert AGING_TOTAL_ROW in table_rows(result.stdout)
    assert "On top of the principal: interest 4,050.35, fees 2,560.00 DKK." in result.stdout


def test_aging_skips_and_reports_invalid_claims() -> None:
    result = run("aging", DK_LEDGER, "--profile", "dk", "--as-of", DK_DAY, code=1)
    assert AGING_TOTAL_ROW in table_rows(result.stdout)  # the same table without DK-0099
    assert f"claim '{DK_INVALID_ID}'" in result.stderr
    assert DK_INVALID_MESSAGE in result.stderr
    assert result.stderr.splitlines()[-1] == "1 invalid claim(s) skipped"


def test_aging_json_reconciles_with_decide(dk_clean: Path) -> None:
    records = jsonl(
        run(
            "aging", dk_clean, "--profile", "dk", "--as-of", DK_DAY, "--format", "json", code=0
        ).stdout
    )
    (grand,) = [r for r in records if r["claim_type"] == "total" and r["due_year"] == "total"]
    decisions = decide_jsonl(dk_clean)
    principal = sum(Decimal(d["balance"]["principal"]) for d in decisions)
    assert principal == Decimal("109597.30")
    assert Decimal(grand["outstanding"]) == principal
    assert grand["claims"] == len(decisions) == 15
    # the claim-type totals add up to the grand total too
    type_totals = [r for r in records if r["due_year"] == "total" and r["claim_type"] != "total"]
    assert sum(Decimal(r["outstanding"]) for r in type_totals) == principal


def test_aging_csv(dk_clean: Path) -> None:
    result = run("aging", dk_clean, "--profile", "dk", "--as-of", DK_DAY, "--format", "csv", code=0)
    lines = result.stdout.splitlines()
    assert lines[0] == "claim_type,due_year,claims,invoiced,outstanding,open_claims,share_percent"
    rows = list(csv.DictReader(lines))
    (grand,) = [r for r in rows if r["claim_type"] == "total" and r["due_year"] == "total"]
    assert grand["claims"] == "15"
    assert grand["outstanding"] == "109597.30"
    assert grand["share_percent"] == "96.3"


def test_aging_unknown_profile(dk_clean: Path) -> None:
    result = run("aging", dk_clean, "--profile", "zz", code=2)
    assert "no profile 'zz'" in result.stderr


# --- deadlines --------------------------------------------------------------------------------

LIEN_DAY = "2025-12-31"


def _property_tax(
    claim_id: str, issued: str, due: str, reminder: str, notice: str
) -> dict[str, Any]:
    return {
        "id": claim_id,
        "claim_type": "property_tax",
        "debtor": {"id": f"D-{claim_id}", "kind": "person"},
        "principal": "6400.00" if claim_id == "LIEN-A" else "3200.00",
        "currency": "NOK",
        "issued_on": issued,
        "due_on": due,
        "events": [
            {"kind": "invoice_sent", "on": issued, "channel": "post"},
            {"kind": "invoice_dispatched", "on": issued, "channel": "post"},
            {"kind": "reminder_sent", "on": reminder, "fee": "35.00"},
            {"kind": "collection_notice_sent", "on": notice, "fee": "35.00"},
        ],
    }


# Norwegian property tax carries a legal lien (profiles/no/claim_types.yaml: lien legal_lien)
# that lapses 2 years after the due date unless forced sale is requested (limitation.yaml,
# liens.legal_lien, panteloven § 6-3). As of 2025-12-31:
#   LIEN-A due 2024-03-20 → lien lapses 2026-03-20: 31 (Jan) + 28 (Feb) + 20 (Mar) = 79 days
#   LIEN-B due 2024-06-28 → lien lapses 2026-06-28: 31+28+31+30+31+28 = 179 days
# Their 3-year limitation (2027-03-20, 2027-06-28) is more than a year away.
LIEN_CLAIMS = [
    _property_tax("LIEN-A", "2024-03-01", "2024-03-20", "2024-04-05", "2024-04-22"),
    _property_tax("LIEN-B", "2024-06-10", "2024-06-28", "2024-07-15", "2024-08-01"),
]
LAPSES = {"LIEN-A": ("2026-03-20", 79), "LIEN-B": ("2026-06-28", 179)}


@pytest.fixture
def liens(tmp_path: Path) -> Path:
    path = tmp_path / "liens.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in LIEN_CLAIMS), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("within", "days", "expected"),
    [
        ("90d", 90, ["LIEN-A"]),
        ("12w", 84, ["LIEN-A"]),
        ("11w", 77, []),
        ("3m", 90, ["LIEN-A"]),
        ("79", 79, ["LIEN-A"]),  # the window includes its last day
        ("78d", 78, []),
        ("1y", 365, ["LIEN-A", "LIEN-B"]),
    ],
)
def test_deadlines_json(liens: Path, within: str, days: int, expected: list[str]) -> None:
    result = run(
        "deadlines",
        liens,
        "--profile",
        "no",
        "--as-of",
        LIEN_DAY,
        "--within",
        within,
        "--json",
        code=0,
    )
    assert result.stderr == ""
    records = jsonl(result.stdout)
    assert [r["claim_id"] for r in records] == expected
    for record in records:
        assert record["deadline"] == "legal_lien lapses"
        assert (record["on"], record["days_left"]) == LAPSES[record["claim_id"]]
        assert 0 <= record["days_left"] <= days
        assert record["preserve"]
        assert "tvangsdekning" in record["preserve"]
        assert record["action"] == "request_distraint"


def test_deadlines_table(liens: Path) -> None:
    result = run(
        "deadlines", liens, "--profile", "no", "--as-of", LIEN_DAY, "--within", "12w", code=0
    )
    assert "Limitation and liens lapsing within 84 days" in result.stdout
    rows = table_rows(result.stdout)
    # soonest first: the day, days left, the claim, what lapses, the amount at stake
    assert rows[0][:4] == ["2026-03-20", "79", "LIEN-A", "legal lien"]
    decided = jsonl(run("decide", liens, "--profile", "no", "--as-of", LIEN_DAY, code=0).stdout)
    total = next(d["balance"]["total"] for d in decided if d["claim_id"] == "LIEN-A")
    assert rows[0][4] == f"{Decimal(total):,.2f}" == "7,888.78"  # principal 6,400.00 + interest
    assert not any("LIEN-B" in row for row in rows)


def test_deadlines_none_within_window(liens: Path) -> None:
    result = run(
        "deadlines", liens, "--profile", "no", "--as-of", LIEN_DAY, "--within", "11w", code=0
    )
    assert "Limitation and liens lapsing within 77 days" in result.stdout
    assert "none" in result.stdout
    assert "LIEN-A" not in result.stdout


def test_deadlines_bad_window(liens: Path) -> None:
    result = run("deadlines", liens, "--profile", "no", "--within", "abc", code=2)
    assert "'abc': use days, weeks, calendar months or years, like 90d, 12w, 3m or 1y" in (
        result.stderr
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("within", "expected", "title"),
    [
        # as of 19 February 2026 one calendar month reaches 19 March, the day before LIEN-A's
        # lien lapses (20 March); 30 days would reach 21 March and list it
        ("1m", [], "1 month"),
        ("30d", ["LIEN-A"], "30 days"),
        ("4w", [], "28 days"),
        # two months reach 19 April; a year reaches 19 February 2027 (LIEN-B: 28 June 2026)
        ("2m", ["LIEN-A"], "2 months"),
        ("1y", ["LIEN-A", "LIEN-B"], "1 year"),
    ],
)
def test_deadlines_months_are_calendar_months(
    liens: Path, within: str, expected: list[str], title: str
) -> None:
    common = ("deadlines", liens, "--profile", "no", "--as-of", "2026-02-19", "--within", within)
    records = jsonl(run(*common, "--json", code=0).stdout)
    assert [r["claim_id"] for r in records] == expected
    assert f"Limitation and liens lapsing within {title}" in run(*common, code=0).stdout


def test_deadlines_bad_window_names_the_option(liens: Path) -> None:
    result = run("deadlines", liens, "--profile", "no", "--within", "abc", code=2)
    assert "Invalid value for '--within'" in result.stderr


# --- audit-dispatch ---------------------------------------------------------------------------


def test_audit_dispatch_json_greenland() -> None:
    result = run(
        "audit-dispatch",
        GL_LEDGER,
        "--profile",
        "gl/kujalleq",
        "--as-of",
        GL_DAY,
        "--json",
        code=0,
    )
    assert result.stderr == ""
    audit = json.loads(result.stdout)
    # as in tests/test_greenland_example.py: every invoice of January-March 2022 is a gap
    assert audit["as_of"] == GL_DAY
    assert audit["profile_id"] == "gl/kujalleq"
    assert audit["checked"] == 1760
    assert len(audit["gaps"]) == 1760
    assert audit["errors"] == []
    counts = {
        (g["issue_month"], g["claim_type"], g["channel"]): g["claims"] for g in audit["groups"]
    }
    assert counts == {
        ("2022-01", "waste_fee", "post"): 1360,
        ("2022-01", "daycare_fee", "post"): 134,
        ("2022-02", "daycare_fee", "post"): 133,
        ("2022-03", "daycare_fee", "post"): 133,
    }
    claims = [json.loads(line) for line in ledger_lines(GL_LEDGER)]
    collected = {c["id"] for c in claims if any(e["kind"] in COLLECTING for e in c["events"])}
    assert {g["claim_id"] for g in audit["gaps"] if g["collected_without_notice"]} == collected
    assert sum(g["collected_without_notice"] for g in audit["groups"]) == len(collected) == 215


def test_audit_dispatch_table_greenland() -> None:
    result = run("audit-dispatch", GL_LEDGER, "--profile", "gl/kujalleq", "--as-of", GL_DAY, code=0)
    out = result.stdout
    assert "Dispatch audit: 1,760 of 1,760 invoices have no proof they left" in out
    assert ["2022-01", "waste_fee", "post", "1,360", "3,531,780.00 DKK", "205 without notice"] in (
        table_rows(out)
    )
    assert "  KUJ-D-0071: a referral to collection on 2022-02-14 without notice: unwind" in out
    assert len(re.findall(r"without notice: unwind$", out, re.MULTILINE)) == 215


def test_audit_dispatch_reports_invalid_claims() -> None:
    result = run("audit-dispatch", DK_LEDGER, "--profile", "dk", "--as-of", DK_DAY, code=1)
    assert "Dispatch audit: 3 of 15 invoices have no proof they left" in result.stdout
    assert "  DK-0011: a set-off on 2025-09-15 without notice: unwind" in result.stdout
    assert DK_INVALID_ID in result.stderr
    assert DK_INVALID_MESSAGE in result.stderr
    assert result.stderr.splitlines()[-1] == "1 invalid claim(s) skipped"


def test_audit_dispatch_reports_invalid_claims_with_their_line() -> None:
    result = run("audit-dispatch", DK_LEDGER, "--profile", "dk", "--as-of", DK_DAY, code=1)
    assert result.stderr.splitlines()[0] == (
        f"{DK_LEDGER}:{DK_INVALID_LINE}: skipped: claim '{DK_INVALID_ID}' "
        f"(line {DK_INVALID_LINE}): {DK_INVALID_MESSAGE}"
    )


def test_audit_dispatch_unknown_profile() -> None:
    result = run("audit-dispatch", GL_LEDGER, "--profile", "gl/nowhere", code=2)
    assert "no profile 'gl/nowhere'" in result.stderr
    assert result.stdout == ""


# --- validate ---------------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["no", str(ROOT / "profiles" / "no")])
def test_validate_good_profile(ref: str) -> None:
    profile = cr.load_profile("no")
    result = run("validate", ref, code=0)
    assert result.stdout == (
        f"no: valid ({len(profile.spec.claim_types)} claim types, {len(profile.files)} files, "
        f"hash {profile.content_hash[:12]})\n"
    )
    assert result.stderr == ""


@pytest.fixture
def bad_profile(tmp_path: Path) -> tuple[Path, int]:
    """A copy of profiles/no whose general limitation period is 'three' years: the directory
    and the line of the broken value in limitation.yaml."""
    target = tmp_path / "no"
    shutil.copytree(ROOT / "profiles" / "no", target)
    file = target / "limitation.yaml"
    text = file.read_text(encoding="utf-8")
    assert "      value: 3\n" in text
    text = text.replace("      value: 3\n", "      value: three\n", 1)
    file.write_text(text, encoding="utf-8")
    line = next(n for n, s in enumerate(text.splitlines(), start=1) if "value: three" in s)
    return target, line


def test_validate_bad_profile(bad_profile: tuple[Path, int]) -> None:
    directory, line = bad_profile
    result = run("validate", directory, code=2)
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        f"{(directory / 'limitation.yaml').resolve()}:{line}: limitation.periods.general.value: "
    )
    assert "'three'" in first


def test_decide_with_bad_profile_directory(bad_profile: tuple[Path, int], dk_clean: Path) -> None:
    directory, line = bad_profile
    result = run("decide", dk_clean, "--profile", directory, code=2)
    assert f"limitation.yaml:{line}: limitation.periods.general.value" in result.stderr
    assert result.stdout == ""


def test_validate_unknown_profile() -> None:
    result = run("validate", "zz", code=2)
    assert "no profile 'zz'; known: dk, gl, gl/kujalleq, no, no/orkdal" in result.stderr


# --- schema -----------------------------------------------------------------------------------


def test_schema_profile() -> None:
    document = json.loads(run("schema", code=0).stdout)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["title"] == "claimrules profile file"
    assert {"calendar", "limitation", "claim_types", "fees", "ladders"} <= set(
        document["properties"]
    )
    assert "required" not in document  # each YAML file holds only some sections


def test_schema_claim() -> None:
    document = json.loads(run("schema", "claim", code=0).stdout)
    assert document["title"] == "Claim"
    assert {"id", "claim_type", "debtor", "principal", "currency", "issued_on", "due_on"} <= set(
        document["required"]
    )


def test_schema_decision() -> None:
    document = json.loads(run("schema", "decision", code=0).stdout)
    assert document["title"] == "Decision"
    assert {"action", "profile_hash", "engine_version"} <= set(document["required"])


@pytest.mark.parametrize("what", ["profile", "claim", "decision"])
def test_schema_to_file(what: str, tmp_path: Path) -> None:
    target = tmp_path / f"{what}.schema.json"
    result = run("schema", what, "-o", target, code=0)
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        run("schema", what, code=0).stdout
    )


def test_schema_unknown_kind() -> None:
    result = run("schema", "nope", code=2)
    assert "'nope' is not one of 'profile', 'claim', 'decision'" in result.stderr


# --- generate ---------------------------------------------------------------------------------


def _need_generator() -> None:
    try:
        synthetic = importlib.import_module("claimrules.testing.synthetic")
    except ImportError:
        pytest.skip("claimrules.testing.synthetic is not there yet")
    if not hasattr(synthetic, "norwegian_ledger"):
        pytest.skip("claimrules.testing.synthetic has no norwegian_ledger yet")


def test_generate_jsonl(tmp_path: Path) -> None:
    _need_generator()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    result = run("generate", "--size", "50", "-o", first, code=0)
    assert result.stderr == f"{first}: 50 claims (seed 2026, year 2025)\n"
    lines = first.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 50
    assert len({json.loads(line)["id"] for line in lines}) == 50
    run("generate", "--size", "50", "-o", second, code=0)
    assert first.read_bytes() == second.read_bytes()
    other = tmp_path / "c.jsonl"
    run("generate", "--size", "50", "--seed", "7", "-o", other, code=0)
    assert other.read_bytes() != first.read_bytes()
    # the generated ledger is valid input for its profile, as of its year end
    decided = run("decide", first, "--profile", "no", "--as-of", "2025-12-31", code=0)
    assert len(decided.stdout.splitlines()) == 50


def test_generate_csv_and_parquet_round_trip(tmp_path: Path) -> None:
    _need_generator()
    pytest.importorskip("pyarrow")
    outputs = {}
    for name in ("g.jsonl", "g.csv", "g.parquet", "again.csv", "again.parquet"):
        target = tmp_path / name
        result = run("generate", "--size", "50", "-o", target, code=0)
        assert result.stderr == f"{target}: 50 claims (seed 2026, year 2025)\n"
        outputs[name] = target
    assert len(outputs["g.csv"].read_text(encoding="utf-8").splitlines()) == 51  # + header
    assert (tmp_path / "g.events.csv").exists()
    for first, again in (("g.csv", "again.csv"), ("g.parquet", "again.parquet")):
        assert outputs[first].read_bytes() == outputs[again].read_bytes()
    assert (tmp_path / "g.events.csv").read_bytes() == (tmp_path / "again.events.csv").read_bytes()
    decisions = {
        name: run(
            "decide", outputs[name], "--profile", "no", "--as-of", "2025-12-31", code=0
        ).stdout
        for name in ("g.jsonl", "g.csv", "g.parquet")
    }
    assert len(decisions["g.jsonl"].splitlines()) == 50
    assert decisions["g.csv"] == decisions["g.jsonl"]
    assert decisions["g.parquet"] == decisions["g.jsonl"]


def test_generate_upper_case_csv_writes_the_events_file_decide_reads(tmp_path: Path) -> None:
    """``NAME.CSV`` has its events in ``NAME.events.csv``, as the reader looks for them: a
    ledger written by generate is decided with its events, whatever the suffix's case."""
    _need_generator()
    upper, lower = tmp_path / "u" / "G.CSV", tmp_path / "l" / "g.csv"
    for target in (upper, lower):
        target.parent.mkdir()
        run("generate", "--size", "30", "-o", target, code=0)
    assert sorted(p.name for p in upper.parent.iterdir()) == ["G.CSV", "G.events.csv"]
    decided = [
        run("decide", target, "--profile", "no", "--as-of", "2025-12-31", code=0).stdout
        for target in (upper, lower)
    ]
    assert decided[0] == decided[1]
    # the events file beside an upper-case claims file is an input: never overwritten
    result = run("decide", upper, "--profile", "no", "-o", upper.with_name("G.events.csv"), code=2)
    assert "this is the input" in result.stderr


def test_generate_bad_input(tmp_path: Path) -> None:
    _need_generator()
    target = tmp_path / "x.txt"
    result = run("generate", "--size", "5", "-o", target, code=2)
    assert f"{target}: unknown format '.txt' (use .jsonl, .csv or .parquet)" in result.stderr
    assert not target.exists()
    result = run("generate", "--size", "0", "-o", tmp_path / "x.jsonl", code=2)
    assert "Invalid value for '--size': 0 is not in the range x>=1" in result.stderr
    result = run("generate", "--size", "5", code=2)
    assert "Missing option '-o' / '--output'" in result.stderr


# --- help -------------------------------------------------------------------------------------

COMMANDS: Sequence[str] = sorted(cli.main.commands)


def test_every_command_is_covered() -> None:
    assert COMMANDS == [
        "aging",
        "audit-dispatch",
        "case-file",
        "cases",
        "check",
        "cliff",
        "deadlines",
        "decide",
        "demo",
        "diff",
        "explain",
        "generate",
        "monitoring",
        "no-movement",
        "notice",
        "postings",
        "schema",
        "validate",
    ]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_command_help(command: str, flag: str) -> None:
    result = run(command, flag, code=0)
    assert result.stdout.startswith(f"Usage: claimrules {command} ")
    assert "--help" in result.stdout


def test_group_help_lists_exit_codes_and_commands() -> None:
    result = run("--help", code=0)
    text = flat(result.stdout)
    assert (
        "Exit codes: 0 success; 1 some claims invalid (reported on stderr, the rest decided); "
        "2 bad usage, unreadable file or invalid profile."
    ) in text
    for command in COMMANDS:
        assert f" {command} " in text


def test_version() -> None:
    assert run("--version", code=0).stdout == f"claimrules, version {cr.__version__}\n"


def test_unknown_command() -> None:
    result = run("frobnicate", code=2)
    assert "No such command 'frobnicate'" in result.stderr


# --- decide on worker processes ----------------------------------------------------------------


def test_decide_with_jobs_writes_the_same_bytes_as_one_process(tmp_path: Path) -> None:
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    common = ("--profile", "dk", "--as-of", DK_DAY)
    first = run("decide", DK_LEDGER, *common, "-o", one, code=1)
    second = run("decide", DK_LEDGER, *common, "-o", two, "--jobs", "2", code=1)
    # the NOK claim on line 7 does not fit the DKK profile: reported the same way both times
    assert first.stderr.splitlines()[0] == second.stderr.splitlines()[0]
    assert summary(first.stderr).replace(str(one), "OUT") == summary(second.stderr).replace(
        str(two), "OUT"
    )
    assert f"{DK_LEDGER}:7: skipped: claim '{DK_INVALID_ID}' (line 7)" in second.stderr
    assert one.read_bytes() == two.read_bytes()
    assert len(two.read_text(encoding="utf-8").splitlines()) == 15


def test_decide_with_jobs_needs_json_lines(tmp_path: Path) -> None:
    result = run(
        "decide", DK_LEDGER, "--profile", "dk", "-o", tmp_path / "x.csv", "-j", "2", code=2
    )
    assert "--jobs needs JSON Lines in and out" in result.stderr


# --- check (the profile linter) and diff (profile change impact) -------------------------------

NO_LEDGER = EXAMPLES / "no" / "ledger.jsonl"


def _no_copy(tmp_path: Path, old: str = "", new: str = "", file: str = "fees.yaml") -> Path:
    """A copy of profiles/no with one text edit in one file (none if ``old`` is empty)."""
    target = tmp_path / "no"
    shutil.copytree(ROOT / "profiles" / "no", target)
    if old:
        path = target / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    return target


def test_check_built_in_profile_passes_with_warnings_only() -> None:
    result = run("check", "no", "--today", "2026-12-01", code=0)
    # 29 warnings: an unused convention, values derived, provisional or unknown (among them
    # the 2027 values of the new inkassolov and the business compensation of the periods not
    # read), and the current compensation, unknown, which only leaves it out of a fee; no
    # errors, so a pull request would pass
    assert result.stdout.rstrip().endswith("no on 2026-12-01: ok: 0 errors, 29 warnings, 137 info")
    assert "NEEDED ON" not in result.stdout
    assert "interest.statutory.rate.values.2026-07-01: current rate 12.25" in result.stdout


def test_check_json_lists_the_findings() -> None:
    result = run("check", "dk", "--today", "2026-06-30", "--json", code=0)
    report = json.loads(result.stdout)
    assert report["ok"] is True and report["profile_id"] == "dk"
    assert {f["check"] for f in report["findings"] if f["severity"] == "warning"} == {"status"}
    assert all(f["needed"] is False and f["fix"] is None for f in report["findings"])


def test_check_names_the_missing_half_year_rate_first_with_the_yaml_to_add() -> None:
    result = run("check", "no", "--today", "2027-01-02", code=1)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("NEEDED ON 2027-01-02: 2 value(s) the profile needs today")
    # the missing forsinkelsesrente from 2027-01-01 comes first, above everything else
    assert (
        "error freshness: interest.statutory.rate.values.2026-07-01: missing: no rate for the "
        "period from 2027-01-01" in lines[1]
    )
    assert lines[1].split(":")[0].endswith("profiles/no/interest.yaml")
    # then the YAML to add, indented as the entries are, and valid as it stands
    assert lines[2].startswith("    | # add after line ")
    assert lines[3:6] == [
        "    |         2027-01-01:",
        "    |           value: null",
        "    |           status: unknown",
    ]
    # the inkassosats of 2027 is in the profile as unknown (the new inkassolov): needed too
    assert any(
        "error freshness: fees.inkasso.base.values.2027-01-01: unknown" in line for line in lines
    )
    assert lines[-1] == "no on 2027-01-02: FAILED: 2 errors, 29 warnings, 135 info"


def test_check_fails_on_the_current_rate_marked_unknown() -> None:
    # Denmark's reference rate from 1 July 2026 was not found: stated unknown, still an error
    result = run("check", "dk", "--today", "2026-12-01", code=1)
    lines = result.stdout.splitlines()
    assert lines[0].startswith("NEEDED ON 2026-12-01: 2 value(s)")
    assert "error freshness: interest.renteloven.reference.values.2026-07-01: unknown" in lines[1]
    assert "decisions count interest only through 2026-06-30" in lines[1]
    assert lines[-1].startswith("dk on 2026-12-01: FAILED: 2 errors")


def test_check_exit_zero_reports_but_does_not_fail() -> None:
    result = run("check", "dk", "--today", "2026-12-01", "--exit-zero", code=0)
    assert "FAILED: 2 errors" in result.stdout


def test_check_fails_a_stale_rate(tmp_path: Path) -> None:
    # Checked a year on, 2027-12-01: the half-yearly rate has no entry for 2027 at all, and the
    # inkassosats of 2027 is still unknown
    result = run("check", _no_copy(tmp_path), "--today", "2027-12-01", code=1)
    assert "error freshness: interest.statutory.rate" in result.stdout
    assert (
        result.stdout.splitlines()[-1]
        == "no on 2027-12-01: FAILED: 2 errors, 29 warnings, 135 info"
    )


def test_check_unknown_profile_is_exit_2() -> None:
    result = run("check", "se", code=2)
    assert "se" in result.stderr


def test_diff_reminder_fee_edit_names_the_value_and_the_claims(tmp_path: Path) -> None:
    entry = '2020-10-01: {value: "1/20", status: verified}'
    fees = (ROOT / "profiles" / "no" / "fees.yaml").read_text(encoding="utf-8")
    reminder = fees[fees.index("      reminder:") : fees.index("      collection_notice:")]
    # make the edit unique: the same line stands in the collection_notice block
    edited = reminder.replace(entry, entry.replace('"1/20"', '"1/40"'))
    new = _no_copy(tmp_path, reminder, edited)
    result = run(
        "diff", "no", new, "--ledger", NO_LEDGER, "--as-of", "2025-12-31", "--json", code=0
    )
    report = json.loads(result.stdout)
    assert [c["path"] for c in report["profile_changes"]] == [
        "fees.inkasso.notices.reminder.fraction.values.2020-10-01"
    ]
    # 126 claims: 4 whose next reminder now carries 19.00 instead of 38.00, and 122 whose
    # recorded 35.00 reminder fee is now over the cap (worked out in tests/test_impact.py)
    assert len(report["changed"]) == 126
    assert all("fees.reminder" in c["rules"] for c in report["changed"])


def test_diff_needs_a_ledger() -> None:
    result = run("diff", "no", "no", code=2)
    assert "give one claims FILE and the two profiles: diff FILE --profile OLD --to NEW" in (
        result.stderr
    )
