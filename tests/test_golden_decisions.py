"""Decisions stay byte for byte what they were: every reference ledger and every scenario file,
traced and compact, against goldens kept in ``tests/golden/decisions``.

A refactoring of the engine must not change a single decision. The goldens hold, per claim,
the SHA-256 (first 16 hex digits) of the decision's JSON, restricted to the fields the goldens
know (:data:`GOLDEN_FIELDS`, so that a new field is an addition, never a change). A change of
the law or a fix that is meant to change decisions updates them, in its own commit, with::

    python tests/test_golden_decisions.py --update

and the commit says which decisions changed and why.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import claimrules as cr
from claimrules.engine import decision_record
from claimrules.model.decision import record_json
from claimrules.testing.synthetic import norwegian_ledger

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "decisions"

GOLDEN_FIELDS = (
    "claim_id",
    "as_of",
    "currency",
    "action",
    "on",
    "ready",
    "reason",
    "balance",
    "fee",
    "limitation",
    "lien",
    "deadlines",
    "warnings",
    "trace",
    "profile_id",
    "profile_hash",
    "claim_hash",
    "engine_version",
)
"""The Decision's fields when the goldens were made, in order. Fields added later are left
out of the comparison; within a warning or a trace entry, only ``code``/``message`` and
``rule``/``outcome``/``citation`` are compared."""

_NESTED = {"warnings": ("code", "message"), "trace": ("rule", "outcome", "citation")}

LEDGERS: dict[str, tuple[str, str, tuple[date, ...]]] = {
    "no": ("examples/no/ledger.jsonl", "no", (date(2025, 12, 31), date(2026, 12, 7))),
    "no-cases": ("examples/no/cases.jsonl", "no", (date(2025, 12, 31), date(2026, 12, 7))),
    "no-orkdal": ("examples/no/ledger.jsonl", "no/orkdal", (date(2026, 12, 7),)),
    "no-harder": ("synthetic:2000:0.7", "no", (date(2025, 12, 31),)),
    "dk": ("examples/dk/ledger.jsonl", "dk", (date(2025, 10, 31), date(2026, 12, 7))),
    "gl-kujalleq": ("examples/gl/ledger.jsonl", "gl/kujalleq", (date(2022, 3, 16),)),
    "gl": ("examples/gl/ledger.jsonl", "gl", (date(2022, 3, 16), date(2026, 12, 7))),
}
"""The reference ledgers: name → (file, or a synthetic ledger's size and overdue share;
profile; as-of days)."""

MODES = ("full", "none")


def _lines(source: str) -> Iterator[bytes]:
    if source.startswith("synthetic:"):
        _, size, overdue = source.split(":")
        for record in norwegian_ledger(int(size), overdue=float(overdue)):
            yield json.dumps(record).encode()
    else:
        yield from (ROOT / source).read_bytes().splitlines()


def _golden_json(record: dict[str, Any]) -> bytes:
    """The decision's JSON as the goldens know it (see :data:`GOLDEN_FIELDS`)."""
    kept: dict[str, Any] = {}
    for name in GOLDEN_FIELDS:
        value = record.get(name)
        if name in _NESTED and value is not None:
            value = [{key: item[key] for key in _NESTED[name] if key in item} for item in value]
        kept[name] = value
    return record_json(kept)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _decided(source: str, profile_id: str, day: date, mode: str) -> list[str]:
    profile = cr.load_profile(profile_id)
    found = []
    for line in _lines(source):
        try:
            claim = cr.Claim.model_validate_json(line)
            record = decision_record(claim, profile, day, trace=mode)  # type: ignore[arg-type]
            found.append(_digest(_golden_json(record)))
        except cr.ClaimrulesError as error:
            found.append(f"error {_digest(str(error).encode())}")
    return found


def _scenarios() -> Iterator[tuple[str, dict[str, Any]]]:
    yaml = YAML(typ="safe", pure=True)
    for path in sorted((ROOT / "tests" / "scenarios").glob("*/*.yaml")):
        yield f"{path.parent.name}/{path.stem}", yaml.load(path.read_text(encoding="utf-8"))


def _scenario_lines(mode: str) -> list[str]:
    found = []
    for name, spec in _scenarios():
        profile = cr.load_profile(spec.get("profile", name.split("/")[0]))
        as_of = spec["as_of"]
        as_of = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
        try:
            claim = cr.Claim.model_validate(spec["claim"])
            record = decision_record(claim, profile, as_of, trace=mode)  # type: ignore[arg-type]
            found.append(f"{name} {_digest(_golden_json(record))}")
        except cr.ClaimrulesError as error:
            found.append(f"{name} error {_digest(str(error).encode())}")
    return found


def _cases() -> Iterator[tuple[str, list[str]]]:
    """Each golden file's name and the lines it should hold."""
    for name, (source, profile, days) in LEDGERS.items():
        for day in days:
            for mode in MODES:
                yield f"{name}@{day}.{mode}.txt", _decided(source, profile, day, mode)
    for mode in MODES:
        yield f"scenarios.{mode}.txt", _scenario_lines(mode)


CASES = [
    (f"{name}@{day}.{mode}.txt", name, day, mode)
    for name, (_, _, days) in LEDGERS.items()
    for day in days
    for mode in MODES
]


@pytest.mark.parametrize(("file", "name", "day", "mode"), CASES, ids=[c[0] for c in CASES])
def test_reference_ledger_decisions_are_unchanged(
    file: str, name: str, day: date, mode: str
) -> None:
    source, profile, _ = LEDGERS[name]
    _compare(file, _decided(source, profile, day, mode))


@pytest.mark.parametrize("mode", MODES)
def test_scenario_decisions_are_unchanged(mode: str) -> None:
    _compare(f"scenarios.{mode}.txt", _scenario_lines(mode))


def _compare(file: str, lines: list[str]) -> None:
    """Each line is one claim's digest (the ledger's line order), or a scenario's name and
    digest; a mismatch names the line (or scenario)."""
    expected = (GOLDEN / file).read_text(encoding="utf-8").splitlines()
    changed = [
        f"line {number}: {old} → {new}"
        for number, (old, new) in enumerate(zip(expected, lines, strict=False), start=1)
        if old != new
    ]
    assert len(lines) == len(expected), f"{file}: {len(expected)} decisions, now {len(lines)}"
    assert not changed, f"{file}: {len(changed)} decisions changed, e.g. {changed[:5]}"


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_golden_decisions.py --update")
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for file, lines in _cases():
        (GOLDEN / file).write_text("\n".join(lines) + "\n", encoding="utf-8")
        sys.stdout.write(f"{file}: {len(lines)} decisions\n")
