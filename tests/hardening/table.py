"""The README's table "what was tried and what held", written by the tests themselves.

A hardening test says what it tries with `@pytest.mark.attack("what was tried", "what holds")`.
Run with PB_HARDENING_TABLE=FILE and the run writes a Markdown table of every attack and its
outcome (held when all its tests passed). tests/conftest.py imports these hooks so that the
controller of an xdist run sees every report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_outcomes: dict[tuple[str, str], list[str]] = {}
_first_seen: dict[tuple[str, str], str] = {}  # the first test's id: rows in file order


@pytest.fixture(autouse=True)
def _attack_property(request):
    marker = request.node.get_closest_marker("attack")
    if marker is not None:
        request.node.user_properties.append(("attack", tuple(marker.args)))
    yield


def pytest_runtest_logreport(report) -> None:
    attack = dict(report.user_properties).get("attack")
    if attack is None:
        return
    if report.when == "call" or (report.when == "setup" and not report.passed):
        key = tuple(attack)
        _outcomes.setdefault(key, []).append(report.outcome)
        _first_seen[key] = min(_first_seen.get(key, report.nodeid), report.nodeid)


def table() -> str:
    rows = ["| what was tried | what should hold | result |", "| --- | --- | --- |"]
    for (tried, holds), outcomes in sorted(_outcomes.items(), key=lambda kv: _first_seen[kv[0]]):
        if "failed" in outcomes:
            result = "**did not hold**"
        elif "passed" in outcomes:
            skipped = outcomes.count("skipped")
            result = "held" + (f" ({skipped} variant(s) not run here)" if skipped else "")
        else:
            result = "not run here"
        rows.append(f"| {tried} | {holds} | {result} |")
    return "\n".join(rows) + "\n"


def pytest_sessionfinish(session) -> None:
    path = os.environ.get("PB_HARDENING_TABLE")
    if path and _outcomes and not hasattr(session.config, "workerinput"):
        Path(path).write_text(table())
