"""The engine's own sentences: reasons, warnings and trace outcomes, as catalogue messages.

Every sentence a decision carries is made from one of the templates below with
:func:`say`, so a decision's English text can be turned back into its template and its
parameters (:func:`parse`) and shown in another language from the gettext catalogues
(``claimrules.text.explain``), also for a decision stored as JSON long ago. The templates are the
``msgid``; placeholders are named. A parameter that is itself such a sentence (a reason inside
a reason) is translated too.

Add a sentence here (never as an f-string in the engine), then extract the catalogues as
``claimrules.text.explain`` describes; ``tests/test_explain.py`` checks that every template is in
the template catalogue and in every language's catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from claimrules.model.filling import fill

__all__ = [
    "EVENT_WORDS",
    "MESSAGE_IDS",
    "SEPARATORS",
    "TEMPLATES",
    "TEMPLATE_OF",
    "Listed",
    "Said",
    "action_words",
    "all_of",
    "either_or",
    "event_words",
    "listed",
    "parse",
    "say",
    "split_list",
]


def _msg(message: str) -> str:
    """Mark ``message`` as a catalogue sentence (the extraction keyword)."""
    return message


class Said(str):
    """One of the engine's sentences: its English text, and the template and values it was
    made from (what a decision carries as its structured message, :func:`claimrules.model.structured.structured`)."""

    template: str
    params: dict[str, object]


class Listed(str):
    """Several of the engine's sentences (or words) joined into one text by ``separator``."""

    items: tuple[str, ...]
    separator: str


def say(template: str, **params: object) -> Said:
    """The English sentence of ``template`` with its placeholders filled, that remembers the
    template and the values (:class:`Said`)."""
    said = Said(fill(template, params))
    said.template = template
    said.params = params
    return said


def listed(items: Sequence[str], separator: str = "; ") -> str:
    """``items`` joined by ``separator``, remembering each (:class:`Listed`); one item is
    itself."""
    if len(items) == 1:
        return items[0]
    joined = Listed(separator.join(items))
    joined.items = tuple(items)
    joined.separator = separator
    return joined


# --- guards: the reason of the decision -----------------------------------------------------

