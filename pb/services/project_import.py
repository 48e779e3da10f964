"""Staff import a budget's projects from a CSV or a `.pb`'s PROJECTS section, before voting
opens: `preview` checks every row and saves nothing; `import_projects` checks again and adds
every row in one transaction, or none."""

from __future__ import annotations

from flask_babel import gettext as _

from pb.domain.project_rows import Upload, read_upload
from pb.extensions import db
from pb.models import Budget, Project, User
from pb.models.audit import record
from pb.services.cycles import _guard
from pb.services.errors import Refused, transaction


def preview(budget: Budget, name: str, text: str) -> Upload:
    return read_upload(name, text)


def import_projects(actor: User | None, budget: Budget, name: str, text: str) -> int:
    upload = read_upload(name, text)
    if not upload.ok:
        raise Refused(_("The file has problems (listed in the preview); nothing was imported."))
    _guard(actor, budget.cycle, "project.import", f"budget:{budget.id}")
    with transaction():
        start = len(budget.projects)
        for i, row in enumerate(upload.rows):
            db.session.add(
                Project(
                    budget=budget,
                    title=row.values["title"],
                    description=row.values["description"],
                    cost=row.cost,
                    category=row.values["category"],
                    district=row.values["district"],
                    position=start + i,
                )
            )
        record(actor, "project.import", f"budget:{budget.id}", file=name, rows=len(upload.rows))
    return len(upload.rows)
