"""The fast path: a bulk run's decision for the commonest claim, invoiced and paid in full.

Most of a municipal ledger is invoiced and paid, with nothing else in its history. For such a
claim the guards before :func:`~claimrules.engine.guards.settled` and the checks after the
proposal cannot apply (:data:`SKIPPED`, ``tests/test_engine_structure.py`` shows it on every
claim the path takes), so without a trace the decision is the findings, ``none`` and the
record. It reads the same :class:`~claimrules.rules.state.ClaimState` as every guard: whether
the claim is paid is the ledger's answer, whether its invoice reached the debtor the delivery
rule's; nothing is derived twice.
"""

from __future__ import annotations

from typing import Any

from claimrules.engine import guards as g
from claimrules.engine.context import Context, Proposal
from claimrules.engine.findings import note_findings
from claimrules.engine.record import copy_record, decision_record_of
from claimrules.model import messages as m
from claimrules.model.core import content_hash
from claimrules.rules.memo import remember
from claimrules.rules.state import ClaimState

__all__ = ["PLAN_KINDS", "SKIPPED", "paid_in_full", "record_key", "takes"]

PLAN_KINDS = frozenset({"invoice_sent", "invoice_dispatched", "invoice_delivered", "payment"})
"""The events of the fast path's claims: the invoice, its proof, and payments."""

SKIPPED = (
    g.warn_recovered_after_write_off,
    g.stop_collection_without_notice,
    g.hold_unknown_allocation,
    g.hold_refund_on_unknown_interest,
    g.hold_refund_on_unknown_fee,
    g.refund_overpayment,
    *g.AFTER,
)
"""What the fast path does not run: each returns nothing (and notes nothing) for its claims."""


def takes(ctx: Context) -> bool:
    """Whether the claim is the fast path's: only invoices, their proof and payments in its
    history, and the ledger settled exactly (no credit, every part paid, all of it known)."""
    ledger = ctx.state.ledger
    return (
        PLAN_KINDS.issuperset(ctx.past.first)
        and ledger.credit == 0
        and ledger.interest_unknown is None
        and ledger.principal == 0
        and ledger.fees == 0
        and ledger.interest <= 0
    )


def paid_in_full(ctx: Context) -> dict[str, Any] | None:
    """The decision record of a claim the fast path takes (:func:`takes`): its findings, then
    ``none``; ``None`` for any other claim (the guards decide it).

    Claims that share what the record reads of their state (:func:`record_key`) share it: it is
    made once per profile and copied, with the claim's id and content hash."""
    if not takes(ctx):
        return None
    key = record_key(ctx.state)
    memo = ctx.profile.memo.setdefault("paid_in_full", {})
    made: dict[str, Any] | None = memo.get(key)
    if made is None:
        note_findings(ctx)
        made = decision_record_of(ctx, Proposal("none", ctx.as_of, m.NOTHING_OUTSTANDING))
        remember(memo, key, made)
    state = ctx.state
    return copy_record(made, state.claim, content_hash(state.claim, state.ordered))


def record_key(state: ClaimState) -> tuple[object, ...]:
    """Everything the record of a claim the fast path takes reads of its state, as a memo key:
    the currency and the day; limitation and the lien (their dates, periods, citations); the
    local due-date rule (its warning). Its balance, action, reason and fee are the same for
    every such claim (nothing outstanding), and it has no other finding or deadline."""
    limitation, lien = state.limitation, state.lien
    return (
        state.claim.currency,
        state.as_of,
        (
            limitation.expires_on,
            limitation.started_on,
            limitation.years,
            limitation.period,
            limitation.time_barred,
            limitation.citation,
        ),
        None
        if lien is None
        else (
            lien.name,
            lien.expires_on,
            lien.preserved_on,
            lien.lapsed,
            lien.citation,
            lien.unknown,
        ),
        state.local_due,
    )
