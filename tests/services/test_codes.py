import csv
import io
import os
from pathlib import Path

import pytest

from pb.domain.codes import code_hash
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import AuditEntry, CodeBatch, VoterCode
from pb.services import codes
from pb.services.errors import Refused
from tests.factories import make_budget, make_cycle, set_phase

# The services take the pepper as a parameter: any key works, the app's config is not read.
PEPPER = "a pepper of the test's own"


@pytest.fixture
def cycle(ctx):
    cycle = make_cycle()
    make_budget(cycle, name="City")
    make_budget(cycle, name="North", district="North")
    return cycle


def test_a_batch_keeps_only_keyed_hashes(cycle):
    batch, plain = codes.generate_batch(None, cycle, 50, label="letters", pepper=PEPPER)
    rows = db.session.scalars(db.select(VoterCode)).all()
    assert len(rows) == len(set(plain)) == 50 == batch.size
    assert {r.code_hash for r in rows} == {code_hash(c, PEPPER) for c in plain}
    stored_text = " ".join(
        str(v) for r in rows for v in (r.code_hash, r.status, r.batch_id, r.cycle_id)
    )
    assert not any(c.replace("-", "") in stored_text.upper() for c in plain)
    assert db.session.scalar(db.select(AuditEntry.action)) == "codes.generate"


def test_the_plain_codes_never_reach_the_database_file(cycle, db_app):
    if not db_app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("reads the SQLite file")
    _batch, plain = codes.generate_batch(None, cycle, 20, pepper=PEPPER)
    db.session.commit()
    path = db_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    data = b"".join(Path(f).read_bytes() for f in (path, path + "-wal") if os.path.exists(f))
    for c in plain:
        assert c.encode() not in data and c.replace("-", "").encode() not in data


def test_the_csv_lists_every_code_once(cycle):
    batch, plain = codes.generate_batch(
        None, cycle, 5, scope="district", district="North", pepper=PEPPER
    )
    rows = list(csv.DictReader(io.StringIO(codes.batch_csv(batch, plain))))
    assert [r["code"] for r in rows] == plain
    assert {r["eligible for"] for r in rows} == {"citywide + North"}
    assert batch.allows("") and batch.allows("North") and not batch.allows("South")


@pytest.mark.parametrize(
    ("kw", "words"),
    [
        ({"size": 0}, "between 1 and"),
        ({"size": 100_001}, "between 1 and"),
        ({"size": 5, "scope": "everyone"}, "who the codes are for"),
        ({"size": 5, "scope": "district", "district": "Atlantis"}, "Atlantis"),
    ],
)
def test_bad_batches_are_refused(cycle, kw, words):
    kw = dict(kw)  # the parameter is shared by every backend
    size = kw.pop("size")
    with pytest.raises(Refused, match=words):
        codes.generate_batch(None, cycle, size, pepper=PEPPER, **kw)
    assert db.session.scalar(db.select(db.func.count()).select_from(CodeBatch)) == 0


def test_no_codes_after_voting_closed(cycle):
    set_phase(cycle, Phase.COUNTING)
    with pytest.raises(Refused, match="closed"):
        codes.generate_batch(None, cycle, 5, pepper=PEPPER)


def test_void_a_code_and_a_batch(cycle):
    batch, plain = codes.generate_batch(None, cycle, 3, pepper=PEPPER)
    assert codes.void_code(None, cycle, plain[0].lower(), PEPPER) == 0
    assert codes.find_code(cycle.id, plain[0], PEPPER).active is False
    assert codes.find_code(cycle.id, plain[1], PEPPER).active is True
    with pytest.raises(Refused, match="void already"):
        codes.void_code(None, cycle, plain[0], PEPPER)
    with pytest.raises(Refused, match="No code"):
        codes.void_code(None, cycle, "2222-3333-4444-5555", PEPPER)
    with pytest.raises(Refused, match="No code"):
        codes.void_code(None, cycle, plain[1], "another pepper")
    assert codes.void_batch(None, batch) == 2
    stats = codes.batch_stats(cycle)
    assert [(s["batch"].id, s["void"], s["used"]) for s in stats] == [(batch.id, 3, 0)]
    actions = db.session.scalars(db.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["codes.generate", "codes.void", "codes.void_batch"]


def test_the_code_entered_with_the_wrong_pepper_is_not_found(cycle):
    _batch, plain = codes.generate_batch(None, cycle, 1, pepper=PEPPER)
    found = codes.find_code(cycle.id, plain[0], PEPPER)
    assert found is not None and found.cycle_id == cycle.id and found.allows("")
    assert codes.code_by_id(found.id) == found
    assert codes.find_code(cycle.id, plain[0], "another pepper") is None
