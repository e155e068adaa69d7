"""Reminder and collection fees: the cap per notice, and the count, order and spacing limits.

A fee is lawful only if every profile rule holds on the day the notice is sent:

- it is sent at least ``min_days_after_due`` days after the (effective) due date;
- fewer than ``max_count`` fee-bearing notices were sent before it;
- the fee-bearing notices so far plus this one follow one of the allowed ``sequences``
  (in order, gaps allowed);
- when an earlier notice exists, its payment deadline (``deadline_days`` from sending) has
  passed, or (spacing ``apart``) it was sent at least ``deadline_days`` earlier; a notice with
  ``needs_expired_deadline`` requires such an earlier notice;
- a fixed compensation (business debtors in Denmark) is added once, to the first fee;
- the amount is at most the cap in force on the sending day (a fraction of the fee base or a
  fixed amount), and at most what the municipality itself chose to charge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from claimrules.law.caps import CENT, fraction_day, notice_cap, round_fee
from claimrules.law.schema import FeeKind, FeesSpec, LocalSpec, NoticeFee
from claimrules.law.values import Param
from claimrules.model import messages as m
from claimrules.model.messages import say
from claimrules.rules.interest import Gap
from claimrules.rules.memo import remember

__all__ = [
    "FeeDecision",
    "FeePart",
    "Notice",
    "NoticeHistory",
    "fee_for",
    "notice_cap",
    "round_fee",
]


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice already sent: its kind, date and the fee counted as lawful for it.

    ``gap`` is set when the law for its fee is unknown: then ``fee`` is 0 (nothing unverified
    is counted as owed), and whether it bore a fee is itself unknown.
    """

    kind: FeeKind
    on: date
    fee: Decimal
    gap: Gap | None = None
    cost: Decimal | None = None
    """The collection cost the notice stands for, when it differs from ``fee``: a fee the
    business compensation already covers (forsinkelsesrenteloven § 3a) is charged 0 but is
    still a fee-bearing notice whose cost counts."""


@dataclass(slots=True, init=False)
class NoticeHistory:
    """The notices of a claim so far, kept as the fee rules need them, so that deciding the
    fee of each new notice costs the same however many came before (a claim with 100,000
    reminders replays in linear time)."""

    last: Notice | None
    charged: list[Notice]
    """The fee-bearing notices, in order (the count and sequence rules look at these)."""
    doubtful: Notice | None
    """The first notice whose fee was charged under unknown law, if any."""
    count: int
    costs: Decimal
    """The collection costs of the fee-bearing notices so far (their caps, before a business
    compensation covered them)."""
    fees: Decimal
    """What the fee-bearing notices so far were lawfully charged."""

    def __init__(self) -> None:
        """No notice yet (written out: a dataclass's own ``__init__`` would run as plain
        Python in the compiled build)."""
        self.last = None
        self.charged = []
        self.doubtful = None
        self.count = 0
        self.costs = Decimal(0)
        self.fees = Decimal(0)

    def add(self, notice: Notice) -> None:
        """Record ``notice`` (the next one in date order)."""
        self.last = notice
        self.count += 1
        cost = notice.fee if notice.cost is None else notice.cost
        if notice.fee > 0 or cost > 0:
            self.charged.append(notice)
            self.costs += cost
            self.fees += notice.fee
        if notice.gap is not None and self.doubtful is None:
            self.doubtful = notice

    @classmethod
    def of(cls, notices: list[Notice]) -> NoticeHistory:
        """The history of ``notices`` (in date order)."""
        history = cls()
        for notice in notices:
            history.add(notice)
        return history


class FeePart(NamedTuple):
    """One part of a lawful fee with its own legal basis: the notice's ``cap`` in force, the
    municipality's own lower amount (``local``), or a fixed ``compensation`` (business debtors
    in Denmark)."""

    kind: Literal["cap", "local", "compensation"]
    amount: Decimal
    citation: str
    """The sources of this part alone (the cap's amount or fraction and fee base, the local
    rules, the compensation's statute), ``; ``-joined."""


