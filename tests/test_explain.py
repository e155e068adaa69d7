"""Explanations in en, nb, da and kl: the message catalogues, the visible fallback, golden files.

Golden files: ``tests/golden/explain/<case>.<lang>.txt`` hold the explanation of a scenario's
decision (``CASES`` below, amounts in the claim's currency) in each language. On a mismatch the
test shows a unified diff, golden file first, with no-break spaces drawn as ``⍽``. After a
deliberate change to the wording, a catalogue or the engine, rewrite them and review the diff::

    CLAIMRULES_UPDATE_GOLDEN=1 pytest tests/test_explain.py
"""

from __future__ import annotations

import difflib
import os
import re
import string
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po
from ruamel.yaml import YAML

import claimrules as cr
from claimrules.law import loader as loader_module
from claimrules.law import yamlio as yamlio_module
from claimrules.model import messages
from claimrules.text import explain as explain_module
from claimrules.text import words as words_module
from claimrules.text.catalogue import profile_sentences
from claimrules.text.explain import FALLBACK_MARK, LANGUAGES, catalogue_path, explain, template_path
from claimrules.tools import lint as lint_module

HERE = Path(__file__).parent
SCENARIOS = HERE / "scenarios"
GOLDEN = HERE / "golden" / "explain"
UPDATE = os.environ.get("CLAIMRULES_UPDATE_GOLDEN") == "1"

# case name → scenario: one representative decision each
CASES = {
    "no_reminder_with_fee": "no/water_fee_first_reminder.yaml",
    "no_time_barred_write_off": "no/food_inspection_fee_1_may_roll_then_time_barred.yaml",
    "no_resend_invoice_not_delivered": "no/email_invoice_without_delivery_receipt_resend.yaml",
    "no_manual_review_unknown_law": "no/contract_claim_collection_notice_2027_new_act_manual_review.yaml",
    "no_interest_known_through": "no/interest_2027_rate_not_yet_in_profile_reminder_proceeds.yaml",
    "dk_collection_notice_with_fee": (
        "dk/transfer_daycare_fee_collection_notice_waits_for_reminder_deadline.yaml"
    ),
    "gl_kujalleq_fee_over_cap": "gl/kujalleq_reminder_fee_over_cap.yaml",
}
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
NOTE_EN = "Sentences marked [en] are shown in English: no reviewed translation of them exists yet."
WHOLLY_DANISH = (
    "Der findes endnu ingen gennemgået grønlandsk oversættelse af denne forklaring: "
    "den vises på dansk."
)
ROOT = HERE.parent
PROFILE_FILES = sorted((ROOT / "profiles").rglob("*.yaml"))
# the countries whose profiles' own wording each language translates
COUNTRIES = {"nb": ("no",), "da": ("dk", "gl")}


def scenario(relative: str) -> tuple[cr.Decision, str]:
    """The decision of a scenario file, and its claim's currency."""
    spec: Any = YAML(typ="safe", pure=True).load((SCENARIOS / relative).read_text("utf-8"))
    claim = cr.Claim.model_validate(spec["claim"])
    as_of = spec["as_of"]
    day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    return cr.decide(claim, cr.load_profile(spec["profile"]), day), claim.currency


def read_catalogue(path: Any, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale, domain="claimrules", abort_invalid=True)


def ids(catalogue: Catalog) -> list[str]:
    return [message.id for message in catalogue if isinstance(message.id, str) and message.id]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def sentences(text: str) -> list[str]:
    """The lines that come from the catalogue: not the quoted warnings and trace entries."""
    return [line for line in text.splitlines() if not line.startswith("  - ")]


# --- catalogues ---------------------------------------------------------------------------------


def test_languages() -> None:
    assert LANGUAGES == ("en", "nb", "da", "kl")


@pytest.mark.parametrize("lang", ["fr", "no", "", "NB", "nb_NO"])
def test_unknown_language_names_the_choices(lang: str) -> None:
    decision, _ = scenario(CASES["no_reminder_with_fee"])
    with pytest.raises(ValueError, match=r"choose one of en, nb, da, kl"):
        explain(decision, lang)
    with pytest.raises(ValueError, match=r"choose one of en, nb, da, kl"):
        decision.explain(lang)


def test_english_has_no_catalogue() -> None:
    with pytest.raises(ValueError, match="source language"):
        catalogue_path("en")


