"""Reading the audit log (services write it through pb.models.audit.record)."""

from __future__ import annotations

from pb.extensions import db
from pb.models import AuditEntry


def latest(limit: int = 500) -> list[AuditEntry]:
    """The newest `limit` entries, newest first."""
    return list(
        db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    )
