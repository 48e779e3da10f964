"""`flask demo`: the demo cycles `make run` loads, and the staff login to look at them."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from pb.demo.ballots import CURRENT, PAST, current_cycle, past_cycle
from pb.demo.phases import add_demo_phases
from pb.extensions import db
from pb.models import Cycle, User
from pb.services import codes
from pb.services.errors import transaction
from pb.services.file_store import DatabaseStore
from pb.services.photos import Uploads

DEMO_EMAIL = "admin@pb.example"


@dataclass
class DemoResult:
    created: bool
    email: str
    password: str
    codes: dict[str, list[str]] = field(default_factory=dict)  # label -> plain codes
    lines: list[str] = field(default_factory=list)


def _admin() -> tuple[User, str]:
    """The demo admin, with a fresh random password (printed, so that each run can sign in)."""
    password = secrets.token_urlsafe(9)
    with transaction():
        user = db.session.scalar(db.select(User).filter_by(email=DEMO_EMAIL))
        if user is None:
            user = User(email=DEMO_EMAIL, name="Demo admin", role="admin")
            db.session.add(user)
        user.set_password(password)
    return user, password


def load_demo(
    seed: int = 2025,
    uploads: Uploads = None,
    pepper: str | None = None,
    key_dir: Path | None = None,
) -> DemoResult:
    """Create the demo unless it exists; either way make a few fresh voter codes to print.
    The demo's photos go to `uploads` and codes are hashed with `pepper` (by default the
    database's file store and the app's code pepper)."""
    uploads = uploads or DatabaseStore()
    pepper = pepper or current_app.config["PB_CODE_PEPPER"]
    key_dir = key_dir or Path(current_app.config["PB_KEY_DIR"])
    actor, password = _admin()
    existing = db.session.scalar(db.select(Cycle).filter_by(slug=CURRENT))
    result = DemoResult(created=existing is None, email=DEMO_EMAIL, password=password)
    if existing is None:
        current = current_cycle(actor, key_dir)
        past = past_cycle(actor, random.Random(seed), pepper, key_dir)
        result.lines += add_demo_phases(actor, {CURRENT: current, PAST: past}, uploads, key_dir)
    else:
        current = existing
    if current.current_phase.value == "voting":
        for scope, district, n in (("all", "", 3), ("district", "North", 2)):
            batch, plain = codes.generate_batch(
                actor, current, n, scope=scope, district=district, label="demo codes", pepper=pepper
            )
            who = "every budget" if scope == "all" else f"citywide budgets + {district}"
            result.codes[who] = plain
    return result
