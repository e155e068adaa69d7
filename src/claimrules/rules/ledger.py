"""Event replay: the claim's balance (principal, interest, fees) on the as-of date.

Events up to and including ``as_of`` are replayed in date order. Interest accrues on the
outstanding principal for each day from the first interest day through the day of a payment;
the payment then covers the parts in the profile's allocation order, and the new principal bears
interest from the next day. Credit notes reduce the principal directly. Fees charged on notices
count only up to the lawful amount; an excess is reported, never collected.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from claimrules.law.schema import FeeKind, FeesSpec, ProfileSpec
from claimrules.model import messages as m
from claimrules.model.claims import Event as PublicEvent
from claimrules.model.claims import engine_events
from claimrules.model.core import (
    Claim,
    CollectionNoticeSent,
    Credit,
    Event,
    Offset,
    Payment,
    PaymentDemandSent,
    ReferredToCollection,
    ReminderSent,
)
from claimrules.model.messages import say
from claimrules.rules.fees import FeeDecision, Notice, NoticeHistory, fee_for
from claimrules.rules.history import STEP_KINDS, fold
from claimrules.rules.interest import Accrual, Gap, InterestSegment, accrue, round_money

__all__ = [
    "NOTICE_EVENT_KINDS",
    "Allocation",
    "FeeCheck",
    "InterestSegment",
    "LapseWindow",
    "Ledger",
    "LedgerTerms",
    "VoidStep",
    "ledger_of",
    "replay",
]

_NOTICE_KINDS: dict[type, FeeKind] = {
    ReminderSent: "reminder",
    CollectionNoticeSent: "collection_notice",
    PaymentDemandSent: "payment_demand",
    ReferredToCollection: "referral",
}
NOTICE_EVENT_KINDS: dict[FeeKind, str] = {
    "reminder": "reminder_sent",
    "collection_notice": "collection_notice_sent",
    "payment_demand": "payment_demand_sent",
    "referral": "referred_to_collection",
}
"""The event that records a notice of each fee kind."""


@dataclass(frozen=True)
class FeeCheck:
    """A fee charged on a recorded notice, and what the law allowed for it."""

    notice: Notice
    charged: Decimal
    decision: FeeDecision


class Allocation(NamedTuple):
    """What one payment, offset or credit note covered, part by part (``overpaid``: what was
    left over, a credit balance). Fees, interest and principal are the ledger's own amounts
    (interest rounded as the balance is): they sum, with ``overpaid``, to ``amount``."""

    on: date
    kind: str
    amount: Decimal
    fees: Decimal
    interest: Decimal
    principal: Decimal
    overpaid: Decimal


@dataclass(frozen=True, slots=True)
class VoidStep:
    """A collection step taken when nothing was outstanding (the claim was settled on
    ``settled_on``): not a lawful step, so it counts neither as a step nor as a debt."""

    event: Event
    settled_on: date | None


@dataclass(slots=True, init=False)
class Ledger:
    """The replayed balance and what was learned on the way.

    Where a day's interest rate is unknown law, interest is counted only through
    ``interest_known_through`` (``interest_unknown`` says why, ``interest_gap`` names the
    value): every amount is then the least the debtor owes. ``allocation_unknown`` is set when
    a later payment may have gone to that unknown interest rather than to the principal, so
    that even the principal is not known.
    """

    principal: Decimal
    interest_exact: Decimal
    fees: Decimal
    credit: Decimal
    paid: Decimal
    interest_unknown: str | None
    interest_gap: Gap | None
    interest_known_through: date | None
    allocation_unknown: str | None
    interest_lapsed: Decimal
    interest_pieces: list[tuple[date, date, int, Decimal]]
    interest_periods: list[tuple[date, date, int, Decimal, Decimal, Decimal]]
    """With ``texts``: each piece of interest with the principal it ran on and what it added
    to the rounded interest (for a case file: the periods' amounts, less what payments covered
    of interest and less :attr:`interest_lapsed_shown`, are :attr:`interest`)."""
    interest_lapsed_shown: Decimal
    """What :attr:`interest_lapsed` took off the rounded interest."""
    moves: list[Allocation]
    """With ``texts``: each payment, offset and credit note, and what it covered."""
    notices: list[Notice]
    history: NoticeHistory
    fee_checks: list[FeeCheck]
    allocations: list[str]
    void: list[VoidStep]
    settled_on: date | None
    covered_fees: Decimal
    """What payments and offsets covered of the fees, summed (the postings read the
    allocation; the decision does not)."""
    covered_interest: Decimal
    """What payments and offsets covered of the interest, summed."""
    covered_principal: Decimal
    """What payments and offsets covered of the principal, summed."""
    overpaid: Decimal
    """What payments and offsets brought beyond what was owed (part of :attr:`credit`)."""
    credited: Decimal
    """What credit notes took off the principal (the rest of a credit note is in
    :attr:`credit`)."""

    def __init__(self, principal: Decimal) -> None:
        """A ledger owing ``principal``, nothing else yet (written out: a dataclass's own
        ``__init__`` would run as plain Python in the compiled build)."""
        self.principal = principal
        self.interest_exact = Decimal(0)
        self.fees = Decimal(0)
        self.credit = Decimal(0)
        self.paid = Decimal(0)
        self.interest_unknown = None
        self.interest_gap = None
        self.interest_known_through = None
        self.allocation_unknown = None
        self.interest_lapsed = Decimal(0)
        self.interest_pieces = []
        self.interest_periods = []
        self.interest_lapsed_shown = Decimal(0)
        self.moves = []
        self.notices = []
        self.history = NoticeHistory()
        self.fee_checks = []
        self.allocations = []
        self.void = []
        self.settled_on = None
        self.covered_fees = Decimal(0)
        self.covered_interest = Decimal(0)
        self.covered_principal = Decimal(0)
        self.overpaid = Decimal(0)
        self.credited = Decimal(0)

    @property
    def settled(self) -> bool:
        """Nothing outstanding (or a credit balance), as far as the law is known."""
        return (
            self.interest_unknown is None
            and self.principal == 0
            and self.fees == 0
            and self.interest <= 0
        )

    def void_ids(self) -> set[int]:
        """The identities of the void steps' events (to leave them out of the ladder)."""
        return {id(step.event) for step in self.void}

    @property
    def interest(self) -> Decimal:
        """Outstanding interest, rounded once half-up to the minor unit."""
        return round_money(self.interest_exact)

    @property
    def total(self) -> Decimal:
        """Outstanding total (principal + interest + fees), less any credit balance."""
        return self.principal + self.interest + self.fees - self.credit


