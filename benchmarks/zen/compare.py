"""Time the next-action table in GoRules zen-engine against claimrules, on the same claims.

    python benchmarks/zen/compare.py examples/no/ledger.jsonl --as-of 2026-06-30 --profile no

The zen pipeline is what an integrator would otherwise write: read JSON Lines with orjson,
derive a handful of facts per claim in plain Python (no pydantic), evaluate the JDM decision
graph ``next_action.json`` (input → decision table → expression node → output) and write one
JSON line per claim. claimrules runs the same file through ``claimrules decide -o OUT``.

Every stage runs in a child process of its own (``--stage``), so the peak resident memory
(``resource.getrusage``) and the timings belong to that stage alone. The loop time excludes
interpreter start-up and setup (profile and graph loading); the process time includes them.
Stages: (a) parse, (b) parse + facts, (c) parse + facts + zen + write JSONL, (d) the
claimrules CLI as a subprocess, (e) claimrules in-process (``decide_many`` on claims validated
by ``Claim.model_validate``, ``model_dump_json`` lines). The script then compares the actions
written by (c) and (d) claim by claim.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import Any

import orjson
from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GRAPH = HERE / "next_action.json"
DECISION_KEY = "next_action"
BATCH_SIZE = 512
ZEN_MODES = ("engine", "batch", "decision")
STAGES = (
    "parse",
    "facts",
    "zen",
    "claimrules-cli",
    "claimrules-compact",
    "claimrules-inproc",
    "latency",
    "zen-api",
)

Facts = dict[str, Any]
Record = dict[str, Any]


# --------------------------------------------------------------------------------------------
# The profile, reduced to what the facts need (read from the YAML, no claimrules import)
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RateTable:
    """A daily late-interest regime (ACT/365F): rates in hundredths of a percent, each in force
    from its start day (an ordinal) to the next; None where the rate is not known."""

    starts: tuple[int, ...]
    rates: tuple[int | None, ...]


@dataclass(frozen=True)
class ClaimTypeFacts:
    """What a claim type contributes: its ladder, limitation period and lien."""

    ladder: str
    ladder_by_document: dict[str, str]
    interest: RateTable | None
    limitation_years: int
    lien_years: int | None
    lien_preserved_by: frozenset[str]


@dataclass(frozen=True)
class Interruption:
    """An event that interrupts limitation: suspends it, or starts a new period."""

    suspend: bool
    years: int | None  # length of the new period; None keeps the current one


@dataclass(frozen=True)
class LadderSteps:
    """A ladder's positions: the positions each event ref takes (a ref may take more than one,
    as the petition for distraint before and after a judgment), and each position's name."""

    position: dict[str, tuple[int, ...]]
    names: tuple[str, ...]


@dataclass(frozen=True)
class ProfileFacts:
    """The parts of a profile that the facts are derived from."""

    currency: str
    claim_types: dict[str, ClaimTypeFacts]
    evidence: dict[str, frozenset[str]]
    interruptions: dict[str, Interruption]
    ladders: dict[str, LadderSteps]
    deduction_gap_days: int | None


def _value(spec: dict[str, Any]) -> int:
    """A parameter's value: ``value``, or the latest of its dated ``values``."""
    if "value" in spec:
        return int(spec["value"])
    dated = spec["values"]
    return int(dated[max(dated)]["value"])


def _rate_table(name: str, spec: dict[str, Any]) -> RateTable:
    """A daily ACT/365F regime with a dated rate table (Norway's forsinkelsesrente)."""
    if spec.get("kind") != "daily" or spec["method"]["day_count"] != "ACT/365F":
        raise SystemExit(f"interest {name!r}: only daily ACT/365F regimes are supported")
    if "rate" not in spec:
        raise SystemExit(f"interest {name!r}: only a dated rate table is supported")
    starts, rates = [], []
    for start, entry in sorted(spec["rate"]["values"].items()):
        value = entry["value"] if isinstance(entry, dict) else entry
        starts.append(date.fromisoformat(str(start)).toordinal())
        rates.append(None if value is None else round(float(value) * 100))
    return RateTable(tuple(starts), tuple(rates))


