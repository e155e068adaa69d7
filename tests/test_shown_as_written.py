"""Text from a ledger is shown as written in every text report: never read as markup, never sent
to the terminal as a control sequence, never cut (issue 19, item 2).

A claim id like ``INV[/x]`` once stopped four reports with a markup error; ``A[bold]Z[/bold]``
printed as ``AZ``; ESC, OSC and BEL characters in ids cleared the screen and retitled the window.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimrules.cli.app as cli
from claimrules.text.safe import json_visible, visible, visible_lines

AS_OF = "2022-12-01"

REPORTS: tuple[tuple[str, ...], ...] = (
    ("cases",),
    ("cases", "--all"),
    ("deadlines", "--within", "1y"),
    ("no-movement",),
    ("monitoring",),
    ("aging",),
    ("postings",),
    ("audit-dispatch",),
)
"""Every text report that reads a ledger (``explain``, ``case-file`` and ``diff`` are below)."""

WIDTHS = ("80", "200")


def _claims(claim_id: str, debtor_id: str) -> list[dict[str, Any]]:
    """Three claims of one debtor, each showing up in some report: a social loan nobody has
    moved (no-movement), a written-off water fee (monitoring), and a water fee whose
    limitation runs out within the year (deadlines) and that was offset although its invoice
    never left (the dispatch audit lists it by id)."""
    debtor = {"id": debtor_id, "kind": "person"}
    base = {"debtor": debtor, "currency": "NOK", "principal": "1000.00"}
    sent = [{"kind": "invoice_sent", "on": "2020-01-05", "channel": "post"}]
    proof = [{"kind": "invoice_dispatched", "on": "2020-01-05", "channel": "post"}]
    return [
        {
            **base,
            "id": claim_id,
            "claim_type": "water_fee",
            "issued_on": "2020-01-05",
            "due_on": "2020-01-20",
            "events": [*sent, {"kind": "offset", "on": "2020-06-01", "amount": "10.00"}],
        },
        {
            **base,
            "id": claim_id + "-loan",
            "claim_type": "social_loan",
            "issued_on": "2020-01-05",
            "due_on": "2020-01-20",
            "events": [*sent, *proof],
        },
        {
            **base,
            "id": claim_id + "-off",
            "claim_type": "water_fee",
            "issued_on": "2020-01-05",
            "due_on": "2020-01-20",
            "events": [*sent, *proof, {"kind": "written_off", "on": "2021-01-05"}],
        },
    ]


def _write(path: Path, claims: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8")
    return path


def _run(*args: str, width: str) -> Result:
    result = CliRunner().invoke(
        cli.main, list(args), prog_name="claimrules", env={"COLUMNS": width}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{args}: {result.exception!r}\n{result.output}"
    )
    assert result.exit_code == 0, f"{args} exit {result.exit_code}\n{result.output}"
    return result


_RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e]")


def _no_raw_control(text: str) -> None:
    """Nothing a terminal could act on: every control, format and separator character other
    than the line break is escaped."""
    hidden = [
        char
        for char in text
        if char != "\n" and unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs")
    ]
    assert not hidden, f"raw characters reach the terminal: {hidden!r}"
    assert _RAW.search(text) is None


ids = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"], max_codepoint=0x2FFFF),
    min_size=1,
    max_size=10,
).filter(lambda text: len(visible(text)) <= 24 and not text.endswith(("-loan", "-off")))
"""Claim and debtor ids of printable and control characters alike (``[``, ``]``, ESC, BEL,
bidirectional overrides, newlines), short enough that a narrow terminal shows them whole."""


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(claim_id=ids, debtor_id=ids)
def test_every_text_report_shows_ids_as_written_at_80_and_200_columns(
    tmp_path: Path, claim_id: str, debtor_id: str
) -> None:
    ledger = _write(tmp_path / "ledger.jsonl", _claims(claim_id, debtor_id))
    for width in WIDTHS:
        shown: dict[tuple[str, ...], str] = {}
        for report in REPORTS:
            result = _run(*report, str(ledger), "--profile", "no", "--as-of", AS_OF, width=width)
            _no_raw_control(result.output)
            shown[report] = result.output
        # each report that lists these claims shows their ids whole, escaped where needed
        for report in (("cases",), ("deadlines", "--within", "1y")):
            assert visible(claim_id) in shown[report], (report, width, shown[report])
        assert visible(debtor_id) in shown[("cases",)]
        assert visible(claim_id + "-loan") in shown[("no-movement",)]
        assert visible(debtor_id) in shown[("no-movement",)]
        assert visible(claim_id + "-off") in shown[("monitoring",)]
        assert visible(claim_id) in shown[("audit-dispatch",)]
        explained = _run(
            "explain",
            str(ledger),
            "--claim",
            claim_id,
            "--profile",
            "no",
            "--as-of",
            AS_OF,
            width=width,
        )
        _no_raw_control(explained.output)


def test_markup_in_an_id_is_text_not_style(tmp_path: Path) -> None:
    """``INV[/x]`` once raised rich's MarkupError; ``A[bold]Z[/bold]`` printed as ``AZ``."""
    ledger = _write(tmp_path / "ledger.jsonl", _claims("INV[/x]", "A[bold]Z[/bold]"))
    for report in REPORTS:
        output = _run(*report, str(ledger), "--profile", "no", "--as-of", AS_OF, width="200").output
        if report[0] in ("cases", "deadlines"):
            assert "INV[/x]" in output
        if report[0] == "cases":
            assert "A[bold]Z[/bold]" in output


