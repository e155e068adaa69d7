"""mkdocs hook: write the CLI reference from the commands' own help before the build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from claimrules.cli import main


def _help(command: click.Command, name: str, parent: click.Context | None = None) -> str:
    # The group's context settings (`-h` beside `--help`) and, through the parent, the
    # commands' inheritance of them: the text is what `claimrules CMD --help` prints.
    settings = command.context_settings if parent is None else {}
    with click.Context(command, info_name=name, parent=parent, **settings) as context:
        return command.get_help(context)


def on_pre_build(config: Any) -> None:
    lines = [
        "# CLI reference",
        "",
        "Generated from `claimrules --help` and each command's help.",
        "",
    ]
    lines += ["```text", _help(main, "claimrules"), "```", ""]
    assert isinstance(main, click.Group)
    root = click.Context(main, info_name="claimrules", **main.context_settings)
    for name in sorted(main.commands):
        lines += [f"## claimrules {name}", "", "```text"]
        lines += [_help(main.commands[name], name, root), "```", ""]
    target = Path(config["docs_dir"]) / "reference" / "cli.md"
    target.write_text("\n".join(lines), encoding="utf-8")