def test_template_and_catalogues_parse() -> None:
    template = read_catalogue(template_path())
    assert ids(template)
    assert all(not message.string for message in template if message.id)
    for lang in TRANSLATED:
        catalogue = read_catalogue(catalogue_path(lang), locale=lang)
        assert str(catalogue.locale) == lang
        assert not catalogue.obsolete, f"{lang}: obsolete entries {list(catalogue.obsolete)}"


def code_sentences() -> list[str]:
    """Every sentence marked in the code: this module's, the engine's templates, the
    reports' words, and the profile tools' findings and problems (babel.cfg lists the same)."""
    found: list[str] = []
    config = (ROOT / "babel.cfg").read_text(encoding="utf-8")
    sources = [ROOT / path for path in re.findall(r"^\[python: (.+)\]$", config, re.M)]
    modules = (explain_module, messages, words_module, lint_module, loader_module, yamlio_module)
    # the modules by their place in the source tree (an installed build has them elsewhere)
    named = {
        ROOT / "src" / Path(*module.__name__.split(".")).with_suffix(".py") for module in modules
    }
    assert named <= set(sources)
    for source in sources:
        found += [
            message
            for _, message, _, _ in extract_from_file("python", source, keywords={"_msg": None})
            if isinstance(message, str)
        ]
    return found


def profile_wording() -> dict[str, set[str]]:
    """The bundled profiles' own sentences that decisions quote, by country."""
    wording: dict[str, set[str]] = {}
    for file in PROFILE_FILES:
        country = file.relative_to(ROOT / "profiles").parts[0]
        wording.setdefault(country, set()).update(text for _, text in profile_sentences(file))
    return wording


def test_every_sentence_in_the_code_and_the_profiles_is_in_every_catalogue() -> None:
    in_code = code_sentences()
    assert len(in_code) == len(set(in_code)), "a sentence is marked twice"
    assert len(in_code) >= 200
    assert set(messages.TEMPLATES) <= set(in_code)
    quoted = set().union(*profile_wording().values())
    assert "Water fee (vanngebyr)" in quoted
    expected = set(in_code) | quoted
    assert expected == set(ids(read_catalogue(template_path()))), (
        "the template is out of date: regenerate it (see the claimrules.text.explain docstring)"
    )
    for lang in TRANSLATED:
        listed = ids(read_catalogue(catalogue_path(lang), locale=lang))
        assert expected == set(listed), (
            f"{lang}: missing {expected - set(listed)}, stale {set(listed) - expected}"
        )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in read_catalogue(catalogue_path(lang), locale=lang):
        if message.id and message.string:
            assert isinstance(message.id, str) and isinstance(message.string, str)
            assert fields(message.string) == fields(message.id), (lang, message.id)


@pytest.mark.parametrize("lang", ["nb", "da"])
def test_norwegian_and_danish_are_reviewed(lang: str) -> None:
    """Every sentence of the code, and the wording of the language's own countries' profiles,
    has a reviewed translation (no empty entry, no fuzzy draft)."""
    wording = profile_wording()
    own = set().union(*(wording[country] for country in COUNTRIES[lang]))
    others = set().union(*wording.values()) - own
    for message in read_catalogue(catalogue_path(lang), locale=lang):
        if not message.id or message.id in others:
            continue
        assert message.string and not message.fuzzy, (lang, message.id)


def test_greenlandic_has_no_translations() -> None:
    catalogue = read_catalogue(catalogue_path("kl"), locale="kl")
    assert all(not message.string and not message.fuzzy for message in catalogue if message.id)


def test_every_template_reads_back_as_itself() -> None:
    """``parse`` turns each template, filled with values of the right form, back into the same
    template and values: no other template claims its text."""
    sample = {r"\d{4}-\d{2}-\d{2}": "2026-01-02", r"-?\d[\d.]*": "12.50", r"-?\d+": "3", ".*?": ""}
    for template in messages.TEMPLATES:
        names = messages._FIELD.findall(template)
        values = {}
        for name in names:
            form = messages._KINDS.get(name)
            values[name] = sample.get(form, "zq thing") if form else "zq thing"
        if "weekday" in values:
            values["weekday"] = "Sunday"  # a real weekday: its own template, not the holiday one
        text = template.format(**values)
        assert messages.parse(text) == (template, values), template


