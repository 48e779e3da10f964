"""Open data exports: every ballot kind and rule passes pabulib's checker and recounts to the
published result with `pb tally`; no forbidden column; a random order; k-anonymity; the
recount bundle and `pb verify`; `flask export`."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from decimal import Decimal

import numpy as np
import pytest

from pb.domain.ballots import encode_choices
from pb.domain.bundle import MANIFEST, sha256
from pb.domain.pabulib import parse_text
from pb.domain.phases import Phase
from pb.models import Ballot
from pb.research.cli import main as pb_main
from pb.services import exports, tallying, voting
from tests.exports.helpers import KINDS, PLAIN_CODES, check_pabulib, published_cycle
from tests.factories import make_budget, make_codes, make_cycle, open_ballots, pepper

CASES = [(kind, rule) for kind, (_s, rules) in KINDS.items() for rule in rules]
ALLOWED_ATTRIBUTES = {"voting_method", "age", "sex", "first_time", "neighborhood"}


def _files(cycle, secret=b"k"):
    found = exports.export(cycle, secret)
    assert found is not None
    return found, found.files()


@pytest.mark.parametrize(("kind", "rule"), CASES)
def test_export_passes_pabulib_checker_and_recounts_to_the_published_result(
    db, tmp_path, capsys, kind, rule
):
    cycle = published_cycle(kind, rule)
    budget = cycle.budgets[0]
    published = tallying.latest_counts(cycle, published=True)[budget.id].data["selected"]
    assert published  # a result worth reproducing
    _found, files = _files(cycle)
    text = files[f"budget-{budget.id}.pb"].decode()
    assert check_pabulib(text) == {}
    path = tmp_path / "b.pb"
    path.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert pb_main(["tally", str(path), "--rule", rule, "--tie-break", "id", "--json"]) == 0
    assert sorted(json.loads(capsys.readouterr().out)["selected"]) == sorted(published)
    meta = parse_text(text).meta
    for key in ("description", "country", "unit", "instance", "num_projects", "num_votes"):
        assert meta[key]
    assert meta["rule"] in (rule, "unknown")
    selected = {p.id for p in parse_text(text).projects if p.fields["selected"] == "1"}
    assert selected == set(published)


def test_no_forbidden_column_and_no_time_or_code_in_any_file(db):
    cycle = published_cycle("approval", n=25)
    codes = PLAIN_CODES[cycle.slug]  # the codes that voted must appear nowhere
    found, files = _files(cycle)
    budget = cycle.budgets[0]
    ids = {str(p.id) for p in budget.projects}
    header = next(csv.reader(io.StringIO(files[f"budget-{budget.id}-ballots.csv"].decode())))
    assert header[0] == "voter_id"
    assert set(header[1:]) <= ids | ALLOWED_ATTRIBUTES
    election = parse_text(files[f"budget-{budget.id}.pb"].decode())
    assert set(election.vote_columns) <= {"voter_id", "vote"} | ALLOWED_ATTRIBUTES
    assert list(election.profile.voters["voter_id"]) == [str(i) for i in range(1, 26)]
    ballot_ids = set(db.session.scalars(db.select(Ballot.id)))
    for name, data in files.items():
        if name.endswith(".zip"):
            continue
        text = data.decode()
        assert not any(b in text for b in ballot_ids), name
        assert not any(code in text for code in codes), name
        assert not re.search(r"\d{1,2}:\d{2}", text), name  # no time of day anywhere


def test_row_order_is_uncorrelated_with_cast_order(db):
    """1,000 ballots stored in the order they were cast (the worst case for storage): the
    exported order's rank correlation with the cast order stays below 0.2."""
    cycle = make_cycle("order", Phase.COUNTING)
    budget = make_budget(cycle, "approval", amount=10**6, costs=(100,) * 10)
    ids = [str(p.id) for p in budget.projects]
    for i in range(1, 1001):  # ballot i approves the projects of i's binary digits: all differ
        selection = {ids[j]: 1 for j in range(10) if i >> j & 1}
        db.session.add(
            Ballot(
                id=f"{i:032d}", budget_id=budget.id, choices=encode_choices("approval", selection)
            )
        )
    db.session.commit()
    tallying.run_count(None, budget)
    tallying.publish(None, cycle)
    for secret in (b"k", None):
        _found, files = _files(cycle, secret)
        rows = list(csv.DictReader(io.StringIO(files[f"budget-{budget.id}-ballots.csv"].decode())))
        cast = np.array([sum(int(r[ids[j]]) << j for j in range(10)) for r in rows])
        exported = np.array([int(r["voter_id"]) for r in rows])
        assert sorted(cast) == list(range(1, 1001))
        assert sorted(exported) == list(range(1, 1001))
        assert abs(np.corrcoef(cast, exported)[0, 1]) < 0.2  # both are ranks: Spearman


