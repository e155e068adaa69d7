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
from claimrules.text import words as t
from claimrules.text.words import Words


def _action_table(decisions: list[Decision], w: Words | None = None) -> Table:
    w = w or Words()
    table = Table(title=w(t.NEXT_ACTIONS), title_justify="left")
    for column in (t.COL_ACTION, t.COL_CLAIMS, t.COL_READY_NOW, t.COL_PRINCIPAL):
        table.add_column(w(column), justify="left" if column == t.COL_ACTION else "right")
    counts = Counter(d.action for d in decisions)
    for action, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        chosen = [d for d in decisions if d.action == action]
        table.add_row(
            action if w.lang == "en" else w.action(action),
            str(count),
            str(sum(1 for d in chosen if d.ready)),
            w.money(sum((d.balance.principal for d in chosen), Decimal(0))),
        )
    codes = Counter(warning.code for d in decisions for warning in d.warnings)
    if codes:
        shown = ", ".join(
            f"{c if w.lang == 'en' else w.code(c)} {n}" for c, n in sorted(codes.items())
        )
        table.caption = w(t.WARNINGS_CAPTION, counts=shown)
    return table


def _risk_table(
    risks: list[AtRisk],
    title: str,
    limit: int | None = None,
    width: int | None = None,
    w: Words | None = None,
) -> RenderableType:
    """Deadlines soonest first, each with the step that preserves it and the amount at stake,
    in the language of ``w``.

    Ids, dates and amounts are never cut. From :data:`NARROW` columns on (and in a file), a
    table with the next action too; in a narrower terminal each deadline is one line of its
    date, days left, claim, what lapses and amount, and an indented line of the step that
    preserves it, wrapped at word boundaries."""
    w = w or Words()
    shown = risks[:limit]
    more = (
        w(t.MORE_DEADLINES, count=len(risks) - limit)
        if limit is not None and len(risks) > limit
        else None
    )
    summary = _risk_summary(risks, more, w)
    shown_width = width or console._out.width
    if shown_width < NARROW:
        lines: list[RenderableType] = [_line(title, style="bold")]
        for risk in shown:
            units = [f"{w.date(risk.on)}  {w(t.DAYS_LEFT, days=f'{risk.days_left:>4}')}"]
            units += [risk.claim_id, w.deadline(risk.deadline)]
            units.append(w(t.AT_STAKE, amount=w.money(risk.at_stake)))
            lines += _packed(units, shown_width)
            preserve = w(t.PRESERVE_BY, step=w.engine(risk.preserve))
            lines.append(Padding(_line(preserve), (0, 0, 0, 4)))
        lines.append(_line(summary, style="italic"))
        return Group(*lines)
    table = Table(title=title, title_justify="left")
    table.add_column(w(t.COL_ON), no_wrap=True)
    table.add_column(w(t.COL_DAYS), justify="right", no_wrap=True)
    table.add_column(w(t.COL_CLAIM), no_wrap=True)
    table.add_column(w(t.COL_WHAT_LAPSES), ratio=1)
    table.add_column(w(t.COL_AT_STAKE), justify="right", no_wrap=True)
    table.add_column(w(t.COL_PRESERVE), ratio=3)
    table.add_column(w(t.COL_NEXT_ACTION), ratio=1)
    for risk in shown:
        table.add_row(
            w.date(risk.on),
            str(risk.days_left),
            risk.claim_id,
            w.deadline(risk.deadline),
            w.money(risk.at_stake),
            w.engine(risk.preserve),
            w(t.ACTION_ON, action=w.action(risk.action), date=w.date(risk.action_on)),
        )
    table.caption = summary
    table.caption_justify = "left"
    return table


def _risk_summary(risks: list[AtRisk], more: str | None, w: Words) -> str:
    """The list's last line: how many deadlines on how many claims, and what is at stake
    (each claim once, though its limitation and its lien may both lapse)."""
    if not risks:
        return w(t.NONE)
    stake = {risk.claim_id: risk.at_stake for risk in risks}
    amount = w.money(sum(stake.values(), Decimal(0)))
    if len(risks) == 1:
        text = w(t.DEADLINE_SUMMARY, amount=amount)
    else:
        text = w(
            t.DEADLINES_SUMMARY,
            deadlines=w.number(len(risks)),
            claims=w.number(len(stake)),
            amount=amount,
        )
    return f"{text}; {more}" if more else text


