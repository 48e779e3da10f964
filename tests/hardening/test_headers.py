"""Security headers on every route of the URL map, for anonymous and staff visitors."""

from __future__ import annotations

import re

import pytest

from pb.domain.phases import Phase
from pb.web.headers import CSP
from tests.factories import make_cycle
from tests.requirements import ROOT

ARGS = {
    "slug": "demo",
    "idea_id": 1,
    "budget_id": 1,
    "project_id": 1,
    "name": "x.jpg",
    "ext": "csv",
}


def _urls(app) -> list[tuple[str, str]]:
    urls = []
    for rule in app.url_map.iter_rules():
        values = {arg: ARGS.get(arg, 1) for arg in rule.arguments}
        with app.test_request_context():
            from flask import url_for

            url = url_for(rule.endpoint, **values)
        method = "GET" if "GET" in rule.methods else "POST"
        urls.append((method, url))
    return sorted(set(urls))


def _check(response, url):
    h = response.headers
    csp = h.get("Content-Security-Policy", "")
    assert "object-src 'none'" in csp or csp == "default-src 'none'", url
    assert "frame-ancestors 'none'" in csp or csp == "default-src 'none'", url
    assert "'unsafe-inline'" not in csp, url
    assert h["X-Content-Type-Options"] == "nosniff", url
    assert h["Referrer-Policy"] == "same-origin", url
    assert h["X-Frame-Options"] == "DENY", url


@pytest.mark.attack(
    "Fetch every route of the URL map, anonymous and as staff",
    "CSP without inline code, `object-src 'none'`, `frame-ancestors 'none'`, nosniff, Referrer-Policy, X-Frame-Options on every answer",
)
def test_every_route_sends_the_headers(app, staff_client):
    with app.app_context():
        make_cycle("demo", Phase.IDEAS)
    anonymous = app.test_client()
    urls = _urls(app)
    assert len(urls) > 40
    for method, url in urls:
        for client in (anonymous, staff_client):
            r = client.open(url, method=method)
            _check(r, f"{method} {url} -> {r.status_code}")
    assert "Strict-Transport-Security" not in anonymous.get("/").headers


@pytest.mark.attack(
    "Visit over HTTPS",
    "HSTS sent",
)
def test_hsts_over_https(client):
    r = client.get("/", base_url="https://pb.example")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_the_policy_forbids_inline_code():
    directives = dict(d.split(" ", 1) for d in CSP.split("; "))
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    "pattern",
    [r'style="', r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+=", r"javascript:"],
)
@pytest.mark.attack(
    "Look for inline `style=`, script bodies, `on...=` handlers, `javascript:` in templates",
    "none",
)
def test_templates_carry_nothing_the_policy_blocks(pattern):
    """Besides tests/test_layers.py: scripts without src, event handler attributes."""
    offenders = [
        f"{f.relative_to(ROOT)}:{n}"
        for f in sorted((ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(f.read_text().splitlines(), 1)
        if re.search(pattern, line)
    ]
    assert offenders == []