NOTHING_OUTSTANDING = _msg("nothing is outstanding")
OVERPAID = _msg("the debtor has paid {amount} too much")
REFUND_FEE_UNKNOWN = _msg(
    "the payments exceed what is counted by {amount}, but {fees} of fees charged under "
    "unknown law is not counted ({unknown}): whether anything is to be refunded depends on it"
)
REFUND_UNKNOWN = _msg(
    "the payments exceed the claim by {amount} before interest, but {unknown}: whether "
    "anything is to be refunded depends on it"
)
INTEREST_STILL_OWED_UNKNOWN = _msg(
    "the principal and fees are paid, but {unknown}: whether interest is still owed depends on it"
)
INSOLVENCY = _msg("insolvency proceedings opened on {date}; individual collection must stop")
DISPUTED = _msg("the debtor disputes the claim since {date}")
PROCEEDINGS_NOT_PENDING = _msg(
    "proceedings ended on {date}, but none were suspending limitation: nothing changes"
)
AFTER_PROCEEDINGS_UNKNOWN = _msg(
    "the proceedings ended on {date} without a decision, and what is then left of the "
    "interruption is unknown law ({citation}): limitation cannot be computed"
)
AFTER_PROCEEDINGS_LOST = _msg(
    "the proceedings ended on {date} without a decision, withdrawn or through the creditor's "
    "own intent: the interruption is lost, and the period ends as if it had never been "
    "made ({expires})"
)
AFTER_PROCEEDINGS_YEAR = _msg(
    "the proceedings ended on {date} without a decision: their effect lasts until {end} (the "
    "additional period from {anchor}); the period now ends {expires}"
)
PROCEEDINGS_NEXT = _msg(
    "{step} ended on {date} without a decision: {action} before limitation on {until} "
    "keeps the claim"
)
WARN_INSTALMENT_MISSED = _msg(
    "the instalment of {date} was missed: {paid} paid under the plan against {owed} due when "
    "its grace period of {grace} days ended; the plan counts as breached from {breached}"
)
WARN_DEDUCTION_STOPPED = _msg(
    "the wage deduction has brought no payment since {date} ({days} days): {step} ({citation})"
)
MONITOR_UNTIL = _msg(
    "written off on {date}; keep it in long-term monitoring until limitation on {until} and "
    "reassess it before then: a payment, an acknowledgement or a legal step renews the period, "
    "payment in full or limitation ends the monitoring"
)
MONITOR_SUSPENDED = _msg(
    "written off on {date}; keep it in long-term monitoring: limitation is suspended while the "
    "legal proceedings run"
)
MONITOR_ENDS = _msg(
    "written off on {date} and time-barred since {barred}: long-term monitoring can end; "
    "interest and costs lapse with the principal"
)
WARN_RECOVERED = _msg(
    "{amount} received after the write-off on {date} (the last on {last}): book it as income, "
    "a recovered loss"
)
WARN_NO_MOVEMENT = _msg(
    "no payment and no step since {date}, {months} months or more (the threshold for this "
    "claim type): contact the debtor or decide what is to happen to the claim"
)
SMALL_BALANCE = _msg(
    "{amount} is left, below {who}'s small-amount threshold of {below}: no step and no fee "
    "for it; it is still owed"
)
POLICY_WRITE_OFF = _msg(
    "due on {date}, {years} years ago or more, and {basis}: {who}'s write-off policy proposes "
    "writing it off and moving it to long-term monitoring; it is still owed"
)
POLICY_BUT_LAW_ALLOWS = _msg("{reason}; before writing off, note that {step}")
LAW_STILL_ALLOWS = _msg(
    "the law still allows the next step ({action}, lawful from {date}) until limitation on "
    "{until}: {step}"
)
NO_ENFORCEMENT_BASIS = _msg("with no basis for enforcement yet")
ANY_BASIS = _msg("whatever its basis for enforcement")
TIME_BARRED = _msg("time-barred since {date}; interest and costs lapse with the principal")
RESENT_WITHOUT_DUE_DATE = _msg("the invoice re-sent on {date} has no due date")
NOT_DELIVERED = _msg("{reason}; no escalation, fees or interest until it is")
COLLECTED_WITHOUT_NOTICE = _msg("collection without notice: {steps}; it must be unwound")
PLAN_WAIT = _msg("{reason}; waiting for the payment plan to end on {date}")

# --- the ladder -----------------------------------------------------------------------------

LADDER_DONE = _msg("every step of the ladder '{ladder}' has been taken; follow up the last one")
LADDER_NEXT = _msg("next step of '{ladder}': {action}, lawful from {date} ({when})")
DAYS_AFTER = _msg("{days} days after {anchor} {date}")
DEADLINE_PASSED = _msg("after the {days}-day deadline from {anchor} {date} has passed")
NO_SINGLE_ALTERNATIVE = _msg("no single alternative of the ladder matches this claim")
NEEDS_JUDGMENT = _msg("step {action} needs a judgment, and none is recorded")
NEXT_DEPENDS_ON = _msg("which step comes next depends on {unknown}")
EARLIEST_DEPENDS_ON = _msg("the earliest day for {action} depends on {unknown}")
STEP_LAW_REPEALED = _msg("the law that allows it is no longer in force then ({citation})")
STEP_LAW_UNKNOWN = _msg("whether the law still allows it then is unknown law: {where}")
STEP_NOT_LAWFUL = _msg("the next step of '{ladder}' would be {action} from {date}, but {why}")
# TRANSLATORS: {note} is the profile's note on the law of the step, in its words.
STEP_NOT_LAWFUL_NOTE = _msg(
    "the next step of '{ladder}' would be {action} from {date}, but {why} ({note})"
)
PLAN_RUNS = _msg("payment plan runs until {until}; next step waits until {date}")

# --- unknown law ----------------------------------------------------------------------------

