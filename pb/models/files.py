"""Uploaded files (photos) kept in the database, so that every app machine serves them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db
from pb.models.types import utcnow


class StoredFile(db.Model):
    name: Mapped[str] = mapped_column(String(80), primary_key=True)  # random, with its suffix
    mimetype: Mapped[str] = mapped_column(String(50))
    sha256: Mapped[str] = mapped_column(String(64))  # the ETag
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
