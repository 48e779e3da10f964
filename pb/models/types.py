from datetime import UTC, datetime


def utcnow() -> datetime:
    # Naive UTC: SQLite has no time zones, and one convention everywhere avoids mixing them.
    return datetime.now(UTC).replace(tzinfo=None)
