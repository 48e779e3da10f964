"""How fast residents can vote: gunicorn (4 workers) on a fresh database with one budget of 80
projects and 20,000 codes. First the codes are entered, one session each (timed on its own);
then 32 concurrent clients each do what a resident with a code does (GET the ballot, POST it
with its CSRF token) until 10,000 ballots are in.

Prints ballots per second, latency percentiles, errors, ballots stored vs accepted, the rate of
the whole flow including code entry, and the same server's requests per second on a trivial
route (/healthz) for the ratio.

    .venv/bin/python bench/cast.py                       # SQLite
    .venv/bin/python bench/cast.py --database-url postgresql+psycopg://postgres@127.0.0.1/test
    .venv/bin/python bench/cast.py --ballots 2000        # shorter
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import random
import re
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.server import database, gunicorn, prepare  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
BALLOT_TOKEN = re.compile(r'type="hidden" name="csrf_token" value="([^"]+)"')
SLUG = "bench"


def setup(projects: int, codes: int) -> dict:
    from decimal import Decimal

    from flask import current_app

    from pb.domain.phases import Phase
    from pb.extensions import db
    from pb.models import Budget, Cycle, Project
    from pb.services import cycles
    from pb.services.codes import generate_batch

    rng = random.Random(1)
    cycle = Cycle(slug=SLUG, name="Benchmark", phase=Phase.PROPOSALS.value)
    budget = Budget(
        cycle=cycle,
        name="Citywide",
        amount=Decimal(2_000_000),
        ballot_kind="knapsack",
        rule="greedy",
        tie_break="id",
    )
    for i in range(projects):
        budget.projects.append(
            Project(
                title=f"Project {i + 1}",
                summary="A project residents proposed for the city.",
                cost=Decimal(rng.randrange(20, 400) * 1000),
                category=rng.choice(["Parks", "Streets"]),
                position=i,
            )
        )
    db.session.add(cycle)
    db.session.commit()
    pepper = current_app.config["PB_CODE_PEPPER"]
    _batch, plain = generate_batch(None, cycle, codes, pepper=pepper)
    # What opening the vote does: a counting key for the sealed ballots.
    cycles.open_voting(None, cycle, current_app.config["PB_KEY_DIR"])
    db.session.commit()
    costs = {str(p.id): int(p.cost) for p in budget.projects}
    return {"budget": budget.id, "costs": costs, "limit": 2_000_000, "codes": plain}


def stored_ballots() -> int:
    from pb.extensions import db
    from pb.models import Envelope

    return db.session.scalar(db.select(db.func.count()).select_from(Envelope))


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    accepted: int = 0
    errors: list[str] = field(default_factory=list)
    ballot_ms: list[float] = field(default_factory=list)  # GET ballot + POST ballot
    post_ms: list[float] = field(default_factory=list)  # POST ballot alone


def choose(costs: dict[str, int], limit: int, rng: random.Random) -> list[str]:
    ids = list(costs)
    rng.shuffle(ids)
    picked, spent = [], 0
    for pid in ids[: rng.randrange(1, 12)]:
        if spent + costs[pid] <= limit:
            picked.append(pid)
            spent += costs[pid]
    return picked


class Browser:
    """A lean HTTP client (http.client, one cookie jar entry): the benchmark shares the machine
    with the server, so the client should cost as little CPU as a real phone's browser does
    the server, i.e. nothing measurable."""

    def __init__(self, base: str):
        parsed = urlsplit(base)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            text = r.read().decode()
            for name, value in r.getheaders():
                if name.lower() == "set-cookie" and value.startswith("session="):
                    self.cookie = value.split(";", 1)[0]
            return r.status, text
        finally:
            conn.close()


def enter_codes(base: str, codes: list[str], out: list[str], tally: Tally) -> None:
    """Phase 1: each code entered in a session of its own; keeps each session's cookie."""
    b = Browser(base)
    token = TOKEN.search(b.request("GET", f"/vote/{SLUG}/")[1]).group(1)
    fresh = b.cookie  # holds the CSRF secret only
    for code in codes:
        b.cookie = fresh
        try:
            status, _ = b.request("POST", f"/vote/{SLUG}/", {"code": code, "csrf_token": token})
            if status != 302:
                raise RuntimeError(f"code entry answered {status}")
            out.append((b.cookie, token))
        except Exception as e:  # noqa: BLE001  (every failure is counted and reported)
            with tally.lock:
                tally.errors.append(f"{type(e).__name__}: {e}")