@dataclass(frozen=True, slots=True)
class FeeDecision:
    """The most that may be charged for one notice, and why.

    ``unknown`` (with ``gap``, the value the profile lacks) says that the lawful fee cannot be
    known; ``amount`` is then 0: nothing is charged on law nobody could find. A ``gap``
    without ``unknown``: only a part is unknown law (a business debtor's compensation);
    ``amount`` is the part that is known. ``parts`` split a fee that the law allows into its
    parts, each with its basis (they sum to ``amount``); empty when the notice may bear no fee.
    """

    amount: Decimal
    reasons: list[str] = field(default_factory=list)
    unknown: str | None = None
    citations: list[str] = field(default_factory=list)
    gap: Gap | None = None
    cost: Decimal | None = None
    """The notice's collection cost when a business compensation changes what is charged
    (see :attr:`Notice.cost`)."""
    parts: tuple[FeePart, ...] = ()


def _missing(param: Param[Any], on: date, what: str, text: str) -> FeeDecision:
    return FeeDecision(Decimal(0), unknown=text, gap=Gap(param, on, what))


def _is_subsequence(kinds: list[FeeKind], sequence: list[FeeKind]) -> bool:
    position = iter(sequence)
    return all(kind in position for kind in kinds)


def fee_for(
    fees: FeesSpec,
    local: LocalSpec,
    kind: FeeKind,
    on: date,
    due: date,
    history: NoticeHistory | list[Notice],
    *,
    debtor_kind: str = "person",
    claim_type: str = "",
    memo: dict[Any, FeeDecision] | None = None,
) -> FeeDecision:
    """The lawful fee for a notice of ``kind`` sent on ``on``, given the notices before it.

    ``due`` is the effective due date (a re-sent invoice's due date when the first one failed).
    ``history`` holds every earlier notice (fee-bearing or not) in date order, as a
    :class:`NoticeHistory` (kept up to date by the caller) or a list. A municipality that
    charges nothing for this kind of notice charges nothing, whatever the law says.

    ``memo``, a dict the caller keeps for one ``fees`` and ``local`` (the engine keeps one per
    profile), remembers decisions: the decision depends only on the arguments and on the kinds
    of the fee-bearing notices before, their count and the last notice's kind and day. A
    decision is shared between the calls that find it, so it must not be changed.
    """
    if isinstance(history, list):
        history = NoticeHistory.of(history)
    if memo is None or history.doubtful is not None or len(history.charged) > _MEMO_DEPTH:
        return _fee_for(fees, local, kind, on, due, history, debtor_kind, claim_type)
    last = history.last
    key = (
        kind,
        on,
        due,
        debtor_kind,
        claim_type,
        history.costs,
        history.fees,
        tuple(n.kind for n in history.charged),
        None if last is None else (last.kind, last.on),
    )
    found = memo.get(key)
    if found is None:
        found = remember(
            memo, key, _fee_for(fees, local, kind, on, due, history, debtor_kind, claim_type)
        )
    return found


_MEMO_DEPTH = 8
"""Decisions after more fee-bearing notices than this are not remembered (the key would grow
with the history, and such claims are rare)."""


