"""Plain-language explanations of a Decision, for a debtor and a caseworker.

Languages (:data:`LANGUAGES`): ``en`` English, ``nb`` Norwegian Bokmål, ``da`` Danish and ``kl``
Greenlandic (Kalaallisut). Amounts and dates are formatted for the language's locale with babel
(``en_GB``, ``nb_NO``, ``da_DK``, ``kl_GL``); dates in the long format.

Where the sentences come from
    The English sentences in this module are the source text (the gettext ``msgid``). Their
    translations live in gettext catalogues shipped with the package,
    ``claimrules/locales/<lang>/LC_MESSAGES/claimrules.po``, made from the template
    ``claimrules/locales/claimrules.pot``. The ``.po`` files are read at run time with babel
    (``babel.messages.pofile.read_po``), once per language, so no compiled ``.mo`` files exist.
    Placeholders are named (``{date}``, ``{amount}``) and filled with ``str.format`` after the
    look-up, so a translation may put them in any order.

What is not translated
    The decision's ``reason``, the warning messages and the trace's rule outcomes are the
    engine's own English text, with its dates and amounts; they are quoted as they are. Under
    "Rules applied" what matters is the citation, which is the statute's own wording.

Fallback policy: visible, never silent
    Only a *reviewed* translation is used: an entry with a non-empty ``msgstr`` and without the
    ``#, fuzzy`` flag. Any other sentence is shown in English, prefixed with ``[en] ``, and the
    explanation ends with one line saying that the sentences so marked are in English because no
    reviewed translation of them exists; that line is in the target language when it has a
    reviewed translation itself, in English otherwise. A sentence shown in English keeps the
    target locale's dates and amounts (``[en] Lawful from: 3. februar 2024.``), so every amount
    in one explanation reads the same way.

    - ``nb``: the project's own Norwegian sentences, all reviewed. Sentences added since (the
      closing note, the sentence for an action the catalogue does not know) are drafts marked
      fuzzy until someone reviews them.
    - ``da``: drafts marked fuzzy, except the few sentences built on standard Danish legal terms
      (rykker, udlæg, forældelse, hovedstol, renter, gebyrer); so most Danish sentences show in
      English until a Danish reader reviews the drafts and removes the ``fuzzy`` flags.
    - ``kl``: no reviewed Greenlandic translations exist; the catalogue lists every sentence with
      an empty ``msgstr``, so every sentence shows in English, marked. Amounts and dates are
      still formatted for ``kl_GL``.

Maintaining the catalogues
    Mark each new sentence in this module with ``_msg("...")``, then (pybabel is babel's
    command-line tool)::

        pybabel extract --no-default-keywords -k _msg --add-comments=TRANSLATORS: --no-location \\
            -w 100 --project=claimrules --copyright-holder="claimrules developers" \\
            -o src/claimrules/locales/claimrules.pot src/claimrules/explain.py
        pybabel update --no-fuzzy-matching -w 100 -D claimrules -d src/claimrules/locales \\
            -i src/claimrules/locales/claimrules.pot

    New entries arrive with an empty ``msgstr`` and show in English, marked, until translated.
    ``tests/test_explain.py`` checks that the code, the template and every catalogue list the
    same sentences with the same placeholders.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, get_currency_symbol

if TYPE_CHECKING:
    from claimrules.decision import Decision

__all__ = ["DOMAIN", "FALLBACK_MARK", "LANGUAGES", "catalogue_path", "explain", "template_path"]

DOMAIN = "claimrules"
"""The gettext domain: the catalogues are ``<lang>/LC_MESSAGES/claimrules.po``."""

FALLBACK_MARK = "[en] "
"""Prefix of a sentence shown in English because its language has no reviewed translation."""

_LOCALES = {"en": "en_GB", "nb": "nb_NO", "da": "da_DK", "kl": "kl_GL"}
LANGUAGES = tuple(_LOCALES)
"""The language codes :func:`explain` accepts; ``en`` is the source language."""


def _msg(message: str) -> str:
    """Mark ``message`` as a catalogue sentence (the extraction keyword); returns it unchanged."""
    return message


_ACTIONS = {
    "none": _msg("Nothing to do: the claim is settled."),
    "refund": _msg("Refund the overpayment."),
    "resend_invoice": _msg(
        "Send the invoice again; the debtor has not been shown to have received it."
    ),
    "send_reminder": _msg("Send a reminder."),
    "send_collection_notice": _msg("Send a collection notice."),
    "send_payment_demand": _msg("Send a payment demand."),
    "refer_to_collection": _msg("Refer the claim to collection."),
    "file_conciliation_complaint": _msg("File a complaint with the conciliation board."),
    "file_lawsuit": _msg("File a lawsuit."),
    "request_distraint": _msg("Request distraint."),
    "request_wage_deduction": _msg("Request a wage deduction."),
    "offset": _msg("Set the claim off against money owed to the debtor."),
    "terminate_service": _msg("The service may be terminated for non-payment (review first)."),
    "manual_review": _msg("A person must review this claim."),
    "write_off": _msg("Write the claim off: it is time-barred."),
    "monitor": _msg("Monitor the claim."),
}
# TRANSLATORS: an action the catalogue has no sentence for; {action} is the engine's code for it.
_UNKNOWN_ACTION = _msg("Next action: {action}.")
# TRANSLATORS: {date} is the earliest day the action is lawful, e.g. "3 February 2024".
_FROM = _msg("Lawful from: {date}.")
# TRANSLATORS: {amount} is the most that may lawfully be charged with the action.
_FEE = _msg("Fee that may be charged: {amount}.")
# TRANSLATORS: the outstanding balance; every placeholder is an amount of money.
_BALANCE = _msg("Outstanding: {total} (principal {principal}, interest {interest}, fees {fees}).")
# TRANSLATORS: the interest rate after {date} is unknown law, so interest is counted only
# through {date} and the outstanding amount is the least the debtor owes.
_KNOWN_THROUGH = _msg(
    "Interest is counted through {date} only: the rate after that day is not yet known, so the "
    "amount outstanding is the least that is owed."
)
# TRANSLATORS: {citation} is the statute, section and link, quoted as it is.
_LIMITATION = _msg("Limitation expires: {date} ({citation}).")
_SUSPENDED = _msg("Limitation is suspended while legal proceedings run.")
# TRANSLATORS: the legal lien securing the claim lapses after {date}; {citation} as above.
_LIEN = _msg("Lien lapses: {date} ({citation}).")
# TRANSLATORS: {reason} is the engine's English sentence, quoted as it is.
_WHY = _msg("Why: {reason}.")
# TRANSLATORS: heading of the warnings; each follows as "[code] message" in English.
_WARNINGS = _msg("Warnings:")
# TRANSLATORS: heading of the rules applied; each follows as "rule: outcome — citation".
_SOURCES = _msg("Rules applied:")
# TRANSLATORS: closing line; {mark} is the marker "[en]" exactly as it prefixes the sentences.
_FALLBACK_NOTE = _msg(
    "Sentences marked {mark} are shown in English: no reviewed translation of them exists yet."
)


def _locales() -> Traversable:
    return files("claimrules").joinpath("locales")


def template_path() -> Traversable:
    """The gettext template ``claimrules.pot``: every sentence, with an empty translation."""
    return _locales().joinpath(f"{DOMAIN}.pot")


def catalogue_path(lang: str) -> Traversable:
    """The gettext catalogue (``.po``) of ``lang``; ``en`` has none, being the source language.

    Raises:
        ValueError: ``lang`` is ``en`` or not one of :data:`LANGUAGES`.
    """
    _check(lang)
    if lang == "en":
        raise ValueError("'en' is the source language and has no catalogue")
    return _locales().joinpath(lang, "LC_MESSAGES", f"{DOMAIN}.po")


def _check(lang: str) -> None:
    if lang not in _LOCALES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")


@cache
def _reviewed(lang: str) -> Mapping[str, str]:
    """msgid → msgstr of the reviewed translations of ``lang`` (non-empty and not fuzzy)."""
    if lang == "en":
        return {}
    with catalogue_path(lang).open("rb") as handle:
        catalogue = read_po(handle, locale=_LOCALES[lang], domain=DOMAIN)
    return {
        message.id: message.string
        for message in catalogue
        if isinstance(message.id, str)
        and message.id
        and isinstance(message.string, str)
        and message.string
        and not message.fuzzy
    }


def _symbol_or_space(char: str) -> bool:
    return unicodedata.category(char)[0] in "SZ"


def _money(amount: Decimal, currency: str, locale: str) -> str:
    """``amount`` in ``currency`` for ``locale``, with CLDR's currency spacing.

    babel does not apply CLDR's ``currencySpacing``: a currency sign that is not a symbol
    (``NOK``, ``kr.``) gets a no-break space before an adjacent digit (``NOK 35.00``, not
    ``NOK35.00``), as ICU and the CLDR default rule do.
    """
    text = format_currency(amount, currency, locale=locale)
    sign = get_currency_symbol(currency, locale=locale)
    at = text.find(sign)
    if not sign or at < 0:
        return text
    end = at + len(sign)
    if end < len(text) and text[end].isdigit() and not _symbol_or_space(sign[-1]):
        text = f"{text[:end]}\u00a0{text[end:]}"
    if at > 0 and text[at - 1].isdigit() and not _symbol_or_space(sign[0]):
        text = f"{text[:at]}\u00a0{text[at:]}"
    return text


def _fill(template: str, fields: Mapping[str, str]) -> str:
    """``template`` with its placeholders filled, without doubled full stops.

    A value ending in a full stop (``250,00 kr.`` in Danish, a reason that is a sentence)
    absorbs the full stop that follows it in the template.
    """
    text = template.format(**fields)
    for value in fields.values():
        if value.endswith("."):
            text = text.replace(f"{value}.", value)
    return text


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


class _Sentences:
    """Looks sentences up in one language, falling back to marked English."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.translations = _reviewed(lang)
        self.fell_back = False

    def __call__(self, msgid: str, **fields: str) -> str:
        translated = msgid if self.lang == "en" else self.translations.get(msgid)
        # a translation whose placeholders differ from the source's would fail or lose data
        if translated is None or _fields(translated) != _fields(msgid):
            self.fell_back = True
            return FALLBACK_MARK + _fill(msgid, fields)
        return _fill(translated, fields)

    def closing_note(self) -> str:
        """The line telling the reader that marked sentences are in English."""
        mark = FALLBACK_MARK.strip()
        translated = self.translations.get(_FALLBACK_NOTE)
        if translated is not None and _fields(translated) == _fields(_FALLBACK_NOTE):
            return _fill(translated, {"mark": mark})
        return _fill(_FALLBACK_NOTE, {"mark": mark})


