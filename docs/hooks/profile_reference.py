"""mkdocs hook: write the profile reference pages from the YAML before the build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import claimrules as cr
from claimrules.tools.reference import render_markdown


def on_pre_build(config: Any) -> None:
    target = Path(config["docs_dir"]) / "reference" / "profiles"
    target.mkdir(parents=True, exist_ok=True)
    for profile_id in cr.available_profiles():
        page = target / f"{profile_id.replace('/', '-')}.md"
        page.write_text(render_markdown(cr.load_profile(profile_id)), encoding="utf-8")
