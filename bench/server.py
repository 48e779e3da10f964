"""Run the real app under gunicorn on a throwaway database: shared by bench/cast.py and
tests/e2e/test_concurrency.py.

`database()` yields a URL: a fresh SQLite file, or a fresh schema of a PostgreSQL database
(put first on the search path through the URL, dropped afterwards). `prepare()` creates the
tables and runs a setup function in an app context; `gunicorn()` serves wsgi:app on a free port.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET = "bench-" + secrets.token_hex(16)
T = TypeVar("T")


@contextmanager
def database(tmp: Path, postgres_url: str | None = None) -> Iterator[str]:
    if not postgres_url:
        yield f"sqlite:///{tmp / 'pb.sqlite'}"
        return
    schema = "pbrun_" + secrets.token_hex(6)
    admin = sa.create_engine(postgres_url)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    try:
        yield f"{postgres_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def prepare(url: str, tmp: Path, setup: Callable[[], T]) -> T:
    """Create the schema at `url` and run `setup()` in an app context."""
    from pb.app import create_app
    from pb.extensions import db

    app = create_app(
        {"SECRET_KEY": SECRET, "PB_CODE_PEPPER": SECRET, "SQLALCHEMY_DATABASE_URI": url},
        instance_path=str(tmp),
    )
    with app.app_context():
        db.create_all()
        try:
            return setup()
        finally:
            db.session.remove()
            db.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(url: str, tmp: Path, workers: int = 4, **env: str) -> Iterator[str]:
    """Serve wsgi:app with `workers` sync workers and the project's gunicorn.conf.py; yields the
    base URL. PB_ACCESS_LOG=<file> in `env` turns the access log on."""
    port = free_port()
    full_env = {
        **os.environ,
        "SECRET_KEY": SECRET,
        "PB_CODE_PEPPER": SECRET,  # whatever instance/config.py says
        "DATABASE_URL": url,
        "PB_UPLOAD_DIR": str(tmp / "uploads"),
        "PB_KEY_DIR": str(tmp / "keys"),
        "PB_ACCESS_LOG": "",  # none unless asked for (the config file's format, tested)
        "PB_DEVELOPMENT": "1",  # plain http: cookies without the Secure flag
        "PB_RATELIMIT_STORAGE_URI": f"sqlite:///{tmp / 'ratelimit.sqlite'}",  # this run's own
        **env,
    }
    log = open(tmp / "gunicorn.log", "wb")  # noqa: SIM115  (closed below, after the process)
    proc = subprocess.Popen(
        [
            str(GUNICORN),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--backlog",
            "4096",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=full_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {(tmp / 'gunicorn.log').read_text()[-2000:]}")
            try:
                if requests.get(base + "/", timeout=10).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
