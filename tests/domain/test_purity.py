import subprocess
import sys


def test_domain_imports_no_flask_or_sqlalchemy():
    code = (
        "import sys, pb.domain, pb.domain.election, pb.domain.tally, pb.domain.pabulib;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy', 'pabutools')];"
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
