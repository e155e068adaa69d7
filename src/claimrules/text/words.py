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

from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from claimrules.errors import ProfileIssue
from claimrules.law.checks import NONE_KNOWN
from claimrules.model import messages as m
from claimrules.text.explain import (
    _LOCALES,
    _PROFILE_KEYS,
    LANGUAGES,
    _check,
    _msg,
    _Sentences,
)

__all__ = ["ACTION_WORDS", "LANGUAGES", "NO_FILE", "ROOT_KEY", "Shown", "Verbatim", "Words"]

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


NO_FILE = _msg("<profile>")
"""Where a problem of a profile built in code (without files) is."""
ROOT_KEY = _msg("<root>")
"""The key path of a problem with a whole profile file."""
DID_YOU_MEAN = _msg("{problem} (did you mean '{suggestion}'?)")


class Shown(str):
    """A value of a profile shown inside a sentence (an amount or a rate as written,
    ``null``): its decimal sign follows the reader's language (:meth:`Words.said`)."""


class Verbatim(str):
    """A template that is not a catalogue sentence (a line of YAML with a comment in it): the
    same in every language, only its values are rendered (:meth:`Words.said`)."""


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

    def said(self, value: object) -> str:
        """``value`` (a sentence made with :func:`~claimrules.model.messages.say`, or one of
        its values) in this language: a sentence from the catalogue with its values rendered
        the same way (a :class:`Verbatim` template is only filled), a day and a count as the
        language writes them, a :class:`Shown` number with the language's decimal sign;
        anything else (a profile's names, keys, files, line numbers) as written."""
        if isinstance(value, m.Said):
            fields = {name: self.said(item) for name, item in value.params.items()}
            if isinstance(value.template, Verbatim):
                return value.template.format(**fields)
            return self(value.template, **fields)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return self.number(value)
        if isinstance(value, Shown):
            return self.number_text(str(value))
        return str(value)

    def profile_issue(self, issue: ProfileIssue) -> str:
        """One problem of a profile (:class:`~claimrules.errors.ProfileIssue`) as
        ``FILE:LINE: key: message``, the message in this language where it is a catalogue
        sentence, else as written (English); the file and the key as written."""
        if self.lang == "en":
            return str(issue)
        where = str(issue.file) if issue.file is not None else self(NO_FILE)
        if issue.line is not None:
            where += f":{issue.line}"
        message = self.said(issue.said) if issue.said is not None else issue.message
        if issue.suggestion:
            message = self(DID_YOU_MEAN, problem=message, suggestion=issue.suggestion)
        return f"{where}: {issue.key_path or self(ROOT_KEY)}: {message}"

    def template(self, msgid: str) -> str:
        """``msgid`` in this language with its ``{fields}`` left to fill (a page's template
        fills them: ``fill`` in the case file's), unmarked."""
        return self._say._lookup(msgid)[1]

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
        return self._say.engine(text) if self.lang != "en" else text

    def key(self, text: str) -> str:
        """One of the profile's keys (a legal basis, a lien, a limitation period) in the
        reader's words where the catalogue has them, else as words (``legal lien``)."""
        words = _PROFILE_KEYS.get(text)
        return self(words) if words is not None else text.replace("_", " ")

    def code(self, code: str) -> str:
        """A warning's code in the reader's words (``limitation_expiring``)."""
        return self._say.warning_code(code)

    def number_text(self, text: str) -> str:
        """A number written in English (``12.50``) with this language's decimal sign (as the
        explanations write the values inside their sentences)."""
        return self._say._localized(text) if self.lang != "en" else text

    def citation(self, text: str) -> str:
        """A citation with its glosses and status tag in the reader's words (as the
        explanations give it); statute, section numbers and link as written."""
        return self._say.citation(text) if self.lang != "en" else text

    def role(self, account: str) -> str:
        """A posting's account: its role in the reader's words (``receivable``) where the
        profile maps no account number to it, else the account as written."""
        words = ROLE_WORDS.get(account)
        return self(words) if words is not None else account

    def posting(self, kind: str) -> str:
        """A kind of posting in the reader's words (``interest_accrued``)."""
        words = POSTING_WORDS.get(kind)
        return self(words) if words is not None else kind.replace("_", " ")


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
NONE = NONE_KNOWN  # "none": one catalogue sentence with the profile checks

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
SET_OFF = _msg("set off {amount} of the credit on {credit} against {claim} ({citation})")
REFUND_LEFT = _msg("refund {amount} left of the credit on {claim}")
CARRY_FORWARD = _msg(
    "carry {amount} left of the credit on {claim} forward to the next invoice (local policy)"
)
NOT_SET_OFF = _msg("not set off against {claim}: {reason}")
CARRIED = _msg("carry forward")
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

