from collections import Counter

import pytest

from pb.domain.codes import code_hash
from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import CodeBatch, VoterCode
from pb.models.eligibility import MailingRecipient
from pb.services import codes, mailings
from pb.services.errors import Refused
from pb.services.messaging import LogMailer, mailer
from tests.factories import make_budget, make_cycle
from tests.smtp_server import code_in, html_of, smtp_server, text_of

PEPPER = "a pepper of the test's own"
VOTE_URL = "https://pb.city.example/vote/town/"


@pytest.fixture
def cycle(ctx):
    cycle = make_cycle(phase=Phase.VOTING)
    make_budget(cycle, name="City")
    make_budget(cycle, name="North", district="North")
    return cycle


def members_csv(n: int, district: str = "") -> bytes:
    lines = ["member,email,district"]
    lines += [f"M{i:05d},member{i}@coop.example,{district}" for i in range(n)]
    return ("\n".join(lines) + "\n").encode()


def send_all(mailing, config, **kw):
    results = []
    while True:
        result = mailings.send_next(
            mailing.id, mailer(config), pepper=PEPPER, vote_url=VOTE_URL, **kw
        )
        results.append(result)
        if result.stopped or not (result.sent or result.failed):
            return results


def test_a_mailing_of_2000_members_delivers_one_working_code_each(db):
    # SQLite only (the longest test of the mailings); the others run on every backend.
    cycle = make_cycle(phase=Phase.VOTING)
    make_budget(cycle, name="City")
    mailing = mailings.create_mailing(None, cycle, members_csv(2000), pepper=PEPPER)
    with smtp_server() as (inbox, config):
        send_all(mailing, config, limit=500)
    assert mailings.progress(mailing.id).sent == 2000
    messages = inbox.messages
    by_address = Counter(m["To"] for m in messages)
    assert len(by_address) == 2000 and set(by_address.values()) == {1}
    plain = [code_in(m) for m in messages]
    assert len(set(plain)) == 2000
    # Every code is an active code of this cycle, for every budget (one query for all of them).
    digests = [code_hash(c, PEPPER) for c in plain]
    rows = db.session.execute(
        db.select(VoterCode.status, CodeBatch.scope, CodeBatch.size)
        .join(CodeBatch, CodeBatch.id == VoterCode.batch_id)
        .where(VoterCode.code_hash.in_(digests), VoterCode.cycle_id == cycle.id)
    ).all()
    assert len(rows) == 2000 and set(rows) == {("active", "all", 2000)}
    assert codes.find_code(cycle.id, plain[-1], PEPPER).active
    # The link carries the code in its fragment, in both the plain text and the HTML part.
    first = messages[0]
    assert f"{VOTE_URL}#code={plain[0]}" in text_of(first)
    assert f"{VOTE_URL}#code={plain[0]}" in html_of(first)
    # Addresses are gone once sent; plain codes were never stored.
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(MailingRecipient)
            .where(MailingRecipient.email != "")
        )
        == 0
    )


def test_a_server_failure_mid_way_resumes_without_sending_twice(cycle):
    mailing = mailings.create_mailing(None, cycle, members_csv(150, "North"), pepper=PEPPER)
    with smtp_server() as (inbox, config):
        inbox.accept_until = 70
        results = send_all(mailing, config, limit=50)
        assert results[-1].stopped and "unreachable" in results[-1].stopped
        assert len(inbox.raw) == 70
        progress = mailings.progress(mailing.id)
        assert (progress.sent, progress.queued, progress.sending) == (70, 80, 0)
        inbox.accept_until = None  # the server is back
        send_all(mailing, config, limit=100)
    assert mailings.progress(mailing.id).sent == 150
    by_address = Counter(m["To"] for m in inbox.messages)
    assert len(by_address) == 150 and set(by_address.values()) == {1}
    for message in inbox.messages:
        found = codes.find_code(cycle.id, code_in(message), PEPPER)
        assert found.active and found.scope == "district" and found.district == "North"
    # The code of the message the server turned away was voided, never seen by anyone.
    assert db.session.scalar(db.select(db.func.count()).select_from(VoterCode)) == 151
    assert db.session.scalar(db.select(db.func.count()).filter(VoterCode.status == "void")) == 1


