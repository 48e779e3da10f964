"""parse(voter_ids=False), the `pb` command's reading: voter ids checked on the bytes (empty,
repeated) with the same words and lines as the full reading, and not kept."""

from __future__ import annotations

import pytest

from pb.domain.pabulib import PabulibError, parse_text

HEAD = (
    "META\nkey;value\ndescription;t\nnum_projects;2\nnum_votes;{n}\nbudget;10\n"
    "vote_type;approval\nPROJECTS\nproject_id;cost\n1;5\n2;5\nVOTES\n"
)


def _file(rows: list[str], header: str = "voter_id;vote") -> str:
    return HEAD.format(n=len(rows)) + header + "\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("header", ["voter_id;vote", "vote;voter_id"])
def test_the_lean_reading_keeps_the_ballots_and_drops_the_ids(header):
    rows = ["a;1,2", "b;2", "c;"] if header.startswith("voter") else ["1,2;a", "2;b", ";c"]
    full, lean = parse_text(_file(rows, header)), parse_text(_file(rows, header), voter_ids=False)
    assert lean.profile.offsets.tolist() == full.profile.offsets.tolist() == [0, 2, 3, 3]
    assert lean.profile.items.tolist() == full.profile.items.tolist()
    assert list(full.profile.voters.columns) == ["voter_id"]
    assert list(lean.profile.voters.columns) == [] and len(lean.profile.voters) == 3


@pytest.mark.parametrize(
    "rows, words, line",
    [
        (["7;1", "8;2", "7;2", "8;1"], "voter_id '7' appears twice (first on line 14)", 16),
        (["x9;1", "b;2", "b;1", "x9;2"], "voter_id 'b' appears twice (first on line 15)", 16),
        (["7;1", ";2"], "voter_id must not be empty", 15),
    ],
)
def test_bad_ids_are_refused_with_the_same_words_and_line(rows, words, line):
    for lean in (False, True):
        with pytest.raises(PabulibError) as error:
            parse_text(_file(rows), voter_ids=not lean)
        assert (str(error.value).split(": ", 1)[-1], error.value.line) == (words, line)


def test_ids_longer_than_eight_bytes_are_read_as_text_and_still_checked():
    rows = ["voter-000000001;1", "voter-000000002;2"]
    assert len(parse_text(_file(rows), voter_ids=False).profile.voters) == 2
    with pytest.raises(PabulibError, match="appears twice"):
        parse_text(_file([rows[0], rows[0]]), voter_ids=False)