# --- the case file's page (text/templates/case_file.html.j2) -------------------------------

CASE_TITLES: dict[str, str] = {
    "file_conciliation_complaint": _msg("Conciliation complaint: case data"),
    "file_lawsuit": _msg("Writ of summons: case data"),
    "request_distraint": _msg("Petition for distraint: case data"),
    "request_wage_deduction": _msg("Petition for a wage deduction: case data"),
    "refer_to_collection": _msg("Transfer for collection: case data"),
}
"""Each case file's title (``claimrules.reports.casefile.COURT_STEPS``), in a reader's words."""

CASE_FILE: dict[str, str] = {
    "meta": _msg("Claim {claim} · as of {date} · {profile} (profile {hash}, claimrules {version})"),
    "parties": _msg("Parties"),
    "creditor": _msg("Creditor"),
    "debtor": _msg("Debtor"),
    "name": _msg("Name"),
    "organisation_number": _msg("Organisation number"),
    "address": _msg("Address"),
    "contact": _msg("Contact"),
    "national_id": _msg("National identity number"),
    "ledger_id": _msg("Id in the ledger"),
    "fill_in": _msg("To be filled in by the creditor:"),
    "the_claim": _msg("The claim"),
    "claim": _msg("Claim"),
    "claim_line": _msg("{title} ({type}), legal basis {basis}"),
    "invoiced_due": _msg("Invoiced / due"),
    "counted_from": _msg("(counted from {date})"),
    "principal_invoiced": _msg("Principal invoiced"),
    "legal_basis": _msg("Legal basis"),
    "amount_claimed": _msg("Amount claimed"),
    "part": _msg("Part"),
    "arisen": _msg("Arisen"),
    "covered": _msg("Covered by payments"),
    "time_barred": _msg("Time-barred on its own"),
    "outstanding": _msg("Outstanding"),
    "principal": _msg("Principal"),
    "interest_through": _msg("Late interest through {date}"),
    "fees": _msg("Fees"),
    "total": _msg("Total"),
    "credit_balance": _msg("Credit balance (overpaid)"),
    "known_through": _msg(
        "Interest is counted through {date} only: the rate after that day is not yet known "
        "law, so the interest is the least that is owed."
    ),
    "payments": _msg("Payments, offsets and credit notes"),
    "date": _msg("Date"),
    "what": _msg("What"),
    "amount": _msg("Amount"),
    "to_fees": _msg("To fees"),
    "to_interest": _msg("To interest"),
    "to_principal": _msg("To principal"),
    "overpaid": _msg("Overpaid"),
    "interest_periods": _msg("Late interest: periods and rates"),
    "from": _msg("From"),
    "to": _msg("To"),
    "days": _msg("Days"),
    "rate": _msg("Rate % p.a."),
    "on_principal": _msg("On principal"),
    "interest_total": _msg("Interest arisen"),
    "lapsed": _msg(
        "Unpaid interest time-barred on its own (each day's interest has its own limitation "
        "period): {amount}."
    ),
    "for": _msg("For"),
    "charged": _msg("Charged"),
    "lawful": _msg("Lawful"),
    "claimed": _msg("Claimed"),
    "fees_total": _msg("Fees counted"),
    "part_line": _msg("{part} {amount}"),
    "part_of": _msg("{part} {amount} (of {lawful})"),
    "less_because": _msg("Less is claimed than was charged: {reasons}"),
    "notices": _msg("Notices sent and delivery"),
    "evidence": _msg("Evidence"),
    "delivery": _msg("Delivery: {text}"),
    "deadlines": _msg("Deadlines"),
    "limitation": _msg("Limitation"),
    "expires": _msg("expires {date}"),
    "suspended": _msg("suspended while proceedings run"),
    "lien": _msg("Lien"),
    "preserved_on": _msg("preserved on {date}"),
    "lapsed_on": _msg("lapsed on {date}"),
    "lapses": _msg("lapses {date}"),
    "the_step": _msg("The step and its enforcement basis"),
    "step": _msg("Step"),
    "step_line": _msg("{action}, lawful from {date}"),
    "step_fee": _msg("; fee {amount} {currency}"),
    "why": _msg("Why"),
    "basis_relied_on": _msg("Basis relied on"),
}
"""Every sentence and heading the case file's page adds to the case data."""