def test_a_crash_after_the_server_took_a_message_never_sends_it_again(cycle, monkeypatch):
    mailing = mailings.create_mailing(None, cycle, members_csv(5), pepper=PEPPER)
    real_settle = mailings._settle
    calls = []

    def crash_on_third(recipient_id, code_id, status, error=""):
        calls.append(status)
        if len(calls) == 3:
            raise RuntimeError("the worker was killed")
        real_settle(recipient_id, code_id, status, error)

    with smtp_server() as (inbox, config):
        monkeypatch.setattr(mailings, "_settle", crash_on_third)
        with pytest.raises(RuntimeError):
            send_all(mailing, config)
        monkeypatch.setattr(mailings, "_settle", real_settle)
        send_all(mailing, config)
    assert len(inbox.messages) == 5
    assert Counter(m["To"] for m in inbox.messages).most_common(1)[0][1] == 1
    progress = mailings.progress(mailing.id)
    assert (progress.sent, progress.sending) == (4, 1)
    [unsure] = mailings.problems(mailing.id)
    assert unsure.member == "M00002" and unsure.status == "sending"
    # Its code works: the message did go out.
    assert codes.code_by_id(unsure.code_id).active


def test_refused_recipients_are_reported_and_can_be_sent_again(cycle):
    mailing = mailings.create_mailing(None, cycle, members_csv(4), pepper=PEPPER)
    with smtp_server() as (inbox, config):
        inbox.refuse = {"member2@coop.example"}
        send_all(mailing, config)
        [failed] = mailings.problems(mailing.id)
        assert failed.member == "M00002" and "550" in failed.error
        assert codes.code_by_id(failed.code_id).active is False
        mailings.resend(
            None,
            mailing,
            "M00002",
            "member2@elsewhere.example",
            mailer(config),
            pepper=PEPPER,
            vote_url=VOTE_URL,
        )
    assert mailings.problems(mailing.id) == []
    [again] = inbox.to("member2@elsewhere.example")
    assert codes.find_code(cycle.id, code_in(again), PEPPER).active


def test_a_resend_voids_the_previous_code(cycle):
    mailing = mailings.create_mailing(None, cycle, members_csv(1), pepper=PEPPER)
    log = LogMailer()
    mailings.send_next(mailing.id, log, pepper=PEPPER, vote_url=VOTE_URL)
    first = log.sent[0].text.split("#code=")[1].split()[0]
    mailings.resend(
        None, mailing, "M00000", "member0@coop.example", log, pepper=PEPPER, vote_url=VOTE_URL
    )
    second = log.sent[1].text.split("#code=")[1].split()[0]
    assert not codes.find_code(cycle.id, first, PEPPER).active
    assert codes.find_code(cycle.id, second, PEPPER).active


@pytest.mark.parametrize(
    "body, problem",
    [
        (b"member,email\nM1,not-an-address\n", "not an email address"),
        (b"member,email\nM1,a@x.example\nM1,b@x.example\n", "same member as on line 2"),
        (b"member,email\nM1,a@x.example\nM2,A@x.example\n", "same address as on line 2"),
        (b"member,email,district\nM1,a@x.example,Atlantis\n", "Atlantis"),
        (b"member,mail\nM1,a@x.example\n", "no column 'email'"),
    ],
)
def test_a_member_list_with_problems_saves_nothing(cycle, body, problem):
    with pytest.raises(Refused, match=problem):
        mailings.create_mailing(None, cycle, body, pepper=PEPPER)
    assert db.session.scalar(db.select(db.func.count()).select_from(MailingRecipient)) == 0


def test_flask_mail_send_sends_the_queue(cycle, db_app):
    mailing = mailings.create_mailing(None, cycle, members_csv(3), pepper=PEPPER)
    with smtp_server() as (inbox, config):
        db_app.config.update(config, PB_PUBLIC_URL="https://vote.example/")
        result = db_app.test_cli_runner().invoke(args=["mail", "send", str(mailing.id)])
    assert result.exit_code == 0, result.output
    assert "3 of 3 sent" in result.output
    assert len(inbox.messages) == 3
    assert "https://vote.example/vote/town/#code=" in text_of(inbox.messages[0])
