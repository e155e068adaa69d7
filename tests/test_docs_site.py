# Checking the site in a real browser (by hand, after changing the docs, the theme or
# src/claimrules/reference.py); this test file checks what it can without one.
#
#   apt-get install -y chromium                      # Debian's package; run as root
#   .venv/bin/mkdocs build --strict --site-dir /tmp/site_check
#   (cd /tmp/site_check && python3 -m http.server 8765 --bind 127.0.0.1) &
#   mkdir -p /tmp/shots
#   chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
#     --disable-background-networking --disable-component-update --disable-sync \
#     --user-data-dir="$(mktemp -d)" --window-size=1280,2000 \
#     --screenshot=/tmp/shots/NAME.png http://127.0.0.1:8765/PAGE/
#
# - Every page: list them with `find /tmp/site_check -name index.html` (the sitemap is empty
#   while mkdocs.yml sets no site_url). Take each at --window-size=1280,2000 (both sidebars
#   shown: the content column is 720 px, code blocks show about 80 characters) and the profile
#   reference pages (reference/profiles/*/) also at 800,2000 (sidebars folded away). Raise the
#   height to see a long page whole.
# - Look for: a horizontal scrollbar in a code block (a line cut off at the right), a table
#   wider than the content column, an id, key or date broken over two lines (`sewage_fe` / `e`),
#   a broken table (cells run together, a header without rows), a missing image, raw Markdown
#   (`**`, `](`, `|---|`, a ``` fence shown as text).
# - Stop the server by its job id (kill %1), not by name.
"""The built documentation site: no build code published, code blocks that fit the page
without a scrollbar, ids and keys of the generated profile reference that never break
mid-word, and finance commands that the CLI accepts.

The site is built once for the module (``mkdocs build --strict``, a few seconds).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest

import claimrules as cr
import claimrules.cli.app as cli

ROOT = Path(__file__).resolve().parents[1]
FINANCE = ROOT / "docs" / "guides" / "finance.md"
# The widest code line shown without a scrollbar at a 1280 px window: Material's content
# column there leaves 656 px for code, about 80 characters of its monospace font.
CODE_WIDTH = 80
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


class Node:
    """An element of a parsed page: tag, attributes, children (nodes and text)."""

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self, tag: str) -> Iterator[Node]:
        for child in self.children:
            if isinstance(child, Node):
                if child.tag == tag:
                    yield child
                yield from child.iter(tag)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def texts(self) -> Iterator[tuple[Node, str]]:
        """Each piece of text with the element that holds it."""
        for child in self.children:
            if isinstance(child, str):
                yield self, child
            else:
                yield from child.texts()

    def within(self, tag: str, cls: str | None = None) -> bool:
        node: Node | None = self
        while node is not None:
            if node.tag == tag and (cls is None or cls in node.classes):
                return True
            node = node.parent
        return False


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(path: Path) -> Node:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(target)],
        cwd=ROOT,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return target


def reference_pages(site: Path) -> list[Path]:
    pages = sorted((site / "reference" / "profiles").glob("*/index.html"))
    assert len(pages) >= len(cr.available_profiles()) >= 5
    return pages


def test_the_site_publishes_no_build_code(site: Path) -> None:
    assert not (site / "hooks").exists()
    assert [p.relative_to(site) for p in site.rglob("*.py")] == []


# generated from the commands' own help (click wraps it at 80 columns, with its own indent)
WIDE_BY_DESIGN = {"reference/cli/index.html"}


def test_code_blocks_fit_without_a_scrollbar(site: Path) -> None:
    """Every code block on every page, the home page and the finance guide included."""
    pages = sorted(site.rglob("index.html"))
    assert len(pages) >= 15
    too_wide: dict[str, list[str]] = {}
    for page in pages:
        name = str(page.relative_to(site))
        if name in WIDE_BY_DESIGN:
            continue
        blocks = [
            code.text()
            for pre in parse(page).iter("pre")
            if "mermaid" not in pre.classes  # a diagram, drawn by the browser
            for code in pre.iter("code")
        ]
        if name in ("index.html", "guides/finance/index.html"):
            assert blocks, f"no code block on {name}"
        wide = [line for block in blocks for line in block.splitlines() if len(line) > CODE_WIDTH]
        if wide:
            too_wide[name] = wide
    assert too_wide == {}, f"code lines over {CODE_WIDTH} characters"


def test_the_api_reference_shows_no_raw_markup(site: Path) -> None:
    text = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    assert "ClaimError" in text
    for raw in (":meth:", ":class:", ":func:", ":data:", ":mod:", "tree::"):
        assert raw not in text, raw


def test_reference_ids_keys_and_dates_never_break(site: Path) -> None:
    for page in reference_pages(site):
        name = page.parent.name
        tables = list(parse(page).iter("table"))
        assert len(tables) >= 5, name
        for table in tables:
            header = [th.text().strip() for th in table.iter("th")]
            # More columns than this did not fit the 720 px content column (10 in one table
            # used to cut ids as `sewage_fe` / `e`).
            assert len(header) <= 6, (name, header)
            for row in table.iter("tr"):
                cells = list(row.iter("td"))
                if not cells:
                    continue
                assert any(cell.text().strip() for cell in cells), (name, header, "empty row")
                first = cells[0]
                assert any("cr-key" in span.classes for span in first.iter("span")), (
                    name,
                    first.text(),
                )
                for cell in cells:
                    for code in cell.iter("code"):
                        assert code.within("span", "cr-key"), (name, code.text())
                    for holder, text in cell.texts():
                        if DATE.search(text) and not holder.within("a"):
                            assert holder.within("span", "cr-date"), (name, text)


def test_the_no_break_stylesheet_is_on_every_page(site: Path) -> None:
    css = (site / "stylesheets" / "extra.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rule = re.search(r"([^{}]*)\{[^}]*white-space:\s*nowrap", css)
    assert rule is not None
    assert {".md-typeset .cr-key", ".md-typeset .cr-date"} <= {
        s.strip() for s in rule.group(1).split(",")
    }
    for page in [site / "index.html", *reference_pages(site)]:
        links = [link.attrs.get("href", "") for link in parse(page).iter("link")]
        assert any(href.endswith("stylesheets/extra.css") for href in links), page


def _shell_commands(markdown: str) -> list[str]:
    """The lines of the ```bash blocks, a trailing backslash joining a line to the next."""
    blocks = re.findall(r"^```bash\n(.*?)^```$", markdown, flags=re.MULTILINE | re.DOTALL)
    return [line for block in blocks for line in block.replace("\\\n", " ").splitlines()]


def test_the_finance_guide_runs_on_one_as_of_date_with_commands_the_cli_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = _shell_commands(FINANCE.read_text(encoding="utf-8"))
    assigned = [line.split("=", 1)[1] for line in commands if line.startswith("AS_OF=")]
    assert len(assigned) == 1, assigned
    as_of = assigned[0]
    ran = [line for line in commands if line.startswith("claimrules ")]
    assert len(ran) >= 6
    monkeypatch.chdir(tmp_path)
    for name in ("claims.csv", "claims.events.csv"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert isinstance(cli.main, click.Group)
    # under the group's context, as the CLI parses it: click keeps the help option it first
    # makes for a command, and a context without the group's settings would leave the
    # commands without `-h` for the rest of the test run
    root = click.Context(cli.main, info_name="claimrules", **cli.main.context_settings)
    for line in ran:
        args = shlex.split(line)[1:]
        if "--as-of" in args:
            assert args[args.index("--as-of") + 1] == "$AS_OF", line
        args = [as_of if a == "$AS_OF" else a for a in args]
        command = cli.main.commands[args[0]]
        with command.make_context(args[0], args[1:], parent=root) as context:
            profile = context.params.get("profile_ref")
            assert profile is None or profile in cr.available_profiles(), line
    needs_day = {"decide", "deadlines", "audit-dispatch", "aging", "explain"}
    assert all("--as-of" in line for line in ran if line.split()[1] in needs_day), ran
