"""The schema of a rule profile: pydantic models of the YAML, with unknown keys forbidden.

A profile directory holds YAML files whose top-level keys are the sections below (one section may
live in one file only). ``claimrules schema`` writes this schema as JSON Schema for editors.
Conditions and references form a closed vocabulary: nothing in a profile is ever run as code.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    create_model,
)

from claimrules.law.values import (
    KINDS,
    MAX_LEGAL_MONEY,
    Count,
    Days,
    DescribedSchema,
    Money,
    Multiple,
    Param,
    Percent,
    ProfileDate,
    Ratio,
    RoundingStep,
    Source,
    Status,
    Strict,
    Years,
)
from claimrules.model.vocabulary import (
    ACTIONS,
    EVENT_REFS,
    LEGAL_STEPS,
    OUTCOMES,
    Action,
    Channel,
    Document,
    EventRef,
)

__all__ = [
    "ACTIONS",
    "EVENT_REFS",
    "ClaimTypeSpec",
    "ProfileSpec",
    "Step",
    "StepChoice",
    "profile_json_schema",
]

FeeKind = Literal["reminder", "collection_notice", "payment_demand", "referral"]
"""What a fee is charged for: a notice, or (``referral``) handing the claim to a collector."""
Basis = Literal["public_law_lien", "public_law", "contract", "debt_instrument", "lease"]


Sentence = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Text a decision quotes (a reason, a warning, a title): surrounding white space, such as the
line break a folded YAML block ends with, is not part of it."""


class Cited(Strict):
    """A rule that is not a number but still comes from law (or is a stated convention)."""

    status: Status = Field(examples=["verified", "secondary", "derived"])
    """How sure the profile is of the rule: ``verified`` (read in the statute or regulation),
    ``secondary`` (from a secondary source), ``derived`` (follows from verified rules),
    ``provisional`` (expected to hold, not yet confirmed) or ``unknown`` (the law could not be
    found: decisions that need the rule go to manual review)."""
    source: Source
    """Where the rule comes from: statute, section and a link to the text that was read."""
    note: str | None = Field(
        default=None,
        examples=["Interest and similar additions lapse with the principal."],
    )
    """Free text for a reviewing lawyer: what the rule says, quotes, doubts."""


def _overlay_meta(schema: dict[str, Any]) -> None:
    """An overlay's ``profile`` section names only what it changes: the rest comes from the
    profile it ``extends``, so country, currency and locale are required only without it."""
    required = schema.pop("required", [])
    schema["required"] = [name for name in required if name in ("id", "name")]
    schema["if"] = {"required": ["extends"]}
    schema["else"] = {"required": [name for name in required if name not in schema["required"]]}


class ProfileMeta(Strict):
    """Identity of the profile."""

    model_config = ConfigDict(json_schema_extra=_overlay_meta)

    id: str = Field(pattern=r"^[a-z]{2}(/[a-z0-9_-]+)*$", examples=["no", "no/orkdal", "dk"])
    """The profile's id: the country code in lower case, then ``/municipality`` for an overlay
    (e.g. ``no`` or ``no/orkdal``). Decisions name the profile by it."""
    name: str = Field(examples=["Norway - municipal claims", "Orkdal kommune - municipal claims"])
    """The profile's name, as shown to people."""
    country: str = Field(pattern=r"^[A-Z]{2}$", examples=["NO", "DK", "GL"])
    """The country whose law the profile states: an ISO 3166 code in capitals."""
    currency: str = Field(pattern=r"^[A-Z]{3}$", examples=["NOK", "DKK"])
    """Currency of every amount in the profile and its claims: an ISO 4217 code."""
    locale: str = Field(examples=["nb_NO", "da_DK", "da_GL"])
    """Language and country for printing amounts and dates (a Babel locale, e.g. ``nb_NO``)."""
    extends: str | None = Field(default=None, examples=["no", "gl"])
    """Only in an overlay (a municipality's sub-profile): the id of the national profile it
    builds on. An overlay may then set only ``profile``, ``local`` and ``warnings``."""
    last_verified_on: ProfileDate | None = Field(default=None, examples=["2026-11-22"])
    """The day (YYYY-MM-DD) a lawyer last checked the whole profile against the law."""
    description: str | None = Field(
        default=None,
        examples=["Limitation (foreldelsesloven), late-payment interest (forsinkelsesrenteloven)."],
    )
    """What the profile covers: the statutes and claim types, in a few sentences."""


# --- calendar -------------------------------------------------------------------------------


class Convention(Cited):
    """How a deadline is computed: what to do with a missing day, and how to roll a non-workday.

    ``missing_day``: when ``N`` months or years after a date has no such day (31 April, 29 Feb):
    ``last_day_of_month``, ``first_day_of_next_month`` or ``abort`` (refuse to guess).
    ``roll``: a deadline on a weekend or holiday moves to the ``next_business_day``, the
    ``previous_business_day``, or stays (``none``). ``unknown`` (for either) says the law was not
    found: a deadline that needs the rule is not computed, and the decision goes to manual review.
    """

    missing_day: Literal["last_day_of_month", "first_day_of_next_month", "abort", "unknown"] = (
        Field(examples=["last_day_of_month", "abort"])
    )
    """When a period of months or years ends on a day the month does not have (31 April,
    29 February): end on the ``last_day_of_month``, on the ``first_day_of_next_month``, or
    ``abort`` (compute no deadline); ``unknown`` when the law was not found."""
    roll: Literal["none", "next_business_day", "previous_business_day", "unknown"] = Field(
        examples=["next_business_day", "none"]
    )
    """When the deadline falls on a weekend or public holiday: move it to the
    ``next_business_day`` or the ``previous_business_day``, or keep it (``none``); ``unknown``
    when the law was not found."""


class HolidayCalendar(Cited):
    """Public holidays come from the ``holidays`` package for ``country`` (and subdivision)."""

    country: str = Field(pattern=r"^[A-Z]{2}$", examples=["NO", "DK", "GL"])
    """Country whose public holidays count as non-working days (ISO 3166 code in capitals)."""
    subdivision: str | None = Field(default=None, examples=["50"])
    """Optional region (as the ``holidays`` package names it) whose local holidays also count."""


class ExtraDay(Cited):
    """A yearly non-working day the law adds to the public holidays (e.g. 5 June in Denmark)."""

    month: int = Field(ge=1, le=12, examples=[6, 12])
    """Month of the day (1 = January ... 12 = December)."""
    day: int = Field(ge=1, le=31, examples=[5, 24, 31])
    """Day of the month (1-31)."""
    name: str = Field(examples=["Grundlovsdag", "Juleaftensdag"])
    """Name of the day, as the law calls it."""


