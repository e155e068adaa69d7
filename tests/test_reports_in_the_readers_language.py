"""Reports in the reader's language (issue 23, point 1): every command that shows people text
takes ``--lang``; in Norwegian and Danish its words are Norwegian and Danish, its amounts have a
decimal comma and its dates are written ``DD.MM.YYYY``, at 80 and 140 columns, through the real
CLI. Values from the ledger (claim ids, claim type codes) are shown as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import invoke

ROOT = Path(__file__).resolve().parents[1]
LEDGERS = {
    "nb": (ROOT / "examples/no/ledger.jsonl", "no", "2026-12-01"),
    "da": (ROOT / "examples/dk/ledger.jsonl", "dk", "2026-06-30"),
}
REPORTS = ["aging", "deadlines", "cases", "monitoring", "no-movement", "postings", "audit-dispatch"]

ENGLISH = [
    "claim type",
    "next action",
    "Outstanding principal",
    "On top of the principal",
    "Limitation and liens",
    "deadlines on",
    "at stake",
    "preserve by",
    "debtors,",
    "steps due now",
    "settled claims",
    "Long-term monitoring",
    "written off",
    "Claims with no movement",
    "watched",
    "Dispatch audit",
    "without notice",
    "Postings on",
    "outstanding principal",
    "receivable",
    "send reminder",
    "request distraint",
    "manual review",
    "limitation",
    "owes",
    "[en]",
]
ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{2}(?![\w-])")
POINT_AMOUNT = re.compile(r"(?<![\w.])\d{1,3}(,\d{3})*\.\d{2}(?![\w.])")


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize("lang", ["nb", "da"])
@pytest.mark.parametrize("report", REPORTS)
def test_reports_speak_the_readers_language(report: str, lang: str, columns: int) -> None:
    ledger, profile, day = LEDGERS[lang]
    args = (report, ledger, "--profile", profile, "--as-of", day, "--lang", lang)
    code = 1 if lang == "da" else 0  # the Danish ledger holds one NOK claim, skipped on purpose
    text = invoke(*args, code=code, columns=columns).stdout
    assert text.strip()
    said = " ".join(text.split())
    for words in ENGLISH:
        assert words not in said, (words, said[:400])
    assert not ISO_DATE.search(text), ISO_DATE.search(text)
    assert not POINT_AMOUNT.search(text), POINT_AMOUNT.search(text)
    assert all(len(line) <= columns for line in text.splitlines())


@pytest.mark.parametrize("lang", ["nb", "da"])
def test_numbers_and_dates_follow_the_locale(lang: str) -> None:
    ledger, profile, day = LEDGERS[lang]
    args = ("cases", ledger, "--profile", profile, "--as-of", day, "--lang", lang)
    text = invoke(*args, code=1 if lang == "da" else 0).stdout
    assert re.search(r"\d,\d\d\b", text)  # a decimal comma
    assert re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", text)  # 30.06.2026
    group = "\u00a0" if lang == "nb" else "."
    assert re.search(rf"\d{re.escape(group)}\d{{3}},\d\d", text)  # 1 234,56 / 1.234,56


def test_english_stays_as_it_was() -> None:
    ledger, profile, day = LEDGERS["nb"]
    args = ("cases", ledger, "--profile", profile, "--as-of", day)
    assert invoke(*args, code=0).stdout == invoke(*args, "--lang", "en", code=0).stdout


def test_decide_summarises_in_the_readers_language(tmp_path: Path) -> None:
    ledger, profile, _ = LEDGERS["da"]
    out = tmp_path / "out.jsonl"
    args = ("decide", ledger, "--profile", profile, "--as-of", "2026-12-07", "-o", out)
    said = " ".join(invoke(*args, "--lang", "da", code=1).stderr.split())
    assert "afgjorde 15 krav pr. 07.12.2026 med profil dk" in said
    assert "ukendt ret: 8 afgørelser kunne ikke anvende det hele" in said
    assert "[en]" not in said


def test_greenlandic_readers_get_the_reports_in_danish() -> None:
    args = ("aging", ROOT / "examples/gl/ledger.jsonl", "--profile", "gl", "--as-of", "2022-03-16")
    text = invoke(*args, "--lang", "kl", code=0).stdout
    assert "Udestående hovedstol efter forfaldsår" in " ".join(text.split())
    assert "[da]" not in text


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize(("lang", "example"), [("nb", "no"), ("da", "dk"), ("da", "gl")])
def test_the_demo_speaks_the_readers_language(lang: str, example: str, columns: int) -> None:
    text = invoke("demo", example, "--lang", lang, code=0, columns=columns).stdout
    said = " ".join(text.split())
    for words in [*ENGLISH, "Next actions", "claims decided", "ready now", "warnings:"]:
        assert words not in said, words
    assert not ISO_DATE.search(text)
    assert all(len(line) <= columns for line in text.splitlines())


@pytest.mark.parametrize(("lang", "title"), [("nb", "Virkning av"), ("da", "Virkning af")])
def test_diff_speaks_the_readers_language(lang: str, title: str) -> None:
    """The profile impact report in nb and da: its headings, counts and aspects in the reader's
    words; the profile's paths and values as written (they are the YAML's)."""
    args = ("diff", "no", "no/orkdal", "--ledger", LEDGERS["nb"][0], "--as-of", "2026-12-07")
    text = invoke(*args, "--lang", lang, code=0).stdout
    assert text.startswith(f"{title} ")
    said = " ".join(text.split())
    for words in ("Profile impact", "Profile values changed", "Claims:", "checked", "[en]"):
        assert words not in said, words
    assert "local.fees.reminder:" in said  # a profile path, as written
    english = invoke(*args, code=0).stdout
    assert english.startswith("Profile impact as of 2026-12-07")
