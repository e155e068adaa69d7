"""Shared test set-up: the bounded hypothesis profile and the scenario-file runner.

Scenario files (``tests/scenarios/<country>/*.yaml``) are plain data a lawyer can read: a claim,
an as-of date and the expected decision, with the arithmetic in comments. Only the keys given
under ``expect`` are compared.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from ruamel.yaml import YAML

import claimrules as cr

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile(
    "deep", max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
"""On request: ``pytest --hypothesis-profile=dev`` or ``=deep`` (or ``HYPOTHESIS_PROFILE=``).
By default, in CI and in the README's test command alike, the bounded ``ci`` profile: the
whole suite in about two to three minutes on a 2-core machine."""
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_EXPECT_KEYS = {
    "notice",
    "action",
    "on",
    "ready",
    "fee",
    "balance",
    "limitation",
    "lien",
    "warnings",
    "warnings_exclude",
    "warning_messages_include",
    "deadlines_include",
    "trace_include",
    "reason_include",
}


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".yaml" and "scenarios" in file_path.parts:
        return ScenarioFile.from_parent(parent, path=file_path)
    if file_path.suffix == ".yaml" and "debtor_cases" in file_path.parts:
        return DebtorCaseFile.from_parent(parent, path=file_path)
    return None


class DebtorCaseFile(pytest.File):
    """A debtor's claims and what the debtor's case must propose (set-off before refund):
    ``claims`` (each a claim as in a scenario), ``expect`` with ``offsets`` (from, to, amount),
    ``refunds`` (claim, amount, action) and ``not_offset`` (claim, the start of the reason)."""

    def collect(self) -> Any:
        data = YAML(typ="safe", pure=True).load(self.path.read_text(encoding="utf-8"))
        yield DebtorCaseItem.from_parent(self, name=self.path.stem, spec=data)


class DebtorCaseItem(pytest.Item):
    def __init__(self, *, spec: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        spec = self.spec
        profile = cr.load_profile(spec["profile"])
        claims = [cr.Claim.model_validate(item) for item in spec["claims"]]
        (case,) = cr.debtor_cases(claims, profile, _date(spec["as_of"]), owing_only=False)
        expect = spec["expect"]
        offsets = [(o.from_claim, o.to_claim, o.amount) for o in case.offsets]
        wanted = [(a, b, Decimal(str(n))) for a, b, n in expect.get("offsets", [])]
        assert offsets == wanted, f"offsets: got {offsets}, expected {wanted}"
        refunds = [(r.claim_id, r.amount, r.action) for r in case.refunds]
        wanted_refunds = [(a, Decimal(str(n)), act) for a, n, act in expect.get("refunds", [])]
        assert refunds == wanted_refunds, f"refunds: got {refunds}, expected {wanted_refunds}"
        refused = [(n.claim_id, n.reason) for n in case.not_offset]
        wanted_refused = expect.get("not_offset", [])
        assert len(refused) == len(wanted_refused), f"not_offset: got {refused}"
        for (claim_id, reason), (want_id, want_reason) in zip(refused, wanted_refused, strict=True):
            assert claim_id == want_id and reason.startswith(want_reason), (claim_id, reason)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        return f"debtor case {self.path.name}: {excinfo.value}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"debtor case: {self.spec.get('title', self.name)}"


class ScenarioFile(pytest.File):
    def collect(self) -> Any:
        data = YAML(typ="safe", pure=True).load(self.path.read_text(encoding="utf-8"))
        yield ScenarioItem.from_parent(self, name=self.path.stem, spec=data)


class ScenarioItem(pytest.Item):
    def __init__(self, *, spec: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def runtest(self) -> None:
        spec = self.spec
        unknown = set(spec["expect"]) - _EXPECT_KEYS
        assert not unknown, f"unknown expect keys {unknown}"
        profile = cr.load_profile(spec["profile"])
        claim = cr.Claim.model_validate(spec["claim"])
        as_of = _date(spec["as_of"])
        decision = cr.decide(claim, profile, as_of)
        assert decision == cr.decide(claim, profile, as_of), "decide is not deterministic"
        check_expectations(decision, spec["expect"])
        if "notice" in spec["expect"]:
            check_notice(claim, profile, as_of, spec["expect"]["notice"])

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        return f"scenario {self.path.name}: {excinfo.value}"

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.spec.get('title', self.name)}"


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _same(actual: Any, expected: Any, what: str) -> None:
    if isinstance(actual, Decimal):
        assert actual == Decimal(str(expected)), f"{what}: got {actual}, expected {expected}"
    elif isinstance(actual, date):
        assert expected is not None and actual == _date(expected), (
            f"{what}: got {actual}, expected {expected}"
        )
    else:
        assert actual == expected, f"{what}: got {actual!r}, expected {expected!r}"


_NOTICE_KEYS = {
    "heading", "deadline", "deadline_days", "consequence", "objection", "interest_from",
    "principal", "interest", "fees", "fee", "total", "fields", "citations",
}  # fmt: skip


def check_notice(
    claim: cr.Claim, profile: cr.Profile, sent_on: date, expect: dict[str, Any]
) -> None:
    """The content of the notice letter sent on ``sent_on`` (``claimrules notice``) against
    ``expect``: its heading, deadline, consequence, amounts, the fields the law requires and
    the citations it gives (each given one must be among them)."""
    from claimrules.reports.notices import notice_content

    unknown = set(expect) - _NOTICE_KEYS
    assert not unknown, f"unknown notice keys {unknown}"
    content = notice_content(claim, profile, sent_on)
    for key in (
        "heading",
        "deadline",
        "deadline_days",
        "consequence",
        "objection",
        "interest_from",
    ):
        if key in expect:
            _same(getattr(content, key), expect[key], f"notice.{key}")
    for key in ("principal", "interest", "fees", "fee", "total"):
        if key in expect:
            _same(getattr(content.amounts, key), expect[key], f"notice.amounts.{key}")
    fields = {item.field for item in content.requirements}
    for field in expect.get("fields", []):
        assert field in fields, f"notice: no requirement met by {field!r} ({sorted(fields)})"
    citations = " | ".join(item.citation for item in content.requirements)
    for text in expect.get("citations", []):
        assert text in citations, f"notice: no citation of {text!r}: {citations}"


def check_expectations(decision: cr.Decision, expect: dict[str, Any]) -> None:
    """Compare the keys given in ``expect`` with ``decision``."""
    context = f"\n--- decision ---\n{decision.explain()}"
    try:
        for key in ("action", "on", "ready", "fee"):
            if key in expect:
                _same(getattr(decision, key), expect[key], key)
        for part in ("balance", "limitation", "lien"):
            if part in expect:
                actual = getattr(decision, part)
                if expect[part] is None:
                    assert actual is None, f"{part}: expected none, got {actual}"
                    continue
                assert actual is not None, f"{part}: expected {expect[part]}, got none"
                for name, value in expect[part].items():
                    _same(getattr(actual, name), value, f"{part}.{name}")
        if "warnings" in expect:
            codes = sorted(decision.warning_codes())
            assert codes == sorted(expect["warnings"]), (
                f"warnings: got {codes}, expected {expect['warnings']}"
            )
        messages = " | ".join(w.message for w in decision.warnings)
        for text in expect.get("warning_messages_include", []):
            assert text in messages, f"no warning says {text!r}: {messages}"
        for code in expect.get("warnings_exclude", []):
            assert code not in decision.warning_codes(), f"warning {code} should not be there"
        for item in expect.get("deadlines_include", []):
            found = {(d.name, d.on) for d in decision.deadlines}
            assert (item["name"], _date(item["on"])) in found, f"deadline {item} not in {found}"
        for text in expect.get("trace_include", []):
            assert any(text in f"{t.rule}: {t.outcome}" for t in decision.trace), (
                f"trace lacks {text!r}"
            )
        for text in expect.get("reason_include", []):
            assert text in decision.reason, f"reason lacks {text!r}: {decision.reason}"
    except AssertionError as error:
        raise AssertionError(f"{error}{context}") from None


def invoke(*args: str | Path, code: int, columns: int | None = None, err: Any = None) -> Any:
    """Run ``claimrules ARGS`` in-process with plain consoles (no colour; 140 columns as in a
    file, or a terminal ``columns`` wide; ``err``: another console for progress and
    messages); insist on exit ``code`` and on no uncaught exception. Returns click's
    ``Result``."""
    from click.testing import CliRunner
    from rich.console import Console

    import claimrules.cli.app as cli
    import claimrules.cli.console as console

    saved = console._out, console._err
    console._out = Console(
        highlight=False, width=columns or 140, color_system=None, force_terminal=False
    )
    console._err = err or Console(
        stderr=True, highlight=False, color_system=None, force_terminal=False
    )
    try:
        result = CliRunner().invoke(
            cli.main,
            [str(a) for a in args],
            prog_name="claimrules",
            env={"COLUMNS": str(columns) if columns else ""},
        )
    finally:
        console._out, console._err = saved
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"claimrules {args} crashed: {result.exception!r}"
        ) from result.exception
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    return result