def _deadline_words(name: str) -> str:
    """``limitation expires`` → ``limitation``; ``legal_lien lapses`` → ``legal lien``."""
    return Words().deadline(name)


def _audit_table(audit: DispatchAudit, profile: Profile, w: Words | None = None) -> Table:
    w = w or Words()
    table = Table(
        title=w(t.AUDIT_TITLE, gaps=w.number(len(audit.gaps)), checked=w.number(audit.checked)),
        title_justify="left",
    )
    numbers = (t.COL_CLAIMS, t.COL_PRINCIPAL)
    for column in (t.COL_ISSUED, t.CLAIM_TYPE, t.COL_CHANNEL, *numbers, t.COL_COLLECTED):
        table.add_column(w(column), justify="right" if column in numbers else "left")
    for group in audit.groups:
        table.add_row(
            group.issue_month,
            group.claim_type,
            group.channel,
            w.number(group.claims),
            f"{w.money(group.principal)} {profile.currency}",
            w(t.WITHOUT_NOTICE, count=group.collected_without_notice)
            if group.collected_without_notice
            else "",
        )
    if not audit.groups:
        table.caption = w(t.AUDIT_NONE)
    else:
        principal = sum((group.principal for group in audit.groups), Decimal(0))
        collected = sum(group.collected_without_notice for group in audit.groups)
        table.caption = w(
            t.AUDIT_SUMMARY,
            gaps=w.number(len(audit.gaps)),
            groups=w.number(len(audit.groups)),
            principal=w.money(principal),
            currency=profile.currency,
            collected=w.number(collected),
        )
        table.caption_justify = "left"
    return table


def _cases_view(found: list[DebtorCase], w: Words | None = None) -> RenderableType:
    """Each debtor: a line of totals and the earliest deadline, then a table of the claims."""
    w = w or Words()
    parts: list[RenderableType] = []
    for case in found:
        head = w(
            t.CASE_HEAD,
            debtor=case.debtor_id,
            kind=w(t.PERSON if case.debtor_kind == "person" else t.BUSINESS),
            claims=w.number(len(case.claims)),
            total=w.money(case.total),
            currency=case.currency,
            principal=w.money(case.principal),
            interest=w.money(case.interest),
            fees=w.money(case.fees),
        )
        lines = [_line(head, style="bold")]
        deadline = case.earliest_deadline
        if deadline is not None:
            earliest = w(
                t.EARLIEST,
                deadline=w.deadline(deadline.name),
                date=w.date(deadline.on),
                claim=deadline.claim_id,
                step=w.engine(deadline.preserve),
            )
            lines.append(_line(f"  {earliest}"))
        for letter in case.letters:
            one = w(
                t.ONE_LETTER,
                action=w.action(letter.action),
                claims=", ".join(letter.claim_ids),
                fee=w.money(letter.fee),
                separate=w.money(letter.fees_if_separate),
                citation=letter.citation,
            )
            lines.append(_line(f"  {one}"))
        lines += [_line(f"  {text}") for text in _set_off_lines(case, w)]
        settled = [row for row in case.claims if row.total == 0 and row.action == "none"]
        credits = _credit_actions(case, w)
        owed, fee = w(t.COL_OWED), w(t.COL_FEE)
        table = _listing(
            None,
            (
                w(t.COL_CLAIM),
                w(t.COL_TYPE),
                w(t.COL_DUE),
                owed,
                w(t.COL_NEXT_ACTION),
                w(t.COL_ON),
                fee,
            ),
            [
                (
                    row.claim_id,
                    row.claim_type,
                    w.date(row.due_on),
                    w.money(row.total),
                    w(t.NOW, action=w.action(row.action))
                    if row.ready and row in case.due_now
                    else credits.get(row.claim_id) or w.action(row.action),
                    w.date(row.on),
                    w.money(row.fee),
                )
                for row in case.claims
                if row not in settled
            ],
            w(t.SETTLED, count=w.number(len(settled))) if settled else None,
            numbers=(owed, fee),
            show_edge=False,
            pad_edge=False,
        )
        parts += [*lines, Padding(table, (0, 0, 1, 2))]
    parts.append(_line(_cases_summary(found, w), style="italic"))
    return Group(*parts)


