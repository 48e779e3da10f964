"""The README's hardening table lists every attack the hardening tests try (regenerate it with
PB_HARDENING_TABLE=FILE pytest tests/hardening when one is added or reworded)."""

from __future__ import annotations

import ast

from tests.requirements import ROOT


def attacks() -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / "tests" / "hardening").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "attack"
            ):
                found.append(tuple(ast.literal_eval(arg) for arg in node.args))
    return found


def test_every_attack_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    listed = attacks()
    assert len(listed) >= 25
    missing = [tried for tried, holds in listed if f"| {tried} | {holds} |" not in readme]
    assert missing == []
