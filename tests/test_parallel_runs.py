"""A parallel run (``decide -j``) ends within seconds when a worker dies or fails: one line
naming what happened, exit 2, no output file and no temporary file (issue 19, item 1).

A worker killed by the kernel's OOM killer once left the parent waiting forever: ``Pool.imap``
loses the chunk a dead worker held.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

import claimrules as cr
from claimrules.reports.portfolio import decide_json_lines
from claimrules.testing.synthetic import norwegian_ledger

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")


def _children(pid: int) -> list[int]:
    """The worker processes a run started (``multiprocessing`` spawn children of ``pid``)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"spawn_main" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.serial  # times how fast the run ends: alone on the machine (CI: pytest -m serial)
def test_a_killed_worker_ends_the_run_with_exit_2_and_leaves_no_file(tmp_path: Path) -> None:
    ledger = tmp_path / "k.jsonl"
    with ledger.open("w", encoding="utf-8") as handle:
        for record in norwegian_ledger(24_000):
            handle.write(json.dumps(record) + "\n")
    out = tmp_path / "out.jsonl"
    run = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimrules",
            "decide",
            str(ledger),
            "--profile",
            "no",
            "--as-of",
            "2025-12-01",
            "-o",
            str(out),
            "-j",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # until the temporary output passes 1 MB
            partial = list(tmp_path.glob(".out.jsonl.*.partial"))
            if partial and partial[0].stat().st_size > 1_000_000:
                break
            assert run.poll() is None, run.communicate()
            time.sleep(0.05)
        workers = _children(run.pid)
        assert workers, "no worker process found"
        os.kill(workers[0], signal.SIGKILL)
        killed = time.monotonic()
        _, stderr = run.communicate(timeout=30)
        ended = time.monotonic() - killed
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 2, stderr
    assert ended < 10, f"the run took {ended:.1f} s to end after its worker was killed"
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "a worker process was killed by signal 9 (SIGKILL)" in lines[0]
    assert "nothing was written" in lines[0]
    assert not out.exists()
    assert not list(tmp_path.glob(".out.jsonl.*")), "a temporary file was left behind"


def test_a_worker_that_fails_ends_the_run_with_a_worker_error() -> None:
    """A worker that cannot start (its profile does not load there) fails every chunk: the run
    ends with WorkerError, not a hang and not a traceback from the pool."""
    line = json.dumps(
        {
            "id": "W-1",
            "claim_type": "water_fee",
            "debtor": {"id": "P-1", "kind": "person"},
            "principal": "100.00",
            "currency": "NOK",
            "issued_on": "2024-01-05",
            "due_on": "2024-01-20",
        }
    ).encode()
    started = time.monotonic()
    with pytest.raises(cr.ClaimrulesError) as raised:
        list(decide_json_lines([(1, line)] * 5, "xx/none", date(2025, 1, 1), jobs=2))
    assert type(raised.value).__name__ == "WorkerError"
    assert time.monotonic() - started < 30