class CalendarSpec(Strict):
    """Business days and the named deadline conventions."""

    holidays: HolidayCalendar
    """Which public holidays are non-working days (with the law that says so)."""
    extra_non_working_days: list[ExtraDay] = []
    """Further days each year that the law treats like holidays for deadlines (e.g. Danish
    Grundlovsdag, 5 June)."""
    conventions: dict[str, Convention]
    """Named rules for computing deadlines (e.g. ``limitation``, ``lien``,
    ``notice_deadline``); limitation and liens refer to them by name."""


# --- limitation and liens ---------------------------------------------------------------------


class Interruption(Cited):
    """What an event does to a running limitation period, when taken before it expires.

    ``new_period``: a new period starts on the event's date; ``period`` names its length
    (``same`` = the period the claim had). ``suspend``: the period stops running while the
    proceedings last; a later event with ``new_period`` (e.g. the judgment) starts the next one.
    """

    effect: Literal["new_period", "suspend"] = Field(examples=["new_period", "suspend"])
    """``new_period``: a new limitation period starts on the day of the event (e.g. an
    acknowledgement); ``suspend``: the period stops running while the proceedings last, until a
    later event (e.g. the judgment) starts a new one."""
    period: str = Field(default="same", examples=["same", "judgment", "distraint"])
    """Length of the new period: ``same`` (the period the claim already had) or the name of a
    period in ``limitation.periods`` (e.g. ``judgment`` for 10 years)."""


class LaterInterest(Cited):
    """Interest falling due after a long-period basis (a judgment) keeps the short period.

    After an event in ``after`` (e.g. the judgment that gives 10 years), each day's interest
    becomes time-barred ``period`` after it fell due unless a later interruption covers it.
    From an event in ``shared_after`` (e.g. transfer to public collection) the interest shares
    the principal's limitation date instead.
    """

    period: str = Field(examples=["general"])
    """Name of the period in ``limitation.periods`` that applies to each day's interest after
    an event in ``after`` (e.g. ``general`` for 3 years)."""
    after: list[EventRef] = Field(min_length=1, examples=[["judgment"]])
    """Events after which interest falling due later has its own, shorter period (e.g. the
    judgment)."""
    shared_after: list[EventRef] = Field(default=[], examples=[["referred_to_collection"]])
    """Events after which the interest again shares the principal's limitation date (e.g.
    transfer to the public collection authority)."""


class LimitationFloor(Cited):
    """A statutory earliest start: after ``event`` (if the claim was still open on or after
    ``open_on_or_after``) the period runs at the earliest from ``earliest_start``."""

    event: EventRef = Field(examples=["referred_to_collection"])
    """The event that brings the claim under the rule (e.g. transfer to public collection)."""
    open_on_or_after: ProfileDate = Field(examples=["2015-11-19"])
    """The rule covers claims still open on this day (YYYY-MM-DD) or later."""
    earliest_start: ProfileDate = Field(examples=["2021-11-20"])
    """For those claims the limitation period runs at the earliest from this day
    (YYYY-MM-DD)."""


EndedStep = Annotated[
    str,
    Field(
        pattern=rf"^({'|'.join(LEGAL_STEPS)})([.]({'|'.join(OUTCOMES)}))?$",
        examples=["conciliation_complaint", "conciliation_complaint.halted"],
    ),
]
"""A legal step, or a legal step and how its proceedings ended (``step.outcome``)."""


class AfterProceedings(Cited):
    """What is left of an interruption by legal proceedings that end without a settlement, a
    decision on the merits or enforcement (a ``proceedings_ended`` event): the claim is
    time-barred at the earliest ``years`` after the case ended, counted from the day the
    creditor learned of it when that was later, and never more than ``cap_years`` after the
    end. The ordinary period applies where it runs longer.

    With status ``unknown`` (or ``years`` left out), a claim whose proceedings ended goes to
    manual review."""

    years: int | None = Field(default=None, ge=0, le=30, examples=[1])
    """The additional period, in years."""
    cap_years: int | None = Field(default=None, ge=0, le=30, examples=[3])
    """The latest end, in years after the case ended, however late the creditor learned of
    it; leave it out where the law sets none."""
    lost_if: list[Literal["withdrawn", "creditor_intent"]] = Field(
        default=[], examples=[["withdrawn", "creditor_intent"]]
    )
    """When no additional period is given: the creditor ``withdrawn`` the case, or the
    ``creditor_intent`` made it fail. The interruption is then lost, as if never made."""
    preserve_step: Sentence | None = Field(
        default=None,
        examples=[
            "file a lawsuit (stevning) before then; a second conciliation complaint does not"
        ],
    )
    """What the creditor must do before the additional period ends to keep the claim."""
    next_step: dict[EndedStep, Action] = Field(
        default={},
        examples=[
            {
                "conciliation_complaint.halted": "file_lawsuit",
                "conciliation_complaint.dismissed": "file_conciliation_complaint",
                "distraint_petition.objection": "file_conciliation_complaint",
            }
        ],
    )
    """The action that comes next when the proceedings of a kind of legal step ended without a
    decision: the key is the step (``conciliation_complaint``), or the step and how it ended
    (``conciliation_complaint.halted``; the outcomes of ``proceedings_ended``), which comes
    first. For example a lawsuit once the conciliation board closed the case, a corrected
    complaint after one dismissed on formal grounds, the conciliation board after the debtor
    objected to distraint on an undisputed claim. For a step not listed, the ladder proposes
    the step again."""
    preserve_steps: dict[EndedStep, Sentence] = Field(
        default={},
        examples=[{"conciliation_complaint.dismissed": "file the corrected complaint"}],
    )
    """Optional: what keeps the claim during the additional period after a step ended in a
    particular way (same keys as ``next_step``); ``preserve_step`` where none is given."""


class LimitationSpec(Strict):
    """Limitation (foreldelse / forældelse) of the claim."""

    start: Cited
    """When the limitation period starts: from the due date (with the law that says so)."""
    periods: dict[str, Param[Years]]
    """Named limitation periods in years (e.g. ``general: 3``, ``judgment: 10``); claim types
    and interruptions refer to them by name."""
    interruptions: dict[EventRef, Interruption]
    """For each event that interrupts limitation (an acknowledgement, a payment, a lawsuit, a
    judgment...), what it does to the running period."""
    accessory_interest: Cited
    """The rule that interest and costs become time-barred together with the principal."""
    convention: str = Field(examples=["limitation"])
    """Name of the calendar convention (in ``calendar.conventions``) used to compute the day
    the period ends."""
    later_interest: LaterInterest | None = None
    """Optional: interest falling due after a judgment keeps the short period of its own."""
    floor: LimitationFloor | None = None
    """Optional: a statutory earliest start of the period for some claims (e.g. Danish
    gældsinddrivelsesloven § 18 a)."""
    after_proceedings: AfterProceedings | None = None
    """What is left of an interruption when legal proceedings end without a decision
    (``proceedings_ended``); without it, such a claim goes to manual review."""


