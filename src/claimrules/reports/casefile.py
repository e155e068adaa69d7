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

from datetime import date
from decimal import Decimal
from typing import Any

from claimrules.engine.again import decide_again
from claimrules.engine.core import decide_state
from claimrules.errors import ClaimError
from claimrules.law.profile import Profile
from claimrules.law.registry import load_profile
from claimrules.model.casefile import (
    CaseClaimFacts,
    CaseFile,
    CaseParty,
    FeeItem,
    InterestPeriod,
    NoticeItem,
)
from claimrules.model.claims import Claim, InvoiceDelivered, InvoiceDispatched, InvoiceSent
from claimrules.model.decision import (
    Decision,
)
from claimrules.model.provided import provide
from claimrules.rules.history import NOTICE_KINDS

__all__ = ["COURT_STEPS", "CaseFile", "case_file"]

COURT_STEPS = {
    "file_conciliation_complaint": "Conciliation complaint: case data",
    "file_lawsuit": "Writ of summons: case data",
    "request_distraint": "Petition for distraint: case data",
    "request_wage_deduction": "Petition for a wage deduction: case data",
    "refer_to_collection": "Transfer for collection: case data",
}
"""The actions a case file is made for, and the title of each."""


def case_file(claim: Claim, profile: Profile, as_of: date) -> CaseFile:
    """The case data for the court or collection step ``claim``'s decision on ``as_of``
    proposes.

    Raises:
        ClaimError: the claim does not fit the profile, or its next action is not one of
            :data:`COURT_STEPS` (the message says which action it is).
    """
    decision, state = decide_state(claim, profile, as_of)
    ledger, delivery, due, past = state.ledger, state.delivery, state.due, state.past
    title = COURT_STEPS.get(decision.action)
    if title is None:
        raise ClaimError(
            claim.id,
            "action",
            f"its next action on {as_of} is {decision.action}, not a step that needs a case "
            f"file ({', '.join(COURT_STEPS)})",
        )
    spec = profile.spec
    ctype = spec.claim_types[claim.claim_type]
    fees_regime = spec.fees.get(ctype.fees)
    step_citation = next(
        (t.citation for t in decision.trace if t.rule.startswith("ladders.") and t.citation), ""
    )
    interest_citation = next((t.citation for t in decision.trace if t.rule == "interest"), "")
    judgment = past.first.get("judgment")
    if judgment is not None:
        basis = f"judgment or court settlement of {judgment}"
    elif decision.action in ("request_distraint", "request_wage_deduction"):
        basis = f"special basis for enforcement: {ctype.title} ({ctype.basis})"
    else:
        basis = "none yet: this step seeks a basis for enforcement"
    return CaseFile(
        title=title,
        action=decision.action,
        on=decision.on,
        as_of=as_of,
        reason=decision.reason,
        fee=decision.fee,
        currency=decision.currency,
        creditor=spec.local.municipality
        or f"{spec.profile.name} (name the municipality in an overlay: local.municipality)",
        debtor=CaseParty(id=claim.debtor.id, kind=claim.debtor.kind),
        claim=CaseClaimFacts(
            id=claim.id,
            claim_type=claim.claim_type,
            title=ctype.title,
            basis=ctype.basis,
            issued_on=claim.issued_on,
            due_on=claim.due_on,
            effective_due_on=due,
            principal=claim.principal,
            citation=ctype.source.cite(),
        ),
        balance=decision.balance,
        interest=tuple(
            InterestPeriod(first=a, last=b, days=n, rate=r, base=base.quantize(profile.minor_unit))
            for a, b, n, r, base in ledger.interest_periods
        ),
        interest_citation=interest_citation,
        fees=tuple(
            FeeItem(on=e.on, kind=e.kind, amount=getattr(e, "fee", None) or Decimal(0))
            for e in past.notices
            if (getattr(e, "fee", None) or 0) > 0
        ),
        fees_citation=fees_regime.source.cite() if fees_regime is not None else "",
        notices=tuple(_notices(past.events)),
        delivery=delivery.reason,
        delivery_citation=delivery.citation,
        limitation=decision.limitation,
        lien=decision.lien,
        enforcement_basis=basis,
        step_citation=step_citation,
        warnings=decision.warnings,
        profile_id=decision.profile_id,
        profile_hash=decision.profile_hash,
        claim_hash=decision.claim_hash,
        engine_version=decision.engine_version,
    )


def _notices(events: tuple[Any, ...]) -> list[NoticeItem]:
    """The invoices with their proof, the notices and the legal steps, in date order."""
    found: list[NoticeItem] = []
    proof = {"invoice_dispatched": "dispatch confirmed", "invoice_delivered": "delivery receipt"}
    for event in events:
        if isinstance(event, InvoiceSent):
            found.append(
                NoticeItem(on=event.on, kind="invoice", evidence=f"sent by {event.channel}")
            )
        elif isinstance(event, InvoiceDispatched | InvoiceDelivered):
            found.append(
                NoticeItem(
                    on=event.on, kind="invoice", evidence=f"{proof[event.kind]} ({event.channel})"
                )
            )
        elif event.kind in NOTICE_KINDS:
            found.append(NoticeItem(on=event.on, kind=event.kind, evidence="sent (recorded)"))
        elif event.kind in ("legal_step", "judgment", "referred_to_collection", "delivery_failed"):
            what = getattr(event, "step", None) or event.kind
            found.append(NoticeItem(on=event.on, kind=str(what), evidence="recorded"))
    return found


def decision_case_file(decision: Decision, claim: Claim, profile: object | None) -> CaseFile:
    """What :meth:`Decision.case_file` returns: the case file of ``decision``, its claim and
    profile checked against the hashes it records (:func:`claimrules.engine.again.decide_again`)."""
    if claim.id != decision.claim_id:
        raise ClaimError(claim.id, "id", f"the decision is for claim {decision.claim_id!r}")
    if profile is None:
        used = load_profile(decision.profile_id)
    elif isinstance(profile, Profile):
        used = profile
    else:
        raise TypeError(f"profile must be a Profile, not {type(profile).__name__}")
    decide_again(decision, claim, used)
    return case_file(claim, used, decision.as_of)


provide("case_file", decision_case_file)
