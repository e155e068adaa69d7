"""Unknown law must be visible where people look (issue 23, point 6): the summary of a run
counts the decisions that could not apply all of the law and names each missing value; the
case file says how far interest was counted; the docs say what the engine does."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
DK_LEDGER = ROOT / "examples/dk/ledger.jsonl"
NO_LEDGER = ROOT / "examples/no/ledger.jsonl"


def _said(text: str) -> str:
    return " ".join(text.split())


def test_the_summary_counts_unknown_law_and_names_each_missing_value(tmp_path: Path) -> None:
    out = tmp_path / "dk.jsonl"
    args = ("decide", DK_LEDGER, "--profile", "dk", "--as-of", "2026-12-07", "-o", out)
    result = invoke(*args, code=1)  # DK-0099 (in NOK) is skipped on purpose
    decisions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    unknown = [d for d in decisions if any(w["code"] == "unknown_law" for w in d["warnings"])]
    # six claims under renteloven, whose reference rate from 1 July 2026 is not known (one of
    # them, DK-0012, written off as time-barred: its balance still counts interest only through
    # 30 June 2026, and says so), one under gældsinddrivelsesloven § 5 from 8 July 2026, and
    # DK-0007 (written off), whose opkrævningsloven rate after 31 March 2023 is not known
    assert len(unknown) == 8
    said = _said(result.stderr)
    assert f"unknown law: {len(unknown)} decisions could not apply all of it" in said
    assert "interest.renteloven.reference.values.2026-07-01 (dk/interest.yaml:76) (6)" in said
    assert "interest.collection.rate.values.2026-07-08 (dk/interest.yaml:236) (1)" in said
    assert "interest.opkraevningsloven.rate (dk/interest.yaml:173) (1)" in said
    assert "`claimrules check dk` lists what to add." in said


def test_the_summary_is_the_same_on_several_workers(tmp_path: Path) -> None:
    lines = []
    for jobs in ("1", "2"):
        out = tmp_path / f"no-{jobs}.jsonl"
        args = ("decide", NO_LEDGER, "--profile", "no", "--as-of", "2027-02-01", "-o", out)
        result = invoke(*args, "-j", jobs, code=0)
        lines.append(next(x for x in result.stderr.splitlines() if x.startswith("unknown law")))
    assert lines[0] == lines[1]
    assert "fees.inkasso.base.values.2027-01-01 (no/fees.yaml:126)" in lines[0]


def test_a_run_without_unknown_law_says_nothing_of_it() -> None:
    args = ("decide", NO_LEDGER, "--profile", "no", "--as-of", "2026-12-01", "--trace", "none")
    assert "unknown law" not in invoke(*args, code=0).stderr


def test_the_case_file_says_how_far_interest_was_counted() -> None:
    args = ("case-file", DK_LEDGER, "--claim", "DK-0010", "--profile", "dk")
    page = invoke(*args, "--as-of", "2026-12-07", "--format", "html", code=0).stdout
    assert "Late interest through 2026-06-30" in page
    assert "Late interest through 2026-12-07" not in page


def test_the_docs_say_what_the_engine_does_with_unknown_law() -> None:
    text = _said((ROOT / "docs/non-goals.md").read_text(encoding="utf-8"))
    assert "the action stands and the amount is the least owed" in text