class LienSpec(Strict):
    """A lien securing the claim, which lapses unless enforcement is requested in time."""

    title: Sentence = Field(examples=["Legal lien in the property (legalpant)"])
    """Name of the lien, as shown in warnings and decisions."""
    lapse_years: Param[Years]
    """Years after the due date after which the lien lapses unless it is preserved."""
    preserved_by: list[EventRef] = Field(
        min_length=1, examples=[["legal_step.forced_sale_petition"]]
    )
    """Events that preserve the lien when taken in time (e.g. a request for forced sale)."""
    preserve_step: Sentence = Field(
        examples=["request forced sale of the leasehold before then (tomtefestelova § 14)"]
    )
    """What must be done to keep the lien, in plain words (shown in the warning)."""
    convention: str = Field(examples=["lien"])
    """Name of the calendar convention (in ``calendar.conventions``) used to compute the day
    the lien lapses."""


# --- interest ---------------------------------------------------------------------------------


class InterestMethod(Cited):
    """The computing conventions of a daily rate, stated because the statute is silent on them.

    ``day_count``: ``ACT/365F`` (actual days / 365), ``ACT/ACT`` (actual days / days in that
    year) or ``30E/360`` (every month 30 days, the 31st counts as the 30th; year 360 days).
    """

    first_day: Literal["day_after_due"] = Field(examples=["day_after_due"])
    """The first day that bears interest: ``day_after_due`` (the first day the claim is late)."""
    last_day: Literal["as_of_inclusive"] = Field(examples=["as_of_inclusive"])
    """The last day that bears interest: ``as_of_inclusive`` (the day of the computation or of
    payment, counted)."""
    day_count: Literal["ACT/365F", "ACT/ACT", "30E/360"] = Field(examples=["ACT/365F", "30E/360"])
    """How a day's share of the yearly rate is counted: ``ACT/365F`` (actual days / 365, also in
    leap years), ``ACT/ACT`` (actual days / days in that year) or ``30E/360`` (every month 30
    days, the year 360 days)."""
    compounding: Literal["simple"] = Field(examples=["simple"])
    """``simple``: no interest on interest."""
    rounding: Literal["half_up_once"] = Field(examples=["half_up_once"])
    """``half_up_once``: computed exactly and rounded once, half up, to the smallest coin
    (øre)."""
    base: Literal["principal"] = Field(examples=["principal"])
    """What bears interest: ``principal`` (the outstanding principal only, not fees)."""


class DailyInterest(Strict):
    """An annual rate accruing day by day: either one ``rate`` table, or a ``reference`` rate
    plus a ``margin`` (the margin picked on the claim's due date or on each interest day)."""

    kind: Literal["daily"] = Field(examples=["daily"])
    """``daily``: a yearly rate that accrues day by day."""
    title: Sentence = Field(examples=["Forsinkelsesrente (forsinkelsesrenteloven § 3)"])
    """Name of the interest regime, as shown in decisions."""
    rate: Param[Percent] | None = None
    """The yearly interest rate in percent (e.g. 12.5), usually dated by half-year. Give either
    ``rate``, or ``reference`` and ``margin``."""
    reference: Param[Percent] | None = None
    """A reference rate in percent per year (e.g. the central bank's rate), fixed for each
    period; the rate is ``reference`` plus ``margin``."""
    margin: Param[Percent] | None = None
    """Percentage points added to the ``reference`` rate (e.g. 8)."""
    margin_date: Literal["due_date", "interest_day"] = Field(
        default="interest_day", examples=["interest_day", "due_date"]
    )
    """Which day picks the ``margin``: ``interest_day`` (the margin in force on each day of
    interest) or ``due_date`` (a transition rule keeps the margin in force when the claim fell
    due)."""
    demand_days: Param[Days] | None = None
    """For claims without a due date fixed in advance: interest starts this many days after the
    first written demand (e.g. 30 days)."""
    starts: Literal["due_date", "first_of_month_after_referral"] = Field(
        default="due_date", examples=["due_date", "first_of_month_after_referral"]
    )
    """When interest starts to run: from the ``due_date``, or (under public collection) from
    the ``first_of_month_after_referral`` to the collection authority."""
    creditor_delay: Cited
    """The rule that no interest runs for a delay the creditor caused (e.g. an invoice that
    never reached the debtor)."""
    method: InterestMethod
    """How the interest is computed: first and last day, day count, rounding."""


class MonthlyMethod(Cited):
    """How a per-started-month rate is counted.

    ``from_day_after_due``: the first month starts on the day after the due date (the first day
    the claim is late), each later month on the same day of a following month (the month's last
    day when it has no such day). A month counts once it has started with principal unpaid, on
    the principal outstanding when it starts.
    """

    months: Literal["from_day_after_due"] = Field(examples=["from_day_after_due"])
    """How months are counted: ``from_day_after_due`` (the first month starts the day after the
    due date, each later one on the same day of a following month)."""
    rounding: Literal["half_up_once"] = Field(examples=["half_up_once"])
    """``half_up_once``: computed exactly and rounded once, half up, to the smallest coin."""
    base: Literal["principal"] = Field(examples=["principal"])
    """What bears interest: ``principal`` (the principal outstanding when each month starts)."""


class MonthlyInterest(Strict):
    """A rate in percent of the principal for each started month (Danish gebyrloven § 3)."""

    kind: Literal["per_started_month"] = Field(examples=["per_started_month"])
    """``per_started_month``: a percentage of the principal for each month begun."""
    title: Sentence = Field(examples=["Municipal late interest (gebyrloven § 3)"])
    """Name of the interest regime, as shown in decisions."""
    rate: Param[Percent]
    """Percent of the principal charged for each started month (e.g. 1)."""
    creditor_delay: Cited
    """The rule that no interest runs for a delay the creditor caused."""
    method: MonthlyMethod
    """How the months are counted and the interest rounded."""


InterestSpec = Annotated[DailyInterest | MonthlyInterest, Field(discriminator="kind")]
"""One interest regime of a profile; a claim type names the regime it bears."""


# --- fees -------------------------------------------------------------------------------------


class NoticeFee(Strict):
    """The most a notice of one kind may cost: a fraction of the fee base or a fixed amount."""

    fraction: Param[Ratio] | None = None
    """The most the notice may cost, as a fraction of the fee base (e.g. "1/20" of the
    inkassosats). Give ``fraction`` or ``amount``."""
    amount: Param[Money] | None = None
    """The most the notice may cost, as an amount of money in the profile's currency (e.g.
    250). Give ``amount`` or ``fraction``."""
    min_days_after_due: Param[Days]
    """The earliest a fee-bearing notice of this kind may be sent: days after the due date."""
    needs_expired_deadline: bool = Field(default=False, examples=[True, False])
    """``true``: the fee needs an earlier fee-bearing notice whose payment deadline has passed
    unpaid."""


