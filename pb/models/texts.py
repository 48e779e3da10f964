"""Texts staff write in a cycle's other languages: one row per object, field and language.
The default-language text stays on the object itself (cycle.name, project.title, ...), so the
existing forms and every query keep working; these rows only add the other languages."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db


class LocalText(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # cycle, budget, project, ideas, results
    object_id: Mapped[int]
    field: Mapped[str] = mapped_column(String(40))
    lang: Mapped[str] = mapped_column(String(5))
    value: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (UniqueConstraint("kind", "object_id", "field", "lang"),)