def _cast_with_answers(cycle, budget, people):
    for code, (answers, channel) in zip(make_codes(cycle, len(people)), people, strict=True):
        row, _ = voting.enter_code(voting.load_cycle(cycle.slug), code, pepper())
        form = {"project": [str(budget.projects[0].id)]}
        voting.cast(cycle.slug, row.id, budget.id, form, channel=channel, answers=answers)


def test_voter_attributes_are_exported_under_k_anonymity(db):
    cycle = make_cycle("attrs", Phase.VOTING)
    cycle.questions = "age,sex,first_time"
    cycle.export_k = 5
    budget = make_budget(cycle, "approval")
    people = (
        [({"age": "25-34", "sex": "F", "first_time": "yes"}, "online")] * 6
        + [({"age": "35-44", "sex": "F", "first_time": "yes"}, "online")] * 3  # merged: 25-44
        + [({"age": "35-44", "sex": "M", "first_time": "no"}, "paper")] * 6
        + [({"age": "75-120", "sex": "O", "first_time": "no"}, "kiosk")] * 1  # suppressed
        + [({}, "online")] * 20
    )
    _cast_with_answers(cycle, budget, people)
    open_ballots(cycle)
    tallying.run_count(None, budget)
    tallying.publish(None, cycle)
    _found, files = _files(cycle)
    rows = list(csv.DictReader(io.StringIO(files[f"budget-{budget.id}-ballots.csv"].decode())))
    columns = ["voting_method", "age", "sex", "first_time"]
    combos: dict[tuple, int] = {}
    for r in rows:
        key = tuple(r[c] for c in columns)
        combos[key] = combos.get(key, 0) + 1
    assert min(combos.values()) >= 5, combos
    assert ("internet", "25-44", "F", "yes") in combos
    assert not any(r["age"] == "75-120" or r["voting_method"] == "kiosk" for r in rows)
    readme = files["README.md"].decode()
    assert "bands merged" in readme and "suppressed" in readme and "k = 5" in readme
    pb_text = files[f"budget-{budget.id}.pb"].decode()
    assert check_pabulib(pb_text) == {}
    assert "first_time" not in pb_text  # pabulib has no such column: CSV only


def test_csv_cells_that_spreadsheets_run_are_neutralized(db):
    cycle = published_cycle("approval", n=12)
    cycle.budgets[0].projects[0].title = '=HYPERLINK("http://evil")'
    db.session.commit()
    _found, files = _files(cycle)
    text = files[f"budget-{cycle.budgets[0].id}-projects.csv"].decode()
    assert "'=HYPERLINK" in text
    assert not any(cell.startswith("=") for row in csv.reader(io.StringIO(text)) for cell in row)


def test_nothing_is_exported_before_publication(db):
    cycle = make_cycle("early", Phase.VOTING)
    make_budget(cycle)
    assert exports.export(cycle) is None
    tallying_phase = Phase.COUNTING
    cycle.phase = tallying_phase.value
    db.session.commit()
    tallying.run_count(None, cycle.budgets[0])
    assert exports.export(cycle) is None  # counted, not published


def test_the_same_publication_gives_the_same_bytes_with_a_secret(db):
    cycle = published_cycle("ranked", n=15)
    assert _files(cycle, b"s")[1] == _files(cycle, b"s")[1]


# --- recount bundle and pb verify ------------------------------------------------------------


def _bundle(tmp_path, files: dict[str, bytes]):
    path = tmp_path / "recount.zip"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    path.write_bytes(out.getvalue())
    return path


def _unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _reseal(files: dict[str, bytes]) -> dict[str, bytes]:
    """The tamperer also rewrites the manifest to match the changed files."""
    manifest = json.loads(files[MANIFEST])
    manifest["files"] = {n: sha256(d) for n, d in files.items() if n != MANIFEST}
    return {**files, MANIFEST: json.dumps(manifest).encode()}