def load_profile_facts(ref: str) -> ProfileFacts:
    """Read ``profiles/<ref>/*.yaml`` (or a directory) into :class:`ProfileFacts`."""
    root = Path(ref) if Path(ref).is_dir() else REPO / "profiles" / ref
    data: dict[str, Any] = {}
    reader = YAML(typ="safe", pure=True)
    for path in sorted(root.glob("*.yaml")):
        data.update(reader.load(path.read_text(encoding="utf-8")) or {})
    if "claim_types" not in data:
        raise SystemExit(f"{root}: not a complete profile (overlays are not supported here)")
    limitation = data["limitation"]
    periods = {name: _value(spec) for name, spec in limitation["periods"].items()}
    liens = data.get("liens", {})
    if data["allocation"]["order"] != ["fees", "interest", "principal"]:
        raise SystemExit(
            f"{root}: only the allocation order fees, interest, principal is supported"
        )
    tables = {name: _rate_table(name, spec) for name, spec in data["interest"].items()}
    claim_types = {}
    for name, spec in data["claim_types"].items():
        if spec.get("interest_start", "due_date") != "due_date":
            raise SystemExit(f"claim type {name!r}: only interest from the due date is supported")
        lien = liens.get(spec.get("lien")) if spec.get("lien") else None
        claim_types[name] = ClaimTypeFacts(
            ladder=spec["ladder"],
            ladder_by_document=dict(spec.get("ladder_by_document") or {}),
            interest=None if spec["interest"] == "none" else tables[spec["interest"]],
            limitation_years=periods[spec["limitation_period"]],
            lien_years=_value(lien["lapse_years"]) if lien else None,
            lien_preserved_by=frozenset(lien["preserved_by"]) if lien else frozenset(),
        )
    interruptions = {
        ref: Interruption(
            suspend=rule["effect"] == "suspend",
            years=None if rule.get("period", "same") == "same" else periods[rule["period"]],
        )
        for ref, rule in limitation["interruptions"].items()
    }
    ladders = {}
    for name, ladder in data["ladders"].items():
        position: dict[str, list[int]] = {}
        names: list[str] = []
        for index, item in enumerate(ladder["steps"]):
            alternatives = item.get("choose", [item])
            first = alternatives[0]
            # A step is named by its action; "monitor" (awaiting the judgment) by its event; a
            # name used before by what precedes it ("request_distraint_after_judgment").
            label = first["action"] if first["action"] != "monitor" else first["taken_by"][0]
            names.append(label if label not in names else f"{label}_after_{names[-1]}")
            for taken in dict.fromkeys(t for step in alternatives for t in step["taken_by"]):
                position.setdefault(taken, []).append(index)
        ladders[name] = LadderSteps({ref: tuple(at) for ref, at in position.items()}, tuple(names))
    evidence = {
        channel: frozenset(kinds) for channel, kinds in data["delivery"]["evidence"].items()
    }
    return ProfileFacts(
        currency=data["profile"]["currency"],
        claim_types=claim_types,
        evidence=evidence,
        interruptions=interruptions,
        ladders=ladders,
        deduction_gap_days=(data.get("warnings", {}).get("deduction_gap") or {}).get("days"),
    )


# --------------------------------------------------------------------------------------------
# Facts: one pass over the claim's events, plain Python
# --------------------------------------------------------------------------------------------

_DAYS: dict[str, int] = {}
_ON = itemgetter("on")
_FEE_KINDS = frozenset(
    ("reminder_sent", "collection_notice_sent", "payment_demand_sent", "referred_to_collection")
)
_MONEY_KINDS = frozenset(("payment", "credit", "offset"))
_PROOF_KINDS = frozenset(("invoice_dispatched", "invoice_delivered"))


def _day(text: str) -> int:
    """Proleptic ordinal of an ISO date (memoised: ledgers repeat dates a lot)."""
    value = _DAYS.get(text)
    if value is None:
        value = date.fromisoformat(text).toordinal()
        _DAYS[text] = value
    return value


@lru_cache(maxsize=1 << 16)
def _add_years(day: int, years: int, roll: bool) -> int:
    """Same date ``years`` later (28 February for 29 February); ``roll`` moves a Saturday or
    Sunday to Monday (public holidays are not rolled: a simplification)."""
    start = date.fromordinal(day)
    try:
        end = start.replace(year=start.year + years)
    except ValueError:
        end = start.replace(year=start.year + years, day=28)
    if roll and end.weekday() >= 5:
        end += timedelta(days=7 - end.weekday())
    return end.toordinal()


def _cents(value: object) -> int | None:
    """Money in øre; None for anything with more than two decimals or not a plain number."""
    if isinstance(value, bool):
        return None
    text = value if isinstance(value, str) else repr(value)
    whole, _, fraction = text.partition(".")
    if len(fraction) > 2 or not whole.isdigit() or (fraction and not fraction.isdigit()):
        return None
    return int(whole) * 100 + (int(fraction.ljust(2, "0")) if fraction else 0)


_INTEREST_DENOMINATOR = 100 * 100 * 365  # øre x (percent x 100) x days -> øre, ACT/365F


def _accrue(base: int, first: int, last: int, table: RateTable) -> tuple[int, bool]:
    """Sum of base x rate x days over ``first`` .. ``last`` (inclusive), exact (divide by
    ``_INTEREST_DENOMINATOR`` for øre), and False when it stopped at a day without a known rate."""
    total = 0
    day = first
    index = bisect_right(table.starts, day) - 1
    while day <= last:
        rate = table.rates[index] if index >= 0 else None
        if rate is None:
            return total, False
        end = last if index + 1 == len(table.starts) else min(last, table.starts[index + 1] - 1)
        total += base * rate * (end - day + 1)
        day = end + 1
        index += 1
    return total, True


def _round_ore(exact: int) -> int:
    """Half-up rounding of an exact interest sum to whole øre (interest is never negative)."""
    return (2 * exact + _INTEREST_DENOMINATOR) // (2 * _INTEREST_DENOMINATOR)


