"""The gunicorn configuration as a crash would test it: kill the master with SIGKILL, start a
new one on the same port at once (as systemd's Restart=always does), and it serves."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time

import pytest
import requests

from bench.server import GUNICORN, ROOT, SECRET, database, free_port, prepare
from tests.factories import make_cycle


def _start(url: str, tmp, port: int, log_name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "SECRET_KEY": SECRET,
        "PB_CODE_PEPPER": SECRET,
        "DATABASE_URL": url,
        "PB_KEY_DIR": str(tmp / "keys"),
        "PB_ACCESS_LOG": "",
        "PB_DEVELOPMENT": "1",
        "PB_RATELIMIT_STORAGE_URI": f"sqlite:///{tmp / 'ratelimit.sqlite'}",
    }
    with open(tmp / log_name, "wb") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [str(GUNICORN), "-c", str(ROOT / "gunicorn.conf.py"), "-w", "2"]
            + ["-b", f"127.0.0.1:{port}", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_up(base: str, proc: subprocess.Popen, tmp, log_name: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError((tmp / log_name).read_text()[-3000:])
        try:
            if requests.get(base + "/", timeout=10).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise AssertionError("no answer: " + (tmp / log_name).read_text()[-3000:])


@pytest.mark.attack(
    "SIGKILL the gunicorn master, start a new one at once on the same port",
    "it binds and serves: workers die with their master",
)
def test_a_new_master_binds_at_once_after_the_old_one_was_killed(tmp_path):
    with database(tmp_path) as url:
        prepare(url, tmp_path, lambda: make_cycle("demo"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        first = _start(url, tmp_path, port, "first.log")
        second = None
        try:
            _wait_up(base, first, tmp_path, "first.log")
            first.send_signal(signal.SIGKILL)  # the workers live on for a moment, port held
            first.wait()
            second = _start(url, tmp_path, port, "second.log")
            _wait_up(base, second, tmp_path, "second.log")
            time.sleep(2)  # the orphaned workers have gone; the new master serves alone
            for _ in range(5):
                assert requests.get(base + "/", timeout=5).status_code == 200
            # gunicorn retries a busy port 5 times, a second apart, then gives up: it bound.
            assert "Listening at" in (tmp_path / "second.log").read_text()
        finally:
            for proc in (first, second):
                if proc is not None and proc.poll() is None:
                    proc.terminate()
                    proc.wait(timeout=30)
            if first.poll() is not None:  # the killed master's group: orphans, if any are left
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(first.pid, signal.SIGTERM)
