def test_home_page_renders(client):
    r = client.get("/")
    assert r.status_code == 200
    assert b"Participatory budgeting" in r.data


def test_unknown_cycle_is_404(client):
    assert client.get("/c/nope").status_code == 404


def test_admin_needs_sign_in(client):
    r = client.get("/admin/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_each_feature_has_its_blueprint_and_the_urls_stay(app):
    from flask import url_for

    with app.test_request_context():
        assert url_for("ideas.browse", slug="x") == "/c/x/ideas"
        assert url_for("proposals.index", slug="x") == "/c/x/proposals"
        assert url_for("proposals.show", slug="x", proposal_id=3) == "/c/x/proposals/3"
        assert url_for("implementation.index", slug="x") == "/c/x/progress"
        assert url_for("implementation.project", slug="x", project_id=3) == "/c/x/progress/3"
        assert url_for("media.photo", name="a.jpg") == "/media/a.jpg"


def test_scores_are_numbers_with_thousands_separators(app):
    from decimal import Decimal
    from fractions import Fraction

    number = app.jinja_env.filters["number"]
    assert number(1234567) == "1,234,567"
    assert number(Fraction(7, 2)) == "3.50"
    assert number(Fraction(3000, 1)) == "3,000"
    assert number(Decimal("1000.5")) == "1,000.50"
    assert number(None) == ""


def test_sign_out_form_carries_the_csrf_token(app, client, db):
    import re

    from tests.factories import make_user, sign_in

    app.config["WTF_CSRF_ENABLED"] = True
    sign_in(client, make_user("staff"))
    page = client.get("/").get_data(as_text=True)
    assert '<a href="/admin/">Staff</a>' in page
    form = re.search(r'<form method="post" action="/logout".*?</form>', page, re.S).group(0)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": token}).status_code in (302, 303)