def _balance(
    principal: int,
    money: list[tuple[int, str, int]],
    table: RateTable | None,
    first_day: int,
    today: int,
) -> tuple[int, int, int, int, bool]:
    """Replay payments, credits and fees with simple daily interest from ``first_day``:
    (principal, interest, fees, credit, interest unknown), in øre. Payments cover fees, then
    interest, then principal; interest accrues through the payment day and stops at the first
    day without a known rate."""
    exact = fees = credit = 0
    cursor = first_day
    unknown = False
    for day, kind, amount in money:
        if kind in _FEE_KINDS:
            fees += amount
            continue
        if table is not None and cursor <= day and principal > 0:
            piece, known = _accrue(principal, cursor, day, table)
            exact += piece
            if not known:
                table, unknown = None, True
        cursor = max(cursor, day + 1)
        if kind == "credit":
            covered = min(amount, principal)
            principal -= covered
            credit += amount - covered
            continue
        covered = min(amount, fees)
        fees -= covered
        left = amount - covered
        interest = _round_ore(exact)
        covered = min(left, interest)
        exact = 0 if covered == interest else exact - covered * _INTEREST_DENOMINATOR
        left -= covered
        covered = min(left, principal)
        principal -= covered
        credit += left - covered
    if table is not None and cursor <= today and principal > 0:
        piece, known = _accrue(principal, cursor, today, table)
        exact += piece
        unknown = not known
    return principal, _round_ore(exact), fees, credit, unknown


def derive_facts(claim: Record, profile: ProfileFacts, as_of: str, today: int) -> Facts | None:
    """The facts the decision table reads, or None when the claim is invalid (skipped)."""
    try:
        ctype = profile.claim_types[claim["claim_type"]]
        if claim["currency"] != profile.currency or not claim["id"]:
            return None
        principal = _cents(claim["principal"])
        due = _day(claim["due_on"])
        cycle = _day(claim["issued_on"])
        history = sorted((e for e in claim.get("events") or () if e["on"] <= as_of), key=_ON)
    except (KeyError, TypeError, ValueError):
        return None
    if principal is None or principal <= 0 or due < cycle:
        return None
    if any(e["kind"] == "unwound" for e in history):
        undone = [(e["event"], e["event_on"]) for e in history if e["kind"] == "unwound"]
        kept = []
        for event in history:
            key = (event["kind"], event["on"])
            if key in undone:
                undone.remove(key)
                continue
            kept.append(event)
        history = kept

    evidence = profile.evidence
    interruptions = profile.interruptions
    delivered = failed = missing_due = False
    proven: dict[int, bool] = {}
    collecting: list[int] = []
    money: list[tuple[int, str, int]] = []
    insolvent = disputed = written_off = False
    plan_until: int | None = None
    years = ctype.limitation_years
    limitation_start = due
    limitation_end: int | None = _add_years(due, years, True)
    lien_end = _add_years(due, ctype.lien_years, False) if ctype.lien_years else None
    lien_preserved = False
    refs: list[tuple[str, int]] = []
    documents: list[str] = []
    deduction: int | None = None  # the day a wage deduction in place was ordered
    paid_on: int | None = None  # the day of the last payment
    try:
        for event in history:
            kind = event["kind"]
            day = _day(event["on"])
            ref = kind
            if kind == "invoice_sent":
                if failed:
                    cycle = day
                    resent_due = event.get("due_on")
                    missing_due = resent_due is None
                    if resent_due is not None:
                        due = _day(resent_due)
                    failed = delivered = False
                elif event.get("due_on") is not None:
                    due = _day(event["due_on"])
                if "invoice_sent" in evidence.get(event["channel"], ()):
                    delivered = True
            elif kind in _PROOF_KINDS:
                if not failed and kind in evidence.get(event["channel"], ()):
                    delivered = True
            elif kind in _MONEY_KINDS:
                amount = _cents(event["amount"])
                if amount is None or amount <= 0:
                    return None
                money.append((day, kind, amount))
                if kind == "payment":
                    paid_on = day
                if kind == "offset":
                    collecting.append(day)
            elif kind in _FEE_KINDS:
                fee = _cents(event.get("fee", "0"))
                if fee is None:
                    return None
                if fee:
                    money.append((day, kind, fee))
                if kind == "referred_to_collection":
                    collecting.append(day)
            elif kind == "legal_step":
                ref = "legal_step." + event["step"]
                collecting.append(day)
                if event["step"] == "wage_deduction":
                    deduction = day
                if lien_end is not None and day <= lien_end and ref in ctype.lien_preserved_by:
                    lien_preserved = True
            elif kind == "delivery_failed" or (
                kind == "direct_debit_failed" and event["fault"] == "creditor"
            ):
                delivered, failed = False, True
            elif kind == "insolvency":
                insolvent = True
            elif kind == "dispute_opened":
                disputed = True
            elif kind == "dispute_closed":
                disputed = False
            elif kind == "written_off":
                written_off = True
            elif kind == "payment_plan":
                plan_until = _day(event["until"])
            elif kind == "payment_plan_breached":
                plan_until = None
            elif kind == "document_signed":
                documents.append(event["document"])
            elif kind == "proceedings_ended" and event["step"] == "wage_deduction":
                deduction = None  # the deduction order lifted
            proven[day] = delivered
            rule = interruptions.get(ref)
            if rule is not None and (limitation_end is None or day <= limitation_end):
                if rule.suspend:
                    limitation_end = None
                else:
                    if rule.years is not None:
                        years = rule.years
                    limitation_start = max(day, limitation_start)
                    limitation_end = _add_years(limitation_start, years, True)
            refs.append((ref, day))
    except (KeyError, TypeError, ValueError):
        return None

    ladder = next(
        (ctype.ladder_by_document[d] for d in documents if d in ctype.ladder_by_document),
        ctype.ladder,
    )
    steps = profile.ladders[ladder].position
    last = -1
    taken: dict[int, int] = {}
    for ref, day in refs:  # in date order, each event takes the first of its steps after the
        positions = steps.get(ref)  # last one taken, else repeats the latest of them
        if positions is None or day <= due or day < cycle:
            continue
        index = next((i for i in positions if i > last), positions[-1])
        taken[index] = day
        last = max(last, index)
    step_day = taken.get(last, due)
    gap = profile.deduction_gap_days
    deduction_silent = False
    if gap is not None and deduction is not None and not written_off:
        since = paid_on if paid_on is not None and paid_on >= deduction else deduction
        deduction_silent = today - since > gap
    if not delivered:  # no interest and no fees without proof of delivery
        money = [item for item in money if item[1] not in _FEE_KINDS]
    left, interest, fees, credit, interest_unknown = _balance(
        principal, money, ctype.interest if delivered else None, due + 1, today
    )
    time_barred = limitation_end is not None and today > limitation_end
    return {
        "collected_without_notice": any(not proven[day] for day in collecting),
        "credit": credit / 100,
        "balance": (left + interest + fees) / 100,
        "principal": left / 100,
        "interest_unknown": interest_unknown,
        "insolvent": insolvent,
        "disputed": disputed,
        "written_off": written_off,
        "time_barred": time_barred,
        "resent_without_due": missing_due,
        "delivered": delivered,
        "ladder": ladder,
        "last_done": profile.ladders[ladder].names[last] if last >= 0 else "none",
        "days_past_due": today - due,
        "days_since_step": today - step_day,
        "plan_active": plan_until is not None and plan_until >= today,
        "deduction_silent": deduction_silent,
        "limitation_days_left": None
        if limitation_end is None or time_barred
        else limitation_end - today,
        "lien_days_left": None
        if lien_end is None or lien_preserved or today > lien_end
        else lien_end - today,
    }


