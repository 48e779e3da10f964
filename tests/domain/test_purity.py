"""pb/domain is pure Python: importing any of its modules loads neither Flask nor SQLAlchemy
(nor pabutools, the GPL-3.0 oracle the tests compare against)."""

import subprocess
import sys

# Each module is imported in a fresh interpreter: in this one the web tests load Flask anyway.
IMPORT_ALL = """
import importlib, pkgutil, sys
import pb.domain
for info in pkgutil.walk_packages(pb.domain.__path__, "pb.domain."):
    importlib.import_module(info.name)
    print(info.name)
"""


def _fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_every_domain_module_imports_no_flask_sqlalchemy_or_pabutools():
    code = IMPORT_ALL + (
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'pabutools')]\n"
        "print('loaded:', ','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    result = _fresh(code)
    assert result.returncode == 0, result.stdout + result.stderr
    imported = set(result.stdout.split())
    # walk_packages must have found the tree, not an empty path.
    assert {"pb.domain.election", "pb.domain.tally.mes", "pb.domain.pabulib"} <= imported