CASE_FILE_MISSING: dict[str, str] = {
    "creditor.name": _msg("the creditor's name"),
    "creditor.organisation_number": _msg("the creditor's organisation number"),
    "creditor.address": _msg("the creditor's address"),
    "creditor.contact": _msg("the creditor's contact"),
    "debtor.name": _msg("the debtor's name"),
    "debtor.address": _msg("the debtor's address"),
    "debtor.national_id": _msg("the debtor's national identity number"),
    "debtor.organisation_number": _msg("the debtor's organisation number"),
}
"""What the creditor is to fill in, by the case file's field."""

CASE_FILE_PARTS: dict[str, str] = {
    "cap": _msg("cap in force"),
    "local": _msg("the municipality's own amount"),
    "compensation": _msg("fixed compensation"),
}
"""The parts a fee is made of."""

PAYMENT_KINDS: dict[str, str] = {
    "payment": m.W_PAYMENT,
    "offset": m.W_OFFSET,
    "credit": _msg("credit note"),
}
"""What a payment line is."""

CASE_INVOICE = _msg("invoice")
EVIDENCE: dict[str, str] = {
    "sent by": _msg("sent by {channel}"),
    "dispatch confirmed": _msg("dispatch confirmed ({channel})"),
    "delivery receipt": _msg("delivery receipt ({channel})"),
    "sent (recorded)": _msg("sent (recorded)"),
    "recorded": _msg("recorded"),
}
"""What shows a notice was sent (the case data's ``evidence``), in a reader's words."""
EVIDENCE_RETURNED = _msg("returned: {reason}")
"""A notice that did not reach the debtor, with the reason as the ledger recorded it."""
BASIS_JUDGMENT = _msg("judgment or court settlement of {date}")
BASIS_SPECIAL = _msg("special basis for enforcement: {title} ({basis})")
BASIS_NONE = _msg("none yet: this step seeks a basis for enforcement")
PERIOD_YEARS = _msg("{years} years ({period})")

# demo
DEMO_TITLES: dict[str, str] = {
    "no": _msg("Norwegian municipality, synthetic year 2025"),
    "dk": _msg("Danish municipal, rent and business claims"),
    "gl": _msg("Kommune Kujalleq, invoices never mailed (Jan-Mar 2022)"),
}
"""The bundled examples' titles."""
DEMO_DECIDED = _msg(
    "{count} claims decided as of {date} with profile {profile} ({hash}); {failures} invalid "
    "claim(s) skipped"
)
DEMO_SKIPPED = _msg("{count} invalid claim(s) skipped (listed on stderr)")
NEXT_ACTIONS = _msg("Next actions")
COL_READY_NOW = _msg("ready now")
WARNINGS_CAPTION = _msg("warnings: {counts}")

# diff (the profile impact report)
IMPACT_TITLE = _msg("Profile impact as of {date}")
IMPACT_OLD = _msg("old: {profile} {hash}")
IMPACT_NEW = _msg("new: {profile} {hash}")
IMPACT_VALUES = _msg("Profile values changed: {count}")
IMPACT_NONE = _msg("(none)")
IMPACT_CLAIMS = _msg(
    "Claims: {checked} checked, {changed} changed, {errors} errors, {trace_only} with only the "
    "trace changed"
)
IMPACT_ASPECT = _msg("aspect")
IMPACT_CHANGED = _msg("Changed claims:")
IMPACT_RULES = _msg("rules: {rules}")
IMPACT_TRACE_UNCHANGED = _msg("(trace unchanged)")
IMPACT_ERRORS = _msg("Errors: {count}")
IMPACT_ADDED = _msg("{path}: added {value}")
IMPACT_REMOVED = _msg("{path}: removed (was {value})")
ASPECT_WORDS: dict[str, str] = {
    "action": COL_NEXT_ACTION,
    "on": _msg("lawful from"),
    "fee": COL_FEE,
    "balance.principal": m.W_PRINCIPAL,
    "balance.interest": m.W_INTEREST,
    "balance.interest_known_through": _msg("interest counted through"),
    "balance.fees": m.W_FEES,
    "balance.total": TOTAL,
    "deadlines": _msg("deadlines"),
    "warnings": _msg("warnings"),
}
"""The aspects of a decision the profile impact report compares, in a reader's words."""