# --------------------------------------------------------------------------------------------
# zen-engine
# --------------------------------------------------------------------------------------------


class ZenTable:
    """The JDM graph loaded once; ``evaluate_all`` in one of the Python API's three ways.

    ``engine``: ``ZenEngine({"loader": static}).evaluate(key, facts)`` per claim (the graph is
    compiled once and cached by key); ``batch``: ``ZenEngine.evaluate_batch`` on chunks of
    ``BATCH_SIZE``; ``decision``: ``ZenEngine().create_decision(content).evaluate(facts)``.
    """

    def __init__(self, mode: str, graph: Path = GRAPH) -> None:
        import zen  # here, so the parse and facts stages never load the extension

        content = graph.read_bytes()
        self.mode = mode
        if mode == "decision":
            self.evaluate: Callable[[Facts], Any] = (
                zen.ZenEngine().create_decision(content.decode("utf-8")).evaluate
            )
        else:
            loader: Any = {"type": "static", "content": {DECISION_KEY: orjson.loads(content)}}
            self.engine = zen.ZenEngine({"loader": loader})
            engine = self.engine

            def by_key(facts: Facts) -> Any:
                return engine.evaluate(DECISION_KEY, facts)

            self.evaluate = by_key

    def evaluate_all(
        self, items: Iterable[tuple[str, Facts]]
    ) -> Iterator[tuple[str, Record | None]]:
        """``(claim id, result)`` for each item; the result is None when evaluation failed."""
        if self.mode == "batch":
            yield from self._batched(items)
            return
        evaluate = self.evaluate
        for claim_id, facts in items:
            try:
                yield claim_id, evaluate(facts)["result"]
            except RuntimeError:  # zen raises RuntimeError with a JSON error envelope
                yield claim_id, None

    def _batched(self, items: Iterable[tuple[str, Facts]]) -> Iterator[tuple[str, Record | None]]:
        ids: list[str] = []
        requests: list[Record] = []
        for claim_id, facts in items:
            ids.append(claim_id)
            requests.append({"key": DECISION_KEY, "context": facts})
            if len(requests) == BATCH_SIZE:
                yield from self._flush(ids, requests)
                ids, requests = [], []
        if requests:
            yield from self._flush(ids, requests)

    def _flush(self, ids: list[str], requests: list[Record]) -> Iterator[tuple[str, Record | None]]:
        answers: list[Any] = self.engine.evaluate_batch(requests)  # type: ignore[arg-type]
        for claim_id, answer in zip(ids, answers, strict=True):
            yield claim_id, answer["data"]["result"] if answer.get("success") else None