class FractionDate(Cited):
    """Which date picks the dated fee fraction: the notice's sending day or the claim's due date
    (a transition rule may keep old fractions for claims that fell due before a change)."""

    by: Literal["sent_on", "due_date"] = Field(examples=["due_date", "sent_on"])
    """``sent_on``: the fraction in force when the notice is sent; ``due_date``: the fraction in
    force when the claim fell due."""


class Compensation(Strict):
    """A fixed compensation the creditor may add once per claim (e.g. DKK 310 between
    businesses), claimed with the first fee-bearing notice; no value in force = none."""

    amount: Param[Money]
    """The compensation in money (the profile's currency), dated from when the law allows it."""
    debtor_kind: Literal["person", "business"] = Field(examples=["business"])
    """Which debtors owe it: ``person`` or ``business``."""
    claim_types: list[str] = Field(default=[], examples=[["commercial_rent"]])
    """Optional: only on claims of these types (names in ``claim_types``: the claims from a
    commercial agreement); by default on every claim type of the regime."""
    deducted_from_costs: bool = Field(default=False, examples=[True])
    """``true``: the compensation is deducted from the debtor's liability for collection
    costs (Norway, forsinkelsesrenteloven § 3a): the debtor owes the larger of the two, the
    first fee-bearing notice at least the compensation and later ones only beyond it;
    ``false``: it is added once to the first fee (Denmark)."""


class FeesSpec(Strict):
    """One fee regime: amounts, count, spacing and allowed sequences of fee-bearing notices.

    ``spacing``: ``after_deadline`` (a further fee only after the previous notice's
    ``deadline_days`` have run out), ``apart`` (notices at least ``deadline_days`` apart), or
    ``none`` (the statute sets no spacing). Leave ``max_count`` or ``sequences`` out only when the
    statute sets no such limit; say so in ``source.note``.
    """

    title: Sentence = Field(examples=["Reminder and collection fees (inkassoloven § 19)"])
    """Name of the fee regime, as shown in decisions."""
    source: Source
    """The law the fee regime as a whole comes from."""
    status: Status = Field(examples=["verified", "secondary"])
    """How sure the profile is of the regime as a whole (``verified``, ``secondary``,
    ``derived``, ``provisional`` or ``unknown``)."""
    fraction_date: FractionDate | None = None
    """Optional: which date picks a dated fee ``fraction`` (default: the day the notice is
    sent)."""
    base: Param[Money] | None = None
    """The fee base in money that a ``fraction`` is taken of (e.g. the Norwegian inkassosats),
    dated by year."""
    rounding: Param[RoundingStep] | None = None
    """Optional, dated: how a fee computed as a ``fraction`` of the ``base`` is rounded, as a
    step of money (``unit: money``): ``0.01`` rounds half-up to the minor unit (øre), ``1`` to
    the nearest whole krone (37.50 → 38). The step in force on the day the notice is sent
    applies. Without it, fees are rounded half-up to the minor unit."""
    notices: dict[FeeKind, NoticeFee]
    """For each kind of notice that may bear a fee (``reminder``, ``collection_notice``,
    ``payment_demand``, ``referral``), the most it may cost and when."""
    spacing: Literal["after_deadline", "apart", "none"] = Field(
        default="after_deadline", examples=["after_deadline", "apart", "none"]
    )
    """How far apart fee-bearing notices must be: ``after_deadline`` (a further fee only after
    the previous notice's deadline has run out), ``apart`` (at least ``deadline_days`` apart) or
    ``none`` (the law sets no spacing)."""
    deadline_days: Param[Days] | None = None
    """Days: the payment deadline a fee-bearing notice gives, or (with ``spacing: apart``) the
    least number of days between two fee-bearing notices."""
    max_count: Param[Count] | None = None
    """The most fee-bearing notices one claim may carry (a count)."""
    sequences: Param[list[list[FeeKind]]] | None = None
    """The orders in which fee-bearing notices may be sent; a claim's notices must follow one
    of them (e.g. reminder, collection notice, payment demand)."""
    compensation: Compensation | None = None
    """Optional: a fixed compensation the creditor may add once per claim."""
    combined_letter: Cited | None = None
    """Optional: the law (or its authoritative reading) lets the creditor put several claims
    of one debtor in one notice, and then only one fee may be charged for it. Debtor cases
    show the fee of one such letter; without this, fees are per claim, as the caps are."""


# --- delivery, allocation, warnings, local ------------------------------------------------------


class DeliverySpec(Cited):
    """Per channel, which events prove the debtor was given the invoice."""

    evidence: dict[
        Channel, list[Literal["invoice_sent", "invoice_dispatched", "invoice_delivered"]]
    ]
    """For each channel (``post``, ``digital_mailbox``, ``email``, ``e_invoice``), the events
    that prove the debtor was given the invoice; any one of them is enough."""
    audit_after_days: int = Field(ge=0, examples=[5])
    """Days after issue after which the dispatch audit reports an invoice that still has no
    proof of dispatch or delivery."""


class Designation(Cited):
    """Whether a payment the debtor designated (to the principal, the interest or the fees of
    the claim) covers that part first."""

    honoured: bool | None = Field(examples=[True])
    """``true``: a voluntary payment covers the part the debtor designated first, then the
    rest in the profile's order; ``false``: the profile's order binds whatever the debtor
    said; ``null`` with status ``unknown``: the law was not found, and a decision with a
    designated payment goes to manual review (how much principal is left depends on it)."""


class OffsetRule(Cited):
    """Whether the creditor may set off what it owes the debtor (an overpayment to be refunded)
    against its own claims on the same debtor, instead of refunding it."""

    allowed: bool | None = Field(examples=[True])
    """``true``: a debtor's case proposes setting a credit off against the debtor's other
    claims that may lawfully be set off (same currency, due, not time-barred, not disputed,
    no insolvency proceedings, the invoice shown to have reached the debtor), and a refund of
    what is left; ``false``: never; ``null`` with status ``unknown``: the law was not found,
    and the case proposes no set-off (it says why)."""


class AllocationSpec(Cited):
    """Order in which a payment, credit or offset covers the claim's parts."""

    order: list[Literal["fees", "interest", "principal"]] = Field(
        examples=[["fees", "interest", "principal"]]
    )
    """The order in which a payment covers the claim's parts: ``fees``, ``interest`` and
    ``principal``, each once."""
    designation: Designation | None = None
    """Whether the debtor's designation of a payment binds the creditor (without it, a
    designated payment goes to manual review: the profile does not say)."""
    offset: OffsetRule | None = None
    """Whether a credit the creditor owes the debtor may be set off against the debtor's other
    claims (debtor cases: set-off before refund); without it, none is proposed."""