def _fee_for(
    fees: FeesSpec,
    local: LocalSpec,
    kind: FeeKind,
    on: date,
    due: date,
    history: NoticeHistory,
    debtor_kind: str,
    claim_type: str = "",
) -> FeeDecision:
    """The lawful fee, every rule of the module's description checked in turn: the first that
    refuses (or cannot be known) decides; else the cap, the local amount, the compensation."""
    notice = fees.notices.get(kind)
    if notice is None:
        return FeeDecision(Decimal(0), [say(m.FEE_NONE_FOR_KIND, regime=fees.title, kind=kind)])
    local_fee = local.fees.get(kind)
    if local_fee is not None and local_fee.amount == 0:
        who = local.municipality or "the municipality"
        cited = [local.source.cite()] if local.source else []
        return FeeDecision(
            Decimal(0),
            [say(m.FEE_LOCAL_NONE, who=who, kind=kind)],
            citations=cited,
            parts=(FeePart("local", Decimal(0), "; ".join(cited)),),
        )
    citations: list[str] = [fees.source.cite()]
    refused = (
        _too_early(notice, kind, on, due, citations)
        or _doubtful_count(fees, kind, on, history)
        or _count_and_order(fees, kind, on, history.charged, citations)
        or _spacing(fees, kind, on, history.last, notice.needs_expired_deadline, citations)
    )
    if refused is not None:
        return refused
    cap = notice_cap(fees, kind, on, due)
    if cap is None:
        return _missing(
            _cap_param(fees, notice, on, due),
            on,
            say(m.GAP_FEE_CAP, kind=kind),
            f"the {kind} fee cap in force on {on} is not known",
        )
    before = len(citations)
    reasons = [_cap_reason(fees, notice, cap, on, due, citations)]
    part = FeePart("cap", cap, "; ".join(citations[before:]) or fees.source.cite())
    if local_fee is not None and local_fee.amount < cap:
        who = local.municipality or "the municipality"
        reasons.append(say(m.FEE_LOCAL_AMOUNT, who=who, amount=local_fee.amount))
        own = local.source.cite() if local.source is not None else ""
        if own:
            citations.append(own)
        part = FeePart("local", local_fee.amount, own)
    return _with_compensation(
        fees, due, (debtor_kind, claim_type), history, part, reasons, citations
    )


def _with_compensation(
    fees: FeesSpec,
    due: date,
    debtor: tuple[str, str],
    history: NoticeHistory,
    part: FeePart,
    reasons: list[str],
    citations: list[str],
) -> FeeDecision:
    """The fee with a business debtor's fixed compensation, where the regime has one: added
    once to the first fee, or deducted from the collection costs (:func:`_deducted`)."""
    before = len(citations)
    extra = _compensation(fees, due, debtor, history, reasons, citations)
    if isinstance(extra, Gap):  # the known part is charged; the compensation is said unknown
        return FeeDecision(part.amount, reasons, citations=citations, gap=extra, parts=(part,))
    compensation = fees.compensation
    if extra is None or compensation is None or not compensation.deducted_from_costs:
        parts = [part]
        if extra:
            parts.append(FeePart("compensation", extra, "; ".join(citations[before:])))
        return FeeDecision(
            part.amount + (extra or 0), reasons, citations=citations, parts=tuple(parts)
        )
    return _deducted(extra, part, history, reasons, (citations, before))


def _deducted(
    compensation: Decimal,
    part: FeePart,
    history: NoticeHistory,
    reasons: list[str],
    cited: tuple[list[str], int],
) -> FeeDecision:
    """A compensation deducted from the debtor's liability for collection costs
    (forsinkelsesrenteloven § 3a, Prop. 150 L (2011-2012) ch. 7): the debtor owes the larger
    of the compensation and the notices' costs, so each notice may be charged what brings the
    fees charged so far up to that larger sum (the first at least the compensation; later ones
    only beyond it, or what was left unclaimed of it)."""
    citations, before = cited
    cost = part.amount
    charged = max(Decimal(0), max(compensation, history.costs + cost) - history.fees)
    if not history.charged:
        reasons.append(say(m.FEE_COMPENSATION_INSTEAD, amount=compensation, total=charged))
    elif charged < cost:
        reasons.append(say(m.FEE_COMPENSATION_COVERS, amount=compensation, charged=charged))
    if charged >= cost:
        parts: tuple[FeePart, ...] = (part,)
        if charged > cost:
            own = "; ".join(citations[before:])
            parts = (part, FeePart("compensation", charged - cost, own))
    else:
        parts = (FeePart(part.kind, charged, part.citation),) if charged else ()
    return FeeDecision(charged, reasons, citations=citations, cost=cost, parts=parts)


