"""The guards: the law's stops before the ladder, one small function each, in order.

:data:`GUARDS` is the order; the first guard that proposes something decides, and the ladder
(:mod:`claimrules.engine.ladder`) comes only after all of them. A guard that only notes
something (a warning, a deadline) returns ``None`` and lets the next one look. Each guard's
docstring says which rule it applies and where the law says so; ``docs/engine.md`` lists them
in the same order (``tests/test_engine_structure.py`` compares).

:data:`AFTER` runs on what was proposed, whoever proposed it: a wage deduction that stopped
paying, the horizon warnings, no movement, and the next step's deadline.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from claimrules.engine.context import ZERO, Context, Proposal
from claimrules.engine.ladder import last_notice, next_step, preserve_words, step_fee
from claimrules.model import messages as m
from claimrules.rules.costs import step_cost
from claimrules.rules.delivery import notice_proof
from claimrules.rules.interest import Gap
from claimrules.rules.monitoring import enforceable, policy_write_off, recovered, stalled_since
from claimrules.rules.plans import deduction_silent_since
from claimrules.rules.tracer import Tracer

__all__ = ["AFTER", "GUARDS", "decide_guarded"]

Guard = Callable[[Context], Proposal | None]


def warn_recovered_after_write_off(ctx: Context) -> None:
    """Money received after a write-off is income to book, a recovered loss (rundskriv
    R-12/92; DFØ): the ``recovered_after_write_off`` warning, whatever the action."""
    recovery = recovered(ctx.past)
    if recovery is not None:
        ctx.warn(
            "recovered_after_write_off",
            m.say(
                m.WARN_RECOVERED,
                amount=recovery.amount,
                date=recovery.written_off_on,
                last=recovery.last_on,
            ),
        )


def stop_collection_without_notice(ctx: Context) -> Proposal | None:
    """An offset, referral or legal step taken while there was no proof the debtor was given
    the invoice must be unwound: ``manual_review`` (the Kujalleq lesson; the profile's
    ``delivery.evidence``). First of all: an offset that "settled" the claim is no excuse."""
    delivery = ctx.state.delivery
    unnoticed = delivery.collected_without_notice
    if not unnoticed:
        return None
    for what in unnoticed:
        ctx.warn("collected_without_notice", m.say(m.WARN_WITHOUT_NOTICE, step=what))
    if not delivery.evidenced:
        ctx.warn("not_delivered", delivery.reason)
    reason = m.say(m.COLLECTED_WITHOUT_NOTICE, steps=m.listed(unnoticed))
    return ctx.propose("manual_review", reason)


def hold_unknown_allocation(ctx: Context) -> Proposal | None:
    """A payment may have gone to interest at a rate the profile does not know: neither the
    principal left nor a refund is known, so a person decides (``allocation``)."""
    ledger = ctx.state.ledger
    if ledger.allocation_unknown is None:
        return None
    return ctx.propose("manual_review", ledger.allocation_unknown)


def hold_refund_on_unknown_interest(ctx: Context) -> Proposal | None:
    """The payments exceed the claim before interest, but interest at an unknown rate may
    have taken the excess: whether anything is to be refunded is unknown law."""
    ledger = ctx.state.ledger
    if ledger.credit <= 0 or ledger.interest_unknown is None:
        return None
    reason = m.say(m.REFUND_UNKNOWN, amount=ledger.credit, unknown=ledger.interest_unknown)
    return ctx.propose("manual_review", reason)


def hold_refund_on_unknown_fee(ctx: Context) -> Proposal | None:
    """The payments exceed what is counted, but a fee charged on a notice whose lawful fee is
    unknown law was left out (nothing is counted on law nobody could find): it may have been
    lawful and have taken the excess, so whether anything is to be refunded is unknown law."""
    ledger = ctx.state.ledger
    if ledger.credit <= 0:
        return None
    doubtful = [
        c for c in ledger.fee_checks if c.notice.gap is not None and c.charged > c.notice.fee
    ]
    if not doubtful:
        return None
    gap = doubtful[0].notice.gap
    assert gap is not None
    uncounted = sum((c.charged - c.notice.fee for c in doubtful), ZERO)
    reason = m.say(
        m.REFUND_FEE_UNKNOWN, amount=ledger.credit, fees=uncounted, unknown=ctx.missing(gap)
    )
    return ctx.propose("manual_review", reason)


def refund_overpayment(ctx: Context) -> Proposal | None:
    """A credit balance is owed back to the debtor: ``refund``."""
    ledger = ctx.state.ledger
    if ledger.credit <= 0:
        return None
    return ctx.propose("refund", m.say(m.OVERPAID, amount=ledger.credit))


def settled(ctx: Context) -> Proposal | None:
    """Nothing outstanding: ``none`` (but ``manual_review`` when only interest at an unknown
    rate could still be owed)."""
    ledger = ctx.state.ledger
    if ledger.principal != 0 or ledger.fees != 0 or ledger.interest > 0:
        return None
    if ledger.interest_unknown is None:
        return ctx.propose("none", m.NOTHING_OUTSTANDING)
    reason = m.say(m.INTEREST_STILL_OWED_UNKNOWN, unknown=ledger.interest_unknown)
    return ctx.propose("manual_review", reason)


def stop_for_insolvency(ctx: Context) -> Proposal | None:
    """Debt settlement or bankruptcy proceedings opened: individual collection stops and a
    person takes the claim to the proceedings (``manual_review``)."""
    opened = ctx.past.first.get("insolvency")
    if opened is None:
        return None
    return ctx.propose("manual_review", m.say(m.INSOLVENCY, date=opened))


def stop_for_dispute(ctx: Context) -> Proposal | None:
    """The debtor disputes the claim: the ladder does not escalate it while the dispute is
    open; a person weighs the objection (``manual_review``)."""
    disputed = ctx.past.disputed_since
    if disputed is None:
        return None
    return ctx.propose("manual_review", m.say(m.DISPUTED, date=disputed))


def monitor_written_off(ctx: Context) -> Proposal | None:
    """A written-off claim is kept in long-term monitoring until limitation, which still runs
    (a write-off is a booking, not a waiver: rundskriv R-12/92; DFØ); once time-barred, the
    monitoring ends: ``write_off``."""
    written_off = ctx.past.first.get("written_off")
    if written_off is None:
        return None
    limitation = ctx.state.limitation
    if limitation.unknown is not None:
        ctx.warn("unknown_law", limitation.unknown)
        return ctx.propose("manual_review", limitation.unknown)
    if limitation.time_barred:
        assert limitation.expires_on is not None
        barred = limitation.expires_on + timedelta(days=1)
        return ctx.propose("write_off", m.say(m.MONITOR_ENDS, date=written_off, barred=barred))
    if limitation.expires_on is None:
        return ctx.propose("monitor", m.say(m.MONITOR_SUSPENDED, date=written_off))
    ctx.deadline("limitation expires", limitation.expires_on, preserve_words(ctx))
    reason = m.say(m.MONITOR_UNTIL, date=written_off, until=limitation.expires_on)
    return ctx.propose("monitor", reason)


def hold_unknown_limitation(ctx: Context) -> Proposal | None:
    """Whether the claim is time-barred depends on a rule the profile does not know (and only
    then): a person decides (``limitation``)."""
    unknown = ctx.state.limitation.unknown
    if unknown is None:
        return None
    ctx.warn("unknown_law", unknown)
    return ctx.propose("manual_review", unknown)


def write_off_time_barred(ctx: Context) -> Proposal | None:
    """A time-barred claim is never collected: ``write_off``; interest and costs lapse with
    the principal (foreldelsesloven § 24 nr. 2; forældelsesloven § 23 stk. 2)."""
    limitation = ctx.state.limitation
    if not limitation.time_barred:
        return None
    expires = limitation.expires_on
    barred = expires + timedelta(days=1) if expires else ctx.as_of
    return ctx.propose("write_off", m.say(m.TIME_BARRED, date=barred))


def watch_limitation(ctx: Context) -> None:
    """The limitation date is a deadline, with the step that would interrupt it."""
    limitation = ctx.state.limitation
    if limitation.expires_on is not None:
        ctx.deadline("limitation expires", limitation.expires_on, preserve_words(ctx))


def hold_resent_without_due_date(ctx: Context) -> Proposal | None:
    """An invoice re-sent after a failed delivery must carry its own due date: without it no
    step can be counted (the profile's ``delivery``)."""
    missing_due = ctx.state.delivery.missing_due
    if missing_due is None:
        return None
    return ctx.propose("manual_review", m.say(m.RESENT_WITHOUT_DUE_DATE, date=missing_due))


def resend_undelivered_invoice(ctx: Context) -> Proposal | None:
    """No proof the debtor was given the invoice (per channel, the profile's
    ``delivery.evidence``), a failed delivery or a creditor-fault direct debit: the invoice is
    sent again, and no escalation, interest or fee counts meanwhile (the sources of the
    profile's ``delivery`` section: a delay the creditor caused)."""
    delivery = ctx.state.delivery
    if delivery.evidenced:
        return None
    ctx.warn("not_delivered", delivery.reason)
    return ctx.propose("resend_invoice", m.say(m.NOT_DELIVERED, reason=delivery.reason))


def resend_unproven_notice(ctx: Context) -> Proposal | None:
    """The notice the next step counts from did not reach the debtor (a ``notice_failed``
    with no delivery receipt for it), or lacks the proof the municipality's own rules require
    (``local.notice_proof``): the step that counts from it may not be taken, and the notice is
    sent again (the next step counts from the new one). A notice the law asks to be *sent*
    (inkassoloven § 9, tvangsfullbyrdelsesloven § 4-18, the Danish inkassoloven § 10) has not
    served when it came back; the Kujalleq lesson: a letter recorded as sent may never have
    left."""
    policy = ctx.profile.spec.local.notice_proof
    if policy is None and "notice_failed" not in ctx.past.first:
        return None  # nothing to check: the ladder's own walk is not repeated for it
    found = last_notice(ctx)
    if found is None:
        return None
    event, step = found
    proof = notice_proof(ctx.past.events, event)
    notice = _NOTICE_WORDS[event.kind]
    if proof.failed is not None and not proof.delivered:
        reason = m.say(m.NOTICE_FAILED, notice=notice, date=event.on, returned=proof.failed)
    else:
        if policy is None or proof.delivered:
            return None
        if policy.require == "dispatched" and proof.dispatched:
            return None
        who = ctx.profile.spec.local.municipality or m.W_MUNICIPALITY
        required = m.say(
            m.NOTICE_PROOF_DISPATCHED
            if policy.require == "dispatched"
            else m.NOTICE_PROOF_DELIVERED
        )
        reason = m.say(m.NOTICE_UNPROVEN, notice=notice, date=event.on, required=required, who=who)
        ctx.note("local.notice_proof", reason, policy.source.cite())
    ctx.warn("not_delivered", reason)
    proposal = ctx.propose(step.action, reason)
    # the notice sent again may carry the fee the law allows on the day (the one that did not
    # arrive carried none: its fee is not owed)
    return Proposal(proposal.action, proposal.on, proposal.reason, step_fee(ctx, step, ctx.as_of))


_NOTICE_WORDS = {
    "reminder_sent": m.W_REMINDER,
    "collection_notice_sent": m.W_NOTICE,
    "payment_demand_sent": m.W_DEMAND,
}
"""Each notice in the words the sentences use for it."""


def local_small_balance(ctx: Context) -> Proposal | None:
    """The municipality's own small-amount threshold (``local.small_balance``, its finance
    regulations, not law): below it, no step and no fee; it is still owed."""
    small = ctx.profile.spec.local.small_balance
    if small is None:
        return None
    left = ctx.state.ledger.total.quantize(ctx.profile.minor_unit)
    if left >= small.below:
        return None
    who = ctx.profile.spec.local.municipality or m.W_MUNICIPALITY
    reason = m.say(m.SMALL_BALANCE, amount=left, who=who, below=small.below)
    ctx.note("local.small_balance", reason, small.source.cite())
    return Proposal(small.action, ctx.as_of, reason)


def local_write_off_policy(ctx: Context) -> Proposal | None:
    """The municipality's own write-off policy (``local.write_off_policy``): after the law's
    guards, never under an active payment plan or while legal proceedings run."""
    local = ctx.profile.spec.local
    policy = local.write_off_policy
    if policy is None or ctx.active_plan() is not None:
        return None
    if ctx.state.limitation.suspended_since is not None:  # legal proceedings are running
        return None
    basis = enforceable(ctx.profile.spec, ctx.ctype, ctx.past.judged, ctx.state.ladder)
    if not policy_write_off(policy, ctx.claim.claim_type, ctx.state.due, ctx.as_of, basis):
        return None
    reason = m.say(
        m.POLICY_WRITE_OFF,
        date=ctx.state.due,
        years=policy.after_years,
        basis=m.NO_ENFORCEMENT_BASIS if policy.without_enforcement_basis else m.ANY_BASIS,
        who=local.municipality or m.W_MUNICIPALITY,
    )
    live = law_still_allows(ctx)
    if live is not None:
        reason = m.say(m.POLICY_BUT_LAW_ALLOWS, reason=reason, step=live)
        ctx.warn("law_allows_step", live)
    ctx.note("local.write_off_policy", reason, policy.source.cite())
    return Proposal("write_off", ctx.as_of, reason)


_NOT_A_STEP = frozenset({"none", "refund", "monitor", "manual_review", "write_off"})


def law_still_allows(ctx: Context) -> str | None:
    """The step the law still allows a claim the local policy would write off, with its
    earliest day and the day the road closes (limitation, or the end of the additional year
    after proceedings ended without a decision): what the law's own guards and the ladder
    would propose, worked out aside (its trace and warnings dropped); ``None`` when the law
    proposes no step either (the policy's write-off hides nothing)."""
    aside = Context(ctx.state, Tracer(ctx.claim.currency))
    proposal = after_proceedings_next_step(aside) or next_step(aside)
    expires = ctx.state.limitation.expires_on
    if proposal.action in _NOT_A_STEP or expires is None or ctx.state.limitation.time_barred:
        return None
    return m.say(
        m.LAW_STILL_ALLOWS,
        action=m.action_words(proposal.action),
        date=max(proposal.on, ctx.as_of),
        until=expires,
        step=preserve_words(aside),
    )


def after_proceedings_next_step(ctx: Context) -> Proposal | None:
    """Legal proceedings ended without a decision and no legal step was taken since: the
    profile's next step for that step and how it ended (``limitation.after_proceedings.
    next_step``: after the conciliation board halted the case a lawsuit, since a second
    complaint does not interrupt again, HR-2016-899-A; after a dismissal on formal grounds the
    corrected complaint; after an objection to distraint on an undisputed claim the
    conciliation board)."""
    after = ctx.profile.spec.limitation.after_proceedings
    ended = ctx.past.last_ended
    expires = ctx.state.limitation.expires_on
    if not ctx.past.ended or ended is None:  # no proceedings ended, or a step was taken since
        return None
    if after is None or not after.next_step or expires is None:
        return None
    action = after.next_step.get(f"{ended.step}.{ended.outcome}") or after.next_step.get(ended.step)
    if action is None:
        return None
    reason = m.say(
        m.PROCEEDINGS_NEXT,
        step=m.event_words(f"legal_step.{ended.step}"),
        date=ended.on,
        action=m.action_words(action),
        until=expires,
    )
    ctx.note("limitation.after_proceedings.next_step", reason, after.source.cite())
    return Proposal(action, ctx.as_of, reason)


def warn_missed_instalment(ctx: Context) -> None:
    """A payment plan's instalment not covered by the end of its grace period breaches the
    plan (``local.payment_plan``): the ``instalment_missed`` warning."""
    ctx.missed  # noqa: B018  (looked for before the ladder, so that it is warned of)


GUARDS: tuple[Guard, ...] = (
    warn_recovered_after_write_off,
    stop_collection_without_notice,
    hold_unknown_allocation,
    hold_refund_on_unknown_interest,
    hold_refund_on_unknown_fee,
    refund_overpayment,
    settled,
    stop_for_insolvency,
    stop_for_dispute,
    monitor_written_off,
    hold_unknown_limitation,
    write_off_time_barred,
    watch_limitation,
    hold_resent_without_due_date,
    resend_undelivered_invoice,
    resend_unproven_notice,
    local_small_balance,
    local_write_off_policy,
    after_proceedings_next_step,
    warn_missed_instalment,
)
"""The guards, in order; the first that proposes something decides."""


def decide_guarded(ctx: Context) -> Proposal:
    """The proposal of the first guard that makes one, else the ladder's; then :data:`AFTER`."""
    proposal = None
    for guard in GUARDS:
        proposal = guard(ctx)
        if proposal is not None:
            break
    else:
        proposal = next_step(ctx)
    for check in AFTER:
        proposal = check(ctx, proposal)
    return proposal


# --- after the proposal ---------------------------------------------------------------------


def stop_silent_deduction(ctx: Context, proposal: Proposal) -> Proposal:
    """A wage deduction that has brought no payment for longer than ``warnings.deduction_gap``:
    the employer is liable for what it should have deducted (tvangsfullbyrdelsesloven § 7-22),
    so a claim only watched (``monitor``) goes to ``manual_review`` with that next step."""
    gap = ctx.profile.spec.warnings.deduction_gap
    past = ctx.past
    if gap is None or proposal.action in ("none", "refund", "write_off"):
        return proposal
    if "written_off" in past.first or "legal_step" not in past.first:
        return proposal
    since = deduction_silent_since(past, gap.days, ctx.as_of)
    if since is None:
        return proposal
    text = m.say(
        m.WARN_DEDUCTION_STOPPED,
        date=since,
        days=(ctx.as_of - since).days,
        step=gap.next_step,
        citation=gap.source.cite(),
    )
    ctx.warn("deduction_stopped", text)
    if proposal.action != "monitor":
        return proposal
    ctx.note("warnings.deduction_gap", text, gap.source.cite())
    return Proposal("manual_review", ctx.as_of, text, ZERO)


def warn_horizons(ctx: Context, proposal: Proposal) -> Proposal:
    """Limitation or a lien lapsing within the profile's horizon (``warnings``): the
    ``limitation_expiring`` and ``lien_expiring`` warnings, with the step that preserves it."""
    if proposal.action in ("write_off", "none", "refund"):
        return proposal
    horizons = ctx.profile.spec.warnings
    limitation, lien = ctx.state.limitation, ctx.state.lien
    if (
        limitation.expires_on is not None
        and not limitation.time_barred
        and limitation.unknown is None
    ):
        left = (limitation.expires_on - ctx.as_of).days
        if left <= horizons.limitation_horizon_days:
            reason = m.say(
                m.WARN_LIMITATION, date=limitation.expires_on, days=left, step=preserve_words(ctx)
            )
            ctx.warn("limitation_expiring", reason)
    if lien is None or lien.expires_on is None or lien.preserved_on is not None or lien.lapsed:
        return proposal
    left = (lien.expires_on - ctx.as_of).days
    if left <= horizons.lien_horizon_days:
        text = m.say(m.WARN_LIEN, lien=lien.name, date=lien.expires_on, days=left, step=lien.step)
        ctx.warn("lien_expiring", text)
    return proposal


def warn_no_movement(ctx: Context, proposal: Proposal) -> Proposal:
    """An unpaid claim that has stood still longer than its claim type's threshold
    (``warnings.no_movement``); not one written off (monitoring expects no movement) or one to
    be written off now."""
    rule = ctx.profile.spec.warnings.no_movement.get(ctx.claim.claim_type)
    if rule is None or proposal.action in ("none", "refund", "write_off"):
        return proposal
    if "written_off" in ctx.past.first:
        return proposal
    since = stalled_since(ctx.past, ctx.state.due, ctx.as_of, rule)
    if since is not None:
        ctx.warn("no_movement", m.say(m.WARN_NO_MOVEMENT, date=since, months=rule.months))
    return proposal


def watch_next_step(ctx: Context, proposal: Proposal) -> Proposal:
    """The next step's day is a deadline when it has not come yet (or is today)."""
    if proposal.on >= ctx.as_of and proposal.action not in ("none", "refund"):
        ctx.deadline(f"next step: {proposal.action}", proposal.on)
    return proposal


def warn_disproportionate_cost(ctx: Context, proposal: Proposal) -> Proposal:
    """A court or enforcement step whose fee (``court_fees``: rettsgebyrloven, with its dated
    values) is more than the policy's share of what the claim owes (the municipality's
    ``local.disproportionate_cost``, else ``warnings.disproportionate_cost``): the
    ``disproportionate_cost`` warning. The cost is
    noted in the trace; where it is unknown law, the trace says what it depends on and
    nothing is compared."""
    spec = ctx.profile.spec
    if spec.court_fees is None or proposal.action not in spec.court_fees.steps:
        return proposal
    on = max(proposal.on, ctx.as_of)
    cost = step_cost(spec, proposal.action, ctx.state.ladder, on)
    rule = f"court_fees.steps.{proposal.action}"
    if cost is None:
        return proposal
    if isinstance(cost, Gap):
        ctx.note(rule, m.say(m.TRACE_COST_UNKNOWN, unknown=ctx.missing(cost)))
        return proposal
    owed = ctx.state.ledger.total
    percent = _percent(cost.amount, owed)
    amount = cost.amount.quantize(CENT)
    ctx.tracer.note(
        rule,
        m.say(m.TRACE_COST, fee=cost.title, date=on, cost=amount, percent=percent, owed=owed),
        cost.citation,
    )
    policy = spec.local.disproportionate_cost or spec.warnings.disproportionate_cost
    if policy is None or cost.amount <= policy.share * owed:
        return proposal
    fields = {"fee": cost.title, "date": on, "cost": amount, "percent": percent, "owed": owed}
    share = _percent(policy.share, Decimal(1))
    if cost.how:
        text = m.say(m.WARN_COST, how=cost.how, share=share, **fields)
    else:
        text = m.say(m.WARN_COST_FLAT, share=share, **fields)
    ctx.warn("disproportionate_cost", text)
    return proposal


def say_what_is_left(ctx: Context, proposal: Proposal) -> Proposal:
    """A lawful road beside the ladder that the engine does not follow
    (``claim_types.<type>.left_out``: eviction for unpaid rent, tvangsfullbyrdelsesloven
    § 13-2 with husleieloven): each decision on an open claim says what is left to the
    creditor's lawyer, with or without the document the road needs."""
    left = ctx.ctype.left_out
    if not left or proposal.action in ("none", "refund", "write_off"):
        return proposal
    documents = ctx.past.documents
    for index, item in enumerate(left):
        if item.document is not None and (item.document in documents) != item.signed:
            continue
        ctx.warn(item.code, item.message)
        ctx.note(
            f"claim_types.{ctx.claim.claim_type}.left_out.{index}", item.message, item.source.cite()
        )
    return proposal


CENT = Decimal("0.01")


def _percent(part: Decimal, whole: Decimal) -> int:
    """``part`` as a whole percentage of ``whole`` (rounded half up; 0 of nothing)."""
    if whole <= 0:
        return 0
    return int((part * 100 / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP))


AFTER: tuple[Callable[[Context, Proposal], Proposal], ...] = (
    stop_silent_deduction,
    warn_horizons,
    warn_no_movement,
    warn_disproportionate_cost,
    say_what_is_left,
    watch_next_step,
)
"""After the proposal, in order, whoever made it."""
