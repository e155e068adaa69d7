"""mkdocs hook: write the CLI reference from the commands' own help before the build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimrules.cli import main


def _help(command: click.Command, name: str) -> str:
    with click.Context(command, info_name=name) as context:
        return command.get_help(context)


def on_pre_build(config: Any) -> None:
    lines = ["# CLI reference", "", "Generated from `claimrules --help` and each command's help.", ""]
    lines += ["```text", _help(main, "claimrules"), "```", ""]
    assert isinstance(main, click.Group)
    for name in sorted(main.commands):
        lines += [f"## claimrules {name}", "", "```text"]
        lines += [_help(main.commands[name], f"claimrules {name}"), "```", ""]
    target = Path(config["docs_dir"]) / "reference" / "cli.md"
    target.write_text("\n".join(lines), encoding="utf-8")
