"""Staff pages of residents' own codes: the list upload with its check, the ways to a code,
void and reissue, member mailings with their progress page."""

import io
import re

import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models.eligibility import EligibilityEntry
from pb.services import codes
from tests.factories import audit, make_budget, make_cycle
from tests.smtp_server import code_in, smtp_server

LIST = b"name,born,district\nZoe Dupont,1980-04-01,North\nIvan Horvat,1975-12-24,North\n"


@pytest.fixture
def cycle(app):
    with app.app_context():
        cycle = make_cycle("city", phase=Phase.VOTING)
        make_budget(cycle, name="City")
        make_budget(cycle, name="North", district="North")
    return "city"


def upload(staff_client, data, button="save", **fields):
    form = {
        "list-file": (io.BytesIO(data), "list.csv"),
        "list-id_columns": "name, born",
        "list-district_column": "district",
        f"list-{button}": "1",
        **fields,
    }
    return staff_client.post(
        "/admin/c/city/eligibility/list", data=form, content_type="multipart/form-data"
    )


def test_checking_a_list_shows_row_problems_and_saves_nothing(staff_client, cycle, app):
    bad = LIST + b",1990-01-01,North\nZoe  Dupont,1980-04-01,North\n"
    r = upload(staff_client, bad, "check")
    assert r.status_code == 200 and "(nothing saved)" in r.text
    assert "missing name" in r.text and "the same person as on line 2" in r.text
    refused = upload(staff_client, bad)
    assert refused.status_code == 422 and "Please choose the file again" in refused.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(EligibilityEntry)) == 0
    saved = upload(staff_client, bad, **{"list-skip_problems": "y"})
    assert saved.status_code == 302
    page = staff_client.get("/admin/c/city/eligibility").text
    assert "2 people on the list" in page and "No mail server is configured" in page


def test_staff_switch_on_get_my_code_and_reissue_a_lost_code(staff_client, cycle, app, client):
    upload(staff_client, LIST)
    r = staff_client.post("/admin/c/city/eligibility/access", data={"access-self_service": "y"})
    assert r.status_code == 302
    got = client.post("/vote/city/get-code", data={"f0": "Zoe Dupont", "f1": "1980-04-01"})
    lost = re.search(r'name="code" value="([0-9A-Z-]{19})"', got.text).group(1)
    r = staff_client.post(
        "/admin/c/city/eligibility/reissue", data={"f0": "zoe dupont", "f1": "1980-04-01"}
    )
    assert r.status_code == 200 and "New code" in r.text
    new = re.search(r'class="code code-issued">([0-9A-Z-]{19})<', r.text).group(1)
    with app.app_context():
        pepper = app.config["PB_CODE_PEPPER"]
        cycle_id = codes.find_code(1, new, pepper).cycle_id
        assert codes.find_code(cycle_id, new, pepper).active
        assert not codes.find_code(cycle_id, lost, pepper).active
        assert len(audit("eligibility.reissue")) == 1
    unknown = staff_client.post(
        "/admin/c/city/eligibility/reissue", data={"f0": "Nobody", "f1": "1980-04-01"}
    )
    assert unknown.status_code == 422


def test_a_member_mailing_from_upload_to_progress(tmp_path):
    from tests.conftest import built_app
    from tests.factories import sign_in_as

    members = b"member,email\n" + b"".join(f"M{i},m{i}@coop.example\n".encode() for i in range(7))
    with smtp_server() as (inbox, smtp), built_app(tmp_path, **smtp) as app:
        with app.app_context():
            cycle = make_cycle("city", phase=Phase.VOTING)
            make_budget(cycle, name="City")
        staff = app.test_client()
        sign_in_as(staff, app, "staff")
        page = staff.get("/admin/c/city/mailings")
        assert page.status_code == 200 and "No mail server is configured" not in page.text
        r = staff.post(
            "/admin/c/city/mailings",
            data={"members": (io.BytesIO(members), "m.csv"), "label": "spring"},
            content_type="multipart/form-data",
        )
        assert r.status_code == 302
        progress_url = r.headers["Location"]
        page = staff.get(progress_url).text
        assert "<progress" in page and "0 of 7 sent" in page and "data-autosend" not in page
        send_url = progress_url + "/send"
        first = staff.post(send_url, data={"auto": "1"})
        assert first.status_code == 200 and "7 of 7 sent" in first.text
        assert "data-autosend" not in first.text and "has been handled" in first.text
        assert len(inbox.messages) == 7
        again = staff.post(send_url, data={"auto": "1"})
        assert len(inbox.messages) == 7 and again.status_code == 200
        r = staff.post(
            progress_url + "/resend",
            data={"resend-member": "M3", "resend-email": "new@coop.example"},
        )
        assert r.status_code == 302
        [message] = inbox.to("new@coop.example")
        with app.app_context():
            pepper = app.config["PB_CODE_PEPPER"]
            assert codes.find_code(1, code_in(message), pepper).active
            assert not codes.find_code(1, code_in(inbox.to("m3@coop.example")[0]), pepper).active
        bad = staff.post(
            "/admin/c/city/mailings",
            data={"members": (io.BytesIO(b"member,email\nM1,nope\n"), "m.csv")},
            content_type="multipart/form-data",
        )
        assert bad.status_code == 422 and "not an email address" in bad.text


def test_the_progress_page_goes_on_by_itself_while_messages_wait(staff_client, cycle, monkeypatch):
    from pb.services import mailings

    monkeypatch.setattr(mailings, "CHUNK", 3)
    members = b"member,email\n" + b"".join(f"M{i},m{i}@coop.example\n".encode() for i in range(7))
    r = staff_client.post(
        "/admin/c/city/mailings",
        data={"members": (io.BytesIO(members), "m.csv")},
        content_type="multipart/form-data",
    )
    send_url = r.headers["Location"] + "/send"
    first = staff_client.post(send_url, data={"auto": "1"})
    assert "3 of 7 sent" in first.text and "data-autosend" in first.text
    assert "js/mailing-progress.js" in first.text
    # Without the form's "auto" (a request from elsewhere) the page waits for a press.
    second = staff_client.post(send_url)
    assert "6 of 7 sent" in second.text and "data-autosend" not in second.text
    last = staff_client.post(send_url, data={"auto": "1"})
    assert "7 of 7 sent" in last.text and "data-autosend" not in last.text
