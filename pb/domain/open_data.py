"""A published budget as open data: a tidy ballots CSV, a projects CSV and a pabulib `.pb`.

The service hands over plain data (`BudgetData`: projects, opened ballots, the published count);
`prepare` shuffles the ballots (pb.domain.anonymity), numbers them 1..n and applies k-anonymity
to the voter attributes; the writers below turn one prepared budget into files. Nothing here
knows a code, an address, a user agent, a staff member, a time of day or a kiosk's place: the
input has no such field, and the column lists below are closed.

The `.pb` passes pabulib's own checker (`pabulib-checker`): its `rule` is pb's rule where
pabulib knows the name and the checker recomputes the same outcome, else `unknown`, with pb's
rule and tie-break in the `comment` and in the recount bundle (pb.domain.bundle); pabulib's
`voting_method` knows internet and paper only, so kiosk ballots appear there as internet (the
CSV keeps `kiosk`); a question without a pabulib column (first time voting) is in the CSV only.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from pb.domain import pabulib
from pb.domain.anonymity import Anonymized, k_anonymize, neutral, shuffled
from pb.domain.election import Election, Project, build_election
from pb.domain.money import format_money
from pb.domain.voter_questions import AGE_LEVELS, LABELS, Question

# pb's channel -> pabulib's voting_method (the CSV keeps pb's word: internet, kiosk, paper)
CSV_METHOD = {"online": "internet", "kiosk": "kiosk", "paper": "paper"}
PB_METHOD = {"internet": "internet", "kiosk": "internet", "paper": "paper"}
CHANNEL_COLUMN = "voting_method"
# Rules pabulib's checker knows and recomputes as pb does (for the ballot kinds noted).
CHECKER_RULES = {
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "greedy-custom",
    "equalshares",
    "equalshares/add1",
}
PB_NULLABLE = {"age", "sex", "neighborhood"}  # pabulib VOTES columns that may be empty
KIND_VALUE = {"approval": "approved (1) or not (0)", "knapsack": "approved (1) or not (0)"}


@dataclass(frozen=True)
class ProjectData:
    id: str
    name: str
    cost: Fraction
    category: str = ""
    district: str = ""


@dataclass(frozen=True)
class BallotData:
    selection: Mapping[str, int]  # project id -> 1, the rank, or the points
    channel: str = "online"
    answers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BudgetData:
    id: int
    name: str
    district: str
    kind: str  # pb's ballot kind: approval, knapsack, ranked, cumulative
    vote_type: str  # pabulib's
    amount: Fraction
    currency: str
    rule: str
    tie_break: str
    selected: tuple[str, ...]  # the published funded projects, in funding order
    scores: Mapping[str, Fraction]
    projects: tuple[ProjectData, ...]
    ballots: tuple[BallotData, ...]
    limits: Mapping[str, str] = field(default_factory=dict)  # min_length, max_sum_cost, ...


@dataclass(frozen=True)
class CycleData:
    slug: str
    name: str
    country: str
    unit: str
    language: str
    licence: str
    k: int
    date_begin: date | None
    date_end: date | None
    questions: tuple[Question, ...]
    budgets: tuple[BudgetData, ...]
    version: str = ""

    @property
    def instance(self) -> str:
        day = self.date_end or self.date_begin
        return str(day.year) if day else self.slug


@dataclass(frozen=True)
class Prepared:
    """One budget ready to write: ballots in their published order, with their attributes."""

    budget: BudgetData
    ballots: tuple[BallotData, ...]
    attributes: Anonymized


def prepare(cycle: CycleData, budget: BudgetData, rng: random.Random | None = None) -> Prepared:
    ballots = shuffled(budget.ballots, rng)
    rows = []
    for b in ballots:
        row = {CHANNEL_COLUMN: CSV_METHOD.get(b.channel, b.channel)}
        row.update({q.key: b.answers.get(q.key, "") for q in cycle.questions})
        rows.append(row)
    columns = [CHANNEL_COLUMN, *(q.key for q in cycle.questions)]
    labels = {CHANNEL_COLUMN: "voting method", **LABELS}
    attributes = k_anonymize(rows, columns, cycle.k, {"age": AGE_LEVELS}, labels, rng)
    return Prepared(budget, tuple(ballots), attributes)


# --- CSV ---------------------------------------------------------------------------------------


def _csv(rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([neutral(str(cell)) for cell in row])
    return out.getvalue()


def _cell(value: str) -> str:
    value = neutral(value)
    if any(ch in value for ch in ',"\n\r'):
        return '"' + value.replace('"', '""') + '"'
    return value


def ballots_csv(prepared: Prepared) -> str:
    """One row per ballot: voter_id (1..n), one column per project id (1/0, the rank with 0 for
    not ranked, or the points), then the published voter attributes."""
    budget = prepared.budget
    ids = [p.id for p in budget.projects]
    index = {pid: i for i, pid in enumerate(ids)}
    columns = prepared.attributes.columns
    head = _csv([["voter_id", *ids, *columns]])
    # Cells are whole numbers and fixed-list values, written without the csv module's per-cell
    # cost (a million cells of digits need no quoting); attributes are neutralized and quoted.
    lines = []
    for n, (ballot, attrs) in enumerate(
        zip(prepared.ballots, prepared.attributes.rows, strict=True), start=1
    ):
        cells = ["0"] * len(ids)
        for pid, value in ballot.selection.items():
            cells[index[pid]] = str(int(value))
        extra = ",".join(_cell(attrs[c]) for c in columns)
        lines.append(f"{n},{','.join(cells)}{',' + extra if columns else ''}")
    return head + "".join(line + "\n" for line in lines)


def projects_csv(budget: BudgetData) -> str:
    supporters = _supporters(budget)
    rows: list[list[object]] = [
        ["project_id", "name", "cost", "category", "district", "votes", "score", "selected"]
    ]
    for p in budget.projects:
        rows.append(
            [
                p.id,
                p.name,
                pabulib.format_number(p.cost),
                p.category,
                p.district,
                supporters[p.id],
                pabulib.format_number(Fraction(budget.scores.get(p.id, 0))),
                int(p.id in budget.selected),
            ]
        )
    return _csv(rows)


def _supporters(budget: BudgetData) -> dict[str, int]:
    counts = {p.id: 0 for p in budget.projects}
    for b in budget.ballots:
        for pid in b.selection:
            counts[pid] += 1
    return counts


# --- pabulib -----------------------------------------------------------------------------------


def pabulib_rule(budget: BudgetData) -> str:
    """The `rule` META value: pb's rule where pabulib's checker knows it and counts as pb does."""
    if budget.rule in CHECKER_RULES and budget.vote_type in ("approval", "cumulative"):
        return budget.rule
    return "unknown"


def _day(d: date | None, fallback: date | None) -> str:
    d = d or fallback
    return d.strftime("%d.%m.%Y") if d else "01.01.1970"


def election(cycle: CycleData, prepared: Prepared) -> Election:
    """The prepared budget as a pabulib election: every META field pabulib requires, the
    published result in PROJECTS' `selected`, and the attributes pabulib has columns for."""
    budget = prepared.budget
    order = _checker_order(budget)
    supporters = _supporters(budget)
    with_score = budget.vote_type == "cumulative"
    projects = []
    optional = {
        "category": all(p.category for p in budget.projects),
        "district": all(p.district for p in budget.projects),
    }
    for p in order:
        fields = {"votes": str(supporters[p.id])}
        if with_score:
            fields["score"] = pabulib.format_number(Fraction(budget.scores.get(p.id, 0)))
        fields["name"] = _plain(p.name)
        if optional["category"]:
            fields["category"] = _plain(p.category).replace(",", " ")
        fields["selected"] = "1" if p.id in budget.selected else "0"
        if optional["district"]:
            fields["district"] = _plain(p.district)
        projects.append(Project(p.id, p.cost, fields))
    ballots = [_ordered(budget.kind, b.selection) for b in prepared.ballots]
    points = None
    if budget.vote_type == "cumulative":
        points = [
            [b.selection[pid] for pid in ids]
            for b, ids in zip(prepared.ballots, ballots, strict=True)
        ]
    rule = pabulib_rule(budget)
    comment = (
        f"#1: Counted by pb{' ' + cycle.version if cycle.version else ''} with the rule "
        f"{budget.rule} and the tie-break {budget.tie_break}; "
        "verify with: pb tally FILE.pb --rule "
        f"{budget.rule} --tie-break {budget.tie_break}. Ballots in random order, numbered 1..n."
    )
    meta = {
        "description": _plain(f"{cycle.name}: {budget.name}"),
        "country": cycle.country or "Worldwide",
        "unit": _plain(cycle.unit or cycle.name),
        **({"subunit": _plain(budget.district)} if budget.district else {}),
        "instance": cycle.instance,
        "num_projects": str(len(projects)),
        "num_votes": str(len(ballots)),
        "budget": pabulib.format_number(budget.amount),
        "vote_type": budget.vote_type,
        "rule": rule,
        "date_begin": _day(cycle.date_begin, cycle.date_end),
        "date_end": _day(cycle.date_end, cycle.date_begin),
        **{k: v for k, v in budget.limits.items() if v != ""},
        # pabulib marks a budget that could fund every project (else its checker objects)
        **({"fully_funded": "1"} if sum(p.cost for p in budget.projects) <= budget.amount else {}),
        "language": cycle.language or "en",
        "currency": budget.currency,
        "comment": comment,
    }
    result = build_election(
        budget.amount, projects, ballots, vote_type=budget.vote_type, points=points, meta=meta
    )
    return _with_attributes(result, cycle, prepared)


