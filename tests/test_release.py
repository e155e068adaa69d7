"""Release basics (issue 23, point 8): the license text, one version everywhere, a changelog
kept per change, and install instructions that work today."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

from click.testing import CliRunner

import claimrules
from claimrules.cli import main

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_license_text_is_the_license_the_package_declares() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert PYPROJECT["project"]["license"] == "MIT"
    assert text.startswith("MIT License")
    assert "Permission is hereby granted, free of charge" in text
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]


def test_one_version_everywhere() -> None:
    about = (ROOT / "src/claimrules/__about__.py").read_text(encoding="utf-8")
    written = re.search(r'__version__ = "([^"]+)"', about)
    assert written is not None
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/claimrules/__about__.py"
    assert claimrules.__version__ == written.group(1) == version("claimrules")
    shown = CliRunner().invoke(main, ["--version"]).output
    assert written.group(1) in shown


def test_the_changelog_has_the_released_version_and_every_fragment_is_of_a_known_type() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "<!-- towncrier release notes start -->" in changelog
    released = re.findall(r"^## (\d+\.\d+\.\d+) \(\d{4}-\d{2}-\d{2}\)$", changelog, re.M)
    assert claimrules.__version__ in released
    types = {entry["directory"] for entry in PYPROJECT["tool"]["towncrier"]["type"]}
    for fragment in (ROOT / "changelog.d").iterdir():
        if fragment.name == "README.md":
            continue
        name, kind, suffix = fragment.name.rsplit(".", 2)
        assert suffix == "md" and kind in types, fragment.name
        assert name.isdigit() or name.startswith("+"), fragment.name
        assert fragment.read_text(encoding="utf-8").strip(), fragment.name


def test_towncrier_builds_the_next_entry() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "towncrier", "build", "--draft", "--version", "next"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "## next (" in done.stdout


def test_install_instructions_name_a_way_that_works_today() -> None:
    """claimrules is not on the package index yet: the docs install from a copy of the
    repository or a built wheel, and name the index only as a future option."""
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for line in text.splitlines():
            if re.search(r"pip install (-q )?claimrules(\s|$|`)", line):
                assert "not yet" in line or "once" in line, (page.name, line)
