"""The Decision: what to do next with a claim, when, for how much, and why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from claimrules.errors import interruption_within
from claimrules.model.claims import EARLIEST_DATE, LATEST_DATE, Claim
from claimrules.model.provided import provided

if TYPE_CHECKING:
    from collections.abc import Mapping

    from claimrules.model.casefile import CaseFile, Parties

__all__ = [
    "Balance",
    "DeadlineItem",
    "Decision",
    "DecisionWarning",
    "LienInfo",
    "LimitationInfo",
    "Message",
    "TraceEntry",
    "record_json",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Balance(_Frozen):
    """Outstanding amounts on the as-of date, after payment allocation.

    ``interest_known_through`` is set when the interest rate for a later day is unknown law:
    interest is then counted through that day only, so ``interest`` and ``total`` are the least
    the debtor owes (never a guess, never a silent zero); an ``unknown_law`` warning names the
    missing value, its file and line. ``None`` when the interest is known through ``as_of``.
    """

    principal: Decimal
    interest: Decimal
    fees: Decimal
    total: Decimal
    interest_known_through: date | None = None


class LimitationInfo(_Frozen):
    """The limitation period as it stands on the as-of date.

    ``expires_on`` is ``None`` while legal proceedings suspend the period (see the trace).
    """

    expires_on: date | None
    started_on: date
    period: str
    time_barred: bool
    citation: str


class LienInfo(_Frozen):
    """The lien securing the claim: when it lapses, and whether a timely step preserved it."""

    name: str
    expires_on: date | None
    preserved_on: date | None
    lapsed: bool
    citation: str


class DeadlineItem(_Frozen):
    """An upcoming date that matters for the claim.

    ``preserve`` names the step that would keep the right alive (for a limitation or lien lapse
    date), empty for other dates.
    """

    name: str
    on: date
    preserve: str = ""


class Message(_Frozen):
    """One of the engine's sentences as data: the template's ``id`` (a name of
    :mod:`claimrules.model.messages`, e.g. ``OVERPAID``) and its typed parameters, each a
    one-key object saying its kind: ``{"date": "2025-01-20"}``, ``{"money": "45.76",
    "currency": "NOK"}``, ``{"percent": "12.25"}``, ``{"number": 14}``, ``{"message": {...}}``
    (a sentence inside this one), ``{"list": [...], "separator": "; "}``, ``{"words": ...}``
    (words the catalogues translate) or ``{"text": ...}`` (shown as written). Every text a
    decision shows is rendered from it in the reader's language
    (:func:`claimrules.text.explain.explain`); the English field beside it is its English
    rendering."""

    id: str
    params: dict[str, Any]


class DecisionWarning(_Frozen):
    """Something the host must look at; ``code`` is stable, ``message`` is for people, ``msg``
    the same as data (``None`` for a profile's own wording)."""

    code: str
    message: str
    msg: Message | None = None


class TraceEntry(_Frozen):
    """One rule that took part in the decision, its outcome and its legal source; ``msg`` is the
    outcome as data (``None`` for a profile's own wording, and in a ``rules`` trace)."""

    rule: str
    outcome: str
    citation: str = ""
    msg: Message | None = None


class Decision(_Frozen):
    """The next lawful action for one claim on one date.

    ``on`` is the earliest date the action is lawful; ``ready`` is ``on <= as_of``. ``fee`` is the
    most that may lawfully be charged with this action. ``reason`` says in one sentence why this
    action was chosen; ``trace`` lists every rule that decided, with citations.
    """

    claim_id: str
    as_of: Annotated[date, Field(ge=EARLIEST_DATE, le=LATEST_DATE)]
    currency: str
    """The claim's currency (ISO 4217): every amount of the decision is in it."""
    action: str
    on: date
    ready: bool
    reason: str
    reason_msg: Message | None = None
    """The reason as data (:class:`Message`); ``None`` for a profile's own wording and in
    decisions stored before it existed."""
    balance: Balance
    fee: Decimal
    limitation: LimitationInfo | None
    lien: LienInfo | None
    deadlines: tuple[DeadlineItem, ...]
    warnings: tuple[DecisionWarning, ...]
    trace: tuple[TraceEntry, ...]
    profile_id: str
    profile_hash: str
    claim_hash: str | None = None
    """SHA-256 of the decided claim's canonical form (:attr:`Claim.content_hash`): replay and
    case files refuse a claim that differs. ``None`` in decisions stored before it existed."""
    engine_version: str

    def explain(self, lang: str = "en", *, currency: str | None = None) -> str:
        """A plain-language explanation with citations (``en``, ``nb``, ``da``, ``kl``), by
        :func:`claimrules.text.explain.explain`.

        Amounts are formatted as money in the decision's currency (or ``currency``) for the
        language's locale. Sentences without a reviewed translation are shown in English,
        marked ``[en]`` (Greenlandic falls back to Danish first).
        """
        return str(provided("explain")(self, lang, currency=currency or self.currency))

    def case_file(
        self,
        claim: Claim,
        profile: object | None = None,
        parties: Parties | Mapping[str, Any] | None = None,
    ) -> CaseFile:
        """The court-ready case data for this decision (:func:`claimrules.case_file`):
        ``claim`` is the claim it was made for, decided again on :attr:`as_of` under
        ``profile`` (a :class:`~claimrules.Profile`), by default the profile the decision
        names, which must be unchanged. ``parties`` are the names and addresses the host gives
        for the document (a :class:`~claimrules.Parties` or its mapping); what is not given is
        listed in :attr:`CaseFile.missing`.

        Raises:
            ClaimError: ``claim`` is another claim, its next action needs no case file, or
                ``parties`` is not valid (the field is ``parties.…``).
            ReplayError: the profile or the claim is not the one the decision was made with
                (its content hash differs; for the claim, the error names what the decision
                would now say differently).
        """
        made: CaseFile = provided("case_file")(self, claim, profile, parties)
        return made

    def warning_codes(self) -> list[str]:
        """The codes of the warnings, in order."""
        return [warning.code for warning in self.warnings]


def _decimal(value: object) -> str:
    if type(value) is Decimal:
        return str(value)
    raise TypeError(f"{type(value).__name__} is not part of a decision record")


def record_json(record: dict[str, Any]) -> bytes:
    """A decision record (:func:`claimrules.engine.core.decision_record`) as JSON: the same bytes
    as ``Decision.model_validate(record).model_dump_json()``, written by orjson (fields in the
    Decision's order, amounts as exact decimal strings, dates as ``YYYY-MM-DD``).

    A Ctrl-C that arrives while orjson calls back for an amount is raised as the
    ``KeyboardInterrupt`` it is (orjson would report it as a value it cannot serialise)."""
    try:
        return orjson.dumps(record, default=_decimal)
    except orjson.JSONEncodeError as error:
        interruption = interruption_within(error)
        if interruption is not None:
            raise interruption from None
        raise
