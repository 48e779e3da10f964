"""Staff set phase dates and advance by hand; the public cycle page shows where the cycle
stands and what comes next."""

from datetime import datetime

from freezegun import freeze_time

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models.cycle import Cycle
from pb.models.schedule import PhaseDate
from tests.factories import audit, make_cycle, make_user, sign_in


def cycle_now():
    db.session.expire_all()
    return db.session.scalar(db.select(Cycle).filter_by(slug="town"))


@freeze_time("2030-01-10 12:00")
def test_dates_saved_and_shown_publicly(client, db):
    make_cycle()
    sign_in(client, make_user("staff"))
    assert client.get("/admin/c/town/phases").status_code == 200
    r = client.post(
        "/admin/c/town/phases",
        data={
            "ideas_ends": "2030-02-01T00:00",
            "proposals_ends": "2030-03-01T00:00",
            "voting_starts": "2030-03-10T08:00",
            "voting_ends": "2030-03-20T20:00",
        },
    )
    assert r.status_code == 303
    rows = {d.phase: (d.starts_at, d.ends_at) for d in cycle_now().phase_dates}
    assert rows["voting"] == (datetime(2030, 3, 10, 8), datetime(2030, 3, 20, 20))
    assert len(audit("phase.dates")) == 1
    page = client.get("/c/town").get_data(as_text=True)
    assert "Where Cycle town stands" in page
    assert (
        "Next: <strong>Proposal development</strong>, from Feb 1, 2030, 12:00\u202fAM UTC" in page
    )
    assert "from Mar 10, 2030, 8:00\u202fAM UTC" in page
    with freeze_time("2030-03-11 00:00"):
        assert cycle_now().current_phase == Phase.VOTING
        assert "Next: <strong>Counting</strong>, from Mar 20, 2030, 8:00\u202fPM UTC" in client.get(
            "/c/town"
        ).get_data(as_text=True)


def test_dates_that_run_backwards_are_refused(client, db):
    make_cycle()
    sign_in(client, make_user("staff"))
    r = client.post(
        "/admin/c/town/phases",
        data={"voting_starts": "2030-03-10T08:00", "proposals_starts": "2030-04-01T00:00"},
    )
    assert r.status_code == 422 and b'id="voting_starts-error"' in r.data
    assert b'value="2030-04-01T00:00"' in r.data
    r = client.post(
        "/admin/c/town/phases",
        data={"voting_starts": "2030-03-10T08:00", "voting_ends": "2030-03-01T08:00"},
    )
    assert r.status_code == 422 and b'id="voting_ends-error"' in r.data
    r = client.post("/admin/c/town/phases", data={"voting_starts": "next tuesday"})
    assert r.status_code == 422
    assert db.session.scalar(db.select(db.func.count(PhaseDate.id))) == 0
    assert audit("phase.dates") == []


def test_manual_advance_and_set(client, db):
    make_cycle()
    staff = make_user("staff")
    sign_in(client, staff)
    assert client.post("/admin/c/town/phases/advance").status_code == 303
    assert cycle_now().phase == "proposals"
    (entry,) = audit("phase.set")
    assert entry.details_dict == {"before": "ideas", "after": "proposals"}
    assert entry.actor_id == staff.id
    assert client.post("/admin/c/town/phases/set", data={"phase": "ideas"}).status_code == 303
    assert cycle_now().phase == "ideas"
    assert client.post("/admin/c/town/phases/set", data={"phase": "nonsense"}).status_code == 422


@freeze_time("2030-01-10 12:00")
def test_going_back_behind_passed_dates_is_refused(client, db):
    make_cycle(phase=Phase.IDEAS, ideas_ends=datetime(2030, 1, 1))
    sign_in(client, make_user("staff"))
    assert cycle_now().current_phase == Phase.PROPOSALS  # the date moved it on
    r = client.post("/admin/c/town/phases/set", data={"phase": "ideas"})
    assert r.status_code == 409 and b"clear the dates" in r.data
    assert audit("phase.set") == []


def test_last_phase_cannot_advance(client, db):
    make_cycle(phase=Phase.IMPLEMENTATION)
    sign_in(client, make_user("staff"))
    r = client.post("/admin/c/town/phases/advance")
    assert r.status_code == 409 and b"last phase" in r.data