@dataclass(frozen=True, slots=True)
class LapseWindow:
    """Interest for the days ``after`` < day ≤ ``through`` is time-barred on its own (each day's
    interest has its own limitation period); unpaid interest from those days lapses."""

    after: date
    through: date


def replay(
    claim: Claim,
    spec: ProfileSpec,
    as_of: date,
    *,
    due: date,
    interest: list[InterestSegment],
    fees: FeesSpec | None,
    fees_allowed: bool = True,
    lapse: LapseWindow | None = None,
    texts: bool = True,
    fee_memo: dict[Any, FeeDecision] | None = None,
) -> Ledger:
    """Replay ``claim``'s events up to ``as_of`` (folds its history; the engine uses
    :func:`ledger_of` on the history it has already folded).

    Args:
        claim: the claim.
        spec: the profile.
        as_of: last day replayed (inclusive); later events are ignored.
        due: the effective due date (fees and monthly interest are counted from it).
        interest: the interest regimes in force, in date order; empty when no interest may run.
        fees: the claim type's fee regime, or ``None`` when no fee may be charged.
        fees_allowed: ``False`` when there is no proof the debtor was given the invoice, so no
            fee charged on a notice counts.
        lapse: interest days whose unpaid interest is time-barred on its own.
        texts: ``False`` leaves :attr:`Ledger.allocations` (sentences only the trace shows)
            empty.
        fee_memo: passed on to :func:`~claimrules.rules.fees.fee_for` (one dict per fee regime).
    """
    terms = LedgerTerms(
        spec, due, interest, fees, fees_allowed, lapse, texts, fee_memo, claim.claim_type
    )
    return ledger_of(fold(claim, as_of).money, claim.principal, claim.debtor.kind, as_of, terms)


