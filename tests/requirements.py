"""What some tests need from the machine (chromium, PostgreSQL, ../shared/pabulib), and
PB_REQUIRE: a comma list of those names that must be there. A laptop without them skips the
tests that need them; CI lists them all, so a missing one fails the run instead of passing
silently with skips."""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# ../shared/pabulib beside the checkout (a clean clone links ../shared there too).
PABULIB = Path(os.environ.get("PB_PABULIB", ROOT.parent / "shared" / "pabulib"))
PG_URL = os.environ.get("PB_TEST_DATABASE_URL", "")
# A Redis database the tests may flush (the multi-machine and shared rate-limit tests).
REDIS_URL = os.environ.get("PB_TEST_REDIS_URL", "redis://127.0.0.1:6379/1")
CHROMIUM = (
    os.environ.get("PB_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)


def _chromium() -> str | None:
    if not CHROMIUM or not os.access(CHROMIUM, os.X_OK):
        return f"no chromium executable (PB_CHROMIUM={CHROMIUM or ''!r}; apt-get install chromium)"
    for module in ("playwright.sync_api", "axe_playwright_python"):
        if importlib.util.find_spec(module) is None:
            return f"the Python package {module.split('.')[0]} is not installed (make install-test)"
    return None


def _postgres() -> str | None:
    if not PG_URL:
        return "PB_TEST_DATABASE_URL is not set"
    import sqlalchemy as sa

    engine = sa.create_engine(PG_URL)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except Exception as error:  # any failure to reach the server means the same thing here
        return f"cannot connect to PB_TEST_DATABASE_URL: {type(error).__name__}: {error}"
    finally:
        engine.dispose()
    return None


def _pabulib() -> str | None:
    if not any(PABULIB.glob("*.pb")):
        return f"no .pb files in {PABULIB} (link ../shared beside the checkout or set PB_PABULIB)"
    return None


def _redis() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception as error:  # any failure to reach the server means the same thing here
        return f"cannot reach PB_TEST_REDIS_URL={REDIS_URL}: {type(error).__name__}: {error}"
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "chromium": _chromium,
    "postgres": _postgres,
    "pabulib": _pabulib,
    "redis": _redis,
}


def required() -> set[str]:
    names = {n.strip() for n in os.environ.get("PB_REQUIRE", "").split(",") if n.strip()}
    unknown = names - set(CHECKS)
    if unknown:
        raise pytest.UsageError(
            f"PB_REQUIRE names {', '.join(sorted(unknown))}; known: {', '.join(CHECKS)}"
        )
    return names


def missing_required() -> list[str]:
    """One line per requirement listed in PB_REQUIRE that this machine does not meet."""
    return [f"{name}: {why}" for name in sorted(required()) if (why := CHECKS[name]())]


def need(name: str, reason: str) -> None:
    """Call where a test finds `name` missing: skips, or fails when PB_REQUIRE lists it."""
    if name in required():
        pytest.fail(f"{reason} (PB_REQUIRE lists {name})", pytrace=False)
    pytest.skip(reason)