def _plain(text: str) -> str:
    # A META or PROJECTS value stays on one line (pabulib has no quoting for line breaks).
    return " ".join(text.split())


def _ordered(kind: str, selection: Mapping[str, int]) -> list[str]:
    if kind == "ranked":
        return sorted(selection, key=lambda pid: selection[pid])
    return list(selection)


def _checker_order(budget: BudgetData) -> list[ProjectData]:
    """Projects by score, best first; equal scores in the order the count funded them, then by
    id as text: the order in which pabulib's checker walks a greedy rule."""
    funded = {pid: i for i, pid in enumerate(budget.selected)}
    return sorted(
        budget.projects,
        key=lambda p: (
            -Fraction(budget.scores.get(p.id, 0)),
            funded.get(p.id, len(funded)),
            p.id,
        ),
    )


def _with_attributes(result: Election, cycle: CycleData, prepared: Prepared) -> Election:
    import pandas as pd

    attrs = prepared.attributes
    voters = result.profile.voters.copy()
    columns = list(result.vote_columns)
    wanted = []
    if CHANNEL_COLUMN in attrs.columns:
        values = [PB_METHOD.get(r[CHANNEL_COLUMN], "") for r in attrs.rows]
        if all(values):  # pabulib's voting_method may not be empty
            voters[CHANNEL_COLUMN] = values
            wanted.append(("voting_method", CHANNEL_COLUMN))
    for q in cycle.questions:
        if q.key in attrs.columns and q.pabulib:
            voters[q.pabulib] = [r[q.key] for r in attrs.rows]
            wanted.append((q.pabulib, q.pabulib))
    if q_names := {name for name, _ in wanted}:
        # pabulib's column order: voter_id, vote, points, age, sex, voting_method, neighborhood
        for name in ("age", "sex", "voting_method", "district", "neighborhood"):
            if name in q_names:
                columns.append(name)
        if "neighborhood" in voters:
            labels = {v: label for q in cycle.questions for v, label in q.options}
            voters["neighborhood"] = [_plain(labels.get(v, v)) for v in voters["neighborhood"]]
    profile = type(result.profile)(
        offsets=result.profile.offsets,
        items=result.profile.items,
        points=result.profile.points,
        voter_table=pd.DataFrame(voters),
    )
    known = [
        "description", "country", "unit", "subunit", "instance", "num_projects", "num_votes",
        "budget", "vote_type", "rule", "date_begin", "date_end", "min_length", "max_length",
        "max_sum_cost", "min_points", "max_points", "min_sum_points", "max_sum_points",
        "fully_funded", "language", "currency", "comment",
    ]  # fmt: skip
    meta = {k: result.meta[k] for k in known if k in result.meta}
    meta.update({k: v for k, v in result.meta.items() if k not in meta})
    return Election(
        meta=meta,
        projects=result.projects,
        profile=profile,
        project_columns=result.project_columns,
        vote_columns=tuple(columns),
    )


