"""The words of the reports and pages for people, in the reader's language.

Every command that shows people text (``deadlines``, ``aging``, ``cases``, ``monitoring``,
``no-movement``, ``postings``, ``audit-dispatch``, ``case-file``, ``decide``'s summary) takes
``--lang`` (``en``, ``nb``, ``da``, ``kl`` with Danish as its fallback). Its sentences and
column names are catalogue sentences (marked with ``_msg``, translated in
``claimrules/text/locales``, as the explanations are), and its numbers, amounts and dates follow
the language's locale (babel): ``1 234,56`` and ``07.12.2026`` in Norwegian, ``1.234,56`` and
``07.12.2026`` in Danish; English keeps ``1,234.56`` and ``2026-12-07``. JSON and CSV stay
machine-readable in every language. Values from a ledger or a profile (claim ids, claim type
codes, account numbers) are shown as written.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from claimrules.model import messages as m
from claimrules.text.explain import _LOCALES, _PROFILE_KEYS, LANGUAGES, _check, _msg, _Sentences

__all__ = ["ACTION_WORDS", "LANGUAGES", "Words"]

ACTION_WORDS: dict[str, str] = {
    "none": m.W_NOTHING,
    "refund": m.W_REFUND,
    "resend_invoice": m.W_RESEND,
    "send_reminder": m.W_SEND_REMINDER,
    "send_collection_notice": m.W_SEND_NOTICE,
    "send_payment_demand": m.W_SEND_DEMAND,
    "refer_to_collection": m.W_REFER,
    "file_conciliation_complaint": m.W_COMPLAINT,
    "file_lawsuit": m.W_LAWSUIT,
    "request_distraint": m.W_DISTRAINT,
    "request_wage_deduction": m.W_WAGE,
    "offset": m.W_SET_OFF,
    "terminate_service": m.W_TERMINATE,
    "manual_review": m.W_MANUAL_REVIEW,
    "write_off": m.W_WRITE_OFF,
    "monitor": m.W_MONITOR,
}
"""Each next action in a few words, for a table's cell (the engine's own words for them)."""

LEGAL_LIEN = _PROFILE_KEYS["legal_lien"]
DEADLINE_WORDS: dict[str, str] = {
    "limitation": _msg("limitation"),
    "legal_lien": LEGAL_LIEN,
    "public_law_lien": LEGAL_LIEN,
}
"""What lapses, for the deadlines a decision lists (``limitation expires``, ``legal_lien
lapses``); another lien is shown by its profile name."""


class Words:
    """The sentences and formats of one language (:data:`LANGUAGES`).

    Raises:
        ValueError: another language.
    """

    def __init__(self, lang: str = "en") -> None:
        _check(lang)
        self.lang = lang
        self.locale = _LOCALES[lang]
        # Greenlandic readers get the reports' words in Danish (the catalogue has no
        # Greenlandic for them yet), unmarked: a table cannot carry a marker on every word
        self._say = _Sentences("da" if lang == "kl" else lang)

    def __call__(self, msgid: str, **fields: object) -> str:
        """``msgid`` (a catalogue sentence) in this language, its ``{fields}`` filled in."""
        return self._say(msgid, **{name: str(value) for name, value in fields.items()})

    def money(self, amount: Decimal) -> str:
        """An amount with two decimals and the language's separators."""
        if self.lang == "en":
            return f"{amount:,.2f}"
        return str(format_decimal(amount, format="#,##0.00", locale=self.locale))

    def number(self, count: int) -> str:
        """A count with the language's grouping."""
        if self.lang == "en":
            return f"{count:,}"
        return str(format_decimal(count, format="#,##0", locale=self.locale))

    def date(self, day: date | None) -> str:
        """A day: ``YYYY-MM-DD`` in English, ``DD.MM.YYYY`` in Norwegian and Danish."""
        if day is None:
            return "-"
        if self.lang == "en":
            return day.isoformat()
        return str(format_date(day, format="dd.MM.yyyy", locale=self.locale))

    def action(self, action: str) -> str:
        """A next action in a few words."""
        words = ACTION_WORDS.get(action)
        return self(words) if words is not None else action.replace("_", " ")

    def deadline(self, name: str) -> str:
        """What lapses: ``limitation expires`` → ``limitation``; ``legal_lien lapses`` →
        ``legal lien``."""
        key = name.removesuffix(" expires").removesuffix(" lapses")
        words = DEADLINE_WORDS.get(key)
        return self(words) if words is not None else key.replace("_", " ")

    def engine(self, text: str) -> str:
        """One of the engine's sentences in this language (read back from its English, as
        :func:`~claimrules.text.explain.explain` does for a decision stored without messages),
        its days written as the language writes them; text that is not the engine's is shown
        as written."""
        if self.lang == "en":
            return text
        said = self._say.engine(text)
        return _ISO_DAY.sub(lambda found: self.date(date.fromisoformat(found.group())), said)

    def role(self, account: str) -> str:
        """A posting's account: its role in the reader's words (``receivable``) where the
        profile maps no account number to it, else the account as written."""
        words = ROLE_WORDS.get(account)
        return self(words) if words is not None else account

    def posting(self, kind: str) -> str:
        """A kind of posting in the reader's words (``interest_accrued``)."""
        words = POSTING_WORDS.get(kind)
        return self(words) if words is not None else kind.replace("_", " ")


