"""Voter questions: staff choose them per cycle; voters see them at the end of the ballot; the
answers travel sealed with the ballot, land on the opened ballot and in the export."""

from __future__ import annotations

from pb.domain import envelopes
from pb.domain.phases import Phase
from pb.domain.voter_questions import FIXED, questions_for, slug
from pb.models import Ballot
from pb.services import open_data_settings
from tests.factories import make_budget, make_codes, make_cycle, make_user, open_ballots, sign_in


def test_the_longest_answers_fit_the_room_every_envelope_keeps():
    districts = ["Ś" * 100, "Północ-Wschód Długa Nazwa Dzielnicy Miasta Stołecznego"]
    questions = questions_for(["age", "sex", "first_time", "neighborhood"], districts)
    longest = {q.key: max((v for v, _ in q.options), key=len) for q in questions}
    longest[envelopes.CHANNEL_KEY] = "online"
    text = envelopes.answer_text(longest)
    assert len(text) + 1 <= envelopes.ANSWERS_ROOM
    for value in longest.values():
        assert envelopes._PLAIN.match(value)
    assert slug("Śródmieście") == "Srodmiescie"


def test_staff_choose_questions_and_voters_answer_them(client, db):
    staff = make_user("staff")
    cycle = make_cycle("asked", Phase.IDEAS)
    budget = make_budget(cycle, "approval", district="North")
    sign_in(client, staff)
    url = f"/admin/c/{cycle.slug}/open-data"
    assert "Open data" in client.get(url).text
    bad = client.post(url, data={"licence": "CC-BY-4.0", "export_k": "1", "questions": ["age"]})
    assert bad.status_code == 422 and cycle.export_k == 10
    ok = client.post(
        url,
        data={
            "country": "Poland",
            "unit": "Town",
            "language": "pl",
            "licence": "CC0-1.0",
            "export_k": "5",
            "questions": ["age", "neighborhood"],
        },
    )
    assert ok.status_code == 303
    db.session.refresh(cycle)
    assert (cycle.questions, cycle.export_k, cycle.licence) == ("age,neighborhood", 5, "CC0-1.0")
    cycle.phase = Phase.VOTING.value
    db.session.commit()
    frozen = client.post(url, data={"licence": "CC0-1.0", "export_k": "5", "questions": ["sex"]})
    assert frozen.status_code == 422 and "cannot change once voting" in frozen.text
    code = make_codes(cycle)[0]
    voter = client.application.test_client()
    voter.post(f"/vote/{cycle.slug}/", data={"code": code})
    page = voter.get(f"/vote/{cycle.slug}/b/{budget.id}").text
    assert 'name="q_age"' in page and 'name="q_neighborhood"' in page and "North" in page
    choice = str(budget.projects[0].id)
    form = {"project": [choice], "q_age": "25-34", "q_neighborhood": "North", "q_sex": "F"}
    review = voter.post(f"/vote/{cycle.slug}/b/{budget.id}", data=form)
    assert 'name="q_age" value="25-34"' in review.text
    assert "q_sex" not in review.text  # not asked in this cycle: dropped
    plain = voter.post(f"/vote/{cycle.slug}/b/{budget.id}", data={"project": [choice]})
    assert len(plain.data) == len(review.data)  # answers do not change the page's length
    done = voter.post(f"/vote/{cycle.slug}/b/{budget.id}/submit", data=form)
    assert done.status_code == 302
    open_ballots(cycle)
    (ballot,) = db.session.scalars(db.select(Ballot))
    assert envelopes.read_answers(ballot.answers) == {"age": "25-34", "neighborhood": "North"}
    assert open_data_settings.questions_of(cycle.id)[0] is FIXED["age"]
