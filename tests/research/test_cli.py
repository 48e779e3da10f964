import json
import subprocess
import sys
from pathlib import Path

import pytest

from pb.domain.pabulib import parse, write
from pb.domain.tally import RULES, tally
from pb.research.cli import main
from pb.research.replay import replay
from tests.conftest import DATA, ROOT

ASSEN = DATA / "Netherlands_Assen_2024.pb"
WAWER = DATA / "Poland_Warszawa_2019_Marysin_Wawerski_Poludniowy.pb"
KNAPSACK = DATA / "US_Stanford_Dataset_2022_Jersey_City_Ward_C_vote_knapsacks.pb"
ORDINAL = DATA / "Poland_Krakow_2022_Zwierzyniec.pb"
AMSTERDAM = DATA / "Netherlands_Amsterdam_643.pb"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_tally_json_is_the_outcome_of_the_files_own_rule(capsys):
    code, out, err = run(capsys, "tally", ASSEN, "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    # Against pabutools run directly (MES, cost utilities, add one), not against pb itself.
    from tests.domain.test_mes import pabutools_mes

    assert set(data["selected"]) == pabutools_mes(parse(ASSEN), "cost", add1=True)
    assert data["rule"] == "equalshares/add1"
    assert set(data["selected"]) == parse(ASSEN).official_selected()
    assert {"rule", "budget", "selected", "spent", "tie_break", "tie_decided"} <= set(data)


def test_tally_text_lists_funded_projects_money_and_tie_break(capsys):
    code, out, _ = run(capsys, "tally", WAWER, "--tie-break", "cost-votes")
    election = parse(WAWER)
    outcome = tally(election, tie_break="cost-votes")
    assert code == 0
    assert f"rule: {election.rule} (the file's own rule)" in out
    assert "tie-break: cost-votes" in out
    assert ("a tie decided" in out) == outcome.tie_decided
    by_id = {p.id: p for p in election.projects}
    for pid in outcome.selected:
        assert any(
            line.split()[:1] == [pid] and by_id[pid].name in line for line in out.splitlines()
        )
    assert f"money used: {int(outcome.spent):,} PLN" in out
    assert f"left: {int(outcome.left):,} PLN" in out


def test_tally_falls_back_to_greedy_when_the_file_rule_is_not_supported(capsys):
    code, out, _ = run(capsys, "tally", KNAPSACK)
    assert code == 0
    assert "rule: greedy (the file's rule 'unknown' is not supported)" in out


HAND_COUNTED = """META
key;value
budget;10
vote_type;approval
rule;greedy
PROJECTS
project_id;cost
a;6
b;5
c;4
VOTES
voter_id;vote
1;a,b
2;a,b
3;a,c
4;b
"""


def test_tally_with_a_chosen_rule(capsys, tmp_path):
    # By hand: a has 3 votes, b 3 (a first by id), c 1. Greedy funds a (6), skips b (5 > 4 left)
    # and funds c (4); greedy-no-skip stops at b.
    path = tmp_path / "hand.pb"
    path.write_text(HAND_COUNTED, encoding="utf-8")
    code, out, _ = run(capsys, "tally", path, "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["rule"], data["selected"], data["spent"]) == ("greedy", ["a", "c"], 10)
    code, out, _ = run(capsys, "tally", path, "--rule", "greedy-no-skip", "--json")
    data = json.loads(out)
    assert (data["rule"], data["selected"], data["spent"]) == ("greedy-no-skip", ["a"], 6)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["tally", "nowhere.pb"], "nowhere.pb: no such file"),
        (["tally", str(ASSEN), "--rule", "lottery"], "unknown rule 'lottery'"),
        (["tally", str(ASSEN), "--tie-break", "coin"], "unknown tie-break 'coin'"),
        (["tally", str(ORDINAL), "--rule", "equalshares"], "does not apply to ordinal"),
        (["replay", "nowhere"], "nowhere: no such file or directory"),
    ],
)
def test_errors_are_one_line_and_exit_2(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("pb: error: ") and words in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_malformed_file_names_file_and_line(capsys, tmp_path):
    bad = tmp_path / "bad.pb"
    bad.write_text(WAWER.read_text(encoding="utf-8").replace("budget;", "budget;x", 1))
    code, _, err = run(capsys, "tally", bad)
    assert code == 2
    assert f"{bad}: line " in err and "budget must be a number" in err


def test_argparse_usage_errors_exit_2(capsys):
    assert main(["frobnicate"]) == 2
    assert main(["--help"]) == 0
    capsys.readouterr()


def test_replay_json_matches_replay_of_each_file(capsys):
    code, out, _ = run(capsys, "replay", DATA, "--json")
    assert code == 0
    data = json.loads(out)
    results = {p.name: replay(parse(p), name=p.name) for p in sorted(DATA.glob("*.pb"))}
    for status in ("reproduced", "differs", "unsupported"):
        assert data[status] == sum(r.status == status for r in results.values())
    assert data["no_outcome"] == sum(r.status == "no-outcome" for r in results.values())
    assert data["files"] == len(results) == 8
    details = {d["name"]: d for d in data["details"]}
    assert set(details) == {n for n, r in results.items() if r.status != "reproduced"}
    # Facts of the data: Assen's MES outcome is reproduced, the knapsack file names no usable
    # rule, Amsterdam 643 records no official outcome.
    assert results[ASSEN.name].status == "reproduced"
    assert details[KNAPSACK.name]["status"] == "unsupported"
    assert details[AMSTERDAM.name]["status"] == "no-outcome"


def test_replay_text_shows_a_table_and_the_ids_that_differ(capsys, tmp_path):
    election = parse(WAWER)
    funded = sorted(election.official_selected())[0]
    lines = write(election).split("\n")
    header = next(i for i, line in enumerate(lines) if line.startswith("project_id;"))
    for i in range(header + 1, len(lines)):
        if lines[i].startswith(f"{funded};"):
            lines[i] = lines[i][: lines[i].rindex(";")] + ";0"  # selected is the last column
    altered = tmp_path / "altered.pb"
    altered.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(capsys, "replay", altered, AMSTERDAM)
    assert code == 0
    assert out.splitlines()[0].split()[:2] == ["vote", "type"]
    assert "reproduced" in out and "no official outcome" in out
    assert f"altered.pb (approval, {election.rule}): +{funded}" in out
    assert "replay" in err  # the progress bar goes to stderr


def test_replay_goes_on_past_a_broken_file_and_exits_2(capsys, tmp_path):
    broken = tmp_path / "broken.pb"
    broken.write_text("META\nkey;value\n", encoding="utf-8")
    code, out, err = run(capsys, "replay", broken, ASSEN, "--json")
    assert code == 2
    data = json.loads(out)
    assert data["unreadable"] == 1 and data["reproduced"] == 1
    assert "broken.pb: line" in err and "missing section PROJECTS" in err


def test_rules_lists_every_rule(capsys):
    code, out, _ = run(capsys, "rules")
    assert code == 0
    for name in RULES:
        assert f"  {name}: " in out


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "pb"
    if not script.exists():
        script = ROOT / ".venv" / "bin" / "pb"
    done = subprocess.run(
        [str(script), "tally", str(ASSEN), "--json"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rule"] == "equalshares/add1"
    failed = subprocess.run([str(script), "tally", "nowhere.pb"], capture_output=True, text=True)
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