_ISO_DAY = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")


# --- the reports' sentences and column names ------------------------------------------------

# aging
AGING_TITLE = _msg("Outstanding principal by year due, as of {date}, {currency}")
AGING_SHARES = _msg("(share of the amount invoiced for that type and year)")
CLAIM_TYPE = _msg("claim type")
TOTAL = _msg("total")
BEFORE_YEAR = _msg("before {year}")
ON_TOP = _msg("On top of the principal: interest {interest}, fees {fees} {currency}.")

# deadlines
DEADLINES_TITLE = _msg("Limitation and liens lapsing within {window}")
DEMO_DEADLINES_TITLE = _msg("Deadlines at risk (within {days} days)")
WINDOW_DAYS = _msg("{count} days")
WINDOW_DAY = _msg("{count} day")
WINDOW_MONTHS = _msg("{count} months")
WINDOW_MONTH = _msg("{count} month")
WINDOW_YEARS = _msg("{count} years")
WINDOW_YEAR = _msg("{count} year")
COL_ON = _msg("on")
COL_DAYS = _msg("days")
COL_CLAIM = _msg("claim")
COL_WHAT_LAPSES = _msg("what lapses")
COL_AT_STAKE = _msg("at stake")
COL_PRESERVE = _msg("preserve by")
COL_NEXT_ACTION = _msg("next action")
DAYS_LEFT = _msg("{days} days")
AT_STAKE = _msg("at stake {amount}")
PRESERVE_BY = _msg("preserve by: {step}")
ACTION_ON = _msg("{action} ({date})")
DEADLINES_SUMMARY = _msg("{deadlines} deadlines on {claims} claims; at stake {amount}")
DEADLINE_SUMMARY = _msg("1 deadline on 1 claim; at stake {amount}")
MORE_DEADLINES = _msg("{count} more: claimrules deadlines FILE --within 90d")
NONE = _msg("none")

# monitoring
MONITORING_TITLE = _msg("Long-term monitoring")
COL_UNTIL = _msg("until")
COL_TYPE = _msg("type")
COL_WRITTEN_OFF = _msg("written off")
COL_OWED = _msg("owed")
COL_RECOVERED = _msg("recovered")
COL_ACTION = _msg("action")
SUSPENDED = _msg("suspended")
MONITORING_SUMMARY = _msg("{claims} claims; owed {owed}; recovered {recovered}")

# no-movement
NO_MOVEMENT_TITLE = _msg("Claims with no movement")
COL_LAST_MOVEMENT = _msg("last movement")
COL_DEBTOR = _msg("debtor")
COL_THRESHOLD = _msg("threshold")
MONTHS = _msg("{months} months")
NONE_OF_WATCHED = _msg("none of the {checked} claims of the watched types")
NO_WATCHED_CLAIM = _msg("no claim of the watched types in the ledger")
STALLED_SUMMARY = _msg("{found} of the {checked} claims of the watched types; owed {owed}")
WATCHES_NOTHING = _msg(
    "Profile {profile} watches no claim type for no movement (warnings.no_movement is "
    "empty): nothing is listed."
)
WATCHED_AFTER = _msg("{title}: after {months} months")
WATCHED = _msg(
    "Watched for no payment, credit, offset or step (profile {profile}, "
    "warnings.no_movement): {types}. Other claim types are not watched."
)

