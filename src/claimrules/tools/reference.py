"""Render a profile as a Markdown reference page (used by the docs build).

The reference is generated from the YAML, so the documentation never restates the law by hand.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from claimrules.law.profile import Profile, param_paths
from claimrules.law.schema import InterestMethod, MonthlyInterest, Step, StepChoice
from claimrules.law.values import Param, Source

__all__ = ["KnownThrough", "known_through", "render_markdown", "renewed_values"]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _key(key: object) -> str:
    """An id or key as inline code that never wraps (``.cr-key`` is ``white-space: nowrap`` in
    ``docs/stylesheets/extra.css``), so a table never breaks it mid-word."""
    return f'<span class="cr-key">`{_cell(key)}`</span>'


def _day(day: date | None) -> str:
    """A date that never wraps at its hyphens (``.cr-date``, like ``.cr-key``)."""
    return f'<span class="cr-date">{day}</span>'


_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _dated(text: str) -> str:
    """``text`` with each day in it kept whole (:func:`_day`)."""
    return _ISO_DAY.sub(lambda found: f'<span class="cr-date">{found.group()}</span>', text)


def _src(source: Source | None) -> str:
    if source is None:
        return ""
    head = f"{source.statute} {source.section or ''}".strip()
    return f"[{_cell(head)}]({source.url})"


def _param_rows(name: str, param: Param[Any]) -> list[str]:
    if param.values is None:
        value = "unknown" if param.value is None else param.value
        return [f"| {name} | {value} | | {param.status} | {_src(param.source)} |"]
    rows = []
    for entry in param.values:
        value = "unknown" if entry.value is None else entry.value
        rows.append(
            f"| {name} | {value} | from {_day(entry.valid_from)}"
            f"{f' until {_day(entry.until)}' if entry.until else ''} | {entry.status or param.status} "
            f"| {_src(entry.source or param.source)} |"
        )
    return rows


class KnownThrough:
    """How far a renewed value (a half-yearly rate, the yearly inkassosats) is known.

    Attributes:
        key: dotted key path in the profile, e.g. ``interest.statutory.rate``.
        renewal: ``half-yearly`` or ``yearly`` (inferred half-yearly values say so).
        through: the last day of the latest run of known values (``None``: never known).
        latest: the start of the latest entry, and its status.
        gaps: earlier periods without a known value, as ``(first, last)`` days.
    """

    __slots__ = ("gaps", "key", "latest", "renewal", "through")

    def __init__(
        self,
        key: str,
        renewal: str,
        through: date | None,
        latest: tuple[date, str],
        gaps: list[tuple[date, date]],
    ) -> None:
        self.key = key
        self.renewal = renewal
        self.through = through
        self.latest = latest
        self.gaps = gaps


def known_through(param: Param[Any]) -> tuple[date | None, list[tuple[date, date]]]:
    """The last day of the latest unbroken run of known values of a dated ``param`` (the last
    entry of a renewed value ends with its period), and the earlier periods with no known
    value."""
    if not param.values:
        return None, []
    spans: list[tuple[date, date | None, bool]] = []
    for entry in param.values:
        resolved = param.at(entry.valid_from)
        known = resolved is not None and resolved.known
        until = resolved.valid_until if resolved is not None else entry.until
        spans.append((entry.valid_from, until, known))
    through: date | None = None
    gaps: list[tuple[date, date]] = []
    for start, until, known in spans:
        end = until - timedelta(days=1) if until is not None else None
        if known:
            through = end if end is not None else date.max
        elif end is not None:
            gaps.append((start, end))
        else:
            gaps.append((start, start))
    earlier: list[tuple[date, date]] = []
    for first, last in gaps:
        if through is not None and first > through:
            continue  # after the latest known value: the "known through" date says it
        if earlier and earlier[-1][1] + timedelta(days=1) == first:
            earlier[-1] = (earlier[-1][0], last)
        else:
            earlier.append((first, last))
    return (None if through == date.max else through), earlier


def renewed_values(profile: Profile) -> list[KnownThrough]:
    """Every value the law renews each half-year or year, with how far it is known."""
    from claimrules.tools.lint import schedule_of

    found: list[KnownThrough] = []
    for path, param in param_paths(profile.spec):
        schedule = schedule_of(param)
        if schedule is None or not param.values:
            continue
        renewal = schedule.describe() + ("" if schedule.declared else ", inferred")
        through, gaps = known_through(param)
        last = param.values[-1]
        found.append(
            KnownThrough(
                ".".join(str(p) for p in path),
                renewal,
                through,
                (last.valid_from, last.status or param.status or ""),
                gaps,
            )
        )
    return found


def render_markdown(profile: Profile) -> str:
    """The whole profile as Markdown: claim types, ladders, parameters, limitation, fees."""
    spec = profile.spec
    meta = spec.profile
    out = [
        f"# Profile `{meta.id}`: {meta.name}",
        "",
        f"Country {meta.country}, currency {meta.currency}. "
        f"Generated from the YAML files ({len(profile.files)}); content hash `{profile.content_hash[:16]}`.",
        "",
        f"**Last reviewed against the law:** {meta.last_verified_on or 'not stated'} "
        "(`profile.last_verified_on`).",
        "",
        "## Law known through",
        "",
        "Values the law sets anew every period. Past the date shown the profile knows no value: "
        "decisions count interest only up to it and charge no fee that needs it, and "
        "`claimrules check` fails until the new value is added.",
        "",
    ]
    renewed_rows = []
    for renewed in renewed_values(profile):
        start, status = renewed.latest
        gaps = ", ".join(f"{_day(a)} to {_day(b)}" for a, b in renewed.gaps) or "none"
        through = "never" if renewed.through is None else _day(renewed.through)
        renewed_rows.append(
            f"| {_key(renewed.key)} | {renewed.renewal} | **{through}** | from "
            f"{_day(start)} ({status}) | {gaps} |"
        )
    if renewed_rows:  # a table with no rows shows as a header over an empty row
        out += [
            "| value | renewed | known through | latest entry | earlier gaps |",
            "|---|---|---|---|---|",
            *renewed_rows,
        ]
    else:
        out.append("This profile has no such value.")
    out += [
        "",
        "## Claim types",
        "",
        "| id | title | basis | status | source |",
        "|---|---|---|---|---|",
    ]
    for key, ctype in spec.claim_types.items():
        out.append(
            f"| {_key(key)} | {_cell(ctype.title)} | {_key(ctype.basis)} | {ctype.status} | "
            f"{_src(ctype.source)} |"
        )
    out += [
        "",
        "How each claim type is collected: its ladder, limitation period, lien, interest regime "
        "(and the regime once referred to collection) and fee regime, named as in the sections "
        "below.",
        "",
        "| id | ladder | limitation | lien | interest | fees |",
        "|---|---|---|---|---|---|",
    ]
    for key, ctype in spec.claim_types.items():
        interest = _key(ctype.interest)
        if ctype.collection_interest:
            interest += f", then {_key(ctype.collection_interest)}"
        out.append(
            f"| {_key(key)} | {_key(ctype.ladder)} | {_key(ctype.limitation_period)} | "
            f"{_key(ctype.lien) if ctype.lien else ''} | {interest} | {_key(ctype.fees)} |"
        )
    out += ["", "## Ladders", ""]
    for key, ladder in spec.ladders.items():
        out += [f"### `{key}`: {_cell(ladder.title)}", ""]
        for i, item in enumerate(ladder.steps, start=1):
            steps = item.choose if isinstance(item, StepChoice) else [item]
            for step in steps:
                out.append(f"{i}. {_step(step)}")
        out.append("")
    out += _notice_lines(spec)
    out += [
        "## Parameters and legal values",
        "",
        "| name | value | validity | status | source |",
        "|---|---|---|---|---|",
    ]
    for key, money in spec.parameters.items():
        out += _param_rows(_key(key), money)
    for key, years in spec.limitation.periods.items():
        out += _param_rows(f"limitation period {_key(key)} (years)", years)
    for key, lien in spec.liens.items():
        out += _param_rows(f"lien {_key(key)} lapses after (years)", lien.lapse_years)
    for regime_name, fees in spec.fees.items():
        label = f"fees {_key(regime_name)}"
        if fees.base is not None:
            out += _param_rows(f"{label}: fee base", fees.base)
        if fees.rounding is not None:
            out += _param_rows(f"{label}: fee rounded to a multiple of", fees.rounding)
        for kind, notice in fees.notices.items():
            if notice.fraction is not None:
                out += _param_rows(f"{label}: {kind} fee (fraction of base)", notice.fraction)
            if notice.amount is not None:
                out += _param_rows(f"{label}: {kind} fee (amount)", notice.amount)
        if fees.deadline_days is not None:
            out += _param_rows(f"{label}: notice deadline / spacing (days)", fees.deadline_days)
        if fees.max_count is not None:
            out += _param_rows(f"{label}: most fee-bearing notices", fees.max_count)
        if fees.compensation is not None:
            out += _param_rows(
                f"{label}: fixed compensation ({fees.compensation.debtor_kind} debtors)",
                fees.compensation.amount,
            )
    for regime_name, regime in spec.interest.items():
        label = f"interest {_key(regime_name)}"
        if isinstance(regime, MonthlyInterest):
            out += _param_rows(f"{label}: % per started month", regime.rate)
            continue
        if regime.rate is not None:
            out += _param_rows(f"{label}: % p.a.", regime.rate)
        if regime.reference is not None:
            out += _param_rows(f"{label}: reference rate %", regime.reference)
        if regime.margin is not None:
            out += _param_rows(f"{label}: margin (points, by {regime.margin_date})", regime.margin)
    out += [
        "",
        "## Limitation interruptions",
        "",
        "| event | effect | status | source |",
        "|---|---|---|---|",
    ]
    for event, rule in spec.limitation.interruptions.items():
        effect = rule.effect if rule.effect == "suspend" else f"new period ({rule.period})"
        out.append(f"| {_key(event)} | {effect} | {rule.status} | {_src(rule.source)} |")
    after = spec.limitation.after_proceedings
    if after is not None:
        if after.years is None or after.status == "unknown":
            effect = "unknown: manual review"
        else:
            effect = f"time-barred at the earliest {after.years} year(s) after the case ended"
            if after.cap_years is not None:
                effect += f" (counted from when the creditor learned of it, at most {after.cap_years} years after)"
            if after.lost_if:
                effect += f"; none if {' or '.join(after.lost_if)}"
            if after.next_step:
                effect += "; next: " + ", ".join(f"{k} → {v}" for k, v in after.next_step.items())
        out.append(
            f"| {_key('proceedings_ended')} without a decision | {_cell(effect)} "
            f"| {after.status} | {_src(after.source)} |"
        )
    out += [
        "",
        "## Deadline conventions",
        "",
        "| name | missing day | roll | status | source |",
        "|---|---|---|---|---|",
    ]
    for key, conv in spec.calendar.conventions.items():
        out.append(
            f"| {_key(key)} | {conv.missing_day} | {conv.roll} | {conv.status} | {_src(conv.source)} |"
        )
    out += ["", "## Interest regimes", ""]
    for regime_name, regime in spec.interest.items():
        method = regime.method
        if isinstance(method, InterestMethod):
            how = (
                f"first day {method.first_day}; last day {method.last_day}; day count "
                f"{method.day_count}; {method.compounding}; rounding {method.rounding}"
            )
        else:
            how = f"per started month, months {method.months}; rounding {method.rounding}"
        out.append(
            f"- `{regime_name}` ({_cell(regime.title)}): {how}; base {method.base} "
            f"({method.status}, {_src(method.source)})."
        )
    out.append("")
    out += ["## Fee regimes", ""]
    for regime_name, fees in spec.fees.items():
        limits = [f"spacing {fees.spacing}"]
        limits.append("no count limit" if fees.max_count is None else "count limited (see table)")
        if fees.sequences is not None:
            for seqs in fees.sequences.all_known():
                limits.append("sequences " + "; ".join(" → ".join(q) for q in seqs))
        out.append(
            f"- `{regime_name}` ({_cell(fees.title)}): {', '.join(limits)} "
            f"({fees.status}, {_src(fees.source)})."
        )
    out.append("")
    out += _policy_lines(spec)
    if spec.local.municipality:
        out += ["## Local rules", "", f"{spec.local.municipality}: {_src(spec.local.source)}", ""]
        if spec.local.due_date_rule:
            due_rule = spec.local.due_date_rule
            months = due_rule.months_after_issue
            month = {0: "the month of issue", 1: "the month after issue"}.get(
                months, f"the month {months} months after issue"
            )
            out.append(f"- Due date: day {due_rule.day_of_month} of {month}.")
        for kind, fee in spec.local.fees.items():
            out.append(f"- {kind} fee charged: {fee.amount}")
        local = spec.local
        if local.small_balance is not None:
            small = local.small_balance
            out.append(
                f"- Small amounts: below {small.below}, {small.action} and no fee "
                f"({_src(small.source)})."
            )
        if local.write_off_policy is not None:
            policy = local.write_off_policy
            which = ", ".join(policy.claim_types) or "every claim type"
            basis = " with no basis for enforcement" if policy.without_enforcement_basis else ""
            out.append(
                f"- Write-off policy: {which} due {policy.after_years} years ago or more{basis} "
                f"({_src(policy.source)})."
            )
        if local.payment_plan is not None:
            out.append(
                f"- Payment plans: {local.payment_plan.grace_days} days' grace per instalment "
                f"({_src(local.payment_plan.source)})."
            )
        if local.accounts is not None:
            accounts = local.accounts
            roles = ", ".join(
                f"{role} {getattr(accounts, role)}"
                for role in (
                    "receivable",
                    "interest_income",
                    "fee_income",
                    "loss",
                    "recovered_income",
                    "refund_payable",
                )
                if getattr(accounts, role) is not None
            )
            out.append(f"- Accounts: {roles} ({_src(accounts.source)}).")
        if local.creditor is not None:
            creditor = local.creditor
            given = [
                _cell(value if isinstance(value, str) else ", ".join(value))
                for value in (
                    creditor.name,
                    creditor.organisation_number,
                    creditor.address,
                    creditor.contact,
                )
                if value
            ]
            out.append(f"- Creditor on case files: {'; '.join(given)}.")
        out.append("")
    return "\n".join(out)


def _policy_lines(spec: Any) -> list[str]:
    """The profile's monitoring thresholds (policy, not law)."""
    warnings = spec.warnings
    lines = [
        "## Monitoring thresholds (policy)",
        "",
        f"- Warn {warnings.limitation_horizon_days} days before limitation and "
        f"{warnings.lien_horizon_days} days before a lien lapses.",
    ]
    for claim_type, rule in warnings.no_movement.items():
        lines.append(
            f"- No movement: `{claim_type}` after {rule.months} months ({_src(rule.source)})."
        )
    gap = warnings.deduction_gap
    if gap is not None:
        lines.append(
            f"- Wage deduction silent for more than {gap.days} days: {_cell(gap.next_step)} "
            f"({gap.status}, {_src(gap.source)})."
        )
    return [*lines, ""]


