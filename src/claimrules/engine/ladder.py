"""The ladder: the claim type's collection steps, in order, and the next one to take.

A profile's ``ladders`` list each claim type's steps (a reminder, a collection notice, a
payment demand, a petition for distraint, …), each with the events that count as taking it,
the earliest day it is lawful (days after the due date, the previous step or a judgment), its
fee, and the law that allows it. The next step is the first after the last one taken; it waits
for a payment plan in force to end. Its law in force and its fee are those of the day it can be
taken.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from claimrules.engine.context import ZERO, Context, Proposal
from claimrules.law.schema import Ladder, Step, StepChoice
from claimrules.model import messages as m
from claimrules.model.core import Event
from claimrules.rules.fees import FeeDecision, fee_for
from claimrules.rules.history import NOTICE_KINDS
from claimrules.rules.interest import Gap
from claimrules.rules.state import fee_memo

__all__ = ["ladder_refs", "last_notice", "next_step", "preserve_words"]


def next_step(ctx: Context) -> Proposal:
    """The ladder's next step; under a payment plan in force, not before the plan ends
    (its law and fee then those of the day after the plan)."""
    ladder = ctx.profile.spec.ladders[ctx.state.ladder]
    plan = ctx.active_plan()
    resume = plan + timedelta(days=1) if plan is not None else None
    proposal = _ladder_step(ctx, ladder, resume)
    if plan is None or resume is None or proposal.action == "manual_review":
        return proposal
    if proposal.on < resume:
        ctx.note("guards.payment_plan", m.say(m.PLAN_RUNS, until=plan, date=resume))
        reason = m.say(m.PLAN_WAIT, reason=proposal.reason, date=plan)
        proposal = Proposal(proposal.action, resume, reason, proposal.fee)
    ctx.deadline("payment plan ends", plan)
    return proposal


class _Position(NamedTuple):
    """Where the claim stands on its ladder: the last step taken (``-1``: none) and the day
    each step was last taken."""

    last: int
    taken: dict[int, date]


def _position(ctx: Context, ladder: Ladder) -> _Position:
    """The steps taken, event by event in date order: an event takes the first step after the
    last one taken that lists it (a second petition for distraint, after the judgment, is the
    later step), else it repeats the latest earlier step that lists it (a second reminder).
    A notice sent before the claim was late (or before the invoice that counts) is premature
    and does not count, nor does a void step, and a legal step whose proceedings ended without
    a decision is to be taken again."""
    state = ctx.state
    void = state.ledger.void_ids()
    start = max(state.delivery.cycle_start, state.due + timedelta(days=1))
    past = ctx.past
    at = ladder_positions(ctx, ladder)
    taken: dict[int, date] = {}
    last = -1
    for event, (ref, on) in zip(past.events, past.refs, strict=True):
        positions = at.get(ref)
        if positions is None or on < start or id(event) in void or id(event) in past.ended:
            continue
        index = _step_taken(positions, last)
        taken[index] = on  # the latest event of a step anchors the next one
        last = max(last, index)
    return _Position(last, taken)


def last_notice(ctx: Context) -> tuple[Event, Step] | None:
    """The notice the ladder's next step counts from: the event that took the last step taken,
    where that step sends a notice (a reminder, a collection notice, a payment demand); else
    ``None``."""
    ladder = ctx.profile.spec.ladders[ctx.state.ladder]
    position = _position(ctx, ladder)
    if position.last < 0:
        return None
    item = ladder.steps[position.last]
    steps = item.choose if isinstance(item, StepChoice) else [item]
    refs = {ref for step in steps for ref in step.taken_by}
    day = position.taken[position.last]
    for event, (ref, on) in zip(reversed(ctx.past.events), reversed(ctx.past.refs), strict=True):
        if on == day and ref in refs and event.kind in NOTICE_KINDS:
            step = next((s for s in steps if ref in s.taken_by), steps[0])
            return event, step
    return None


def _step_taken(positions: tuple[int, ...], last: int) -> int:
    """The step an event takes: the first of its positions after the last step taken, else the
    latest of them (the step repeated)."""
    for index in positions:
        if index > last:
            return index
    return positions[-1]


def _ladder_step(ctx: Context, ladder: Ladder, not_before: date | None) -> Proposal:
    """The ladder's next step, its earliest lawful day, reason and fee."""
    position = _position(ctx, ladder)
    index = position.last + 1
    reason: str
    if index >= len(ladder.steps):
        reason = m.say(m.LADDER_DONE, ladder=ladder.title)
        ctx.note(f"ladders.{ctx.state.ladder}", reason)
        return Proposal("monitor", ctx.as_of, reason)
    step = _pick(ctx, ladder.steps[index])
    rule = f"ladders.{ctx.state.ladder}.steps.{index}"
    if isinstance(step, Gap):
        reason = m.say(m.NEXT_DEPENDS_ON, unknown=ctx.missing(step))
        ctx.warn("unknown_law", reason)
        ctx.note(rule, reason)
        return Proposal("manual_review", ctx.as_of, reason)
    if step is None:
        ctx.note(rule, m.NO_SINGLE_ALTERNATIVE)
        return Proposal("manual_review", ctx.as_of, m.NO_SINGLE_ALTERNATIVE)
    earliest = _earliest(ctx, step, position, rule)
    if isinstance(earliest, Proposal):
        return earliest
    on, days, days_citation = earliest
    reason = step.reason or _step_reason(ladder, step, on, days)
    taken_on = max(on, ctx.as_of) if not_before is None else max(on, ctx.as_of, not_before)
    unlawful = _not_in_force(ctx, ladder, step, taken_on, rule)
    if unlawful is not None:
        return unlawful
    ctx.tracer.note(rule, reason, "; ".join(c for c in (step.source.cite(), days_citation) if c))
    if step.warning is not None:
        ctx.warn(step.warning.code, step.warning.message)
    return Proposal(step.action, on, reason, step_fee(ctx, step, taken_on))


