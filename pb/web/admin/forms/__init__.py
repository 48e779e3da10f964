"""Staff forms, one module per feature (cycles, budgets, projects, codes, ideas, proposals,
implementation, phases). Field checks only; the services check the rules that span fields
(ballot settings, freezing, phase dates)."""

from __future__ import annotations

from typing import Any

from wtforms import SelectChoice


def opts(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def none_if_blank(value: Any) -> Any:
    return None if value in ("", None) else value