class NoMovement(Strict):
    """How long a claim type may go without movement before it is flagged (policy, not law)."""

    months: int = Field(ge=1, le=240, examples=[12])
    """Months without a payment, credit, offset or step on the claim after which the decision
    warns ``no_movement`` (counted from the last movement, or from the due date)."""
    source: Source | None = None
    """The policy or audit finding the threshold comes from (for example the municipality's
    finance regulations)."""


class DeductionGap(Cited):
    """When a wage deduction that has stopped paying is flagged, and what the law then lets
    the creditor do (the ``source``, ``status`` and ``next_step``)."""

    days: int = Field(ge=1, le=366, examples=[45])
    """Days without a payment under the deduction (from the last payment, or from the order)
    after which the decision warns ``deduction_stopped`` (policy: a pay period and some)."""
    next_step: Sentence = Field(
        examples=[
            "claim the amounts from the employer, who is liable for what it should have deducted"
        ]
    )
    """The lawful next step, in words, as the warning and the decision's reason say it."""


class CostShare(Strict):
    """When a step costs too much for what it may recover (policy, not law)."""

    share: Decimal = Field(gt=0, le=100, allow_inf_nan=False, examples=[1, 0.5])
    """Warn when the step's court or enforcement fee is more than this share of the amount the
    claim owes (1: more than the whole amount; 0.5: more than half)."""
    source: Source | None = None
    """Whose policy the share is (the municipality's finance regulations, an audit)."""
    note: str | None = Field(default=None, examples=["Policy, not law."])
    """Free text about the share for a reviewing lawyer."""


class WarningsSpec(Strict):
    """How far ahead to warn, and what to flag (policy, not law)."""

    limitation_horizon_days: int = Field(ge=0, examples=[180])
    """Warn this many days (or fewer) before the claim becomes time-barred."""
    lien_horizon_days: int = Field(ge=0, examples=[90])
    """Warn this many days (or fewer) before a lien lapses."""
    no_movement: dict[str, NoMovement] = Field(
        default={}, examples=[{"social_loan": {"months": 12}}]
    )
    """Per claim type (a name in ``claim_types``): warn ``no_movement`` when an unpaid claim
    has had no payment and no step for this long."""
    deduction_gap: DeductionGap | None = None
    """Optional: flag a wage deduction that has brought no payment for this long, with the
    lawful next step."""
    disproportionate_cost: CostShare | None = None
    """Optional: flag a court or enforcement step whose fee (``court_fees``) is more than this
    share of what the claim owes (the ``disproportionate_cost`` warning)."""


class DueDateRule(Strict):
    """A local rule for due dates: day ``day_of_month`` of the month ``months_after_issue`` on."""

    months_after_issue: int = Field(ge=0, le=12, examples=[1])
    """Months after the month of issue in which the invoice falls due (0 = the same month;
    0-12)."""
    day_of_month: int = Field(ge=1, le=28, examples=[20])
    """Day of that month on which the invoice falls due (1-28)."""


class LocalFee(Strict):
    """What a municipality charges for a notice; never more than the national cap."""

    amount: Decimal = Field(ge=0, le=MAX_LEGAL_MONEY, allow_inf_nan=False, examples=[0, 35])
    """The fee in money (the profile's currency); 0 = no fee. Never more than the national
    cap."""


class PaymentPlanPolicy(Strict):
    """A municipality's terms for the payment plans it agrees (no grace period is set by law)."""

    grace_days: int = Field(ge=0, le=90, examples=[7])
    """Days after an instalment's date before a shortfall counts as a breach of the plan."""
    source: Source
    """The municipality's decision (its finance regulations, its standard plan terms)."""


class SmallBalance(Strict):
    """A municipality's small-amount policy: a balance below ``below`` is not escalated.

    The claim is not given up: it stays owed, is decided again when it changes, and its
    limitation and lien deadlines are still reported. No fee is charged for it."""

    below: Decimal = Field(gt=0, le=MAX_LEGAL_MONEY, allow_inf_nan=False, examples=[50])
    """What is left (principal, interest and fees together), in the profile's currency, below
    which no step is taken."""
    action: Literal["none", "monitor", "write_off"] = Field(
        default="none", examples=["none", "monitor"]
    )
    """What the decision proposes instead of the next step: ``none`` (leave it; a later
    invoice or payment may take it up), ``monitor`` or ``write_off``."""
    source: Source
    """The municipality's decision (its finance regulations, økonomireglement) this comes
    from."""


class SmallCredit(Strict):
    """A municipality's policy for very small credits: what is left to refund below ``below``
    is carried forward to the debtor's next invoice instead of paid out (its finance
    regulations, not law: the money is still owed back)."""

    below: Decimal = Field(gt=0, le=MAX_LEGAL_MONEY, allow_inf_nan=False, examples=[50])
    """The credit, in the profile's currency, below which it is carried forward."""
    action: Literal["carry_forward", "refund"] = Field(
        default="carry_forward", examples=["carry_forward"]
    )
    """``carry_forward``: kept as a credit for the debtor's next invoice; ``refund``: paid out
    all the same (a municipality that states it refunds every amount)."""
    source: Source
    """The municipality's decision (økonomireglement) this comes from."""


class NoticeProofPolicy(Strict):
    """A municipality's own control: a step that counts from a notice is taken only with the
    proof this names that the notice left (``dispatched``: the print-and-mail provider's
    confirmation, or a delivery receipt) or arrived (``delivered``: a delivery receipt).
    Stricter than the law (which asks that a notice be sent), so always lawful; after an
    incident like Kujalleq's, where letters recorded as sent were never printed."""

    require: Literal["dispatched", "delivered"] = Field(examples=["dispatched"])
    """The proof required of the notice a step counts from."""
    source: Source
    """The municipality's decision this comes from."""


class WriteOffPolicy(Strict):
    """A municipality's write-off policy (its finance regulations, not law): which unpaid
    claims to propose writing off and moving to long-term monitoring.

    A write-off is a booking: the claim is not given up, and its limitation and lien
    deadlines stay in every report. The policy never overrides the law's own guards (a
    dispute, insolvency, an invoice that did not reach the debtor, limitation)."""

    after_years: int = Field(ge=1, le=30, examples=[3])
    """Propose the write-off once the claim has been due this many years."""
    without_enforcement_basis: bool = Field(default=True, examples=[True])
    """``true``: only claims the municipality cannot enforce by distraint yet (no judgment,
    and a claim type whose ladder needs one)."""
    claim_types: list[str] = Field(default=[], examples=[["social_loan", "daycare_fee"]])
    """Only these claim types (names in ``claim_types``); empty: every claim type."""
    source: Source
    """The municipality's decision (its finance regulations, økonomireglement) this comes
    from."""


