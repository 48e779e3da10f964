"""Opening sealed ballots at the count: 100,000 envelopes of an 80-project approval budget
(1 to 10 choices each) are decrypted, checked, shuffled, written as plaintext ballots in one
transaction, deleted, and the database compacted (SQLite VACUUM / PostgreSQL VACUUM FULL).

Also prints, for reference in the same process, what sealing costs per ballot and what opening
would cost with one NaCl sealed box per envelope (one X25519 operation each), the construction
pb's rotating sender keys avoid.

    .venv/bin/python bench/envelopes.py                   # SQLite, 100,000 envelopes
    .venv/bin/python bench/envelopes.py --envelopes 20000
    .venv/bin/python bench/envelopes.py --database-url postgresql+psycopg://postgres@127.0.0.1/test
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import database, prepare  # noqa: E402

TARGET_SECONDS = 10.0


def run(n: int) -> dict:
    from decimal import Decimal

    from flask import current_app
    from nacl.public import PrivateKey, SealedBox

    from pb.domain import envelopes
    from pb.domain.phases import Phase
    from pb.extensions import db
    from pb.models import Ballot, Budget, Cycle, Envelope, Project
    from pb.models.ballot import random_id
    from pb.services import counting_keys, opening

    rng = random.Random(1)
    cycle = Cycle(slug="bench", name="Benchmark", phase=Phase.PROPOSALS.value)
    budget = Budget(cycle=cycle, name="Citywide", amount=Decimal(2_000_000), ballot_kind="approval")
    for i in range(80):
        budget.projects.append(Project(title=f"Project {i + 1}", cost=Decimal(10_000), position=i))
    db.session.add(cycle)
    db.session.commit()
    key_dir = current_app.config["PB_KEY_DIR"]
    key = counting_keys.new_server_key(cycle, key_dir)
    cycle.phase = Phase.VOTING.value
    db.session.commit()
    ids = [str(p.id) for p in budget.projects]
    capacity = envelopes.capacity(ids, 1)

    started = time.perf_counter()
    rows = [
        {
            "id": random_id(),
            "budget_id": budget.id,
            "sealed": envelopes.seal(
                key.public_key,
                envelopes.Contents({pid: 1 for pid in rng.sample(ids, rng.randint(1, 10))}),
                capacity,
            ),
        }
        for _ in range(n)
    ]
    seal_seconds = time.perf_counter() - started
    db.session.execute(db.insert(Envelope), rows)
    cycle.phase = Phase.COUNTING.value
    db.session.commit()
    db.session.expire_all()

    private = counting_keys.private_key(cycle, key_dir)
    started = time.perf_counter()
    result = opening.open_envelopes(None, cycle, private)
    open_seconds = time.perf_counter() - started
    stored = db.session.scalar(db.select(db.func.count()).select_from(Ballot))

    # Reference: one sealed box per envelope, on a sample, scaled to n.
    sample = min(n, 5_000)
    box_key = PrivateKey.generate()
    boxes = [SealedBox(box_key.public_key).encrypt(bytes(capacity)) for _ in range(sample)]
    opener = SealedBox(box_key)
    started = time.perf_counter()
    for blob in boxes:
        opener.decrypt(blob)
    sealed_box_seconds = (time.perf_counter() - started) * n / sample
    return {
        "opened": result[budget.id].opened,
        "spoiled": len(result[budget.id].spoiled),
        "stored": stored,
        "seal_us": seal_seconds / n * 1e6,
        "open_seconds": open_seconds,
        "sealed_box_seconds": sealed_box_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--envelopes", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="PostgreSQL URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, database(Path(tmp), args.database_url) as url:
        r = prepare(url, Path(tmp), lambda: run(args.envelopes))
    kind = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{kind}: {args.envelopes:,} envelopes")
    print(f"  sealing while voting: {r['seal_us']:.0f} us per ballot")
    print(
        f"  opening at the count: {r['open_seconds']:.2f} s "
        f"(target < {TARGET_SECONDS:.0f} s: {'met' if r['open_seconds'] < TARGET_SECONDS else 'MISSED'}),"
        f" {r['opened']:,} opened, {r['spoiled']} spoiled, {r['stored']:,} ballots stored"
    )
    print(
        f"  one sealed box per envelope would spend {r['sealed_box_seconds']:.2f} s on decryption "
        f"alone: {r['sealed_box_seconds'] / r['open_seconds']:.1f}x the whole opening"
    )


if __name__ == "__main__":
    main()
