"""Checks across a profile's sections that the schema alone cannot express.

Each check returns ``(key path, message)`` pairs so the loader can point at the file and line.
The ladder check enforces the hit policy: at any position exactly one step may decide, so two
alternatives whose conditions overlap, or a claim that no alternative covers, are errors found
when the profile loads, not when a claim happens to hit them.
"""

from __future__ import annotations

import difflib
from datetime import date
from decimal import Decimal

from claimrules.law.caps import notice_cap
from claimrules.law.schema import (
    Condition,
    DailyInterest,
    FeesSpec,
    ProfileSpec,
    Step,
    StepChoice,
)
from claimrules.model.messages import Said, _msg, say

__all__ = [
    "EARLIEST",
    "alternative_interval",
    "check_fees",
    "check_ladders",
    "check_money_places",
    "check_profile",
    "check_references",
]

Problem = tuple[tuple[str | int, ...], str]
"""A key path and what is wrong there: a sentence made with ``say`` (shown in the reader's
language by ``claimrules validate --lang``)."""

UNKNOWN_NAME = {
    "convention": _msg("unknown convention {name}{hint}; known: {known}"),
    "period": _msg("unknown period {name}{hint}; known: {known}"),
    "ladder": _msg("unknown ladder {name}{hint}; known: {known}"),
    "lien": _msg("unknown lien {name}{hint}; known: {known}"),
    "claim type": _msg("unknown claim type {name}{hint}; known: {known}"),
    "parameter": _msg("unknown parameter {name}{hint}; known: {known}"),
    "interest regime": _msg("unknown interest regime {name}{hint}; known: {known}"),
    "fee regime": _msg("unknown fee regime {name}{hint}; known: {known}"),
}
CLOSE_NAME = _msg(" (did you mean '{close}'?)")
NONE_KNOWN = _msg("none")
BASE_IN_MONEY = _msg("{name} must name a parameter in money (unit: money)")
MULTIPLE_OR_AMOUNT = _msg("give either 'multiple' (of the base fee) or 'amount'")
MULTIPLE_NEEDS_BASE = _msg("a multiple needs 'court_fees.base'")
TOO_MANY_DECIMALS = _msg("{value} has more decimals than {currency} has ({places})")
PROVE_DELIVERY = _msg("say which events prove delivery for: {channels}")
ALLOCATION_ORDER = _msg("must list fees, interest and principal once each")
DESIGNATION_STATUS = _msg("honoured is null exactly when status is unknown (the law was not found)")
OFFSET_STATUS = _msg("allowed is null exactly when status is unknown (the law was not found)")
PARAMETER_NOT_DAYS = _msg("parameter {name} is in {unit}, not days")
PARAMETER_NOT_MONEY = _msg("parameter {name} is in {unit}, not money")
NOT_NEGATIVE = _msg("must not be negative")
STEP_NEEDS_REASON = _msg("a {action} step must give its reason")
COLLECTION_INTEREST_PUBLIC = _msg("collection interest applies only with public_collection: true")
REGIME_STARTS = _msg("regime {name} must say starts: first_of_month_after_referral")
FEE_NOT_ALLOWED = _msg(
    "ladder {ladder} charges a {fee} fee, which fee regime {regime} does not allow; known: {known}"
)
RATE_OR_REFERENCE = _msg("give either 'rate' or both 'reference' and 'margin'")
FRACTION_OR_AMOUNT = _msg("give exactly one of 'fraction' (of the fee base) or 'amount'")
FRACTION_NEEDS_BASE = _msg("a 'fraction' needs a fee 'base'")
SPACING_NEEDS_DEADLINE = _msg("spacing {spacing} needs deadline_days")
SEQUENCE_UNKNOWN_FEE = _msg("sequence {number} names unknown fee {fee}")
OVER_THE_CAP = _msg(
    "{amount} exceeds the country cap of {cap} for a {fee} ({title}, in force from {since}); a "
    "municipality may charge less, never more"
)
ALTERNATIVES_OVERLAP = {
    "person": _msg(
        "alternatives overlap for a person debtor on {on}: two steps would decide the same claim "
        "(make the conditions exclusive)"
    ),
    "business": _msg(
        "alternatives overlap for a business debtor on {on}: two steps would decide the same "
        "claim (make the conditions exclusive)"
    ),
}
NOT_COVERED = {
    "person": _msg("no alternative covers principal {low} to {high} for a person debtor on {on}"),
    "business": _msg(
        "no alternative covers principal {low} to {high} for a business debtor on {on}"
    ),
}
NOT_COVERED_FROM = {
    "person": _msg("no alternative covers principal from {low} for a person debtor on {on}"),
    "business": _msg("no alternative covers principal from {low} for a business debtor on {on}"),
}
"""What the checks find, as catalogue sentences; the profile's names and values inside them
are shown as written (quoted as the file has them)."""
EARLIEST = date(1900, 1, 1)
"""The first day the ladder checks consider when they prove alternatives cover every date."""