class LedgerTerms(NamedTuple):
    """What the law makes of a claim's money (the arguments of :func:`replay` beyond the
    claim): the profile, the effective due date, the interest regimes, the fee regime."""

    spec: ProfileSpec
    due: date
    interest: list[InterestSegment]
    fees: FeesSpec | None
    fees_allowed: bool = True
    lapse: LapseWindow | None = None
    texts: bool = True
    fee_memo: dict[Any, FeeDecision] | None = None
    claim_type: str = ""
    returned: frozenset[tuple[str, date]] = frozenset()
    """The notices (kind, day sent) that did not reach the debtor: their fee is not owed."""


def ledger_of(
    money: tuple[Event | PublicEvent, ...],
    principal: Decimal,
    debtor_kind: str,
    as_of: date,
    terms: LedgerTerms,
) -> Ledger:
    """The ledger from the money slice of a claim's folded history (payments, credits,
    offsets and the steps that may carry a fee), its principal and its debtor's kind."""
    run = _Replay(principal, debtor_kind, terms)
    for event in engine_events(money):  # a public claim's events: converted once
        run.take(event)
    return run.finish(as_of)


class _Replay:
    """The ledger's replay, event by event (see :func:`replay`)."""

    def __init__(self, principal: Decimal, debtor_kind: str, terms: LedgerTerms) -> None:
        self.terms = terms
        self.debtor_kind = debtor_kind
        self.ledger = Ledger(principal=principal)
        self.cursor = terms.interest[0].first if terms.interest else None
        self.window = Decimal(0)  # interest earned on days inside the lapse window
        self.after = Decimal(0)  # interest earned on days after it

    def take(self, event: Event) -> None:
        """One event of the money slice, in date order."""
        ledger = self.ledger
        kind = event.kind
        if kind in STEP_KINDS and ledger.settled:
            # nothing was owed when the step was taken: not a lawful step, no fee owed for it
            ledger.void.append(VoidStep(event, ledger.settled_on))
            return
        if kind == "payment" or kind == "offset":
            assert isinstance(event, Payment | Offset)
            self.accrue_through(event.on)
            ledger.paid += event.amount
            designated = event.designated if isinstance(event, Payment) else None
            _allocate(
                ledger,
                self.terms.spec,
                event.amount,
                event.on,
                event.kind,
                self.terms.texts,
                designated,
            )
            ledger.settled_on = (ledger.settled_on or event.on) if ledger.settled else None
        elif kind == "credit":
            assert isinstance(event, Credit)
            self.accrue_through(event.on)
            covered = min(event.amount, ledger.principal)
            ledger.principal -= covered
            ledger.credited += covered
            ledger.credit += event.amount - covered
            if self.terms.texts:
                ledger.allocations.append(say(m.CREDIT_NOTE, date=event.on, amount=event.amount))
                zero = Decimal(0)
                ledger.moves.append(
                    Allocation(
                        event.on, kind, event.amount, zero, zero, covered, event.amount - covered
                    )
                )
            ledger.settled_on = (ledger.settled_on or event.on) if ledger.settled else None
        elif isinstance(
            event, ReminderSent | CollectionNoticeSent | PaymentDemandSent | ReferredToCollection
        ):
            self.notice(event)

    def notice(
        self,
        event: ReminderSent | CollectionNoticeSent | PaymentDemandSent | ReferredToCollection,
    ) -> None:
        """A notice that may carry a fee: the fee counts up to what the law allowed."""
        terms, ledger = self.terms, self.ledger
        kind = _NOTICE_KINDS[type(event)]
        if not terms.fees_allowed:
            decision = FeeDecision(Decimal(0), [m.NO_FEE_UNDELIVERED])
        elif (event.kind, event.on) in terms.returned:
            decision = FeeDecision(Decimal(0), [m.NO_FEE_RETURNED])
        elif terms.fees is None:
            decision = FeeDecision(Decimal(0), ["no fee regime applies to this claim type"])
        else:
            decision = fee_for(
                terms.fees,
                terms.spec.local,
                kind,
                event.on,
                terms.due,
                ledger.history,
                debtor_kind=self.debtor_kind,
                claim_type=terms.claim_type,
                memo=terms.fee_memo,
            )
        if isinstance(event, ReferredToCollection) and event.fee == 0:
            return  # a referral without a fee is not a notice for the fee rules
        lawful = min(event.fee, decision.amount)
        # a fee charged above what is known to be lawful, where a part is unknown law, is
        # doubtful: only the known part counts
        gap = decision.gap if event.fee > lawful and decision.gap is not None else None
        if decision.unknown is not None and event.fee > 0:
            gap = decision.gap
        cost = decision.cost if decision.cost is not None and event.fee >= decision.amount else None
        notice = Notice(kind, event.on, lawful, gap, cost)
        ledger.fee_checks.append(FeeCheck(notice, event.fee, decision))
        ledger.notices.append(notice)
        ledger.history.add(notice)
        ledger.fees += lawful

    def earn(self, segment: InterestSegment, first: date, last: date) -> None:
        """Interest of one regime for the days ``first`` .. ``last``, split by the lapse
        window (interest time-barred on its own)."""
        lapse, ledger = self.terms.lapse, self.ledger
        spans: list[tuple[date, date, str | None]] = [(first, last, None)]
        if lapse is not None:
            spans = [
                (first, min(last, lapse.after), None),
                (max(first, lapse.after + timedelta(days=1)), min(last, lapse.through), "window"),
                (max(first, lapse.through + timedelta(days=1)), last, "after"),
            ]
        for a, b, part in spans:
            if b < a or ledger.interest_unknown is not None:
                continue
            piece = accrue(ledger.principal, a, b, segment.regime, self.terms.due)
            before = ledger.interest_exact
            ledger.interest_exact += piece.amount
            ledger.interest_pieces.extend(piece.pieces)
            if self.terms.texts:
                _periods(ledger, piece, before)
            if part == "window":
                self.window += piece.amount
            elif part == "after":
                self.after += piece.amount
            if piece.unknown is not None:
                ledger.interest_unknown = piece.unknown
                ledger.interest_gap = piece.gap
                if piece.gap is not None:
                    ledger.interest_known_through = piece.gap.on - timedelta(days=1)

    def accrue_through(self, day: date) -> None:
        """Interest on the principal outstanding, from the last day counted through ``day``."""
        cursor = self.cursor
        if cursor is None or self.ledger.interest_unknown is not None or day < cursor:
            return
        if self.ledger.principal <= 0:  # no interest runs on nothing (accrue's own rule)
            self.cursor = day + timedelta(days=1)
            return
        for segment in self.terms.interest:
            first = max(cursor, segment.first)
            last = day if segment.last is None else min(day, segment.last)
            if first <= last:
                self.earn(segment, first, last)
        self.cursor = day + timedelta(days=1)

    def finish(self, as_of: date) -> Ledger:
        """Interest through ``as_of``, less unpaid interest time-barred on its own."""
        self.accrue_through(as_of)
        ledger = self.ledger
        if self.terms.lapse is not None and ledger.interest_exact > self.after:
            # Payments covered the oldest interest first, so what is still unpaid is the newest.
            lapsed = min(ledger.interest_exact - self.after, self.window)
            if lapsed > 0:
                before = ledger.interest
                ledger.interest_exact -= lapsed
                ledger.interest_lapsed = lapsed
                ledger.interest_lapsed_shown = before - ledger.interest
        return ledger


