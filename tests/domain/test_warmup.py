"""Issue 11, item 5: the numba kernels are compiled at install or start (`make run`, `make test`,
gunicorn's worker start), so that a count in a request only loads machine code from the cache."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

FIRST_COUNT = """
from fractions import Fraction
from pb.domain.election import Project, build_election
from pb.domain.tally import tally
from pb.domain.tally import mes_kernels
e = build_election(10, [Project("a", Fraction(4)), Project("b", Fraction(5))], [["a"], ["a", "b"]])
tally(e, "equalshares/add1")
print(len(mes_kernels.run.stats.cache_misses), len(mes_kernels.run.stats.cache_hits))
"""


def _python(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_after_the_warm_up_a_new_process_counts_without_compiling():
    warm = _python("from pb.domain.tally.warmup import compile_kernels; print(compile_kernels())")
    assert "run" in warm and "max_flow" in warm
    misses, hits = map(int, _python(FIRST_COUNT).split())
    assert (misses, hits) == (0, 1)


def test_make_run_test_and_gunicorn_warm_up():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: install warmup" in makefile and "test: install-test warmup" in makefile
    assert "python -m pb.domain.tally.warmup" in makefile
    assert "compile_kernels()" in (ROOT / "gunicorn.conf.py").read_text()
