"""CSV that a Nordic spreadsheet reads (issue 23, point 3): ``--csv-dialect spreadsheet`` writes
semicolons, decimal commas and UTF-8 with a byte order mark; the default stays plain CSV for
programs; both escape what a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from claimrules.io.csvfiles import write_csv
from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
NO_LEDGER = ROOT / "examples/no/ledger.jsonl"
COMMON = ("--profile", "no", "--as-of", "2026-12-01")
REPORTS = ["aging", "deadlines", "cases", "monitoring", "postings", "audit-dispatch"]


@pytest.mark.parametrize("report", REPORTS)
def test_the_spreadsheet_dialect_is_the_plain_csv_with_semicolons_and_decimal_commas(
    report: str,
) -> None:
    args = (report, NO_LEDGER, *COMMON, "--format", "csv")
    plain = list(csv.reader(io.StringIO(invoke(*args, code=0).stdout)))
    text = invoke(*args, "--csv-dialect", "spreadsheet", code=0).stdout
    assert text.startswith("\ufeff")
    nordic = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert nordic[0] == plain[0]
    assert len(nordic) == len(plain)
    for ours, theirs in zip(nordic[1:], plain[1:], strict=True):
        for cell, original in zip(ours, theirs, strict=True):
            assert cell == original.replace(".", ",") if _number(original) else cell == original


def _number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return "." in text


def test_write_csv_spreadsheet_cells() -> None:
    out = io.StringIO()
    rows = [{"claim": "=1+1", "amount": Decimal("1234.50"), "share": 12.5, "count": 3, "on": None}]
    write_csv(rows, out, dialect="spreadsheet")
    assert out.getvalue() == "\ufeffclaim;amount;share;count;on\r\n'=1+1;1234,50;12,5;3;\r\n"
    plain = io.StringIO()
    write_csv(rows, plain)
    assert plain.getvalue() == "claim,amount,share,count,on\r\n'=1+1,1234.50,12.5,3,\r\n"
    with pytest.raises(ValueError, match="CSV dialect must be one of plain, spreadsheet"):
        write_csv(rows, io.StringIO(), dialect="excel")


def test_the_dialect_needs_csv() -> None:
    result = invoke("aging", NO_LEDGER, *COMMON, "--csv-dialect", "spreadsheet", code=2)
    assert "--csv-dialect spreadsheet needs --format csv" in result.stderr
