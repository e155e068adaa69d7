"""Plain-language explanations of a Decision, for a debtor and a caseworker.

Languages (:data:`LANGUAGES`): ``en`` English, ``nb`` Norwegian Bokmål, ``da`` Danish and ``kl``
Greenlandic (Kalaallisut). Amounts and dates are formatted for the language's locale with babel
(``en_GB``, ``nb_NO``, ``da_DK``, ``kl_GL``); dates in the long format.

Where the sentences come from
    Every sentence is a gettext ``msgid`` in English with named placeholders (``{date}``,
    ``{amount}``), filled with ``str.format`` after the look-up so a translation may put them
    in any order. There are three kinds:

    - this module's own sentences (headings, the action, the balance);
    - the engine's sentences: the decision's ``reason``, its warnings and every trace outcome
      are made from the templates of :mod:`claimrules.model.messages`. A decision carries them in
      English; :func:`claimrules.model.messages.parse` reads each back into its template and
      parameters, so they are translated too, also for a decision stored long ago. A parameter
      that is itself a sentence (a reason inside a reason, a list of them) is translated the
      same way. Dates, amounts and rates inside them are written as the language writes them
      (``07.12.2026``, ``1 234,56``, ``12,50 %``), the profile's keys that a sentence names (a
      legal basis, a channel, a ladder, a lien, a limitation period) in the reader's words, and
      a citation's glosses in parentheses and its status tag too; the statute, the section
      numbers, the links and the profile's paths stay as written;
    - a profile's own wording that decisions quote (a step's reason, a warning's message, how a
      lien is kept, the titles of ladders and claim types), extracted from the bundled profile
      files. An overlay's own wording that no catalogue has is shown as written, marked.

    The translations live in gettext catalogues shipped with the package,
    ``claimrules/text/locales/<lang>/LC_MESSAGES/claimrules.po``, made from the template
    ``claimrules/text/locales/claimrules.pot`` and read at run time with babel
    (``babel.messages.pofile.read_po``), once per language, so no compiled ``.mo`` files exist.
    The Norwegian and Danish entries use the statutes' own terms (forsinkelsesrente, purring,
    inkassovarsel, betalingsoppfordring, utlegg, forliksklage; morarenter, rykker, inddrivelse,
    udlæg, betalingspåkrav).

Fallback policy: visible, never silent
    Only a *reviewed* translation is used: an entry with a non-empty ``msgstr`` and without the
    ``#, fuzzy`` flag. A sentence without one is taken from the next language of the reader's
    chain (:data:`_FALLBACKS`: Greenlandic falls back to Danish, the other language of
    Greenland's public administration, then English; Norwegian and Danish to English) and
    prefixed with that language's mark (``[da] ``, ``[en] ``); a sentence is only as translated
    as its least translated part. The explanation ends with one line per language used so,
    saying that the marked sentences are in it because no reviewed translation exists. When not
    one sentence is in the reader's language (Greenlandic today), the explanation is shown
    wholly in the fallback language, with its dates and amounts, under one opening line that
    says so, instead of a mark on every line. Dates and amounts otherwise keep the reader's
    locale (``[en] Lawful from: 3. februar 2024.``).

    - ``nb`` and ``da``: every sentence of this module and of the engine is reviewed, and the
      wording of the profiles of the language's countries (``no``; ``dk`` and ``gl``).
    - ``kl``: no reviewed Greenlandic translations exist yet; every entry has an empty
      ``msgstr``, so a Greenlandic reader gets Danish, said so in Danish.

Maintaining the catalogues
    Mark each new sentence with ``_msg("...")`` (in this module or in
    :mod:`claimrules.model.messages`), then, from the project root (pybabel is babel's command-line
    tool; ``babel.cfg`` names the Python modules and the profile files)::

        pybabel extract -F babel.cfg --no-default-keywords -k _msg \\
            --add-comments=TRANSLATORS: --no-location -w 100 --project=claimrules \\
            --copyright-holder="claimrules developers" \\
            -o src/claimrules/text/locales/claimrules.pot .
        pybabel update --no-fuzzy-matching --ignore-obsolete -w 100 -D claimrules -d src/claimrules/text/locales \\
            -i src/claimrules/text/locales/claimrules.pot

    New entries arrive with an empty ``msgstr`` and fall back, marked, until translated.
    ``tests/test_explain.py`` checks that the code, the profiles, the template and every
    catalogue list the same sentences with the same placeholders, and that every sentence the
    bundled ledgers' decisions carry is translated into their country's language.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, get_currency_symbol

from claimrules.model.messages import (
    KEPT,
    NO_ENTRY,
    NO_ENTRY_RENEWED,
    NO_ENTRY_SINCE,
    SEPARATORS,
    TEMPLATE_OF,
    _readable,
    parse,
    split_list,
)
from claimrules.model.provided import provide
from claimrules.text.catalogue import glosses

if TYPE_CHECKING:
    from claimrules.model.decision import Decision, Message

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
# TRANSLATORS: the lien lapsed after {date}, which has passed; the claim itself remains.
_LIEN_LAPSED = _msg("The lien lapsed after {date}; the claim itself remains ({citation}).")
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
# TRANSLATORS: first line of an explanation shown wholly in English.
_WHOLLY_NOTE = _msg(
    "No reviewed translation of this explanation exists yet: it is shown in English."
)
# TRANSLATORS: first line of a Greenlandic explanation shown wholly in Danish.
_WHOLLY_NOTE_DA = _msg(
    "No reviewed Greenlandic translation of this explanation exists yet: it is shown in Danish."
)
# TRANSLATORS: closing line of a Greenlandic explanation; {mark} is "[da]".
_FALLBACK_NOTE_DA = _msg(
    "Sentences marked {mark} are shown in Danish: no reviewed Greenlandic translation of them "
    "exists yet."
)


_STATUS = {
    "secondary": _msg("secondary source"),
    "derived": _msg("derived"),
    "provisional": _msg("provisional"),
    "unknown": _msg("unknown"),
}
"""A value's status (other than verified) as its citation's tag says it."""

_WARNING_CODES = {
    "collected_without_notice": _msg("collected without notice"),
    "deduction_stopped": _msg("deduction stopped"),
    "disproportionate_cost": _msg("disproportionate cost"),
    "due_date_rule": _msg("due date rule"),
    "eviction_left_to_landlord": _msg("eviction left to the landlord"),
    "fee_over_cap": _msg("fee over the cap"),
    "instalment_missed": _msg("instalment missed"),
    "law_allows_step": _msg("the law allows a step"),
    "lien_expiring": _msg("lien lapsing"),
    "limitation_expiring": _msg("limitation expiring"),
    "manual_review": _msg("for review"),
    "no_movement": _msg("no movement"),
    "not_delivered": _msg("not delivered"),
    "unknown_law": _msg("unknown law"),
}
"""Each warning code in a reader's words, for the explanation in another language (the code
itself stays in the decision)."""

_KEYED = frozenset({"basis", "channel", "ladder_id", "lien", "period"})
"""The placeholders whose values are the profile's keys (a legal basis, a channel, a ladder, a
lien, a limitation period): in another language said in its words where the catalogue has
them, else as written."""

_PROFILE_KEYS = {
    "public_law": _msg("public law"),
    "public_law_lien": _msg("public law with a legal lien"),
    "contract": _msg("contract"),
    "debt_instrument": _msg("debt instrument"),
    "lease": _msg("lease"),
    "post": _msg("post"),
    "digital_mailbox": _msg("digital mailbox"),
    "email": _msg("e-mail"),
    "e_invoice": _msg("e-invoice"),
    "legal_lien": _msg("legal lien"),
    "ground_rent_lien": _msg("ground rent lien"),
    "general": _msg("the general period"),
    "loan": _msg("the period for loans"),
    "judgment": _msg("the period after a judgment"),
    "distraint": _msg("the period after distraint"),
    "listed": _msg("the period for listed claims"),
    "special_basis": _msg("special enforcement basis"),
    "ordinary": _msg("ordinary (judgment first)"),
    "daycare": _msg("daycare and after-school care"),
    "undisputed": _msg("undisputed claim"),
    "loan_note": _msg("enforceable loan note"),
    "public_debtor": _msg("public debtor"),
    "public_transfer": _msg("transfer to public collection"),
    "municipal_distraint": _msg("the municipality's own distraint"),
    "private": _msg("private law (judgment first)"),
    "public_collection": _msg("public collection"),
    "rent_and_utilities": _msg("rent and utilities"),
}
"""The profiles' keys that sentences name, in a reader's words."""


_ISO_DAY = re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])")
_STATUS_TAG = re.compile(r"\[(secondary|derived|provisional|unknown)\](?=;|$)")
"""A citation's status tag: after each source of a joined citation, and at its end."""
_DECIMAL = re.compile(r"-?(?<![\d.])\d+\.(\d+)(?![\d.])")