UNKNOWN_VALUE = _msg("{what} in force on {date} is unknown law: {where}")
# TRANSLATORS: {where} is a profile value's key and its file and line, as written.
NO_ENTRY = _msg("{where}: no entry in force on {date}")
NO_ENTRY_SINCE = _msg(
    "{where}: no entry in force on {date} (the one from {start} was in force through {through})"
)
NO_ENTRY_RENEWED = _msg(
    "{where}: no entry in force on {date} (the one from {start} was in force through "
    "{through}, a {renewal} value)"
)
RENEWAL_WORDS = {"half_yearly": _msg("half-yearly"), "yearly": _msg("yearly")}
"""How often a dated value is renewed, in words."""
INTEREST_KNOWN_THROUGH = _msg(
    "interest counted through {date} only, so the balance is the least owed: {unknown}"
)
INTEREST_COUNTED_THROUGH = _msg("interest counted through {date} only: {unknown}")
FEE_NOT_CHARGED = _msg(
    "no fee with this {action}: {why}; nothing is charged on law nobody could find"
)
FEE_IF_SENT = _msg("fee if sent on {date}: {amount} ({why})")
RECORDED_FEE_UNKNOWN = _msg(
    "{notice} of {date} charged {amount}: not counted as owed, since {unknown}"
)
RECORDED_FEE_PART_UNKNOWN = _msg(
    "{notice} of {date} charged {amount}: only {known} counted as owed, since {unknown}"
)

# --- warnings -------------------------------------------------------------------------------

WARN_WITHOUT_NOTICE = _msg(
    "{step} was taken with no proof that the debtor had been given the invoice; unwind it "
    "(record an 'unwound' event) and give the debtor the invoice"
)
WARN_FEE_OVER_CAP = _msg("{notice} of {date} charged {charged}, lawful {lawful}: {why}")
WARN_COST = _msg(
    "{fee} on {date} is {cost} ({how}), {percent} % of the {owed} the claim owes: more than "
    "the {share} % the collection policy accepts; weigh the step's cost against what it may "
    "recover"
)
WARN_COST_FLAT = _msg(
    "{fee} on {date} is {cost}, {percent} % of the {owed} the claim owes: more than the "
    "{share} % the collection policy accepts; weigh the step's cost against what it may recover"
)
TRACE_COST = _msg("{fee} on {date}: {cost}, {percent} % of the {owed} the claim owes")
TRACE_COST_UNKNOWN = _msg(
    "the step's cost is not compared with what the claim owes: it depends on {unknown}"
)
WARN_LIMITATION = _msg("limitation expires on {date} ({days} days); to interrupt it: {step}")
WARN_LIEN = _msg("{lien} lapses after {date} ({days} days); {step}")
WARN_AFTER_SETTLEMENT = _msg(
    "the {step} of {date} was taken after the claim was settled{when}: it is not a lawful "
    "step and counts neither as a step nor as a debt{fee}; withdraw it"
)
SETTLED_ON = _msg(" on {date}")
FEE_NOT_OWED = _msg("; the fee of {amount} charged with it is not owed")
WARN_DUE_DATE_RULE = _msg(
    "due date {due} is earlier than {who}'s own rule allows ({earliest}); fees, interest and "
    "steps are counted from {earliest}"
)

# --- trace ----------------------------------------------------------------------------------