def _too_early(
    notice: NoticeFee, kind: FeeKind, on: date, due: date, citations: list[str]
) -> FeeDecision | None:
    """No fee for a notice sent before ``min_days_after_due`` days after the due date."""
    min_days = notice.min_days_after_due.at(on)
    if min_days is None or not min_days.known or min_days.value is None:
        return _missing(
            notice.min_days_after_due,
            on,
            say(m.GAP_FEE_EARLIEST, kind=kind),
            f"minimum days after due for a {kind} fee on {on} is not known",
        )
    citations.append(min_days.cite())
    earliest = due + timedelta(days=min_days.value)
    if on < earliest:
        return FeeDecision(
            Decimal(0),
            [say(m.FEE_TOO_EARLY, date=earliest, days=min_days.value, due=due)],
            citations=citations,
        )
    return None


def _doubtful_count(
    fees: FeesSpec, kind: FeeKind, on: date, history: NoticeHistory
) -> FeeDecision | None:
    """Where an earlier notice's fee is unknown law and the regime limits the count or order of
    fee-bearing notices, neither is known for this one."""
    doubtful = history.doubtful
    if doubtful is None or (fees.max_count is None and fees.sequences is None):
        return None
    assert doubtful.gap is not None
    return FeeDecision(
        Decimal(0),
        unknown=(
            f"whether the {doubtful.kind} of {doubtful.on} bore a lawful fee is not known, "
            f"so neither is the count and order of fee-bearing notices for a {kind} on {on}"
        ),
        gap=doubtful.gap,
    )


def _compensation(
    fees: FeesSpec,
    due: date,
    debtor: tuple[str, str],
    history: NoticeHistory,
    reasons: list[str],
    citations: list[str],
) -> Decimal | Gap | None:
    """A fixed compensation (business debtors: forsinkelsesrenteloven § 3a, renteloven § 9 a
    stk. 3) added once, to the first fee; none before the law allowed it; the :class:`Gap`
    when its amount for the claim's due date is unknown law."""
    compensation = fees.compensation
    debtor_kind, claim_type = debtor
    if compensation is None or compensation.debtor_kind != debtor_kind:
        return None
    if compensation.claim_types and claim_type not in compensation.claim_types:
        return None
    if history.charged and not compensation.deducted_from_costs:
        return None  # added once, to the first fee
    extra = compensation.amount.at(due)
    if extra is None:
        return None
    if extra.value is None or not extra.known:
        gap = Gap(compensation.amount, due, m.GAP_COMPENSATION)
        reasons.append(say(m.FEE_COMPENSATION_UNKNOWN, debtor=debtor_kind))
        return gap
    citations.append(extra.cite())
    if compensation.deducted_from_costs:
        return Decimal(extra.value)
    reasons.append(say(m.FEE_COMPENSATION, amount=extra.value, debtor=debtor_kind))
    return Decimal(extra.value)


def _count_and_order(
    fees: FeesSpec, kind: FeeKind, on: date, charged: list[Notice], citations: list[str]
) -> FeeDecision | None:
    """Refuse a fee beyond the maximum count or outside every allowed sequence."""
    if fees.max_count is not None:
        max_count = fees.max_count.at(on)
        if max_count is None or not max_count.known or max_count.value is None:
            return _missing(
                fees.max_count,
                on,
                m.GAP_FEE_COUNT,
                f"maximum fee count on {on} is not known",
            )
        citations.append(max_count.cite())
        if len(charged) >= max_count.value:
            return FeeDecision(
                Decimal(0),
                [say(m.FEE_COUNT_REACHED, count=len(charged), most=max_count.value)],
                citations=citations,
            )
    if fees.sequences is not None:
        sequences = fees.sequences.at(on)
        if sequences is None or not sequences.known or sequences.value is None:
            return _missing(
                fees.sequences,
                on,
                m.GAP_FEE_SEQUENCES,
                f"allowed fee sequences on {on} are not known",
            )
        longest = max((len(seq) for seq in sequences.value), default=0)
        allowed = "; ".join(" → ".join(seq) for seq in sequences.value)
        if len(charged) + 1 > longest:  # no sequence is that long (and no list is built)
            return FeeDecision(
                Decimal(0),
                [say(m.FEE_NO_LONG_SEQUENCE, count=len(charged), most=longest, allowed=allowed)],
                citations=[*citations, sequences.cite()],
            )
        kinds = [n.kind for n in charged] + [kind]
        if not any(_is_subsequence(kinds, list(seq)) for seq in sequences.value):
            return FeeDecision(
                Decimal(0),
                [say(m.FEE_SEQUENCE, kinds=" → ".join(kinds), allowed=allowed)],
                citations=[*citations, sequences.cite()],
            )
    return None