def check_profile(spec: ProfileSpec) -> list[Problem]:
    """Every cross-reference and consistency problem in ``spec``."""
    problems: list[Problem] = []
    problems += check_money_places(spec)
    problems += check_references(spec)
    problems += _check_interest(spec)
    problems += check_fees(spec)
    problems += check_ladders(spec)
    problems += check_court_fees(spec)
    return problems


def check_court_fees(spec: ProfileSpec) -> list[Problem]:
    """Each court fee is a multiple of a base fee in money, or an amount, on ladders that
    exist."""
    court = spec.court_fees
    if court is None:
        return []
    problems: list[Problem] = []
    if court.base is not None and _param_unit(spec, court.base) != "money":
        problems.append(
            (
                ("court_fees", "base"),
                say(BASE_IN_MONEY, name=f"'{court.base}'"),
            )
        )
    for action, fee in court.steps.items():
        where = ("court_fees", "steps", action)
        if (fee.multiple is None) == (fee.amount is None):
            problems.append((where, say(MULTIPLE_OR_AMOUNT)))
        elif fee.multiple is not None and court.base is None:
            problems.append(((*where, "multiple"), say(MULTIPLE_NEEDS_BASE)))
        for i, ladder in enumerate(fee.ladders):
            if ladder not in spec.ladders:
                problems.append(((*where, "ladders", i), _unknown("ladder", ladder, spec.ladders)))
    return problems


def check_money_places(spec: ProfileSpec) -> list[Problem]:
    """No amount of money in the profile has more decimals than its currency (an amount is
    never rounded silently): fee amounts, fee bases, thresholds, local fees."""
    from babel.numbers import get_currency_precision

    from claimrules.law.profile import param_paths
    from claimrules.law.values import Money

    places = int(get_currency_precision(spec.profile.currency))
    problems: list[Problem] = []

    def check(path: tuple[str | int, ...], value: object) -> None:
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -places:
                problems.append(
                    (
                        path,
                        say(
                            TOO_MANY_DECIMALS,
                            value=str(value),
                            currency=spec.profile.currency,
                            places=str(places),
                        ),
                    )
                )

    for path, param in param_paths(spec):
        kind = type(param).__pydantic_generic_metadata__["args"]
        if param.unit != "money" and not (kind and kind[0] is Money):
            continue
        if param.values is None:
            check(path, param.value)
        else:
            for entry in param.values:
                check((*path, "values", entry.valid_from.isoformat()), entry.value)
    for kind_name, fee in spec.local.fees.items():
        check(("local", "fees", kind_name, "amount"), fee.amount)
    if spec.local.small_balance is not None:
        check(("local", "small_balance", "below"), spec.local.small_balance.below)
    return problems


def _param_unit(spec: ProfileSpec, name: str) -> str | None:
    param = spec.parameters.get(name)
    return None if param is None else (param.unit or "")