# --------------------------------------------------------------------------------------------
# Stages (each runs in its own process)
# --------------------------------------------------------------------------------------------


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        for line in handle:
            if line.strip():
                yield line


def _maxrss_kb(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss


@dataclass
class Counts:
    """Per-stage tallies."""

    claims: int = 0
    invalid: int = 0
    failed: int = 0


def _parsed(path: Path, counts: Counts) -> Iterator[Record]:
    for line in _lines(path):
        counts.claims += 1
        try:
            record = orjson.loads(line)
        except orjson.JSONDecodeError:
            counts.invalid += 1
            continue
        if isinstance(record, dict):
            yield record
        else:
            counts.invalid += 1


def _with_facts(
    records: Iterable[Record], profile: ProfileFacts, as_of: str, counts: Counts
) -> Iterator[tuple[str, Facts]]:
    today = _day(as_of)
    for record in records:
        facts = derive_facts(record, profile, as_of, today)
        if facts is None:
            counts.invalid += 1
        else:
            yield record["id"], facts


def stage_parse(path: Path, _args: argparse.Namespace) -> Record:
    counts = Counts()
    started = time.perf_counter()
    for _ in _parsed(path, counts):
        pass
    return {"loop_seconds": time.perf_counter() - started, **vars(counts)}


def stage_facts(path: Path, args: argparse.Namespace) -> Record:
    setup = time.perf_counter()
    profile = load_profile_facts(args.profile)
    counts = Counts()
    started = time.perf_counter()
    for _ in _with_facts(_parsed(path, counts), profile, args.as_of, counts):
        pass
    return {
        "loop_seconds": time.perf_counter() - started,
        "setup_seconds": started - setup,
        **vars(counts),
    }


def stage_zen(path: Path, args: argparse.Namespace) -> Record:
    setup = time.perf_counter()
    profile = load_profile_facts(args.profile)
    table = ZenTable(args.zen_mode)
    counts = Counts()
    actions: Counter[str] = Counter()
    out = Path(args.out_dir) / "zen.jsonl"
    started = time.perf_counter()
    with out.open("wb", buffering=1 << 20) as handle:
        items = _with_facts(_parsed(path, counts), profile, args.as_of, counts)
        for claim_id, result in table.evaluate_all(items):
            if result is None:
                counts.failed += 1
                continue
            actions[result["action"]] += 1
            handle.write(orjson.dumps({"claim_id": claim_id, **result}) + b"\n")
    return {
        "loop_seconds": time.perf_counter() - started,
        "setup_seconds": started - setup,
        "zen_mode": args.zen_mode,
        "output": str(out),
        "actions": dict(sorted(actions.items())),
        **vars(counts),
    }


def stage_zen_api(path: Path, args: argparse.Namespace) -> Record:
    """Evaluation alone, for each way of calling zen, on the facts of the first claims."""
    profile = load_profile_facts(args.profile)
    counts = Counts()
    items = []
    for item in _with_facts(_parsed(path, counts), profile, args.as_of, counts):
        items.append(item)
        if len(items) == args.api_sample:
            break
    timings = {}
    for mode in ZEN_MODES:
        table = ZenTable(mode)
        for _ in table.evaluate_all(items[:50]):  # warm up (compiles the graph once)
            pass
        best = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            for _ in table.evaluate_all(items):
                pass
            best = min(best, time.perf_counter() - started)
        timings[mode] = best / max(len(items), 1) * 1e6
    return {"sample": len(items), "us_per_evaluation": timings}


def stage_claimrules_cli(
    path: Path, args: argparse.Namespace, trace: str = "full", name: str = "claimrules"
) -> Record:
    """Run ``claimrules decide FILE -o OUT``; exit code 1 only means invalid claims skipped."""
    exe = Path(sys.executable).with_name("claimrules")
    out = Path(args.out_dir) / (f"{name}.jsonl" if path.stat().st_size else "empty-out.jsonl")
    command = [str(exe), "decide", str(path), "--profile", args.profile, "--as-of", args.as_of]
    command += ["--trace", trace]
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own CLI, arguments from the command line
        [*command, "-o", str(out)], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"claimrules decide failed ({done.returncode}): {done.stderr[-2000:]}")
    skipped = sum(1 for line in done.stderr.splitlines() if ": skipped: " in line)
    return {
        "loop_seconds": seconds,
        "maxrss_kb": _maxrss_kb(resource.RUSAGE_CHILDREN),
        "invalid": skipped,
        "output": str(out),
        "command": " ".join([*command, "-o", str(out)]),
    }


def stage_claimrules_inproc(path: Path, args: argparse.Namespace) -> Record:
    setup = time.perf_counter()
    import claimrules as cr

    profile = cr.load_profile(args.profile)
    as_of = date.fromisoformat(args.as_of)
    counts = Counts()
    out = Path(args.out_dir) / "claimrules-inproc.jsonl"
    started = time.perf_counter()
    with out.open("w", encoding="utf-8", buffering=1 << 20) as handle:
        for item in cr.decide_many(_parsed(path, counts), profile, as_of):
            if isinstance(item, cr.ClaimError):
                counts.invalid += 1
                continue
            handle.write(item.model_dump_json() + "\n")
    return {
        "loop_seconds": time.perf_counter() - started,
        "setup_seconds": started - setup,
        "output": str(out),
        **vars(counts),
    }


