"""The README's snippet runs exactly as printed, and prints what its comment says."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_snippet_runs_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.search(r"```python\n(.*?)```", README, re.S)
    assert code is not None
    snippet = code.group(1)
    expected = re.search(r"^# (send_\w+ .+)$", snippet, re.M)
    assert expected is not None, "the snippet states the line it prints"
    monkeypatch.chdir(ROOT)  # it reads examples/no/ledger.jsonl
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(snippet, "README.md", "exec"), {})  # noqa: S102 - the project's own README
    lines = out.getvalue().splitlines()
    assert lines[0] == expected.group(1)
    assert "Send inkassovarsel." in lines  # the explanation, in Norwegian
    assert not [line for line in lines if line.startswith("skipped:")]  # the ledger is valid


def test_the_readme_starts_with_exactly_two_setup_commands() -> None:
    block = re.search(r"```bash\n(.*?)```", README, re.S)
    assert block is not None
    commands = [line for line in block.group(1).splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    assert commands[0].endswith("claimrules demo")
    assert commands[1].endswith("python -m pytest -q")
