"""The site's own look and words, one row for the whole installation: the city or
organisation's name, logo, primary colour, footer links, privacy notice and contact address,
and the time zone new cycles start with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pb.extensions import db
from pb.models.types import utcnow


class SiteSettings(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    logo: Mapped[str] = mapped_column(String(200), default="")  # a stored photo's name
    primary_colour: Mapped[str] = mapped_column(String(7), default="")  # "" = pb.css's own
    # One link a line, "Label | https://...": few enough that a text box is the right form.
    footer_links: Mapped[str] = mapped_column(Text, default="")
    privacy_notice: Mapped[str] = mapped_column(Text, default="")  # Markdown
    contact: Mapped[str] = mapped_column(String(200), default="")
    default_time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