def bundled_texts() -> Iterator[tuple[str, str]]:
    """(country, sentence) for every reason, warning and trace outcome of the bundled
    ledgers' decisions that need action, and of every scenario, on three days."""
    ledgers = {"no": "examples/no/ledger.jsonl", "dk": "examples/dk/ledger.jsonl"}
    ledgers["gl"] = "examples/gl/ledger.jsonl"
    seen: set[tuple[str, str]] = set()
    decisions: list[tuple[str, cr.Decision]] = []
    for country, ledger in ledgers.items():
        profile = cr.load_profile(country)
        claims = [c for c in cr.read_claims(ROOT / ledger) if isinstance(c, cr.Claim)]
        for day in (date(2025, 6, 30), date(2026, 12, 1), date(2027, 3, 1)):
            for item in cr.decide_many(claims, profile, day):
                if isinstance(item, cr.Decision) and (item.action != "none" or item.warnings):
                    decisions.append((country, item))
    for file in sorted(SCENARIOS.rglob("*.yaml")):
        try:
            decision, _ = scenario(str(file.relative_to(SCENARIOS)))
        except (cr.ClaimError, KeyError, TypeError):
            continue  # a scenario of invalid input
        decisions.append((decision.profile_id.split("/")[0], decision))
    for country, decision in decisions:
        texts = [decision.reason, *(w.message for w in decision.warnings)]
        for text in [*texts, *(entry.outcome for entry in decision.trace)]:
            if (country, text) not in seen:
                seen.add((country, text))
                yield country, text


def test_every_sentence_of_the_bundled_decisions_is_translated() -> None:
    """Reasons, warnings and trace outcomes read back into catalogue sentences: in Norwegian
    for Norway's decisions, in Danish for Denmark's and Greenland's, and a Greenlandic reader
    gets them in Danish. Nothing stays English."""
    readers = {"no": ("nb",), "dk": ("da",), "gl": ("da", "kl")}
    untranslated = []
    for country, text in bundled_texts():
        for lang in readers[country]:
            _, shown = explain_module._Sentences(lang)._engine(text, 0)
            if shown != ("da" if lang == "kl" else lang):
                untranslated.append((lang, text))
    assert not untranslated, untranslated[:10]


# --- what the explanation says ------------------------------------------------------------------


def test_english_and_norwegian_sentences_as_before() -> None:
    decision, _ = scenario(CASES["no_reminder_with_fee"])
    english = decision.explain()
    assert english.startswith("Send a reminder.\nLawful from: 3 February 2024.\n")
    assert (
        "Outstanding: NOK\xa01,014.04 (principal NOK\xa01,000.00, interest NOK\xa014.04, "
        "fees NOK\xa00.00)."
    ) in english
    assert FALLBACK_MARK not in english
    norwegian = decision.explain("nb")
    assert norwegian.startswith("Send purring.\nTidligst: 3. februar 2024.\n")
    assert "Foreldelse inntrer etter: 20. januar 2027 (foreldelsesloven § 2" in norwegian
    assert FALLBACK_MARK not in norwegian and "English" not in norwegian


def test_amounts_as_money_in_the_claims_currency() -> None:
    decision, currency = scenario(CASES["no_reminder_with_fee"])
    assert currency == "NOK"
    text = {lang: explain(decision, lang, currency=currency) for lang in LANGUAGES}
    assert "Fee that may be charged: NOK\xa035.00." in text["en"]
    assert "Gebyr som kan kreves: 35,00\xa0kr." in text["nb"]
    assert "Udestående: 1.014,04\xa0NOK (hovedstol 1.000,00\xa0NOK," in text["da"]
    # a Norwegian claim read in Greenlandic: Danish sentences, Greenlandic number format
    assert "[da] Udestående: NOK\xa01.014,04 (hovedstol NOK\xa01.000,00," in text["kl"]


def test_amounts_default_to_the_decisions_currency() -> None:
    decision, _ = scenario(CASES["no_reminder_with_fee"])
    assert decision.currency == "NOK"
    assert "Gebyr som kan kreves: 35,00\xa0kr." in decision.explain("nb")
    assert "Gebyr som kan kreves: 35,00\xa0kr." in explain(decision, "nb")
    assert "Fee that may be charged: €35.00." in explain(decision, "en", currency="EUR")


def test_a_value_ending_in_a_full_stop_absorbs_the_next() -> None:
    # the Danish krone sign is "kr.": no "250,00 kr.." at the end of a sentence
    decision, currency = scenario(CASES["dk_collection_notice_with_fee"])
    danish = explain(decision, "da", currency=currency).splitlines()
    assert "Gebyr, der lovligt kan opkræves: 250,00\xa0kr." in danish
    assert not any(line.endswith("..") for line in danish)