TRACE_CLAIM_TYPE = _msg("{title}: basis {basis}, ladder {ladder_id}")
TRACE_NO_INTEREST = _msg("no interest: {why}")
NO_INTEREST_TYPE = _msg("the claim type bears no interest")
NO_INTEREST_WAIVED = _msg("the municipality claims none")
NO_INTEREST_UNDELIVERED = _msg("no proof the debtor got the invoice")
NO_FEE_UNDELIVERED = _msg("no proof the debtor was given the invoice")
NO_FEE_RETURNED = _msg("the notice did not reach the debtor: no fee is owed for it")
NO_INTEREST_NO_DEMAND = _msg("no written demand yet (interest runs only after a demand)")
TRACE_INTEREST = _msg("from {date}, {how}: {pieces} → {amount}")
TRACE_INTEREST_LAPSED = _msg("{amount} of unpaid interest is time-barred on its own")
TRACE_VOID_STEP = _msg("{step} of {date}: void, nothing was outstanding")
TRACE_FEE_RECORDED = _msg("{date}: charged {charged}, counted {counted}")
TRACE_FEE_RECORDED_WHY = _msg("{date}: charged {charged}, counted {counted} ({why})")
HOW_DAILY = _msg("{daycount}, simple, rounded once")
HOW_MONTHLY = _msg("per started month, rounded once")
PIECE_DAYS = _msg("{first}–{last}: {days} days at {rate} %")
PIECE_MONTH = _msg("{first}–{last}: {days} month at {rate} %")
TRACE_LIEN_PRESERVED = _msg("{lien} preserved by a step on {date} (would have lapsed {lapse})")
TRACE_LIEN_LAPSED = _msg("{lien} lapsed on {date}; the claim itself survives")
TRACE_LIEN_RUNS = _msg("{lien} lapses after {date} unless: {step}")
TRACE_WAIVED = _msg("{who} claims no late interest")
TRACE_REFERRED = _msg(
    "referred to collection on {date}: {regime} runs through that day, {after} from {start}"
)
TRACE_DEMAND = _msg("written demand {date}; interest runs from {start}")
TRACE_DUE_MOVED = _msg("due date moved from {due} to {earliest}")
TRACE_DUE_KEPT = _msg("due date {due} respects the local rule (earliest {earliest})")
PRESERVE_BY = _msg("{action} ({ways}), or a written acknowledgement from the debtor")
EITHER_OR = _msg("{ways} or {way}")
BOTH_AND = _msg("{items} and {item}")
PRESERVE_ANY = _msg("a written acknowledgement from the debtor, or a legal step")

# --- delivery -----------------------------------------------------------------------------

NO_INVOICE_RECORD = _msg("no record that the invoice was sent")
INVOICE_SENT_PROOF = _msg("invoice sent by {channel} on {date} (proof for this channel)")
INVOICE_HANDED = _msg(
    "invoice handed to {channel} on {date}, but this channel needs proof: {needs}"
)
ANY_CHANNEL = _msg("a channel the profile accepts")
INVOICE_DISPATCHED = _msg("invoice dispatched by {channel} on {date}")
INVOICE_DELIVERED = _msg("invoice delivered by {channel} on {date}")
DELIVERY_FAILED = _msg("delivery failed on {date}: {why}")
DEBIT_FAILED = _msg(
    "the creditor failed to draw the agreed direct debit on {date}; a fresh demand with a new "
    "due date must reach the debtor first"
)
EFFECTIVE_DUE = _msg("{reason}; effective due date {date}")
STEP_ON = _msg("{step} on {date}")

# --- fees -----------------------------------------------------------------------------------

FEE_NONE_FOR_KIND = _msg("{regime} allows no fee for a {kind}")
FEE_LOCAL_NONE = _msg("{who} charges no {kind} fee (local rule)")
FEE_TOO_EARLY = _msg("no fee before {date} ({days} days after the due date {due})")
FEE_LOCAL_AMOUNT = _msg("{who} charges {amount} (local rule)")
FEE_COMPENSATION = _msg("plus the fixed compensation {amount} (once per claim, {debtor} debtor)")
FEE_COMPENSATION_INSTEAD = _msg(
    "with the fixed compensation {amount} for a business debtor, which the collection costs "
    "are deducted from: {total} charged"
)
FEE_COMPENSATION_COVERS = _msg(
    "covered by the fixed compensation {amount} already claimed, beyond which {charged} is charged"
)
FEE_COMPENSATION_UNKNOWN = _msg(
    "without the fixed compensation for a {debtor} debtor, whose amount is unknown law"
)
GAP_COMPENSATION = _msg("the fixed compensation for recovery costs")
FEE_PART_UNKNOWN = _msg(
    "{action}: only the known part of the fee is charged, since {why}; nothing is charged on "
    "law nobody could find"
)
FEE_COUNT_REACHED = _msg("already {count} fee-bearing notices; at most {most} per claim")
FEE_NO_LONG_SEQUENCE = _msg(
    "already {count} fee-bearing notices; no allowed sequence has more than {most} ({allowed})"
)
FEE_SEQUENCE = _msg("fees for {kinds} do not follow an allowed sequence ({allowed})")
FEE_NEEDS_EARLIER = _msg(
    "a {kind} fee needs an earlier reminder or notice whose deadline has passed"
)
FEE_APART = _msg("notices carry a fee only when at least {days} days apart")
FEE_DEADLINE_GIVEN = _msg("the {notice} of {date} gave {days} days to pay")
FEE_FURTHER_FROM = _msg("{why}; a further fee only from {date}")
FEE_CAP_FRACTION = _msg("cap {cap} = {fraction} × fee base {base} in force on {date}{detail}")
FEE_CAP_ROUNDED = _msg(" ({exact} rounded half-up to a multiple of {step})")
FEE_CAP_BY_DUE = _msg(" (fraction by due date {due})")
FEE_CAP_AMOUNT = _msg("cap {cap} in force on {date}")

