"""`pb verify BUNDLE.zip`: recount every budget of a recount bundle (pb.domain.bundle) with the
tally engine and say, per budget, "matches" or what differs. Exit 0 only if the bundle is intact
(every file matches its SHA-256 in the manifest) and every budget matches its published result:
the funded projects in the budget's `.json` and the `.pb`'s `selected` column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pb.domain.bundle import Bundle, BundleError, read_bundle
from pb.domain.pabulib import PabulibError, parse_text
from pb.domain.tally import TieUnresolved, UnsupportedRule, tally


@dataclass
class BudgetCheck:
    id: int
    name: str
    differences: list[str] = field(default_factory=list)

    @property
    def matches(self) -> bool:
        return not self.differences


@dataclass
class Verification:
    problems: list[str]  # about the bundle as a whole (hashes, missing files)
    budgets: list[BudgetCheck]

    @property
    def ok(self) -> bool:
        return not self.problems and all(b.matches for b in self.budgets)

    def lines(self) -> list[str]:
        out = [f"bundle: {p}" for p in self.problems]
        for b in self.budgets:
            head = f"budget {b.id} ({b.name}): "
            out.append(head + ("matches" if b.matches else "; ".join(b.differences)))
        out.append("all budgets match" if self.ok else "the bundle does NOT match")
        return out


def _ids(ids) -> str:
    return ", ".join(sorted(ids)) or "none"


def check_budget(params, text: str) -> BudgetCheck:
    check = BudgetCheck(params.id, params.name)
    try:
        election = parse_text(text)
    except PabulibError as e:
        check.differences.append(f"the .pb cannot be read: {e}")
        return check
    try:
        outcome = tally(election, params.rule, params.tie_break)
    except (UnsupportedRule, TieUnresolved, ValueError) as e:
        check.differences.append(f"the recount could not run: {e}")
        return check
    recounted = set(outcome.selected)
    published = set(params.selected)
    if recounted != published:
        check.differences.append(
            f"recount funds {_ids(recounted)} but the published result is {_ids(published)}"
            f" (only in the recount: {_ids(recounted - published)}; only published: "
            f"{_ids(published - recounted)})"
        )
    in_file = election.official_selected()
    if in_file is not None and set(in_file) != published:
        check.differences.append(
            f"the .pb's selected column says {_ids(in_file)}, the published result "
            f"{_ids(published)}"
        )
    expected = params.parameters.get("budget")
    if expected is not None and election.meta.get("budget") != expected:
        check.differences.append(
            f"the .pb's budget is {election.meta.get('budget')}, the parameters say {expected}"
        )
    return check


def verify_bundle(bundle: Bundle) -> Verification:
    return Verification(
        list(bundle.problems), [check_budget(params, text) for params, text in bundle.budgets]
    )


def verify_file(path: Path) -> Verification:
    try:
        data = path.read_bytes()
    except OSError as e:
        return Verification([f"cannot read {path}: {e.strerror or e}"], [])
    try:
        return verify_bundle(read_bundle(data))
    except BundleError as e:
        return Verification([str(e)], [])
