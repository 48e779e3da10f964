"""Proposals: delegates and staff write them from ideas with cost lines; staff review and
promote feasible ones into a budget's ballot; the project keeps the link back."""

from decimal import Decimal

from pb.domain.phases import Phase
from pb.models import Project
from pb.models.cycle import Cycle
from pb.models.proposals import ProjectOrigin, Proposal
from tests.factories import (
    audit,
    make_cycle,
    make_idea,
    make_proposal,
    make_user,
    sign_in,
)
from tests.factories import make_empty_budget as make_budget  # promoted projects only


def form(**kw):
    data = {
        "title": "Tree alley on Main street",
        "summary": "Twenty new trees",
        "description": "We plant **twenty** trees.",
        "category": "Environment and green spaces",
        "district": "",
        "location": "Main street",
        "cost_items-0-label": "Trees",
        "cost_items-0-amount": "12000",
        "cost_items-1-label": "Planting",
        "cost_items-1-amount": "3,500.50",
    }
    data.update(kw)
    return data


def test_delegate_creates_a_proposal_from_ideas(client, db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    a, b = make_idea(cycle, "Trees"), make_idea(cycle, "Shade on Main street")
    delegate = make_user("delegate")
    sign_in(client, delegate)
    page = client.get(f"/admin/c/town/proposals/new?idea={a.id}")
    assert page.status_code == 200 and b"Shade on Main street" in page.data
    r = client.post("/admin/c/town/proposals/new", data=form(ideas=[a.id, b.id]))
    assert r.status_code == 303
    proposal = db.session.scalar(db.select(Proposal))
    assert [i.id for i in proposal.ideas] == [a.id, b.id]
    assert proposal.cost == Decimal("15500.50") and proposal.review == "pending"
    assert proposal.created_by_id == delegate.id
    (entry,) = audit("proposal.create")
    assert entry.actor_id == delegate.id and entry.details_dict["ideas"] == [a.id, b.id]
    public = client.get(f"/c/town/proposals/{proposal.id}")
    assert b"Tree alley" in public.data and b"<strong>twenty</strong>" in public.data
    assert b"Shade on Main street" in client.get(f"/c/town/ideas/{b.id}").data


def test_bad_cost_lines_keep_the_form_and_save_nothing(client, db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    make_cycle("other")
    foreign = make_idea(db.session.scalar(db.select(Cycle).filter_by(slug="other")))
    sign_in(client, make_user("delegate"))
    r = client.post("/admin/c/town/proposals/new", data=form(**{"cost_items-1-amount": "lots"}))
    assert r.status_code == 422
    body = r.get_data(as_text=True)
    assert "Enter the amount as a number" in body and 'value="lots"' in body
    assert 'value="Tree alley on Main street"' in body
    r = client.post("/admin/c/town/proposals/new", data=form(**{"cost_items-1-label": ""}))
    assert r.status_code == 422 and b"Say what this amount is for." in r.data
    r = client.post("/admin/c/town/proposals/new", data=form(**{"cost_items-0-amount": "-5"}))
    assert r.status_code == 422 and b"more than 0" in r.data
    r = client.post("/admin/c/town/proposals/new", data=form(ideas=[foreign.id]))
    assert r.status_code == 422  # not a choice of this cycle
    r = client.post("/admin/c/town/proposals/new", data=form(title=""))
    assert r.status_code == 422 and b'id="title-error"' in r.data
    assert db.session.scalar(db.select(db.func.count(Proposal.id))) == 0
    assert audit("proposal.create") == []
    assert cycle.id


def test_review_is_staff_only_and_not_feasible_needs_a_public_reason(client, db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    proposal = make_proposal(cycle, review="pending")
    sign_in(client, make_user("delegate"))
    assert (
        client.post(
            f"/admin/c/town/proposals/{proposal.id}/review", data={"verdict": "feasible"}
        ).status_code
        == 403
    )
    staff = make_user("staff")
    sign_in(client, staff)
    r = client.post(
        f"/admin/c/town/proposals/{proposal.id}/review",
        data={"verdict": "not_feasible", "public_reason": "", "internal_notes": "Ask parks dept"},
    )
    assert r.status_code == 422 and b'id="public_reason-error"' in r.data
    assert b"Ask parks dept" in r.data  # kept as typed
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).review == "pending"
    r = client.post(
        f"/admin/c/town/proposals/{proposal.id}/review",
        data={
            "verdict": "not_feasible",
            "public_reason": "Gas pipes run under the pavement.",
            "internal_notes": "Utility map ref 42-B",
        },
    )
    assert r.status_code == 303
    public = client.get(f"/c/town/proposals/{proposal.id}")
    assert b"Gas pipes run under the pavement." in public.data
    assert b"42-B" not in public.data  # internal notes stay internal
    assert b"42-B" not in client.get("/c/town/proposals").data
    (entry,) = audit("proposal.review")
    assert entry.actor_id == staff.id and entry.details_dict["after"] == "not_feasible"


def test_editing_a_reviewed_proposal_sends_it_back_to_review(client, db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    proposal = make_proposal(cycle, review="feasible")
    sign_in(client, make_user("delegate"))
    edit = client.get(f"/admin/c/town/proposals/{proposal.id}/edit")
    assert edit.status_code == 200 and b'value="Trees"' in edit.data
    r = client.post(f"/admin/c/town/proposals/{proposal.id}/edit", data=form(title="Bigger alley"))
    assert r.status_code == 303
    db.session.expire_all()
    again = db.session.get(Proposal, proposal.id)
    assert again.title == "Bigger alley" and again.review == "pending"
    assert audit("proposal.edit")[0].details_dict["review_reset"] is True
    make_cycle("other", phase=Phase.PROPOSALS)
    assert client.get(f"/admin/c/other/proposals/{proposal.id}/edit").status_code == 404


def test_promotion_copies_the_proposal_and_keeps_the_link(client, db, tmp_path):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    budget = make_budget(cycle)
    idea = make_idea(cycle, "Trees for Main street")
    proposal = make_proposal(cycle, review="feasible", cost=20_000, ideas=[idea])
    proposal.category, proposal.district, proposal.image = "Environment", "North", "a" * 32 + ".png"
    db.session.commit()
    staff = make_user("staff")
    sign_in(client, staff)
    r = client.post(f"/admin/c/town/proposals/{proposal.id}/promote", data={"budget": budget.id})
    assert r.status_code == 303
    project = db.session.scalar(db.select(Project))
    assert (project.title, project.cost, project.category, project.district, project.image) == (
        "Tree alley",
        Decimal(20_000),
        "Environment",
        "North",
        "a" * 32 + ".png",
    )
    assert project.description == "Twenty trees." and project.budget_id == budget.id
    origin = db.session.get(ProjectOrigin, project.id)
    assert origin.proposal_id == proposal.id and origin.promoted_by_id == staff.id
    (entry,) = audit("proposal.promote")
    assert entry.details_dict["project"] == project.id
    # Promoting twice is refused.
    r = client.post(f"/admin/c/town/proposals/{proposal.id}/promote", data={"budget": budget.id})
    assert r.status_code == 409 and b"on the ballot already" in r.data
    assert db.session.scalar(db.select(db.func.count(Project.id))) == 1


def test_origin_partial_shows_where_a_project_came_from(app, db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    budget = make_budget(cycle)
    idea = make_idea(cycle, "Trees for Main street")
    hidden = make_idea(cycle, "Rude", status="hidden", hidden_reason="Rude")
    proposal = make_proposal(cycle, ideas=[idea, hidden])
    from pb.services.proposals import origin, promote

    project = promote(make_user("staff"), proposal, budget)
    plain = Project(budget_id=budget.id, title="Staff project", cost=Decimal(5))
    db.session.add(plain)
    db.session.commit()
    with app.test_request_context():
        from flask import render_template_string

        html = render_template_string(
            '{% include "proposals/_origin.html" %}', project=project, origin=origin(project)
        )
        assert "Where this project came from" in html
        assert f"/c/town/proposals/{proposal.id}" in html and "Trees for Main street" in html
        assert "Rude" not in html
        assert (
            render_template_string(
                '{% include "proposals/_origin.html" %}', project=plain, origin=origin(plain)
            ).strip()
            == ""
        )


def test_promotion_refused_unless_feasible_or_once_the_ballot_is_frozen(client, db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    budget = make_budget(cycle)
    other = make_budget(make_cycle("other"), name="Elsewhere")
    pending = make_proposal(cycle, "Pending", review="pending")
    feasible = make_proposal(cycle, "Feasible", review="feasible")
    sign_in(client, make_user("staff"))
    r = client.post(f"/admin/c/town/proposals/{pending.id}/promote", data={"budget": budget.id})
    assert r.status_code == 409 and b"reviewed as feasible" in r.data
    r = client.post(f"/admin/c/town/proposals/{feasible.id}/promote", data={"budget": other.id})
    assert r.status_code == 422  # not a budget of this cycle
    cycle.phase = Phase.VOTING.value
    db.session.commit()
    r = client.post(f"/admin/c/town/proposals/{feasible.id}/promote", data={"budget": budget.id})
    assert r.status_code == 409 and b"frozen" in r.data
    assert db.session.scalar(db.select(db.func.count(Project.id))) == 0
    assert audit("proposal.promote") == []
    # Proposals cannot be edited once voting opened either.
    assert client.get(f"/admin/c/town/proposals/{feasible.id}/edit").status_code == 409


def test_delegates_cannot_promote(client, db):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    budget = make_budget(cycle)
    proposal = make_proposal(cycle)
    sign_in(client, make_user("delegate"))
    assert client.get(f"/admin/c/town/proposals/{proposal.id}").status_code == 200
    r = client.post(f"/admin/c/town/proposals/{proposal.id}/promote", data={"budget": budget.id})
    assert r.status_code == 403
    assert db.session.scalar(db.select(db.func.count(Project.id))) == 0