# --- limitation -----------------------------------------------------------------------------

LIMITATION_FROM_DUE = _msg("runs from the due date {date}")
LIMITATION_PERIOD = _msg("{years} years from {date} → {end}")
DEADLINE_ROLLED = _msg("{on} ({nominal} is not a business day, rolled)")
DEADLINE_CLAMPED = _msg("{on} (no such day in the month, convention applied)")
DEADLINE_CLAMPED_ROLLED = _msg(
    "{on} (no such day in the month, convention applied; {nominal} is not a business day, rolled)"
)
LIMITATION_PERIOD_UNKNOWN = _msg("limitation period '{name}' on {date} is not known")
LIEN_PERIOD_UNKNOWN = _msg("lien lapse period for '{name}' is not known")
LIEN_DAY_UNKNOWN = _msg("the day {lien} lapses is not known: {unknown}")
LIMITATION_ENDS_BETWEEN = _msg(
    "{years} years from {date} ends between {first} and {last}: {unknown} ({citation})"
)
LIMITATION_EFFECT_UNKNOWN = _msg(
    "what {event} on {date} does to the limitation period is not known law ({citation})"
)
LIMITATION_NOT_NEEDED_YET = _msg("not needed yet: {doubts}")
LIMITATION_BARRED_EITHER_WAY = _msg("time-barred either way: {doubts}")
LIMITATION_MAY_BE_BARRED = _msg(
    "the claim may be time-barred since {date}, but that depends on law that is not known: {doubts}"
)
CALENDAR_NO_SUCH_DAY = _msg("the month has no such day, and the rule for that case is not known")
CALENDAR_WEEKEND_MAY_MOVE = _msg(
    "{date} is not a working day ({weekday}) and whether it moves is not known"
)
CALENDAR_HOLIDAY_MAY_MOVE = _msg(
    "{date} is not a working day ({holiday}) and whether it moves is not known"
)
LIMITATION_TOO_LATE = _msg(
    "{event} on {date} came after the claim was time-barred on {expired}; it does not revive "
    "the claim"
)
LIMITATION_SUSPENDS = _msg(
    "{event} on {date} interrupts; no new period runs while the case is pursued"
)
LIMITATION_INTERRUPTS = _msg("{event} on {date} interrupts; a new {period} period starts")
LIMITATION_FLOOR = _msg(
    "under collection since {date}: the period runs at the earliest from {earliest}"
)
LIMITATION_SHARED = _msg("from {date} interest shares the principal's limitation date")
LIMITATION_LATER_INTEREST = _msg(
    "interest for {first}–{last} fell due more than {years} years ago and lapses on its own "
    "(unless paid)"
)

# --- what is unknown ------------------------------------------------------------------------