def _periods(ledger: Ledger, piece: Accrual, before: Decimal) -> None:
    """Each piece of ``piece`` (the ledger's interest was ``before`` it) with the principal it
    ran on and what it added to the rounded interest: the rounded interest after it less the
    rounded interest before, the last piece ending on the ledger's own amount, so that the
    amounts add up to the rounded interest exactly."""
    level, shown = before, round_money(before)
    last = len(piece.pieces) - 1
    for index, (first, to, days, rate) in enumerate(piece.pieces):
        level = ledger.interest_exact if index == last else level + piece.amounts[index]
        now = round_money(level)
        ledger.interest_periods.append((first, to, days, rate, ledger.principal, now - shown))
        shown = now


def _allocate(
    ledger: Ledger,
    spec: ProfileSpec,
    amount: Decimal,
    on: date,
    kind: str,
    texts: bool,
    designated: str | None = None,
) -> None:
    """A payment (or offset) covers the parts in the profile's allocation order (``allocation``),
    the part the debtor designated first where the profile says such a designation binds
    (:func:`designated_order`); what is left over is a credit balance."""
    order = designated_order(ledger, spec, amount, on, designated)
    if ledger.interest_unknown is not None and ledger.allocation_unknown is None:
        _doubt_allocation(ledger, spec, amount, on, kind)
    left = amount
    parts: list[str] = []
    covers: dict[str, Decimal] = {}
    for part in order:
        if left <= 0:
            break
        if (part == "fees" and not ledger.fees) or (
            part == "interest" and not ledger.interest_exact
        ):
            continue  # nothing of this part is owed: nothing goes to it
        covered = _cover(ledger, part, left)
        if covered and texts:
            template = m.PART_DESIGNATED if part == designated and order[0] == part else m.PART_TO
            parts.append(say(template, amount=covered, part=part))
            covers[part] = covered
        left -= covered
    if left > 0:
        ledger.credit += left
        ledger.overpaid += left
        if texts:
            parts.append(say(m.PART_OVERPAID, amount=left))
    if texts:
        ledger.allocations.append(
            say(m.ALLOCATION, date=on, kind=kind, amount=amount, parts=m.listed(parts, ", "))
        )
        zero = Decimal(0)
        ledger.moves.append(
            Allocation(
                on,
                kind,
                amount,
                covers.get("fees", zero),
                covers.get("interest", zero),
                covers.get("principal", zero),
                max(left, zero),
            )
        )


