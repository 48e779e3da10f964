"""Staff, admin and delegate accounts. Creating one is a use case like any other: checked,
written and audited in one transaction, whether `flask create-user` or a future admin page asks."""

from __future__ import annotations

import re
from functools import cache

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from pb.domain.passwords import password_problem
from pb.extensions import db
from pb.models.audit import record
from pb.models.people import ROLES, User
from pb.services.errors import Refused, transaction

# As loose as the login form's check: anything it would refuse could never sign in.
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def create_user(
    actor: User | None, email: str, password: str, *, name: str = "", role: str = "staff"
) -> User:
    """A new account; `actor` is who creates it (None from the command line)."""
    email = email.strip().lower()
    name = name.strip()
    if not EMAIL.match(email):
        raise Refused(
            _("%(email)s does not look like an email address.", email=repr(email)), "email"
        )
    if role not in ROLES:
        raise Refused(_("The role must be one of %(roles)s.", roles=", ".join(ROLES)), "role")
    if problem := password_problem(password, email):
        raise Refused(problem, "password")
    if db.session.scalar(db.select(User.id).filter_by(email=email)) is not None:
        raise Refused(_("An account for %(email)s exists already.", email=email), "email")
    with transaction():
        user = User(email=email, name=name, role=role)
        user.set_password(password)
        db.session.add(user)
        db.session.flush()
        # Never the password, not even its hash: the audit log is read by every admin.
        record(actor, "user.create", f"user:{user.id}", email=email, name=name, role=role)
    return user


@cache
def _decoy_hash() -> str:
    return generate_password_hash("not a password anyone has")


def authenticate(email: str, password: str) -> User | None:
    """The active account with this email and password, or None. An unknown email costs the
    same hash check as a known one, so the time of the answer does not tell them apart."""
    row = db.session.execute(
        db.select(User.id, User.password_hash, User.active).filter_by(email=email.strip().lower())
    ).first()
    # End the transaction before the slow hash: on SQLite a POST's transaction holds the write
    # lock, and eight logins at once would queue behind each other's hashing.
    db.session.commit()
    if row is None:
        check_password_hash(_decoy_hash(), password)
        return None
    if check_password_hash(row.password_hash, password) and row.active:
        return db.session.get(User, row.id)
    return None


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password after checking the current one; the caller ends the other sign-ins."""
    if not user.check_password(current):
        raise Refused(_("That is not your current password."), "current")
    if problem := password_problem(new, user.email):
        raise Refused(problem, "password")
    with transaction():
        user.set_password(new)
        record(user, "user.password_change", f"user:{user.id}")


def user_by_email(email: str) -> User | None:
    return db.session.scalar(db.select(User).filter_by(email=email.strip().lower()))


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)
