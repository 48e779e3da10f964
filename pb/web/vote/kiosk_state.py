"""A kiosk voter's choices between a POST and the page that shows them (post/redirect/get).

On a kiosk every POST answers with a redirect, so that Back and Refresh never offer to send a
form again; the review page and a ballot with problems are then drawn from the choices kept
here, in the device's session cookie. They are sealed (XSalsa20-Poly1305, key derived from
SECRET_KEY) and padded to one length, so that the cookie shows neither the choices nor, by its
length, how many there are. The kiosk's reset clears the session and with it the choices.
"""

from __future__ import annotations

import hashlib
import json

from flask import current_app, session
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

KEY = "k"
SIZE = 1800  # bytes of JSON a ballot form pads to: a hundred choices, inside a cookie's 4 kB


def _box() -> SecretBox:
    secret = current_app.config["SECRET_KEY"].encode()
    return SecretBox(hashlib.blake2b(secret, digest_size=32, person=b"pb-kiosk-state").digest())


def keep(budget_id: int, form: dict[str, list[str]], review: bool) -> bool:
    """Keep the form for the page after the redirect; False when it is too large to keep (the
    caller then answers the POST with the page itself)."""
    fields = {k: v for k, v in form.items() if k not in ("csrf_token", "change") and any(v)}
    plain = json.dumps({"b": budget_id, "f": fields, "r": review}).encode()
    if len(plain) > SIZE:
        return False
    session[KEY] = _box().encrypt(plain.ljust(SIZE))
    return True


def kept(budget_id: int) -> tuple[dict[str, list[str]], bool] | None:
    """The kept form of this budget and whether it passed to review, or None."""
    raw = session.get(KEY)
    if not raw:
        return None
    try:
        state = json.loads(_box().decrypt(raw))
    except (CryptoError, ValueError, TypeError):
        return None
    if state.get("b") != budget_id:
        return None
    return state["f"], bool(state["r"])


def drop() -> None:
    session.pop(KEY, None)