def designated_order(
    ledger: Ledger, spec: ProfileSpec, amount: Decimal, on: date, designated: str | None
) -> list[str]:
    """The order a payment covers the claim's parts in: the profile's (``allocation.order``),
    or, for a payment the debtor designated to a part, that part first where the profile says
    a designation binds (``allocation.designation.honoured``). Where the profile does not say,
    or says the law is unknown, what the payment left of the principal is unknown: the
    ledger's ``allocation_unknown`` says so (a person decides), and the profile's order is
    used for the amounts meanwhile."""
    order: list[str] = list(spec.allocation.order)
    if designated is None or amount >= ledger.fees + ledger.interest + ledger.principal:
        return order  # a payment that covers everything covers it in any order
    rule = spec.allocation.designation
    if rule is not None and rule.honoured is not None:
        return (
            [designated, *(part for part in order if part != designated)]
            if rule.honoured
            else order
        )
    if ledger.allocation_unknown is None:
        citation = rule.source.cite() if rule is not None else spec.allocation.source.cite()
        ledger.allocation_unknown = say(
            m.DESIGNATION_UNKNOWN, amount=amount, date=on, part=designated, citation=citation
        )
    return order


def _cover(ledger: Ledger, part: str, left: Decimal) -> Decimal:
    """What of ``left`` goes to ``part`` (fees, interest or principal)."""
    if part == "fees":
        covered = min(left, ledger.fees)
        ledger.fees -= covered
        ledger.covered_fees += covered
    elif part == "interest":
        due_interest = ledger.interest
        covered = min(left, due_interest)
        # Paying the rounded amount in full settles the exact amount (no sub-øre residue).
        ledger.interest_exact = (
            Decimal(0) if covered == due_interest else ledger.interest_exact - covered
        )
        ledger.covered_interest += covered
    else:
        covered = min(left, ledger.principal)
        ledger.principal -= covered
        ledger.covered_principal += covered
    return covered


def _doubt_allocation(
    ledger: Ledger, spec: ProfileSpec, amount: Decimal, on: date, kind: str
) -> None:
    """What the payment covers up to and including interest is certain; anything beyond may
    have gone to interest at the rate nobody knows, or to what comes after it."""
    order = spec.allocation.order
    before = order[: order.index("interest") + 1] if "interest" in order else order
    outstanding = {"fees": ledger.fees, "interest": ledger.interest, "principal": ledger.principal}
    if amount > sum(outstanding[part] for part in before):
        ledger.allocation_unknown = say(
            m.SPLIT_UNKNOWN,
            kind=kind,
            amount=amount,
            date=on,
            parts=m.all_of(before),
            unknown=ledger.interest_unknown,
        )
