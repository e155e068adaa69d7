"""Plain-language explanations of a Decision, with amounts and dates in the reader's locale.

The sentences are short templates; the reasons and citations come from the decision's trace.
Languages: ``en`` (English) and ``nb`` (Norwegian bokmål).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from babel.dates import format_date
from babel.numbers import format_decimal

if TYPE_CHECKING:
    from claimrules.decision import Decision

__all__ = ["LANGUAGES", "explain"]

_LOCALES = {"en": "en_GB", "nb": "nb_NO"}
LANGUAGES = tuple(_LOCALES)

_ACTIONS = {
    "en": {
        "none": "Nothing to do: the claim is settled.",
        "refund": "Refund the overpayment.",
        "resend_invoice": "Send the invoice again; the debtor has not been shown to have received it.",
        "send_reminder": "Send a reminder.",
        "send_collection_notice": "Send a collection notice.",
        "send_payment_demand": "Send a payment demand.",
        "refer_to_collection": "Refer the claim to collection.",
        "file_conciliation_complaint": "File a complaint with the conciliation board.",
        "file_lawsuit": "File a lawsuit.",
        "request_distraint": "Request distraint.",
        "request_wage_deduction": "Request a wage deduction.",
        "offset": "Set the claim off against money owed to the debtor.",
        "terminate_service": "The service may be terminated for non-payment (review first).",
        "manual_review": "A person must review this claim.",
        "write_off": "Write the claim off: it is time-barred.",
        "monitor": "Monitor the claim.",
    },
    "nb": {
        "none": "Ingenting å gjøre: kravet er gjort opp.",
        "refund": "Betal tilbake det som er innbetalt for mye.",
        "resend_invoice": "Send fakturaen på nytt; det er ikke vist at skyldneren har mottatt den.",
        "send_reminder": "Send purring.",
        "send_collection_notice": "Send inkassovarsel.",
        "send_payment_demand": "Send betalingsoppfordring.",
        "refer_to_collection": "Send kravet til inkasso.",
        "file_conciliation_complaint": "Send forliksklage til forliksrådet.",
        "file_lawsuit": "Ta ut stevning.",
        "request_distraint": "Begjær utlegg.",
        "request_wage_deduction": "Begjær utleggstrekk.",
        "offset": "Motregn kravet.",
        "terminate_service": "Tjenesten kan sies opp for manglende betaling (vurder først).",
        "manual_review": "Kravet må vurderes manuelt.",
        "write_off": "Avskriv kravet: det er foreldet.",
        "monitor": "Følg med på kravet.",
    },
}

_WORDS = {
    "en": {
        "from": "Lawful from",
        "fee": "Fee that may be charged",
        "balance": "Outstanding",
        "principal": "principal",
        "interest": "interest",
        "fees": "fees",
        "limitation": "Limitation expires",
        "suspended": "Limitation is suspended while legal proceedings run",
        "lien": "Lien lapses",
        "why": "Why",
        "warnings": "Warnings",
        "sources": "Rules applied",
    },
    "nb": {
        "from": "Tidligst",
        "fee": "Gebyr som kan kreves",
        "balance": "Utestående",
        "principal": "hovedstol",
        "interest": "renter",
        "fees": "gebyrer",
        "limitation": "Foreldelse inntrer etter",
        "suspended": "Foreldelsesfristen løper ikke mens saken pågår",
        "lien": "Legalpantet faller bort etter",
        "why": "Begrunnelse",
        "warnings": "Varsler",
        "sources": "Regler brukt",
    },
}


def _money(amount: Decimal, locale: str) -> str:
    return format_decimal(amount, format="#,##0.00", locale=locale)


def _date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


def explain(decision: Decision, lang: str = "en") -> str:
    """Explain ``decision`` in ``lang`` (``en`` or ``nb``); citations are kept verbatim."""
    if lang not in _LOCALES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    locale = _LOCALES[lang]
    words = _WORDS[lang]
    balance = decision.balance
    lines = [_ACTIONS[lang][decision.action]]
    if decision.action not in ("none", "refund"):
        lines.append(f"{words['from']}: {_date(decision.on, locale)}.")
    if decision.fee:
        lines.append(f"{words['fee']}: {_money(decision.fee, locale)}.")
    lines.append(
        f"{words['balance']}: {_money(balance.total, locale)} ({words['principal']} "
        f"{_money(balance.principal, locale)}, {words['interest']} {_money(balance.interest, locale)}, "
        f"{words['fees']} {_money(balance.fees, locale)})."
    )
    limitation = decision.limitation
    if limitation is not None:
        if limitation.expires_on is not None:
            lines.append(
                f"{words['limitation']}: {_date(limitation.expires_on, locale)} ({limitation.citation})."
            )
        else:
            lines.append(f"{words['suspended']}.")
    if (
        decision.lien is not None
        and decision.lien.expires_on is not None
        and not decision.lien.preserved_on
    ):
        lines.append(
            f"{words['lien']}: {_date(decision.lien.expires_on, locale)} ({decision.lien.citation})."
        )
    lines.append(f"{words['why']}: {decision.reason}.")
    if decision.warnings:
        lines.append(f"{words['warnings']}:")
        lines += [f"  - [{w.code}] {w.message}" for w in decision.warnings]
    lines.append(f"{words['sources']}:")
    lines += [
        f"  - {t.rule}: {t.outcome}" + (f" — {t.citation}" if t.citation else "")
        for t in decision.trace
    ]
    return "\n".join(lines)
