"""Staff setup without guesswork (issue 13): the staff home, confirmation pages whose first
click changes nothing, the opening checklist, the ballot preview and turnout of codes issued."""

from decimal import Decimal

import pytest

from pb.domain.phases import Phase
from pb.extensions import db as _db
from pb.models import AuditEntry, Budget, Cycle, Project
from tests.factories import (
    PASSWORD,
    make_budget,
    make_cycle,
    make_empty_budget,
    make_idea,
    make_proposal,
    make_user,
    sign_in,
)


@pytest.fixture
def staff_client(client, db):
    sign_in(client, make_user("staff"))
    return client


def phase_of(slug: str) -> str:
    _db.session.expire_all()
    return _db.session.scalar(_db.select(Cycle.phase).filter_by(slug=slug))


def test_staff_land_on_the_staff_home_with_what_needs_attention(client, db):
    cycle = make_cycle()
    make_budget(cycle, name="City")
    make_empty_budget(cycle, name="Harbour")
    make_idea(cycle, "Shade on the square", status="pending")
    make_idea(cycle, "A second bench", status="pending")
    make_idea(cycle, "Published one")
    make_proposal(cycle, review="pending")
    make_user("staff")
    r = client.post("/login", data={"email": "staff@example.org", "password": PASSWORD})
    assert r.status_code == 303 and r.headers["Location"] == "/admin/"
    home = client.get("/admin/").text
    assert "2 ideas wait for moderation" in home
    assert "1 proposal is not reviewed yet" in home
    assert "1 thing blocks opening the vote" in home
    assert "The budget Harbour has no projects yet." in home
    assert "/admin/c/town/ideas" in home


def test_a_cycle_with_nothing_pending_needs_no_attention(staff_client):
    cycle = make_cycle()
    make_budget(cycle, name="City")
    assert "Nothing needs attention." in staff_client.get("/admin/").text


def test_open_voting_asks_first_and_the_first_click_changes_nothing(staff_client):
    cycle = make_cycle()
    budget = make_budget(cycle, name="City")
    overview = staff_client.get("/admin/c/town").text
    assert 'href="/admin/c/town/open"' in overview  # a link to the question, not a POST
    page = staff_client.get("/admin/c/town/open")
    assert page.status_code == 200
    assert "frozen" in page.text and "counting key" in page.text
    assert f"/admin/c/town/budgets/{budget.id}/preview" in page.text
    assert 'method="post" action="/admin/c/town/open"' in page.text
    assert phase_of("town") == "ideas"
    r = staff_client.post("/admin/c/town/open")
    assert r.status_code == 302 and phase_of("town") == "voting"


def test_close_and_publish_ask_first(staff_client):
    cycle = make_cycle(phase=Phase.VOTING)
    make_budget(cycle, name="City")
    page = staff_client.get("/admin/c/town/close").text
    assert "No one can vote after this" in page
    assert phase_of("town") == "voting"
    staff_client.post("/admin/c/town/close")
    assert phase_of("town") == "counting"
    page = staff_client.get("/admin/c/town/publish").text
    assert "Everyone will see" in page and 'action="/admin/c/town/publish"' in page
    assert phase_of("town") == "counting"


def test_delete_project_asks_first(staff_client):
    cycle = make_cycle()
    budget = make_budget(cycle, name="City")
    project = budget.projects[0]
    form = staff_client.get(f"/admin/c/town/projects/{project.id}/edit").text
    assert f'href="/admin/c/town/projects/{project.id}/delete"' in form
    page = staff_client.get(f"/admin/c/town/projects/{project.id}/delete").text
    assert f"Delete the project {project.title}?" in page and "cannot be undone" in page
    assert _db.session.get(Project, project.id) is not None
    staff_client.post(f"/admin/c/town/projects/{project.id}/delete")
    _db.session.expire_all()
    assert _db.session.get(Project, project.id) is None


def test_opening_is_refused_while_the_checklist_has_blockers(staff_client):
    cycle = make_cycle()
    make_budget(cycle, name="City")
    harbour = make_empty_budget(cycle, name="Harbour")
    overview = staff_client.get("/admin/c/town").text
    assert "Voting cannot open until these are fixed" in overview
    assert "The budget Harbour has no projects yet." in overview
    page = staff_client.get("/admin/c/town/open").text
    assert "The budget Harbour has no projects yet." in page
    assert 'action="/admin/c/town/open"' not in page  # no button while blocked
    staff_client.post("/admin/c/town/open")
    assert phase_of("town") == "ideas"
    _db.session.add(Project(budget_id=harbour.id, title="Pier", cost=Decimal(100)))
    _db.session.commit()
    assert "Nothing blocks opening the vote." in staff_client.get("/admin/c/town").text


def test_a_knapsack_project_dearer_than_its_budget_blocks_opening(staff_client):
    cycle = make_cycle()
    budget = make_budget(cycle, kind="knapsack", amount=1000, name="City")
    budget.projects[0].cost = Decimal(1500)
    _db.session.commit()
    overview = staff_client.get("/admin/c/town").text
    assert "costs 1,500 EUR, more than the 1,000 EUR of the budget City." in overview
    staff_client.post("/admin/c/town/open")
    assert phase_of("town") == "ideas"
    assert _db.session.scalar(_db.select(AuditEntry).filter_by(action="voting.open")) is None


def test_a_dearer_project_under_approval_warns_but_does_not_block(staff_client):
    cycle = make_cycle()
    budget = make_budget(cycle, kind="approval", amount=1000, name="City")
    r = staff_client.post(
        f"/admin/c/town/budgets/{budget.id}/projects/new",
        data={"title": "Bridge", "cost": "1500", "position": "0"},
        follow_redirects=True,
    )
    assert "Project added." in r.text
    assert "Bridge costs 1,500 EUR, more than the 1,000 EUR of the budget City." in r.text
    assert "Nothing blocks opening the vote." in staff_client.get("/admin/c/town").text


