"""Time parse and every registered tally rule against pabutools, in the same run.

    .venv/bin/python bench/tally.py [--cap SECONDS] [--files NAME ...] [--add1-files NAME ...]

Each pabutools call runs in a subprocess killed after --cap seconds (reported as `>N s`).
`--add1-files` (default Budapest 2024) get parse and `equalshares/add1` only; `--points-files`
(default Katowice 2020, the largest cumulative file) the MES rules for ballots with points;
`--ordinal-files` (default Kraków 2020, the largest ordinal file) those for ranked ballots.
The generated 1,000,000-voter election is not given to pabutools: its Python objects for a
million ballots take minutes to build and several GB, so the comparison says nothing new.
A rule that does not apply to an election (greedy-threshold without a threshold) is reported
as such and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pb.domain.election import Election, Profile, Project, build_election  # noqa: E402
from pb.domain.pabulib import parse  # noqa: E402
from pb.domain.tally import RULES  # noqa: E402
from pb.domain.tally.tiebreak import get_tie_break  # noqa: E402

PABULIB = ROOT.parent / "shared" / "pabulib"
FILES = ["Poland_Warszawa_2026.pb", "Poland_Lodz_2022.pb"]
ADD1_FILES = ["Hungary_Budapest_2024.pb"]
# The largest cumulative file: rules for ballots with points.
POINTS_FILES = ["Poland_Katowice_2020.pb"]
POINTS_RULES = [
    "equalshares/points",
    "equalshares/points/add1",
    "equalshares/points/greedy",
    "equalshares/points/add1/greedy",
    "equalshares/points/budget-increase",
    "cstv/ewt",
    "cstv/ewtc",
]
# The largest ordinal file: rules for ranked ballots.
ORDINAL_FILES = ["Poland_Krakow_2020.pb"]
ORDINAL_RULES = [
    "equalshares/borda",
    "equalshares/borda/add1",
    "equalshares/borda/greedy",
    "equalshares/borda/add1/greedy",
    "equalshares/borda/budget-increase",
]

# pabutools calls equivalent to our rules (others have no pabutools counterpart here).
PABU = {
    "parse": "",
    "greedy": "greedy_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)",
    "equalshares": "method_of_equal_shares(inst, prof, sat_class=Cost_Sat)",
    "equalshares/cardinality": "method_of_equal_shares(inst, prof, sat_class=Cardinality_Sat)",
    "equalshares/add1": "method_of_equal_shares(inst, prof, sat_class=Cost_Sat, "
    "voter_budget_increment=1)",
    "equalshares/greedy": "completion_by_rule_combination(inst, prof, [method_of_equal_shares, "
    "greedy_utilitarian_welfare], [{'sat_class': Cost_Sat}, {'sat_class': Cost_Sat}])",
    "equalshares/add1/greedy": "completion_by_rule_combination(inst, prof, "
    "[method_of_equal_shares, greedy_utilitarian_welfare], [{'sat_class': Cost_Sat, "
    "'voter_budget_increment': 1}, {'sat_class': Cost_Sat}])",
    "equalshares/cost-sqrt": "method_of_equal_shares(inst, prof, sat_class=Cost_Sqrt_Sat)",
    "equalshares/cost-sqrt/add1": "method_of_equal_shares(inst, prof, sat_class=Cost_Sqrt_Sat, "
    "voter_budget_increment=1)",
    "equalshares/cost-log": "method_of_equal_shares(inst, prof, sat_class=Cost_Log_Sat)",
    "equalshares/cost-log/add1": "method_of_equal_shares(inst, prof, sat_class=Cost_Log_Sat, "
    "voter_budget_increment=1)",
    "equalshares/points": "method_of_equal_shares(inst, prof, sat_class=Additive_Cardinal_Sat)",
    "equalshares/points/add1": "method_of_equal_shares(inst, prof, "
    "sat_class=Additive_Cardinal_Sat, voter_budget_increment=1)",
    "equalshares/borda": "method_of_equal_shares(inst, prof, sat_class=Additive_Borda_Sat)",
    "equalshares/borda/add1": "method_of_equal_shares(inst, prof, sat_class=Additive_Borda_Sat, "
    "voter_budget_increment=1)",
    **{
        f"equalshares/{utility}{'/add1' if add1 else ''}/greedy": (
            "completion_by_rule_combination(inst, prof, [method_of_equal_shares, "
            f"greedy_utilitarian_welfare], [{{'sat_class': {sat}"
            + (", 'voter_budget_increment': 1" if add1 else "")
            + f"}}, {{'sat_class': {sat}}}])"
        )
        for utility, sat in (
            ("points", "Additive_Cardinal_Sat"),
            ("borda", "Additive_Borda_Sat"),
            ("cost-sqrt", "Cost_Sqrt_Sat"),
            ("cost-log", "Cost_Log_Sat"),
        )
        for add1 in (False, True)
    },
    "phragmen": "sequential_phragmen(inst, prof)",
    "maximin-support": "maximin_support(inst, prof)",
    # pabutools takes points as money and needs equal totals: ballots scaled as pb does.
    **{
        f"cstv/{c.lower()}": "from pabutools.rules.cstv import CSTV_Combination as C\n"
        "from pabutools.election import CumulativeBallot as CB, CumulativeProfile as CP\n"
        "from pabutools.fractions import frac\n"
        "bs = [b for b in prof if sum(b.values()) > 0]\n"
        "share = frac(inst.budget_limit, len(bs))\n"
        "scaled = CP([CB({p: frac(b.get(p, 0) * share, sum(b.values())) for p in inst}) "
        "for b in bs], instance=inst)\n"
        f"cstv(inst, scaled, C.{c})"
        for c in ("EWT", "EWTC")
    },
    **{
        f"{base}/budget-increase": f"exhaustion_by_budget_increase(inst, prof, {call})"
        for base, call in (
            ("equalshares", "method_of_equal_shares, {'sat_class': Cost_Sat}"),
            ("equalshares/cardinality", "method_of_equal_shares, {'sat_class': Cardinality_Sat}"),
            ("equalshares/cost-sqrt", "method_of_equal_shares, {'sat_class': Cost_Sqrt_Sat}"),
            ("equalshares/cost-log", "method_of_equal_shares, {'sat_class': Cost_Log_Sat}"),
            (
                "equalshares/points",
                "method_of_equal_shares, {'sat_class': Additive_Cardinal_Sat}",
            ),
            ("equalshares/borda", "method_of_equal_shares, {'sat_class': Additive_Borda_Sat}"),
            ("phragmen", "sequential_phragmen"),
        )
    },
    "max-welfare": "max_additive_utilitarian_welfare(inst, prof, sat_class=Cost_Sat)",
}

PABU_SCRIPT = """
import sys, time
from pabutools.election import parse_pabulib, Cost_Sat, Cardinality_Sat, Cost_Sqrt_Sat, Cost_Log_Sat
from pabutools.election import Additive_Cardinal_Sat, Additive_Borda_Sat
from pabutools.rules import *
t = time.perf_counter()
inst, prof = parse_pabulib(sys.argv[1])
parse_time = time.perf_counter() - t
call = sys.argv[2]
t = time.perf_counter()
if call:
    exec(call)
