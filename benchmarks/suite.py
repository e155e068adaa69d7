"""Every pipeline of benchmarks/README.md in one run: pure and compiled builds, side by side.

Runs, in interleaved rounds (each stage in a fresh process, the two builds alternating first):

* the orjson parse floor, the zen-engine pipeline (``benchmarks/zen/compare.py``'s stages) and
  ``claimrules decide`` compact (``--trace none``) and with the full trace, on the ordinary and
  the harder ledger, with each build (the CLI's start-up, measured on an empty file in the same
  round, subtracted);
* ``cr.decide`` on one claim at a time (p50, p99) and ``import claimrules`` plus
  ``load_profile("no")``, in fresh processes;

then, once, each build's memory and time at 10^6 claims (``--million-*``) and the cost per event
(``benchmarks/events.py``). Each build is an environment with claimrules installed (for the
compiled one: the wheel built with ``HATCH_BUILD_HOOK_ENABLE_MYPYC=true``) and the ``bench``
extra. It prints the tables of benchmarks/README.md (``--json`` for every record)::

    python benchmarks/suite.py --pure .venv/bin/python --compiled /tmp/compiled/bin/python \\
        --ordinary /tmp/bench/o100k.jsonl --harder /tmp/bench/h100k.jsonl --rounds 3 \\
        --million-ordinary /tmp/bench/o1m.jsonl --million-harder /tmp/bench/h1m.jsonl

The quietest round of a ledger is the one whose zen pipeline ran fastest: its figures are
reported, with the range over all rounds beside them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COMPARE = HERE / "zen" / "compare.py"
EVENTS = HERE / "events.py"
AS_OF = "2025-12-31"
PIPELINES = ("parse", "zen", "claimrules-compact", "claimrules-cli")
"""compare.py's stages: the floor, the zen pipeline, the compact and the full CLI."""

Record = dict[str, Any]


