"""Render a profile as a Markdown reference page (used by the docs build).

The reference is generated from the YAML, so the documentation never restates the law by hand.
"""

from __future__ import annotations

from typing import Any

from claimrules.profile.profile import Profile
from claimrules.profile.schema import InterestMethod, MonthlyInterest, Step, StepChoice
from claimrules.profile.values import Param, Source

__all__ = ["render_markdown"]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").strip()


def _src(source: Source | None) -> str:
    if source is None:
        return ""
    head = f"{source.statute} {source.section or ''}".strip()
    return f"[{_cell(head)}]({source.url})"


def _param_rows(name: str, param: Param[Any]) -> list[str]:
    if param.values is None:
        return [f"| {name} | {param.value} | | {param.status} | {_src(param.source)} |"]
    rows = []
    for entry in param.values:
        value = "unknown" if entry.value is None else entry.value
        rows.append(
            f"| {name} | {value} | from {entry.valid_from}"
            f"{f' until {entry.until}' if entry.until else ''} | {entry.status or param.status} "
            f"| {_src(entry.source or param.source)} |"
        )
    return rows


def render_markdown(profile: Profile) -> str:
    """The whole profile as Markdown: claim types, ladders, parameters, limitation, fees."""
    spec = profile.spec
    meta = spec.profile
    out = [
        f"# Profile `{meta.id}`: {meta.name}",
        "",
        f"Country {meta.country}, currency {meta.currency}, last verified {meta.last_verified_on}. "
        f"Generated from the YAML files ({len(profile.files)}); content hash `{profile.content_hash[:16]}`.",
        "",
        "## Claim types",
        "",
        "| id | title | basis | ladder | limitation | lien | interest | fees | status | source |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key, ctype in spec.claim_types.items():
        interest = ctype.interest
        if ctype.collection_interest:
            interest += f", then {ctype.collection_interest}"
        out.append(
            f"| `{key}` | {_cell(ctype.title)} | {ctype.basis} | {ctype.ladder} | "
            f"{ctype.limitation_period} | {ctype.lien or ''} | {interest} | {ctype.fees} | "
            f"{ctype.status} | {_src(ctype.source)} |"
        )
    out += ["", "## Ladders", ""]
    for key, ladder in spec.ladders.items():
        out += [f"### `{key}`: {_cell(ladder.title)}", ""]
        for i, item in enumerate(ladder.steps, start=1):
            steps = item.choose if isinstance(item, StepChoice) else [item]
            for step in steps:
                out.append(f"{i}. {_step(step)}")
        out.append("")
    out += [
        "## Parameters and legal values",
        "",
        "| name | value | validity | status | source |",
        "|---|---|---|---|---|",
    ]
    for key, money in spec.parameters.items():
        out += _param_rows(key, money)
    for key, years in spec.limitation.periods.items():
        out += _param_rows(f"limitation period `{key}` (years)", years)
    for key, lien in spec.liens.items():
        out += _param_rows(f"lien `{key}` lapses after (years)", lien.lapse_years)
    for regime_name, fees in spec.fees.items():
        label = f"fees `{regime_name}`"
        if fees.base is not None:
            out += _param_rows(f"{label}: fee base", fees.base)
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
        label = f"interest `{regime_name}`"
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
        out.append(f"| `{event}` | {effect} | {rule.status} | {_src(rule.source)} |")
    out += [
        "",
        "## Deadline conventions",
        "",
        "| name | missing day | roll | status | source |",
        "|---|---|---|---|---|",
    ]
    for key, conv in spec.calendar.conventions.items():
        out.append(
            f"| `{key}` | {conv.missing_day} | {conv.roll} | {conv.status} | {_src(conv.source)} |"
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
    if spec.local.municipality:
        out += ["## Local rules", "", f"{spec.local.municipality}: {_src(spec.local.source)}", ""]
        if spec.local.due_date_rule:
            due_rule = spec.local.due_date_rule
            out.append(
                f"- Due date: day {due_rule.day_of_month} of the month "
                f"{due_rule.months_after_issue} after issue."
            )
        for kind, fee in spec.local.fees.items():
            out.append(f"- {kind} fee charged: {fee.amount}")
        out.append("")
    return "\n".join(out)


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
    return "; ".join(parts)
