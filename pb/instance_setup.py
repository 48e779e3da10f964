"""`python -m pb.instance_setup`: create instance/config.py with a random SECRET_KEY and a
separate PB_CODE_PEPPER, once.

Runs before the app can start (the app refuses to start without a secret), so it needs no app.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ensure_instance_config(instance: Path = ROOT / "instance") -> Path:
    """Write SECRET_KEY and PB_CODE_PEPPER once; add the pepper to an older config that has only
    the secret key (keeping its codes valid: the pepper used to be the secret key)."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "config.py"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(
                "# Generated once by `make run`; keep it secret, keep it stable, back it up with\n"
                "# instance/keys/. SECRET_KEY signs sessions; PB_CODE_PEPPER keys the voter code\n"
                "# hashes (a restore without the same pepper recognises no code).\n"
                f"SECRET_KEY = {secrets.token_urlsafe(48)!r}\n"
                f"PB_CODE_PEPPER = {secrets.token_urlsafe(48)!r}\n"
            )
    elif "PB_CODE_PEPPER" not in path.read_text():
        with path.open("a") as f:
            f.write("PB_CODE_PEPPER = SECRET_KEY  # codes made before the pepper had its own key\n")
    path.chmod(0o600)
    return path


if __name__ == "__main__":
    print(f"instance config: {ensure_instance_config()}", file=sys.stderr)
