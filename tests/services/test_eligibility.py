import threading

import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import AuditEntry
from pb.models.eligibility import EligibilityEntry
from pb.services import codes, eligibility
from pb.services.errors import Conflict, Refused
from tests.factories import make_budget, make_cycle

PEPPER = "a pepper of the test's own"

LIST = """resident,name,born,district
R-100,Zoë Dupont,1980-04-01,North
R-101,Ivan Horvat,1975-12-24,South
R-102,Amira Haddad,2001-07-15,North
""".encode()


@pytest.fixture
def cycle(ctx):
    cycle = make_cycle(phase=Phase.VOTING)
    make_budget(cycle, name="City")
    make_budget(cycle, name="North", district="North")
    make_budget(cycle, name="South", district="South")
    return cycle


def upload(cycle, data=LIST, **kw):
    kw.setdefault("id_columns", "name, born")
    kw.setdefault("district_column", "district")
    return eligibility.upload_list(None, cycle, data, pepper=PEPPER, save=True, **kw)


def test_only_keyed_hashes_are_stored(cycle):
    summary = upload(cycle)
    assert (summary.added, summary.withdrawn, summary.saved) == (3, 0, True)
    stored = " ".join(
        f"{e.key_hash} {e.email_hash} {e.district}"
        for e in db.session.scalars(db.select(EligibilityEntry))
    ).casefold()
    for word in ("zoe", "zoë", "dupont", "1980", "r-100", "horvat"):
        assert word not in stored


def test_a_match_gets_a_code_for_its_budgets_once(cycle):
    upload(cycle)
    issued = eligibility.request_code(cycle.id, ["ZOE  dupont", "1980-04-01"], PEPPER)
    code = codes.find_code(cycle.id, issued.plain, PEPPER)
    assert code.active and code.allows("") and code.allows("North") and not code.allows("South")
    # The same person again, typed another way: refused (None), as is nobody at all.
    assert eligibility.request_code(cycle.id, ["Zoe Dupont", "19800401"], PEPPER) is None
    assert eligibility.request_code(cycle.id, ["Nobody", "1980-04-01"], PEPPER) is None


def test_two_requests_at_once_get_one_code(cycle, db_app):
    upload(cycle)
    cycle_id = cycle.id
    db.session.rollback()  # the test's own session holds no lock while the threads ask
    results = []

    def ask():
        with db_app.app_context():
            results.append(
                eligibility.request_code(cycle_id, ["Ivan Horvat", "1975-12-24"], PEPPER)
            )

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len([r for r in results if r is not None]) == 1


def test_checking_shows_problems_and_saves_nothing(cycle):
    data = (
        LIST
        + b"R-103,,1990-01-01,North\nR-104,Ivan Horvat,1975-12-24,South\nR-105,Li,1999-01-01,Atlantis\n"
    )
    preview = eligibility.upload_list(
        None, cycle, data, id_columns="name,born", district_column="district", pepper=PEPPER
    )
    assert preview.saved is False and preview.added == 3
    assert preview.problems == [
        (5, "missing name"),
        (6, "the same person as on line 3"),
        (7, "no budget is for the district 'Atlantis'"),
    ]
    assert db.session.scalar(db.select(db.func.count()).select_from(EligibilityEntry)) == 0
    with pytest.raises(Refused, match="3 row"):
        upload(cycle, data)
    assert upload(cycle, data, skip_problems=True).added == 3


def test_a_reupload_adds_and_withdraws_without_touching_issued_codes(cycle):
    upload(cycle)
    zoe = eligibility.request_code(cycle.id, ["Zoë Dupont", "1980-04-01"], PEPPER)
    amira = eligibility.request_code(cycle.id, ["Amira Haddad", "2001-07-15"], PEPPER)
    # Zoë and Ivan moved away, Pia moved in.
    second = b"resident,name,born,district\nR-102,Amira Haddad,2001-07-15,North\nR-200,Pia Berg,1990-02-02,South\n"
    summary = upload(cycle, second)
    assert (summary.added, summary.withdrawn, summary.kept) == (1, 2, 1)
    assert codes.find_code(cycle.id, zoe.plain, PEPPER).active
    assert codes.find_code(cycle.id, amira.plain, PEPPER).active
    assert eligibility.request_code(cycle.id, ["Ivan Horvat", "1975-12-24"], PEPPER) is None
    assert eligibility.request_code(cycle.id, ["Amira Haddad", "2001-07-15"], PEPPER) is None
    assert eligibility.request_code(cycle.id, ["Pia Berg", "1990-02-02"], PEPPER) is not None
    stats = eligibility.list_stats(cycle)
    assert (stats.active, stats.withdrawn, stats.issued) == (2, 2, 3)
    # Once codes exist, the list must keep identifying people the same way.
    with pytest.raises(Conflict, match="same columns"):
        upload(cycle, second, id_columns="resident")


def test_void_and_reissue_leaves_an_audit_entry(cycle):
    upload(cycle)
    first = eligibility.request_code(cycle.id, ["Zoë Dupont", "1980-04-01"], PEPPER)
    again = eligibility.reissue(None, cycle, ["zoe dupont", "1980-04-01"], PEPPER)
    assert not codes.find_code(cycle.id, first.plain, PEPPER).active
    assert codes.find_code(cycle.id, again.plain, PEPPER).allows("North")
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="eligibility.reissue"))
    assert entry.details_dict["voided_code"] is not None
    with pytest.raises(Refused):
        eligibility.reissue(None, cycle, ["Nobody", "1980-04-01"], PEPPER)


def test_self_service_needs_a_list(cycle):
    with pytest.raises(Refused, match="list first"):
        eligibility.set_access(None, cycle, self_service=True, email_codes=False)
    upload(cycle)
    access = eligibility.set_access(
        None, cycle, self_service=True, email_codes=True, email_domains="@Coop.example, x.org"
    )
    assert access.self_service and access.email_domains == ("coop.example", "x.org")
    with pytest.raises(Refused, match="no email column"):
        eligibility.set_access(
            None, cycle, self_service=True, email_codes=True, email_needs_list=True
        )
