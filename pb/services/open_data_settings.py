"""Staff settings for a cycle's open data: where the vote took place (pabulib's country, unit,
language), the licence of the published ballots, k for k-anonymity, and the optional voter
questions asked at the end of the ballot (fixed lists, pb.domain.voter_questions). The questions
are frozen once voting opens: every ballot of a vote is asked the same."""

from __future__ import annotations

from flask_babel import gettext as _

from pb.domain.phases import Phase
from pb.domain.voter_questions import KEYS, Question, parse_keys, questions_for
from pb.extensions import db
from pb.models import Budget, Cycle, User
from pb.models.audit import record
from pb.services.errors import Refused, transaction

LICENCES = ("CC-BY-4.0", "CC0-1.0", "CC-BY-SA-4.0", "ODbL-1.0")


def questions_of(cycle_id: int, keys: str | None = None) -> list[Question]:
    """The cycle's questions with their options (two small queries; the ballot pages ask, and
    pass the question keys they already read with the cycle: no query when none is asked)."""
    if keys is None:
        keys = db.session.scalar(db.select(Cycle.questions).where(Cycle.id == cycle_id)) or ""
    if not keys:
        return []
    districts = db.session.scalars(
        db.select(Budget.district).where(Budget.cycle_id == cycle_id, Budget.district != "")
    )
    return questions_for(parse_keys(keys), sorted(set(districts)))


def update_settings(
    actor: User,
    cycle: Cycle,
    *,
    country: str,
    unit: str,
    language: str,
    licence: str,
    export_k: int,
    questions: list[str],
) -> None:
    if licence not in LICENCES:
        raise Refused(
            _("Choose one of the licences: %(licences)s.", licences=", ".join(LICENCES)), "licence"
        )
    if export_k < 2:
        raise Refused(
            _("k must be at least 2: a group of one ballot identifies its voter."), "export_k"
        )
    unknown = [q for q in questions if q not in KEYS]
    if unknown:
        raise Refused(_("Unknown questions: %(keys)s.", keys=", ".join(unknown)), "questions")
    chosen = ",".join(k for k in KEYS if k in questions)
    if chosen != cycle.questions and cycle.current_phase.index >= Phase.VOTING.index:
        raise Refused(
            _(
                "The questions cannot change once voting has opened: every ballot of a vote is "
                "asked the same questions."
            ),
            "questions",
        )
    with transaction():
        cycle.country = country.strip()[:60]
        cycle.unit = unit.strip()[:100]
        cycle.language = language.strip().lower()[:2] or "en"
        cycle.licence = licence
        cycle.export_k = export_k
        cycle.questions = chosen
        record(
            actor,
            "cycle.open_data",
            f"cycle:{cycle.slug}",
            licence=licence,
            k=export_k,
            questions=chosen,
        )
