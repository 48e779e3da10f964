"""A cycle's time zone: staff type phase dates in it, they are stored in UTC, and residents read
them in the zone with its name."""

from datetime import datetime

from freezegun import freeze_time

from pb.extensions import db
from pb.models.cycle import Cycle
from pb.models.schedule import PhaseDate
from tests.factories import make_cycle, make_user, sign_in, sign_in_as


def cycle_now() -> Cycle:
    db.session.expire_all()
    return db.session.scalar(db.select(Cycle).filter_by(slug="town"))


def test_new_cycles_take_the_site_zone_and_keep_their_own(client, db):
    sign_in(client, make_user("admin"))
    client.post(
        "/admin/site",
        data={"default_time_zone": "Europe/Warsaw", "name": "", "primary_colour": ""},
    )
    page = client.get("/admin/cycles/new").text
    assert 'selected value="Europe/Warsaw"' in page
    r = client.post(
        "/admin/cycles/new",
        data={
            "name": "Riverton 2030",
            "slug": "town",
            "time_zone": "America/Bogota",
            "default_language": "es",
            "languages": ["en", "es"],
        },
    )
    assert r.status_code == 302
    cycle = cycle_now()
    assert (cycle.time_zone, cycle.languages, cycle.default_language) == (
        "America/Bogota",
        "en,es",
        "es",
    )
    assert cycle.language_codes == ["es", "en"]
    r = client.post(
        "/admin/c/town/edit",
        data={"name": "Riverton 2030", "slug": "town", "time_zone": "Nowhere/City"},
    )
    assert r.status_code == 422 and cycle_now().time_zone == "America/Bogota"


@freeze_time("2030-01-10 12:00")
def test_staff_type_local_times_and_residents_read_them_with_the_zone_name(client, db):
    cycle = make_cycle()
    cycle.time_zone = "Europe/Warsaw"
    db.session.commit()
    sign_in(client, make_user("staff"))
    r = client.post(
        "/admin/c/town/phases",
        data={"voting_starts": "2030-03-10T19:00", "voting_ends": "2030-07-01T19:00"},
    )
    assert r.status_code == 303
    (row,) = cycle_now().phase_dates
    # Stored in UTC: winter is UTC+1, summer UTC+2.
    assert (row.starts_at, row.ends_at) == (datetime(2030, 3, 10, 18), datetime(2030, 7, 1, 17))
    form = client.get("/admin/c/town/phases").text
    assert 'value="2030-03-10T19:00"' in form and 'value="2030-07-01T19:00"' in form
    assert "Times are in Europe/Warsaw" in form
    assert cycle_now().starts == datetime(2030, 3, 10, 18)
    assert cycle_now().ends == datetime(2030, 7, 1, 17)
    edit = client.get("/admin/c/town/edit").text
    assert "Mar 10, 2030, 7:00\u202fPM Central European Time" in edit


@freeze_time("2030-01-10 12:00")
def test_the_zone_name_is_in_the_reader_s_language(client, app):
    # No `db` fixture: each request gets its own app context, so its own locale.
    with app.app_context():
        cycle = make_cycle(proposals_starts=datetime(2030, 3, 10, 18))
        cycle.time_zone = "Europe/Warsaw"
        db.session.commit()
    sign_in_as(client, app, "staff")
    polish = client.get("/admin/c/town/phases", headers={"Accept-Language": "pl"}).text
    assert "10 mar 2030, 19:00 czas środkowoeuropejski" in polish
    spanish = client.get("/admin/c/town/phases", headers={"Accept-Language": "es"}).text
    assert "10 mar 2030, 19:00 hora de Europa central" in spanish


def test_a_time_the_clocks_skip_is_refused_on_its_field(client, db):
    cycle = make_cycle()
    cycle.time_zone = "Europe/Warsaw"
    db.session.commit()
    sign_in(client, make_user("staff"))
    r = client.post("/admin/c/town/phases", data={"voting_starts": "2030-03-31T02:30"})
    assert r.status_code == 422
    assert 'id="voting_starts-error"' in r.text
    assert "does not exist in Europe/Warsaw" in r.text
    assert 'value="2030-03-31T02:30"' in r.text
    r = client.post("/admin/c/town/phases", data={"voting_ends": "2030-10-27T02:30"})
    assert r.status_code == 422 and "happens twice" in r.text
    assert db.session.scalar(db.select(db.func.count(PhaseDate.id))) == 0


def test_the_cycle_form_explains_the_one_set_of_dates(client, db):
    make_cycle()
    sign_in(client, make_user("staff"))
    page = client.get("/admin/c/town/edit").text
    assert 'name="starts_on"' not in page and 'name="ends_on"' not in page
    assert "dates are the dates of its phases" in page
    phases = client.get("/admin/c/town/phases").text
    assert "only dates: it starts with the first date set here" in phases
