"""Accounting postings: the journal lines the decisions imply on one day, per claim type.

The billing system books each invoice (debit receivable, credit revenue) and each payment
(debit bank, credit receivable). What it does not know is what the law adds and what the
collection office decides; :func:`postings` gives those lines, from each claim's decision on
``as_of``:

- ``interest_accrued``: the late interest still owed (debit receivable, credit interest
  income);
- ``fees_charged``: the reminder and collection fees still owed (debit receivable, credit fee
  income);
- ``written_off``: what a claim written off in the ledger still owes, by part (debit loss,
  credit receivable): it leaves the receivable and goes to long-term monitoring;
- ``write_off_proposed``: the same for a claim whose decision is ``write_off`` today
  (time-barred, or the municipality's write-off policy);
- ``recovered_after_write_off``: money received after a write-off (debit receivable, credit
  recovered income), moving the payment the billing system credited to the receivable into
  income.

The lines are the state on ``as_of`` (what the accounts should carry then), not the change
since an earlier run. They reconcile with the aging report: interest and fees to its interest
and fees, and the receivable left to its outstanding principal plus interest and fees less the
write-offs. Accounts come from the profile's ``local.accounts`` (an overlay's chart of
accounts); without it, each line names the account by its role.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from claimrules.engine.core import decide_state
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim
from claimrules.rules.monitoring import recovered

__all__ = ["KINDS", "ROLES", "Posting", "PostingReport", "postings"]

ROLES = ("receivable", "interest_income", "fee_income", "loss", "recovered_income")
"""The accounts a posting names, by role (``local.accounts`` maps them to account numbers)."""

KINDS = {
    "interest_accrued": ("receivable", "interest_income"),
    "fees_charged": ("receivable", "fee_income"),
    "written_off": ("loss", "receivable"),
    "write_off_proposed": ("loss", "receivable"),
    "recovered_after_write_off": ("receivable", "recovered_income"),
}
"""Each kind of posting: the role of its debit and of its credit account."""


class Posting(BaseModel):
    """One journal line: a kind of posting for one claim type and part of the claim."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    claim_type: str
    kind: str
    part: str
    debit: str
    credit: str
    amount: Decimal
    claims: int


class PostingReport(BaseModel):
    """The journal lines of :func:`postings`, and the totals they reconcile with."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    currency: str
    lines: tuple[Posting, ...]
    principal: Decimal
    """The outstanding principal of every claim (the aging report's total)."""
    interest: Decimal
    fees: Decimal
    receivable: Decimal
    """What stays in the receivable: principal, interest and fees owed, less the write-offs
    (booked and proposed)."""

    def total(self, kind: str, part: str | None = None) -> Decimal:
        """The sum of the lines of one kind (and part)."""
        return sum(
            (x.amount for x in self.lines if x.kind == kind and part in (None, x.part)),
            Decimal(0),
        )


def postings(claims: Iterable[Claim], profile: Profile, as_of: date) -> PostingReport:
    """The journal lines the decisions on ``as_of`` imply, summed per claim type, kind and
    part (lines of zero are left out). Raises :class:`~claimrules.errors.ClaimError` for a
    claim that does not fit the profile (the CLI reports and skips it)."""
    unit = profile.minor_unit
    zero = Decimal(0).quantize(unit)
    sums: dict[tuple[str, str, str], Decimal] = {}
    counts: dict[tuple[str, str, str], int] = {}
    principal = interest = fees = off = zero

    def add(claim_type: str, kind: str, part: str, amount: Decimal) -> None:
        if amount == 0:
            return
        key = (claim_type, kind, part)
        sums[key] = sums.get(key, zero) + amount
        counts[key] = counts.get(key, 0) + 1

    for claim in claims:
        decision, state = decide_state(claim, profile, as_of, trace="none")
        balance = decision.balance
        principal += balance.principal
        interest += balance.interest
        fees += balance.fees
        add(claim.claim_type, "interest_accrued", "interest", balance.interest)
        add(claim.claim_type, "fees_charged", "fees", balance.fees)
        past = state.past
        kind = (
            "written_off"
            if "written_off" in past.first
            else "write_off_proposed"
            if decision.action == "write_off"
            else None
        )
        if kind is not None:
            for part in ("principal", "interest", "fees"):
                add(claim.claim_type, kind, part, getattr(balance, part))
            off += balance.principal + balance.interest + balance.fees
        recovery = recovered(past)
        if recovery is not None:
            add(claim.claim_type, "recovered_after_write_off", "payment", recovery.amount)
    lines = tuple(
        Posting(
            as_of=as_of,
            claim_type=claim_type,
            kind=kind,
            part=part,
            debit=_account(profile, claim_type, KINDS[kind][0]),
            credit=_account(profile, claim_type, KINDS[kind][1]),
            amount=amount.quantize(unit),
            claims=counts[(claim_type, kind, part)],
        )
        for (claim_type, kind, part), amount in sorted(
            sums.items(), key=lambda item: (item[0][0], list(KINDS).index(item[0][1]), item[0][2])
        )
    )
    return PostingReport(
        as_of=as_of,
        currency=profile.currency,
        lines=lines,
        principal=principal,
        interest=interest,
        fees=fees,
        receivable=principal + interest + fees - off,
    )


def _account(profile: Profile, claim_type: str, role: str) -> str:
    """The account for ``role`` on a claim of ``claim_type`` (``local.accounts``), or the
    role's own name when the profile maps none."""
    accounts = profile.spec.local.accounts
    if accounts is None:
        return role
    for special, account in accounts.by_claim_type.get(claim_type, {}).items():
        if special == role:
            return account
    found: str = getattr(accounts, role)
    return found
