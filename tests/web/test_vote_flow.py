import re

import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from tests.conftest import built_app
from tests.factories import make_budget, make_codes, make_cycle, pids, set_phase, stored


@pytest.fixture
def app(db_app):
    """These flows run on every database backend available (see tests/conftest.py)."""
    return db_app


@pytest.fixture
def setup(app):
    with app.app_context():
        cycle = make_cycle("city")
        city = make_budget(cycle, "knapsack", amount=600, name="City")
        north = make_budget(cycle, "ranked", name="North", district="North", max_picks=2)
        set_phase(cycle, Phase.VOTING)
        code = make_codes(cycle)[0]
        return {
            "code": code,
            "city": city.id,
            "north": north.id,
            "city_p": pids(city),
            "north_p": pids(north),
        }


def enter(client, code):
    return client.post("/vote/city/", data={"code": code})


def test_the_whole_flow_from_code_to_confirmation(client, setup, app):
    r = enter(client, setup["code"].lower().replace("-", " "))
    assert r.status_code == 302 and r.headers["Location"].endswith("/vote/city/budgets")
    page = client.get("/vote/city/budgets").text
    assert "City" in page and "North" in page
    ballot = client.get(f"/vote/city/b/{setup['city']}")
    assert ballot.status_code == 200
    assert '<fieldset id="choices"' in ballot.text and "<legend>" in ballot.text
    a, _b, c, _d = setup["city_p"]
    review = client.post(f"/vote/city/b/{setup['city']}", data={"project": [a, c]})
    assert review.status_code == 200 and "Submit my vote" in review.text
    with app.app_context():
        assert stored() == (0, 0, 0)  # the review stores nothing
    done = client.post(f"/vote/city/b/{setup['city']}/submit", data={"project": [a, c]})
    assert done.status_code == 302
    page = client.get(done.headers["Location"]).text
    assert "is recorded" in page and "final" in page and "North" in page  # one budget to go
    with client.session_transaction() as s:
        assert set(s["voter"]) == {"t", "seen"}  # a token, still remembered for North
    x, y, *_ = setup["north_p"]
    done = client.post(
        f"/vote/city/b/{setup['north']}/submit", data={f"rank-{y}": "1", f"rank-{x}": "2"}
    )
    assert done.status_code == 302
    assert "every budget your code allows" in client.get(done.headers["Location"]).text
    with client.session_transaction() as s:
        assert "voter" not in s  # the session forgot the code
    with app.app_context():
        assert stored() == (2, 4, 2)
    assert enter(client, setup["code"]).status_code == 422  # used up


def test_change_my_choices_goes_back_with_the_selection(client, setup):
    enter(client, setup["code"])
    a = setup["city_p"][0]
    r = client.post(f"/vote/city/b/{setup['city']}", data={"project": [a], "change": "1"})
    assert re.search(rf'value="{a}"\s+checked', r.text)


@pytest.mark.parametrize(
    ("budget", "form", "message"),
    [
        ("city", lambda p: {"project": p[:2]}, "more than the 600 EUR available"),
        ("city", lambda p: {}, "Please choose at least 1 project"),
        ("city", lambda p: {"project": ["99999"]}, "not on this ballot"),
        (
            "north",
            lambda p: {f"rank-{p[0]}": "1", f"rank-{p[1]}": "1"},
            "Rank 1 is given to more than one project",
        ),
        ("north", lambda p: {f"rank-{p[0]}": "3"}, "3 is too high"),
    ],
)
@pytest.mark.parametrize("step", ["review", "submit"])
def test_refusals_show_the_message_keep_the_choices_and_store_nothing(
    client, setup, app, budget, form, message, step
):
    enter(client, setup["code"])
    data = form(setup[f"{budget}_p"])
    url = f"/vote/city/b/{setup[budget]}" + ("/submit" if step == "submit" else "")
    r = client.post(url, data=data)
    assert r.status_code == 422
    assert "Your vote was not stored" in r.text and message in r.text
    assert 'class="error-summary"' in r.text and 'href="#' in r.text
    if "project" in data and data["project"][0] in setup[f"{budget}_p"]:
        for pid in data["project"]:
            assert re.search(rf'value="{pid}"\s+checked', r.text)
    with app.app_context():
        assert stored() == (0, 0, 0)
    assert (
        client.post(
            f"/vote/city/b/{setup['city']}/submit", data={"project": [setup["city_p"][0]]}
        ).status_code
        == 302
    )