GAP_RATE = _msg("the rate of {regime}")
GAP_PARAMETER = _msg("the parameter '{name}'")
GAP_FEE_CAP = _msg("the {kind} fee cap")
GAP_FEE_EARLIEST = _msg("the earliest day for a {kind} fee")
GAP_FEE_COUNT = _msg("the maximum fee count")
GAP_FEE_SEQUENCES = _msg("the allowed fee sequences")
GAP_NOTICE_DEADLINE = _msg("the notice deadline")
GAP_DEMAND_DAYS = _msg("the days after a written demand before interest runs")
NO_KNOWN_RATE = _msg("no known late-payment interest rate ({regime}) in force on {date}")
NO_KNOWN_MONTH_RATE = _msg("no known interest rate ({regime}) for the month from {date}")
NOT_KNOWN = _msg("{what} is not known")
SPLIT_UNKNOWN = _msg(
    "the {kind} of {amount} on {date} is more than the {parts} known so far, and {unknown}: how "
    "much of it covered interest, and so what is left of the claim, depends on that rate"
)
CREDIT_NOTE = _msg("{date}: credit note {amount} reduced the principal")
ALLOCATION = _msg("{date}: {kind} {amount} covered {parts}")
PART_TO = _msg("{amount} to {part}")
PART_DESIGNATED = _msg("{amount} to {part}, as the debtor designated")
NOTICE_FAILED = _msg(
    "the {notice} of {date} did not reach the debtor ({returned}): send it again; the next step "
    "counts from the new one"
)
NOTICE_UNPROVEN = _msg(
    "there is no proof that the {notice} of {date} {required}, which {who}'s own rules "
    "require before the next step: send it again, or record the proof"
)
NOTICE_PROOF_DISPATCHED = _msg("left (a dispatch confirmation or a delivery receipt)")
NOTICE_PROOF_DELIVERED = _msg("reached the debtor (a delivery receipt)")
OFFSET_NOT_DELIVERED = _msg("not due: the invoice is not shown to have reached the debtor")
OFFSET_NOT_DUE = _msg("not due until {date}")
OFFSET_TIME_BARRED = _msg("time-barred")
OFFSET_INSOLVENCY = _msg("insolvency proceedings opened on {date}")
OFFSET_DISPUTED = _msg("the debtor disputes it since {date}")
OFFSET_NOT_ALLOWED = _msg("the law does not allow set-off here ({citation})")
OFFSET_UNKNOWN = _msg("whether set-off is lawful is unknown law ({citation})")
OFFSET_NOT_IN_PROFILE = _msg("the profile does not say whether set-off is lawful")
DESIGNATION_UNKNOWN = _msg(
    "the debtor designated the payment of {amount} on {date} to the {part}, and whether that "
    "binds the creditor is unknown law ({citation}): what is left of the principal depends on it"
)
PART_OVERPAID = _msg("{amount} overpaid")
W_FEES = _msg("fees")
W_INTEREST = _msg("interest")
W_PRINCIPAL = _msg("principal")

# --- words that stand in the sentences ------------------------------------------------------

W_NOTHING = _msg("nothing")
W_REFUND = _msg("refund")
W_RESEND = _msg("resend invoice")
W_SET_OFF = _msg("set off")
W_MANUAL_REVIEW = _msg("manual review")
W_WRITE_OFF = _msg("write off")
W_MONITOR = _msg("monitor")
W_SEND_REMINDER = _msg("send reminder")
W_SEND_NOTICE = _msg("send collection notice")
W_SEND_DEMAND = _msg("send payment demand")
W_REFER = _msg("refer to collection")
W_COMPLAINT = _msg("file conciliation complaint")
W_LAWSUIT = _msg("file lawsuit")
W_DISTRAINT = _msg("request distraint")
W_WAGE = _msg("request wage deduction")
W_TERMINATE = _msg("terminate service")
W_REMINDER = _msg("reminder")
W_NOTICE = _msg("collection notice")
W_NOTICE_KIND = _msg("collection_notice")
W_DEMAND = _msg("payment demand")
W_DEMAND_KIND = _msg("payment_demand")
W_REFERRAL = _msg("referral to collection")
W_TERMINATION = _msg("termination of the service")
W_DUE_DATE = _msg("due date")
W_PREVIOUS_STEP = _msg("previous step")
W_JUDGMENT = _msg("judgment")
W_ACKNOWLEDGED = _msg("acknowledged")
W_PAYMENT = _msg("payment")
W_OFFSET = _msg("offset")
W_PERSON = _msg("person")
W_BUSINESS = _msg("business")
W_PAYMENT_PLAN = _msg("payment_plan")
W_MUNICIPALITY = _msg("the municipality")
W_SATURDAY = _msg("Saturday")
W_SUNDAY = _msg("Sunday")

# --- the events that interrupt limitation, in a case handler's words ------------------------