def check_references(spec: ProfileSpec) -> list[Problem]:
    """Every name a profile refers to (convention, period, lien, ladder, regime, parameter)
    exists."""
    problems: list[Problem] = []
    conventions = spec.calendar.conventions
    if spec.limitation.convention not in conventions:
        problems.append(
            (
                ("limitation", "convention"),
                _unknown("convention", spec.limitation.convention, conventions),
            )
        )
    for name, lien in spec.liens.items():
        if lien.convention not in conventions:
            problems.append(
                (
                    ("liens", name, "convention"),
                    _unknown("convention", lien.convention, conventions),
                )
            )
    periods = spec.limitation.periods
    later = spec.limitation.later_interest
    if later is not None and later.period not in periods:
        problems.append(
            (("limitation", "later_interest", "period"), _unknown("period", later.period, periods))
        )
    for event, rule in spec.limitation.interruptions.items():
        if rule.period != "same" and rule.period not in periods:
            problems.append(
                (
                    ("limitation", "interruptions", event, "period"),
                    _unknown("period", rule.period, periods),
                )
            )
    for name, ctype in spec.claim_types.items():
        where = ("claim_types", name)
        if ctype.ladder not in spec.ladders:
            problems.append(((*where, "ladder"), _unknown("ladder", ctype.ladder, spec.ladders)))
        for document, other in ctype.ladder_by_document.items():
            if other not in spec.ladders:
                problems.append(
                    (
                        (*where, "ladder_by_document", document),
                        _unknown("ladder", other, spec.ladders),
                    )
                )
        if ctype.limitation_period not in periods:
            problems.append(
                (
                    (*where, "limitation_period"),
                    _unknown("period", ctype.limitation_period, periods),
                )
            )
        if ctype.lien is not None and ctype.lien not in spec.liens:
            problems.append(((*where, "lien"), _unknown("lien", ctype.lien, spec.liens)))
        problems += _check_regimes(spec, name)
    missing = {"post", "digital_mailbox", "email", "e_invoice"} - set(spec.delivery.evidence)
    if missing:
        problems.append(
            (
                ("delivery", "evidence"),
                say(PROVE_DELIVERY, channels=", ".join(sorted(missing))),
            )
        )
    if sorted(spec.allocation.order) != ["fees", "interest", "principal"]:
        problems.append((("allocation", "order"), say(ALLOCATION_ORDER)))
    designation = spec.allocation.designation
    if designation is not None and (designation.honoured is None) != (
        designation.status == "unknown"
    ):
        problems.append((("allocation", "designation", "honoured"), say(DESIGNATION_STATUS)))
    offset = spec.allocation.offset
    if offset is not None and (offset.allowed is None) != (offset.status == "unknown"):
        problems.append((("allocation", "offset", "allowed"), say(OFFSET_STATUS)))
    for type_name in spec.warnings.no_movement:
        if type_name not in spec.claim_types:
            problems.append(
                (
                    ("warnings", "no_movement", type_name),
                    _unknown("claim type", type_name, spec.claim_types),
                )
            )
    for regime_name, regime in spec.fees.items():
        compensation = regime.compensation
        for i, type_name in enumerate(compensation.claim_types if compensation else []):
            if type_name not in spec.claim_types:
                problems.append(
                    (
                        ("fees", regime_name, "compensation", "claim_types", i),
                        _unknown("claim type", type_name, spec.claim_types),
                    )
                )
    accounts = spec.local.accounts
    for type_name in accounts.by_claim_type if accounts is not None else {}:
        if type_name not in spec.claim_types:
            problems.append(
                (
                    ("local", "accounts", "by_claim_type", type_name),
                    _unknown("claim type", type_name, spec.claim_types),
                )
            )
    policy = spec.local.write_off_policy
    for i, type_name in enumerate(policy.claim_types if policy is not None else []):
        if type_name not in spec.claim_types:
            problems.append(
                (
                    ("local", "write_off_policy", "claim_types", i),
                    _unknown("claim type", type_name, spec.claim_types),
                )
            )
    for ladder_name, ladder in spec.ladders.items():
        for i, item in enumerate(ladder.steps):
            steps = item.choose if isinstance(item, StepChoice) else [item]
            for j, step in enumerate(steps):
                where_step: tuple[str | int, ...] = ("ladders", ladder_name, "steps", i)
                if isinstance(item, StepChoice):
                    where_step = (*where_step, "choose", j)
                problems += _check_step(spec, step, where_step)
    return problems


