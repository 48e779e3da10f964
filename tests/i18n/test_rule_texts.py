"""Every registered rule explains its outcome and its ties in words the catalogs translate: run
each on a small election of each ballot kind it counts and read every explanation and tie note
in Spanish, Polish and Arabic. A message written as a plain English string reads the same in
every language, and fails here."""

from __future__ import annotations

from fractions import Fraction

import pytest
from flask_babel import force_locale

from pb.domain.election import Project, build_election
from pb.domain.tally import RULES, tally
from pb.domain.text import Text
from pb.web.i18n import translate

PROJECTS = [
    Project(pid, Fraction(cost), {"name": name})
    for pid, cost, name in (
        ("a", 40, "Park"),
        ("b", 40, "Library"),
        ("c", 30, "Benches"),
        ("d", 90, "Pool"),
    )
]
BALLOTS = [["a", "b"], ["b", "a"], ["a", "c"], ["c", "b"], ["d"], ["b", "c", "a"]]
POINTS = [[3, 2], [4, 1], [1, 4], [2, 3], [5], [2, 2, 1]]


def _election(kind: str):
    if kind in ("cumulative", "scoring"):
        return build_election(100, PROJECTS, BALLOTS, vote_type=kind, points=POINTS)
    if kind == "choose-1":
        return build_election(100, PROJECTS, [b[:1] for b in BALLOTS], vote_type=kind)
    return build_election(100, PROJECTS, BALLOTS, vote_type=kind)


CASES = [(name, spec.vote_types[0]) for name, spec in RULES.items() if spec.runs_as is None]


@pytest.mark.parametrize(("rule", "kind"), CASES, ids=[f"{r}-{k}" for r, k in CASES])
def test_explanations_and_ties_are_translated(app, rule, kind):
    options = {"threshold": 2} if rule == "greedy-threshold" else {}
    outcome = tally(_election(kind), rule, "id", **options)
    messages = [*outcome.explanations.values(), *outcome.ties]
    assert messages
    english = [m for m in messages if not isinstance(m, Text)]
    assert not english, f"{rule}: plain English strings: {english[:2]}"
    with app.test_request_context():
        for lang in ("es", "pl", "ar"):
            with force_locale(lang):
                for message in messages:
                    assert translate(message) != str(message), (lang, str(message))


def test_every_rule_has_a_plain_name_and_description_in_every_language(app):
    from pb.domain.tally.rule_titles import rule_title

    with app.test_request_context():
        for name, spec in RULES.items():
            title, description = rule_title(name), spec.description
            assert str(title) != name, f"{name} shows as its id"
            for lang in ("es", "pl", "ar"):
                with force_locale(lang):
                    assert translate(title) != str(title), (lang, name)
                    assert translate(description) != str(description), (lang, name)
