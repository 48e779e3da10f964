"""The paper typing page: keyboard-fast (number, code, project numbers, Enter), refusals shown
with the typed values kept, totals and the list of ballots to look at again."""

from __future__ import annotations

from pb.domain.phases import Phase
from pb.models import User
from pb.services import paper
from tests.factories import make_budget, make_codes, make_cycle, make_user, set_phase, sign_in


def test_two_staff_type_a_stack_and_see_the_totals(app, db):
    cycle = make_cycle("city")
    budget = make_budget(cycle, "approval", max_picks=2, name="City")
    set_phase(cycle, Phase.VOTING)
    code = make_codes(cycle)[0]
    ann, bob = make_user("staff", "ann@example.org"), make_user("staff", "bob@example.org")
    client = app.test_client()
    sign_in(client, ann)
    r = client.post(
        "/admin/c/city/paper",
        data={"stack-budget": budget.id, "stack-label": "Library", "stack-counted": 3},
    )
    assert r.status_code == 302
    url = r.headers["Location"]
    page = client.get(url).text
    assert 'name="number"' in page and 'value="1"' in page and "autofocus" in page
    r = client.post(url, data={"number": 1, "code": code, "choices": "1 2"})
    assert r.status_code == 302 and r.headers["Location"].endswith("next=2")
    assert "typed once" in client.get(r.headers["Location"]).text
    # A refused typing: the reason, the typed values kept, nothing stored.
    r = client.post(url, data={"number": 2, "code": "", "choices": "1 2 3"})
    assert r.status_code == 422 and "at most 2" in r.text and 'value="1 2 3"' in r.text
    r = client.post(url, data={"number": 3, "code": "", "choices": "1"})
    sign_in(client, bob)
    client.post(url, data={"number": 1, "code": code, "choices": "2 1"})
    client.post(url, data={"number": 3, "code": "", "choices": "2"})
    page = client.get(url).text
    assert "look at these paper ballots again" in page and "Ballot 3" in page
    stacks = client.get("/admin/c/city/paper").text
    assert "Library" in stacks
    (totals,) = paper.batches(cycle)
    assert (totals.batch.accepted, totals.mismatched, totals.missing) == (1, [3], 1)
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2
    # Ballot 3 cannot be read: set aside, its typings go, the stack counts it as refused.
    r = client.post(url + "/aside", data={"number": 3, "reason": "torn"})
    assert r.status_code == 302
    db.session.expire_all()
    (totals,) = paper.batches(cycle)
    assert (totals.batch.refused, totals.mismatched, totals.missing) == (1, [], 1)