def resident(base: str, data: dict, sessions, target: int, tally: Tally, seed: int) -> None:
    """Phase 2: what a resident does with a code in the session: GET the ballot, POST it."""
    rng = random.Random(seed)
    b = Browser(base)
    ballot_url = f"/vote/{SLUG}/b/{data['budget']}"
    while True:
        with tally.lock:
            if tally.accepted >= target:
                return
            session = next(sessions, None)
        if session is None:
            return
        b.cookie, _entry_token = session
        try:
            t0 = time.perf_counter()
            status, page = b.request("GET", ballot_url)
            if status != 200:
                raise RuntimeError(f"ballot page answered {status}")
            token = BALLOT_TOKEN.search(page).group(1)  # the token the ballot form carries
            t1 = time.perf_counter()
            form = {"project": choose(data["costs"], data["limit"], rng), "csrf_token": token}
            status, _ = b.request("POST", ballot_url + "/submit", form)
            t2 = time.perf_counter()
            if status != 302:
                raise RuntimeError(f"submission answered {status}")
            with tally.lock:
                tally.accepted += 1
                tally.ballot_ms.append((t2 - t0) * 1000)
                tally.post_ms.append((t2 - t1) * 1000)
        except Exception as e:  # noqa: BLE001  (every failure is counted and reported)
            with tally.lock:
                tally.errors.append(f"{type(e).__name__}: {e}")


def run_threads(target, args_list) -> float:
    threads = [threading.Thread(target=target, args=a) for a in args_list]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def trivial_rate(base: str, clients: int, requests_total: int) -> float:
    left = itertools.count()

    def run():
        b = Browser(base)
        while next(left) < requests_total:
            b.request("GET", "/healthz")

    threads = [threading.Thread(target=run) for _ in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return requests_total / (time.perf_counter() - t0)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ballots", type=int, default=10_000)
    ap.add_argument("--codes", type=int, default=20_000)
    ap.add_argument("--projects", type=int, default=80)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--database-url", default="", help="PostgreSQL URL (a fresh schema is used)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmpdir, database(Path(tmpdir), args.database_url) as url:
        tmp = Path(tmpdir)
        t0 = time.perf_counter()
        data = prepare(url, tmp, lambda: setup(args.projects, args.codes))
        backend = "PostgreSQL" if args.database_url else "SQLite"
        print(
            f"{backend}: {args.projects} projects, {args.codes:,} codes ready in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        with gunicorn(url, tmp, workers=args.workers) as base:
            trivial = trivial_rate(base, args.clients, 5000)
            tally = Tally()
            wanted = data["codes"][: args.ballots]
            chunks = [wanted[i :: args.clients] for i in range(args.clients)]
            sessions: list[tuple[str, str]] = []
            entry_s = run_threads(enter_codes, [(base, chunk, sessions, tally) for chunk in chunks])
            queue = iter(sessions)
            elapsed = run_threads(
                resident,
                [(base, data, queue, args.ballots, tally, i) for i in range(args.clients)],
            )
        stored = prepare(url, tmp, stored_ballots)

    rate = tally.accepted / elapsed
    print(
        f"codes entered        {len(sessions):,} in {entry_s:.1f} s: {len(sessions) / entry_s:.0f} per second"
    )
    print(
        f"ballots accepted     {tally.accepted:,} in {elapsed:.1f} s by {args.clients} clients, "
        f"{args.workers} workers"
    )
    print(f"ballots per second   {rate:.0f}   (GET ballot + POST ballot with its CSRF token)")
    print(
        f"whole resident flow  {tally.accepted / (entry_s + elapsed):.0f} per second   "
        "(code entry + GET + POST)"
    )
    print(
        f"latency GET+POST     p50 {pct(tally.ballot_ms, 0.5):.0f} ms   p99 {pct(tally.ballot_ms, 0.99):.0f} ms"
    )
    print(
        f"latency POST ballot  p50 {pct(tally.post_ms, 0.5):.0f} ms   p99 {pct(tally.post_ms, 0.99):.0f} ms"
    )
    print(
        f"errors               {len(tally.errors)}"
        + (f"   first: {tally.errors[0]}" if tally.errors else "")
    )
    print(
        f"stored vs accepted   {stored:,} / {tally.accepted:,}   {'OK' if stored == tally.accepted else 'MISMATCH'}"
    )
    print(
        f"trivial route        {trivial:.0f} req/s   ratio ballots/s : trivial req/s = {rate / trivial:.3f}"
    )
    return 0 if stored == tally.accepted and not tally.errors else 1


if __name__ == "__main__":
    sys.exit(main())
