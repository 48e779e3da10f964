"""PB_REQUIRE: what CI lists must be there, or the run fails before any test (no silent skips);
without it a laptop skips what it lacks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import DATA, ROOT
from tests.requirements import need

ITSELF = "tests/test_requirements.py"


def pytest_run(tmp_path, **env: str) -> subprocess.CompletedProcess:
    """Collect this file in a fresh pytest with `env` on top of ours."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", ITSELF],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_requirement_stops_the_run_with_one_message_each(tmp_path):
    empty = tmp_path / "pabulib"
    empty.mkdir()
    result = pytest_run(
        tmp_path,
        PB_REQUIRE="chromium, postgres,pabulib",
        PB_PABULIB=str(empty),
        PB_CHROMIUM=str(tmp_path / "no-chromium"),
        PB_TEST_DATABASE_URL="",
    )
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "chromium: no chromium executable" in out
    assert "postgres: PB_TEST_DATABASE_URL is not set" in out
    assert f"pabulib: no .pb files in {empty}" in out


def test_an_unreachable_database_is_missing_too(tmp_path):
    unreachable = "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"
    result = pytest_run(tmp_path, PB_REQUIRE="postgres", PB_TEST_DATABASE_URL=unreachable)
    assert result.returncode != 0
    assert "postgres: cannot connect to PB_TEST_DATABASE_URL" in result.stdout + result.stderr


def test_an_unknown_requirement_is_an_error(tmp_path):
    result = pytest_run(tmp_path, PB_REQUIRE="chromium,pabulibb")
    assert result.returncode != 0
    assert "PB_REQUIRE names pabulibb; known: chromium, postgres, pabulib" in result.stderr


def test_a_requirement_that_is_there_lets_the_run_go_on(tmp_path):
    files = tmp_path / "pabulib"
    files.mkdir()
    shutil.copy(DATA / "Poland_Krakow_2022_Zwierzyniec.pb", files)
    result = pytest_run(tmp_path, PB_REQUIRE="pabulib", PB_PABULIB=str(files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_need_skips_unless_required(monkeypatch):
    monkeypatch.delenv("PB_REQUIRE", raising=False)
    with pytest.raises(pytest.skip.Exception, match="needs pabulib"):
        need("pabulib", "needs pabulib")
    monkeypatch.setenv("PB_REQUIRE", "postgres,pabulib")
    with pytest.raises(pytest.fail.Exception, match="needs pabulib .PB_REQUIRE lists pabulib"):
        need("pabulib", "needs pabulib")
