"""Accounting postings: the journal lines the decisions imply, so that the books balance claim
by claim and part by part.

The billing system books each invoice (debit receivable, credit revenue), each payment (debit
bank, credit receivable) and each credit note (debit revenue, credit receivable). What it does
not know is what the law adds and what the collection office decides; :func:`postings` gives
those lines, per claim type, kind and part (principal, interest, fees, and ``refund`` for what
is owed back):

- ``interest_accrued``: late interest as it is charged, less interest time-barred on its own
  (debit receivable, credit interest income), until the claim is written off;
- ``fees_charged``: reminder and collection fees as they are charged, up to the lawful amount
  (debit receivable, credit fee income), until the claim is written off;
- ``written_off``: what the claim owed, by part, on the day it was written off (debit loss,
  credit receivable): it leaves the receivable and goes to long-term monitoring;
- ``write_off_proposed``: what a claim whose decision is ``write_off`` today owes, by part
  (time-barred, or the municipality's write-off policy), to book when the write-off is made;
- ``recovered_after_write_off``: money received after the write-off, by the part it covered
  in the allocation order the decision's ledger used (debit receivable, credit recovered
  income): the payment the billing system credited to the receivable becomes income;
- ``credited_after_write_off``: a credit note after the write-off (debit receivable, credit
  loss): what was not owed after all is no loss;
- ``owed_back``: money received beyond what the claim owed, and a credit note beyond its
  principal (debit receivable, credit refund payable): a debt to the debtor, what the decision
  says to ``refund``, never income.

After a write-off, interest and fees are income only when money comes in («inntektsføres ved
innfrielse»: the practice the Orkdal audit of 2003 recommended for written-off claims; a
write-off is a booking, not a waiver, rundskriv R-12/92). The claim still owes them, and the
monitoring report shows them, but no line books them: they become ``recovered_after_write_off``
when paid, and what comes in beyond what the claim owed is ``owed_back``.

Without ``since`` the lines are cumulative, from each claim's start to ``as_of``: what the
accounts should carry then. With ``since`` they are the change after that day through
``as_of`` (the cumulative lines on ``as_of`` less those on ``since``): booking each run's lines
with ``since`` the previous run's as-of day keeps the accounts at the cumulative view. A
period's line may be negative, where something booked before is reversed (interest
time-barred on its own, a write-off proposed and then paid, an event unwound).

:func:`claim_postings` gives one claim's movements, the billing system's and the ones that are
not booked included, with what it owed at the start and at the end: for each part, the
movements' effect (:data:`EFFECT`) is the change in what the claim owes, and the closing
amounts are the decision's balance. The report's totals reconcile with the aging report:
outstanding principal, interest and fees are its totals. Accounts come from the profile's
``local.accounts`` (an overlay's chart of accounts); without it, each line names the account
by its role.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from claimrules.engine.core import decide_state
from claimrules.law.profile import Profile
from claimrules.model.claims import Claim
from claimrules.rules.state import ledger_at_write_off

__all__ = [
    "BILLING",
    "EFFECT",
    "KINDS",
    "NOT_BOOKED",
    "PARTS",
    "ROLES",
    "ClaimPostings",
    "Movement",
    "Owed",
    "Posting",
    "PostingReport",
    "claim_postings",
    "postings",
]

PARTS = ("principal", "interest", "fees", "refund")
"""The parts of a claim a posting is for; ``refund`` is what is owed back to the debtor."""

ROLES = (
    "receivable",
    "interest_income",
    "fee_income",
    "loss",
    "recovered_income",
    "refund_payable",
)
"""The accounts a posting names, by role (``local.accounts`` maps them to account numbers)."""

KINDS = {
    "interest_accrued": ("receivable", "interest_income"),
    "fees_charged": ("receivable", "fee_income"),
    "written_off": ("loss", "receivable"),
    "write_off_proposed": ("loss", "receivable"),
    "recovered_after_write_off": ("receivable", "recovered_income"),
    "credited_after_write_off": ("receivable", "loss"),
    "owed_back": ("receivable", "refund_payable"),
}
"""Each kind of journal line: the role of its debit and of its credit account."""

BILLING = {
    "invoiced": ("receivable", "revenue"),
    "paid": ("bank", "receivable"),
    "credited": ("revenue", "receivable"),
}
"""What the billing system books itself (the invoice, each payment or offset by the part it
covered, each credit note): in a claim's movements (:func:`claim_postings`), so that its
account adds up, never a journal line of the report."""

NOT_BOOKED = ("accrued_after_write_off",)
"""Interest and fees charged after the write-off (less interest time-barred since): the claim
owes them, but they are income only when paid."""

EFFECT = {
    "invoiced": 1,
    "interest_accrued": 1,
    "fees_charged": 1,
    "accrued_after_write_off": 1,
    "paid": -1,
    "credited": -1,
}
"""Each movement's effect on what the claim owes (the refund part counts as a negative debt);
the kinds not listed move an amount between accounts and leave it unchanged."""

_ORDER = (
    "invoiced",
    "interest_accrued",
    "fees_charged",
    "paid",
    "credited",
    "written_off",
    "write_off_proposed",
    "accrued_after_write_off",
    "recovered_after_write_off",
    "credited_after_write_off",
    "owed_back",
)
_FLOWS: dict[str, tuple[str, str]] = {**KINDS, **BILLING}
_ZERO = Decimal(0)


class Owed(BaseModel):
    """What a claim owes on one day, by part (the decision's balance), and what it is owed
    back (``refund``, the decision's credit balance)."""

    model_config = ConfigDict(frozen=True)

    principal: Decimal
    interest: Decimal
    fees: Decimal
    refund: Decimal

    def part(self, name: str) -> Decimal:
        """What the claim owes of part ``name``; what is owed back counts as a negative debt."""
        if name == "refund":
            return -self.refund
        amount: Decimal = getattr(self, name)
        return amount


class Movement(BaseModel):
    """One change in one claim's accounts: its kind, part and amount, and the roles of the
    accounts it debits and credits (``None`` for a change that is not booked)."""

    model_config = ConfigDict(frozen=True)

    kind: str
    part: str
    amount: Decimal
    debit: str | None
    credit: str | None


class ClaimPostings(BaseModel):
    """One claim's movements after ``since`` (from its start without it) through ``as_of``:
    the journal lines of :data:`KINDS`, what the billing system books (:data:`BILLING`) and
    what is not booked (:data:`NOT_BOOKED`), with what the claim owed at both ends."""

    model_config = ConfigDict(frozen=True)

    claim_id: str
    claim_type: str
    since: date | None
    as_of: date
    opening: Owed
    """What the claim owed on ``since`` (nothing without it, or before the claim began)."""
    closing: Owed
    """What the claim owes on ``as_of``: the decision's balance."""
    action: str
    """The decision's action on ``as_of`` (``write_off`` for a claim not written off yet: the
    write-off is proposed; ``refund``: ``closing.refund`` is owed back)."""
    written_off: bool
    """Written off by ``as_of``: what it still owes is off the books, in long-term monitoring."""
    movements: tuple[Movement, ...]

    def change(self, part: str) -> Decimal:
        """The movements' effect on what the claim owes of ``part`` (:data:`EFFECT`): equal
        to ``closing.part(part) - opening.part(part)``."""
        return sum(
            (EFFECT.get(x.kind, 0) * x.amount for x in self.movements if x.part == part),
            Decimal(0),
        )

    def account(self, role: str, part: str | None = None) -> Decimal:
        """What the movements (of ``part``) debit less what they credit to the account of
        ``role``."""
        return sum(
            (
                x.amount * ((x.debit == role) - (x.credit == role))
                for x in self.movements
                if part in (None, x.part)
            ),
            Decimal(0),
        )

    def journal(self) -> tuple[Movement, ...]:
        """The movements that are journal lines of the report (:data:`KINDS`)."""
        return tuple(x for x in self.movements if x.kind in KINDS)


class Posting(BaseModel):
    """One journal line: a kind of posting for one claim type and part of the claim, after
    ``since`` (from each claim's start without it) through ``as_of``."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    claim_type: str
    kind: str
    part: str
    debit: str
    credit: str
    amount: Decimal
    """Negative where the period reverses what was booked before."""
    claims: int
    since: date | None = None


class PostingReport(BaseModel):
    """The journal lines of :func:`postings`, and the totals on ``as_of`` they reconcile
    with."""

    model_config = ConfigDict(frozen=True)

    as_of: date
    currency: str
    lines: tuple[Posting, ...]
    principal: Decimal
    """The outstanding principal of every claim (the aging report's total)."""
    interest: Decimal
    fees: Decimal
    receivable: Decimal
    """What stays in the receivable: principal, interest and fees owed by the claims not
    written off, less the write-offs proposed."""
    since: date | None = None
    refund: Decimal = Decimal(0)
    """What is owed back to debtors (the refund payable): the decisions' credit balances."""
    written_off_owed: Decimal = Decimal(0)
    """What the claims written off still owe (principal, interest and fees): off the books, in
    long-term monitoring (the monitoring report's total)."""
    claims: tuple[ClaimPostings, ...] = ()
    """Each claim's movements (:func:`claim_postings`), when asked for with ``by_claim``."""

    def total(self, kind: str, part: str | None = None) -> Decimal:
        """The sum of the lines of one kind (and part)."""
        return sum(
            (x.amount for x in self.lines if x.kind == kind and part in (None, x.part)),
            Decimal(0),
        )


@dataclass(frozen=True, slots=True)
class _Books:
    """One claim's cumulative movements on one day, and what it owed then."""

    amounts: dict[tuple[str, str], Decimal]
    owed: Owed
    written_off: bool
    action: str


def postings(
    claims: Iterable[Claim],
    profile: Profile,
    as_of: date,
    *,
    since: date | None = None,
    by_claim: bool = False,
) -> PostingReport:
    """The journal lines the decisions imply, summed per claim type, kind and part (lines of
    zero are left out): from each claim's start to ``as_of``, or after ``since`` through
    ``as_of``. ``by_claim`` keeps each claim's movements in the report (``claims``).

    Raises :class:`~claimrules.errors.ClaimError` for a claim that does not fit the profile
    (the CLI reports and skips it), and :class:`ValueError` when ``since`` is after
    ``as_of``."""
    _check_period(since, as_of)
    unit = profile.minor_unit
    zero = Decimal(0).quantize(unit)
    sums: dict[tuple[str, str, str], Decimal] = {}
    counts: dict[tuple[str, str, str], int] = {}
    principal = interest = fees = refund = off = proposed = zero
    kept: list[ClaimPostings] = []
    for claim in claims:
        one = claim_postings(claim, profile, as_of, since=since)
        owed = one.closing
        principal += owed.principal
        interest += owed.interest
        fees += owed.fees
        refund += owed.refund
        owing = owed.principal + owed.interest + owed.fees
        if one.written_off:
            off += owing
        elif one.action == "write_off":
            proposed += owing
        for line in one.journal():
            key = (claim.claim_type, line.kind, line.part)
            sums[key] = sums.get(key, zero) + line.amount
            counts[key] = counts.get(key, 0) + 1
        if by_claim:
            kept.append(one)
    lines = tuple(
        Posting(
            as_of=as_of,
            claim_type=claim_type,
            kind=kind,
            part=part,
            debit=_account(profile, claim_type, KINDS[kind][0]),
            credit=_account(profile, claim_type, KINDS[kind][1]),
            amount=amount,
            claims=counts[(claim_type, kind, part)],
            since=since,
        )
        for (claim_type, kind, part), amount in sorted(
            sums.items(),
            key=lambda item: (item[0][0], list(KINDS).index(item[0][1]), PARTS.index(item[0][2])),
        )
        if amount != 0
    )
    return PostingReport(
        as_of=as_of,
        since=since,
        currency=profile.currency,
        lines=lines,
        principal=principal,
        interest=interest,
        fees=fees,
        refund=refund,
        written_off_owed=off,
        receivable=principal + interest + fees - off - proposed,
        claims=tuple(kept),
    )


def claim_postings(
    claim: Claim, profile: Profile, as_of: date, *, since: date | None = None
) -> ClaimPostings:
    """One claim's movements from its start (or after ``since``) through ``as_of``, each with
    its kind, part and amount, and what the claim owed at both ends (see the module's
    description). Raises as :func:`~claimrules.engine.core.decide` does, and
    :class:`ValueError` when ``since`` is after ``as_of``."""
    _check_period(since, as_of)
    unit = profile.minor_unit
    end = _books(claim, profile, as_of, unit)
    start = _books(claim, profile, since, unit) if since is not None else _nothing(unit)
    movements = []
    for kind in _ORDER:
        for part in PARTS:
            key = (kind, part)
            amount = end.amounts.get(key, _ZERO) - start.amounts.get(key, _ZERO)
            if amount:
                debit, credit = _FLOWS.get(kind, (None, None))
                movements.append(
                    Movement(kind=kind, part=part, amount=amount, debit=debit, credit=credit)
                )
    return ClaimPostings(
        claim_id=claim.id,
        claim_type=claim.claim_type,
        since=since,
        as_of=as_of,
        opening=start.owed,
        closing=end.owed,
        action=end.action,
        written_off=end.written_off,
        movements=tuple(movements),
    )


def _books(claim: Claim, profile: Profile, day: date, unit: Decimal) -> _Books:
    """The claim's cumulative movements on ``day``, from the decision's state (nothing before
    the claim was issued, unless something happened to it already)."""
    decision, state = decide_state(claim, profile, day, trace="none")
    if day < claim.issued_on and not state.past.events:
        return _nothing(unit)
    balance, ledger = decision.balance, state.ledger
    refund = balance.principal + balance.interest + balance.fees - balance.total
    owed = Owed(
        principal=balance.principal, interest=balance.interest, fees=balance.fees, refund=refund
    )
    amounts: dict[tuple[str, str], Decimal] = {}

    def put(kind: str, part: str, amount: Decimal) -> None:
        if amount:
            amounts[(kind, part)] = amount.quantize(unit)

    paid = {
        "principal": ledger.covered_principal,
        "interest": ledger.covered_interest,
        "fees": ledger.covered_fees,
        "refund": ledger.overpaid,
    }
    put("invoiced", "principal", claim.principal)
    for part, amount in paid.items():
        put("paid", part, amount)
    put("credited", "principal", ledger.credited)
    put("credited", "refund", refund - ledger.overpaid)
    put("owed_back", "refund", refund)
    charged_interest = balance.interest + ledger.covered_interest
    charged_fees = balance.fees + ledger.covered_fees
    at = ledger_at_write_off(state)
    if at is None:
        put("interest_accrued", "interest", charged_interest)
        put("fees_charged", "fees", charged_fees)
        if decision.action == "write_off":
            for part in ("principal", "interest", "fees"):
                put("write_off_proposed", part, owed.part(part))
        return _Books(amounts, owed, False, decision.action)
    booked_interest = at.interest + at.covered_interest
    booked_fees = at.fees + at.covered_fees
    put("interest_accrued", "interest", booked_interest)
    put("fees_charged", "fees", booked_fees)
    put("written_off", "principal", at.principal)
    put("written_off", "interest", at.interest)
    put("written_off", "fees", at.fees)
    put("accrued_after_write_off", "interest", charged_interest - booked_interest)
    put("accrued_after_write_off", "fees", charged_fees - booked_fees)
    before = {
        "principal": at.covered_principal,
        "interest": at.covered_interest,
        "fees": at.covered_fees,
    }
    for part, amount in before.items():
        put("recovered_after_write_off", part, paid[part] - amount)
    put("credited_after_write_off", "principal", ledger.credited - at.credited)
    return _Books(amounts, owed, True, decision.action)


def _check_period(since: date | None, as_of: date) -> None:
    if since is not None and since > as_of:
        raise ValueError(f"the period starts on {since}, after its end on {as_of}")


def _nothing(unit: Decimal) -> _Books:
    """A claim that has not begun: it owes nothing, and nothing has moved."""
    zero = Decimal(0).quantize(unit)
    return _Books({}, Owed(principal=zero, interest=zero, fees=zero, refund=zero), False, "none")


def _account(profile: Profile, claim_type: str, role: str) -> str:
    """The account for ``role`` on a claim of ``claim_type`` (``local.accounts``), or the
    role's own name when the profile maps none."""
    accounts = profile.spec.local.accounts
    if accounts is None:
        return role
    for special, account in accounts.by_claim_type.get(claim_type, {}).items():
        if special == role:
            return account
    found: str | None = getattr(accounts, role)
    return role if found is None else found
