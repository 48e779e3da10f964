"""Public pages before and after the vote: ideas, proposals, implementation progress; and the
template helpers other pages include (`ideas/_cycle_phases.html`, `ideas/_origin.html`)."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint
from markupsafe import Markup

from pb.domain.markdown import plain, render

bp = Blueprint("ideas", __name__)


@bp.app_template_filter("safe_markdown")
def safe_markdown(text: str | None) -> Markup:
    return Markup(render(text))  # noqa: S704  (render() sanitizes with nh3)


@bp.app_template_filter("excerpt")
def excerpt(text: str | None, limit: int = 200) -> str:
    return plain(text, limit)


@bp.app_template_filter("when")
def when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d %b %Y, %H:%M} UTC"
    return f"{value:%d %b %Y}"


@bp.app_context_processor
def _helpers() -> dict:
    from pb.web.ideas import context

    return {
        "cycle_standing": context.cycle_standing,
        "project_origin": context.project_origin,
        "implementation_summary": context.implementation_summary,
    }


from pb.web.ideas import views, progress  # noqa: E402, F401, I001