def _check_step(spec: ProfileSpec, step: Step, where: tuple[str | int, ...]) -> list[Problem]:
    problems: list[Problem] = []
    days = step.not_before.days
    if isinstance(days, str):
        unit = _param_unit(spec, days)
        if unit is None:
            problems.append(
                ((*where, "not_before", "days"), _unknown("parameter", days, spec.parameters))
            )
        elif unit != "days":
            problems.append(
                (
                    (*where, "not_before", "days"),
                    say(PARAMETER_NOT_DAYS, name=repr(days), unit=unit),
                )
            )
    elif days < 0:
        problems.append(((*where, "not_before", "days"), say(NOT_NEGATIVE)))
    if step.when is not None:
        for key in ("principal_below", "principal_at_least"):
            name = getattr(step.when, key)
            if name is None:
                continue
            unit = _param_unit(spec, name)
            if unit is None:
                problems.append(
                    ((*where, "when", key), _unknown("parameter", name, spec.parameters))
                )
            elif unit != "money":
                problems.append(
                    ((*where, "when", key), say(PARAMETER_NOT_MONEY, name=repr(name), unit=unit))
                )
    notice = step.notice
    if notice is not None and isinstance(notice.deadline_days, str):
        name = notice.deadline_days
        unit = _param_unit(spec, name)
        where_days = (*where, "notice", "deadline_days")
        if unit is None:
            problems.append((where_days, _unknown("parameter", name, spec.parameters)))
        elif unit != "days":
            problems.append((where_days, say(PARAMETER_NOT_DAYS, name=repr(name), unit=unit)))
    if step.action in ("manual_review", "monitor") and not step.reason:
        problems.append(((*where, "reason"), say(STEP_NEEDS_REASON, action=step.action)))
    return problems


def _check_regimes(spec: ProfileSpec, name: str) -> list[Problem]:
    """The claim type's interest and fee regimes exist and fit its ladder."""
    ctype = spec.claim_types[name]
    where = ("claim_types", name)
    problems: list[Problem] = []
    if ctype.interest != "none" and ctype.interest not in spec.interest:
        problems.append(
            ((*where, "interest"), _unknown("interest regime", ctype.interest, spec.interest))
        )
    if ctype.collection_interest is not None:
        regime = spec.interest.get(ctype.collection_interest)
        if not ctype.public_collection:
            problems.append(
                (
                    (*where, "collection_interest"),
                    say(COLLECTION_INTEREST_PUBLIC),
                )
            )
        if regime is None:
            problems.append(
                (
                    (*where, "collection_interest"),
                    _unknown("interest regime", ctype.collection_interest, spec.interest),
                )
            )
        elif (
            not isinstance(regime, DailyInterest)
            or regime.starts != "first_of_month_after_referral"
        ):
            problems.append(
                (
                    (*where, "collection_interest"),
                    say(REGIME_STARTS, name=repr(ctype.collection_interest)),
                )
            )
    if ctype.fees != "none" and ctype.fees not in spec.fees:
        problems.append(((*where, "fees"), _unknown("fee regime", ctype.fees, spec.fees)))
        return problems
    notices = spec.fees[ctype.fees].notices if ctype.fees != "none" else {}
    ladder = spec.ladders.get(ctype.ladder)
    for item in ladder.steps if ladder is not None else []:
        for step in item.choose if isinstance(item, StepChoice) else [item]:
            if step.fee is not None and step.fee not in notices:
                problems.append(
                    (
                        (*where, "fees"),
                        say(
                            FEE_NOT_ALLOWED,
                            ladder=repr(ctype.ladder),
                            fee=step.fee,
                            regime=repr(ctype.fees),
                            known=", ".join(sorted(notices)) or say(NONE_KNOWN),
                        ),
                    )
                )
    return problems


def _check_interest(spec: ProfileSpec) -> list[Problem]:
    problems: list[Problem] = []
    for name, regime in spec.interest.items():
        if isinstance(regime, DailyInterest):
            by_table = regime.rate is not None
            by_reference = regime.reference is not None and regime.margin is not None
            if by_table == by_reference or (
                not by_table and (regime.reference is None) != (regime.margin is None)
            ):
                problems.append((("interest", name), say(RATE_OR_REFERENCE)))
    return problems


def check_fees(spec: ProfileSpec) -> list[Problem]:
    """Fee regimes are complete and local fees stay within every national cap on every date."""
    problems: list[Problem] = []
    for regime_name, fees in spec.fees.items():
        for kind, notice in fees.notices.items():
            where = ("fees", regime_name, "notices", kind)
            if (notice.fraction is None) == (notice.amount is None):
                problems.append((where, say(FRACTION_OR_AMOUNT)))
            if notice.fraction is not None and fees.base is None:
                problems.append((where, say(FRACTION_NEEDS_BASE)))
        if fees.spacing != "none" and fees.deadline_days is None:
            problems.append(
                (
                    ("fees", regime_name, "deadline_days"),
                    say(SPACING_NEEDS_DEADLINE, spacing=repr(fees.spacing)),
                )
            )
        for sequences in fees.sequences.all_known() if fees.sequences is not None else []:
            for i, sequence in enumerate(sequences):
                for kind in sequence:
                    if kind not in fees.notices:
                        problems.append(
                            (
                                ("fees", regime_name, "sequences"),
                                say(SEQUENCE_UNKNOWN_FEE, number=str(i + 1), fee=repr(kind)),
                            )
                        )
    for kind, local in spec.local.fees.items():
        for fees in spec.fees.values():
            for on, cap in _cap_series(fees, kind):
                if cap is not None and local.amount > cap:
                    problems.append(
                        (
                            ("local", "fees", kind, "amount"),
                            say(
                                OVER_THE_CAP,
                                amount=str(local.amount),
                                cap=str(cap),
                                fee=kind,
                                title=fees.title,
                                since=on,
                            ),
                        )
                    )
                    break
    return problems