def _spacing(
    fees: FeesSpec,
    kind: FeeKind,
    on: date,
    previous: Notice | None,
    needs_expired_deadline: bool,
    citations: list[str],
) -> FeeDecision | None:
    """Refuse a fee that comes too soon after the previous notice."""
    if previous is None and needs_expired_deadline:
        return FeeDecision(
            Decimal(0),
            [say(m.FEE_NEEDS_EARLIER, kind=kind)],
            citations=citations,
        )
    if previous is None or fees.spacing == "none":
        return None
    if fees.deadline_days is None:
        return FeeDecision(Decimal(0), unknown=f"{fees.title} states no notice deadline")
    deadline = fees.deadline_days.at(on)
    if deadline is None or not deadline.known or deadline.value is None:
        return _missing(
            fees.deadline_days,
            on,
            m.GAP_NOTICE_DEADLINE,
            f"the notice deadline on {on} is not known",
        )
    citations.append(deadline.cite())
    if fees.spacing == "apart":
        allowed_from = previous.on + timedelta(days=deadline.value)
        why = say(m.FEE_APART, days=deadline.value)
    else:
        allowed_from = previous.on + timedelta(days=deadline.value + 1)
        why = say(m.FEE_DEADLINE_GIVEN, notice=previous.kind, date=previous.on, days=deadline.value)
    if on < allowed_from:
        return FeeDecision(
            Decimal(0),
            [say(m.FEE_FURTHER_FROM, why=why, date=allowed_from)],
            citations=citations,
        )
    return None


def _cap_param(fees: FeesSpec, notice: NoticeFee, on: date, due: date) -> Param[Any]:
    """The value that leaves the cap of ``notice`` unknown on ``on``: its amount, its fraction,
    the fee base or the rounding rule."""
    if notice.amount is not None:
        return notice.amount
    assert notice.fraction is not None
    fraction = notice.fraction.at(fraction_day(fees, on, due))
    if fraction is None or not fraction.known or fees.base is None:
        return notice.fraction
    base = fees.base.at(on)
    if base is None or not base.known or fees.rounding is None:
        return fees.base
    return fees.rounding


def _cap_reason(
    fees: FeesSpec, notice: NoticeFee, cap: Decimal, on: date, due: date, citations: list[str]
) -> str:
    """Explain the cap and add its citations."""
    if fees.base is not None and notice.fraction is not None:
        base = fees.base.at(on)
        picked_on = fraction_day(fees, on, due)
        fraction = notice.fraction.at(picked_on)
        assert base is not None and fraction is not None
        citations.extend([fraction.cite(), base.cite()])
        at_sending = notice.fraction.at(on)
        picked = (
            say(m.FEE_CAP_BY_DUE, due=due)
            if at_sending is None or at_sending.value != fraction.value
            else ""
        )
        rounded = ""
        if fees.rounding is not None:
            step = fees.rounding.at(on)
            if (
                step is not None
                and step.value is not None
                and step.value != CENT
                and base.value is not None
                and fraction.value is not None
            ):
                citations.append(step.cite())
                exact = Decimal(base.value) * fraction.value.numerator / fraction.value.denominator
                rounded = say(m.FEE_CAP_ROUNDED, exact=f"{exact.normalize():f}", step=step.value)
        return say(
            m.FEE_CAP_FRACTION,
            cap=cap,
            fraction=fraction.value,
            base=base.value,
            date=on,
            detail=rounded + picked,
        )
    assert notice.amount is not None
    resolved = notice.amount.at(on)
    if resolved is not None:
        citations.append(resolved.cite())
    return say(m.FEE_CAP_AMOUNT, cap=cap, date=on)
