"""A parallel run (``decide -j``) ends within seconds when a worker dies or fails: one line
naming what happened, exit 2, no output file and no temporary file (issue 19, item 1).

A worker killed by the kernel's OOM killer once left the parent waiting forever: ``Pool.imap``
loses the chunk a dead worker held.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import struct
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path

import pytest

import claimrules as cr
from claimrules.engine import batch
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


def _send_half_a_result_and_die() -> None:
    """In a pool's worker: write the start of a result into the pool's result pipe, as a worker
    killed half-way through sending one leaves it (a length of 1 MiB, 4 bytes of it), and die."""
    frame = sys._getframe()
    while frame is not None and "result_queue" not in frame.f_locals:
        frame = frame.f_back
    assert frame is not None, "not run by a ProcessPoolExecutor's worker"
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1 << 20) + b"half")
    os._exit(9)


def test_a_worker_dead_half_way_through_a_result_leaves_no_thread_waiting() -> None:
    """The pool's own thread reads the half-sent result for ever while another worker keeps
    the pipe open (CPython's ProcessPoolExecutor), and Python waits for that thread at exit:
    the run sees the dead worker itself, and once every worker has ended closes its own end of
    the pipe, so that the thread reads end of file and ends. Deterministic: the half-sent
    result is written on purpose (the serial test above kills a worker at a random moment)."""
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    try:
        pool.submit(time.sleep, 0.2)  # a second worker, alive and holding the pipe
        dying = pool.submit(_send_half_a_result_and_die)
        workers = dict(pool._processes)  # type: ignore[attr-defined]
        assert len(workers) == 2
        thread = pool._executor_manager_thread  # type: ignore[attr-defined]
        with pytest.raises(cr.WorkerError, match="a worker process exited with status 9"):
            batch._results(1, 1, dying, workers)
    finally:
        batch._stop(pool, workers)
    thread.join(timeout=10)
    assert not thread.is_alive(), "the pool's thread still waits for the rest of the result"