def _cap_series(fees: FeesSpec, kind: str) -> list[tuple[date, Decimal | None]]:
    notice = fees.notices.get(kind)  # type: ignore[call-overload]
    if notice is None:
        return []
    params = [p for p in (notice.fraction, notice.amount, fees.base) if p is not None]
    dates = sorted({EARLIEST, *(d for p in params for d in p.breakpoints())})
    return [(on, notice_cap(fees, kind, on, on)) for on in dates]


def alternative_interval(
    spec: ProfileSpec, when: Condition | None, on: date
) -> tuple[Decimal, Decimal] | None:
    """The principal interval ``[low, high)`` a condition admits on ``on`` (``None``: empty)."""
    low, high = Decimal(0), Decimal("Infinity")
    if when is None:
        return low, high
    for key in ("principal_at_least", "principal_below"):
        name = getattr(when, key)
        if name is None:
            continue
        param = spec.parameters.get(name)
        resolved = param.at(on) if param is not None else None
        if resolved is None or resolved.value is None:
            return None
        if key == "principal_at_least":
            low = max(low, resolved.value)
        else:
            high = min(high, resolved.value)
    return low, high


def check_ladders(spec: ProfileSpec) -> list[Problem]:
    """Exactly one alternative of every ``choose`` matches each claim on each date."""
    problems: list[Problem] = []
    for ladder_name, ladder in spec.ladders.items():
        for i, item in enumerate(ladder.steps):
            if not isinstance(item, StepChoice):
                continue
            where = ("ladders", ladder_name, "steps", i, "choose")
            names = {
                getattr(step.when, key)
                for step in item.choose
                if step.when is not None
                for key in ("principal_below", "principal_at_least")
            } - {None}
            dates = {EARLIEST}
            for name in names:
                param = spec.parameters.get(str(name))
                if param is not None:
                    dates.update(param.breakpoints())
            problems += _check_choice(spec, item, sorted(dates), where)
    return problems


def _check_choice(
    spec: ProfileSpec, choice: StepChoice, dates: list[date], where: tuple[str | int, ...]
) -> list[Problem]:
    for on in dates:
        for kind in ("person", "business"):
            spans: list[tuple[Decimal, Decimal, int]] = []
            for j, step in enumerate(choice.choose):
                if step.when is not None and step.when.debtor_kind not in (None, kind):
                    continue
                span = alternative_interval(spec, step.when, on)
                if span is None:
                    break
                if span[0] < span[1]:
                    spans.append((span[0], span[1], j))
            else:
                spans.sort()
                reach = Decimal(0)
                for low, high, j in spans:
                    if low < reach:
                        return [
                            (
                                (*where, j),
                                say(ALTERNATIVES_OVERLAP[kind], on=on),
                            )
                        ]
                    if low > reach:
                        return [
                            (
                                where,
                                say(NOT_COVERED[kind], low=str(reach), high=str(low), on=on),
                            )
                        ]
                    reach = high
                if reach != Decimal("Infinity"):
                    return [
                        (
                            where,
                            say(NOT_COVERED_FROM[kind], low=str(reach), on=on),
                        )
                    ]
    return []


def _unknown(what: str, name: str, known: object) -> Said:
    """``name`` is no ``what`` of the profile: the known ones, and the closest as a hint."""
    names = sorted(str(k) for k in known)  # type: ignore[attr-defined]
    close = difflib.get_close_matches(name, names, n=1)
    return say(
        UNKNOWN_NAME[what],
        name=repr(name),
        hint=say(CLOSE_NAME, close=close[0]) if close else "",
        known=", ".join(names) or say(NONE_KNOWN),
    )
