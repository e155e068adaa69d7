"""Printable HTML: a case file as a page (A4) from the Jinja2 template
``claimrules/text/templates/case_file.html.j2``, every value escaped and shown as written."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from claimrules.model import messages as m
from claimrules.model.casefile import CaseFile
from claimrules.model.notice import NoticeContent
from claimrules.model.provided import provide
from claimrules.model.vocabulary import LEGAL_STEPS
from claimrules.text import words as t
from claimrules.text.safe import visible_lines
from claimrules.text.words import Words

__all__ = ["case_file_html", "notice_html"]


_URL = re.compile(r"&lt;(https?://[^&\s]+)&gt;")


@cache
def _template(template: str = "case_file.html.j2") -> Any:
    """The Jinja2 template, loaded once (autoescaped: a claim's text cannot inject markup)."""
    from jinja2 import Environment, FileSystemLoader, pass_context, select_autoescape
    from markupsafe import Markup, escape

    def cite(text: str) -> Markup:
        # the text is escaped first; only the escaped <URL> (no &, so no quote) becomes a link
        return Markup(_URL.sub(r'<a href="\1">\1</a>', str(escape(text))))  # noqa: S704

    def shown(value: Any) -> Any:
        # every text as written: control characters made visible, never sent raw
        if isinstance(value, Markup):
            return Markup(visible_lines(value))  # noqa: S704 (already escaped)
        return visible_lines(value) if isinstance(value, str) else value

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        finalize=shown,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cite"] = cite
    names = ("money", "day", "engine", "action", "key", "lien", "code", "rate", "kind")
    for name in (*names, "evidence", "basis", "period", "cited"):
        # the reader's language's way with each, from the page being rendered (see render)
        env.filters[name] = pass_context(
            lambda context, value, name=name: context["F"][name](value)
        )
    # one of the page's own sentences with its values: the result is escaped as a whole
    env.filters["fill"] = lambda sentence, /, **values: str(sentence).format(**values)
    return env.get_template(template)


def case_file_html(file: CaseFile, lang: str = "en") -> str:
    """``file`` as a printable HTML page in ``lang`` (what :meth:`CaseFile.html` returns):
    its headings and sentences in the reader's words, its dates and amounts as the language
    writes them, the engine's sentences translated; names, ids and citations as written.

    Raises:
        ValueError: ``lang`` is not one of :data:`claimrules.text.words.LANGUAGES`.
    """
    w = Words(lang)
    english = lang == "en"
    page = {name: w.template(msgid) for name, msgid in t.CASE_FILE.items()}
    page["not_given"] = "—"
    title_id = t.CASE_TITLES.get(file.action)
    return str(
        _template().render(
            file=file,
            lang=lang,
            T=page,
            TITLE=w(title_id) if title_id is not None else file.title,
            MISSING={name: w(msgid) for name, msgid in t.CASE_FILE_MISSING.items()},
            PARTS={name: w.template(msgid) for name, msgid in t.CASE_FILE_PARTS.items()},
            PAY={name: w(msgid) for name, msgid in t.PAYMENT_KINDS.items()},
            KIND={"person": w(t.PERSON), "business": w(t.BUSINESS)},
            F={
                "money": lambda value: w.money(Decimal(value)),
                "day": lambda value: w.date(_as_date(value)),
                "engine": lambda value: _words(value) if english else w.engine(str(value)),
                "action": lambda value: _words(value) if english else w.action(str(value)),
                "key": lambda value: str(value) if english else w.key(str(value)),
                "lien": lambda value: _words(value) if english else w.key(str(value)),
                "code": lambda value: str(value) if english else w.code(str(value)),
                "rate": lambda value: str(value) if english else w.number_text(str(value)),
                "kind": lambda value: _words(value) if english else _notice_kind(w, str(value)),
                "evidence": lambda value: str(value) if english else _evidence(w, str(value)),
                "basis": lambda value: str(value) if english else _basis(w, str(value)),
                "period": lambda value: str(value) if english else _period(w, str(value)),
                "cited": lambda value: str(value) if english else w.citation(str(value)),
            },
        )
    )


def _notice_kind(w: Words, kind: str) -> str:
    """What a notice line is: the invoice, or the event in a case handler's words."""
    if kind == "invoice":
        return w(t.CASE_INVOICE)
    notice = _NOTICES.get(kind)
    if notice is not None:
        return w(notice)
    if kind in LEGAL_STEPS:  # a legal step, named by its step
        kind = f"legal_step.{kind}"
    return w.engine(m.event_words(kind))


_NOTICES = {
    "reminder_sent": m.W_REMINDER,
    "collection_notice_sent": m.W_NOTICE,
    "payment_demand_sent": m.W_DEMAND,
    "referred_to_collection": m.W_REFERRAL,
}
"""The notices a case file lists, in the words the sentences use for them."""


_CHANNEL_EVIDENCE = re.compile(
    r"^(sent by) (\w+)$|^(dispatch confirmed|delivery receipt) \((\w+)\)$"
)


def _evidence(w: Words, text: str) -> str:
    """A notice's evidence (``sent by post``, ``delivery receipt (e_invoice)``) in the reader's
    words; anything else as written."""
    found = _CHANNEL_EVIDENCE.match(text)
    if found is not None:
        what = found.group(1) or found.group(3)
        channel = found.group(2) or found.group(4)
        return w(t.EVIDENCE[what], channel=w.key(channel))
    if text.startswith("returned: "):
        return w(t.EVIDENCE_RETURNED, reason=text.removeprefix("returned: "))
    words = t.EVIDENCE.get(text)
    return w(words) if words is not None else text


_JUDGMENT = re.compile(r"^judgment or court settlement of (\d{4}-\d{2}-\d{2})$")
_SPECIAL = re.compile(r"^special basis for enforcement: (.*) \((\w+)\)$")


def _basis(w: Words, text: str) -> str:
    """The enforcement basis relied on, in the reader's words."""
    if (found := _JUDGMENT.match(text)) is not None:
        return w(t.BASIS_JUDGMENT, date=w.date(date.fromisoformat(found.group(1))))
    if (found := _SPECIAL.match(text)) is not None:
        title = w.engine(found.group(1))
        return w(t.BASIS_SPECIAL, title=title, basis=w.key(found.group(2)))
    if text == "none yet: this step seeks a basis for enforcement":
        return w(t.BASIS_NONE)
    return w.engine(text)


_YEARS = re.compile(r"^(\d+) years \((\w+)\)$")


def _period(w: Words, text: str) -> str:
    """A limitation period (``3 years (general)``) in the reader's words."""
    found = _YEARS.match(text)
    if found is None:
        return text
    return w(t.PERIOD_YEARS, years=found.group(1), period=w.key(found.group(2)))


def _words(value: Any) -> str:
    """A key as words, as the English page has always shown it (``request_distraint``)."""
    return str(value).replace("_", " ")


def _as_date(value: Any) -> date | None:
    """A date from the case data (a ``date``, or its ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def notice_html(notice: NoticeContent, lang: str = "en") -> str:
    """``notice`` as a printable letter (A4) in ``lang`` (what :meth:`NoticeContent.html`
    returns): its sentences in the reader's words, dates and amounts as the language writes
    them; the heading (the law's own term), names, ids and citations as written.

    Raises:
        ValueError: ``lang`` is not one of :data:`claimrules.text.words.LANGUAGES`.
    """
    w = Words(lang)
    english = lang == "en"
    rates = ", ".join(
        w(t.NOTICE_LETTER["rate"], rate=w.number_text(str(item.rate)), date=w.date(item.start))
        for item in notice.rates
    )
    citations = list(dict.fromkeys(item.citation for item in notice.requirements))
    return str(
        _template("notice.html.j2").render(
            notice=notice,
            lang=lang,
            T={name: w.template(msgid) for name, msgid in t.NOTICE_LETTER.items()},
            MISSING={name: w(msgid) for name, msgid in t.NOTICE_MISSING.items()},
            CONSEQUENCE=w(t.NOTICE_CONSEQUENCES[notice.consequence]),
            CLAIM=notice.claim_title if english else w.engine(notice.claim_title),
            RATES=rates,
            CITATIONS=citations if english else [w.citation(c) for c in citations],
            F={
                "money": lambda value: w.money(Decimal(value)),
                "day": lambda value: w.date(_as_date(value)),
            },
        )
    )


provide("case_file_html", case_file_html)
provide("notice_html", notice_html)