def _notice_lines(spec: Any) -> list[str]:
    """The letters the ladders send: per step, each requirement of the law, the field of the
    notice content that meets it (``claimrules notice``), its status and source. A letter
    shared by several ladders is listed once, with the ladders that send it."""
    seen: dict[str, tuple[Step, list[str]]] = {}
    for key, ladder in spec.ladders.items():
        for item in ladder.steps:
            for step in item.choose if isinstance(item, StepChoice) else [item]:
                if step.notice is None:
                    continue
                same = f"{step.action} {step.notice.model_dump_json()}"
                found = seen.setdefault(same, (step, []))
                found[1].append(key)
    if not seen:
        return []
    out = [
        "## Notices: what each letter must say",
        "",
        "For each step that sends the debtor a letter: the requirements of the law, the field of "
        "the notice content that meets it (`claimrules notice`, `NoticeContent`), and where "
        "the law says so.",
        "",
    ]
    for step, ladders in seen.values():
        notice = step.notice
        assert notice is not None
        ladder_keys = ", ".join(_key(key) for key in ladders)
        out += [
            f"### {_cell(notice.heading)} (`{step.action}`; {ladder_keys})",
            "",
            f"Deadline: {notice.deadline_days} days from the day it is sent; if unpaid: "
            f"{notice.consequence}.",
            "",
            "| field | what the law requires | status | source |",
            "|---|---|---|---|",
        ]
        for req in notice.requirements:
            text = _dated(_cell(" ".join(req.note.split()))) if req.note else ""
            out.append(f"| {_key(req.field)} | {text} | {req.status} | {_src(req.source)} |")
        out.append("")
    return out


def _step(step: Step) -> str:
    anchor = step.not_before
    when = f"{anchor.days} days after {anchor.after.replace('_', ' ')}"
    if anchor.deadline_expired:
        when += " (after that deadline has passed)"
    parts = [f"**{step.action}**", f"not before {when}"]
    if step.when is not None:
        conditions = {k: v for k, v in step.when.model_dump().items() if v is not None}
        parts.append("when " + ", ".join(f"{k} {v}" for k, v in conditions.items()))
    if step.fee:
        parts.append(f"fee: {step.fee}")
    if step.taken_by:
        parts.append("taken by " + ", ".join(f"`{t}`" for t in step.taken_by))
    parts.append(f"{step.status}, {_src(step.source)}")
    if step.in_force is not None and step.in_force.values:
        changes = [
            f"{entry.valid_from}: {'unknown' if entry.value is None else entry.value}"
            for entry in step.in_force.values
        ]
        parts.append("law in force " + ", ".join(changes))
    return "; ".join(parts)
