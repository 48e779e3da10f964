"""Code letters: the answer to the request that generates a batch is a print-ready page, one
card per code with the code in read-aloud groups and a QR code; decoding the QR code of the
rendered page gives the vote page with that code in the fragment. Shown once, never again."""

from __future__ import annotations

import re

import numpy as np
import pytest
import zxingcpp

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import VoterCode
from pb.services import codes, voting
from tests.factories import make_budget, make_cycle, pepper, set_phase

_PATH = re.compile(r'<svg[^>]*class="qr"[^>]*>.*?<path[^>]*d="([^"]+)"', re.S)
_MOVE = re.compile(r"([MmHhVvLl])\s*(-?[\d.]+)(?:\s+(-?[\d.]+))?")


def rasterize(d: str, size: int = 80, px: int = 6) -> np.ndarray:
    """Paint segno's SVG path (1-module-thick horizontal strokes) on a white grid."""
    grid = np.full((size * px, size * px), 255, dtype=np.uint8)
    x = y = 0.0
    for op, a, b in _MOVE.findall(d):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        elif op in "hH":
            end = x + float(a) if op == "h" else float(a)
            row = int(y)  # strokes run along y + .5
            grid[row * px : (row + 1) * px, int(x) * px : int(end) * px] = 0
            x = end
        else:
            raise AssertionError(f"unexpected path command {op}")
    return grid


def decode_qr(svg_html: str) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(rasterize(_PATH.search(svg_html).group(1)))]


@pytest.fixture
def cycle(db):
    cycle = make_cycle("city", name="City budget 2027")
    make_budget(cycle, name="City")
    make_budget(cycle, name="North", district="North")
    set_phase(cycle, Phase.VOTING)
    return cycle


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_batch_answers_with_letters_whose_qr_codes_open_the_vote_with_the_code(
    staff_client, cycle, paper
):
    r = staff_client.post(
        "/admin/c/city/codes/generate",
        data={"batch-size": 3, "batch-scope": "all", "batch-output": paper},
    )
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    page = r.text
    assert f'class="letters paper-{paper}"' in page and "letters.css" in page
    assert page.count('class="card"') == 3 and page.count('class="cut ') == 12
    cards = page.split('<article class="card">')[1:]
    found = set()
    for card in cards:
        groups = re.findall(r'<span class="group">([A-Z0-9]{4})</span>', card)
        assert len(groups) == 4
        code = "-".join(groups)
        (decoded,) = decode_qr(card)
        assert decoded == f"http://localhost/vote/city/#code={code}"
        assert codes.find_code(cycle.id, code, pepper()) is not None  # a real code of the batch
        found.add(code)
    assert len(found) == 3
    # Never again: no page shows the codes, and the database keeps hashes only.
    listing = staff_client.get("/admin/c/city/codes").text
    assert not any(c in listing for c in found)
    hashes = db.session.scalars(db.select(VoterCode.code_hash)).all()
    assert not any(c.replace("-", "") in h for c in found for h in hashes)


def test_the_vote_page_takes_the_code_from_the_fragment_with_a_small_script(client, cycle):
    page = client.get("/vote/city/").text
    assert "js/code-fragment.js" in page
    assert 'name="code"' in page  # the typed form works without it


def test_batches_are_numbered_within_a_cycle_and_turnout_shows_issued_and_used(staff_client, cycle):
    other = make_cycle("town")
    first, _ = codes.generate_batch(None, cycle, 2, pepper=pepper())
    second, _ = codes.generate_batch(None, cycle, 5, pepper=pepper())
    elsewhere, _ = codes.generate_batch(None, other, 1, pepper=pepper())
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    page = staff_client.get("/admin/c/city/codes").text
    assert '<th scope="col">Codes</th>' in page and '<th scope="col">Used</th>' in page
    code = codes.generate_batch(None, cycle, 1, pepper=pepper())[1][0]
    row, _ = voting.enter_code(voting.load_cycle("city"), code, pepper())
    budget = cycle.budgets[0]
    voting.cast("city", row.id, budget.id, {"project": [str(budget.projects[0].id)]})
    overview = staff_client.get("/admin/c/city").text
    assert "Batch 1: 2 issued, 0 used" in overview and "Batch 3: 1 issued, 1 used" in overview
