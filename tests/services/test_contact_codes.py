import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models.eligibility import ContactClaim
from pb.services import codes, contact_codes, eligibility
from pb.services.eligibility import Access
from pb.services.errors import Refused
from pb.services.messaging import Unreachable
from tests.factories import make_budget, make_cycle

PEPPER = "a pepper of the test's own"
EMAIL = Access(email_codes=True)


@pytest.fixture
def cycle(ctx):
    cycle = make_cycle(phase=Phase.VOTING)
    make_budget(cycle, name="City")
    return cycle


def ask(cycle, typed, access=EMAIL, channel="email"):
    got = []
    ok = contact_codes.request_contact_code(
        cycle.id,
        channel,
        typed,
        access=access,
        pepper=PEPPER,
        deliver=lambda address, plain: got.append((address, plain)),
    )
    return ok, got


def test_one_address_one_code(cycle):
    ok, [(address, plain)] = ask(cycle, "  Ann@Coop.Example ")
    assert ok and address == "ann@coop.example"
    assert codes.find_code(cycle.id, plain, PEPPER).active
    assert ask(cycle, "ann@coop.example") == (False, [])
    assert ask(cycle, "ANN@coop.example") == (False, [])
    stored = db.session.scalar(db.select(ContactClaim.address_hash))
    assert "ann" not in stored and len(stored) == 64


def test_domains_and_the_list_restrict_who_gets_one(cycle):
    only = Access(email_codes=True, email_domains=("coop.example",))
    with pytest.raises(Refused, match="coop.example"):
        ask(cycle, "ann@gmail.example", only)
    assert ask(cycle, "ann@coop.example", only)[0]
    with pytest.raises(Refused, match="email address"):
        ask(cycle, "not an address")
    eligibility.upload_list(
        None,
        cycle,
        b"member,mail\nM1,bo@coop.example\n",
        id_columns="member",
        email_column="mail",
        pepper=PEPPER,
        save=True,
    )
    listed = Access(email_codes=True, email_needs_list=True)
    assert ask(cycle, "stranger@coop.example", listed) == (False, [])
    assert ask(cycle, "BO@coop.example", listed)[0]
    assert ask(cycle, "bo@coop.example", listed) == (False, [])
    # The list's entry has its code: "Get my code" will not give a second one.
    assert eligibility.request_code(cycle.id, ["M1"], PEPPER) is None


def test_a_failed_delivery_voids_the_code_and_lets_the_address_ask_again(cycle):
    sent = []

    def broken(address, plain):
        sent.append(plain)
        raise Unreachable("down")

    with pytest.raises(Refused, match="try again later"):
        contact_codes.request_contact_code(
            cycle.id, "email", "ann@x.example", access=EMAIL, pepper=PEPPER, deliver=broken
        )
    assert not codes.find_code(cycle.id, sent[0], PEPPER).active
    assert ask(cycle, "ann@x.example")[0]


def test_sms_codes_go_to_a_normalized_number(cycle):
    sms = Access(sms_codes=True)
    ok, [(number, _plain)] = ask(cycle, "+31 6 1234-5678", sms, "sms")
    assert ok and number == "+31612345678"
    assert ask(cycle, "+31612345678", sms, "sms") == (False, [])
    with pytest.raises(Refused, match="phone number"):
        ask(cycle, "call me", sms, "sms")
    with pytest.raises(Refused, match="by SMS"):
        ask(cycle, "+31612345678", EMAIL, "sms")
