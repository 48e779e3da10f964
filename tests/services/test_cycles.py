import json
from decimal import Decimal

import pytest

from pb.domain.phases import Phase
from pb.extensions import db
from pb.models import AuditEntry, Budget, Project
from pb.services import cycles
from pb.services.errors import Refused
from tests.factories import key_dir, make_budget, make_cycle, make_user


def audit(action: str | None = None) -> list[AuditEntry]:
    query = db.select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.filter_by(action=action)
    return list(db.session.scalars(query))


@pytest.fixture
def staff(ctx):
    return make_user("staff")


def test_creating_a_cycle_budget_and_project_is_audited(staff):
    cycle = cycles.create_cycle(staff, name="Town 2025", slug="town-2025")
    budget = cycles.create_budget(
        staff, cycle, name="City", amount=Decimal(1000), ballot_kind="knapsack"
    )
    project = cycles.create_project(staff, budget, title="Trees", cost=Decimal(300))
    cycles.update_project(staff, project, cost=Decimal(350))
    assert [(e.action, e.actor_id) for e in audit()] == [
        ("cycle.create", staff.id),
        ("budget.create", staff.id),
        ("project.create", staff.id),
        ("project.update", staff.id),
    ]
    assert json.loads(audit("project.update")[0].details)["cost"] == ["300.00", "350"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": Decimal(0)}, "amount"),
        ({"ballot_kind": "cumulative"}, "ballot_kind"),  # no points set
        ({"min_picks": 3, "max_picks": 2}, "ballot_kind"),
        ({"rule": "nonsense"}, "rule"),
        ({"tie_break": "coin"}, "tie_break"),
        ({"ballot_kind": "ranked", "rule": "equalshares"}, "rule"),  # MES counts approval only
    ],
)
def test_inconsistent_budget_settings_are_refused(staff, fields, field):
    cycle = make_cycle()
    values = {"name": "City", "amount": Decimal(1000), **fields}
    with pytest.raises(Refused) as info:
        cycles.create_budget(staff, cycle, **values)
    assert info.value.field == field
    assert db.session.scalar(db.select(db.func.count()).select_from(Budget)) == 0


def test_slugs_are_unique_and_plain(staff):
    cycles.create_cycle(staff, name="A", slug="a")
    with pytest.raises(Refused, match="uses the address"):
        cycles.create_cycle(staff, name="B", slug="a")
    with pytest.raises(Refused, match="letters, digits and dashes"):
        cycles.create_cycle(staff, name="C", slug="a b")


def test_open_voting_needs_budgets_with_projects(staff):
    cycle = make_cycle(phase=Phase.PROPOSALS)
    with pytest.raises(Refused, match="at least one budget"):
        cycles.open_voting(staff, cycle, key_dir())
    make_budget(cycle, costs=())
    with pytest.raises(Refused, match="has no projects"):
        cycles.open_voting(staff, cycle, key_dir())
    assert cycle.current_phase is Phase.PROPOSALS


def test_open_and_close_voting_are_audited(staff):
    cycle = make_cycle()
    make_budget(cycle)
    cycles.open_voting(staff, cycle, key_dir())
    assert cycle.current_phase is Phase.VOTING
    with pytest.raises(Refused):
        cycles.open_voting(staff, cycle, key_dir())
    cycles.close_voting(staff, cycle)
    assert cycle.current_phase is Phase.COUNTING
    with pytest.raises(Refused):
        cycles.close_voting(staff, cycle)
    assert [e.action for e in audit()] == ["voting.open", "voting.close"]


FROZEN_ATTEMPTS = {
    "budget.create": lambda s, c, b, p: cycles.create_budget(s, c, name="New", amount=Decimal(5)),
    "budget.update": lambda s, c, b, p: cycles.update_budget(s, b, amount=Decimal(5)),
    "budget.delete": lambda s, c, b, p: cycles.delete_budget(s, b),
    "project.create": lambda s, c, b, p: cycles.create_project(s, b, title="X", cost=Decimal(1)),
    "project.update": lambda s, c, b, p: cycles.update_project(s, p, cost=Decimal(1)),
    "project.delete": lambda s, c, b, p: cycles.delete_project(s, p),
}


@pytest.mark.parametrize("phase", [Phase.VOTING, Phase.COUNTING, Phase.RESULTS])
@pytest.mark.parametrize("attempt", sorted(FROZEN_ATTEMPTS))
def test_budgets_and_projects_are_frozen_once_voting_opens(staff, phase, attempt):
    cycle = make_cycle(phase=phase)
    budget = make_budget(cycle)
    project = budget.projects[0]
    with pytest.raises(Refused, match="frozen"):
        FROZEN_ATTEMPTS[attempt](staff, cycle, budget, project)
    db.session.expire_all()
    assert db.session.get(Budget, budget.id).amount == Decimal(1000)
    assert db.session.get(Project, project.id).cost == Decimal(400)
    assert db.session.scalar(db.select(db.func.count()).select_from(Project)) == 4
    (entry,) = audit()
    assert (entry.action, entry.actor_id) == ("refused", staff.id)
    assert entry.details_dict == {"attempted": attempt, "phase": phase.value}


def test_cycle_details_stay_editable_while_voting(staff):
    cycle = make_cycle(phase=Phase.VOTING)
    cycles.update_cycle(staff, cycle, description="Vote until Sunday")
    assert cycle.description == "Vote until Sunday"


def test_staff_lists_read_newest_cycle_first_and_projects_in_ballot_order(staff):
    from datetime import datetime

    old, new = make_cycle("old"), make_cycle("new")
    old.created_at, new.created_at = datetime(2020, 1, 1), datetime(2030, 1, 1)
    second = make_budget(new, costs=(100, 200))
    first = make_budget(new, costs=(300,))
    second.position, first.position = 2, 1
    later, earlier = second.projects
    later.position, earlier.position = 5, 4
    db.session.commit()
    assert [c.slug for c in cycles.all_cycles()] == ["new", "old"]
    assert [p.id for p in cycles.projects_of(new)] == [
        first.projects[0].id,
        earlier.id,
        later.id,
    ]
    assert cycles.projects_of(old) == []