def test_suspended_limitation_in_every_language() -> None:
    decision, _ = scenario("dk/limitation_lawsuit_suspends_period.yaml")
    assert decision.limitation is not None and decision.limitation.expires_on is None
    expected = {
        "en": "Limitation is suspended while legal proceedings run.",
        "nb": "Foreldelsesfristen løper ikke mens saken pågår.",
        "da": "Forældelsesfristen løber ikke, mens retssagen verserer.",
        "kl": "Forældelsesfristen løber ikke, mens retssagen verserer.",
    }
    for lang, sentence in expected.items():
        assert sentence in decision.explain(lang).splitlines()


def test_every_rule_applied_is_listed_with_its_citation_in_every_language() -> None:
    decision, currency = scenario(CASES["no_manual_review_unknown_law"])
    english = explain(decision, "en", currency=currency).splitlines()
    for entry in decision.trace:
        quoted = f"  - {entry.rule}: {entry.outcome}"
        quoted += f" — {entry.citation}" if entry.citation else ""
        assert quoted in english, entry.rule
    for warning in decision.warnings:
        assert f"  - [{warning.code}] {warning.message}" in english
    for lang in TRANSLATED:
        lines = [line for line in explain(decision, lang).splitlines() if line.startswith("  - ")]
        assert len(lines) == len(decision.trace) + len(decision.warnings), lang
        for line, entry in zip(lines[len(decision.warnings) :], decision.trace, strict=True):
            assert line.startswith(f"  - {entry.rule}: "), (lang, line)
            # the citation in the reader's words (its glosses and status tag), its link as is
            cited = explain_module._Sentences(lang).citation(entry.citation)
            assert line.endswith(f" — {cited}" if entry.citation else ""), (lang, line)
            if entry.outcome:
                assert line != f"  - {entry.rule}: {entry.outcome}", (lang, "not translated")


def test_the_engines_sentences_in_norwegian() -> None:
    """The reason, the warnings and the trace of a decision in the statutes' own terms."""
    decision, _ = scenario(CASES["no_manual_review_unknown_law"])
    assert decision.reason.startswith("the next step of ")
    text = decision.explain("nb")
    # STEP_NOT_LAWFUL and STEP_LAW_UNKNOWN, the action word W_SEND_NOTICE, the ladder's title
    assert (
        "Begrunnelse: neste trinn i 'Avtalekrav skyldneren ikke har bestridt "
        "(tvangsfullbyrdelsesloven § 7-2 f)' ville vært send inkassovarsel fra 04.01.2027, men "
        "om loven fortsatt tillater det da, er ukjent rett: "
        "ladders.undisputed.steps.1.in_force.values.2027-01-01"
    ) in text
    assert "  - [ukjent rett] neste trinn i " in text
    assert "  - interest: fra " in text and " dager à " in text
    assert FALLBACK_MARK not in text and "English" not in text


def test_the_engines_sentences_in_danish() -> None:
    decision, _ = scenario(CASES["dk_collection_notice_with_fee"])
    text = decision.explain("da")
    assert "Begrundelse: næste trin i " in text, text
    assert "  - limitation.periods.general: 3 år fra " in text
    assert FALLBACK_MARK not in text and "English" not in text


def test_greenlandic_reader_gets_danish_and_is_told() -> None:
    decision, currency = scenario(CASES["gl_kujalleq_fee_over_cap"])
    greenlandic = explain(decision, "kl", currency=currency).splitlines()
    danish = explain(decision, "da", currency=currency).splitlines()
    assert greenlandic == [WHOLLY_DANISH, *danish]
    assert "[en]" not in "\n".join(greenlandic)