def test_submitting_twice_is_a_clear_refusal(client, setup):
    enter(client, setup["code"])
    a, b, *_ = setup["city_p"]
    assert (
        client.post(f"/vote/city/b/{setup['city']}/submit", data={"project": [a]}).status_code
        == 302
    )
    r = client.post(f"/vote/city/b/{setup['city']}/submit", data={"project": [b]})
    assert r.status_code == 409 and "already voted in this budget" in r.text


def test_a_closed_vote_refuses_the_ballot_and_keeps_the_choices(client, setup, app):
    enter(client, setup["code"])
    with app.app_context():
        from pb.models import Cycle

        set_phase(db.session.scalar(db.select(Cycle)), Phase.COUNTING)
    a = setup["city_p"][3]
    r = client.post(f"/vote/city/b/{setup['city']}/submit", data={"project": [a]})
    assert r.status_code == 409 and "not open" in r.text
    assert re.search(rf'value="{a}"\s+checked', r.text)
    assert client.get("/vote/city/").status_code == 409  # the start page says voting is closed


def test_a_district_code_cannot_open_another_districts_ballot(client, app):
    with app.app_context():
        cycle = make_cycle("city")
        make_budget(cycle, name="City")
        south = make_budget(cycle, name="South", district="South")
        make_budget(cycle, name="North", district="North")
        set_phase(cycle, Phase.VOTING)
        code = make_codes(cycle, district="North")[0]
        south_id, south_p = south.id, pids(south)
    enter(client, code)
    assert "South" not in client.get("/vote/city/budgets").text
    r = client.post(f"/vote/city/b/{south_id}/submit", data={"project": [south_p[0]]})
    assert r.status_code == 409 and "cannot vote in South" in r.text


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Please enter your voting code"),
        ("2222-3333-4444-5555", "do not know this code"),
        ("abc", "16 characters"),
    ],
)
def test_wrong_codes_get_a_message_next_to_the_field(client, setup, typed, message):
    r = enter(client, typed)
    assert r.status_code == 422 and message in r.text
    assert 'aria-invalid="true"' in r.text and 'id="code-error"' in r.text


def test_no_ballot_without_a_code(client, setup):
    r = client.get(f"/vote/city/b/{setup['city']}")
    assert r.status_code == 302 and r.headers["Location"].endswith("/vote/city/")
    r = client.post(f"/vote/city/b/{setup['city']}/submit", data={"project": [setup["city_p"][0]]})
    assert r.status_code == 409 and "enter your voting code first" in r.text


def test_leaving_forgets_the_code(client, setup):
    enter(client, setup["code"])
    client.post("/vote/city/leave")
    with client.session_transaction() as s:
        assert "voter" not in s


def test_code_entry_is_rate_limited_for_wrong_codes_only(tmp_path):
    with built_app(tmp_path, RATELIMIT_ENABLED=True, PB_CODE_RATE_LIMIT="3 per minute") as app:
        with app.app_context():
            cycle = make_cycle("city")
            make_budget(cycle)
            make_budget(cycle, name="Second")
            set_phase(cycle, Phase.VOTING)
            good = make_codes(cycle, 5)
        client = app.test_client()
        for code in good[:4]:  # successful entries do not count
            assert enter(client, code).status_code == 302
        for _ in range(3):
            assert enter(client, "2222-3333-4444-5555").status_code == 422
        r = enter(client, good[4])
        assert r.status_code == 429 and "Too many requests" in r.text


