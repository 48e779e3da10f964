"""The demo shows every phase: ideas and proposals in next year's cycle, ballot projects that
link back to their origin, and last year's funded projects being built."""

from pathlib import Path

from pb.demo import NEXT, add_demo_phases
from pb.domain.phases import Phase
from pb.models.ideas import Idea
from pb.models.implementation import ProjectProgress, ProjectUpdate
from pb.models.proposals import ProjectOrigin, Proposal
from tests.factories import make_budget, make_cycle, make_project, make_user, publish_count


def test_demo_phases_creates_every_phase(app, client, db):
    admin = make_user("admin")
    current = make_cycle("demo-2025", phase=Phase.VOTING)
    budget = make_budget(current)
    make_project(budget, "Benches"), make_project(budget, "Lights")
    past = make_cycle("demo-2024", phase=Phase.RESULTS)
    old = make_budget(past)
    funded = [make_project(old, f"Old project {i}") for i in range(4)]
    make_project(old, "Lost the vote")
    publish_count(old, funded, ballots=10)

    uploads = Path(app.config["PB_UPLOAD_DIR"])
    key_dir = Path(app.config["PB_KEY_DIR"])
    lines = add_demo_phases(admin, {"demo-2025": current, "demo-2024": past}, uploads, key_dir)
    assert len(lines) == 3

    statuses = [
        i.status for i in db.session.scalars(db.select(Idea).where(Idea.cycle.has(slug=NEXT)))
    ]
    assert {"pending", "published", "hidden", "merged"} <= set(statuses)
    assert any(i.support_count > 0 for i in db.session.scalars(db.select(Idea)))
    reviews = {p.review for p in db.session.scalars(db.select(Proposal))}
    assert {"feasible", "not_feasible", "needs_changes"} <= reviews
    refused = db.session.scalar(db.select(Proposal).filter_by(review="not_feasible"))
    assert refused.public_reason
    assert db.session.scalar(db.select(db.func.count(ProjectOrigin.project_id))) == 2

    tracked = {p.project_id: p for p in db.session.scalars(db.select(ProjectProgress))}
    assert set(tracked) == {p.id for p in funded}
    assert {p.status for p in tracked.values()} == {
        "completed",
        "in_progress",
        "planned",
        "cancelled",
    }
    assert db.session.scalar(db.select(db.func.count(ProjectUpdate.id))) >= 4
    assert any(u.photo for u in db.session.scalars(db.select(ProjectUpdate)))
    db.session.expire_all()
    assert past.current_phase == Phase.IMPLEMENTATION

    # The pages a newcomer clicks through all render.
    for url in (
        f"/c/{NEXT}",
        f"/c/{NEXT}/ideas",
        f"/c/{NEXT}/proposals",
        "/c/demo-2024/progress",
        f"/c/demo-2024/progress/{funded[0].id}",
        f"/c/{NEXT}/ideas/new",
    ):
        assert client.get(url).status_code == 200, url
    next_page = client.get(f"/c/{NEXT}").get_data(as_text=True)
    assert (
        "Idea collection" in next_page
        and "Next: <strong>Proposal development</strong>" in next_page
    )
    assert "Projects done" in client.get("/c/demo-2024").get_data(as_text=True)


def test_demo_hook_is_called_by_the_demo_command(client, db):
    from pb import demo

    result = demo.load_demo()
    assert any("Demo City 2026" in line for line in result.lines)
    assert client.get(f"/c/{NEXT}/ideas").status_code == 200


def test_the_demo_has_an_enrolled_kiosk_and_printable_letters(client, db):
    from pathlib import Path

    from pb import demo
    from pb.models.kiosk import Kiosk

    result = demo.load_demo()
    (kiosk,) = db.session.scalars(db.select(Kiosk)).all()
    assert kiosk.revoked_at is None and "library" in kiosk.location
    (line,) = [x for x in result.lines if x.startswith("Printable code letters")]
    page = Path(line.rsplit(": ", 1)[1]).read_text()
    assert page.count('class="card"') == 8 and "<svg" in page and ".cut.tl" in page


def test_the_demo_prints_a_resident_who_can_get_a_code(client, db):
    import re

    from pb import demo
    from pb.demo.ballots import CURRENT

    result = demo.load_demo()
    [line] = [line for line in result.lines if "Get my code" in line]
    name, born, postcode = re.search(
        r"name '([^']+)', date of birth (\S+), postcode '([^']+)'", line
    ).groups()
    page = client.post(
        f"/vote/{CURRENT}/get-code", data={"f0": name.upper(), "f1": born, "f2": postcode}
    )
    assert page.status_code == 200 and "Your voting code" in page.text