_NO_ENTRY = frozenset({NO_ENTRY, NO_ENTRY_SINCE, NO_ENTRY_RENEWED})


def _missing_entry(name: str, value: str) -> bool:
    """A profile value's place that also says no entry is in force (``interest...values
    (no/interest.yaml:22): no entry in force on ...``): a sentence to read back, though the
    place itself is kept as written."""
    if name != "where":
        return False
    found = parse(value)
    return found is not None and found[0] in _NO_ENTRY


def _locales() -> Traversable:
    return files("claimrules.text").joinpath("locales")


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


_FALLBACKS = {"en": (), "nb": ("en",), "da": ("en",), "kl": ("da", "en")}
"""Where a sentence without a reviewed translation is taken from, in order. Greenland's public
administration writes Greenlandic and Danish: a Greenlandic reader gets Danish before English."""


def _greedy_tail(found: tuple[str, dict[str, str]]) -> bool:
    """Whether the template read ends in a placeholder that swallowed the rest of a list
    (``... in force on {date}{detail}`` read over ``a; b``, the detail ``; b``): then the
    text is read as the list."""
    template, params = found
    if not template.endswith("}") or not params:
        return False
    tail = list(params.values())[-1]
    return any(tail.startswith(separator) for separator in SEPARATORS)


class _Sentences:
    """Looks sentences up in one language, falling back (marked) to the next in
    :data:`_FALLBACKS`, and finally to English."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.chain = (lang, *_FALLBACKS[lang])
        self.fell_back: list[str] = []
        """The languages used in place of ``lang``, in the order first used."""
        self.native = 0
        """How many sentences were shown in ``lang`` itself."""

    def _lookup(self, msgid: str) -> tuple[str, str]:
        """The reviewed text of ``msgid`` in the first language of the chain that has one."""
        for lang in self.chain:
            if lang == "en":
                return "en", msgid
            translated = _reviewed(lang).get(msgid)
            # a translation whose placeholders differ from the source's would fail or lose data
            if translated is not None and _fields(translated) == _fields(msgid):
                return lang, translated
        return "en", msgid

    def __call__(self, msgid: str, **fields: str) -> str:
        lang, text = self._lookup(msgid)
        if lang == self.lang:
            self.native += 1
            return _fill(text, fields)
        if lang not in self.fell_back:
            self.fell_back.append(lang)
        return f"[{lang}] " + _fill(text, fields)

    def engine(self, text: str, msg: Message | None = None) -> str:
        """One of the engine's sentences (a reason, a warning, a trace outcome) in this
        language, marked when it had to fall back to another one: rendered from its structured
        message ``msg`` where the decision has one, else read back from its English ``text``
        (a decision stored before decisions carried messages); text that is not the engine's
        (a profile's own wording) is shown as it is."""
        translated, lang = self._message(text, msg)
        if lang == self.lang:
            self.native += 1
            return translated
        if lang not in self.fell_back:
            self.fell_back.append(lang)
        return f"[{lang}] {translated}"

    def _message(self, text: str, msg: Message | None) -> tuple[str, str]:
        """``msg`` rendered (:meth:`_structured`), or ``text`` read back (:meth:`_engine`)."""
        if msg is not None:
            rendered = self._structured(msg.id, msg.params, 0)
            if rendered is not None:
                return rendered
        return self._engine(text, 0)

    def _structured(
        self, message_id: str, params: Mapping[str, Any], depth: int
    ) -> tuple[str, str] | None:
        """A structured message in the first language of the chain that has its template,
        each parameter rendered by its kind (a sentence inside it, words, a list the same way,
        unmarked), and the language the result is in (the least translated part's); ``None``
        for an id this version does not know."""
        template = TEMPLATE_OF.get(message_id)
        if template is None or depth > 8:
            return None
        lang, translated = self._lookup(template) if self.lang != "en" else ("en", template)
        filled = {}
        for name, value in params.items():
            filled[name], inner = self._param(value, depth + 1, name)
            lang = self._worse(lang, inner)
        return translated.format(**filled), lang

    def _param(self, value: Mapping[str, Any], depth: int, name: str = "") -> tuple[str, str]:
        """One typed parameter (:func:`claimrules.model.messages.typed`) as text in this
        language, and the language it is in."""
        if "message" in value:
            inner = value["message"]
            found = self._structured(inner["id"], inner["params"], depth)
            return found if found is not None else ("", "en")
        if "list" in value:
            parts = [self._param(item, depth) for item in value["list"]]
            worst = self.lang
            for _, lang in parts:
                worst = self._worse(worst, lang)
            return str(value["separator"]).join(text for text, _ in parts), worst
        if "words" in value:
            return self._engine(str(value["words"]), depth)
        kind = next(iter(value))
        text = str(value[kind])
        key = self._key(name, text)
        if key is not None:
            return key, self.lang
        if self.lang == "en" or (kind == "text" and name in KEPT):
            return text, self.lang
        return self._localized(text), self.lang

    def _localized(self, text: str) -> str:
        """A value written in English (``2026-12-07``, ``1234.56``, ``1.21 × 1277``) as this
        language writes it (``07.12.2026``, ``1 234,56``, ``1,21 × 1277``: as many decimals as
        the English, integers without grouping, so that a year stays a year); text with words
        in it as it is."""
        if any(char.isalpha() for char in text):
            return text
        locale = _LOCALES[self.lang]

        def day(found: re.Match[str]) -> str:
            written = date.fromisoformat(found.group())
            return str(format_date(written, "dd.MM.yyyy", locale=locale))

        def decimal(found: re.Match[str]) -> str:
            places = len(found.group(1))
            number = Decimal(found.group())
            return str(format_decimal(number, "#,##0." + "0" * places, locale=locale))

        return _DECIMAL.sub(decimal, _ISO_DAY.sub(day, text))

    def _key(self, name: str, text: str) -> str | None:
        """A profile key (a legal basis, a channel...) in this language's words, if ``name``
        holds one and the catalogue has it."""
        words = _PROFILE_KEYS.get(text) if name in _KEYED and self.lang != "en" else None
        return self._plain(words) if words is not None else None

    def citation(self, text: str) -> str:
        """A citation in this language: what its sections say in parentheses (``§ 2 (delay
        caused by the creditor)``, the profile's wording) and its status tag (``[secondary]``)
        in the reader's words; the statute, the section numbers and the link as written."""
        if self.lang == "en":
            return text
        for gloss in dict.fromkeys(glosses(text)):
            text = text.replace(f"({gloss})", f"({self._plain(gloss)})")
        return _STATUS_TAG.sub(lambda found: f"[{self._plain(_STATUS[found.group(1)])}]", text)

    def warning_code(self, code: str) -> str:
        """A warning's code in this language's words (``limitation_expiring``); another code
        as it is."""
        words = _WARNING_CODES.get(code)
        return self._plain(words) if words is not None and self.lang != "en" else code

    def _plain(self, msgid: str) -> str:
        """``msgid`` in the first language of the chain that has it, unmarked (a word inside
        a line the line's own mark already covers)."""
        return self._lookup(msgid)[1]

    def _engine(self, text: str, depth: int) -> tuple[str, str]:
        """``text`` parsed back into its template and parameters, the template in the first
        language of the chain that has it, each parameter that is itself such a sentence
        translated the same way (unmarked: the outer sentence carries the mark), and the
        language the result is in (the least translated part's)."""
        if self.lang == "en" or depth > 8:
            return text, "en"
        for lang in self.chain:  # a sentence quoted whole: a profile's own wording, a word
            if lang == "en":
                break
            translated = _reviewed(lang).get(text)
            if translated is not None:
                return translated, lang
        found = parse(text)
        if found is None or _greedy_tail(found):
            for separator in SEPARATORS:  # a list of sentences (allocations, reasons)
                pieces = split_list(text, separator)
                if len(pieces) > 1:
                    parts = [self._engine(p, depth + 1) for p in pieces]
                    worst = self.lang
                    for _, lang in parts:
                        worst = self._worse(worst, lang)
                    return separator.join(part for part, _ in parts), worst
            if found is None:
                return text, "en"  # not the engine's: a profile's own (English) wording
        template, params = found
        lang, translated = self._lookup(template)
        filled = {}
        for name, value in params.items():
            if _readable(name, value) or _missing_entry(name, value):
                value, inner = self._engine(value, depth + 1)
                lang = self._worse(lang, inner)
            else:  # a value, written as the structured message would have it
                key = self._key(name, value)
                value = key if key is not None else value
                if name not in KEPT:
                    value = self._localized(value)
            filled[name] = value
        return translated.format(**filled), lang

    def _worse(self, one: str, other: str) -> str:
        """Of two languages of the chain, the one further from the reader's (a sentence is
        only as translated as its least translated part)."""
        return max(one, other, key=self.chain.index)

    def within(self, msgid: str, name: str, text: str, msg: Message | None = None) -> str:
        """``msgid`` with its placeholder ``name`` filled with the engine's sentence ``text``
        (rendered from ``msg`` where there is one); the inner sentence is marked only where
        its language differs from the outer one's."""
        outer, _ = self._lookup(msgid)
        inner, lang = self._message(text, msg)
        if lang != outer:
            if lang not in self.fell_back:
                self.fell_back.append(lang)
            inner = f"[{lang}] {inner}"
        return self(msgid, **{name: inner})

    def wholly_in(self) -> str | None:
        """The one other language every sentence was shown in, if so (then the marks say
        nothing a single note cannot)."""
        if self.native == 0 and len(self.fell_back) == 1 and self.lang != "en":
            return self.fell_back[0]
        return None

    def wholly_note(self, lang: str) -> str:
        """The opening line of an explanation shown wholly in ``lang`` instead."""
        note = _WHOLLY_NOTE if lang == "en" else _WHOLLY_NOTE_DA
        return self._lookup(note)[1]

    def closing_note(self) -> list[str]:
        """The lines telling the reader which marked sentences are in which language."""
        lines = []
        for lang in self.fell_back:
            note = _FALLBACK_NOTE if lang == "en" else _FALLBACK_NOTE_DA
            text = self._lookup(note)[1] if self.lang != "en" else note
            lines.append(_fill(text, {"mark": f"[{lang}]"}))
        return lines


def explain(decision: Decision, lang: str = "en", *, currency: str | None = None) -> str:
    """Explain ``decision`` in ``lang`` (one of :data:`LANGUAGES`), one sentence a line.

    What to do and from when, the fee, the outstanding balance, the limitation and lien dates,
    why, the warnings, and every rule applied with its citation. Amounts are money in the
    decision's currency (``Decision.currency``, the claim's) formatted for the locale
    (``1 014,04 kr`` in ``nb``); ``currency`` overrides it. Sentences without a reviewed
    translation fall back along the language's chain (``kl`` → ``da`` → ``en``), marked (see the
    module's fallback policy).

    Raises:
        ValueError: ``lang`` is not one of :data:`LANGUAGES`.
    """
    _check(lang)
    locale = _LOCALES[lang]
    say = _Sentences(lang)

    shown_in = currency or decision.currency

    def money(amount: Decimal) -> str:
        return _money(amount, shown_in, locale)

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
                say(
                    _LIMITATION,
                    date=day(limitation.expires_on),
                    citation=say.citation(limitation.citation),
                )
            )
        else:
            lines.append(say(_SUSPENDED))
    lien = decision.lien
    if lien is not None and lien.expires_on is not None and not lien.preserved_on:
        past = lien.lapsed or lien.expires_on < decision.as_of
        lines.append(
            say(
                _LIEN_LAPSED if past else _LIEN,
                date=day(lien.expires_on),
                citation=say.citation(lien.citation),
            )
        )
    lines.append(say.within(_WHY, "reason", decision.reason, decision.reason_msg))
    if decision.warnings:
        lines.append(say(_WARNINGS))
        lines += [
            f"  - [{say.warning_code(warning.code)}] {say.engine(warning.message, warning.msg)}"
            for warning in decision.warnings
        ]
    lines.append(say(_SOURCES))
    lines += [
        f"  - {entry.rule}: {say.engine(entry.outcome, entry.msg)}"
        + (f" — {say.citation(entry.citation)}" if entry.citation else "")
        for entry in decision.trace
    ]
    other = say.wholly_in()
    if other is not None:  # one note, and the other language's dates and amounts throughout
        return say.wholly_note(other) + "\n" + explain(decision, other, currency=currency)
    if say.fell_back:
        lines += say.closing_note()
    return "\n".join(lines)


provide("explain", explain)