def stage_claimrules_compact(path: Path, args: argparse.Namespace) -> Record:
    """``claimrules decide FILE --trace none -o OUT``: the bulk output without the trace."""
    return stage_claimrules_cli(path, args, trace="none", name="claimrules-compact")


def stage_latency(path: Path, args: argparse.Namespace) -> Record:
    """What an embedding application sees: the profile's load time, and ``cr.decide`` on one
    claim at a time (validated from its JSON line, full trace), as p50 and p99."""
    started = time.perf_counter()
    import claimrules as cr

    imported = time.perf_counter()
    profile = cr.load_profile(args.profile)
    loaded = time.perf_counter()
    as_of = date.fromisoformat(args.as_of)
    samples = []
    for number, line in enumerate(_lines(path)):
        if number == args.api_sample:
            break
        begin = time.perf_counter()
        try:
            cr.decide(cr.Claim.model_validate_json(line), profile, as_of)
        except cr.ClaimError:
            continue
        samples.append(time.perf_counter() - begin)
    samples.sort()
    return {
        "import_seconds": imported - started,
        "profile_load_seconds": loaded - imported,
        "sample": len(samples),
        "p50_us": samples[len(samples) // 2] * 1e6 if samples else None,
        "p99_us": samples[int(len(samples) * 0.99)] * 1e6 if samples else None,
    }


STAGE_FUNCTIONS: dict[str, Callable[[Path, argparse.Namespace], Record]] = {
    "parse": stage_parse,
    "facts": stage_facts,
    "zen": stage_zen,
    "zen-api": stage_zen_api,
    "claimrules-cli": stage_claimrules_cli,
    "claimrules-compact": stage_claimrules_compact,
    "latency": stage_latency,
    "claimrules-inproc": stage_claimrules_inproc,
}


def run_stage_here(args: argparse.Namespace) -> None:
    result = STAGE_FUNCTIONS[args.stage](Path(args.file), args)
    result.setdefault("maxrss_kb", _maxrss_kb())
    sys.stdout.buffer.write(orjson.dumps(result) + b"\n")


# --------------------------------------------------------------------------------------------
# The driver
# --------------------------------------------------------------------------------------------


def run_stage(stage: str, path: Path, args: argparse.Namespace) -> Record:
    """Run ``stage`` ``--repeat`` times in fresh processes; keep the fastest run."""
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        str(path),
        "--stage",
        stage,
        "--as-of",
        args.as_of,
        "--profile",
        args.profile,
        "--zen-mode",
        args.zen_mode,
        "--out-dir",
        args.out_dir,
        "--repeat",
        str(args.repeat),
        "--api-sample",
        str(args.api_sample),
    ]
    runs = 1 if stage in ("zen-api", "latency") else args.repeat
    best: Record | None = None
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        process_seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"stage {stage} failed:\n{done.stderr.decode()[-3000:]}")
        result: Record = orjson.loads(done.stdout)
        result["process_seconds"] = process_seconds
        if best is None or result.get("loop_seconds", 0) < best.get("loop_seconds", 0):
            best = result
    assert best is not None
    return best


def _read_outputs(path: Path) -> dict[str, Record]:
    found = {}
    for line in _lines(path):
        record = orjson.loads(line)
        found[record["claim_id"]] = record
    return found


def agreement(zen_out: Path, claimrules_out: Path, examples: int = 3) -> Record:
    """Compare the zen table's answers with claimrules' decisions, claim by claim."""
    zen_rows = _read_outputs(zen_out)
    reference = _read_outputs(claimrules_out)
    common = sorted(zen_rows.keys() & reference.keys())
    same_action = same_ready = same_warnings = same_total = 0
    mismatches: Counter[tuple[str, str]] = Counter()
    samples: dict[tuple[str, str], list[str]] = {}
    horizon = ("limitation_expiring", "lien_expiring")
    for claim_id in common:
        ours, theirs = zen_rows[claim_id], reference[claim_id]
        same_total += round(ours["total"] * 100) == round(float(theirs["balance"]["total"]) * 100)
        if ours["action"] == theirs["action"]:
            same_action += 1
            same_ready += ours["ready"] == theirs["ready"]
            expected = sorted(w["code"] for w in theirs["warnings"] if w["code"] in horizon)
            same_warnings += sorted(ours["warnings"]) == expected
        else:
            pair = (theirs["action"], ours["action"])
            mismatches[pair] += 1
            samples.setdefault(pair, [])
            if len(samples[pair]) < examples:
                samples[pair].append(claim_id)
    return {
        "compared": len(common),
        "only_zen": len(zen_rows.keys() - reference.keys()),
        "only_claimrules": len(reference.keys() - zen_rows.keys()),
        "same_total": same_total,
        "same_action": same_action,
        "action_rate": same_action / len(common) if common else 0.0,
        "same_ready_given_action": same_ready,
        "same_horizon_warnings_given_action": same_warnings,
        "mismatches": [
            {"claimrules": a, "zen": b, "count": n, "examples": samples[(a, b)]}
            for (a, b), n in mismatches.most_common()
        ],
    }


