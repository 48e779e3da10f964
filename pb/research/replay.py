"""Replay official outcomes: run each election under its own rule and compare with the projects
its file marks `selected == 1` (values 2 and 3 are decided outside the rule: turnout awards,
reserve funds).

Ties: the comparison uses the `id` tie-break; when a tie decided the outcome and the official
outcome differs, every other deciding tie-break (`cost-votes`) is tried too, and the result
records the one that reproduced it (`tie_break`) with `tie_decided` set, so that a reader sees the
outcome hinged on a tie broken the city's way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pb.domain.election import Election
from pb.domain.tally import RULES, TIE_BREAKS, UnsupportedRule, tally

STATUSES = ("reproduced", "differs", "unsupported", "no-outcome")


@dataclass(frozen=True)
class ReplayResult:
    name: str  # file name, or whatever the caller calls the election
    vote_type: str
    rule: str  # the file's own rule ("" when it names none)
    status: str  # one of STATUSES
    missing: tuple[str, ...] = ()  # funded officially, not by the rule
    extra: tuple[str, ...] = ()  # funded by the rule, not officially
    tie_decided: bool = False
    tie_break: str = "id"  # the tie-break under which the outcome was compared
    detail: str = ""  # why unsupported, or the tie met
    ties: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "vote_type": self.vote_type,
            "rule": self.rule,
            "status": self.status,
            "missing": list(self.missing),
            "extra": list(self.extra),
            "tie_decided": self.tie_decided,
            "tie_break": self.tie_break,
            "detail": self.detail,
        }


def replay(election: Election, name: str = "") -> ReplayResult:
    rule = election.rule or ""
    base = {"name": name, "vote_type": election.vote_type, "rule": rule}
    spec = RULES.get(rule)
    if spec is None:
        why = "the file names no rule" if not rule else f"pb has no rule {rule!r}"
        return ReplayResult(**base, status="unsupported", detail=why)
    if not spec.supports(election.vote_type):
        detail = f"{rule} does not apply to {election.vote_type} ballots"
        return ReplayResult(**base, status="unsupported", detail=detail)
    official = election.official_selected()
    if official is None:
        return ReplayResult(**base, status="no-outcome", detail="the file has no selected column")
    try:
        outcome = tally(election, rule)
    except UnsupportedRule as error:
        return ReplayResult(**base, status="unsupported", detail=str(error))
    if outcome.tie_decided and set(outcome.selected) != official:
        # A tie decided the outcome and cities break ties differently: say so, and check
        # whether another named tie-break gives the official outcome.
        for name in TIE_BREAKS:
            if name not in ("id", "refuse"):
                other = tally(election, rule, tie_break=name)
                if set(other.selected) == official:
                    outcome = other
                    break
    ours = set(outcome.selected)
    order = {p.id: i for i, p in enumerate(election.projects)}
    missing = tuple(sorted(official - ours, key=order.__getitem__))
    extra = tuple(sorted(ours - official, key=order.__getitem__))
    return ReplayResult(
        **base,
        status="differs" if missing or extra else "reproduced",
        missing=missing,
        extra=extra,
        tie_decided=outcome.tie_decided,
        tie_break=outcome.tie_break,
        detail=" ".join(map(str, outcome.ties)),
        ties=tuple(map(str, outcome.ties)),
    )


def replay_many(paths: Iterable[str | Path]) -> Iterator[ReplayResult]:
    """One result per file, as each is done (wrap in a progress bar). A directory stands for
    the .pb files in it."""
    from pb.domain.pabulib import parse

    for path in expand(paths):
        yield replay(parse(path), name=path.name)


def expand(paths: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.pb")) if p.is_dir() else [p])
    return files


def summarize(results: Iterable[ReplayResult]) -> dict[tuple[str, str], Counter]:
    """Counts of each status per (vote_type, rule)."""
    table: dict[tuple[str, str], Counter] = {}
    for r in results:
        table.setdefault((r.vote_type, r.rule), Counter())[r.status] += 1
    return table
