"""The staff password policy: long enough, and not one of the passwords that attackers try
first. The same rule for the web form and `flask create-user`."""

from __future__ import annotations

from pb.domain.common_passwords import COMMON_PASSWORDS

MIN_LENGTH = 12


def _is_run(text: str) -> bool:
    """One character repeated, or a run of consecutive characters (abcdef..., 123456...)."""
    if len(set(text)) <= 2:
        return True
    steps = {ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)}
    return steps <= {1} or steps <= {-1}


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password is refused, in words; None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters (a few unrelated words work well)."
    lowered = password.lower()
    local = email.split("@", 1)[0].lower()
    if lowered in COMMON_PASSWORDS or _is_run(lowered):
        return "This password is among those attackers try first; choose another."
    if len(local) >= 4 and local in lowered:
        return "The password must not contain your email address."
    stripped = lowered.rstrip("0123456789!?.")
    if stripped != lowered and stripped in COMMON_PASSWORDS:
        return "This password is among those attackers try first; choose another."
    return None
