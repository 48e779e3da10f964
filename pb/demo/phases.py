"""Demo data before and after the vote, so a newcomer sees every phase: next year's cycle in
idea collection (ideas waiting, published, supported, flagged, hidden, merged; proposals
feasible, not feasible, needing changes; phase dates), the voting cycle's projects linked back
to the proposals and ideas they came from, and last year's cycle being built (statuses,
progress, money spent, dated updates with photos).

Built with the same services as the pages, except where history is written after the fact (see
`_link_origins`)."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

from pb.demo.ballots import CURRENT, PAST
from pb.demo.data import IDEAS
from pb.domain.phases import Phase, Window
from pb.extensions import db
from pb.models.cycle import Cycle
from pb.models.ideas import Idea
from pb.models.implementation import ProjectProgress
from pb.models.people import User
from pb.models.proposals import ProjectOrigin, Proposal
from pb.models.types import utcnow
from pb.services import ideas, implementation, phases, proposals
from pb.services.errors import transaction
from pb.services.photos import Uploads

NEXT = "demo-2026"


def _photo(text: str, colour: tuple[int, int, int]) -> bytes:
    img = Image.new("RGB", (640, 400), colour)
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 260, 600, 360), fill=(250, 250, 245))
    draw.text((60, 300), text, fill=(20, 20, 20))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80)
    return out.getvalue()


def _next_cycle(actor: User, rng: random.Random, key_dir: Path) -> tuple[Cycle, list[str]]:
    with transaction():
        cycle = Cycle(
            slug=NEXT,
            name="Demo City 2026",
            description="Next year's cycle: send your ideas now.",
            phase=Phase.IDEAS.value,
        )
        db.session.add(cycle)
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    day = timedelta(days=1)
    phases.set_dates(
        actor,
        cycle,
        {
            Phase.IDEAS: Window(now - 10 * day, now + 20 * day),
            Phase.PROPOSALS: Window(None, now + 50 * day),
            Phase.VOTING: Window(now + 60 * day, now + 75 * day),
        },
        key_dir,
    )
    ideas.save_settings(
        actor,
        cycle,
        "pre",
        list(ideas.settings_for(cycle).category_list),
        ["North", "South"],
    )
    made: dict[str, Idea] = {}
    for title, text, category, district, location, supports, fate in IDEAS:
        idea = ideas.submit(cycle, ideas.IdeaInput(title, text, category, district, location))
        made[title] = idea
        if fate in ("publish", "merge", "hide"):
            ideas.publish(actor, idea)
        for _ in range(supports):
            ideas.support(idea, f"demo-{rng.getrandbits(64):x}")
    ideas.hide(
        actor, made["Buy me a car"], "Not an idea for the city, and it contains personal data."
    )
    ideas.merge(actor, made["Trees for the market"], made["Shade trees on the market square"])
    ideas.flag(made["Free wifi everywhere"], "demo-flagger", "Probably far beyond the budget?")

    feasible = proposals.save(
        actor,
        cycle,
        proposals.ProposalInput(
            title="Shade for the market square",
            summary="Twelve large trees with planters around the market square.",
            description="Residents asked for shade on the market square. The parks department "
            "proposes **twelve trees** in large planters, so the market can stay.",
            category="Environment and green spaces",
            district="South",
            location="Market square",
        ),
        [made["Shade trees on the market square"].id],
        [("12 trees, 4 m tall", Decimal("18000")), ("Planters and irrigation", Decimal("22000"))],
    )
    proposals.review(actor, feasible, "feasible", "", "Parks dept confirmed the planter design.")
    not_feasible = proposals.save(
        actor,
        cycle,
        proposals.ProposalInput(
            title="Night bus to the hospital",
            description="An hourly night bus line from the centre to the hospital.",
            category="Mobility and streets",
        ),
        [made["Night bus to the hospital"].id],
        [("One year of night service", Decimal("640000"))],
    )
    proposals.review(
        actor,
        not_feasible,
        "not_feasible",
        "Bus lines are run by the regional transport authority, not the city; we passed the "
        "idea on to them.",
        "Regional authority contact: planning desk.",
    )
    bikes = proposals.save(
        actor,
        cycle,
        proposals.ProposalInput(
            title="Covered bike parking at the station",
            description="A covered shelter for 200 bikes with racks.",
            category="Mobility and streets",
            location="Central station",
        ),
        [made["Covered bike parking at the station"].id],
        [("Shelter", Decimal("95000"))],
    )
    proposals.review(
        actor,
        bikes,
        "needs_changes",
        "The rail company owns part of the land: the plan must move 20 m east.",
        "",
    )
    lines = [
        f"{cycle.name} ({NEXT}): idea collection with {len(IDEAS)} ideas "
        f"(2 waiting for moderation, 1 hidden, 1 merged) and 3 proposals in review",
    ]
    return cycle, lines


def _link_origins(actor: User, cycle: Cycle) -> list[str]:
    """The voting cycle's ballot was built before this demo existed; write the history that a
    real cycle would have: ideas, a feasible proposal, and the origin row of the project."""
    linked = []
    projects = [p for b in cycle.budgets for p in b.projects][:2]
    with transaction():
        for project in projects:
            idea = Idea(
                cycle_id=cycle.id,
                title=f"Idea: {project.title.lower()}",
                description=f"A resident's idea that became “{project.title}”.",
                category=project.category,
                status="published",
                published_at=utcnow(),
            )
            proposal = Proposal(
                cycle_id=cycle.id,
                title=project.title,
                summary=project.summary,
                description=project.description,
                category=project.category,
                review="feasible",
                reviewed_by_id=actor.id,
                reviewed_at=utcnow(),
                created_by_id=actor.id,
            )
            proposal.ideas = [idea]
            db.session.add_all([idea, proposal])
            db.session.flush()
            db.session.add(
                ProjectOrigin(
                    project_id=project.id, proposal_id=proposal.id, promoted_by_id=actor.id
                )
            )
            linked.append(project.title)
    return [f"{cycle.name}: {len(linked)} ballot projects link back to their proposal and idea"]


def _build_past(actor: User, cycle: Cycle, uploads: Uploads) -> list[str]:
    if cycle.current_phase.index < Phase.RESULTS.index:
        return [f"{cycle.name}: results not published, no implementation demo"]
    winners = sorted(implementation.published_winners(cycle))
    if not winners:
        return [f"{cycle.name}: no funded project, no implementation demo"]
    implementation.track(actor, cycle, winners)
    phases.set_phase(actor, cycle, Phase.IMPLEMENTATION)
    today = date.today()
    plans = [
        ("completed", 100, Decimal("0.97"), ""),
        ("in_progress", 60, Decimal("0.45"), ""),
        ("planned", 0, Decimal("0"), ""),
        (
            "cancelled",
            0,
            Decimal("0.05"),
            "The site turned out to be contaminated; the money goes back into next year's budget.",
        ),
    ]
    colours = [(60, 130, 80), (70, 110, 160), (160, 120, 60)]
    progress = [db.session.get(ProjectProgress, pid) for pid in winners]
    for i, row in enumerate(progress):
        status, percent, share, reason = plans[i % len(plans)]
        spent = (row.allocated * share).quantize(Decimal("1"))
        implementation.set_status(actor, row, status, percent, spent, reason)
        if status in ("completed", "in_progress"):
            title = row.project.title
            implementation.add_update(
                actor,
                row,
                today - timedelta(days=120),
                "Work has started",
                f"The contractor started on **{title}**.",
                _photo(title, colours[i % 3]),
                uploads=uploads,
            )
            implementation.add_update(
                actor,
                row,
                today - timedelta(days=30),
                "Finished" if status == "completed" else "Halfway there",
                "Thank you to everyone who voted for this project."
                if status == "completed"
                else "The first half is done; the rest follows in spring.",
            )
    return [f"{cycle.name}: implementation of {len(winners)} funded projects with updates"]


def add_demo_phases(
    actor: User, cycles: dict[str, Cycle], uploads: Uploads, key_dir: Path
) -> list[str]:
    """Add the demo data for ideas, proposals and implementation; returns lines to print."""
    rng = random.Random(2026)
    lines: list[str] = []
    if db.session.scalar(db.select(Cycle).filter_by(slug=NEXT)) is None:
        lines += _next_cycle(actor, rng, key_dir)[1]
    current = cycles.get(CURRENT)
    if current is not None:
        lines += _link_origins(actor, current)
    past = cycles.get(PAST)
    if past is not None:
        lines += _build_past(actor, past, uploads)
    return lines