def check_agreement(args: argparse.Namespace) -> int:
    """Run the zen pipeline and ``claimrules decide --trace none`` once each and compare them
    claim by claim: 0 when every action, ``ready``, horizon warning and total agrees."""
    path = Path(args.file)
    Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    args.repeat = 1
    zen_out = run_stage("zen", path, args)["output"]
    ours = run_stage("claimrules-compact", path, args)["output"]
    found = agreement(Path(zen_out), Path(ours), examples=args.examples)
    n = found["compared"]
    print(
        f"{path.name} as of {args.as_of}: {n} claims compared; same action "
        f"{found['same_action']}, same ready {found['same_ready_given_action']}, same horizon "
        f"warnings {found['same_horizon_warnings_given_action']}, same total {found['same_total']}"
    )
    for row in found["mismatches"]:
        print(
            f"  claimrules {row['claimrules']} / zen {row['zen']}: {row['count']} {row['examples']}"
        )
    agreed = (
        found["same_action"]
        == found["same_ready_given_action"]
        == found["same_horizon_warnings_given_action"]
        == found["same_total"]
        == n
    )
    return 0 if agreed and n and not found["only_zen"] and not found["only_claimrules"] else 1


def _per_claim(record: Record, claims: int, seconds: float | None = None) -> Record:
    spent = record["loop_seconds"] if seconds is None else seconds
    return {
        "claims_per_second": claims / spent if spent > 0 else None,
        "us_per_claim": spent / claims * 1e6 if claims else None,
    }


def compare(args: argparse.Namespace) -> Record:
    path = Path(args.file)
    Path(args.out_dir).mkdir(parents=True, exist_ok=True)
    stages = {name: run_stage(name, path, args) for name in STAGES}
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty.jsonl"
        empty.touch()
        startup = run_stage("claimrules-cli", empty, args)
    claims = stages["parse"]["claims"]
    cli = stages["claimrules-cli"]
    cli_net = max(cli["loop_seconds"] - startup["loop_seconds"], 1e-9)
    compact = stages["claimrules-compact"]
    compact_net = max(compact["loop_seconds"] - startup["loop_seconds"], 1e-9)
    zen_loop = stages["zen"]["loop_seconds"]
    rows = {
        "a_parse": {**stages["parse"], **_per_claim(stages["parse"], claims)},
        "b_parse_facts": {**stages["facts"], **_per_claim(stages["facts"], claims)},
        "c_parse_facts_zen_write": {**stages["zen"], **_per_claim(stages["zen"], claims)},
        "c_minus_b_zen_only": _per_claim(
            stages["zen"], claims, zen_loop - stages["facts"]["loop_seconds"]
        ),
        "d_claimrules_cli": {**cli, **_per_claim(cli, claims)},
        "d_claimrules_cli_minus_startup": {
            "startup_seconds": startup["loop_seconds"],
            **_per_claim(cli, claims, cli_net),
        },
        "f_claimrules_compact": {**compact, **_per_claim(compact, claims)},
        "f_claimrules_compact_minus_startup": _per_claim(compact, claims, compact_net),
        "e_claimrules_inproc": {
            **stages["claimrules-inproc"],
            **_per_claim(stages["claimrules-inproc"], claims),
        },
    }
    return {
        "file": str(path),
        "as_of": args.as_of,
        "profile": args.profile,
        "claims": claims,
        "invalid_skipped": {
            "zen": stages["zen"]["invalid"],
            "claimrules": cli["invalid"],
        },
        "python": sys.version.split()[0],
        "zen_engine": _version("zen-engine"),
        "orjson": orjson.__version__,
        "repeat": args.repeat,
        "stages": rows,
        "ratios": {
            "claimrules_cli_process_over_zen_process": cli["process_seconds"]
            / stages["zen"]["process_seconds"],
            "claimrules_cli_minus_startup_over_zen_c": cli_net / zen_loop,
            "claimrules_inproc_over_zen_c": stages["claimrules-inproc"]["loop_seconds"] / zen_loop,
            "claimrules_inproc_over_zen_only": stages["claimrules-inproc"]["loop_seconds"]
            / max(zen_loop - stages["facts"]["loop_seconds"], 1e-9),
            "claimrules_compact_minus_startup_over_zen_c": compact_net / zen_loop,
            "claimrules_cli_minus_startup_over_floor": cli_net / stages["parse"]["loop_seconds"],
            "claimrules_compact_minus_startup_over_floor": compact_net
            / stages["parse"]["loop_seconds"],
        },
        "latency": stages["latency"],
        "zen_api": stages["zen-api"],
        "agreement": agreement(
            Path(stages["zen"]["output"]), Path(cli["output"]), examples=args.examples
        ),
    }


def _version(distribution: str) -> str:
    from importlib.metadata import version

    return version(distribution)


