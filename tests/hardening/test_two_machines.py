"""Two app machines: two gunicorn instances on two ports, each with its own instance folder
(uploads, keys, rate-limit file), against one PostgreSQL and one Redis. Residents vote through
both, the same code is refused on the second, a staff sign-in made on one works and ends on
both, rate limits count across both, and a photo uploaded through one is served by the other."""

from __future__ import annotations

import io
import re

import pytest
import requests

from bench.server import database, gunicorn, prepare
from tests.factories import PASSWORD, image_bytes
from tests.requirements import CHECKS, PG_URL, REDIS_URL, need
from tests.web.test_ideas_public import FORM

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LOGIN_LIMIT = 6
LIMIT_TEXT = f"{LOGIN_LIMIT} per hour"


def _setup() -> dict:
    from pb.domain.phases import Phase
    from pb.services import ideas
    from pb.services.errors import transaction
    from tests.factories import make_budget, make_codes, make_cycle, make_user, pids, set_phase

    vote = make_cycle("two")
    budget = make_budget(vote, "approval")
    set_phase(vote, Phase.VOTING)
    town = make_cycle("town", Phase.IDEAS)
    with transaction():
        ideas.settings_for(town).moderation = "post"
    make_user("staff")
    return {"codes": make_codes(vote, 3), "budget": budget.id, "projects": pids(budget)}


def _token(s: requests.Session, url: str) -> str:
    return TOKEN.search(s.get(url, timeout=30).text).group(1)


def _sign_in(s: requests.Session, base: str, code: str) -> str:
    token = _token(s, f"{base}/vote/two/")
    r = s.post(
        f"{base}/vote/two/",
        data={"code": code, "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )
    assert r.status_code == 302, r.text[:300]
    return token


def _submit(s: requests.Session, base: str, token: str, data: dict) -> requests.Response:
    return s.post(
        f"{base}/vote/two/b/{data['budget']}/submit",
        data={"project": data["projects"][:1], "csrf_token": token},
        allow_redirects=False,
        timeout=30,
    )


def _stored() -> dict:
    from pb.extensions import db
    from pb.models import Envelope, Participation
    from pb.models.ideas import Idea

    return {
        "envelopes": db.session.scalar(db.select(db.func.count()).select_from(Envelope)),
        "participations": db.session.scalar(db.select(db.func.count()).select_from(Participation)),
        "photo": db.session.scalar(db.select(Idea.photo).where(Idea.photo != "")),
    }


@pytest.mark.attack(
    "Two gunicorn instances on two ports, one PostgreSQL, one Redis",
    "votes through both, the same code refused on the second, sign-in and sign-out shared, login limits counted across both, a photo from one served by the other",
)
def test_two_app_machines_share_one_database_and_one_redis(tmp_path):
    if not PG_URL:
        need("postgres", "the two-machine test needs PB_TEST_DATABASE_URL")
    if why := CHECKS["redis"]():
        need("redis", why)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir(), b_dir.mkdir()
    env = {"PB_RATELIMIT_STORAGE_URI": REDIS_URL, "PB_LOGIN_RATE_LIMIT": LIMIT_TEXT}
    with database(tmp_path, PG_URL) as url:
        data = prepare(url, a_dir, _setup)
        with (
            gunicorn(url, a_dir, workers=2, **env) as a,
            gunicorn(url, b_dir, workers=2, **env) as b,
        ):
            # Residents vote through both machines.
            for base, code in ((a, data["codes"][0]), (b, data["codes"][1])):
                with requests.Session() as s:
                    assert _submit(s, base, _sign_in(s, base, code), data).status_code == 302
            # One code signed in on both; it votes on A, and B refuses it.
            with requests.Session() as on_a, requests.Session() as on_b:
                token_a = _sign_in(on_a, a, data["codes"][2])
                token_b = _sign_in(on_b, b, data["codes"][2])
                assert _submit(on_a, a, token_a, data).status_code == 302
                refused = _submit(on_b, b, token_b, data)
                assert refused.status_code == 409 and "already voted" in refused.text

            # A staff sign-in made on A opens staff pages on B; signing out on B ends it on A.
            with requests.Session() as staff:
                token = _token(staff, f"{a}/login")
                r = staff.post(
                    f"{a}/login",
                    data={"csrf_token": token, "email": "staff@example.org", "password": PASSWORD},
                    allow_redirects=False,
                    timeout=30,
                )
                assert r.status_code == 303
                saved = dict(staff.cookies)
                assert staff.get(f"{b}/admin/", allow_redirects=False).status_code == 200
                token = _token(staff, f"{b}/admin/")
                staff.post(f"{b}/logout", data={"csrf_token": token}, timeout=30)
            replay = requests.get(f"{a}/admin/", cookies=saved, allow_redirects=False, timeout=30)
            assert replay.status_code == 302

            # Login attempts alternate between the machines; the limit counts them all.
            statuses = []
            for i in range(2 * LOGIN_LIMIT):
                base = (a, b)[i % 2]
                with requests.Session() as s:
                    token = _token(s, f"{base}/login")
                    statuses.append(
                        s.post(
                            f"{base}/login",
                            data={
                                "csrf_token": token,
                                "email": f"guess{i}@example.org",
                                "password": "wrong",
                            },
                            timeout=30,
                        ).status_code
                    )
            # The staff login above used one of the allowance.
            assert statuses.count(422) == LOGIN_LIMIT - 1, statuses
            assert statuses.count(429) == LOGIN_LIMIT + 1

            # A photo uploaded through A is served by B.
            with requests.Session() as s:
                token = _token(s, f"{a}/c/town/ideas/new")
                files = {"photo": ("p.jpg", io.BytesIO(image_bytes("JPEG")), "image/jpeg")}
                r = s.post(
                    f"{a}/c/town/ideas/new",
                    data={**FORM, "csrf_token": token},
                    files=files,
                    allow_redirects=False,
                    timeout=30,
                )
                assert r.status_code == 303, r.text[:500]
            stored = prepare(url, a_dir, _stored)
            served = requests.get(f"{b}/media/{stored['photo']}", timeout=30)
            assert served.status_code == 200 and served.headers["Content-Type"] == "image/jpeg"
            assert served.content[:2] == b"\xff\xd8" and served.headers["ETag"]
    assert not (a_dir / "uploads").exists()  # the photo never touched A's disk
    assert stored["envelopes"] == stored["participations"] == 3
