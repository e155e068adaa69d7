"""Court-ready case data: what a conciliation complaint, a writ, a distraint petition or a
transfer to public collection needs, from one claim's decision.

:func:`case_file` decides the claim with the full trace and gathers, for the step it proposes,
the parties, the claim and its legal basis with the citation, the principal, the late interest
period by period with its rates, the fees with their legal basis, the notices sent with their
dates and delivery evidence, the limitation and lien dates, and the enforcement basis relied
on. :meth:`CaseFile.html` renders it as a printable page (a Jinja2 template,
``claimrules/text/templates/case_file.html.j2``, escaped throughout).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from claimrules.engine.again import decide_again
from claimrules.engine.core import decide_state
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.model import messages as m
from claimrules.model.casefile import (
    CaseClaimFacts,
    CaseCreditor,
    CaseFile,
    CaseParty,
    CreditorDetails,
    DebtorDetails,
    FeeBasis,
    FeeItem,
    InterestPeriod,
    NoticeItem,
    Parties,
    PaymentItem,
)
from claimrules.model.claims import Claim
from claimrules.model.decision import Decision
from claimrules.model.provided import provide
from claimrules.rules.fees import FeeDecision, FeePart, fee_for
from claimrules.rules.history import NOTICE_KINDS
from claimrules.rules.ledger import NOTICE_EVENT_KINDS, Allocation, FeeCheck, Ledger
from claimrules.rules.state import ClaimState, fee_memo

__all__ = [
    "COURT_STEPS",
    "CaseFile",
    "Parties",
    "case_file",
    "creditor_of",
    "debtor_of",
    "parties_of",
]

COURT_STEPS = {
    "file_conciliation_complaint": "Conciliation complaint: case data",
    "file_lawsuit": "Writ of summons: case data",
    "request_distraint": "Petition for distraint: case data",
    "request_wage_deduction": "Petition for a wage deduction: case data",
    "refer_to_collection": "Transfer for collection: case data",
}
"""The actions a case file is made for, and the title of each."""

NEEDED = {
    "person": ("creditor.name", "creditor.organisation_number", "creditor.address",
               "debtor.name", "debtor.address", "debtor.national_id"),
    "business": ("creditor.name", "creditor.organisation_number", "creditor.address",
                 "debtor.name", "debtor.address", "debtor.organisation_number"),
}  # fmt: skip
"""What the document needs of the parties, by the debtor's kind: what neither the host nor the
profile gives is listed in :attr:`CaseFile.missing` (the creditor's contact is optional)."""


def case_file(
    claim: Claim,
    profile: Profile,
    as_of: date,
    parties: Parties | Mapping[str, Any] | None = None,
) -> CaseFile:
    """The case data for the court or collection step ``claim``'s decision on ``as_of``
    proposes.

    Every date and amount comes from the decision and the state it was made from
    (:func:`claimrules.engine.core.decide_state`). ``parties`` are the names, addresses and
    numbers the host holds (a :class:`Parties`, or its JSON-like mapping); the creditor's
    details not given there come from the overlay (``local.creditor``, the name also from
    ``local.municipality``). What neither gives is ``None`` and named in
    :attr:`CaseFile.missing`.

    Raises:
        ClaimError: the claim does not fit the profile, its next action is not one of
            :data:`COURT_STEPS` (the message says which action it is), or ``parties`` is not
            valid or names another debtor (the field is ``parties.…``).
    """
    given = parties_of(parties, claim)
    decision, state = decide_state(claim, profile, as_of)
    title = COURT_STEPS.get(decision.action)
    if title is None:
        raise ClaimError(
            claim.id,
            "action",
            f"its next action on {as_of} is {decision.action}, not a step that needs a case "
            f"file ({', '.join(COURT_STEPS)})",
        )
    creditor, debtor = creditor_of(given, profile), debtor_of(given, claim)
    ledger, unit = state.ledger, profile.minor_unit
    return CaseFile(
        title=title,
        action=decision.action,
        on=decision.on,
        as_of=as_of,
        reason=decision.reason,
        fee=decision.fee,
        fee_parts=_step_fee_parts(decision, state, unit),
        currency=decision.currency,
        creditor=creditor,
        debtor=debtor,
        missing=_missing(creditor, debtor),
        claim=_facts(state),
        balance=decision.balance,
        payments=tuple(_payment(move, unit) for move in ledger.moves),
        interest=_interest(ledger, unit),
        interest_lapsed=ledger.interest_lapsed_shown.quantize(unit),
        interest_citation=next((t.citation for t in decision.trace if t.rule == "interest"), ""),
        fees=tuple(_fee_item(check, unit) for check in ledger.fee_checks if check.charged > 0),
        fees_citation=_fees_citation(state),
        notices=tuple(_notices(state.past.events)),
        delivery=state.delivery.reason_with_due(state.due),
        delivery_citation=state.delivery.citation,
        limitation=decision.limitation,
        lien=decision.lien,
        enforcement_basis=_basis(decision, state),
        step_citation=next(
            (t.citation for t in decision.trace if t.rule.startswith("ladders.") and t.citation),
            "",
        ),
        warnings=decision.warnings,
        profile_id=decision.profile_id,
        profile_hash=decision.profile_hash,
        claim_hash=decision.claim_hash,
        engine_version=decision.engine_version,
    )


def parties_of(parties: Parties | Mapping[str, Any] | None, claim: Claim) -> Parties:
    """``parties`` as :class:`Parties` (none given: empty), checked against ``claim``.

    Raises:
        ClaimError: a field is not valid, or ``debtor.id`` is not the claim's debtor (each
            problem's field is ``parties.`` and the field's path, e.g. ``parties.debtor.name``).
    """
    if parties is None:
        return Parties()
    try:
        given = parties if isinstance(parties, Parties) else Parties.model_validate(parties)
    except ValidationError as error:
        problems = tuple(
            (".".join(["parties", *map(str, item["loc"])]), _problem(item))
            for item in error.errors(include_url=False)
        )
        raise ClaimError(claim.id, problems[0][0], problems[0][1], problems=problems) from None
    named = given.debtor.id
    if named is not None and named != claim.debtor.id:
        raise ClaimError(
            claim.id,
            "parties.debtor.id",
            f"the parties name debtor {named!r}, the claim's debtor is {claim.debtor.id!r}",
        )
    return given


def _problem(item: Any) -> str:
    """One validation problem of the parties in words."""
    if item["type"] == "extra_forbidden":
        models: dict[tuple[Any, ...], type[BaseModel]] = {
            ("debtor",): DebtorDetails,
            ("creditor",): CreditorDetails,
        }
        model = models.get(tuple(item["loc"][:-1]), Parties)
        return f"not a field here (the fields are {', '.join(model.model_fields)})"
    if item["type"] in ("string_too_short", "string_pattern_mismatch"):
        return "must not be empty"
    if item["type"] == "too_short":
        return "needs at least one line"
    return str(item["msg"])


def creditor_of(given: Parties, profile: Profile) -> CaseCreditor:
    """The host's details of the creditor first, then the overlay's."""
    host, local = given.creditor, profile.spec.local
    own = local.creditor
    address = own.address if own is not None else None
    return CaseCreditor(
        name=host.name or (own.name if own else None) or local.municipality,
        organisation_number=host.organisation_number or (own.organisation_number if own else None),
        address=host.address or (tuple(address) if address else None),
        contact=host.contact or (own.contact if own else None),
    )


def debtor_of(given: Parties, claim: Claim) -> CaseParty:
    """The ledger's debtor with the details the host gave."""
    host = given.debtor
    return CaseParty(
        id=claim.debtor.id,
        kind=claim.debtor.kind,
        name=host.name,
        address=host.address,
        national_id=host.national_id,
        organisation_number=host.organisation_number,
    )


def _missing(creditor: CaseCreditor, debtor: CaseParty) -> tuple[str, ...]:
    """What the document needs that nobody gave (:data:`NEEDED`)."""
    parties = {"creditor": creditor, "debtor": debtor}
    needed = NEEDED.get(debtor.kind, NEEDED["person"])
    return tuple(
        path for path in needed if getattr(parties[path.split(".")[0]], path.split(".")[1]) is None
    )


def _facts(state: ClaimState) -> CaseClaimFacts:
    """The claim, its type's legal basis, and the effective due date of the state."""
    claim, ctype = state.claim, state.ctype
    return CaseClaimFacts(
        id=claim.id,
        claim_type=claim.claim_type,
        title=ctype.title,
        basis=ctype.basis,
        issued_on=claim.issued_on,
        due_on=claim.due_on,
        effective_due_on=state.due,
        principal=claim.principal,
        citation=ctype.source.cite(),
    )


def _interest(ledger: Ledger, unit: Decimal) -> tuple[InterestPeriod, ...]:
    """The ledger's interest, period by period, with what each added."""
    return tuple(
        InterestPeriod(
            first=a, last=b, days=n, rate=r, base=base.quantize(unit), amount=amount.quantize(unit)
        )
        for a, b, n, r, base, amount in ledger.interest_periods
    )


def _payment(move: Allocation, unit: Decimal) -> PaymentItem:
    """A payment, offset or credit note and what it covered, in the minor unit."""
    return PaymentItem(
        on=move.on,
        kind=move.kind,
        amount=move.amount.quantize(unit),
        fees=move.fees.quantize(unit),
        interest=move.interest.quantize(unit),
        principal=move.principal.quantize(unit),
        overpaid=move.overpaid.quantize(unit),
    )


def _fees_citation(state: ClaimState) -> str:
    regime = state.profile.spec.fees.get(state.ctype.fees)
    return regime.source.cite() if regime is not None else ""


def _fee_item(check: FeeCheck, unit: Decimal) -> FeeItem:
    """A fee charged with a notice, what the law allowed and what counts, part by part."""
    decided, counted = check.decision, check.notice.fee
    reasons: tuple[str, ...] = ()
    if counted < check.charged:
        reasons = tuple(decided.reasons) or ((decided.unknown,) if decided.unknown else ())
    return FeeItem(
        on=check.notice.on,
        kind=NOTICE_EVENT_KINDS[check.notice.kind],
        charged=check.charged.quantize(unit),
        lawful=decided.amount.quantize(unit),
        amount=counted.quantize(unit),
        parts=_bases(decided.parts, counted, unit),
        reasons=reasons,
    )


def _bases(parts: tuple[FeePart, ...], claimed: Decimal, unit: Decimal) -> tuple[FeeBasis, ...]:
    """The fee's parts, ``claimed`` spread over them in order (each up to what it allows)."""
    bases: list[FeeBasis] = []
    left = claimed
    for part in parts:
        amount = min(left, part.amount)
        left -= amount
        bases.append(
            FeeBasis(
                kind=part.kind,
                amount=amount.quantize(unit),
                lawful=part.amount.quantize(unit),
                citation=part.citation,
            )
        )
    return tuple(bases)


_FEE_IF_SENT = m.MESSAGE_IDS[m.FEE_IF_SENT]


def _step_fee_parts(decision: Decision, state: ClaimState, unit: Decimal) -> tuple[FeeBasis, ...]:
    """The parts of the proposed step's own fee: the fee rule of the trace's ``fees.<kind>``
    note on it asked again of the same state (the profile's memo gives the same answer)."""
    if not decision.fee:
        return ()
    for entry in decision.trace:
        if entry.msg is None or entry.msg.id != _FEE_IF_SENT:
            continue
        sent_on = date.fromisoformat(entry.msg.params["date"]["date"])
        decided = _fee_on(state, entry.rule.removeprefix("fees."), sent_on)
        if decided is not None and decided.amount == decision.fee:
            return _bases(decided.parts, decision.fee, unit)
    return ()


def _fee_on(state: ClaimState, kind: str, on: date) -> FeeDecision | None:
    """The fee rule's decision for a notice of ``kind`` sent on ``on``, after the state's
    notices."""
    regime = state.profile.spec.fees.get(state.ctype.fees)
    if regime is None or kind not in NOTICE_EVENT_KINDS:
        return None
    return fee_for(
        regime,
        state.profile.spec.local,
        kind,
        on,
        state.due,
        state.ledger.history,
        debtor_kind=state.claim.debtor.kind,
        claim_type=state.claim.claim_type,
        memo=fee_memo(state.profile, state.ctype),
    )


def _basis(decision: Decision, state: ClaimState) -> str:
    """The enforcement basis relied on: a judgment, the claim type's special basis, or none."""
    judgment = state.past.first.get("judgment")
    if judgment is not None:
        return f"judgment or court settlement of {judgment}"
    if decision.action in ("request_distraint", "request_wage_deduction"):
        return f"special basis for enforcement: {state.ctype.title} ({state.ctype.basis})"
    return "none yet: this step seeks a basis for enforcement"


def _notices(events: tuple[Any, ...]) -> list[NoticeItem]:
    """The invoices with their proof, the notices and the legal steps, in date order."""
    found: list[NoticeItem] = []
    proof = {"invoice_dispatched": "dispatch confirmed", "invoice_delivered": "delivery receipt"}
    for event in events:  # by kind: the engine's core events, or a claim's own
        kind = event.kind
        if kind == "invoice_sent":
            found.append(
                NoticeItem(on=event.on, kind="invoice", evidence=f"sent by {event.channel}")
            )
        elif kind in proof:
            found.append(
                NoticeItem(on=event.on, kind="invoice", evidence=f"{proof[kind]} ({event.channel})")
            )
        elif kind in NOTICE_KINDS:
            found.append(NoticeItem(on=event.on, kind=kind, evidence="sent (recorded)"))
        elif kind in ("notice_dispatched", "notice_delivered"):
            what = proof[
                "invoice_dispatched" if kind == "notice_dispatched" else "invoice_delivered"
            ]
            kind = f"{event.notice}_sent"
            found.append(NoticeItem(on=event.on, kind=kind, evidence=f"{what} ({event.channel})"))
        elif kind == "notice_failed":
            kind = f"{event.notice}_sent"
            found.append(NoticeItem(on=event.on, kind=kind, evidence=f"returned: {event.reason}"))
        elif event.kind in ("legal_step", "judgment", "referred_to_collection", "delivery_failed"):
            what = getattr(event, "step", None) or event.kind
            found.append(NoticeItem(on=event.on, kind=str(what), evidence="recorded"))
    return found


def decision_case_file(
    decision: Decision,
    claim: Claim,
    profile: object | None,
    parties: Parties | Mapping[str, Any] | None = None,
) -> CaseFile:
    """What :meth:`Decision.case_file` returns: the case file of ``decision``, its claim and
    profile checked against the hashes it records (:func:`claimrules.engine.again.decide_again`),
    with the ``parties`` the host gives (:func:`case_file`)."""
    if claim.id != decision.claim_id:
        raise ClaimError(claim.id, "id", f"the decision is for claim {decision.claim_id!r}")
    if profile is None:
        used = load_profile(decision.profile_id)
    elif isinstance(profile, Profile):
        used = profile
    else:
        raise TypeError(f"profile must be a Profile, not {type(profile).__name__}")
    decide_again(decision, claim, used)
    return case_file(claim, used, decision.as_of, parties)


provide("case_file", decision_case_file)
