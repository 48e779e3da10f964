"""Imports point down only: web -> services -> models/domain (ARCHITECTURE.md). Read from the
source with ast, so an import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PB = Path(__file__).resolve().parent.parent / "pb"

# What each room of pb may import from pb itself.
ALLOWED = {
    "domain": {"domain"},
    "research": {"domain", "research"},
    "models": {"domain", "extensions", "models"},
    "services": {"domain", "extensions", "models", "services"},
    "demo": {"domain", "extensions", "models", "services", "demo"},
}


def _pb_imports(path: Path) -> set[str]:
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "pb" and len(parts) > 1:
                rooms.add(parts[1])
    return rooms


@pytest.mark.parametrize("room", sorted(ALLOWED))
def test_no_module_imports_upward(room):
    files = sorted((PB / room).rglob("*.py"))
    assert files
    wrong = {
        str(f.relative_to(PB)): sorted(_pb_imports(f) - ALLOWED[room])
        for f in files
        if _pb_imports(f) - ALLOWED[room]
    }
    assert wrong == {}


def test_services_read_no_flask_config():
    """Services get their configuration passed in (the views and commands read it)."""
    offenders = [
        str(f.relative_to(PB))
        for f in sorted((PB / "services").rglob("*.py"))
        if "current_app" in f.read_text()
    ]
    assert offenders == []


def test_views_leave_queries_to_services():
    """Views parse, call one service, render: no session or select in pb/web (db.get_or_404 is
    allowed where a page needs one object)."""
    offenders = [
        str(f.relative_to(PB))
        for f in sorted((PB / "web").rglob("*.py"))
        for word in ("db.session", "db.select", ".query(", "db.paginate")
        if word in f.read_text()
    ]
    assert offenders == []


def test_services_take_the_actor_first():
    """One argument order for use cases: who acts, then on what."""
    wrong = []
    for f in sorted((PB / "services").rglob("*.py")):
        for node in ast.parse(f.read_text()).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                names = [a.arg for a in node.args.args]
                if "actor" in names and names[0] != "actor":
                    wrong.append(f"{f.stem}.{node.name}")
    assert wrong == []


def test_templates_carry_no_inline_style_or_script():
    """A strict Content-Security-Policy blocks style="" and inline script bodies."""
    import re

    templates = PB.parent / "templates"
    inline = re.compile(r'style="|<script>\s*[^<\s]')
    offenders = [
        f"{f.relative_to(templates)}:{n}"
        for f in sorted(templates.rglob("*.html"))
        for n, line in enumerate(f.read_text().splitlines(), 1)
        if inline.search(line)
    ]
    assert offenders == []


def test_templates_never_mark_text_safe():
    """Autoescape stays on everywhere: markup a template needs is written in a {% set %} block
    (escaped values inside, safe as a whole); text people typed goes through safe_markdown,
    which sanitizes. A `|safe` filter would trust whatever reaches it."""
    import re

    templates = PB.parent / "templates"
    marked = re.compile(r"\|\s*safe\b(?!_)")
    offenders = [
        f"{f.relative_to(templates)}:{n}"
        for f in sorted(templates.rglob("*.html"))
        for n, line in enumerate(f.read_text().splitlines(), 1)
        if marked.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(0, "w-0"), (37.4, "w-37"), (99.6, "w-100"), (250, "w-100"), (-5, "w-0")],
)
def test_bar_widths_are_classes_the_stylesheet_has(percent, expected):
    from pb.web.filters import width

    assert width(percent) == expected
    css = (PB.parent / "static" / "css" / "pb.css").read_text()
    assert f".{expected} {{ width: {expected[2:]}%; }}" in css