def _credit_actions(case: DebtorCase, w: Words) -> dict[str, str]:
    """What the case does with each overpaid claim's credit, in the table's action column:
    set off (all of it), carried forward, or refunded (what is left)."""
    done: dict[str, str] = {item.from_claim: w.action("offset") for item in case.offsets}
    for item in case.refunds:
        done[item.claim_id] = w(t.CARRIED) if item.action == "carry_forward" else w.action("refund")
    return done


def _set_off_lines(case: DebtorCase, w: Words) -> list[str]:
    """The case's proposed set-offs, then what is left of each credit (refund, or carried
    forward by the municipality's policy), then the claims a credit is not set off against."""
    lines = [
        w(
            t.SET_OFF,
            amount=w.money(item.amount),
            credit=item.from_claim,
            claim=item.to_claim,
            citation=w.citation(item.citation),
        )
        for item in case.offsets
    ]
    lines += [
        w(
            t.REFUND_LEFT if item.action == "refund" else t.CARRY_FORWARD,
            amount=w.money(item.amount),
            claim=item.claim_id,
        )
        for item in case.refunds
    ]
    lines += [
        w(t.NOT_SET_OFF, claim=item.claim_id, reason=w.engine(item.reason))
        for item in case.not_offset
    ]
    return lines


def _cases_summary(found: list[DebtorCase], w: Words) -> str:
    """The list's last line: how many debtors, claims and steps due now, and the totals."""
    if not found:
        return w(t.NO_DEBTOR_OWES)
    currencies = sorted({case.currency for case in found})
    return w(
        t.CASES_SUMMARY,
        debtors=w.number(len(found)),
        claims=w.number(sum(len(case.claims) for case in found)),
        total=w.money(sum((case.total for case in found), Decimal(0))),
        currency="/".join(currencies),
        principal=w.money(sum((case.principal for case in found), Decimal(0))),
        interest=w.money(sum((case.interest for case in found), Decimal(0))),
        fees=w.money(sum((case.fees for case in found), Decimal(0))),
        due=w.number(sum(len(case.due_now) for case in found)),
    )


def _postings_view(report: PostingReport, w: Words | None = None) -> RenderableType:
    w = w or Words()
    if report.since is None:
        title = w(t.POSTINGS_ON, date=w.date(report.as_of), currency=report.currency)
    else:
        title = w(
            t.POSTINGS_BETWEEN,
            since=w.date(report.since),
            date=w.date(report.as_of),
            currency=report.currency,
        )
    table = Table(title=title, title_justify="left")
    names = (t.CLAIM_TYPE, t.COL_POSTING, t.COL_PART, t.COL_DEBIT, t.COL_CREDIT)
    for name in (*names, t.COL_AMOUNT, t.COL_CLAIMS):
        table.add_column(
            w(name), justify="right" if name in (t.COL_AMOUNT, t.COL_CLAIMS) else "left"
        )
    for line in report.lines:
        part = t.PART_WORDS.get(line.part)
        table.add_row(
            line.claim_type,
            w.posting(line.kind) if w.lang != "en" else line.kind.replace("_", " "),
            w(part) if part is not None else line.part,
            w.role(line.debit) if w.lang != "en" else line.debit,
            w.role(line.credit) if w.lang != "en" else line.credit,
            w.money(line.amount),
            w.number(line.claims),
        )
    totals = [
        w(
            t.POSTINGS_OUTSTANDING,
            date=w.date(report.as_of),
            principal=w.money(report.principal),
            interest=w.money(report.interest),
            fees=w.money(report.fees),
        ),
        w(
            t.POSTINGS_RECEIVABLE,
            receivable=w.money(report.receivable),
            refund=w.money(report.refund),
        ),
        w(t.POSTINGS_WRITTEN_OFF, amount=w.money(report.written_off_owed)),
    ]
    return Group(table, *(_line(text) for text in totals))
