"""`python -m pb.instance_setup`: create instance/config.py with a random SECRET_KEY, once.

Runs before the app can start (the app refuses to start without a secret), so it needs no app.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ensure_instance_config(instance: Path = ROOT / "instance") -> Path:
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "config.py"
    if not path.exists():
        path.write_text(
            "# Generated once by `make run`; keep it secret, keep it stable (sessions and voter\n"
            "# code hashes depend on it).\n"
            f"SECRET_KEY = {secrets.token_urlsafe(48)!r}\n"
        )
        path.chmod(0o600)
    return path


if __name__ == "__main__":
    print(f"instance config: {ensure_instance_config()}", file=sys.stderr)
