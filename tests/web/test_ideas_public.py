"""Submitting, browsing, supporting and flagging ideas as a resident."""

from datetime import datetime

from freezegun import freeze_time

from pb.domain.phases import Phase
from pb.models.files import StoredFile
from pb.models.ideas import Idea, IdeaFlag, IdeaSupport
from tests.factories import SVG, image_bytes, make_cycle, make_idea

FORM = {
    "title": "A bench by the pond",
    "description": "Older people need somewhere to sit near the pond.",
    "category": "Public space",
    "district": "",
    "location": "City park",
    "contact_email": "ana@example.org",
}


def test_submit_waits_for_moderation_and_hides_contact(client, db):
    cycle = make_cycle()
    r = client.post("/c/town/ideas/new", data=FORM)
    assert r.status_code == 303
    idea = db.session.scalar(db.select(Idea))
    assert idea.status == "pending" and idea.contact_email == "ana@example.org"
    assert client.get(f"/c/town/ideas/{idea.id}").status_code == 404  # not public yet
    assert b"A bench by the pond" not in client.get("/c/town/ideas").data
    idea.status = "published"
    db.session.commit()
    page = client.get(f"/c/town/ideas/{idea.id}")
    assert page.status_code == 200 and b"A bench by the pond" in page.data
    assert b"ana@example.org" not in page.data
    assert b"ana@example.org" not in client.get("/c/town/ideas").data
    assert cycle.id == idea.cycle_id


def test_invalid_form_keeps_what_was_typed_and_saves_nothing(client, db):
    make_cycle()
    data = dict(FORM, title="Ok", category="Not a category", contact_email="not-an-email")
    r = client.post("/c/town/ideas/new", data=data)
    assert r.status_code == 422
    body = r.get_data(as_text=True)
    assert 'id="title-error"' in body and 'id="contact_email-error"' in body
    assert 'id="category-error"' in body
    assert "Older people need somewhere to sit near the pond." in body
    assert 'value="not-an-email"' in body
    assert db.session.scalar(db.select(db.func.count(Idea.id))) == 0


def test_svg_upload_refused_next_to_the_field(client, db, app, tmp_path):
    make_cycle()
    data = dict(FORM, photo=(__import__("io").BytesIO(SVG), "nice.png", "image/png"))
    r = client.post("/c/town/ideas/new", data=data, content_type="multipart/form-data")
    assert r.status_code == 422
    assert 'id="photo-error"' in r.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Idea.id))) == 0
    assert db.session.scalar(db.select(db.func.count(StoredFile.name))) == 0


def test_photo_is_stored_under_a_random_name_and_served(client, db, tmp_path):
    import io

    make_cycle()
    data = dict(FORM, photo=(io.BytesIO(image_bytes("JPEG")), "../../evil.php", "text/html"))
    r = client.post("/c/town/ideas/new", data=data, content_type="multipart/form-data")
    assert r.status_code == 303
    idea = db.session.scalar(db.select(Idea))
    assert idea.photo.endswith(".jpg") and "evil" not in idea.photo
    assert db.session.get(StoredFile, idea.photo) is not None
    served = client.get(f"/media/{idea.photo}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    served.close()
    assert client.get("/media/..%2Fpb.sqlite").status_code == 404
    assert client.get("/media/" + "0" * 32 + ".png").status_code == 404


def test_post_moderation_publishes_at_once(client, db):
    from pb.models.ideas import IdeaSettings

    cycle = make_cycle()
    db.session.add(IdeaSettings(cycle_id=cycle.id, moderation="post", categories="Public space"))
    db.session.commit()
    r = client.post("/c/town/ideas/new", data=FORM)
    idea = db.session.scalar(db.select(Idea))
    assert idea.status == "published"
    assert r.headers["Location"].endswith(f"/c/town/ideas/{idea.id}")


def test_markdown_in_ideas_is_sanitized_on_the_page(client, db):
    cycle = make_cycle()
    idea = make_idea(
        cycle,
        description="<script>alert(1)</script> [x](javascript:alert(2)) **fine**",
    )
    body = client.get(f"/c/town/ideas/{idea.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body
    assert 'href="javascript:' not in body
    assert "<strong>fine</strong>" in body


def test_submission_refused_outside_idea_collection_with_the_date(client, db):
    make_cycle(phase=Phase.IDEAS, ideas_starts=datetime(2030, 5, 1, 8, 0))
    # Before ideas open nothing forbids it (the cycle is set to ideas by hand): allowed.
    assert client.get("/c/town/ideas/new").status_code == 200
    make_cycle("later", phase=Phase.PROPOSALS)
    r = client.get("/c/later/ideas/new")
    assert r.status_code == 409 and b"Idea collection" in r.data
    assert b"phase is over" in r.data
    assert client.post("/c/later/ideas/new", data=FORM).status_code == 409
    assert db.session.scalar(db.select(db.func.count(Idea.id))) == 0


@freeze_time("2030-01-10 12:00")
def test_wrong_phase_page_says_when_it_opens(app, db):
    from pb.web.guards import phase_required

    # The guard is shared by every blueprint; a voting-only view shows it best.
    @phase_required(Phase.VOTING)
    def vote_here(slug):
        return "voting"

    app.add_url_rule("/test/<slug>/vote", "vote_here", vote_here)
    client = app.test_client()
    make_cycle("soon", phase=Phase.PROPOSALS, voting_starts=datetime(2030, 2, 1, 9, 0))
    r = client.get("/test/soon/vote")
    assert r.status_code == 409
    assert b"possible from <strong>Feb 1, 2030, 9:00\xe2\x80\xafAM UTC</strong>" in r.data
    make_cycle("undated", phase=Phase.PROPOSALS)
    assert b"no date has been set yet" in client.get("/test/undated/vote").data
    with freeze_time("2030-02-01 09:00"):
        assert client.get("/test/soon/vote").data == b"voting"


@freeze_time("2030-01-10 12:00")
def test_dates_open_and_close_idea_collection(client, db):
    make_cycle(
        phase=Phase.IDEAS,
        ideas_ends=datetime(2030, 1, 20, 0, 0),
    )
    assert client.get("/c/town/ideas/new").status_code == 200
    with freeze_time("2030-01-20 00:00"):
        r = client.get("/c/town/ideas/new")
        assert r.status_code == 409 and b"Proposal development" in r.data


def test_support_counts_once_per_session(client, db, app):
    cycle = make_cycle()
    idea = make_idea(cycle)
    client.get(f"/c/town/ideas/{idea.id}")  # a browser that keeps cookies (see tests/hardening)
    for _ in range(3):
        assert client.post(f"/c/town/ideas/{idea.id}/support").status_code == 303
    assert db.session.scalar(db.select(db.func.count(IdeaSupport.id))) == 1
    other = app.test_client()
    other.get("/c/town/ideas")
    other.post(f"/c/town/ideas/{idea.id}/support")
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).support_count == 2
    page = client.get(f"/c/town/ideas/{idea.id}").get_data(as_text=True)
    assert "2 residents support this idea" in page
    assert "You support this idea." in page


def test_support_only_during_idea_collection_and_only_public_ideas(client, db):
    cycle = make_cycle()
    pending = make_idea(cycle, status="pending")
    client.get("/c/town/ideas")
    r = client.post(f"/c/town/ideas/{pending.id}/support")
    assert r.status_code == 303
    assert db.session.scalar(db.select(db.func.count(IdeaSupport.id))) == 0
    make_cycle("closed", phase=Phase.VOTING)
    from pb.models import Cycle

    closed = db.session.scalar(db.select(Cycle).filter_by(slug="closed"))
    idea = make_idea(closed)
    assert client.post(f"/c/closed/ideas/{idea.id}/support").status_code == 409
    assert db.session.scalar(db.select(db.func.count(IdeaSupport.id))) == 0


def test_flag_once_per_session(client, db):
    cycle = make_cycle()
    idea = make_idea(cycle)
    assert client.post(f"/c/town/ideas/{idea.id}/flag", data={"reason": ""}).status_code == 422
    assert client.post(f"/c/town/ideas/{idea.id}/flag", data={"reason": "Spam"}).status_code == 303
    assert client.post(f"/c/town/ideas/{idea.id}/flag", data={"reason": "Spam"}).status_code == 303
    assert db.session.scalar(db.select(db.func.count(IdeaFlag.id))) == 1
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).open_flag_count == 1


