"""Printable HTML: a case file as a page (A4) from the Jinja2 template
``claimrules/text/templates/case_file.html.j2``, every value escaped and shown as written."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from claimrules.model.casefile import CaseFile
from claimrules.model.provided import provide
from claimrules.text.safe import visible_lines

__all__ = ["case_file_html"]


_URL = re.compile(r"&lt;(https?://[^&\s]+)&gt;")


@cache
def _template() -> Any:
    """The Jinja2 template, loaded once (autoescaped: a claim's text cannot inject markup)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup, escape

    def cite(text: str) -> Markup:
        # the text is escaped first; only the escaped <URL> (no &, so no quote) becomes a link
        return Markup(_URL.sub(r'<a href="\1">\1</a>', str(escape(text))))  # noqa: S704

    def shown(value: Any) -> Any:
        # every text as written: control characters made visible, never sent raw
        if isinstance(value, Markup):
            return Markup(visible_lines(value))  # noqa: S704 (already escaped)
        return visible_lines(value) if isinstance(value, str) else value

    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        finalize=shown,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = lambda value: f"{Decimal(value):,.2f}"
    env.filters["words"] = lambda value: str(value).replace("_", " ")
    env.filters["cite"] = cite
    # one of the page's own sentences with its values: the result is escaped as a whole
    env.filters["fill"] = lambda text, **values: str(text).format(**values)
    return env.get_template("case_file.html.j2")


def case_file_html(file: CaseFile, lang: str = "en") -> str:
    """``file`` as a printable HTML page (what :meth:`CaseFile.html` returns)."""
    return str(_template().render(file=file, lang=lang))


provide("case_file_html", case_file_html)
