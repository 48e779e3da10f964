"""Write the issue-11 million-voter election: 1,000,000 voters, each approving 1 to 10 of 80
projects (about 5.5 million approvals, a file of about 23 MB), almost every ballot distinct.

    .venv/bin/python bench/million.py [OUT.pb] [--seed 11]

Fixed seed: the same file every time. Projects have Zipf-like popularity (a voter's picks are a
weighted sample without replacement, by the Gumbel-top-k trick), costs from 50,000 to 1,000,000
and a budget of a quarter of all costs. `bash bench/million.sh` times a whole `pb tally` process per
rule on it with /usr/bin/time -v.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pb.domain.election import Election, Profile, Project  # noqa: E402
from pb.domain.pabulib import write_file  # noqa: E402

VOTERS = 1_000_000
PROJECTS = 80
CHUNK = 100_000


def generate(seed: int = 11) -> Election:
    from fractions import Fraction

    rng = np.random.default_rng(seed)
    costs = rng.integers(50, 1001, PROJECTS) * 1000
    popularity = 1.0 / np.arange(1, PROJECTS + 1) ** 0.5
    log_w = np.log(popularity)
    lengths = rng.integers(1, 11, VOTERS)
    items = []
    for start in range(0, VOTERS, CHUNK):
        k = lengths[start : start + CHUNK]
        keys = log_w - np.log(-np.log(rng.random((len(k), PROJECTS))))  # Gumbel-top-k
        order = np.argsort(-keys, axis=1)[:, :10]
        mask = np.arange(10) < k[:, None]
        items.append(order[mask].astype(np.int32))
    offsets = np.zeros(VOTERS + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    projects = tuple(Project(str(j + 1), Fraction(int(c))) for j, c in enumerate(costs))
    voters = pd.DataFrame({"voter_id": np.arange(1, VOTERS + 1).astype(str).astype(object)})
    meta = {
        "description": "generated: issue 11 million distinct voters",
        "num_projects": str(PROJECTS),
        "num_votes": str(VOTERS),
        "budget": str(int(costs.sum()) // 4),
        "vote_type": "approval",
        "rule": "greedy",
    }
    return Election(
        meta=meta,
        projects=projects,
        profile=Profile(offsets, np.concatenate(items), None, voters),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", nargs="?", default="/tmp/pb_million.pb", type=Path)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    election = generate(args.seed)
    write_file(election, args.out)
    distinct = len({tuple(sorted(election.profile.ballot(i))) for i in range(0, VOTERS, 10)})
    print(
        f"{args.out}: {VOTERS:,} voters, {len(election.profile.items):,} approvals, "
        f"{args.out.stat().st_size / 1e6:.1f} MB; {distinct:,} distinct among every 10th ballot"
    )


if __name__ == "__main__":
    main()
