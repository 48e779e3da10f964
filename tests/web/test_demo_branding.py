"""The demo (`make run`) shows a branded site, and its voting cycle in three languages, in the
Warsaw time zone."""

from pb import demo
from pb.demo import CURRENT
from pb.extensions import db
from pb.models import Cycle
from pb.services import site, texts


def test_the_demo_is_branded_and_trilingual(app, client):
    with app.app_context():
        result = demo.load_demo()
        assert any("branded" in line for line in result.lines)
        settings = site.settings()
        assert settings.name == "Demo City" and settings.logo and settings.primary_colour
        cycle = db.session.scalar(db.select(Cycle).filter_by(slug=CURRENT))
        assert cycle.time_zone == "Europe/Warsaw"
        assert cycle.language_codes == ["en", "es", "pl"]
        assert texts.missing_translations(cycle) == []  # every text in es and pl
    page = client.get("/", headers={"Accept-Language": "pl"}).text
    assert "Demo City</a>" in page and 'href="/privacy"' in page
    assert "City hall</a>" in page
    assert client.get("/privacy").status_code == 200
    assert client.get("/favicon.ico").mimetype == "image/png"
