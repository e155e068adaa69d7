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
from claimrules import explain as explain_module
from claimrules.explain import FALLBACK_MARK, LANGUAGES, catalogue_path, explain, template_path

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
# sentences added after the project's own Norwegian text: drafts, marked fuzzy in nb
NB_DRAFTS = {
    "Next action: {action}.",
    "Sentences marked {mark} are shown in English: no reviewed translation of them exists yet.",
}
NOTE_EN = "Sentences marked [en] are shown in English: no reviewed translation of them exists yet."


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


def test_every_sentence_in_the_code_is_in_every_catalogue() -> None:
    source = Path(explain_module.__file__)
    in_code = [
        message
        for _, message, _, _ in extract_from_file("python", source, keywords={"_msg": None})
        if isinstance(message, str)
    ]
    assert len(in_code) == len(set(in_code)), "a sentence is marked twice"
    assert len(in_code) >= 27
    assert set(in_code) == set(ids(read_catalogue(template_path()))), (
        "the template is out of date: regenerate it (see the claimrules.explain docstring)"
    )
    for lang in TRANSLATED:
        listed = ids(read_catalogue(catalogue_path(lang), locale=lang))
        assert set(in_code) == set(listed), (
            f"{lang}: missing {set(in_code) - set(listed)}, stale {set(listed) - set(in_code)}"
        )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang: str) -> None:
    for message in read_catalogue(catalogue_path(lang), locale=lang):
        if message.id and message.string:
            assert isinstance(message.id, str) and isinstance(message.string, str)
            assert fields(message.string) == fields(message.id), (lang, message.id)


def test_norwegian_is_reviewed_apart_from_the_drafts() -> None:
    for message in read_catalogue(catalogue_path("nb"), locale="nb"):
        if not message.id:
            continue
        if message.id in NB_DRAFTS:
            assert message.fuzzy, message.id
        else:
            assert message.string and not message.fuzzy, message.id


def test_greenlandic_has_no_translations() -> None:
    catalogue = read_catalogue(catalogue_path("kl"), locale="kl")
    assert all(not message.string and not message.fuzzy for message in catalogue if message.id)


# --- what the explanation says ------------------------------------------------------------------


def test_english_and_norwegian_sentences_as_before() -> None:
    decision, _ = scenario(CASES["no_reminder_with_fee"])
    english = decision.explain()
    assert english.startswith("Send a reminder.\nLawful from: 3 February 2024.\n")
    assert "Outstanding: 1,014.04 (principal 1,000.00, interest 14.04, fees 0.00)." in english
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
    assert "Outstanding: NOK\xa01.014,04 (principal NOK\xa01.000,00," in text["kl"]


def test_a_value_ending_in_a_full_stop_absorbs_the_next() -> None:
    # the Danish krone sign is "kr.": no "250,00 kr.." at the end of a sentence
    decision, currency = scenario(CASES["dk_collection_notice_with_fee"])
    danish = explain(decision, "da", currency=currency).splitlines()
    assert "[en] Fee that may be charged: 250,00\xa0kr." in danish
    assert not any(line.endswith("..") for line in danish)


def test_suspended_limitation_in_every_language() -> None:
    decision, _ = scenario("dk/limitation_lawsuit_suspends_period.yaml")
    assert decision.limitation is not None and decision.limitation.expires_on is None
    expected = {
        "en": "Limitation is suspended while legal proceedings run.",
        "nb": "Foreldelsesfristen løper ikke mens saken pågår.",
        "da": "[en] Limitation is suspended while legal proceedings run.",
        "kl": "[en] Limitation is suspended while legal proceedings run.",
    }
    for lang, sentence in expected.items():
        assert sentence in decision.explain(lang).splitlines()


def test_every_rule_applied_is_listed_with_its_citation_in_every_language() -> None:
    decision, currency = scenario(CASES["no_manual_review_unknown_law"])
    for lang in LANGUAGES:
        lines = explain(decision, lang, currency=currency).splitlines()
        for entry in decision.trace:
            quoted = f"  - {entry.rule}: {entry.outcome}"
            quoted += f" — {entry.citation}" if entry.citation else ""
            assert quoted in lines, (lang, entry.rule)
        for warning in decision.warnings:
            assert f"  - [{warning.code}] {warning.message}" in lines


def test_english_fallback_is_visible() -> None:
    decision, currency = scenario(CASES["dk_collection_notice_with_fee"])
    danish = sentences(explain(decision, "da", currency=currency))
    assert any(line.startswith(FALLBACK_MARK) for line in danish)
    assert any(line.startswith("Udestående: ") for line in danish)  # reviewed: hovedstol, renter
    assert danish[-1] == NOTE_EN  # the Danish note itself is an unreviewed draft
    greenlandic = sentences(explain(decision, "kl", currency=currency))
    assert greenlandic[-1] == NOTE_EN
    assert all(line.startswith(FALLBACK_MARK) for line in greenlandic[:-1])


@pytest.fixture
def catalogue_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Replace the Danish catalogue with a file the test writes; clears the cache around it."""
    path = tmp_path / "claimrules.po"
    monkeypatch.setattr(explain_module, "catalogue_path", lambda lang: path)
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
        "[en] Fee that may be charged: 35,00.",
    ]
    assert any(line.startswith("[en] Why: next step of ") for line in lines)
    assert lines[-1] == "Sætninger mærket [en] er på engelsk."


def test_action_without_a_sentence() -> None:
    decision, _ = scenario(CASES["no_reminder_with_fee"])
    odd = decision.model_copy(update={"action": "send_carrier_pigeon"})
    assert odd.explain().startswith("Next action: send_carrier_pigeon.\n")
    assert odd.explain("nb").startswith("[en] Next action: send_carrier_pigeon.\n")


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
