"""Decisions byte for byte: the same `claimrules decide` output from two builds of claimrules.

The compiled build (mypyc, issue 22) must decide exactly as the pure-Python build, and both as
the engine did before: one implementation of each rule, whatever runs it. ``write DIR`` runs the
installed ``claimrules decide`` on every reference ledger at each of its as-of days, with the
full trace and without (``--trace none``), into ``DIR``; ``compare A B`` compares two such
directories file by file and names the first line that differs. CI writes one directory with
the pure build, installs the compiled wheel, writes another and compares them::

    python benchmarks/identical.py write /tmp/pure
    python benchmarks/identical.py write /tmp/compiled   # after installing the compiled wheel
    python benchmarks/identical.py compare /tmp/pure /tmp/compiled
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
from itertools import zip_longest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

REFERENCE = (
    ("no", "examples/no/ledger.jsonl", "no", ("2025-12-31", "2026-12-07")),
    ("no-cases", "examples/no/cases.jsonl", "no", ("2025-12-31", "2026-06-30", "2026-12-07")),
    ("no-orkdal", "examples/no/ledger.jsonl", "no/orkdal", ("2026-12-07",)),
    ("dk", "examples/dk/ledger.jsonl", "dk", ("2025-10-31", "2026-12-07")),
    ("gl", "examples/gl/ledger.jsonl", "gl", ("2022-03-16", "2026-12-07")),
    ("gl-kujalleq", "examples/gl/ledger.jsonl", "gl/kujalleq", ("2022-03-16",)),
)
"""The reference ledgers (name, file, profile, as-of days): the goldens' (tests/golden)."""

MODES = ("full", "none")


def _command() -> list[str]:
    """The ``claimrules`` of this interpreter's environment."""
    script = Path(sys.executable).with_name("claimrules")
    found = str(script) if script.exists() else shutil.which("claimrules")
    if found is None:
        raise SystemExit("claimrules is not installed in this environment")
    return [found]


def write(target: Path) -> int:
    """Decide every reference ledger into ``target``; print one SHA-256 per file."""
    target.mkdir(parents=True, exist_ok=True)
    for name, source, profile, days in REFERENCE:
        for day in days:
            for mode in MODES:
                out = target / f"{name}@{day}.{mode}.jsonl"
                command = [*_command(), "decide", str(ROOT / source), "--profile", profile]
                command += ["--as-of", day, "--trace", mode, "-o", str(out)]
                done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
                # exit code 1: invalid claims reported and skipped (the bundled ledgers hold
                # a few on purpose); a claim the engine could not decide is a defect
                if done.returncode not in (0, 1) or b"defect of claimrules" in done.stderr:
                    sys.stderr.write(done.stderr.decode())
                    return done.returncode or 1
                digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
                print(f"{out.name}: {len(out.read_bytes().splitlines())} decisions, {digest}")
    return 0


def compare(first: Path, second: Path) -> int:
    """0 when both directories hold the same files with the same bytes."""
    names = sorted(
        {p.name for p in first.glob("*.jsonl")} | {p.name for p in second.glob("*.jsonl")}
    )
    differ = 0
    for name in names:
        a, b = first / name, second / name
        if not a.exists() or not b.exists():
            print(f"{name}: only in {a.parent if a.exists() else b.parent}")
            differ += 1
            continue
        if a.read_bytes() == b.read_bytes():
            continue
        differ += 1
        pairs = zip_longest(a.read_bytes().splitlines(), b.read_bytes().splitlines())
        for number, (left, right) in enumerate(pairs, 1):
            if left != right:
                print(f"{name}: line {number} differs")
                break
    print(f"{len(names) - differ} of {len(names)} files identical")
    return 1 if differ or not names else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="how", required=True)
    sub.add_parser("write", help="decide every reference ledger into DIR").add_argument(
        "dir", type=Path
    )
    both = sub.add_parser("compare", help="compare two directories written by `write`")
    both.add_argument("first", type=Path)
    both.add_argument("second", type=Path)
    args = parser.parse_args()
    if args.how == "write":
        raise SystemExit(write(args.dir))
    raise SystemExit(compare(args.first, args.second))


if __name__ == "__main__":
    main()
