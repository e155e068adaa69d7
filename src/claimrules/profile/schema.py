"""The schema of a rule profile: pydantic models of the YAML, with unknown keys forbidden.

A profile directory holds YAML files whose top-level keys are the sections below (one section may
live in one file only). ``claimrules schema`` writes this schema as JSON Schema for editors.
Conditions and references form a closed vocabulary: nothing in a profile is ever run as code.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from claimrules.profile.values import Param, Ratio, Source, Status, Strict

__all__ = [
    "ACTIONS",
    "EVENT_REFS",
    "ClaimTypeSpec",
    "ProfileSpec",
    "Step",
    "StepChoice",
]

Action = Literal[
    "none",
    "refund",
    "resend_invoice",
    "send_reminder",
    "send_collection_notice",
    "send_payment_demand",
    "refer_to_collection",
    "file_conciliation_complaint",
    "file_lawsuit",
    "request_distraint",
    "request_wage_deduction",
    "offset",
    "terminate_service",
    "manual_review",
    "write_off",
    "monitor",
]
ACTIONS: tuple[str, ...] = Action.__args__  # type: ignore[attr-defined]

EventRef = Literal[
    "invoice_sent",
    "invoice_dispatched",
    "invoice_delivered",
    "payment",
    "offset",
    "credit",
    "reminder_sent",
    "collection_notice_sent",
    "payment_demand_sent",
    "referred_to_collection",
    "acknowledged",
    "payment_plan",
    "judgment",
    "service_terminated",
    "legal_step.conciliation_complaint",
    "legal_step.lawsuit",
    "legal_step.distraint_petition",
    "legal_step.distraint_held",
    "legal_step.wage_deduction",
    "legal_step.forced_sale_petition",
]
"""Events a profile may refer to: an event ``kind``, or ``legal_step.<step>``."""
EVENT_REFS: tuple[str, ...] = EventRef.__args__  # type: ignore[attr-defined]

FeeKind = Literal["reminder", "collection_notice", "payment_demand", "referral"]
"""What a fee is charged for: a notice, or (``referral``) handing the claim to a collector."""
Channel = Literal["post", "digital_mailbox", "email", "e_invoice"]
Basis = Literal["public_law_lien", "public_law", "contract", "debt_instrument", "lease"]


class Cited(Strict):
    """A rule that is not a number but still comes from law (or is a stated convention)."""

    status: Status
    source: Source
    note: str | None = None


class ProfileMeta(Strict):
    """Identity of the profile."""

    id: str = Field(pattern=r"^[a-z]{2}(/[a-z0-9_-]+)*$", description="e.g. 'no' or 'no/orkdal'")
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 country code")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 currency code")
    locale: str = Field(description="Babel locale for amounts and dates, e.g. nb_NO")
    extends: str | None = Field(default=None, description="Base profile id for an overlay")
    last_verified_on: date | None = Field(
        default=None, description="When a lawyer last checked the whole profile against the law"
    )
    description: str | None = None


# --- calendar -------------------------------------------------------------------------------


class Convention(Cited):
    """How a deadline is computed: what to do with a missing day, and how to roll a non-workday.

    ``missing_day``: when ``N`` months or years after a date has no such day (31 April, 29 Feb):
    ``last_day_of_month``, ``first_day_of_next_month`` or ``abort`` (refuse to guess).
    ``roll``: a deadline on a weekend or holiday moves to the ``next_business_day``, the
    ``previous_business_day``, or stays (``none``). ``unknown`` (for either) says the law was not
    found: a deadline that needs the rule is not computed, and the decision goes to manual review.
    """

    missing_day: Literal["last_day_of_month", "first_day_of_next_month", "abort", "unknown"]
    roll: Literal["none", "next_business_day", "previous_business_day", "unknown"]


class HolidayCalendar(Cited):
    """Public holidays come from the ``holidays`` package for ``country`` (and subdivision)."""

    country: str = Field(pattern=r"^[A-Z]{2}$")
    subdivision: str | None = None


class ExtraDay(Cited):
    """A yearly non-working day the law adds to the public holidays (e.g. 5 June in Denmark)."""

    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    name: str


class CalendarSpec(Strict):
    """Business days and the named deadline conventions."""

    holidays: HolidayCalendar
    extra_non_working_days: list[ExtraDay] = []
    conventions: dict[str, Convention]


# --- limitation and liens ---------------------------------------------------------------------


class Interruption(Cited):
    """What an event does to a running limitation period, when taken before it expires.

    ``new_period``: a new period starts on the event's date; ``period`` names its length
    (``same`` = the period the claim had). ``suspend``: the period stops running while the
    proceedings last; a later event with ``new_period`` (e.g. the judgment) starts the next one.
    """

    effect: Literal["new_period", "suspend"]
    period: str = "same"


class LaterInterest(Cited):
    """Interest falling due after a long-period basis (a judgment) keeps the short period.

    After an event in ``after`` (e.g. the judgment that gives 10 years), each day's interest
    becomes time-barred ``period`` after it fell due unless a later interruption covers it.
    From an event in ``shared_after`` (e.g. transfer to public collection) the interest shares
    the principal's limitation date instead.
    """

    period: str
    after: list[EventRef] = Field(min_length=1)
    shared_after: list[EventRef] = []


class LimitationFloor(Cited):
    """A statutory earliest start: after ``event`` (if the claim was still open on or after
    ``open_on_or_after``) the period runs at the earliest from ``earliest_start``."""

    event: EventRef
    open_on_or_after: date
    earliest_start: date


class LimitationSpec(Strict):
    """Limitation (foreldelse / forældelse) of the claim."""

    start: Cited = Field(description="The period runs from the due date")
    periods: dict[str, Param[int]] = Field(description="Named period lengths in years")
    interruptions: dict[EventRef, Interruption]
    accessory_interest: Cited = Field(
        description="Interest and costs become time-barred with the principal"
    )
    convention: str = Field(description="Name of the calendar convention for the end date")
    later_interest: LaterInterest | None = None
    floor: LimitationFloor | None = None


class LienSpec(Strict):
    """A lien securing the claim, which lapses unless enforcement is requested in time."""

    title: str
    lapse_years: Param[int]
    preserved_by: list[EventRef] = Field(min_length=1)
    preserve_step: str = Field(description="The step that preserves the lien, in plain words")
    convention: str


# --- interest ---------------------------------------------------------------------------------


class InterestMethod(Cited):
    """The computing conventions of a daily rate, stated because the statute is silent on them.

    ``day_count``: ``ACT/365F`` (actual days / 365), ``ACT/ACT`` (actual days / days in that
    year) or ``30E/360`` (every month 30 days, the 31st counts as the 30th; year 360 days).
    """

    first_day: Literal["day_after_due"]
    last_day: Literal["as_of_inclusive"]
    day_count: Literal["ACT/365F", "ACT/ACT", "30E/360"]
    compounding: Literal["simple"]
    rounding: Literal["half_up_once"]
    base: Literal["principal"]


class DailyInterest(Strict):
    """An annual rate accruing day by day: either one ``rate`` table, or a ``reference`` rate
    plus a ``margin`` (the margin picked on the claim's due date or on each interest day)."""

    kind: Literal["daily"]
    title: str
    rate: Param[Decimal] | None = Field(default=None, description="Annual rate in percent")
    reference: Param[Decimal] | None = Field(
        default=None, description="Reference rate in percent (fixed per period)"
    )
    margin: Param[Decimal] | None = Field(
        default=None, description="Points added to the reference rate"
    )
    margin_date: Literal["due_date", "interest_day"] = Field(
        default="interest_day",
        description="due_date: a transition rule keeps the margin in force when the claim fell due",
    )
    demand_days: Param[int] | None = Field(
        default=None,
        description="Without a fixed due date: interest starts this many days after a demand",
    )
    starts: Literal["due_date", "first_of_month_after_referral"] = "due_date"
    creditor_delay: Cited = Field(description="No interest for a delay the creditor caused")
    method: InterestMethod


class MonthlyMethod(Cited):
    """How a per-started-month rate is counted.

    ``from_day_after_due``: the first month starts on the day after the due date (the first day
    the claim is late), each later month on the same day of a following month (the month's last
    day when it has no such day). A month counts once it has started with principal unpaid, on
    the principal outstanding when it starts.
    """

    months: Literal["from_day_after_due"]
    rounding: Literal["half_up_once"]
    base: Literal["principal"]


class MonthlyInterest(Strict):
    """A rate in percent of the principal for each started month (Danish gebyrloven § 3)."""

    kind: Literal["per_started_month"]
    title: str
    rate: Param[Decimal] = Field(description="Percent of the principal per started month")
    creditor_delay: Cited
    method: MonthlyMethod


InterestSpec = Annotated[DailyInterest | MonthlyInterest, Field(discriminator="kind")]
"""One interest regime of a profile; a claim type names the regime it bears."""


# --- fees -------------------------------------------------------------------------------------


class NoticeFee(Strict):
    """The most a notice of one kind may cost: a fraction of the fee base or a fixed amount."""

    fraction: Param[Ratio] | None = None
    amount: Param[Decimal] | None = None
    min_days_after_due: Param[int]
    needs_expired_deadline: bool = Field(
        default=False,
        description="The fee needs an earlier fee-bearing notice whose deadline has passed",
    )


class FractionDate(Cited):
    """Which date picks the dated fee fraction: the notice's sending day or the claim's due date
    (a transition rule may keep old fractions for claims that fell due before a change)."""

    by: Literal["sent_on", "due_date"]


class Compensation(Strict):
    """A fixed compensation the creditor may add once per claim (e.g. DKK 310 between
    businesses), claimed with the first fee-bearing notice; no value in force = none."""

    amount: Param[Decimal]
    debtor_kind: Literal["person", "business"]


class FeesSpec(Strict):
    """One fee regime: amounts, count, spacing and allowed sequences of fee-bearing notices.

    ``spacing``: ``after_deadline`` (a further fee only after the previous notice's
    ``deadline_days`` have run out), ``apart`` (notices at least ``deadline_days`` apart), or
    ``none`` (the statute sets no spacing). Leave ``max_count`` or ``sequences`` out only when the
    statute sets no such limit; say so in ``source.note``.
    """

    title: str
    source: Source
    status: Status
    fraction_date: FractionDate | None = None
    base: Param[Decimal] | None = Field(default=None, description="Fee base, e.g. inkassosatsen")
    notices: dict[FeeKind, NoticeFee]
    spacing: Literal["after_deadline", "apart", "none"] = "after_deadline"
    deadline_days: Param[int] | None = Field(
        default=None,
        description="A fee-bearing notice's payment deadline, or the least days between notices",
    )
    max_count: Param[int] | None = None
    sequences: Param[list[list[FeeKind]]] | None = Field(
        default=None,
        description="Allowed orders of fee-bearing notices; a history must follow one of them",
    )
    compensation: Compensation | None = None


# --- delivery, allocation, warnings, local ------------------------------------------------------


class DeliverySpec(Cited):
    """Per channel, which events prove the debtor was given the invoice."""

    evidence: dict[
        Channel, list[Literal["invoice_sent", "invoice_dispatched", "invoice_delivered"]]
    ]
    audit_after_days: int = Field(
        ge=0,
        description="The dispatch audit reports an invoice with no proof this long after issue",
    )


class AllocationSpec(Cited):
    """Order in which a payment, credit or offset covers the claim's parts."""

    order: list[Literal["fees", "interest", "principal"]]


class WarningsSpec(Strict):
    """How far ahead to warn (policy, not law)."""

    limitation_horizon_days: int = Field(ge=0)
    lien_horizon_days: int = Field(ge=0)


class DueDateRule(Strict):
    """A local rule for due dates: day ``day_of_month`` of the month ``months_after_issue`` on."""

    months_after_issue: int = Field(ge=0, le=12)
    day_of_month: int = Field(ge=1, le=28)


class LocalFee(Strict):
    """What a municipality charges for a notice; never more than the national cap."""

    amount: Decimal = Field(ge=0)


class LocalSpec(Strict):
    """A municipality's own rules, set by an overlay.

    ``waive_interest``: the municipality claims no late interest (always lawful; useful where
    the national interest rule is unknown law).
    """

    municipality: str | None = None
    source: Source | None = None
    due_date_rule: DueDateRule | None = None
    fees: dict[FeeKind, LocalFee] = {}
    waive_interest: bool = False


# --- ladders and claim types ----------------------------------------------------------------------


class NotBefore(Strict):
    """Earliest date of a step: ``days`` after an anchor (a number or a parameter name).

    With ``deadline_expired`` the step is lawful the day *after* the deadline ends, i.e.
    ``anchor + days + 1``.
    """

    after: Literal["due_date", "previous_step", "judgment"]
    days: int | str = 0
    deadline_expired: bool = False


class Condition(Strict):
    """When a step applies; every condition given must hold."""

    principal_below: str | None = Field(default=None, description="A money parameter name")
    principal_at_least: str | None = Field(default=None, description="A money parameter name")
    debtor_kind: Literal["person", "business"] | None = None


class WarningText(Strict):
    """A warning the step always carries."""

    code: str
    message: str


class Step(Strict):
    """One step of a ladder: the action, the events that show it was taken, its earliest date."""

    action: Action
    taken_by: list[EventRef] = []
    not_before: NotBefore
    fee: FeeKind | None = None
    when: Condition | None = None
    reason: str | None = None
    warning: WarningText | None = None
    status: Status
    source: Source
    note: str | None = None


class StepChoice(Strict):
    """Alternatives at one position; exactly one must match a claim."""

    choose: list[Step] = Field(min_length=2)


def _step_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "choice" if "choose" in value else "step"
    return "choice" if isinstance(value, StepChoice) else "step"


LadderItem = Annotated[
    Annotated[Step, Tag("step")] | Annotated[StepChoice, Tag("choice")],
    Discriminator(_step_tag),
]


class Ladder(Strict):
    """The ordered steps for one enforcement basis."""

    title: str
    steps: list[LadderItem] = Field(min_length=1)


class ClaimTypeSpec(Cited):
    """A claim type: its legal basis and which ladder, limitation period and lien apply."""

    title: str
    basis: Basis
    ladder: str
    limitation_period: str
    lien: str | None = None
    interest: str = Field(description="Name of an interest regime, or 'none'")
    collection_interest: str | None = Field(
        default=None,
        description="Regime that replaces `interest` once the claim is referred to collection",
    )
    fees: str = Field(description="Name of a fee regime, or 'none'")
    public_collection: bool = Field(
        default=False,
        description="referred_to_collection means the public collection authority (not an agency)",
    )
    interest_start: Literal["due_date", "after_demand"] = Field(
        default="due_date",
        description="due_date: the due date is fixed in advance; after_demand: interest runs "
        "from interest.demand_days after the first written demand (reminder or notice)",
    )


class ProfileSpec(Strict):
    """A whole profile, after its files (and any base profile) are merged."""

    profile: ProfileMeta
    calendar: CalendarSpec
    parameters: dict[str, Param[Decimal]]
    limitation: LimitationSpec
    liens: dict[str, LienSpec] = {}
    interest: dict[str, InterestSpec]
    fees: dict[str, FeesSpec]
    delivery: DeliverySpec
    allocation: AllocationSpec
    warnings: WarningsSpec
    ladders: dict[str, Ladder]
    claim_types: dict[str, ClaimTypeSpec]
    local: LocalSpec = LocalSpec()