class AccountMap(Strict):
    """A municipality's chart of accounts for the postings (``claimrules postings``): the
    account of each role, and per claim type where it differs."""

    receivable: str = Field(min_length=1, examples=["1510"])
    """Customer receivables (kundefordringer)."""
    interest_income: str = Field(min_length=1, examples=["1900"])
    """Late-interest income."""
    fee_income: str = Field(min_length=1, examples=["1620"])
    """Reminder and collection fee income."""
    loss: str = Field(min_length=1, examples=["1590"])
    """Loss on receivables (tap på fordringer)."""
    recovered_income: str = Field(min_length=1, examples=["1591"])
    """Income from claims written off before (inngått på tidligere avskrevne fordringer)."""
    refund_payable: str | None = Field(default=None, min_length=1, examples=["2390"])
    """Optional: money owed back to debtors who paid more than they owed (a liability, never
    income); without it the postings name the role."""
    by_claim_type: dict[
        str,
        dict[
            Literal[
                "receivable",
                "interest_income",
                "fee_income",
                "loss",
                "recovered_income",
                "refund_payable",
            ],
            str,
        ],
    ] = Field(default={}, examples=[{"water_fee": {"receivable": "1511"}}])
    """Per claim type (a name in ``claim_types``): accounts that differ from the ones above."""
    source: Source
    """The municipality's chart of accounts (kontoplan) or finance regulations."""


class LocalCreditor(Strict):
    """The creditor as a case file names it (``claimrules case-file``): facts about the
    municipality, not law, so nothing here changes a decision. A host may pass any of them per
    case instead, and what it passes comes first. Like every key of a profile, they are part of
    the profile's content hash."""

    name: str | None = Field(default=None, min_length=1, examples=["Orkdal kommune"])
    """The creditor's name as it is to stand on the document (without it, the case file uses
    ``local.municipality``)."""
    organisation_number: str | None = Field(
        default=None, min_length=1, examples=["999 999 999", "DK12345678"]
    )
    """The creditor's organisation number (organisasjonsnummer, CVR-nummer)."""
    address: list[Sentence] | None = Field(
        default=None, min_length=1, examples=[["Postboks 83", "7301 Orkanger"]]
    )
    """The creditor's postal address, one line per item, in the order they are printed."""
    contact: str | None = Field(
        default=None,
        min_length=1,
        examples=["Innfordring, tlf. 72 00 00 00, postmottak@example.no"],
    )
    """Who handles the case at the creditor: a department, a telephone number, an e-mail
    address."""


class LocalSpec(Strict):
    """A municipality's own rules, set by an overlay.

    ``waive_interest``: the municipality claims no late interest (always lawful; useful where
    the national interest rule is unknown law).
    """

    municipality: str | None = Field(default=None, examples=["Orkdal kommune"])
    """Name of the municipality whose own rules these are."""
    source: Source | None = None
    """The municipality's decision or rules these local choices come from."""
    due_date_rule: DueDateRule | None = None
    """Optional: the municipality's own rule for when invoices fall due."""
    fees: dict[FeeKind, LocalFee] = {}
    """What the municipality charges per kind of notice, where it charges less than the
    national cap (e.g. ``reminder: {amount: 0}``)."""
    waive_interest: bool = Field(default=False, examples=[True])
    """``true``: the municipality claims no late interest (always lawful)."""
    payment_plan: PaymentPlanPolicy | None = None
    """Optional: the grace period of the municipality's payment plans; without it a missed
    instalment is a breach from the day after its date."""
    accounts: AccountMap | None = None
    """Optional: the accounts the postings use (without it they name each account's role)."""
    small_balance: SmallBalance | None = None
    """Optional: the municipality's threshold below which what is left of a claim is not
    escalated and no fee is charged for it."""
    notice_proof: NoticeProofPolicy | None = None
    """Optional: the proof a notice needs before the step that counts from it is taken (without
    it, a notice recorded as sent counts unless the ledger records that it failed)."""
    small_credit: SmallCredit | None = None
    """Optional: the municipality's threshold below which a credit left after any set-off is
    carried forward to the debtor's next invoice instead of refunded."""
    write_off_policy: WriteOffPolicy | None = None
    """Optional: the municipality's own rule for proposing to write claims off (book them as
    a loss) and move them to long-term monitoring."""
    disproportionate_cost: CostShare | None = None
    """Optional: the municipality's own share for the ``disproportionate_cost`` warning (a
    court or enforcement step whose fee is more than this share of what the claim owes),
    instead of the profile's ``warnings.disproportionate_cost``."""
    creditor: LocalCreditor | None = None
    """Optional: the creditor's name, organisation number, address and contact as a case file
    names them (not law: no decision reads them)."""


# --- ladders and claim types ----------------------------------------------------------------------


class NotBefore(Strict):
    """Earliest date of a step: ``days`` after an anchor (a number or a parameter name).

    With ``deadline_expired`` the step is lawful the day *after* the deadline ends, i.e.
    ``anchor + days + 1``.
    """

    after: Literal["due_date", "previous_step", "judgment"] = Field(
        examples=["due_date", "previous_step", "judgment"]
    )
    """What the days are counted from: the claim's ``due_date``, the ``previous_step`` (the day
    it was taken) or the ``judgment``."""
    days: int | str = Field(default=0, examples=[14, "reminder_min_days"])
    """Calendar days after the anchor: a number, or the name of a parameter in ``parameters``
    with ``unit: days`` (e.g. ``notice_deadline_days``)."""
    deadline_expired: bool = Field(default=False, examples=[True])
    """``true``: the days are a deadline, and the step is lawful only the day after it ends."""


class Condition(Strict):
    """When a step applies; every condition given must hold."""

    principal_below: str | None = Field(default=None, examples=["conciliation_threshold"])
    """The step applies when the principal is below this amount: the name of a parameter in
    ``parameters`` with ``unit: money``."""
    principal_at_least: str | None = Field(default=None, examples=["conciliation_threshold"])
    """The step applies when the principal is at least this amount: the name of a parameter
    in ``parameters`` with ``unit: money``."""
    debtor_kind: Literal["person", "business"] | None = Field(
        default=None, examples=["person", "business"]
    )
    """The step applies only to this kind of debtor: ``person`` or ``business``."""


class WarningText(Strict):
    """A warning the step always carries."""

    code: str = Field(examples=["manual_review", "unknown_law"])
    """Short code of the warning (e.g. ``manual_review`` or ``unknown_law``), for filtering."""
    message: Sentence = Field(
        examples=["review before terminating: the child may be entitled to a place"]
    )
    """The warning, in plain words for the case handler."""


