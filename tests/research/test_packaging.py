"""`pip install .` is the tally library alone: pb.domain and the researchers' `pb` command need
none of the web app's packages, which come with the `web` extra."""

import ast
import importlib.metadata
import re
import subprocess
import sys
from pathlib import Path

import pb.research

WEB_ONLY = ("flask", "gunicorn", "psycopg", "sqlalchemy")


def _name(requirement: str) -> str:
    return re.split(r"[\s;<>=!~\[(]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_web_packages_are_required_only_by_the_web_extra():
    requires = importlib.metadata.requires("pb") or []
    web = [r for r in requires if _name(r).startswith(WEB_ONLY)]
    assert {"flask", "gunicorn", "sqlalchemy"} <= {_name(r) for r in web}
    for requirement in web:
        assert re.search(r"""extra\s*==\s*["']web["']""", requirement), requirement


def test_the_test_extra_pulls_in_the_web_extra():
    requires = importlib.metadata.requires("pb") or []
    assert any(
        _name(r) == "pb" and "[web]" in r and re.search(r"""extra\s*==\s*["']test["']""", r)
        for r in requires
    ), requires


def test_the_research_cli_and_the_domain_load_no_web_package():
    code = """
import importlib, pkgutil, sys
import pb.domain, pb.research.cli, pb.research.replay
for info in pkgutil.walk_packages(pb.domain.__path__, "pb.domain."):
    importlib.import_module(info.name)
bad = [m for m in ("flask", "sqlalchemy", "flask_sqlalchemy") if m in sys.modules]
print(",".join(bad))
sys.exit(1 if bad else 0)
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pb_research_imports_only_pb_domain_from_pb():
    for path in Path(pb.research.__path__[0]).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name == "pb" or name.startswith("pb."):
                    assert name.startswith(("pb.domain", "pb.research")), (path.name, name)