def pb_text(cycle: CycleData, prepared: Prepared) -> str:
    return pabulib.write(election(cycle, prepared))


# --- README ------------------------------------------------------------------------------------


def file_stem(budget: BudgetData) -> str:
    return f"budget-{budget.id}"


def readme(cycle: CycleData, prepared: Sequence[Prepared], recount: bool = True) -> str:
    lines = [
        f"# {cycle.name}: ballots",
        "",
        f"Licence: {cycle.licence}. Published by pb{' ' + cycle.version if cycle.version else ''}.",
        "",
        "Per budget, three files:",
        "",
        "- `budget-ID-ballots.csv`: one row per ballot, in a cryptographically random order,",
        "  numbered 1..n (`voter_id`). One column per project, named by its `project_id`: 1 or 0",
        "  on approval ballots, the rank (1 = first, 0 = not ranked) on ranked ballots, the points",
        "  on cumulative ballots. Then the voter attributes published under k-anonymity:",
        "  `voting_method` (internet, kiosk, paper) and the answers to the optional questions",
        "  (empty = not answered, or suppressed; see below).",
        "- `budget-ID-projects.csv`: project_id, name, cost, category, district, votes (ballots",
        "  naming the project), score (what the rule counted), selected (1 = funded).",
        "- `budget-ID.pb`: the same ballots in pabulib's format (pabulib.org/format), checked by",
        "  pabulib's checker. Kiosk ballots appear there as `internet` (pabulib knows internet and",
        "  paper only); answers without a pabulib column are in the CSV only.",
        "",
        "No code, address, user agent, staff member, time of day or kiosk location is in any file.",
        "Cells starting with = + - @ or a tab are prefixed with ' so spreadsheets do not run them.",
        "",
        f"## Voter attributes (k = {cycle.k})",
        "",
        f"Attributes are published only where every combination of them is shared by at least "
        f"{cycle.k} ballots.",
        "",
    ]
    for p in prepared:
        b = p.budget
        lines.append(f"### {b.name} (`{file_stem(b)}`)")
        lines.append("")
        lines.append(
            f"{len(p.ballots)} ballots; rule {b.rule}, tie-break {b.tie_break}; budget "
            f"{format_money(b.amount)} {b.currency}; "
            f"attributes published: {', '.join(p.attributes.columns) or 'none'}."
        )
        for note in p.attributes.notes:
            lines.append(f"- {note}")
        lines.append("")
    lines += [
        "## In pandas",
        "",
        "```python",
        "import pandas as pd",
        'ballots = pd.read_csv("budget-ID-ballots.csv", index_col="voter_id")',
        "ballots.drop(columns=['voting_method'], errors='ignore').sum().sort_values()",
        "```",
        "",
    ]
    if recount:
        lines += [
            "## Recount",
            "",
            "`recount.zip` holds every budget's `.pb`, its rule, tie-break and parameters, and a",
            "manifest with the SHA-256 of each file. `pb verify recount.zip` recounts every budget",
            "and says whether it matches the published result (pip install pb gives `pb`).",
            "",
        ]
    return "\n".join(lines)