NoticeField = Literal[
    "heading", "creditor", "claim", "amount", "amount_split", "interest", "deadline",
    "consequence", "fee", "objection",
]  # fmt: skip
"""What a notice letter must say, as the fields of its content (``claimrules notice``):
``heading`` (the letter's title, the law's own term), ``creditor`` (who claims), ``claim`` (what
the claim concerns: its type, number, invoice and due dates), ``amount`` (what is owed),
``amount_split`` (principal, interest and fees apart), ``interest`` (the rate and the day from
which it is counted), ``deadline`` (the day to pay by, as a date), ``consequence`` (what happens
if it is not paid), ``fee`` (the fee this notice charges) and ``objection`` (that the debtor
may object, and how)."""

NoticeConsequence = Literal["collection", "distraint", "transfer", "legal_steps"]
"""What a notice says happens if the claim is not paid by its deadline: it is handed to
``collection``; ``distraint`` (enforcement: utlegg, udpantning) is requested; it is
``transfer``red to the public collection authority; or ``legal_steps`` and further costs
follow."""


class NoticeRequirement(Cited):
    """One thing the law requires a notice to say, the field of the letter that meets it, and
    where the law says so."""

    field: NoticeField = Field(examples=["deadline"])
    """The content field that meets the requirement."""


class NoticeSpec(Strict):
    """What the letter of a notice step must contain (a reminder, a collection notice, a
    payment demand, the notice before enforcement), as the law of the step requires."""

    heading: str = Field(min_length=1, max_length=200, examples=["Inkassovarsel"])
    """The letter's heading: the law's own term for the notice, shown as written."""
    deadline_days: int | str = Field(examples=[14, "notice_deadline_days"])
    """The payment deadline the letter gives, in days from the day it is sent: a number or
    the name of a parameter in days."""
    consequence: NoticeConsequence = Field(examples=["collection"])
    """What the letter says follows if the claim is not paid by the deadline."""
    requirements: list[NoticeRequirement] = Field(min_length=1)
    """What the law requires the letter to say, each with the field that meets it."""


class Step(Strict):
    """One step of a ladder: the action, the events that show it was taken, its earliest date."""

    action: Action = Field(
        examples=["send_reminder", "send_collection_notice", "request_distraint"]
    )
    """What the step does (e.g. ``send_reminder``, ``file_lawsuit``, ``manual_review``)."""
    taken_by: list[EventRef] = Field(default=[], examples=[["reminder_sent"]])
    """Events in a claim's history that show this step was taken."""
    not_before: NotBefore
    """The earliest day the step is lawful: a number of days after the due date, the previous
    step or the judgment."""
    fee: FeeKind | None = Field(default=None, examples=["reminder", "collection_notice"])
    """The kind of fee the step may charge (``reminder``, ``collection_notice``,
    ``payment_demand`` or ``referral``), within the claim type's fee regime."""
    when: Condition | None = None
    """Optional: when the step applies (inside ``choose``, exactly one alternative must
    match)."""
    reason: Sentence | None = Field(
        default=None,
        examples=["the case is before the conciliation board or the court; await the judgment"],
    )
    """Why the step is proposed, in plain words (replaces the engine's default text); required
    for ``manual_review`` and ``monitor`` steps."""
    warning: WarningText | None = None
    """Optional: a warning the step always carries."""
    status: Status = Field(examples=["verified", "secondary", "unknown"])
    """How sure the profile is that the step is lawful (``verified``, ``secondary``,
    ``derived``, ``provisional`` or ``unknown``)."""
    source: Source
    """The law that allows the step and sets its earliest date."""
    in_force: Param[bool] | None = None
    """Optional, dated: whether the law that allows this step is in force on the day the step
    would be taken (``true``), repealed (``false``), or not known (``null`` with ``status:
    unknown``, e.g. from the day a new act may replace it). A step that is not known to be
    lawful on that day is never proposed: the decision is ``manual_review`` with the reason.
    Leave it out when the step's law is not expected to change."""
    note: str | None = Field(
        default=None, examples=["The collection notice also serves as the § 4-18 notice."]
    )
    """Free text for a reviewing lawyer."""
    notice: NoticeSpec | None = None
    """Optional, for a step that sends a letter: what the letter must contain
    (``claimrules notice`` gives its content and a printable letter)."""


class StepChoice(Strict):
    """Alternatives at one position; exactly one must match a claim."""

    choose: list[Step] = Field(min_length=2)
    """Two or more alternative steps, each with a ``when``; exactly one must match every
    claim."""


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

    title: Sentence = Field(
        examples=["Claim that needs a judgment (alminnelig tvangsgrunnlag) before distraint"]
    )
    """Name of the ladder, as shown in decisions."""
    steps: list[LadderItem] = Field(min_length=1)
    """The steps in order. The engine proposes the first step after the last one taken, no
    earlier than its ``not_before``; a position with alternatives is a ``choose``."""


class LeftOut(Cited):
    """A lawful road beside the ladder that the engine does not follow (eviction for unpaid
    rent, for example): each decision on an open claim of the type says, in these words, what
    is left to the creditor's lawyer, and where the law says so."""

    code: str = Field(examples=["eviction_left_to_landlord"])
    """Short code of the warning the decision carries (for filtering)."""
    message: Sentence = Field(
        examples=["eviction is left to the landlord: with a signed eviction clause, ..."]
    )
    """What is left, precisely: the steps, their conditions and deadlines, in plain words."""
    document: Document | None = Field(default=None, examples=["lease_eviction_clause"])
    """Optional: said only when the debtor signed this document (``signed: true``) or did
    not (``signed: false``)."""
    signed: bool = Field(default=True, examples=[False])
    """With ``document``: whether the road needs it signed (``true``) or is the one without
    it (``false``)."""


