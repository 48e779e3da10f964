"""Staff moderate ideas: publish, hide with a public reason, merge duplicates, clear flags,
choose pre- or post-moderation. Every change is in the audit log."""

from pb.models.ideas import Idea, IdeaFlag, IdeaSettings, IdeaSupport
from tests.factories import audit, make_cycle, make_idea, make_user, sign_in


def test_queue_publish_and_audit(client, db):
    cycle = make_cycle()
    idea = make_idea(cycle, "Waiting idea", status="pending", contact_email="x@example.org")
    staff = make_user("staff")
    sign_in(client, staff)
    queue = client.get("/admin/c/town/ideas")
    assert queue.status_code == 200 and b"Waiting idea" in queue.data
    detail = client.get(f"/admin/c/town/ideas/{idea.id}")
    assert b"x@example.org" in detail.data  # staff may contact the author
    assert client.post(f"/admin/c/town/ideas/{idea.id}/publish").status_code == 303
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).status == "published"
    (entry,) = audit("idea.publish")
    assert entry.actor_id == staff.id and entry.target == f"idea:{idea.id}"
    assert client.get(f"/c/town/ideas/{idea.id}").status_code == 200


def test_delegates_see_ideas_but_not_contacts_and_cannot_moderate(client, db):
    cycle = make_cycle()
    idea = make_idea(cycle, status="pending", contact_email="x@example.org")
    sign_in(client, make_user("delegate"))
    page = client.get(f"/admin/c/town/ideas/{idea.id}")
    assert page.status_code == 200 and b"x@example.org" not in page.data
    assert client.post(f"/admin/c/town/ideas/{idea.id}/publish").status_code == 403
    assert (
        client.post(f"/admin/c/town/ideas/{idea.id}/hide", data={"reason": "No"}).status_code == 403
    )
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).status == "pending"
    assert audit("idea.publish") == [] and audit("idea.hide") == []


def test_hide_needs_a_reason_and_shows_it_publicly(client, db):
    cycle = make_cycle()
    idea = make_idea(cycle, "Insulting idea")
    sign_in(client, make_user("staff"))
    r = client.post(f"/admin/c/town/ideas/{idea.id}/hide", data={"reason": ""})
    assert r.status_code == 422 and b'id="reason-error"' in r.data
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).status == "published"
    r = client.post(
        f"/admin/c/town/ideas/{idea.id}/hide", data={"reason": "Breaks the house rules"}
    )
    assert r.status_code == 303
    public = client.get(f"/c/town/ideas/{idea.id}")
    assert b"Breaks the house rules" in public.data
    assert b"Plant trees" not in public.data  # the text itself is no longer shown
    (entry,) = audit("idea.hide")
    assert entry.details_dict["reason"] == "Breaks the house rules"


def test_merge_points_to_survivor_and_moves_supports(client, db, app):
    cycle = make_cycle()
    survivor = make_idea(cycle, "Trees on Main street")
    duplicate = make_idea(cycle, "More trees on Main st")
    earlier = make_idea(cycle, "Trees please", status="merged", merged_into_id=duplicate.id)
    db.session.add_all(
        [
            IdeaSupport(idea_id=survivor.id, token="a"),
            IdeaSupport(idea_id=duplicate.id, token="a"),  # the same session supported both
            IdeaSupport(idea_id=duplicate.id, token="b"),
        ]
    )
    db.session.commit()
    sign_in(client, make_user("staff"))
    r = client.post(f"/admin/c/town/ideas/{duplicate.id}/merge", data={"survivor": survivor.id})
    assert r.status_code == 303
    db.session.expire_all()
    dup = db.session.get(Idea, duplicate.id)
    assert dup.status == "merged" and dup.merged_into_id == survivor.id
    assert db.session.get(Idea, earlier.id).merged_into_id == survivor.id  # no chains
    assert db.session.get(Idea, survivor.id).support_count == 2  # a and b, a once
    public = client.get(f"/c/town/ideas/{duplicate.id}")
    assert public.status_code == 301
    assert public.headers["Location"].endswith(f"/c/town/ideas/{survivor.id}")
    (entry,) = audit("idea.merge")
    assert entry.details_dict == {"into": survivor.id, "supports_moved": 1}


def test_merge_refusals_change_nothing(client, db):
    cycle = make_cycle()
    other_cycle = make_cycle("other")
    idea = make_idea(cycle)
    foreign = make_idea(other_cycle)
    hidden = make_idea(cycle, status="hidden", hidden_reason="Spam")
    sign_in(client, make_user("staff"))
    for survivor, message in [
        (idea.id, b"cannot be merged into itself"),
        (foreign.id, b"same cycle"),
        (hidden.id, b"not hidden or merged"),
        (99999, b"no idea with this number"),
    ]:
        r = client.post(f"/admin/c/town/ideas/{idea.id}/merge", data={"survivor": survivor})
        assert r.status_code == 422 and message in r.data
        assert b'id="survivor-error"' in r.data
    assert (
        client.post(f"/admin/c/town/ideas/{idea.id}/merge", data={"survivor": ""}).status_code
        == 422
    )
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).status == "published"
    assert audit("idea.merge") == []


def test_flags_show_in_queue_and_can_be_cleared(client, db):
    cycle = make_cycle()
    idea = make_idea(cycle, "Flagged idea")
    client.post(f"/c/town/ideas/{idea.id}/flag", data={"reason": "Contains a phone number"})
    sign_in(client, make_user("staff"))
    queue = client.get("/admin/c/town/ideas?status=flagged")
    assert b"Flagged idea" in queue.data
    assert b"Contains a phone number" in client.get(f"/admin/c/town/ideas/{idea.id}").data
    assert client.post(f"/admin/c/town/ideas/{idea.id}/resolve-flags").status_code == 303
    assert db.session.scalar(db.select(IdeaFlag.resolved)) is True
    assert b"Flagged idea" not in client.get("/admin/c/town/ideas?status=flagged").data
    assert len(audit("idea.flags_resolved")) == 1


def test_moderation_setting_per_cycle(client, db):
    make_cycle()
    make_cycle("other")
    sign_in(client, make_user("staff"))
    assert client.get("/admin/c/town/ideas/settings").status_code == 200
    r = client.post(
        "/admin/c/town/ideas/settings",
        data={"moderation": "post", "categories": "Parks\nStreets", "districts": "North"},
    )
    assert r.status_code == 303
    settings = db.session.get(IdeaSettings, 1)
    assert settings.moderation == "post" and settings.category_list == ["Parks", "Streets"]
    bad = client.post(
        "/admin/c/town/ideas/settings", data={"moderation": "sometimes", "categories": ""}
    )
    assert bad.status_code == 422 and b'id="categories-error"' in bad.data
    assert len(audit("idea.settings")) == 1
    # The other cycle keeps pre-moderation.
    client.post(
        "/c/other/ideas/new",
        data={"title": "Pre", "description": "Waits for a moderator.", "category": "Other"},
    )
    client.post(
        "/c/town/ideas/new",
        data={
            "title": "Post",
            "description": "Shown at once to all.",
            "category": "Parks",
            "district": "North",
        },
    )
    statuses = dict(db.session.execute(db.select(Idea.title, Idea.status)).all())
    assert statuses == {"Pre": "pending", "Post": "published"}