def test_the_vote_needs_a_csrf_token(tmp_path):
    with built_app(tmp_path, WTF_CSRF_ENABLED=True) as app:
        with app.app_context():
            cycle = make_cycle("city")
            make_budget(cycle)
            set_phase(cycle, Phase.VOTING)
            code = make_codes(cycle)[0]
        client = app.test_client()
        r = client.post("/vote/city/", data={"code": code})
        # A friendly fresh start, never a raw 400 (a ballot page left open for hours).
        assert r.status_code == 303 and r.headers["Location"].endswith("/vote/city/")
        assert "open too long, so nothing was sent" in client.get("/vote/city/").text
        token = re.search(
            r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/vote/city/").text
        )
        assert (
            client.post(
                "/vote/city/", data={"code": code, "csrf_token": token.group(1)}
            ).status_code
            == 302
        )


def test_the_ballot_review_and_submit_forms_carry_the_csrf_token(tmp_path):
    with built_app(tmp_path, WTF_CSRF_ENABLED=True) as app:
        with app.app_context():
            cycle = make_cycle("city")
            budget = make_budget(cycle, name="City")
            make_budget(cycle, name="Second")
            set_phase(cycle, Phase.VOTING)
            code = make_codes(cycle)[0]
            url, a = f"/vote/city/b/{budget.id}", pids(budget)[0]
        client = app.test_client()
        token = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]+)">')
        start = re.search(  # hidden_tag() of the code form
            r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/vote/city/").text
        )
        client.post("/vote/city/", data={"code": code, "csrf_token": start[1]})
        ballot = client.get(url).text
        assert len(token.findall(ballot)) == 3  # the ballot, "forget my code", the language
        refused = client.post(url, data={"project": [a]})  # no token: refused, a fresh start
        assert refused.status_code == 303 and refused.headers["Location"].endswith("/vote/city/")
        review = client.post(url, data={"project": [a], "csrf_token": token.search(ballot)[1]})
        assert review.status_code == 200 and "Submit my vote" in review.text
        done = client.post(
            url + "/submit", data={"project": [a], "csrf_token": token.search(review.text)[1]}
        )
        assert done.status_code == 302
        with app.app_context():
            assert stored() == (1, 1, 1)


def test_a_ballot_already_cast_sends_the_voter_back_to_the_budgets(client, setup):
    enter(client, setup["code"])
    a = setup["city_p"][0]
    done = client.post(f"/vote/city/b/{setup['city']}/submit", data={"project": [a]})
    assert done.status_code == 302
    r = client.get(f"/vote/city/b/{setup['city']}")
    assert r.status_code == 302 and r.headers["Location"].endswith("/vote/city/budgets")
    assert "already voted in this budget" in client.get(r.headers["Location"]).text


@pytest.mark.parametrize("page", ["/vote/city/", "/vote/city/budgets", "/vote/city/b/{city}"])
def test_outside_voting_the_vote_pages_say_where_the_cycle_stands(client, setup, app, page):
    enter(client, setup["code"])
    with app.app_context():
        from pb.models import Cycle

        set_phase(db.session.scalar(db.select(Cycle)), Phase.RESULTS)
    r = client.get(page.format(city=setup["city"]))
    assert r.status_code == 409 and "Not possible right now" in r.text
    assert client.get("/vote/nowhere/").status_code == 404


def test_ballot_pages_for_every_kind_work_without_javascript(client, app):
    with app.app_context():
        cycle = make_cycle("city")
        ids = {
            kind: make_budget(cycle, kind, name=kind, **extra).id
            for kind, extra in [
                ("approval", {"max_picks": 2}),
                ("knapsack", {}),
                ("ranked", {"max_picks": 3}),
                ("cumulative", {"total_points": 10, "max_points_per_project": 4}),
            ]
        }
        set_phase(cycle, Phase.VOTING)
        code = make_codes(cycle)[0]
    enter(client, code)
    pages = {k: client.get(f"/vote/city/b/{i}").text for k, i in ids.items()}
    assert (
        pages["approval"].count('type="checkbox"') == 4 and "between 1 and 2" in pages["approval"]
    )
    assert "Used <strong" in pages["knapsack"] and "1,000 EUR" in pages["knapsack"]
    assert pages["ranked"].count('<select id="p-') == 4 and '<option value="3"' in pages["ranked"]
    assert pages["cumulative"].count('type="number"') == 4 and "Points used" in pages["cumulative"]
    for page in pages.values():
        assert '<label for="p-' in page and "<legend>" in page