def print_table(report: Record) -> None:
    rows = report["stages"]
    print(
        f"{report['file']}: {report['claims']} claims as of {report['as_of']}, profile "
        f"{report['profile']}; invalid skipped: zen {report['invalid_skipped']['zen']}, "
        f"claimrules {report['invalid_skipped']['claimrules']}"
    )
    print(
        f"python {report['python']}, zen-engine {report['zen_engine']}, orjson "
        f"{report['orjson']}; best of {report['repeat']} runs, each in a fresh process\n"
    )
    labels = {
        "a_parse": "(a) parse (orjson)",
        "b_parse_facts": "(b) parse + facts (plain Python)",
        "c_parse_facts_zen_write": f"(c) (b) + zen [{rows['c_parse_facts_zen_write']['zen_mode']}]"
        " + write JSONL",
        "c_minus_b_zen_only": "    zen evaluation + write only (c - b)",
        "d_claimrules_cli": "(d) claimrules decide -o (subprocess)",
        "d_claimrules_cli_minus_startup": "    (d) minus start-up "
        f"({rows['d_claimrules_cli_minus_startup']['startup_seconds']:.2f} s)",
        "f_claimrules_compact": "(f) claimrules decide --trace none (subprocess)",
        "f_claimrules_compact_minus_startup": "    (f) minus start-up",
        "e_claimrules_inproc": "(e) claimrules in-process (decide_many)",
    }
    print(
        f"{'stage':<52}{'claims/s':>12}{'us/claim':>10}{'loop s':>9}{'process s':>11}{'RSS MB':>8}"
    )
    for key, label in labels.items():
        row = rows[key]
        loop = row.get("loop_seconds")
        process = row.get("process_seconds")
        rss = row.get("maxrss_kb")
        print(
            f"{label:<52}{row['claims_per_second']:>12,.0f}{row['us_per_claim']:>10.1f}"
            f"{'' if loop is None else f'{loop:.3f}':>9}"
            f"{'' if process is None else f'{process:.2f}':>11}"
            f"{'' if rss is None else f'{rss / 1024:.0f}':>8}"
        )
    ratios = report["ratios"]
    print(
        "\nclaimrules / zen pipeline: "
        f"{ratios['claimrules_inproc_over_zen_c']:.1f}x in-process loop (e / c), "
        f"{ratios['claimrules_cli_minus_startup_over_zen_c']:.1f}x CLI minus start-up (d / c), "
        f"{ratios['claimrules_cli_process_over_zen_process']:.1f}x whole processes; "
        f"{ratios['claimrules_inproc_over_zen_only']:.1f}x zen evaluation alone (e / (c - b))"
    )
    print(
        "claimrules / zen pipeline without the trace: "
        f"{ratios['claimrules_compact_minus_startup_over_zen_c']:.2f}x (f minus start-up / c); "
        f"x floor: {ratios['claimrules_cli_minus_startup_over_floor']:.0f} full, "
        f"{ratios['claimrules_compact_minus_startup_over_floor']:.0f} without the trace"
    )
    latency = report["latency"]
    print(
        f"one claim at a time (cr.decide, {latency['sample']} claims): p50 "
        f"{latency['p50_us']:.0f} us, p99 {latency['p99_us']:.0f} us; profile load "
        f"{latency['profile_load_seconds'] * 1000:.0f} ms (import {latency['import_seconds']:.2f} s)"
    )
    api = report["zen_api"]
    modes = ", ".join(f"{mode} {us:.1f} us" for mode, us in api["us_per_evaluation"].items())
    print(f"zen API, evaluation only on {api['sample']} claims' facts: {modes}")
    agree = report["agreement"]
    print(
        f"\nagreement on the action: {agree['same_action']}/{agree['compared']} "
        f"({agree['action_rate']:.1%}); of those, same 'ready' {agree['same_ready_given_action']}, "
        f"same horizon warnings {agree['same_horizon_warnings_given_action']}; same balance "
        f"total (to the øre) {agree['same_total']}/{agree['compared']}"
    )
    for miss in agree["mismatches"]:
        print(
            f"  claimrules {miss['claimrules']:<28} zen {miss['zen']:<28} {miss['count']:>7}  "
            f"e.g. {', '.join(miss['examples'])}"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Time the next-action table in zen-engine against claimrules."
    )
    parser.add_argument("file", help="JSON Lines claims, as examples/no/ledger.jsonl")
    parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
    parser.add_argument("--profile", default="no")
    parser.add_argument("--zen-mode", choices=ZEN_MODES, default="engine")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (best is kept)")
    parser.add_argument("--api-sample", type=int, default=2000, help="claims for the API test")
    parser.add_argument("--out-dir", default=str(Path(tempfile.gettempdir()) / "claimrules-zen"))
    parser.add_argument("--examples", type=int, default=3, help="claim ids per mismatch")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--check",
        action="store_true",
        help="agreement only (no timing): exit 1 unless zen and claimrules agree on every claim",
    )
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    date.fromisoformat(args.as_of)
    if args.stage:
        run_stage_here(args)
        return
    if args.check:
        raise SystemExit(check_agreement(args))
    report = compare(args)
    if args.json:
        sys.stdout.buffer.write(orjson.dumps(report, option=orjson.OPT_INDENT_2) + b"\n")
    else:
        print_table(report)


if __name__ == "__main__":
    main()