def _earliest(
    ctx: Context, step: Step, position: _Position, rule: str
) -> tuple[date, int, str] | Proposal:
    """The step's earliest day (``not_before``: days after the due date, the previous step or
    the judgment), the days and their citation; or the proposal when it cannot be known."""
    anchor_name = step.not_before.after
    if anchor_name == "due_date":
        anchor = ctx.state.due
    elif anchor_name == "previous_step":
        anchor = position.taken[position.last] if position.last >= 0 else ctx.state.due
    else:
        judgment = ctx.past.first.get("judgment")
        if judgment is None:
            reason = m.say(m.NEEDS_JUDGMENT, action=m.action_words(step.action))
            ctx.note(rule, reason, step.source.cite())
            return Proposal("manual_review", ctx.as_of, reason)
        anchor = judgment
    days = step.not_before.days
    citation = ""
    if isinstance(days, str):
        param = ctx.profile.spec.parameters[days]
        resolved = param.at(anchor)
        if resolved is None or not resolved.known or resolved.value is None:
            gap = Gap(param, anchor, m.say(m.GAP_PARAMETER, name=days))
            reason = m.say(
                m.EARLIEST_DEPENDS_ON,
                action=m.action_words(step.action),
                unknown=ctx.missing(gap),
            )
            ctx.warn("unknown_law", reason)
            return Proposal("manual_review", ctx.as_of, reason)
        citation = resolved.cite()
        days = int(resolved.value)
    on = anchor + timedelta(days=days + (1 if step.not_before.deadline_expired else 0))
    return on, days, citation


def _step_reason(ladder: Ladder, step: Step, on: date, days: int) -> str:
    """Why the step is next: the ladder, the action, and from when (days after what)."""
    anchor_name = step.not_before.after
    anchor_words = anchor_name.replace("_", " ")
    anchor = on - timedelta(days=days + (1 if step.not_before.deadline_expired else 0))
    template = m.DEADLINE_PASSED if step.not_before.deadline_expired else m.DAYS_AFTER
    when_text = m.say(template, days=days, anchor=anchor_words, date=anchor)
    return m.say(
        m.LADDER_NEXT,
        ladder=ladder.title,
        action=m.action_words(step.action),
        date=on,
        when=when_text,
    )


def _not_in_force(
    ctx: Context, ladder: Ladder, step: Step, taken_on: date, rule: str
) -> Proposal | None:
    """``manual_review`` when the step's law (``in_force``) is repealed or unknown on the day
    it would be taken; ``None`` when it is in force (or the step names no such law)."""
    if step.in_force is None:
        return None
    lawful = step.in_force.at(taken_on)
    if lawful is not None and lawful.known and lawful.value is True:
        return None
    if lawful is not None and lawful.known:
        why = m.say(m.STEP_LAW_REPEALED, citation=lawful.cite())
    else:
        why = m.say(m.STEP_LAW_UNKNOWN, where=ctx.profile.where(step.in_force, taken_on))
    what = m.action_words(step.action)
    reason: str = m.say(m.STEP_NOT_LAWFUL, ladder=ladder.title, action=what, date=taken_on, why=why)
    ctx.warn("unknown_law", reason)
    if lawful is not None and lawful.note:  # the profile's note on that law, its own words
        note = lawful.note.strip()
        reason = m.say(
            m.STEP_NOT_LAWFUL_NOTE,
            ladder=ladder.title,
            action=what,
            date=taken_on,
            why=why,
            note=note,
        )
    ctx.note(rule, reason, step.in_force.source.cite() if step.in_force.source else "")
    return Proposal("manual_review", ctx.as_of, reason)


def step_fee(ctx: Context, step: Step, sent_on: date) -> Decimal:
    """The most that may be charged with the step if it is sent on ``sent_on`` (0 when its
    fee is unknown law, which is said)."""
    if step.fee is None:
        return ZERO
    fees = ctx.profile.spec.fees.get(ctx.ctype.fees)
    if fees is None:
        return ZERO
    decided = fee_for(
        fees,
        ctx.profile.spec.local,
        step.fee,
        sent_on,
        ctx.state.due,
        ctx.state.ledger.history,
        debtor_kind=ctx.claim.debtor.kind,
        claim_type=ctx.claim.claim_type,
        memo=fee_memo(ctx.profile, ctx.ctype),
    )
    if decided.unknown is not None:
        _fee_unknown(ctx, step, sent_on, decided)
        return ZERO
    if decided.gap is not None:  # a part of the fee is unknown law: charged without it
        why = ctx.missing(decided.gap)
        ctx.warn(
            "unknown_law", m.say(m.FEE_PART_UNKNOWN, action=m.action_words(step.action), why=why)
        )
    ctx.tracer.says(
        f"fees.{step.fee}",
        "; ".join(decided.citations),
        m.FEE_IF_SENT,
        date=sent_on,
        amount=decided.amount,
        why=m.listed(decided.reasons),
    )
    return decided.amount