print(parse_time if not call else time.perf_counter() - t)
"""


def pabutools_time(path: Path, call: str, cap: float) -> str:
    try:
        out = subprocess.run(
            [sys.executable, "-c", PABU_SCRIPT, str(path), call],
            capture_output=True,
            text=True,
            timeout=cap,
        )
    except subprocess.TimeoutExpired:
        return f">{cap:g} s"
    if out.returncode != 0:
        return "error"
    return f"{float(out.stdout.strip().splitlines()[-1]):.3f} s"


def generated_election(num_voters: int = 1_000_000, seed: int = 2024) -> Election:
    """80 projects, Zipf-like popularity, 1-5 approvals per voter, budget ~ a third of costs."""
    rng = np.random.default_rng(seed)
    num_projects = 80
    popularity = 1.0 / np.arange(1, num_projects + 1) ** 0.8
    popularity /= popularity.sum()
    costs = rng.integers(20, 2000, size=num_projects) * 1000
    lengths = rng.integers(1, 6, size=num_voters)
    offsets = np.zeros(num_voters + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    raw = rng.choice(num_projects, size=int(offsets[-1]), p=popularity).astype(np.int32)
    # Drop repeats inside a ballot: keep the first occurrence of each (voter, project).
    voter = np.repeat(np.arange(num_voters), lengths)
    _, first = np.unique(voter * num_projects + raw, return_index=True)
    keep = np.zeros(len(raw), dtype=bool)
    keep[first] = True
    items = raw[keep]
    lengths = np.bincount(voter[keep], minlength=num_voters)
    offsets[1:] = np.cumsum(lengths)
    projects = tuple(Project(str(i + 1), Fraction(int(c))) for i, c in enumerate(costs))
    budget = int(costs.sum() // 3)
    voters = pd.DataFrame({"voter_id": np.arange(1, num_voters + 1).astype(str)})
    meta = {
        "budget": str(budget),
        "vote_type": "approval",
        "num_votes": str(num_voters),
        "min_project_score_threshold": "5000",  # so that greedy-threshold runs too
    }
    return Election(
        meta=meta,
        projects=projects,
        profile=Profile(offsets=offsets, items=items, points=None, voters=voters),
    )


def timed(fn) -> float | str:
    t = time.perf_counter()
    try:
        fn()
    except ValueError as exc:  # e.g. greedy-threshold without a threshold in the meta
        print(f"  not applicable: {exc}", flush=True)
        return "n/a"
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cap", type=float, default=120.0)
    ap.add_argument("--files", nargs="*", default=FILES)
    ap.add_argument("--add1-files", nargs="*", default=ADD1_FILES)
    ap.add_argument("--points-files", nargs="*", default=POINTS_FILES)
    ap.add_argument("--ordinal-files", nargs="*", default=ORDINAL_FILES)
    ap.add_argument("--rules", nargs="*", default=None)
    ap.add_argument("--no-generated", action="store_true")
    args = ap.parse_args()
    tie = get_tie_break("id")
    rules = [
        name
        for name, spec in RULES.items()
        if spec.supports("approval") and (args.rules is None or name in args.rules)
    ]
    rows = []

    def report(row) -> None:
        rows.append(row)
        print(_row(row), flush=True)

    # MES runs compiled loops (numba); a process loads them from the on-disk cache on first use.
    # Timed apart so that the rows below show the rules themselves.
    t = time.perf_counter()
    tiny = build_election(2, [Project("a", Fraction(1))], [["a"]])
    RULES["equalshares"].function(tiny, tie)
    report(("-", "load compiled MES loops (once per process)", time.perf_counter() - t, "-"))
    for name, file_rules in (
        [(f, rules) for f in args.files]
        + [(f, ["equalshares/add1"]) for f in args.add1_files]
        + [
            (f, [r for r in POINTS_RULES if args.rules is None or r in args.rules])
            for f in args.points_files
        ]
        + [
            (f, [r for r in ORDINAL_RULES if args.rules is None or r in args.rules])
            for f in args.ordinal_files
        ]
    ):
        path = PABULIB / name
        t = time.perf_counter()
        election = parse(path)
        report((name, "parse", time.perf_counter() - t, pabutools_time(path, "", args.cap)))
        for rule in file_rules:
            spec = RULES[rule]
            ours = timed(lambda spec=spec, e=election: spec.function(e, tie))
            ref = pabutools_time(path, PABU[rule], args.cap) if rule in PABU else "-"
            report((name, rule, ours, ref))
    if not args.no_generated:
        t = time.perf_counter()
        big = generated_election()
        report(("generated 1M voters", "generate", time.perf_counter() - t, "skipped"))
        for rule in rules:
            spec = RULES[rule]
            report(("generated 1M voters", rule, timed(lambda s=spec: s.function(big, tie)), "-"))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print("| election | step | pb | pabutools | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        print(_row(row))
    print(f"\npeak memory of this process (all of the above): {peak:,.0f} MB")
    print(json.dumps({"peak_mb": round(peak)}))


def _row(row) -> str:
    name, step, ours, ref = row
    if isinstance(ours, str):
        return f"| {name} | {step} | {ours} | {ref} | - |"
    ratio = "-"
    if ref.endswith(" s"):
        value = float(ref.strip(">s "))
        ratio = f"{'>' if ref.startswith('>') else ''}{value / max(ours, 1e-9):,.0f}x"
    return f"| {name} | {step} | {ours:.3f} s | {ref} | {ratio} |"


if __name__ == "__main__":
    main()