PROFILE_VALID = _msg("{profile}: valid ({types} claim types, {files} files, hash {hash})")
"""``claimrules validate``'s line for a profile that loads."""

# the law's next cliff (claimrules cliff)
CLIFF_HEAD = _msg(
    "The law's next cliff on {on} (profile {profile}, seen from {as_of}): {affected} of "
    "{decided} claims have a next step or an amount the profile cannot give on that day, "
    "{new} of them new since {as_of}."
)
CLIFF_NONE = _msg(
    "No cliff on {on} (profile {profile}, seen from {as_of}): the profile has every value the "
    "{decided} claims need on that day."
)
CLIFF_VALUE = _msg("{missing}, needed from {date}")
CLIFF_VALUE_UNDATED = _msg("{missing}, needed by {date}")
CLIFF_COUNTS = _msg(
    "{claims} claims ({new} new): the next step of {steps} waits for it, the amount of "
    "{amounts}; they owe at least {total}"
)
CLIFF_COUNTS_ONE = _msg(
    "1 claim ({new} new): the next step of {steps} waits for it, the amount of {amounts}; it "
    "owes at least {total}"
)
CLIFF_CLAIMS = _msg("claims: {ids}")
CLIFF_MORE = _msg("{ids} and {count} more")
CLIFF_LINTER = _msg("the profile linter on {date} (claimrules check {profile} --today {day}):")
CLIFF_ADD = _msg("add the value in force on {date} at {key}, with its source and status")

# the notice letter (claimrules notice; NoticeContent.html)
NOTICE_LETTER: dict[str, str] = {
    "to": CASE_FILE["to"],
    "from": CASE_FILE["from"],
    "date": CASE_FILE["date"],
    "reference": _msg("Our reference"),
    "about": _msg("This letter concerns {claim}, claim {id}, invoiced on {issued}, due on {due}."),
    "owed": _msg("What you owe"),
    "principal": CASE_FILE["principal"],
    "interest": _msg("Late interest to {date}"),
    "fees": _msg("Fees charged earlier"),
    "fee": _msg("Fee for this letter"),
    "total": CASE_FILE["total"],
    "pay_by": _msg("Pay {amount} by {date} at the latest."),
    "rates": _msg("Late interest is counted from {date}: {rates}."),
    "rate": _msg("{rate} % from {date}"),
    "least": _msg(
        "The interest is counted through {date} only; the amount is the least you owe and "
        "will be settled when the rate is published."
    ),
    "objection": _msg(
        "If you believe the claim is wrong, tell us before {date}: we will look at your "
        "objection before we take any further step."
    ),
    "basis": _msg("Sent under"),
    "fill_in": _msg("Fill in before sending:"),
    "not_given": _msg("(not given)"),
}
"""The notice letter's own words, in the reader's language."""

NOTICE_CONSEQUENCES: dict[str, str] = {
    "collection": _msg(
        "If the amount is not paid by the deadline, the claim will be handed to collection, "
        "and further costs may follow."
    ),
    "distraint": _msg(
        "If the amount is not paid by the deadline, collection continues and distraint may be "
        "requested to enforce the claim, without further notice."
    ),
    "transfer": _msg(
        "If the amount is not paid by the deadline, the claim will be transferred to the "
        "public collection authority, which may collect it by set-off, wage withholding or "
        "distraint."
    ),
    "legal_steps": _msg(
        "If the amount is neither paid nor objected to by the deadline, legal collection may "
        "follow, with further costs."
    ),
}
"""What follows if the notice's deadline passes unpaid, by the step's ``consequence``."""

NOTICE_MISSING: dict[str, str] = {
    "creditor.name": CASE_FILE_MISSING["creditor.name"],
    "debtor.name": CASE_FILE_MISSING["debtor.name"],
    "debtor.address": CASE_FILE_MISSING["debtor.address"],
}
"""What a notice letter lacks, in the reader's words."""