def _fee_unknown(ctx: Context, step: Step, sent_on: date, decided: FeeDecision) -> None:
    """A step whose fee cannot be known: it is proposed without a fee, and says so."""
    why = ctx.missing(decided.gap) if decided.gap is not None else decided.unknown
    text = m.say(m.FEE_NOT_CHARGED, action=m.action_words(step.action), why=why)
    ctx.warn("unknown_law", text)
    ctx.note(f"fees.{step.fee}", m.say(m.FEE_IF_SENT, date=sent_on, amount=0, why=text))


def _pick(ctx: Context, item: Step | StepChoice) -> Step | Gap | None:
    """The step at a ladder position: the one alternative whose condition the claim meets,
    ``None`` when not exactly one does, or the :class:`Gap` of a condition's unknown value."""
    if isinstance(item, Step):
        return item
    matching: list[Step] = []
    for step in item.choose:
        matched = _matches(ctx, step)
        if isinstance(matched, Gap):
            return matched
        if matched:
            matching.append(step)
    return matching[0] if len(matching) == 1 else None


def _matches(ctx: Context, step: Step) -> bool | Gap:
    """Whether the claim meets the step's condition (``when``: the debtor's kind, the
    principal below or at least a parameter)."""
    when = step.when
    if when is None:
        return True
    if when.debtor_kind is not None and when.debtor_kind != ctx.claim.debtor.kind:
        return False
    params = ctx.profile.spec.parameters
    for key, below in (("principal_below", True), ("principal_at_least", False)):
        name = getattr(when, key)
        if name is None:
            continue
        resolved = params[name].at(ctx.as_of)
        if resolved is None or not resolved.known or resolved.value is None:
            return Gap(params[name], ctx.as_of, m.say(m.GAP_PARAMETER, name=name))
        if below != (ctx.state.ledger.principal < resolved.value):
            return False
    return True


def ladder_refs(ctx: Context, ladder: Ladder) -> list[frozenset[str]]:
    """The events that take each step of the claim type's ladder (made once per profile)."""
    memo = ctx.profile.memo.setdefault("ladder_refs", {})
    found: list[frozenset[str]] | None = memo.get(ctx.state.ladder)
    if found is None:
        found = [
            frozenset(
                ref
                for step in (item.choose if isinstance(item, StepChoice) else [item])
                for ref in step.taken_by
            )
            for item in ladder.steps
        ]
        memo[ctx.state.ladder] = found
    return found


def ladder_positions(ctx: Context, ladder: Ladder) -> dict[str, tuple[int, ...]]:
    """Each event's positions on the claim type's ladder, in order (made once per profile)."""
    memo = ctx.profile.memo.setdefault("ladder_positions", {})
    found: dict[str, tuple[int, ...]] | None = memo.get(ctx.state.ladder)
    if found is None:
        lists: dict[str, list[int]] = {}
        for index, refs in enumerate(ladder_refs(ctx, ladder)):
            for ref in refs:
                lists.setdefault(ref, []).append(index)
        found = {ref: tuple(indices) for ref, indices in lists.items()}
        memo[ctx.state.ladder] = found
    return found


def preserve_words(ctx: Context) -> str:
    """What keeps the claim from limitation, in plain words: the profile's step after
    proceedings that ended without a decision, while that additional period runs, or else the
    ladder's step whose event interrupts the period."""
    return ctx.state.limitation.preserve or _preserving_step(ctx)


def _preserving_step(ctx: Context) -> str:
    """The ladder step whose event would interrupt limitation from here (the same for every
    claim of a ladder, before and after a judgment: made once per profile)."""
    judged = ctx.past.judged
    memo = ctx.profile.memo.setdefault("preserving_step", {})
    key = (ctx.state.ladder, judged)
    found: str | None = memo.get(key)
    if found is None:
        found = memo[key] = _find_preserving_step(ctx, judged)
    return found


def _find_preserving_step(ctx: Context, judged: bool) -> str:
    spec = ctx.profile.spec
    interrupting = set(spec.limitation.interruptions)
    for item in spec.ladders[ctx.state.ladder].steps:
        for step in item.choose if isinstance(item, StepChoice) else [item]:
            refs = [ref for ref in step.taken_by if ref in interrupting]
            if refs and (step.not_before.after == "judgment") == judged:
                ways = m.either_or([m.event_words(ref) for ref in refs])
                return m.say(m.PRESERVE_BY, action=m.action_words(step.action), ways=ways)
    return m.PRESERVE_ANY