def explain(decision: Decision, lang: str = "en", *, currency: str | None = None) -> str:
    """Explain ``decision`` in ``lang`` (one of :data:`LANGUAGES`), one sentence a line.

    What to do and from when, the fee, the outstanding balance, the limitation and lien dates,
    why, the warnings, and every rule applied with its citation. The Decision does not carry the
    claim's currency: pass ``currency`` (an ISO 4217 code, the claim's ``currency``) to format
    amounts as money in the locale (``1 014,04 kr`` in ``nb``); without it amounts are plain
    numbers in the locale (``1 014,04``), as before. Sentences without a reviewed translation are
    shown in English, marked (see the module's fallback policy).

    Raises:
        ValueError: ``lang`` is not one of :data:`LANGUAGES`.
    """
    _check(lang)
    locale = _LOCALES[lang]
    say = _Sentences(lang)

    def money(amount: Decimal) -> str:
        if currency is None:
            return format_decimal(amount, format="#,##0.00", locale=locale)
        return _money(amount, currency, locale)

    def day(value: date) -> str:
        return format_date(value, format="long", locale=locale)

    action = _ACTIONS.get(decision.action)
    lines = [say(action) if action is not None else say(_UNKNOWN_ACTION, action=decision.action)]
    if decision.action not in ("none", "refund"):
        lines.append(say(_FROM, date=day(decision.on)))
    if decision.fee:
        lines.append(say(_FEE, amount=money(decision.fee)))
    balance = decision.balance
    lines.append(
        say(
            _BALANCE,
            total=money(balance.total),
            principal=money(balance.principal),
            interest=money(balance.interest),
            fees=money(balance.fees),
        )
    )
    if balance.interest_known_through is not None:
        lines.append(say(_KNOWN_THROUGH, date=day(balance.interest_known_through)))
    limitation = decision.limitation
    if limitation is not None:
        if limitation.expires_on is not None:
            lines.append(
                say(_LIMITATION, date=day(limitation.expires_on), citation=limitation.citation)
            )
        else:
            lines.append(say(_SUSPENDED))
    lien = decision.lien
    if lien is not None and lien.expires_on is not None and not lien.preserved_on:
        lines.append(say(_LIEN, date=day(lien.expires_on), citation=lien.citation))
    lines.append(say(_WHY, reason=decision.reason))
    if decision.warnings:
        lines.append(say(_WARNINGS))
        lines += [f"  - [{warning.code}] {warning.message}" for warning in decision.warnings]
    lines.append(say(_SOURCES))
    lines += [
        f"  - {entry.rule}: {entry.outcome}" + (f" — {entry.citation}" if entry.citation else "")
        for entry in decision.trace
    ]
    if say.fell_back:
        lines.append(say.closing_note())
    return "\n".join(lines)
