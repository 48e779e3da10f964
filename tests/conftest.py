import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# ../shared/pabulib beside the checkout (a clean clone links ../shared there too).
PABULIB = Path(os.environ.get("PB_PABULIB", ROOT.parent / "shared" / "pabulib"))
SLOW = os.environ.get("PB_SLOW") == "1"


def pabulib_file(name: str) -> Path:
    path = PABULIB / name
    if not path.exists():
        pytest.skip(f"{name} needs ../shared/pabulib")
    return path


def pabulib_files() -> list[Path]:
    return sorted(PABULIB.glob("*.pb")) if PABULIB.is_dir() else []
