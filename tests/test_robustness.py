"""Nothing lost, nothing collected that is not owed, nothing one bad input can bring down.

One test (or a few) per behaviour of issue 11, named after the behaviour.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import claimrules as cr
import claimrules.cli.app as cli
from claimrules.law.registry import builtin_root
from claimrules.testing.synthetic import norwegian_ledger
from profile_edits import copy_profile, mutate, replace_once

NO = cr.load_profile("no")
DK = cr.load_profile("dk")
CLAIMRULES = [sys.executable, "-m", "claimrules"]


def run(*args: str | Path, code: int) -> Result:
    result = CliRunner().invoke(cli.main, [str(a) for a in args], prog_name="claimrules")
    if result.exit_code != code:
        raise AssertionError(
            f"exit {result.exit_code}, expected {code}\n{result.stdout}\n{result.stderr}"
            + (f"\n{result.exception!r}" if result.exception else "")
        )
    return result


def _ledger(path: Path, size: int = 300) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in norwegian_ledger(size):
            handle.write(json.dumps(record) + "\n")
    return path


def _water(events: list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    return {
        "id": "W-1",
        "claim_type": "water_fee",
        "debtor": {"id": "P-1", "kind": "person"},
        "principal": "1000.00",
        "currency": "NOK",
        "issued_on": "2024-01-05",
        "due_on": "2024-01-20",
        "events": [
            {"kind": "invoice_sent", "on": "2024-01-05", "channel": "post"},
            {"kind": "invoice_dispatched", "on": "2024-01-05", "channel": "post"},
            *events,
        ],
        **changes,
    }


# --- 1. data loss --------------------------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_output_that_is_the_input_is_refused_and_the_input_kept(
    tmp_path: Path, jobs: str
) -> None:
    ledger = _ledger(tmp_path / "in.jsonl")
    before = ledger.read_bytes()
    for target in (ledger, tmp_path / "sub" / ".." / "in.jsonl"):
        result = run(
            "decide",
            ledger,
            "--profile",
            "no",
            "--as-of",
            "2025-12-31",
            "-o",
            target,
            "-j",
            jobs,
            code=2,
        )
        assert "this is the input" in result.stderr
    assert ledger.read_bytes() == before


def test_a_hard_link_to_the_input_is_the_input(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 20)
    link = tmp_path / "same.jsonl"
    os.link(ledger, link)
    run("decide", ledger, "--profile", "no", "-o", link, code=2)
    assert ledger.read_text(encoding="utf-8").count("\n") == 20


# --- 2. steps after settlement ------------------------------------------------------------------


def test_a_reminder_after_the_claim_was_paid_is_void() -> None:
    paid = _water(
        [
            {"kind": "payment", "on": "2024-01-20", "amount": "1000.00"},
            {"kind": "reminder_sent", "on": "2024-02-05", "fee": "35.00"},
        ]
    )
    decision = cr.decide(paid, NO, date(2024, 3, 15))
    assert decision.action == "none"
    assert decision.balance.fees == 0 and decision.balance.total == 0
    (warning,) = [w for w in decision.warnings if w.code == "step_after_settlement"]
    assert "the reminder of 2024-02-05 was taken after the claim was settled on 2024-01-20" in (
        warning.message
    )
    assert "the fee of 35.00 charged with it is not owed" in warning.message


def test_an_overpaid_claim_with_a_later_reminder_is_refunded_without_its_fee() -> None:
    overpaid = _water(
        [
            {"kind": "payment", "on": "2024-01-20", "amount": "1000.50"},
            {"kind": "reminder_sent", "on": "2024-02-05", "fee": "35.00"},
        ]
    )
    decision = cr.decide(overpaid, NO, date(2024, 3, 15))
    assert decision.action == "refund"
    assert decision.balance.fees == 0
    assert decision.balance.total == Decimal("-0.50")  # 0.50 to pay back, nothing owed


def test_a_reminder_after_a_danish_business_invoice_was_paid_early_is_void() -> None:
    invoice = {
        "id": "DK-B2B",
        "claim_type": "b2b_invoice",
        "debtor": {"id": "B-1", "kind": "business"},
        "principal": "10000.00",
        "currency": "DKK",
        "issued_on": "2025-03-01",
        "due_on": "2025-03-31",
        "events": [
            {"kind": "invoice_sent", "on": "2025-03-01", "channel": "e_invoice"},
            {"kind": "invoice_delivered", "on": "2025-03-01", "channel": "e_invoice"},
            {"kind": "payment", "on": "2025-03-20", "amount": "10000.00"},
            {"kind": "reminder_sent", "on": "2025-04-10", "fee": "100.00"},
        ],
    }
    decision = cr.decide(invoice, DK, date(2025, 5, 15))
    assert decision.action == "none"
    assert decision.balance.fees == 0
    assert "step_after_settlement" in decision.warning_codes()


def test_a_reminder_for_interest_still_owed_after_the_principal_is_paid_is_lawful() -> None:
    # paid 2024-02-20, a month late: the payment covers interest first (10.62), so 10.62 of
    # principal is still owed: 1000 × 0.125 × 31 / 365 = 10.6164.. → 10.62
    late = _water(
        [
            {"kind": "payment", "on": "2024-02-20", "amount": "1000.00"},
            {"kind": "reminder_sent", "on": "2024-03-05", "fee": "35.00"},
        ]
    )
    decision = cr.decide(late, NO, date(2024, 3, 10))
    assert "step_after_settlement" not in decision.warning_codes()
    assert decision.balance.fees == Decimal("35.00")


# --- 3. one claim never aborts a batch -----------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"due_on": "9999-12-31"}, "due_on", "outside the dates a claim may carry"),
        ({"principal": "1E+30"}, "principal", "more than the largest amount a claim may carry"),
        ({"principal": "1E+26"}, "principal", "more than the largest amount a claim may carry"),
        ({"issued_on": "1066-10-14"}, "issued_on", "outside the dates a claim may carry"),
        ({"principal": "100.005"}, "principal", "more decimals than NOK allows (2)"),
    ],
)
def test_amounts_and_dates_the_law_cannot_handle_are_rejected_at_validation(
    change: dict[str, str], field: str, text: str
) -> None:
    with pytest.raises(cr.ClaimError) as info:
        cr.Claim.model_validate(_water([], **change))
    assert info.value.claim_id == "W-1"
    assert info.value.field == field
    assert text in info.value.message


def test_an_as_of_date_out_of_range_is_a_clear_value_error() -> None:
    claim = cr.Claim.model_validate(_water([]))
    with pytest.raises(ValueError, match="as_of 9999-12-31 is outside"):
        cr.decide(claim, NO, date(9999, 12, 31))


def test_the_largest_amount_a_claim_may_carry_is_decided_and_explained() -> None:
    from claimrules.model.claims import MAX_AMOUNT

    claim = cr.Claim.model_validate(_water([], principal=str(MAX_AMOUNT)))
    decision = cr.decide(claim, NO, date(2024, 3, 1))
    assert decision.action == "send_reminder"
    assert "999" in decision.explain("nb", currency="NOK")


def _poisoned(path: Path, size: int, poison_every: int) -> tuple[Path, list[int]]:
    lines: list[int] = []
    with path.open("w", encoding="utf-8") as handle:
        for number, record in enumerate(norwegian_ledger(size), start=1):
            if number % poison_every == 0:
                record = {**record, "due_on": "9999-12-31"}
                lines.append(number)
            handle.write(json.dumps(record) + "\n")
    return path, lines


@pytest.mark.parametrize("command", ["decide", "aging", "deadlines"])
def test_poison_claims_are_reported_with_their_line_and_the_rest_decided(
    tmp_path: Path, command: str
) -> None:
    ledger, poison = _poisoned(tmp_path / "poison.jsonl", 1000, 500)
    args: list[str | Path] = [command, ledger, "--profile", "no", "--as-of", "2025-12-31"]
    if command == "decide":
        args += ["-o", tmp_path / "out.jsonl"]
    result = run(*args, code=1)
    for line in poison:
        assert f"poison.jsonl:{line}: skipped: claim " in result.stderr
        assert f"(line {line}): due_on: 9999-12-31 is outside the dates" in result.stderr
    assert result.stderr.rstrip().endswith("2 invalid claim(s) skipped")
    if command == "decide":
        decided = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(decided) == 1000 - 2


def test_poison_claims_are_reported_by_parallel_workers_too(tmp_path: Path) -> None:
    ledger, poison = _poisoned(tmp_path / "poison.jsonl", 1000, 500)
    out = tmp_path / "out.jsonl"
    result = run(
        "decide", ledger, "--profile", "no", "--as-of", "2025-12-31", "-o", out, "-j", "2", code=1
    )
    assert all(f"poison.jsonl:{line}: skipped" in result.stderr for line in poison)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1000 - 2


def test_an_undecidable_claim_is_reported_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import claimrules.engine.batch as batch

    real = batch.decision_record

    def flaky(claim: cr.Claim, profile: cr.Profile, as_of: date, **kw: Any) -> dict[str, Any]:
        if claim.id == "BAD":
            raise OverflowError("date value out of range")
        return real(claim, profile, as_of, **kw)

    monkeypatch.setattr(batch, "decision_record", flaky)
    items = [_water([]), {**_water([]), "id": "BAD"}, {**_water([]), "id": "W-3"}]
    results = list(cr.decide_many(items, NO, date(2024, 3, 1)))
    assert [type(r).__name__ for r in results] == ["Decision", "ClaimError", "Decision"]
    error = results[1]
    assert isinstance(error, cr.ClaimError)
    assert (error.claim_id, error.field, error.line) == ("BAD", "<engine>", 2)
    assert "OverflowError: date value out of range" in error.message


# --- 4. interrupted runs ------------------------------------------------------------------------


def test_an_interrupted_run_writes_no_file_and_exits_130(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 50)
    out = tmp_path / "out.jsonl"
    import claimrules.engine.batch as batch

    real = batch.decision_record
    seen = []

    def interrupted(claim: cr.Claim, profile: cr.Profile, as_of: date, **kw: Any) -> dict[str, Any]:
        seen.append(claim.id)
        if len(seen) == 30:
            raise KeyboardInterrupt
        return real(claim, profile, as_of, **kw)

    monkeypatch.setattr(batch, "decision_record", interrupted)
    result = run("decide", ledger, "--profile", "no", "-o", out, code=130)
    assert "interrupted: no output file was written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_a_completed_run_replaces_an_older_output_only_at_the_end(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 30)
    out = tmp_path / "out.csv"
    out.write_text("an older report\n", encoding="utf-8")
    run("decide", ledger, "--profile", "no", "--as-of", "2025-12-31", "-o", out, code=0)
    assert out.read_text(encoding="utf-8").startswith("claim_id,as_of,action")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.csv"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_on_a_real_run_leaves_no_file_that_looks_finished(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "big.jsonl", 20_000)
    out = tmp_path / "out.jsonl"
    process = subprocess.Popen(
        [*CLAIMRULES, "decide", str(ledger), "--profile", "no", "-o", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # Ctrl-C as at a terminal, whatever this process inherited (an ignored SIGINT would be)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    # interrupt once the run is writing (its temporary output exists), not after a fixed
    # time: start-up differs by machine, and deciding 20,000 claims takes seconds after it
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < 2 and process.poll() is None:
        assert time.monotonic() < deadline, "the run never started writing"
        time.sleep(0.05)
    time.sleep(0.2)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip(f"the run finished before the interrupt (a very fast machine): {stderr}")
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]


# --- 5, 6, 7. profiles: impossible values, unreadable files, hostile files -----------------------


HOSTILE_YAML = {
    "tag": "a: !!python/object:os.system x\n",
    "octal": "a: 014\n",
    "merge": "base: &b {x: 1}\nother:\n  <<: *b\n",
    "duplicate": "a: 1\nb: 2\na: 3\n",
    "tab": "a:\n\tb: 1\n",
    "bell": "a: 1\nb: x\x07y\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "deep": "".join(f"{'  ' * i}k{i}:\n" for i in range(70)) + "  " * 70 + "end\n",
    "words": "a: no\nb: on\nc: yes\nd: true\ne: ~\nf: 1_000\ng: 2026-01-01\nh: 1.25\n",
}


def _read_with(loader: type, file: Path) -> Any:
    import claimrules.law.yamlio as yamlio

    saved = yamlio._Loader
    yamlio._Loader = loader
    try:
        data, positions = yamlio.read_yaml(file)
        return data, positions.where, [str(p) for p in positions.problems]
    except cr.ProfileError as error:
        # the same file, line and key; a syntax error's wording is the parser's own
        return [
            (i.file, i.line, i.key_path, "YAML syntax" if "YAML syntax" in i.message else i.message)
            for i in error.issues
        ]
    finally:
        yamlio._Loader = saved


def test_the_pure_python_yaml_reader_reads_as_libyaml_does(tmp_path: Path) -> None:
    """Where PyYAML has no libyaml, its Python parser reads every profile file and every
    hostile file to the same data and lines, and fails on the same line (YAML 1.2 words:
    ``no`` stays a string)."""
    import claimrules.law.yamlio as yamlio

    files = sorted(builtin_root().rglob("*.yaml"))
    for name, text in HOSTILE_YAML.items():
        files.append(tmp_path / f"{name.replace(' ', '_')}.yaml")
        files[-1].write_text(text, encoding="utf-8")
    for file in files:
        assert _read_with(yamlio._PyLoader, file) == _read_with(yamlio._Loader, file), file
    data, _, _ = _read_with(yamlio._PyLoader, tmp_path / "words.yaml")
    assert data == {
        "a": "no",
        "b": "on",
        "c": "yes",
        "d": True,
        "e": None,
        "f": 1000,
        "g": date(2026, 1, 1),
        "h": Decimal("1.25"),
    }


@pytest.mark.parametrize(
    ("file", "old", "new", "key", "message"),
    [
        (
            "fees.yaml",
            "          value: 750\n",
            "          value: -750\n",
            "fees.inkasso.base.values.2026-01-01.value",
            "must be at least 0 (got -750)",
        ),
        (
            "fees.yaml",
            '            2020-10-01: {value: "1/20", status: verified}',
            '            2020-10-01: {value: "-1/20", status: verified}',
            "fees.inkasso.notices.reminder.fraction.values.2020-10-01.value",
            "the fraction -1/20 must be more than 0 and at most 1",
        ),
        (
            "interest.yaml",
            "        2023-07-01: 11.75",
            "        2023-07-01: -50",
            "interest.statutory.rate.values.2023-07-01",
            "must be at least -10 (got -50)",
        ),
        (
            "interest.yaml",
            "        2023-07-01: 11.75",
            "        2023-07-01: 1e308",
            "interest.statutory.rate.values.2023-07-01",
            "must be at most 100 (got 1E+308)",
        ),
        (
            "interest.yaml",
            "        2023-07-01: 11.75",
            "        2023-07-01: 014",
            "interest.statutory.rate.values.2023-07-01",
            "a number may not start with 0",
        ),
        (
            "interest.yaml",
            "        2023-07-01: 11.75",
            "        2023-07-01: " + "9" * 5000,
            "interest.statutory.rate.values.2023-07-01",
            "a number with more than 40 digits",
        ),
    ],
)
def test_impossible_law_values_are_profile_errors_with_file_and_line(
    tmp_path: Path, file: str, old: str, new: str, key: str, message: str
) -> None:
    base = copy_profile(tmp_path, "no")
    text = mutate(base / file, replace_once(old, new))
    with pytest.raises(cr.ProfileError) as info:
        cr.load_profile(base)
    (issue,) = info.value.issues
    assert issue.file is not None and Path(issue.file).name == file
    assert issue.line == text[: text.index(new)].count("\n") + 1
    assert issue.key_path == key
    assert message in issue.message
    result = run("validate", base, code=2)
    assert f"{file}:{issue.line}: {key}: " in result.stderr


def test_a_rounding_step_of_zero_is_refused(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    mutate(base / "fees.yaml", replace_once("          value: 0.01\n", "          value: 0\n"))
    with pytest.raises(cr.ProfileError, match="must be more than 0"):
        cr.load_profile(base)


@pytest.mark.parametrize(
    ("name", "write", "line", "message"),
    [
        ("latin-1", lambda f: f.write_bytes('a: "§ 1"\n'.encode("latin-1")), 1, "not UTF-8 text"),
        ("utf-16", lambda f: f.write_bytes("a: 1\n".encode("utf-16")), 1, "not UTF-8 text"),
        (
            "deep flow",
            lambda f: f.write_text("x: " + "[" * 3000 + "]" * 3000 + "\n"),
            1,
            "nested more than 64 levels deep",
        ),
        (
            "deep block",
            lambda f: f.write_text("".join("  " * i + f"k{i}:\n" for i in range(200))),
            None,
            "nested more than 64 levels deep",
        ),
    ],
)
def test_unreadable_profile_files_are_profile_errors(
    tmp_path: Path, name: str, write: Any, line: int | None, message: str
) -> None:
    base = copy_profile(tmp_path, "no")
    write(base / "extra.yaml")
    with pytest.raises(cr.ProfileError) as info:
        cr.load_profile(base)
    issue = info.value.issues[0]
    assert issue.file is not None and Path(issue.file).name == "extra.yaml", name
    if line is not None:
        assert issue.line == line
    assert message in issue.message
    assert "extra.yaml" in run("validate", base, code=2).stderr


def test_an_alias_bomb_fails_fast(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)]
    (base / "extra.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(cr.ProfileError, match="more than 200,000 values once aliases"):
        cr.load_profile(base)
    assert time.perf_counter() - started < 30  # 9^9 values would take hours and gigabytes


def test_an_oversized_profile_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    (base / "extra.yaml").write_text("# " + "x" * (5 * 1024 * 1024) + "\n", encoding="utf-8")
    with pytest.raises(cr.ProfileError, match="a profile file may have at most 4,194,304"):
        cr.load_profile(base)


# --- 8. linear replay (the timing of 100,000 events is in benchmarks/events.py) --------------------


def test_a_claim_with_thousands_of_notices_replays_them_all() -> None:
    from datetime import timedelta

    first = date(2024, 2, 4)  # 15 days after the due date 2024-01-20
    events = [
        {"kind": "reminder_sent", "on": first + timedelta(days=i // 100), "fee": "35.00"}
        for i in range(20_000)
    ]
    claim = cr.Claim.model_validate(_water(events))
    decision = cr.decide(claim, NO, date(2024, 12, 31))
    # the first reminder, 14 days or more after the due date, bears the 35 fee; every later one
    # comes within a day of the one before: no further fee (inkassoforskriften § 1-3)
    assert decision.balance.fees == Decimal("35.00")
    assert decision.warning_codes().count("fee_over_cap") == 20_000 - 1


# --- 9. output errors ---------------------------------------------------------------------------


def test_a_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 50)
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    result = subprocess.run(
        [*CLAIMRULES, "decide", str(ledger), "--profile", "no", "-o", "/dev/full"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Error: cannot write the output: No space left on device"
    ]


def test_a_closed_standard_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 20)
    result = subprocess.run(
        [*CLAIMRULES, "decide", str(ledger), "--profile", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: standard output is closed: give an output file with -o"


def test_a_broken_pipe_is_one_line_and_exit_2(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 2000)
    process = subprocess.Popen(
        [*CLAIMRULES, "decide", str(ledger), "--profile", "no"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2
    assert stderr.decode().strip() == "Error: cannot write the output: Broken pipe"


def test_an_unwritable_directory_is_one_line_and_exit_2_before_deciding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 20)

    def refuse(*_: Any, **__: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = run("decide", ledger, "--profile", "no", "-o", tmp_path / "out.jsonl", code=2)
    assert result.stderr.strip().endswith("out.jsonl: Permission denied")
    assert "Traceback" not in result.stderr


# --- 10. documented exceptions ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["not json", b"\xff\xfe\x00", "[1, 2]", "null"])
def test_every_way_in_raises_the_documented_error(text: str | bytes) -> None:
    with pytest.raises(cr.ClaimError):
        cr.Claim.model_validate_json(text)
    with pytest.raises(cr.ReplayError, match="not a stored decision"):
        cr.replay(text, _water([]))
    (error,) = list(cr.decide_many([text], NO, date(2024, 3, 1)))
    assert isinstance(error, cr.ClaimError) and error.line == 1


def test_decide_takes_what_it_can_read_unambiguously_and_says_what_to_pass() -> None:
    claim = cr.Claim.model_validate(_water([]))
    decision = cr.decide(claim, NO, date(2024, 3, 1))
    assert cr.decide(claim, "no", "2024-03-01") == decision
    from datetime import datetime

    assert cr.decide(_water([]), NO, datetime(2024, 3, 1, 15, 30)) == decision
    with pytest.raises(TypeError, match=r"as_of must be a date, or a string 'YYYY-MM-DD'"):
        cr.decide(claim, NO, "1 March 2024")  # type: ignore[arg-type]
    with pytest.raises(
        TypeError,
        match=r"as_of must be a datetime\.date, a datetime or a string 'YYYY-MM-DD', not int",
    ):
        cr.decide(claim, NO, 20240301)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="profile must be a Profile"):
        cr.decide(claim, 47, date(2024, 3, 1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="claim must be a Claim, a mapping or JSON text"):
        cr.decide(47, NO, date(2024, 3, 1))  # type: ignore[arg-type]


# --- 11. ids and paths ----------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["", "..", "../profiles/no", "no/../dk", "/etc", "./no"])
def test_a_profile_id_resolves_only_to_a_built_in_or_plug_in_profile(
    ref: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(builtin_root())  # where "./no" or "no/../dk" would otherwise be found
    with pytest.raises(cr.ProfileError, match="no profile"):
        cr.load_profile(ref)


def test_a_profile_directory_is_given_as_a_path() -> None:
    assert cr.load_profile(builtin_root() / "no") is cr.load_profile("no")


def test_an_empty_profile_on_the_command_line_is_exit_2(tmp_path: Path) -> None:
    ledger = _ledger(tmp_path / "in.jsonl", 5)
    assert "no profile ''" in run("decide", ledger, "--profile", "", code=2).stderr


def test_a_link_to_a_file_outside_the_profile_directory_is_refused(tmp_path: Path) -> None:
    base = copy_profile(tmp_path, "no")
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(base / "fees.yaml", outside)
    (base / "fees.yaml").unlink()
    (base / "fees.yaml").symlink_to(outside)
    with pytest.raises(cr.ProfileError, match="outside the profile directory"):
        cr.load_profile(base)


# --- 12. money in the minor unit ------------------------------------------------------------------


def test_money_is_written_with_the_currency_minor_unit() -> None:
    claim = cr.Claim.model_validate(_water([], principal="1E+3"))
    data = json.loads(cr.decide(claim, NO, date(2024, 1, 25)).model_dump_json())
    assert data["fee"] == "35.00"  # the reminder lawful from 2024-02-03: 700 / 20
    assert data["balance"] == {
        "principal": "1000.00",  # given as "1E+3"
        "interest": "1.71",  # 2024-01-21 .. 01-25, 5 days at 12.50 %: 625 / 365 = 1.7123..
        "fees": "0.00",
        "total": "1001.71",
        "interest_known_through": None,
    }
    dk = cr.decide(
        {
            **_water([]),
            "claim_type": "water_fee",
            "currency": "DKK",
            "events": [
                {"kind": "invoice_sent", "on": "2024-01-05", "channel": "digital_mailbox"},
                {"kind": "invoice_delivered", "on": "2024-01-05", "channel": "digital_mailbox"},
            ],
        },
        DK,
        date(2024, 3, 1),
    )
    assert json.loads(dk.model_dump_json())["fee"] == "100.00"


def test_ctrl_c_while_orjson_writes_an_amount_is_still_ctrl_c(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # orjson turns an exception raised in its callback for a Decimal into "not JSON
    # serializable"; a Ctrl-C there must reach the CLI as KeyboardInterrupt (exit 130), as it
    # did once in CI, not as a TypeError with a traceback
    import claimrules.model.decision as decision

    def interrupted(value: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(decision, "_decimal", interrupted)
    with pytest.raises(KeyboardInterrupt):
        decision.record_json({"fee": Decimal("35.00")})


def test_ctrl_c_inside_any_library_callback_stops_the_run_and_is_no_skipped_claim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CI once interrupted a real run while orjson was hashing a claim's events (its fallback for
    # an event model): orjson reported "Type is not JSON serializable: InvoiceSent", the batch
    # skipped the claim as an engine defect, finished and exited 1. Every per-claim error
    # handler must find the Ctrl-C behind the error and stop the run with it.
    import claimrules.model.reading as claims

    calls = 0
    real = claims._canonical

    def interrupted_once_in_a_while(value: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 500:
            raise KeyboardInterrupt
        return real(value)

    monkeypatch.setattr(claims, "_canonical", interrupted_once_in_a_while)
    ledger = _ledger(tmp_path / "in.jsonl", 200)
    out = tmp_path / "out.jsonl"
    result = run("decide", ledger, "--profile", "no", "-o", out, code=130)
    assert "interrupted: no output file was written" in result.stderr
    assert "skipped" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]

    calls = 0
    with pytest.raises(KeyboardInterrupt):
        list(cr.decide_many(ledger.read_text(encoding="utf-8").splitlines(), NO, date(2026, 12, 7)))


def test_an_interruption_is_found_behind_any_chain_of_errors() -> None:
    from claimrules.errors import interruption_within

    def chained() -> BaseException:
        try:
            try:
                raise KeyboardInterrupt
            except KeyboardInterrupt as inner:
                raise TypeError("Type is not JSON serializable: InvoiceSent") from inner
        except TypeError as middle:
            try:
                raise ValueError("while reporting") from None
            except ValueError as outer:
                outer.__context__ = middle
                return outer

    assert isinstance(interruption_within(chained()), KeyboardInterrupt)
    assert interruption_within(ValueError("plain")) is None
    looped = ValueError("a")
    looped.__context__ = TypeError("b")
    looped.__context__.__context__ = looped
    assert interruption_within(looped) is None