def _replace_catalogue(lang: str, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read ``lang``'s catalogue from ``path`` (the real ones for the other languages)."""
    real = explain_module.catalogue_path
    monkeypatch.setattr(
        explain_module, "catalogue_path", lambda other: path if other == lang else real(other)
    )


@pytest.fixture
def kl_catalogue(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Give Greenlandic a catalogue the test writes; clears the cache around it."""
    path = tmp_path / "kl.po"
    _replace_catalogue("kl", path, monkeypatch)
    explain_module._reviewed.cache_clear()
    yield path
    explain_module._reviewed.cache_clear()


def test_greenlandic_falls_back_to_danish_before_english(kl_catalogue: Path) -> None:
    catalogue = Catalog(locale="kl", domain="claimrules")
    catalogue.add("Why: {reason}.", "Pissutsit: {reason}.")
    with kl_catalogue.open("wb") as handle:
        write_po(handle, catalogue)
    decision, _ = scenario(CASES["gl_kujalleq_fee_over_cap"])
    lines = decision.explain("kl").splitlines()
    # one Greenlandic sentence, so the rest is marked: Danish, in Greenlandic dates and amounts
    assert lines[0] == "[da] Send kravet til inkasso eller inddrivelse."
    assert lines[1] == "[da] Tidligst: 16 februaarip 2022."
    assert lines[4].startswith(
        "Pissutsit: [da] næste trin i 'Kommunal fordring overdraget til Skattestyrelsen "
        "(inddrivelsesmyndigheden)': send til inkasso eller inddrivelse, tidligst 16.02.2022"
    )
    assert (
        "  - [gebyr over loftet] [da] rykker af 01.02.2022: opkrævet 50,00, lovligt 0: Kommune "
        "Kujalleq opkræver ikke gebyr for rykker (lokal regel)"
    ) in lines
    assert FALLBACK_MARK not in "\n".join(lines)  # nothing had to fall back to English
    assert lines[-1] == (
        "Sætninger mærket [da] vises på dansk: der findes endnu ingen gennemgået grønlandsk "
        "oversættelse af dem."
    )


@pytest.fixture
def catalogue_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Replace the Danish catalogue with a file the test writes; clears the cache around it."""
    path = tmp_path / "claimrules.po"
    _replace_catalogue("da", path, monkeypatch)
    explain_module._reviewed.cache_clear()
    yield path
    explain_module._reviewed.cache_clear()


def test_only_reviewed_translations_are_used(catalogue_file: Path) -> None:
    catalogue = Catalog(locale="da", domain="claimrules")
    catalogue.add("Send a reminder.", "Send en rykker.")
    catalogue.add("Lawful from: {date}.", "Tidligst: {date}.", flags=["fuzzy"])
    catalogue.add("Fee that may be charged: {amount}.", "")
    catalogue.add("Why: {reason}.", "Begrundelse: {grund}.")  # wrong placeholder: not used
    catalogue.add(
        "Sentences marked {mark} are shown in English: no reviewed translation of them exists yet.",
        "Sætninger mærket {mark} er på engelsk.",
    )
    with catalogue_file.open("wb") as handle:
        write_po(handle, catalogue)
    decision, _ = scenario(CASES["no_reminder_with_fee"])
    lines = sentences(decision.explain("da"))
    assert lines[:3] == [
        "Send en rykker.",
        "[en] Lawful from: 3. februar 2024.",
        "[en] Fee that may be charged: 35,00\xa0NOK.",
    ]
    assert any(line.startswith("[en] Why: next step of ") for line in lines)
    assert lines[-1] == "Sætninger mærket [en] er på engelsk."


def test_action_without_a_sentence() -> None:
    decision, _ = scenario(CASES["no_reminder_with_fee"])
    odd = decision.model_copy(update={"action": "send_carrier_pigeon"})
    assert odd.explain().startswith("Next action: send_carrier_pigeon.\n")
    assert odd.explain("nb").startswith("Neste skritt: send_carrier_pigeon.\n")


# --- golden files -------------------------------------------------------------------------------


def _visible(lines: list[str]) -> list[str]:
    return [line.replace("\xa0", "⍽") for line in lines]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(case: str, lang: str) -> None:
    decision, currency = scenario(CASES[case])
    actual = explain(decision, lang, currency=currency) + "\n"
    path = GOLDEN / f"{case}.{lang}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with CLAIMRULES_UPDATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            _visible(expected.splitlines(keepends=True)),
            _visible(actual.splitlines(keepends=True)),
            fromfile=str(path.relative_to(HERE.parent)),
            tofile=f"explain({case!r}, {lang!r})",
        )
        pytest.fail(
            "explanation differs from the golden file (no-break spaces drawn as ⍽; "
            "CLAIMRULES_UPDATE_GOLDEN=1 rewrites it):\n" + "".join(diff),
            pytrace=False,
        )


def test_no_stray_golden_files() -> None:
    expected = {f"{case}.{lang}.txt" for case in CASES for lang in LANGUAGES}
    assert {path.name for path in GOLDEN.glob("*.txt")} == expected