def _set_selected(pb_text: str, project_id: str) -> str:
    """The .pb with `project_id` marked funded in PROJECTS."""
    lines = pb_text.split("\n")
    start = lines.index("PROJECTS") + 1
    column = lines[start].split(";").index("selected")
    for i in range(start + 1, lines.index("VOTES")):
        cells = lines[i].split(";")
        if cells[0] == project_id:
            cells[column] = "1"
            lines[i] = ";".join(cells)
    return "\n".join(lines)


def _verify(capsys, path) -> tuple[int, str]:
    capsys.readouterr()
    status = pb_main(["verify", str(path)])
    return status, capsys.readouterr().out


def test_pb_verify_passes_on_a_fresh_bundle_and_fails_on_each_tampering(db, tmp_path, capsys):
    cycle_a = published_cycle("approval", "equalshares", n=30, seed=3)
    cycle_b = published_cycle("cumulative", "greedy", n=30, seed=4)
    for c in (cycle_a, cycle_b):
        found, files = _files(c)
        bundle = _unzipped(files["recount.zip"])
        assert bundle == _unzipped(found.recount_zip())
        status, out = _verify(capsys, _bundle(tmp_path, bundle))
        assert status == 0 and "matches" in out and "all budgets match" in out, out
        budget = c.budgets[0]
        pb_name, json_name = f"budgets/{budget.id}.pb", f"budgets/{budget.id}.json"
        pb_text = bundle[pb_name].decode()
        params = json.loads(bundle[json_name])
        election = parse_text(pb_text)
        # a ballot changed: the first ballot gives everything to a project that was not funded
        loser = next(p.id for p in election.projects if p.id not in params["selected"])
        head, votes = pb_text.split("VOTES\n")
        lines = votes.split("\n")
        many = [line for line in lines[1:] if line]
        changed = []
        for line in many:
            cells = line.split(";")
            cells[1] = loser
            if "points" in lines[0]:
                cells[2] = "10"
            changed.append(";".join(cells))
        forged = head + "VOTES\n" + lines[0] + "\n" + "\n".join(changed) + "\n"
        tampered_ballots = {**bundle, pb_name: forged.encode()}
        status, out = _verify(capsys, _bundle(tmp_path, tampered_ballots))
        assert status == 1 and "does not match its SHA-256" in out, out
        status, out = _verify(capsys, _bundle(tmp_path, _reseal(tampered_ballots)))
        assert status == 1 and "recount funds" in out, out
        # the manifest changed
        manifest = json.loads(bundle[MANIFEST])
        manifest["files"][pb_name] = "0" * 64
        status, out = _verify(
            capsys, _bundle(tmp_path, {**bundle, MANIFEST: json.dumps(manifest).encode()})
        )
        assert status == 1 and "does not match" in out, out
        # the published result changed (and the manifest rewritten to match)
        params["selected"] = [*params["selected"], loser]
        forged_result = _reseal({**bundle, json_name: json.dumps(params).encode()})
        status, out = _verify(capsys, _bundle(tmp_path, forged_result))
        assert status == 1 and "only published: " + loser in out, out
        # the .pb's selected column changed
        flipped = _set_selected(pb_text, loser)
        status, out = _verify(
            capsys, _bundle(tmp_path, _reseal({**bundle, pb_name: flipped.encode()}))
        )
        assert status == 1 and "selected column says" in out, out
        # not a zip at all
        (tmp_path / "junk.zip").write_bytes(b"junk")
        status, out = _verify(capsys, tmp_path / "junk.zip")
        assert status == 1 and "not a readable zip" in out


def test_flask_export_writes_the_files_of_export_zip(app, db, tmp_path):
    cycle = published_cycle("knapsack", n=12)
    out = tmp_path / "out"
    result = app.test_cli_runner().invoke(args=["export", cycle.slug, "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    budget = cycle.budgets[0]
    assert names == {
        "README.md",
        "LICENCE.txt",
        "recount.zip",
        f"budget-{budget.id}-ballots.csv",
        f"budget-{budget.id}-projects.csv",
        f"budget-{budget.id}.pb",
    }
    early = make_cycle("unpublished", Phase.VOTING)
    make_budget(early, amount=1000)
    budget_amount = Decimal(1000)
    assert early.budgets[0].amount == budget_amount
    result = app.test_cli_runner().invoke(args=["export", early.slug, "--out", str(out / "x")])
    assert result.exit_code != 0 and "not published" in result.output
