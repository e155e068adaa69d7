"""The profile tools in the reader's language (issue 23, point 1): ``claimrules check`` and
``claimrules validate`` take ``--lang`` as every other command that shows people text does.
A lawyer who edits a profile reads the findings and the problems in Norwegian or Danish, with
days and numbers written the language's way; the profile's own files, keys, names and YAML are
shown as written (they are what the reader edits). Through the real CLI, at 80 and 140
columns."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimrules.cli import main
from claimrules.law.registry import load_profile
from claimrules.tools.lint import lint_profile

ROOT = Path(__file__).resolve().parents[1]
ISO_DATE = re.compile(r"(?<![\w/.:-])\d{4}-\d{2}-\d{2}(?![\w-])")
YAML_LINE = re.compile(r"^\s*\| ")
ENGLISH = (
    "missing",
    "unknown: the",
    "the next is due",
    "decisions",
    "this rule is",
    "taken from a secondary source",
    "verify it",
    "is used by no",
    "NEEDED ON",
    " errors,",
    "warnings",
    "[en]",
    "half-yearly",
    "yearly",
    "error ",
    "warning ",
    " info ",
    "unknown key",
    "did you mean",
    "is not a date",
    "duplicate key",
    ": valid (",
)
SAID = {
    "nb": ("TRENGS", "FEILET", "feil aktualitet", "denne regelen har status", "halvårlig"),
    "da": ("NØDVENDIGT", "FEJLET", "fejl aktualitet", "denne regel har status", "halvårligt"),
}


def _run(*args: str, columns: int) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env={"COLUMNS": str(columns)})
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def _english_in(text: str) -> list[str]:
    """English words or ISO dates outside the profile's own text: the YAML to add (after
    ``|``), the file paths, key paths and quoted names are as written."""
    found = []
    for line in text.splitlines():
        if YAML_LINE.match(line):
            # a fix's YAML: its comments are sentences, the keys and dates are YAML
            comment = line.partition("#")[2] if "#" in line else ""
            words = "" if "note:" in line else comment
            if "note:" in line:
                words = line.partition("note:")[2]
        else:
            # FILE:LINE: severity check: key: message -> the words and the message
            parts = line.split(": ")
            words = ": ".join(parts[1:2] + parts[3:]) if line.startswith("/") else line
            words = re.sub(r"'[^']*'", "''", words)  # quoted names of the profile
        found += [word for word in ENGLISH if word in words]
        found += [f"date {m.group()}" for m in ISO_DATE.finditer(words)]
    return found


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize(
    ("lang", "profile", "today"),
    [
        ("nb", "no", "2027-07-07"),  # the half-year's rate missing, the inkassosats unknown
        ("nb", "no/orkdal", "2026-12-07"),
        ("da", "dk", "2026-12-07"),  # the rates from July 2026 marked unknown
        ("da", "gl/kujalleq", "2026-12-07"),
    ],
)
def test_check_speaks_the_readers_language(
    lang: str, profile: str, today: str, columns: int
) -> None:
    code, text = _run("check", profile, "--today", today, "--lang", lang, columns=columns)
    english = _run("check", profile, "--today", today, columns=columns)
    assert code == english[0]
    assert len(text.splitlines()) == len(english[1].splitlines())
    assert not _english_in(text), _english_in(text)[:10]
    dotted = today[8:10] + "." + today[5:7] + "." + today[:4]
    assert dotted in text.splitlines()[-1]
    if code:
        assert SAID[lang][0] in text and SAID[lang][1] in text and SAID[lang][2] in text


def test_check_in_norwegian_on_the_morning_the_rate_is_missing() -> None:
    # worked by hand: on 7 July 2027 the profile has forsinkelsesrente entries up to 1 July
    # 2026 (renewed half-yearly, on 1 January and 1 July): the entry for the period from
    # 1 July 2027 is missing, so interest is counted through 30 June 2027; the next is due on
    # 1 January 2028
    code, text = _run("check", "no", "--today", "2027-07-07", "--lang", "nb", columns=140)
    assert code == 1
    first = text.splitlines()[1]
    assert (
        "feil aktualitet: interest.statutory.rate.values.2026-07-01: mangler: ingen sats for "
        "perioden fra 01.07.2027: satsen fra 01.07.2026 er utløpt" in first
    )
    assert "til og med 30.06.2027" in first
    assert "den neste skal komme 01.01.2028" in first
    assert "halvårlig (1. januar / 1. juli)" in first
    yaml = [line for line in text.splitlines() if line.startswith("    | ")]
    assert "    |         2027-07-01:" in yaml  # the YAML itself is the same in every language
    assert "    |           status: unknown" in yaml
    assert '    |           note: "ennå ikke kunngjort per 07.07.2027"' in yaml
    assert text.splitlines()[-1].startswith("no per 07.07.2027: FEILET: 2 feil, ")


def test_check_json_is_the_same_in_every_language() -> None:
    english = _run("check", "dk", "--today", "2026-12-07", "--json", columns=80)[1]
    danish = _run("check", "dk", "--today", "2026-12-07", "--json", "--lang", "da", columns=80)
    assert danish[1] == english


def test_a_finding_read_back_from_json_is_the_same_finding() -> None:
    from datetime import date

    from claimrules.tools.lint import LintReport

    report = lint_profile(load_profile("dk"), today=date(2026, 12, 7))
    again = LintReport.model_validate_json(report.model_dump_json())
    assert again == report
    # read back, a finding has no catalogue sentence: it is shown as written, in English
    assert "unknown: the current rate" in again.text("da")
    assert "ukendt: den gældende sats" in report.text("da")


def _broken(tmp_path: Path) -> Path:
    profile = tmp_path / "no"
    shutil.copytree(ROOT / "profiles/no", profile)
    types = profile / "claim_types.yaml"
    text = types.read_text(encoding="utf-8")
    text = text.replace("    title: Water fee", "    titel: Water fee", 1)
    types.write_text(text, encoding="utf-8")
    return profile


@pytest.mark.parametrize("columns", [80, 140])
@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "ukjent nøkkel 'titel'; tillatt her: "),
        ("da", "ukendt nøgle 'titel'; tilladt her: "),
    ],
)
def test_validate_says_what_is_wrong_in_the_readers_language(
    tmp_path: Path, lang: str, expected: str, columns: int
) -> None:
    profile = _broken(tmp_path)
    code, text = _run("validate", str(profile), "--lang", lang, columns=columns)
    assert code == 2
    assert f"claim_types.yaml:7: claim_types.water_fee.titel: {expected}" in text
    assert "(mente du 'title'?)" in text
    assert not _english_in(text.replace(str(profile), "")), text


@pytest.mark.parametrize(
    ("yaml", "nb", "da"),
    [
        (
            "    interest_start: 2024-13-01\n",
            "'2024-13-01' er ikke en dato: skriv datoer som ÅÅÅÅ-MM-DD",
            "'2024-13-01' er ikke en dato: skriv datoer som ÅÅÅÅ-MM-DD",
        ),
        (
            "    ladder: special_basis\n",
            "nøkkelen står to ganger (første gang på linje ",
            "nøglen står to gange (første gang på linje ",
        ),
        (
            "    rate: 012\n",
            "'012': et tall kan ikke begynne med 0",
            "'012': et tal må ikke begynde med 0",
        ),
    ],
)
def test_the_commonest_editing_mistakes_in_norwegian_and_danish(
    tmp_path: Path, yaml: str, nb: str, da: str
) -> None:
    profile = tmp_path / "no"
    shutil.copytree(ROOT / "profiles/no", profile)
    types = profile / "claim_types.yaml"
    text = types.read_text(encoding="utf-8")
    types.write_text(
        text.replace("    basis: public_law_lien\n", yaml + "    basis: public_law_lien\n", 1),
        encoding="utf-8",
    )
    for lang, expected in (("nb", nb), ("da", da)):
        code, said = _run("validate", str(profile), "--lang", lang, columns=80)
        assert code == 2 and expected in said, said
    code, english = _run("validate", str(profile), columns=80)
    assert code == 2 and "[en]" not in english


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("nb", "no: gyldig (18 kravtyper, 10 filer, hash "),
        ("da", "no: gyldig (18 kravtyper, 10 filer, hash "),
    ],
)
def test_a_valid_profile_is_said_valid_in_the_readers_language(lang: str, expected: str) -> None:
    code, text = _run("validate", "no", "--lang", lang, columns=80)
    assert code == 0 and text.startswith(expected)
    assert _run("validate", "no", columns=80)[1].startswith("no: valid (18 claim types, ")


def _edit(profile: Path, file: str, old: str, new: str) -> None:
    path = profile / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = {
    # a reference the loader's checks find (checks.py), with its did-you-mean
    "unknown ladder": (
        "claim_types.yaml",
        "    ladder: special_basis\n",
        "    ladder: special_basys\n",
        ("ukjent trapp 'special_basys'; kjente: ", "ukendt trappe 'special_basys'; kendte: "),
    ),
    # a legal value's own rules (values.py), raised inside validation
    "null without unknown": (
        "parameters.yaml",
        "    unit: days\n    value: 14\n    status: verified\n",
        "    unit: days\n    value: null\n    status: verified\n",
        (
            "value er null: sett status 'unknown' hvis loven ikke er kjent",
            "value er null: sæt status 'unknown', hvis loven ikke er kendt",
        ),
    ),
    "missing source": (
        "parameters.yaml",
        "    unit: days\n    value: 14\n    status: verified\n    source:\n",
        "    unit: days\n    value: 14\n    status: verified\n    old_source:\n",
        ("ukjent nøkkel 'old_source'", "ukendt nøgle 'old_source'"),
    ),
    "out of range": (
        "parameters.yaml",
        "    unit: days\n    value: 14\n",
        "    unit: days\n    value: -3\n",
        (
            "verdien -3 er utenfor området for days: 0 til 36500",
            "værdien -3 er uden for intervallet for days: 0 til 36500",
        ),
    ),
    # the file itself (yamlio.py)
    "yaml tag": (
        "parameters.yaml",
        "    value: 14\n",
        "    value: !!python/object:os.system 14\n",
        ("YAML-taggen 'tag:yaml.org,2002:python/object:os.system' er ikke tillatt", "YAML-tagget"),
    ),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_every_kind_of_problem_of_an_edited_profile_is_in_the_readers_language(
    tmp_path: Path, name: str
) -> None:
    file, old, new, expected = BREAKAGES[name]
    profile = tmp_path / "no"
    shutil.copytree(ROOT / "profiles/no", profile)
    _edit(profile, file, old, new)
    for lang, said in zip(("nb", "da"), expected, strict=True):
        code, text = _run("validate", str(profile), "--lang", lang, columns=80)
        assert code == 2, text
        assert said in text, text
        assert "[en]" not in text, text
    code, english = _run("validate", str(profile), columns=80)
    assert code == 2 and "[en]" not in english


def test_an_overlay_that_changes_national_law_is_told_so_in_the_readers_language(
    tmp_path: Path,
) -> None:
    overlay = tmp_path / "orkdal"
    shutil.copytree(ROOT / "profiles/no/orkdal", overlay)
    _edit(overlay, "profile.yaml", "\nlocal:\n", "\nallocation:\n  order: [fees]\n\nlocal:\n")
    code, text = _run("validate", str(overlay), "--lang", "nb", columns=80)
    assert code == 2
    assert (
        "et lokalt tillegg kan ikke endre nasjonal rett (allocation); det kan bare sette: " in text
    )
    code, text = _run("validate", "nx", "--lang", "da", columns=80)
    assert code == 2 and "ingen profil 'nx'; kendte: dk, gl, gl/kujalleq, no, no/orkdal" in text