EVENT_WORDS = {
    "legal_step.conciliation_complaint": _msg("a complaint to the conciliation board"),
    "legal_step.lawsuit": _msg("a lawsuit"),
    "legal_step.distraint_petition": _msg("a petition for distraint"),
    "legal_step.distraint_held": _msg("distraint proceedings held"),
    "legal_step.wage_deduction": _msg("a wage deduction order"),
    "legal_step.forced_sale_petition": _msg("a request for forced sale"),
    "judgment": _msg("a judgment"),
    "acknowledged": _msg("an acknowledgement"),
    "payment": _msg("a payment"),
    "payment_plan": _msg("a payment plan"),
    "offset": _msg("a set-off"),
    "referred_to_collection": _msg("a referral to collection"),
    "invoice_sent": _msg("a record that the invoice was sent (invoice_sent)"),
    "invoice_dispatched": _msg("a dispatch record from the mail provider (invoice_dispatched)"),
    "invoice_delivered": _msg("a delivery receipt (invoice_delivered)"),
}
"""The profile's name of an event (``legal_step.<step>`` or an event kind) in plain words."""


def event_words(ref: str) -> str:
    """``ref`` (an event's name in the profile) in the words a case handler uses."""
    return EVENT_WORDS.get(ref, ref.replace("_", " "))


def action_words(action: str) -> str:
    """An action's name (``send_reminder``) as the words the sentences use (``send reminder``):
    each has its catalogue entry."""
    return (
        "nothing"
        if action == "none"
        else "set off"
        if action == "offset"
        else (action.replace("_", " "))
    )


def all_of(words: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(words) == 1:
        return words[0]
    return say(BOTH_AND, items=listed(words[:-1], ", "), item=words[-1])


def either_or(words: Sequence[str]) -> str:
    """``a``, ``a or b``, ``a, b or c``."""
    if len(words) == 1:
        return words[0]
    return say(EITHER_OR, ways=listed(words[:-1], ", "), way=words[-1])


TEMPLATES: tuple[str, ...] = tuple(
    value for name, value in list(globals().items()) if name.isupper() and isinstance(value, str)
) + tuple(EVENT_WORDS.values())
"""Every sentence above (the catalogue's engine part)."""

MESSAGE_IDS: dict[str, str] = {
    value: name
    for name, value in reversed(list(globals().items()))
    if name.isupper() and isinstance(value, str) and not name.startswith("_")
}
"""Each template's id: the name it has here (``OVERPAID``); the first name where two share a
text."""
TEMPLATE_OF: dict[str, str] = {name: value for value, name in MESSAGE_IDS.items()}
"""Each id's template (the English ``msgid`` of the catalogues)."""


_FIELD = re.compile(r"\{(\w+)\}")
_DAY = r"\d{4}-\d{2}-\d{2}"
_KINDS = {
    **dict.fromkeys(
        (
            "date",
            "until",
            "start",
            "due",
            "earliest",
            "expired",
            "first",
            "last",
            "lapse",
            "on",
            "nominal",
        ),
        _DAY,
    ),
    **dict.fromkeys(
        ("amount", "charged", "lawful", "counted", "cap", "base", "exact", "rate"), r"-?\d[\d.]*"
    ),
    **dict.fromkeys(("days", "years", "count", "most"), r"-?\d+"),
    "detail": ".*?",  # an optional addition, empty when there is nothing to add
    # a citation may hold brackets of its own, always balanced (one level deep)
    "citation": r"[^()]*(?:\([^()]*\)[^()]*)*",
    # so may a profile's note: in "{why} ({note})" the note is the bracket that closes the
    # sentence, never a file position inside the why ("ladders.yaml:59) (The 1988 act ...");
    # and it is words (a space before any bracket of its own), never a file position itself
    "note": r"(?=[^()]*\s)[^()]*(?:\([^()]*\)[^()]*)*",
}
"""Placeholders whose values have a fixed form (a day, an amount, a number): matching them
only to such text keeps the parse of a sentence unambiguous."""

KEPT = frozenset(
    {
        "daycount",
        "holiday",
        "ladder_id",
        "regime",
        "after",
        "lien",
        "who",
        "citation",
        "where",
        "basis",
        "channel",
        "name",
        "allowed",
        "kinds",
        "fraction",
        "period",
        "returned",
    }
)
"""Placeholders whose values are names from the profile, citations or computed text: shown as
they are, never translated as sentences."""

WORDING = frozenset({"note"})
"""Placeholders whose values are a profile's own wording (a note on the law of a step): never
one of the engine's sentences, so reading a text counts them as explained by being there; they
are translated from the profile wording of the catalogues where it has them."""


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts: list[str] = []
    position = 0
    seen: set[str] = set()
    for found in _FIELD.finditer(template):
        parts.append(re.escape(template[position : found.start()]))
        name = found.group(1)
        form = _KINDS.get(name, ".+?")
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{form})")
        seen.add(name)
        position = found.end()
    parts.append(re.escape(template[position:]))
    return re.compile("^" + "".join(parts) + "$", re.S)