def stage(python: str, name: str, path: Path, out_dir: Path, sample: int = 2000) -> Record:
    """One of compare.py's stages in a fresh process of ``python``."""
    command = [python, str(COMPARE), str(path), "--stage", name, "--as-of", AS_OF]
    command += ["--profile", "no", "--out-dir", str(out_dir), "--repeat", "1"]
    command += ["--api-sample", str(sample)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise SystemExit(f"{name} with {python} failed:\n{done.stderr.decode()[-3000:]}")
    record: Record = json.loads(done.stdout)
    record["process_seconds"] = time.perf_counter() - started
    return record


def one_round(builds: dict[str, str], ledgers: dict[str, Path], order: list[str]) -> Record:
    """Every pipeline on every ledger with every build, the builds in ``order``."""
    found: Record = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        empty = out / "empty.jsonl"
        empty.touch()
        for build in order:
            python = builds[build]
            startup = stage(python, "claimrules-compact", empty, out)["loop_seconds"]
            found[f"{build}/startup"] = startup
            for ledger, path in ledgers.items():
                for name in PIPELINES:
                    record = stage(python, name, path, out)
                    found[f"{build}/{ledger}/{name}"] = record
                found[f"{build}/{ledger}/latency"] = stage(python, "latency", path, out)
    return found


def _net(record: Record, startup: float) -> float:
    return max(record["loop_seconds"] - startup, 1e-9)


def per_claim(rounds: list[Record], builds: list[str], ledger: str) -> Record:
    """µs per claim of every pipeline in every round (start-up subtracted from the CLI's)."""
    table: Record = {}
    for build in builds:
        for name in PIPELINES:
            values = []
            for found in rounds:
                record = found[f"{build}/{ledger}/{name}"]
                claims = found[f"{build}/{ledger}/parse"]["claims"]
                seconds = record["loop_seconds"]
                if name.startswith("claimrules"):
                    seconds = _net(record, found[f"{build}/startup"])
                values.append(seconds / claims * 1e6)
            table[f"{build}/{name}"] = values
    return table


def quietest(rounds: list[Record], builds: list[str], ledger: str) -> int:
    """The round whose zen pipeline ran fastest on ``ledger`` (over both builds' runs)."""
    zen = [min(r[f"{b}/{ledger}/zen"]["loop_seconds"] for b in builds) for r in rounds]
    return zen.index(min(zen))


def _mib(kb: int) -> float:
    return kb / 1024


def markdown(report: Record) -> str:
    """The tables of benchmarks/README.md."""
    builds: list[str] = report["builds"]
    rounds: list[Record] = report["rounds"]
    lines: list[str] = []
    for ledger in report["ledgers"]:
        table = per_claim(rounds, builds, ledger)
        q = quietest(rounds, builds, ledger)
        lines += [
            f"**{ledger} ledger** ({rounds[q][f'{builds[0]}/{ledger}/parse']['claims']:,} "
            f"claims; quietest of {len(rounds)} rounds: round {q + 1})",
            "",
            "| pipeline | build | claims/s | µs/claim (range) | × floor | ÷ zen | peak MiB |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for name, label in (
            ("parse", "orjson parse (the floor)"),
            ("zen", "zen-engine pipeline"),
            ("claimrules-compact", "`claimrules decide --trace none`"),
            ("claimrules-cli", "`claimrules decide` (full trace)"),
        ):
            for build in builds if name.startswith("claimrules") else builds[:1]:
                values = table[f"{build}/{name}"]
                here = values[q]
                floor = table[f"{build}/parse"][q]
                zen = table[f"{build}/zen"][q]
                rss = rounds[q][f"{build}/{ledger}/{name}"].get("maxrss_kb", 0)
                shown = build if name.startswith("claimrules") else ""
                lines.append(
                    f"| {label} | {shown} | {1e6 / here:,.0f} | {here:.1f} "
                    f"({min(values):.1f}–{max(values):.1f}) | {here / floor:.1f} | "
                    f"{here / zen:.2f} | {_mib(rss):.0f} |"
                )
        lines.append("")
        lines += [
            "| one claim (`cr.decide`, full trace) | build | p50 µs | p99 µs (range) |",
            "|---|---|---:|---:|",
        ]
        for build in builds:
            p99 = [r[f"{build}/{ledger}/latency"]["p99_us"] for r in rounds]
            p50 = rounds[q][f"{build}/{ledger}/latency"]["p50_us"]
            lines.append(
                f"| {ledger} ledger | {build} | {p50:.0f} | {p99[q]:.0f} "
                f"({min(p99):.0f}–{max(p99):.0f}) |"
            )
        lines.append("")
    lines += [
        '| `import claimrules` + `load_profile("no")` | build | seconds (range over rounds) |',
        "|---|---|---:|",
    ]
    for build in builds:
        totals = [
            r[f"{build}/{ledger}/latency"]["import_seconds"]
            + r[f"{build}/{ledger}/latency"]["profile_load_seconds"]
            for r in rounds
            for ledger in report["ledgers"]
        ]
        lines.append(f"| | {build} | {min(totals):.2f} ({min(totals):.2f}–{max(totals):.2f}) |")
    lines.append("")
    if report.get("million"):
        lines += [
            "| 10^6 claims | build | pipeline | claims/s | µs/claim | peak MiB |",
            "|---|---|---|---:|---:|---:|",
        ]
        for key, record in report["million"].items():
            build, ledger, name = key.split("/")
            claims = record["claims"]
            seconds = _net(record, report["million_startup"][build])
            lines.append(
                f"| {ledger} | {build} | {name} | {claims / seconds:,.0f} | "
                f"{seconds / claims * 1e6:.1f} | {_mib(record['maxrss_kb']):.0f} |"
            )
        lines.append("")
    if report.get("events"):
        lines += ["```", *report["events"], "```"]
    return "\n".join(lines)


def million(builds: dict[str, str], ledgers: dict[str, Path]) -> tuple[Record, Record]:
    """Memory and time of the compact and full CLI at 10^6 claims, per build."""
    found: Record = {}
    startup: Record = {}
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        empty = out / "empty.jsonl"
        empty.touch()
        for build, python in builds.items():
            startup[build] = stage(python, "claimrules-compact", empty, out)["loop_seconds"]
            for ledger, path in ledgers.items():
                claims = sum(1 for _ in path.open("rb"))
                for name in ("claimrules-compact", "claimrules-cli"):
                    record = stage(python, name, path, out)
                    record["claims"] = claims
                    found[f"{build}/{ledger}/{name}"] = record
    return found, startup


def events(python: str) -> list[str]:
    """``benchmarks/events.py`` with ``python``: the cost of one claim as its events grow."""
    done = subprocess.run(  # noqa: S603
        [python, str(EVENTS), "--sizes", "1000", "10000", "100000"],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pure", required=True, help="python of the pure build's environment")
    parser.add_argument("--compiled", help="python of the compiled build's environment")
    parser.add_argument("--ordinary", type=Path, required=True)
    parser.add_argument("--harder", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--million-ordinary", type=Path)
    parser.add_argument("--million-harder", type=Path)
    parser.add_argument("--million-builds", default="compiled", help="comma-separated")
    parser.add_argument("--json", type=Path, help="write every record here")
    args = parser.parse_args()
    builds = {"pure": args.pure}
    if args.compiled:
        builds["compiled"] = args.compiled
    ledgers = {"ordinary": args.ordinary, "harder": args.harder}
    report: Record = {"builds": list(builds), "ledgers": list(ledgers), "rounds": []}
    report["started"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    for number in range(args.rounds):
        order = list(builds) if number % 2 == 0 else list(reversed(builds))
        report["rounds"].append(one_round(builds, ledgers, order))
        print(f"round {number + 1} done", file=sys.stderr)
    big = {"ordinary": args.million_ordinary, "harder": args.million_harder}
    big_ledgers = {name: path for name, path in big.items() if path is not None}
    if big_ledgers:
        chosen = {b: builds[b] for b in args.million_builds.split(",") if b in builds}
        report["million"], report["million_startup"] = million(chosen, big_ledgers)
    report["events"] = events(builds.get("compiled", args.pure))
    report["finished"] = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    print(markdown(report))


if __name__ == "__main__":
    main()
