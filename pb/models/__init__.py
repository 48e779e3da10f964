"""SQLAlchemy models, one module per family. Importing this package registers every table
(Alembic autogenerate and `db.create_all` need that)."""

from pb.models.audit import AuditEntry
from pb.models.cycle import Budget, Cycle, Project
from pb.models.people import User

__all__ = ["AuditEntry", "Budget", "Cycle", "Project", "User"]