def test_escape_sequences_in_ids_are_shown_escaped(tmp_path: Path) -> None:
    """An id that would clear the screen (ESC [2J), retitle the window (OSC 0; … BEL) or
    reverse the line (U+202E) reaches the terminal as visible escapes."""
    claim_id = "X\x1b]0;pwned\x07\x1b[2J\u202eZ"
    ledger = _write(tmp_path / "ledger.jsonl", _claims(claim_id, "P\x1b[31m"))
    for report in REPORTS:
        output = _run(*report, str(ledger), "--profile", "no", "--as-of", AS_OF, width="80").output
        _no_raw_control(output)
    cases = _run("cases", str(ledger), "--profile", "no", "--as-of", AS_OF, width="80").output
    assert "X\\x1b]0;pwned\\x07\\x1b[2J\\u202eZ" in cases
    assert "P\\x1b[31m" in cases


def test_json_output_escapes_what_a_terminal_would_act_on(tmp_path: Path) -> None:
    """JSON records keep the data (the same strings once parsed) with C1 controls and
    bidirectional overrides written as \\u escapes."""
    claim_id = "C\u009b2J\u202e"
    ledger = _write(tmp_path / "ledger.jsonl", _claims(claim_id, "D"))
    output = _run(
        "cases", str(ledger), "--profile", "no", "--as-of", AS_OF, "--format", "json", width="200"
    ).output
    _no_raw_control(output)
    assert any(
        claim["claim_id"] == claim_id
        for line in output.splitlines()
        for claim in json.loads(line)["claims"]
    )


def test_visible_escapes_controls_and_keeps_everything_else() -> None:
    assert visible("NO-1 [bold] æøå %s {x}") == "NO-1 [bold] æøå %s {x}"
    assert visible("a\x1bb\x07\n\t\u202e\u200b\U000e0001") == (
        "a\\x1bb\\x07\\n\\t\\u202e\\u200b\\U000e0001"
    )
    assert visible_lines("one\x1b\ntwo") == "one\\x1b\ntwo"
    assert json.loads(json_visible(json.dumps("\u009b\u202e", ensure_ascii=False))) == (
        "\u009b\u202e"
    )


def test_diff_and_case_file_show_ids_escaped(tmp_path: Path) -> None:
    """``diff`` lists changed claims by id; ``case-file`` prints the case data: neither sends
    an id's escape sequence to the terminal."""
    from profile_edits import copy_profile, mutate, replace_once

    claim_id = "D\x1b[2J\x07"
    ledger = _write(tmp_path / "ledger.jsonl", _claims(claim_id, "P\x1b]0;x\x07"))
    new = copy_profile(tmp_path, "no")
    mutate(new / "limitation.yaml", replace_once("      value: 3\n", "      value: 4\n"))
    output = _run(
        "diff", "no", str(new), "--ledger", str(ledger), "--as-of", AS_OF, width="80"
    ).output
    _no_raw_control(output)
    assert "D\\x1b[2J\\x07" in output
    for fmt in ("json", "html"):
        made = CliRunner().invoke(
            cli.main,
            [
                "case-file",
                str(ledger),
                "--claim",
                claim_id + "-loan",
                "--profile",
                "no",
                "--as-of",
                "2026-12-07",
                "--format",
                fmt,
            ],
        )
        _no_raw_control(made.output)
