"""What the staff moderation pages read and do on top of pb.services.ideas: the queue of one
cycle's ideas by status, and merging a duplicate into an idea given by its number."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination

from pb.extensions import db
from pb.models import Cycle, User
from pb.models.ideas import Idea
from pb.services import ideas
from pb.services.errors import Refused

QUEUE_FILTERS = {
    "pending": _l("Waiting for moderation"),
    "flagged": _l("Flagged by residents"),
    "published": _l("Published"),
    "hidden": _l("Hidden"),
    "merged": _l("Merged"),
    "all": _l("All"),
}


def queue(
    cycle: Cycle, status: str, text: str = "", page: int = 1, per_page: int = 50
) -> Pagination:
    """One page of the cycle's ideas with `status` (a key of QUEUE_FILTERS), newest first."""
    stmt = ideas.search(cycle, text=text, status="" if status == "all" else status, public=False)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def merge_into(actor: User, idea: Idea, number: int) -> Idea:
    """Merge `idea` into the idea numbered `number`; returns that idea."""
    survivor = db.session.get(Idea, number)
    if survivor is None:
        raise Refused(_("There is no idea with this number."), "survivor")
    ideas.merge(actor, idea, survivor)
    return survivor
