"""The tables of the commands for people: next actions, deadlines at risk, the dispatch audit,
debtor cases and postings. Values are never cut: below :data:`~claimrules.cli.console.NARROW`
columns, lists become entries packed on lines (:func:`~claimrules.cli.console._listing`)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table

from claimrules.cli import console
from claimrules.cli.console import NARROW, _line, _listing, _packed
from claimrules.law.profile import Profile
from claimrules.model.decision import Decision
from claimrules.reports.cases import DebtorCase
from claimrules.reports.deadlines import AtRisk
from claimrules.reports.dispatch import DispatchAudit
from claimrules.reports.postings import PostingReport


def _action_table(decisions: list[Decision]) -> Table:
    table = Table(title="Next actions", title_justify="left")
    for column in ("action", "claims", "ready now", "principal"):
        table.add_column(column, justify="left" if column == "action" else "right")
    counts = Counter(d.action for d in decisions)
    for action, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        chosen = [d for d in decisions if d.action == action]
        table.add_row(
            action,
            str(count),
            str(sum(1 for d in chosen if d.ready)),
            f"{sum(d.balance.principal for d in chosen):,.2f}",
        )
    codes = Counter(w.code for d in decisions for w in d.warnings)
    if codes:
        table.caption = "warnings: " + ", ".join(f"{c} {n}" for c, n in sorted(codes.items()))
    return table


def _risk_table(
    risks: list[AtRisk], title: str, limit: int | None = None, width: int | None = None
) -> RenderableType:
    """Deadlines soonest first, each with the step that preserves it and the amount at stake.

    Ids, dates and amounts are never cut. From :data:`NARROW` columns on (and in a file), a
    table with the next action too; in a narrower terminal each deadline is one line of its
    date, days left, claim, what lapses and amount, and an indented line of the step that
    preserves it, wrapped at word boundaries."""
    shown = risks[:limit]
    more = (
        f"{len(risks) - limit} more: claimrules deadlines FILE --within 90d"
        if limit is not None and len(risks) > limit
        else None
    )
    summary = _risk_summary(risks, more)
    shown_width = width or console._out.width
    if shown_width < NARROW:
        lines: list[RenderableType] = [_line(title, style="bold")]
        for risk in shown:
            units = [f"{risk.on}  {risk.days_left:>4} days", risk.claim_id]
            units += [_deadline_words(risk.deadline), f"at stake {risk.at_stake:,.2f}"]
            lines += _packed(units, shown_width)
            lines.append(Padding(_line(f"preserve by: {risk.preserve}"), (0, 0, 0, 4)))
        lines.append(_line(summary, style="italic"))
        return Group(*lines)
    table = Table(title=title, title_justify="left")
    table.add_column("on", no_wrap=True)
    table.add_column("days", justify="right", no_wrap=True)
    table.add_column("claim", no_wrap=True)
    table.add_column("what lapses", ratio=1)
    table.add_column("at stake", justify="right", no_wrap=True)
    table.add_column("preserve by", ratio=3)
    table.add_column("next action", ratio=1)
    for risk in shown:
        table.add_row(
            str(risk.on),
            str(risk.days_left),
            risk.claim_id,
            _deadline_words(risk.deadline),
            f"{risk.at_stake:,.2f}",
            risk.preserve,
            f"{risk.action.replace('_', ' ')} ({risk.action_on})",
        )
    table.caption = summary
    table.caption_justify = "left"
    return table


def _risk_summary(risks: list[AtRisk], more: str | None) -> str:
    """The list's last line: how many deadlines on how many claims, and what is at stake
    (each claim once, though its limitation and its lien may both lapse)."""
    if not risks:
        return "none"
    stake = {risk.claim_id: risk.at_stake for risk in risks}
    count = f"{len(risks)} deadline{'s' if len(risks) != 1 else ''}"
    text = f"{count} on {len(stake)} claims; at stake {sum(stake.values()):,.2f}"
    return f"{text}; {more}" if more else text


def _deadline_words(name: str) -> str:
    """``limitation expires`` → ``limitation``; ``legal_lien lapses`` → ``legal lien``."""
    return name.removesuffix(" expires").removesuffix(" lapses").replace("_", " ")


def _audit_table(audit: DispatchAudit, profile: Profile) -> Table:
    table = Table(
        title=f"Dispatch audit: {len(audit.gaps)} of {audit.checked} invoices have no proof "
        "they left",
        title_justify="left",
    )
    for column in ("issued", "claim type", "channel", "claims", "principal", "collected"):
        table.add_column(column, justify="right" if column in ("claims", "principal") else "left")
    for group in audit.groups:
        table.add_row(
            group.issue_month,
            group.claim_type,
            group.channel,
            str(group.claims),
            f"{group.principal:,.2f} {profile.currency}",
            f"{group.collected_without_notice} without notice"
            if group.collected_without_notice
            else "",
        )
    if not audit.groups:
        table.caption = "none: every invoice old enough to check has its proof"
    else:
        principal = sum((group.principal for group in audit.groups), Decimal(0))
        collected = sum(group.collected_without_notice for group in audit.groups)
        table.caption = (
            f"{len(audit.gaps)} invoices in {len(audit.groups)} groups; principal "
            f"{principal:,.2f} {profile.currency}; {collected} collected without notice"
        )
        table.caption_justify = "left"
    return table


def _cases_view(found: list[DebtorCase]) -> RenderableType:
    """Each debtor: a line of totals and the earliest deadline, then a table of the claims."""
    parts: list[RenderableType] = []
    for case in found:
        head = (
            f"{case.debtor_id} ({case.debtor_kind}): {len(case.claims)} claims, owes "
            f"{case.total:,.2f} {case.currency} (principal {case.principal:,.2f}, interest "
            f"{case.interest:,.2f}, fees {case.fees:,.2f})"
        )
        lines = [_line(head, style="bold")]
        deadline = case.earliest_deadline
        if deadline is not None:
            lines.append(
                _line(
                    f"  earliest: {_deadline_words(deadline.name)} {deadline.on} "
                    f"({deadline.claim_id}); preserve by: {deadline.preserve}"
                )
            )
        for letter in case.letters:
            lines.append(
                _line(
                    f"  one letter may carry the {letter.action.replace('_', ' ')} of "
                    f"{', '.join(letter.claim_ids)} for one fee of {letter.fee:,.2f} "
                    f"(not {letter.fees_if_separate:,.2f}): {letter.citation}"
                )
            )
        settled = [row for row in case.claims if row.total == 0 and row.action == "none"]
        table = _listing(
            None,
            ("claim", "type", "due", "owed", "next action", "on", "fee"),
            [
                (
                    row.claim_id,
                    row.claim_type,
                    str(row.due_on),
                    f"{row.total:,.2f}",
                    row.action.replace("_", " ")
                    + (" (now)" if row.ready and row in case.due_now else ""),
                    str(row.on),
                    f"{row.fee:,.2f}",
                )
                for row in case.claims
                if row not in settled
            ],
            f"and {len(settled)} settled claims" if settled else None,
            numbers=("owed", "fee"),
            show_edge=False,
            pad_edge=False,
        )
        parts += [*lines, Padding(table, (0, 0, 1, 2))]
    parts.append(_line(_cases_summary(found), style="italic"))
    return Group(*parts)


def _cases_summary(found: list[DebtorCase]) -> str:
    """The list's last line: how many debtors, claims and steps due now, and the totals."""
    if not found:
        return "no debtor owes anything"
    total = sum((case.total for case in found), Decimal(0))
    principal = sum((case.principal for case in found), Decimal(0))
    interest = sum((case.interest for case in found), Decimal(0))
    fees = sum((case.fees for case in found), Decimal(0))
    claims = sum(len(case.claims) for case in found)
    due = sum(len(case.due_now) for case in found)
    currencies = sorted({case.currency for case in found})
    return (
        f"{len(found)} debtors, {claims} claims; owed {total:,.2f} {'/'.join(currencies)} "
        f"(principal {principal:,.2f}, interest {interest:,.2f}, fees {fees:,.2f}); "
        f"{due} steps due now"
    )


def _postings_view(report: PostingReport) -> RenderableType:
    period = (
        f"Postings on {report.as_of}"
        if report.since is None
        else f"Postings after {report.since} through {report.as_of}"
    )
    table = Table(title=f"{period} ({report.currency})", title_justify="left")
    for name in ("claim type", "posting", "part", "debit", "credit", "amount", "claims"):
        table.add_column(name, justify="right" if name in ("amount", "claims") else "left")
    for line in report.lines:
        table.add_row(
            line.claim_type,
            line.kind.replace("_", " "),
            line.part,
            line.debit,
            line.credit,
            f"{line.amount:,.2f}",
            str(line.claims),
        )
    totals = [
        f"On {report.as_of}: outstanding principal {report.principal:,.2f} + interest "
        f"{report.interest:,.2f} + fees {report.fees:,.2f}.",
        f"In the receivable after write-offs: {report.receivable:,.2f}; owed back (refund "
        f"payable): {report.refund:,.2f}.",
        f"Written off, still owed (off the books): {report.written_off_owed:,.2f}.",
    ]
    return Group(table, *(_line(text) for text in totals))
