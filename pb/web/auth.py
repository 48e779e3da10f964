"""Staff login (Flask-Login, hashed passwords, sign-ins kept on the server so they can be
ended), the account page (password change, sign out everywhere) and the role guard used by
staff blueprints."""

from __future__ import annotations

import string
import time
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, ValidationError

from pb.domain.passwords import password_problem
from pb.extensions import limiter, login_manager
from pb.models import User
from pb.services import login_throttle, staff_sessions, users
from pb.services.errors import Refused
from pb.web.forms import attempt, form_status

bp = Blueprint("auth", __name__)

TOKEN = "pb_staff"  # the session key of the sign-in token
SEEN = "pb_staff_seen"  # when the last page was asked for (signed cookie: the idle limit)


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two do not match."))],
    )

    def validate_password(self, field: PasswordField) -> None:
        if problem := password_problem(field.data or "", current_user.email):
            raise ValidationError(problem)


class SignOutUserForm(FlaskForm):
    email = EmailField(_l("Account email"), validators=[DataRequired(), Email(False)])


class ButtonForm(FlaskForm):
    """Only the CSRF token."""


def staff_required(*roles: str) -> Callable:
    """Only signed-in accounts with one of `roles` (admin always passes); others get 403."""
    allowed = roles or ("staff",)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any):
            if not current_user.has_role(*allowed):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


_SAFE_CHARS = frozenset(string.ascii_letters + string.digits + "-._~!$&'()*+,;=:@/?%")


def safe_next(target: str | None) -> str | None:
    """A path on this site, or None. Parsed, not pattern-matched: browsers drop tabs and
    newlines and read a backslash as a slash, so "/\\t/evil" or "/\\\\evil" would leave the site;
    only printable ASCII without backslashes passes, and it must parse to a bare path."""
    if not target or not set(target) <= _SAFE_CHARS or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    if parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _max_age() -> timedelta:
    return timedelta(seconds=current_app.config["PB_STAFF_MAX_AGE_SECONDS"])


def _policy() -> login_throttle.Policy:
    c = current_app.config
    return login_throttle.Policy(
        account_free=c["PB_LOGIN_ACCOUNT_FAILURES"], address_free=c["PB_LOGIN_ADDRESS_FAILURES"]
    )


def _begin(user: User) -> None:
    """Sign in with a fresh session: nothing from before the login survives (no fixation)."""
    session.clear()
    session[TOKEN] = staff_sessions.start(user, _max_age())
    session[SEEN] = int(time.time())
    login_user(user)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["PB_LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        email, address = form.email.data, request.remote_addr or ""
        wait = login_throttle.wait_seconds(email, address)
        if wait:
            form.password.errors.append(
                _("Too many wrong passwords. Please wait %(seconds)s seconds and try again.")
                % {"seconds": wait}
            )
            page = render_template("auth/login.html", form=form)
            return page, 429, {"Retry-After": str(wait)}
        user = users.authenticate(email, form.password.data)
        if user is not None:
            login_throttle.succeeded(email)
            _begin(user)
            home = url_for("admin.index" if user.has_role("staff", "delegate") else "public.index")
            return redirect(safe_next(request.args.get("next")) or home, 303)
        login_throttle.failed(email, address, _policy())
        form.password.errors.append(_("Wrong email or password."))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


def sign_out_here() -> None:
    """End this device's staff sign-in on the server as well as in its cookie."""
    if token := session.get(TOKEN):
        staff_sessions.end(token)
    logout_user()
    session.clear()


@bp.route("/logout", methods=["POST"])
def logout():
    sign_out_here()
    flash(_("You are signed out."))
    return redirect(url_for("public.index"), 303)


@bp.route("/account", methods=["GET"])
@login_required
def account():
    return _account_page(PasswordForm(formdata=None), SignOutUserForm(formdata=None))


def _account_page(password_form: PasswordForm, user_form: SignOutUserForm, status: int = 200):
    page = render_template(
        "auth/account.html", form=password_form, user_form=user_form, button=ButtonForm()
    )
    return page, status


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    form = PasswordForm()
    user = current_user._get_current_object()
    done = attempt(form, lambda: users.change_password(user, form.current.data, form.password.data))
    if not done:
        return _account_page(form, SignOutUserForm(formdata=None), form_status(form))
    staff_sessions.end_all(user, user)
    _begin(user)
    flash(_("Your password is changed; every other sign-in has ended."), "success")
    return redirect(url_for("auth.account"), 303)


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@login_required
def sign_out_everywhere():
    ButtonForm().validate_on_submit()  # CSRFProtect has checked the token already
    user = current_user._get_current_object()
    staff_sessions.end_all(user, user)
    logout_user()
    session.clear()
    flash(_("You are signed out on every device."))
    return redirect(url_for("public.index"), 303)


@bp.route("/account/sign-out-user", methods=["POST"])
@staff_required("admin")
def sign_out_user():
    form = SignOutUserForm()
    target = users.user_by_email(form.email.data or "") if form.validate_on_submit() else None

    def end() -> int:
        if target is None:
            raise Refused(_("There is no account with this email."), "email")
        return staff_sessions.end_all(current_user._get_current_object(), target)

    done = attempt(form, end)
    if not done:
        return _account_page(PasswordForm(formdata=None), form, form_status(form))
    flash(
        ngettext(
            "%(email)s is signed out everywhere (%(num)s sign-in ended).",
            "%(email)s is signed out everywhere (%(num)s sign-ins ended).",
            done.value,
            email=target.email,
        ),
        "success",
    )
    return redirect(url_for("auth.account"), 303)


def _load_user(user_id: str) -> User | None:
    """The signed-in account, if its sign-in still stands: not ended on the server, not older
    than the absolute limit, and a page asked for within the idle limit."""
    token, seen = session.get(TOKEN), session.get(SEEN)
    now = int(time.time())
    idle = current_app.config["PB_STAFF_IDLE_SECONDS"]
    user = None
    if token and isinstance(seen, int) and now - seen <= idle:
        user = staff_sessions.user_for(token, _max_age())
    if user is None or str(user.id) != user_id:
        for key in (TOKEN, SEEN, "_user_id", "_fresh", "_id"):
            session.pop(key, None)
        return None
    if now - seen >= 30:  # no new cookie on every page; the idle limit is coarse anyway
        session[SEEN] = now
    return user


def init_app(app: Flask) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.user_loader(_load_user)
    app.register_blueprint(bp)