# cases
CASE_HEAD = _msg(
    "{debtor} ({kind}): {claims} claims, owes {total} {currency} (principal {principal}, "
    "interest {interest}, fees {fees})"
)
PERSON = m.W_PERSON
BUSINESS = m.W_BUSINESS
EARLIEST = _msg("earliest: {deadline} {date} ({claim}); preserve by: {step}")
ONE_LETTER = _msg(
    "one letter may carry the {action} of {claims} for one fee of {fee} (not {separate}): "
    "{citation}"
)
COL_DUE = _msg("due")
COL_FEE = _msg("fee")
NOW = _msg("{action} (now)")
SETTLED = _msg("and {count} settled claims")
NO_DEBTOR_OWES = _msg("no debtor owes anything")
CASES_SUMMARY = _msg(
    "{debtors} debtors, {claims} claims; owed {total} {currency} (principal {principal}, "
    "interest {interest}, fees {fees}); {due} steps due now"
)

# audit-dispatch
AUDIT_TITLE = _msg("Dispatch audit: {gaps} of {checked} invoices have no proof they left")
COL_ISSUED = _msg("issued")
COL_CHANNEL = _msg("channel")
COL_CLAIMS = _msg("claims")
COL_PRINCIPAL = m.W_PRINCIPAL
COL_COLLECTED = _msg("collected")
WITHOUT_NOTICE = _msg("{count} without notice")
AUDIT_NONE = _msg("none: every invoice old enough to check has its proof")
AUDIT_SUMMARY = _msg(
    "{gaps} invoices in {groups} groups; principal {principal} {currency}; {collected} "
    "collected without notice"
)
UNWIND = _msg("{claim}: {steps} without notice: unwind")

# postings
POSTINGS_ON = _msg("Postings on {date} ({currency})")
POSTINGS_BETWEEN = _msg("Postings after {since} through {date} ({currency})")
COL_POSTING = _msg("posting")
COL_PART = _msg("part")
COL_DEBIT = _msg("debit")
COL_CREDIT = _msg("credit")
COL_AMOUNT = _msg("amount")
POSTINGS_OUTSTANDING = _msg(
    "On {date}: outstanding principal {principal} + interest {interest} + fees {fees}."
)
POSTINGS_RECEIVABLE = _msg(
    "In the receivable after write-offs: {receivable}; owed back (refund payable): {refund}."
)
POSTINGS_WRITTEN_OFF = _msg("Written off, still owed (off the books): {amount}.")
PART_WORDS: dict[str, str] = {
    "principal": m.W_PRINCIPAL,
    "interest": m.W_INTEREST,
    "fees": m.W_FEES,
}

# decide's summary
DECIDED = _msg("decided {count} claims as of {date} with profile {profile} in {seconds} s")
DECIDED_RATE = _msg("({rate} claims/s)")
DECIDED_TO = _msg("to {output}")
UNKNOWN_LAW_RUN = _msg(
    "unknown law: {count} decisions could not apply all of it (each keeps its action where "
    "only an amount depends on it, with the least owed, and says so in its warnings); missing "
    "in the profile: {missing}. `claimrules check {profile}` lists what to add."
)
UNKNOWN_LAW_RUN_ONE = _msg(
    "unknown law: 1 decision could not apply all of it (each keeps its action where only an "
    "amount depends on it, with the least owed, and says so in its warnings); missing in the "
    "profile: {missing}. `claimrules check {profile}` lists what to add."
)

ROLE_WORDS: dict[str, str] = {
    "receivable": _msg("receivable"),
    "interest_income": _msg("interest income"),
    "fee_income": _msg("fee income"),
    "loss": _msg("loss"),
    "recovered_income": _msg("income recovered after write-off"),
    "refund_payable": _msg("refund payable"),
}
"""The accounts a posting names, by role, where the profile maps no account number to them."""

POSTING_WORDS: dict[str, str] = {
    "interest_accrued": _msg("interest accrued"),
    "fees_charged": _msg("fees charged"),
    "written_off": _msg("written off (booked)"),
    "write_off_proposed": _msg("write-off proposed"),
    "accrued_after_write_off": _msg("accrued after the write-off"),
    "recovered_after_write_off": _msg("recovered after the write-off"),
    "credited_after_write_off": _msg("credited after the write-off"),
    "owed_back": _msg("owed back"),
}
"""Each kind of journal line, in the reader's words."""
