def test_home_page_renders(client):
    r = client.get("/")
    assert r.status_code == 200
    assert b"Participatory budgeting" in r.data


def test_unknown_cycle_is_404(client):
    assert client.get("/c/nope").status_code == 404


def test_admin_needs_sign_in(client):
    r = client.get("/admin/")
    assert r.status_code == 302 and "/login" in r.headers["Location"]
