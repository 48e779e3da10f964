"""`flask demo`: the demo cycles `make run` loads, and the staff login to look at them."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, render_template

from pb.demo.ballots import CURRENT, PAST, current_cycle, past_cycle
from pb.demo.branding import brand_site
from pb.demo.languages import add_translations
from pb.demo.phases import add_demo_phases
from pb.demo.residents import add_residents, try_lines
from pb.extensions import db
from pb.models import Cycle, User
from pb.services import codes, kiosks, letters
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
        result.lines += brand_site(actor, uploads)
        current = current_cycle(actor, key_dir)
        past = past_cycle(actor, random.Random(seed), pepper, key_dir)
        result.lines += add_demo_phases(actor, {CURRENT: current, PAST: past}, uploads, key_dir)
        result.lines += add_residents(actor, current, pepper)
        result.lines += add_translations(actor, current)
    else:
        current = existing
        result.lines += try_lines(current)
    if current.current_phase.value == "voting":
        for scope, district, n in (("all", "", 3), ("district", "North", 2)):
            batch, plain = codes.generate_batch(
                actor, current, n, scope=scope, district=district, label="demo codes", pepper=pepper
            )
            who = "every budget" if scope == "all" else f"citywide budgets + {district}"
            result.codes[who] = plain
        result.lines += _in_person(actor, current, pepper)
    return result


def _in_person(actor: User, cycle: Cycle, pepper: str) -> list[str]:
    """An enrolled kiosk (listed on the staff page; any browser becomes one with "Make this
    device a kiosk") and a batch of code letters printed to a file beside the database."""
    if not kiosks.kiosks_of(cycle):
        kiosks.enrol(actor, cycle, "Central library, ground floor (demo)")
    batch, plain = codes.generate_batch(
        actor, cycle, 8, scope="all", label="demo letters", pepper=pepper
    )
    vote_url = f"http://127.0.0.1:5000/vote/{cycle.slug}/"
    page = render_template(
        "admin/codes/letters.html",
        cycle=cycle,
        batch=batch,
        paper="a4",
        vote_url=vote_url,
        sheets=letters.sheets(letters.letters(vote_url, plain)),
        inline_css=(Path(current_app.static_folder) / "css" / "letters.css").read_text(),
    )
    out = Path(current_app.instance_path) / f"demo-letters-batch-{batch.number}.html"
    out.write_text(page)
    return [
        f"Printable code letters (batch {batch.number}, A4): {out}",
        f"Kiosk: a demo kiosk is enrolled; sign in, open /admin/c/{cycle.slug}/kiosks and choose "
        "'Make this device a kiosk' to turn this browser into one.",
    ]