def test_unknown_ids_are_404(client, db):
    cycle = make_cycle()
    make_cycle("other")
    idea = make_idea(cycle)
    assert client.get("/c/town/ideas/999").status_code == 404
    assert client.get(f"/c/other/ideas/{idea.id}").status_code == 404  # wrong cycle
    assert client.get("/c/nope/ideas").status_code == 404
    assert client.post("/c/town/ideas/999/support").status_code == 404
    assert client.get("/c/town/ideas/999/flag").status_code == 404
    assert client.get("/c/town/proposals/999").status_code == 404
    assert client.get("/c/town/progress/999").status_code == 404


def test_browse_and_search(client, db):
    cycle = make_cycle()
    make_idea(cycle, "Trees on Oak street", district="North")
    make_idea(cycle, "Skate park", category="Sport and leisure", description="A 100% concrete bowl")
    make_idea(cycle, "Secret pending idea", status="pending")
    make_idea(cycle, "Rude idea", status="hidden", hidden_reason="Insults")

    def titles(query):
        return client.get("/c/town/ideas" + query).get_data(as_text=True)

    everything = titles("")
    assert "Trees on Oak street" in everything and "Skate park" in everything
    assert "Secret pending idea" not in everything and "Rude idea" not in everything
    assert "Skate park" not in titles("?q=oak")
    assert "Trees on Oak street" not in titles("?q=100%25")  # % is literal, not a wildcard
    assert "Skate park" in titles("?q=100%25")
    assert "Trees" not in titles("?category=Sport+and+leisure")
    north = titles("?district=North")
    assert "Trees on Oak street" in north and "Skate park" not in north
    assert "Trees on Oak street" not in titles("?district=citywide")
    hidden = titles("?status=hidden")
    assert "Rude idea" in hidden and "Insults" in hidden and "Skate park" not in hidden
    assert "Secret pending idea" not in titles("?status=pending")


def test_support_button_carries_the_csrf_token(client, app, db):
    import re

    cycle = make_cycle()
    idea = make_idea(cycle)
    app.config["WTF_CSRF_ENABLED"] = True
    assert client.post(f"/c/town/ideas/{idea.id}/support").status_code == 400
    page = client.get(f"/c/town/ideas/{idea.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    r = client.post(f"/c/town/ideas/{idea.id}/support", data={"csrf_token": token})
    assert r.status_code == 303
    assert db.session.scalar(db.select(db.func.count(IdeaSupport.id))) == 1


def test_ideas_taken_into_a_proposal_can_be_listed(client, db):
    from tests.factories import make_proposal

    cycle = make_cycle()
    taken = make_idea(cycle, "Taken idea")
    make_idea(cycle, "Free idea")
    make_proposal(cycle, ideas=[taken])
    page = client.get("/c/town/ideas?status=in_proposal").get_data(as_text=True)
    assert "Taken idea" in page and "Free idea" not in page
    assert "Tree alley" in client.get(f"/c/town/ideas/{taken.id}").get_data(as_text=True)
