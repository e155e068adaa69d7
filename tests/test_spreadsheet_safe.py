"""No CSV that claimrules writes opens as a live formula in a spreadsheet (issue 19, item 5).

A claim id ``=1+1A0`` or an overlay account ``=HYPERLINK("http://evil.example","1510")`` once
became a formula when a finance officer opened the file (OWASP "CSV Injection"). Text cells from
outside data get an apostrophe in front; numbers, negative amounts included, stay numbers; and
claimrules' own CSV reader gives the original text back.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import claimrules as cr
import claimrules.cli.app as cli
from claimrules.io.formats import read_claims, write_claims_csv
from claimrules.law.registry import builtin_root
from claimrules.text.safe import spreadsheet_cell, spreadsheet_text

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://evil.example","1510")'


def _formula(cell: str) -> bool:
    """What a spreadsheet would run: a cell that starts a formula and is not a plain number."""
    try:
        float(cell)
    except ValueError:
        return cell.startswith(TRIGGERS)
    return False


def _claims(claim_id: str) -> list[dict[str, Any]]:
    sent = [
        {"kind": "invoice_sent", "on": "2020-01-05", "channel": "post"},
        {"kind": "invoice_dispatched", "on": "2020-01-05", "channel": "post"},
    ]
    base = {
        "debtor": {"id": "@SUM(A1)", "kind": "person"},
        "currency": "NOK",
        "principal": "1000.00",
        "issued_on": "2020-01-05",
        "due_on": "2020-01-20",
    }
    return [
        {**base, "id": claim_id, "claim_type": "social_loan", "events": sent},
        {
            **base,
            "id": "+" + claim_id,
            "claim_type": "water_fee",
            "events": [
                *sent,
                {"kind": "written_off", "on": "2021-01-05"},
                {"kind": "payment", "on": "2022-01-05", "amount": "2000.00"},
            ],
        },
        {
            **base,
            "id": "-" + claim_id,
            "claim_type": "water_fee",
            "events": [
                *sent,
                {"kind": "delivery_failed", "on": "2020-01-08", "reason": "=cmd|' /C calc'!A0"},
            ],
        },
    ]


def _ledger(tmp_path: Path, claim_id: str = "=1+1A0") -> Path:
    path = tmp_path / "ledger.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in _claims(claim_id)), encoding="utf-8")
    return path


def _overlay(tmp_path: Path) -> Path:
    """Orkdal's overlay with its receivable account replaced by a formula."""
    target = tmp_path / "orkdal"
    shutil.copytree(builtin_root() / "no" / "orkdal", target)
    profile = target / "profile.yaml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace('receivable: "1510"', f"receivable: '{HYPERLINK}'", 1)
    text = text.replace('social_loan: {receivable: "2210"}', "social_loan: {receivable: '-2210+1'}")
    profile.write_text(text, encoding="utf-8")
    return target


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _no_formula(rows: list[list[str]]) -> None:
    live = [cell for row in rows for cell in row if _formula(cell)]
    assert not live, f"cells a spreadsheet would run: {live}"


def _invoke(*args: str | Path) -> str:
    result = CliRunner().invoke(cli.main, [str(a) for a in args], prog_name="claimrules")
    assert result.exit_code in (0, 1), (result.exit_code, result.output, result.exception)
    return result.stdout


@pytest.mark.parametrize("report", ["cases", "no-movement", "monitoring", "postings", "aging"])
def test_report_csv_cells_from_a_ledger_or_an_overlay_never_start_a_formula(
    tmp_path: Path, report: str
) -> None:
    ledger = _ledger(tmp_path)
    overlay = _overlay(tmp_path)
    text = _invoke(report, ledger, "--profile", overlay, "--as-of", "2022-12-01", "--format", "csv")
    rows = _cells(text)
    assert len(rows) > 1, text
    _no_formula(rows)
    flat = [cell for row in rows for cell in row]
    if report == "postings":
        assert "'" + HYPERLINK in flat  # the account is there, as text
        assert "'-2210+1" in flat


def test_decisions_csv_neutralises_ids_and_reasons_and_keeps_negative_amounts(
    tmp_path: Path,
) -> None:
    ledger = _ledger(tmp_path)
    out = tmp_path / "out.csv"
    _invoke("decide", ledger, "--profile", "no", "--as-of", "2022-12-01", "-o", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    _no_formula([list(row.values()) for row in rows])
    assert [row["claim_id"] for row in rows] == ["'=1+1A0", "'+=1+1A0", "'-=1+1A0"]
    refund = next(row for row in rows if row["action"] == "refund")
    assert refund["total"].startswith("-")  # an amount owed back stays a number
    float(refund["total"])


def test_claimrules_reads_its_own_csv_back_to_the_original_text(tmp_path: Path) -> None:
    claims = [cr.Claim.model_validate(c) for c in _claims("=1+1A0")]
    path = tmp_path / "claims.csv"
    write_claims_csv(claims, path)
    raw = path.read_text(encoding="utf-8") + (tmp_path / "claims.events.csv").read_text(
        encoding="utf-8"
    )
    _no_formula(_cells(raw))
    assert list(read_claims(path)) == claims


@given(st.text(max_size=12))
def test_a_cell_reads_back_to_the_text_it_was_written_from(text: str) -> None:
    cell = spreadsheet_cell(text)
    assert spreadsheet_text(cell) == text
    assert not _formula(cell) or cell == text  # only plain numbers start with a sign


@given(st.text(max_size=12))
def test_reading_a_cell_nobody_neutralised_changes_only_formula_like_text(cell: str) -> None:
    read = spreadsheet_text(cell)
    assert read == cell or (cell.startswith("'") and read == cell[1:])