class ClaimTypeSpec(Cited):
    """A claim type: its legal basis and which ladder, limitation period and lien apply."""

    title: Sentence = Field(examples=["Water fee (vanngebyr)", "Daycare fee (foreldrebetaling)"])
    """Name of the claim type, as shown in decisions."""
    basis: Basis = Field(examples=["public_law_lien", "public_law", "contract"])
    """The legal basis of the claim: ``public_law_lien`` (public-law claim secured by a legal
    lien), ``public_law``, ``contract``, ``debt_instrument`` or ``lease``."""
    ladder: str = Field(examples=["special_basis", "ordinary"])
    """Name of the ladder (in ``ladders``) the claim follows."""
    ladder_by_document: dict[Document, str] = Field(
        default={}, examples=[{"enforceable_loan_note": "loan_note"}]
    )
    """Optional: another ladder for a claim whose debtor signed a document that gives a shorter
    road (``document_signed``): an enforceable loan note (tvangsfullbyrdelsesloven § 7-2 a)
    makes a social loan a claim with a special basis for distraint. The first document of
    this list the claim has decides."""
    left_out: list[LeftOut] = []
    """Optional: lawful roads beside the ladder that are left to the creditor's lawyer, said
    on each decision on an open claim of the type."""
    limitation_period: str = Field(examples=["general", "loan"])
    """Name of the limitation period (in ``limitation.periods``) the claim has."""
    lien: str | None = Field(default=None, examples=["legal_lien"])
    """Name of the lien (in ``liens``) that secures the claim, if any."""
    interest: str = Field(examples=["statutory", "none"])
    """Name of the interest regime (in ``interest``) the claim bears, or ``none``."""
    collection_interest: str | None = Field(default=None, examples=["collection"])
    """Name of the interest regime that replaces ``interest`` once the claim is referred to
    collection."""
    fees: str = Field(examples=["inkasso", "gebyrloven", "none"])
    """Name of the fee regime (in ``fees``) that caps the claim's fees, or ``none``."""
    public_collection: bool = Field(default=False, examples=[True])
    """``true``: a referral to collection hands the claim to the public collection authority,
    not to a collection agency."""
    interest_start: Literal["due_date", "after_demand"] = Field(
        default="due_date", examples=["due_date", "after_demand"]
    )
    """``due_date``: the due date is fixed in advance and interest runs from it;
    ``after_demand``: interest runs from ``demand_days`` (of the interest regime) after the
    first written demand (reminder or notice)."""


class CourtFee(Strict):
    """What the court or the enforcement officer charges the creditor for one step: a multiple
    of the profile's base fee (Norway's rettsgebyr), or an amount of its own (Denmark's
    retsafgift), each dated, with its source."""

    title: Sentence = Field(
        examples=["the fee for a petition for distraint (rettsgebyrloven § 14)"]
    )
    """What the fee is, in plain words with its statute (the warning names it)."""
    multiple: Param[Multiple] | None = None
    """How many times the base fee (``court_fees.base``) the step costs, dated."""
    amount: Param[Money] | None = None
    """The step's fee as an amount of money, dated (instead of ``multiple``)."""
    ladders: list[str] = Field(default=[], examples=[["private"]])
    """Optional: only on these ladders (names in ``ladders``); by default on every ladder the
    action appears on. A municipality that decides distraint itself pays no court fee."""


class CourtFeesSpec(Strict):
    """The court and enforcement fees the creditor pays for a step, to weigh a step's cost
    against what it may recover (``warnings.disproportionate_cost``)."""

    base: str | None = Field(default=None, examples=["rettsgebyr"])
    """The parameter (``unit: money``) a ``multiple`` multiplies: Norway's rettsgebyr."""
    round_down_to: Param[RoundingStep] | None = None
    """Optional: a fee made from a multiple is rounded down to this step (rettsgebyrloven
    § 6 a: to the whole krone)."""
    steps: dict[Action, CourtFee] = Field(
        examples=[
            {
                "request_distraint": {
                    "title": "the fee for a petition for distraint (rettsgebyrloven § 14)",
                    "multiple": {
                        "value": 1.21,
                        "status": "secondary",
                        "source": {
                            "statute": "rettsgebyrloven",
                            "url": "https://lovdata.no/dokument/NL/lov/1982-12-17-86",
                        },
                    },
                }
            }
        ]
    )
    """Each action's fee (``file_conciliation_complaint``, ``file_lawsuit``,
    ``request_distraint``, …)."""


class ProfileSpec(Strict):
    """A whole profile, after its files (and any base profile) are merged."""

    profile: ProfileMeta
    """Identity of the profile: id, name, country, currency, locale (an overlay: id, name and
    ``extends``)."""
    calendar: CalendarSpec
    """Business days (public holidays and extra non-working days) and the named rules for
    computing deadlines."""
    parameters: dict[str, Param[Decimal]]
    """Named numbers from the law that ladders and conditions refer to (days, amounts of
    money), each with its source."""
    limitation: LimitationSpec
    """Limitation of claims: when the period starts, its length, what interrupts it."""
    liens: dict[str, LienSpec] = {}
    """Named liens that secure claims, and when they lapse."""
    interest: dict[str, InterestSpec]
    """Named late-interest regimes; a claim type names the one it bears."""
    fees: dict[str, FeesSpec]
    """Named fee regimes (reminder and collection fees); a claim type names the one that caps
    its fees."""
    delivery: DeliverySpec
    """Which events prove, per channel, that the debtor was given the invoice."""
    allocation: AllocationSpec
    """The order in which a payment covers fees, interest and principal."""
    warnings: WarningsSpec
    """How many days ahead to warn of limitation and lapsing liens (policy, not law)."""
    ladders: dict[str, Ladder]
    """Named ladders: the ordered enforcement steps for each enforcement basis."""
    claim_types: dict[str, ClaimTypeSpec]
    """Named claim types: each one's legal basis, ladder, limitation period, lien, interest and
    fees."""
    court_fees: CourtFeesSpec | None = None
    """Optional: what each court or enforcement step costs the creditor, dated (to warn when
    a step would cost more than a share of what it may recover)."""
    local: LocalSpec = LocalSpec()
    """A municipality's own rules (set in an overlay): due dates, lower fees, no interest."""


def _kind_fragments() -> dict[str, str]:
    """pydantic's spelling of each bounded value type in definition names → its plain name."""
    fragments: dict[str, str] = {}
    for name, kind in KINDS.items():
        probe: type[BaseModel] = create_model("Probe", value=(Param[kind], ...))  # type: ignore[valid-type]
        for key in probe.model_json_schema().get("$defs", {}):
            if key.startswith("Param_"):
                fragments[key.removeprefix("Param_").removesuffix("_")] = name
    return fragments


def _renamed(node: Any, names: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                head, _, name = value.rpartition("/")
                out[key] = f"{head}/{names.get(name, name)}"
            elif key == "$defs" and isinstance(value, dict):
                out[key] = {names.get(k, k): _renamed(v, names) for k, v in value.items()}
            else:
                out[key] = _renamed(value, names)
        return out
    if isinstance(node, list):
        return [_renamed(item, names) for item in node]
    return node


def profile_json_schema() -> dict[str, Any]:
    """The JSON Schema of a profile file (every section optional: a profile is split over
    several files), with each bounded value type named plainly (``Param_Money_``,
    ``Dated_Percent_``) rather than by pydantic's spelling of its constraints."""
    document = ProfileSpec.model_json_schema(by_alias=True, schema_generator=DescribedSchema)
    document.pop("required", None)
    document["title"] = "claimrules profile file"
    fragments = _kind_fragments()
    names: dict[str, str] = {}
    for key in document.get("$defs", {}):
        prefix, _, rest = key.partition("_")
        plain = fragments.get(rest.removesuffix("_"))
        if plain is not None:
            names[key] = f"{prefix}_{plain}_"
    renamed: dict[str, Any] = _renamed(document, names)
    return renamed
