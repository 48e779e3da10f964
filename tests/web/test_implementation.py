"""After the results: funded projects are tracked with a status, progress, money spent and
dated updates with photos; the cycle page sums it up."""

import io
from datetime import date
from decimal import Decimal

from pb.domain.phases import Phase
from pb.models.files import StoredFile
from pb.models.implementation import ProjectProgress, ProjectUpdate
from tests.factories import (
    SVG,
    audit,
    image_bytes,
    make_budget,
    make_cycle,
    make_project,
    make_user,
    publish_count,
    sign_in,
)


def setup_cycle(phase=Phase.RESULTS):
    cycle = make_cycle(phase=phase)
    budget = make_budget(cycle)
    return (
        cycle,
        budget,
        make_project(budget, "Benches", 10_000),
        make_project(budget, "Lights", 30_000),
    )


def test_tracking_waits_for_results(client, db):
    cycle, budget, benches, lights = setup_cycle(Phase.VOTING)
    sign_in(client, make_user("staff"))
    r = client.post("/admin/c/town/implementation/track", data={"projects": [benches.id]})
    assert r.status_code == 422 and b"once the results are published" in r.data
    assert db.session.scalar(db.select(db.func.count(ProjectProgress.project_id))) == 0


def test_winners_of_a_published_count_are_preselected(client, db):
    cycle, budget, benches, lights = setup_cycle()
    publish_count(budget, [lights], ballots=3)
    sign_in(client, make_user("staff"))
    page = client.get("/admin/c/town/implementation").get_data(as_text=True)
    assert f'value="{lights.id}" checked' in page and f'value="{benches.id}" checked' not in page


def test_status_updates_and_summary(client, db, tmp_path):
    cycle, budget, benches, lights = setup_cycle()
    staff = make_user("staff")
    sign_in(client, staff)
    r = client.post(
        "/admin/c/town/implementation/track", data={"projects": [benches.id, lights.id]}
    )
    assert r.status_code == 303
    assert audit("implementation.track")[0].details_dict["projects"] == [benches.id, lights.id]

    # Completed means 100%; cancelled needs a reason: refused, nothing saved, typed text kept.
    r = client.post(
        f"/admin/c/town/projects/{benches.id}/progress/status",
        data={"status": "completed", "percent": "80", "spent": "9000"},
    )
    assert r.status_code == 422 and b'id="percent-error"' in r.data and b'value="9000"' in r.data
    r = client.post(
        f"/admin/c/town/projects/{lights.id}/progress/status",
        data={"status": "cancelled", "percent": "0", "spent": "0", "cancel_reason": ""},
    )
    assert r.status_code == 422 and b'id="cancel_reason-error"' in r.data
    db.session.expire_all()
    assert db.session.get(ProjectProgress, benches.id).status == "planned"

    r = client.post(
        f"/admin/c/town/projects/{benches.id}/progress/status",
        data={"status": "completed", "percent": "100", "spent": "9500.50"},
    )
    assert r.status_code == 303
    r = client.post(
        f"/admin/c/town/projects/{lights.id}/progress/status",
        data={"status": "in_progress", "percent": "40", "spent": "12000"},
    )
    assert r.status_code == 303
    assert len(audit("implementation.status")) == 2

    r = client.post(
        f"/admin/c/town/projects/{lights.id}/progress/updates",
        data={
            "posted_on": "2030-06-01",
            "title": "Poles installed",
            "body": "First **ten** poles. <script>x()</script>",
            "photo": (io.BytesIO(image_bytes("WEBP")), "poles.webp"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 303
    update = db.session.scalar(db.select(ProjectUpdate))
    assert update.posted_on == date(2030, 6, 1) and update.photo.endswith(".webp")
    assert db.session.get(StoredFile, update.photo) is not None
    assert audit("implementation.update")[0].details_dict["photo"] is True

    public = client.get(f"/c/town/progress/{lights.id}").get_data(as_text=True)
    assert "Poles installed" in public and "<strong>ten</strong>" in public
    assert "<script>x()" not in public and f"/media/{update.photo}" in public
    assert "In progress" in public and "40%" in public

    cycle_page = client.get("/c/town").get_data(as_text=True)
    assert "Money allocated" in cycle_page
    assert "40,000 EUR" in cycle_page and "21,500.50 EUR" in cycle_page
    assert "1 of 2" in cycle_page
    overview = client.get("/c/town/progress").get_data(as_text=True)
    assert "Benches" in overview and "Completed" in overview


def test_svg_update_photo_refused_and_nothing_saved(client, db, tmp_path):
    cycle, budget, benches, lights = setup_cycle()
    sign_in(client, make_user("staff"))
    client.post("/admin/c/town/implementation/track", data={"projects": [benches.id]})
    r = client.post(
        f"/admin/c/town/projects/{benches.id}/progress/updates",
        data={
            "posted_on": "2030-06-01",
            "title": "Drawing",
            "photo": (io.BytesIO(SVG), "plan.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert r.status_code == 422 and b'id="photo-error"' in r.data
    assert b'value="Drawing"' in r.data
    assert db.session.scalar(db.select(db.func.count(ProjectUpdate.id))) == 0
    assert db.session.scalar(db.select(db.func.count(StoredFile.name))) == 0


def test_untracked_and_unknown_projects_are_404(client, db):
    cycle, budget, benches, lights = setup_cycle()
    sign_in(client, make_user("staff"))
    assert client.get(f"/c/town/progress/{benches.id}").status_code == 404
    assert client.get(f"/admin/c/town/projects/{benches.id}/progress").status_code == 404
    assert client.get("/admin/c/town/projects/999/progress").status_code == 404
    r = client.post("/admin/c/town/implementation/track", data={"projects": [999]})
    assert r.status_code == 422
    assert Decimal(0) == sum(
        (p.spent for p in db.session.scalars(db.select(ProjectProgress))), Decimal(0)
    )
