from collections.abc import Iterable
from datetime import UTC, datetime


def utcnow() -> datetime:
    # Naive UTC: SQLite has no time zones, and one convention everywhere avoids mixing them.
    return datetime.now(UTC).replace(tzinfo=None)


def one_of(column: str, values: Iterable[str]) -> str:
    """The SQL of a CHECK that `column` holds one of `values`: the constraint is built from the
    same constant the code uses, so the two cannot drift apart."""
    quoted = ",".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
