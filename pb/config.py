"""Configuration: defaults, then instance/config.py, then the environment, then test overrides."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask


class Defaults:
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled in from instance_path when unset
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    # A kiosk page may stay open for hours: tie the CSRF token to the session, not the clock.
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE: bool | None = None  # True unless PB_DEVELOPMENT (see _harden)
    RATELIMIT_STORAGE_URI: str | None = None  # a file in instance/ unless set (see _harden)
    RATELIMIT_HEADERS_ENABLED = False
    # Key of the voter code hashes, apart from SECRET_KEY so that rotating one does not void every
    # code. `make run` generates both; an older instance without one falls back to SECRET_KEY.
    PB_CODE_PEPPER: str | None = None
    PB_UPLOAD_DIR: str | None = None  # defaults to instance/uploads
    PB_KEY_DIR: str | None = None  # counting keys under server custody; defaults to instance/keys
    PB_VOTER_IDLE_SECONDS = 20 * 60  # a voter's session ends after this long without a page
    # Wrong voter codes per client address (enrolled kiosks have their own limit instead): far
    # above what typos reach, so a library or school behind one address never locks itself out,
    # yet guessing stays hopeless (docs/threat-model.md, "Code entry limits").
    PB_CODE_RATE_LIMIT = "100 per minute;1000 per hour"
    PB_KIOSK_CODE_RATE_LIMIT = "30 per minute"  # wrong voter codes per enrolled kiosk
    # Residents' own codes (eligibility lists, email/SMS codes, member mailings; docs/messaging.md).
    # No PB_SMTP_HOST: mails go to the log, and the staff pages say so.
    PB_SMTP_HOST = ""
    PB_SMTP_PORT = 587
    PB_SMTP_TLS = "starttls"  # or "ssl" (port 465) or "none"
    PB_SMTP_USER = ""
    PB_SMTP_PASSWORD = ""
    PB_MAIL_FROM = "pb@localhost"
    PB_SMS_BACKEND = "log"  # or "package.module:Class" (docs/messaging.md)
    PB_PUBLIC_URL = "http://localhost:5000"  # vote links in mails sent by `flask mail send`
    PB_GET_CODE_SECONDS = 0.6  # every "Get my code" answer takes this long, match or not
    PB_GET_CODE_RATE_LIMIT = "5 per minute;20 per hour"  # per client address
    PB_GET_CODE_ENTRY_LIMIT = "5 per hour;10 per day"  # per person typed (hash of the fields)
    # Staff sign-in (pb/web/auth.py): sessions end after this long idle, and in any case.
    PB_STAFF_IDLE_SECONDS = 30 * 60
    PB_STAFF_MAX_AGE_SECONDS = 12 * 60 * 60
    PB_LOGIN_RATE_LIMIT = "20 per minute"  # login POSTs per address (hashing is costly)
    PB_LOGIN_ACCOUNT_FAILURES = 5  # wrong passwords per account before the delays grow
    PB_LOGIN_ADDRESS_FAILURES = 20  # ... and per address
    PB_SUPPORT_RATE_LIMIT = "30 per hour"  # idea supports counted per address
    # Development (plain http on localhost: `make run`, the tests) sends cookies without Secure.
    PB_DEVELOPMENT = False
    PB_PROXY_FIX = 0  # behind N reverse proxies: trust N X-Forwarded-For/-Proto hops
    PB_DB_BUSY_SECONDS = 4  # a database lock held longer answers 503 "busy, try again"


ENV_KEYS = {
    "SECRET_KEY": "SECRET_KEY",
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "PB_CODE_PEPPER": "PB_CODE_PEPPER",
    "PB_RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "PB_UPLOAD_DIR": "PB_UPLOAD_DIR",
    "PB_KEY_DIR": "PB_KEY_DIR",
    "PB_CODE_RATE_LIMIT": "PB_CODE_RATE_LIMIT",
    "PB_KIOSK_CODE_RATE_LIMIT": "PB_KIOSK_CODE_RATE_LIMIT",
    "PB_SMTP_HOST": "PB_SMTP_HOST",
    "PB_SMTP_PORT": "PB_SMTP_PORT",
    "PB_SMTP_TLS": "PB_SMTP_TLS",
    "PB_SMTP_USER": "PB_SMTP_USER",
    "PB_SMTP_PASSWORD": "PB_SMTP_PASSWORD",
    "PB_MAIL_FROM": "PB_MAIL_FROM",
    "PB_SMS_BACKEND": "PB_SMS_BACKEND",
    "PB_PUBLIC_URL": "PB_PUBLIC_URL",
    "PB_DEVELOPMENT": "PB_DEVELOPMENT",
    "PB_LOGIN_RATE_LIMIT": "PB_LOGIN_RATE_LIMIT",
    "PB_SUPPORT_RATE_LIMIT": "PB_SUPPORT_RATE_LIMIT",
    "PB_PROXY_FIX": "PB_PROXY_FIX",
}


def normalize_database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for env, key in ENV_KEYS.items():
        if os.environ.get(env):
            app.config[key] = os.environ[env]
    if overrides:
        app.config.update(overrides)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = Path(app.instance_path) / "pb.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalize_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set: run `python -m pb.instance_setup` (make run does), which "
            "writes one into instance/config.py, or set the SECRET_KEY environment variable"
        )
    app.config.setdefault("PB_UPLOAD_DIR", None)
    if not app.config.get("PB_UPLOAD_DIR"):
        app.config["PB_UPLOAD_DIR"] = str(Path(app.instance_path) / "uploads")
    if not app.config.get("PB_KEY_DIR"):
        app.config["PB_KEY_DIR"] = str(Path(app.instance_path) / "keys")
    if not app.config.get("PB_CODE_PEPPER"):
        app.config["PB_CODE_PEPPER"] = app.config["SECRET_KEY"]
    _harden(app)


def _harden(app: Flask) -> None:
    development = str(app.config["PB_DEVELOPMENT"]).lower() in ("1", "true", "yes")
    app.config["PB_DEVELOPMENT"] = development
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = not (development or app.testing or app.debug)
    app.config["PB_PROXY_FIX"] = int(app.config["PB_PROXY_FIX"] or 0)
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        # One file that every worker on this machine shares (pb/ratelimit_storage.py); set
        # PB_RATELIMIT_STORAGE_URI=redis://... to share the counts across machines.
        path = Path(app.instance_path) / "ratelimit.sqlite"
        app.config["RATELIMIT_STORAGE_URI"] = f"sqlite:///{path}"