@cache
def _anchors(template: str) -> int:
    """Literal characters at the template's start and end (a tie-breaker)."""
    pieces = _FIELD.split(template)
    return len(pieces[0]) + (len(pieces[-1]) if len(pieces) > 1 else 0)


def _readable(name: str, value: str) -> bool:
    return name not in KEPT and any(char.isalpha() for char in value)


SEPARATORS = ("; ", ", ")
"""How the engine joins several sentences into one text (reasons, allocations)."""


def split_list(text: str, separator: str) -> list[str]:
    """``text`` split at each ``separator`` that is not inside brackets (a citation such as
    ``(lov nr. 274; Danske Lov 5-14-4)`` stays whole)."""
    pieces: list[str] = []
    depth = start = position = 0
    while position < len(text):
        char = text[position]
        if char in "([<":
            depth += 1
        elif char in ")]>" and depth:
            depth -= 1
        elif depth == 0 and text.startswith(separator, position):
            pieces.append(text[start:position])
            position += len(separator)
            start = position
            continue
        position += 1
    pieces.append(text[start:])
    return pieces


_Reading = tuple[int, int, int, str | None, tuple[tuple[str, str], ...]]
"""A way to read a text: how many of its characters it explains, how many of those are the
templates' own words, the template's own characters at its ends, then the template
(``None``: a list of sentences) and its parameters."""


@cache
def _best(text: str, depth: int = 0) -> _Reading | None:
    """The reading of ``text`` that explains most of its characters (a template's own words,
    the values of its data parameters such as dates, amounts, names and citations, and,
    recursively, the sentences inside its other parameters; or the text as a list of such
    sentences). Of readings that explain as much, the one made more of the templates' own words
    wins (a name never swallows a sentence), then the one anchored by them at both ends."""
    if depth > 8:
        return None
    best: _Reading | None = None
    for template in TEMPLATES:
        found = _pattern(template).match(text)
        if found is None:
            continue
        words = explained = len(_FIELD.sub("", template))
        for name, value in found.groupdict().items():
            if name in WORDING:
                explained += len(value)  # the profile's own words: explained by being there
            elif _readable(name, value):
                inner = _best(value, depth + 1)
                if inner is not None:
                    explained += inner[0]
                    words += inner[1]
            else:
                explained += len(value)
        score = (explained, words, _anchors(template))
        if best is None or score > best[:3]:
            best = (*score, template, tuple(found.groupdict().items()))
    for separator in SEPARATORS:
        pieces = split_list(text, separator)
        if len(pieces) < 2:
            continue
        readings = [r for r in (_best(piece, depth + 1) for piece in pieces) if r is not None]
        joints = len(separator) * (len(pieces) - 1)
        explained = joints + sum(r[0] for r in readings)
        words = joints + sum(r[1] for r in readings)
        if best is None or (explained, words) > best[:2]:
            best = (explained, words, 0, None, ())
    return best


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """The template and parameters ``text`` was made from, or ``None``: text that is not one of
    the engine's sentences (a profile's own wording), or a list of sentences (split it with
    :func:`split_list` at one of :data:`SEPARATORS` and parse each). Where several readings fit,
    the one that explains most of the text wins (see ``_best``)."""
    found = _best(text)
    if found is None or found[3] is None:
        return None  # no template fits, or the text is a list of sentences (``split_list``)
    return found[3], dict(found[4])
