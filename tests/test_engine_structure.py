"""The engine's structure holds (issue 20): one read of a claim's events per decision, the guards
in the documented order, a fast path that skips only what cannot apply, and small functions."""

from __future__ import annotations

import ast
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from ruamel.yaml import YAML

import claimrules as cr
from claimrules.engine import check_fits, fast_path
from claimrules.engine.context import Context
from claimrules.engine.guards import AFTER, GUARDS
from claimrules.rules.state import claim_state
from claimrules.rules.tracer import Tracer
from claimrules.testing import claims_with_as_of

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "tests/scenarios").rglob("*.yaml"))
ENGINE_DOC = ROOT / "docs" / "engine.md"


class _Counted(tuple):  # type: ignore[type-arg]
    """A claim's events that count how often they are read."""

    reads = 0

    def __iter__(self) -> Any:
        type(self).reads += 1
        return super().__iter__()


def _scenario(path: Path) -> tuple[dict[str, Any], cr.Profile, date]:
    spec = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    as_of = spec["as_of"]
    return (
        spec,
        cr.load_profile(spec["profile"]),
        (as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))),
    )


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_claims_events_are_read_once_per_decision(path: Path) -> None:
    spec, profile, as_of = _scenario(path)
    claim = cr.Claim.model_validate(spec["claim"])
    for mode in ("full", "rules", "none"):
        counted = cr.Claim.model_construct(**{**claim.__dict__, "events": _Counted(claim.events)})
        _Counted.reads = 0
        decision = cr.decide(counted, profile, as_of, trace=mode)  # type: ignore[arg-type]
        assert _Counted.reads == 1, f"{mode}: the events were read {_Counted.reads} times"
        assert decision.claim_hash == claim.content_hash
        assert "_fold" not in counted.__dict__ and "_history" not in counted.__dict__


def _documented_guards() -> list[str]:
    """The guard functions ``docs/engine.md`` lists under "Guards, in order" (each item
    starts with the function's name in backticks)."""
    text = ENGINE_DOC.read_text(encoding="utf-8")
    section = text.split("## Guards, in order", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. `([a-z_]+)`", section, flags=re.MULTILINE)


def test_the_docs_list_the_guards_in_the_engines_order() -> None:
    names = [guard.__name__ for guard in GUARDS] + ["next_step"]
    names += [check.__name__ for check in AFTER]
    assert _documented_guards() == names


def _written_docstring(function: Any) -> str | None:
    """The docstring of ``function`` as its source has it (the compiled build's functions keep
    none at run time; the source is installed beside the extension module)."""
    module = sys.modules[function.__module__]
    source = Path(str(module.__file__)).with_name(module.__name__.rsplit(".", 1)[-1] + ".py")
    for node in ast.parse(source.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef) and node.name == function.__name__:
            return ast.get_docstring(node)
    return None


def test_every_guard_says_which_rule_it_applies() -> None:
    for function in (*GUARDS, *AFTER):
        doc = _written_docstring(function)
        assert doc and len(doc.split()) >= 8, function.__name__


def _skipped_return_nothing(claim: cr.Claim, profile: cr.Profile, as_of: date) -> bool:
    """On a claim the fast path takes, every guard it skips returns nothing and notes nothing;
    returns whether the fast path took it."""
    state = claim_state(claim, profile, check_fits(claim, profile), as_of, Tracer())
    ctx = Context(state, Tracer())
    if not fast_path.takes(ctx):
        return False
    none = cr.decide(claim, profile, as_of, trace="none")
    for skipped in fast_path.SKIPPED:
        before = (list(ctx.warnings), list(ctx.deadlines))
        if skipped in AFTER:
            proposal = fast_path.Proposal("none", as_of, none.reason)
            assert skipped(ctx, proposal) is proposal, skipped.__name__  # type: ignore[operator]
        else:
            assert skipped(ctx) is None, skipped.__name__  # type: ignore[operator]
        assert (ctx.warnings, ctx.deadlines) == before, skipped.__name__
    assert none.action == "none"
    assert none.model_dump(exclude={"trace"}) == cr.decide(claim, profile, as_of).model_dump(
        exclude={"trace"}
    )
    return True


def test_the_fast_path_skips_only_guards_that_cannot_apply_on_the_bundled_ledgers() -> None:
    taken = 0
    for ledger, ref, as_of in (
        ("examples/no/ledger.jsonl", "no", date(2025, 12, 31)),
        ("examples/no/ledger.jsonl", "no/orkdal", date(2026, 12, 7)),
        ("examples/dk/ledger.jsonl", "dk", date(2025, 10, 31)),
        ("examples/gl/ledger.jsonl", "gl/kujalleq", date(2022, 3, 16)),
    ):
        profile = cr.load_profile(ref)
        for claim in list(cr.read_claims(ROOT / ledger))[::3]:
            if isinstance(claim, cr.Claim) and claim.currency == profile.currency:
                taken += _skipped_return_nothing(claim, profile, as_of)
    assert taken > 500


@pytest.mark.parametrize("ref", ["no", "no/orkdal", "dk", "gl"])
def test_the_fast_path_skips_only_guards_that_cannot_apply_on_random_claims(ref: str) -> None:
    profile = cr.load_profile(ref)

    @given(case=claims_with_as_of(profile))
    def run(case: tuple[cr.Claim, date]) -> None:
        claim, as_of = case
        _skipped_return_nothing(claim, profile, as_of)

    run()


SMALL = 60
"""The most lines a function of ``rules/`` or ``engine/`` may have."""


@pytest.mark.parametrize("layer", ["rules", "engine"])
def test_functions_of_the_rules_and_the_engine_are_small(layer: str) -> None:
    long = []
    for path in sorted((ROOT / "src" / "claimrules" / layer).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > SMALL:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({lines} lines)")
    assert not long, f"functions over {SMALL} lines: {long}"


def test_the_event_kinds_are_listed_once_and_agree_with_the_models_and_the_profiles() -> None:
    from typing import get_args

    from claimrules.model.claims import Event
    from claimrules.model.vocabulary import EVENT_KINDS, EVENT_REFS, LEGAL_STEPS

    union = get_args(get_args(Event)[0])
    modelled = {model.model_fields["kind"].default for model in union}
    listed = [kind.name for kind in EVENT_KINDS]
    assert sorted(listed) == sorted(modelled) and len(set(listed)) == len(listed)
    referable = {kind.name for kind in EVENT_KINDS if kind.referable}
    assert set(EVENT_REFS) == referable | {f"legal_step.{step}" for step in LEGAL_STEPS}