def test_the_ballot_preview_shows_the_residents_ballot_and_stores_nothing(staff_client):
    cycle = make_cycle()
    budget = make_budget(cycle, kind="approval", name="City")
    page = staff_client.get(f"/admin/c/town/budgets/{budget.id}/preview").text
    assert "Preview." in page
    for project in budget.projects:
        assert project.title in page
    assert 'name="project"' in page  # the vote's own choices partial
    ballot = page.split('<form method="get"', 1)[1].split("</form>")[0]
    assert 'action="/admin/c/town/budgets/' in ballot  # it only reloads the preview
    assert "/vote/" not in page and 'type="submit"' not in ballot
    other = make_cycle("other")
    foreign = make_budget(other, name="Elsewhere")
    assert staff_client.get(f"/admin/c/town/budgets/{foreign.id}/preview").status_code == 404


def test_every_demo_project_fits_its_budget(db, tmp_path):
    from pb.demo.ballots import current_cycle

    cycle = current_cycle(make_user("admin"), tmp_path)
    youth = next(b for b in cycle.budgets if b.name == "Youth fund")
    assert max(p.cost for p in youth.projects) >= 260_000  # the skate park is on it
    for budget in cycle.budgets:
        assert all(p.cost <= budget.amount for p in budget.projects), budget.name


def test_turnout_says_of_how_many_codes_issued(staff_client):
    cycle = make_cycle(phase=Phase.VOTING)
    make_budget(cycle, name="City")
    from tests.factories import make_codes

    make_codes(cycle, 5)
    page = staff_client.get("/admin/c/town").text
    assert "0 of 5 codes issued have voted." in page


def test_the_budget_form_saves_only_the_chosen_kinds_settings(staff_client):
    make_cycle()
    data = {
        "name": "City",
        "amount": "1000",
        "currency": "EUR",
        "ballot_kind": "approval",
        "max_picks": "3",
        "total_points": "not a number",  # a cumulative setting: neither checked nor saved
        "max_sum_cost": "-5",
        "rule": "greedy",
        "tie_break": "id",
    }
    r = staff_client.post("/admin/c/town/budgets/new", data=data)
    assert r.status_code == 302
    budget = _db.session.scalar(_db.select(Budget).filter_by(name="City"))
    assert budget.max_picks == 3 and budget.total_points is None and budget.max_sum_cost is None
    data |= {"ballot_kind": "cumulative", "total_points": "10", "max_picks": "0"}
    r = staff_client.post(f"/admin/c/town/budgets/{budget.id}/edit", data=data)
    assert r.status_code == 302
    _db.session.expire_all()
    assert budget.total_points == 10 and budget.max_picks is None


def test_the_budget_form_groups_settings_by_kind_and_names_rules_in_plain_words(staff_client):
    from pb.domain.tally import RULES
    from pb.services.cycles import usable_rules

    make_cycle()
    page = staff_client.get("/admin/c/town/budgets/new").text
    assert 'data-kinds="cumulative"' in page and "Settings for Cumulative ballots" in page
    assert 'data-kinds="knapsack"' in page and "Settings for Knapsack ballots" in page
    assert "Method of Equal Shares" in page and "equalshares/add1</option>" not in page
    assert "Cheaper project first, then more votes" in page
    for name in usable_rules():
        assert f'value="{name}"' in page
    # equal shares counts approval-like ballots only: the script hides it for the others
    assert 'value="equalshares" data-kinds="approval knapsack"' in page or (
        'data-kinds="approval knapsack" value="equalshares"' in page
    )
    assert set(usable_rules()) <= set(RULES)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("es", ["Área del personal", "Han votado 0 de 5 códigos emitidos.", "City: 0 papeletas"]),
        ("pl", ["Strefa obsługi", "Zagłosowało 0 z 5 wydanych kodów.", "City: 0 kart"]),
    ],
)
def test_staff_pages_speak_spanish_and_polish(staff_client, lang, words):
    from tests.factories import make_codes

    cycle = make_cycle(phase=Phase.VOTING)
    make_budget(cycle, name="City")
    make_codes(cycle, 5)
    staff_client.post("/language", data={"lang": lang, "next": "/admin/"})
    home = staff_client.get("/admin/").text
    overview = staff_client.get("/admin/c/town").text
    assert words[0] in home
    assert words[1] in overview and words[2] in overview
    assert "Staff area" not in home and "Turnout" not in overview


def test_greedy_threshold_is_offered_and_needs_a_minimum_score(staff_client):
    make_cycle()
    page = staff_client.get("/admin/c/town/budgets/new").text
    assert 'value="greedy-threshold"' in page and 'name="min_score"' in page
    data = {
        "name": "City",
        "amount": "1000",
        "currency": "EUR",
        "ballot_kind": "approval",
        "rule": "greedy-threshold",
        "tie_break": "id",
    }
    r = staff_client.post("/admin/c/town/budgets/new", data=data)
    assert r.status_code == 422 and "needs a minimum score" in r.text
    assert _db.session.scalar(_db.select(Budget).filter_by(name="City")) is None
    r = staff_client.post("/admin/c/town/budgets/new", data=data | {"min_score": "50"})
    assert r.status_code == 302
    budget = _db.session.scalar(_db.select(Budget).filter_by(name="City"))
    assert budget.rule == "greedy-threshold" and budget.min_score == 50
    # another rule does not keep the score
    data |= {"rule": "greedy", "min_score": "50"}
    staff_client.post(f"/admin/c/town/budgets/{budget.id}/edit", data=data)
    _db.session.expire_all()
    assert budget.rule == "greedy" and budget.min_score is None
