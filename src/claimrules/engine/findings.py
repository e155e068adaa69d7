"""What the claim's state itself tells the host, before any guard: warnings and deadlines that
follow from the replay, whatever the next action is."""

from __future__ import annotations

from decimal import Decimal

from claimrules.engine.context import Context
from claimrules.model import messages as m
from claimrules.rules.history import event_ref
from claimrules.rules.state import step_name

__all__ = ["FINDINGS", "interest_warning", "note_findings"]


def warn_due_date_rule(ctx: Context) -> None:
    """The invoice fell due before the municipality's own due-date rule allows: fees,
    interest and steps count from the rule's day (``local.due_date_rule``)."""
    rule = ctx.state.local_due
    if rule is not None and rule.moved:
        ctx.warn(
            "due_date_rule",
            m.say(m.WARN_DUE_DATE_RULE, due=rule.invoiced, who=rule.who, earliest=rule.earliest),
        )


def warn_steps_after_settlement(ctx: Context) -> None:
    """A collection step taken when nothing was owed is void: a notice demands a debt, and
    with none there is no step and no fee owed for it (the ledger's ``void`` steps)."""
    for void in ctx.state.ledger.void:
        event = void.event
        fee = getattr(event, "fee", Decimal(0))
        when = m.say(m.SETTLED_ON, date=void.settled_on) if void.settled_on is not None else ""
        ctx.warn(
            "step_after_settlement",
            m.say(
                m.WARN_AFTER_SETTLEMENT,
                step=step_name(event_ref(event)),
                date=event.on,
                when=when,
                fee=m.say(m.FEE_NOT_OWED, amount=fee) if fee else "",
            ),
        )


def warn_recorded_fees(ctx: Context) -> None:
    """A fee charged on a recorded notice counts only up to the cap in force when it was sent;
    a fee charged where the cap is unknown law is not counted (``fees``)."""
    for check in ctx.state.ledger.fee_checks:
        notice = check.notice
        if notice.gap is not None and notice.fee > 0:  # only a part of the fee is known
            ctx.warn(
                "unknown_law",
                m.say(
                    m.RECORDED_FEE_PART_UNKNOWN,
                    notice=notice.kind,
                    date=notice.on,
                    amount=check.charged,
                    known=notice.fee,
                    unknown=ctx.missing(notice.gap),
                ),
            )
        elif notice.gap is not None:
            ctx.warn(
                "unknown_law",
                m.say(
                    m.RECORDED_FEE_UNKNOWN,
                    notice=notice.kind,
                    date=notice.on,
                    amount=check.charged,
                    unknown=ctx.missing(notice.gap),
                ),
            )
        elif check.charged > notice.fee:
            decided = check.decision
            ctx.warn(
                "fee_over_cap",
                m.say(
                    m.WARN_FEE_OVER_CAP,
                    notice=notice.kind,
                    date=notice.on,
                    charged=check.charged,
                    lawful=notice.fee,
                    why=decided.unknown or m.listed(decided.reasons),
                ),
            )


def watch_lien(ctx: Context) -> None:
    """The lien's lapse date is a deadline, with the step that preserves it; a lien whose
    period the profile does not know is unknown law (``liens``)."""
    lien = ctx.state.lien
    if lien is None:
        return
    if lien.unknown:
        ctx.warn("unknown_law", lien.unknown)
    elif lien.preserved_on is None and not lien.lapsed:
        assert lien.expires_on is not None
        ctx.deadline(f"{lien.name} lapses", lien.expires_on, lien.step)


def warn_interest_known_through(ctx: Context) -> None:
    """Interest at a rate the profile does not know is counted through the last day whose
    rate is known, so the balance is the least owed (``unknown_law``): said whatever the
    action, also where a guard decides (a written-off claim only monitored, a refund held, a
    person deciding), because the amount shown depends on it."""
    if ctx.state.ledger.interest_unknown is not None:
        ctx.warn("unknown_law", interest_warning(ctx))


def interest_warning(ctx: Context) -> str:
    """The ``unknown_law`` warning for interest counted only as far as its rate is known."""
    ledger = ctx.state.ledger
    if ledger.interest_gap is None:
        return ledger.interest_unknown or "the interest rate is unknown law"
    return m.say(
        m.INTEREST_KNOWN_THROUGH,
        date=ledger.interest_known_through,
        unknown=ctx.missing(ledger.interest_gap),
    )


FINDINGS = (
    warn_due_date_rule,
    warn_steps_after_settlement,
    warn_recorded_fees,
    watch_lien,
    warn_interest_known_through,
)
"""In this order, before the guards."""


def note_findings(ctx: Context) -> None:
    """Every finding of :data:`FINDINGS`, in order."""
    for finding in FINDINGS:
        finding(ctx)
