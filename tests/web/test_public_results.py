"""The public pages residents read outside the ballot: the cycle page (description as Markdown,
no stray separators), the results page (the rule by its plain name and one-line explanation, tie
notes naming projects, the Method of Equal Shares explained), and a project page that says
whether the project was funded. In English and, once translated, in Polish."""

import html
import json
import re
from fractions import Fraction

from pb.domain.election import Project as ElectionProject
from pb.domain.election import build_election
from pb.domain.phases import Phase
from pb.domain.tally import tally
from pb.models import Count
from pb.models.types import utcnow
from tests.factories import make_budget, make_cycle, make_idea


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def _counted(db, rule="equalshares/add1", tie_break="cost-votes", published=True, scale=1):
    """A cycle whose budget was counted with MES: Trees and Bikes win, then Benches and Lights
    tie in round 3 and the tie-break picks Benches; Benches' supporters paid different amounts."""
    cycle = make_cycle("town", phase=Phase.RESULTS if published else Phase.COUNTING, name="Town")
    costs = tuple(c * scale for c in (60, 40, 40, 30))
    budget = make_budget(cycle, amount=150 * scale, costs=costs, rule=rule)
    titles = ["Trees", "Benches", "Lights", "Bikes"]
    for project, title in zip(budget.projects, titles, strict=True):
        project.title = title
    db.session.commit()
    ids = [str(p.id) for p in budget.projects]
    election = build_election(
        Fraction(150 * scale),
        [
            ElectionProject(pid, Fraction(str(p.cost)), {"name": p.title})
            for pid, p in zip(ids, budget.projects, strict=True)
        ],
        [[ids[0], ids[1]], [ids[0], ids[2]], [ids[0]], [ids[1], ids[2], ids[3]], [ids[3]]],
    )
    outcome = tally(election, rule, tie_break)
    db.session.add(
        Count(
            budget_id=budget.id,
            rule=outcome.rule,
            tie_break=outcome.tie_break,
            ballots=5,
            outcome=json.dumps(outcome.to_json()),
            published_at=utcnow() if published else None,
        )
    )
    db.session.commit()
    return cycle, budget


def test_cycle_description_is_rendered_from_markdown(client, db):
    cycle = make_cycle("town", name="Town")
    cycle.description = "Decide on the **participatory budget** of 2030."
    db.session.commit()
    page = client.get("/c/town").text
    assert "<strong>participatory budget</strong>" in page
    assert "**" not in _main(page)


def test_cycle_page_has_no_stray_separators(client, db):
    cycle = make_cycle("town", phase=Phase.VOTING, name="Town")
    make_budget(cycle, district="North", name="North district")
    make_budget(cycle, name="Citywide")
    main = _main(client.get("/c/town").text)
    assert "North district" in main
    # A separator always stands between two things, never at the start or end of a line.
    assert not re.search(r">\s*·|·\s*<", main)
    # The links to ideas and proposals are a list styled as a row, not text glued by bullets.
    assert '<ul class="phase-links">' in main


def test_results_show_the_rule_by_name_and_explain_it(client, db):
    _counted(db)
    main = _main(client.get("/c/town/results").text)
    assert "Method of Equal Shares, with the shares raised to use the budget" in main
    # The description comes from the registry as text, so its apostrophe is escaped in the HTML.
    assert "then the voters' shares are raised step by step" in html.unescape(main)
    assert "equalshares/add1" not in main


def test_tie_notes_name_projects_in_plain_words(client, db):
    _counted(db)
    main = _main(client.get("/c/town/results").text)
    notes = re.search(r'<div class="ties">(.*?)</div>', main, re.S).group(1)
    items = re.findall(r"<li>(.*?)</li>", notes, re.S)
    assert items == [
        "Round 3: Benches, Lights were equally good value for their supporters. The tie-break "
        "(the cheaper project, then the one with more votes) chose Benches, and this changed "
        "which projects are funded."
    ]
    assert "cost-votes" not in main and ".;" not in main


def test_equal_shares_explains_why_supporters_paid_different_amounts(client, db):
    _counted(db)
    main = _main(client.get("/c/town/results").text)
    # The share was raised above budget / voters (150 / 5 = 30): the page says so, and why some
    # supporters paid more than others.
    assert "Every voter had an equal share of 38 EUR to spend" in main
    assert "the budget divided by the voters gives 30 EUR" in main
    assert "paid between 18 EUR and 22 EUR each" in main
    assert "already spent part of their share on projects funded earlier" in main


def test_ballot_counts_use_plural_forms(client, db):
    _counted(db)
    main = _main(client.get("/c/town/results").text)
    assert "5 ballots" in main and "ballot(s)" not in main and "(s)" not in main


def test_project_page_says_funded_or_not_once_published(client, db):
    cycle, budget = _counted(db)
    trees, lights = budget.projects[0], budget.projects[2]
    page = _main(client.get(f"/c/town/projects/{trees.id}").text)
    assert '<h2 id="outcome-h">Funded</h2>' in page
    assert f'href="/c/town/results#result-{budget.id}"' in page
    page = _main(client.get(f"/c/town/projects/{lights.id}").text)
    assert '<h2 id="outcome-h">Not funded</h2>' in page
    assert "had only 19 EUR left in all" in page


def test_project_page_says_nothing_before_publication(client, db):
    _cycle, budget = _counted(db, published=False)
    page = _main(client.get(f"/c/town/projects/{budget.projects[0].id}").text)
    assert "outcome-h" not in page and "Not funded" not in page


def test_idea_counts_use_plural_forms(client, db):
    cycle = make_cycle("town", name="Town")
    make_idea(cycle, title="More trees")
    page = _main(client.get("/c/town/ideas").text)
    assert "1 idea found." in page and "0 supports" in page


def test_results_in_polish_with_polish_numbers(client, db):
    _counted(db, scale=10_000)
    page = client.get("/c/town/results", headers={"Accept-Language": "pl"}).text
    main = _main(page)
    assert '<html lang="pl"' in page
    # Polish groups thousands with a (non-breaking) space: 1 500 000, never 1,500,000.
    assert "wydano <strong>1\xa0300\xa0000 EUR</strong> z 1\xa0500\xa0000 EUR" in main
    assert "Policzono według reguły: Metoda Równych Udziałów" in main
    assert "Każdy głosujący miał do wydania równy udział: 375\xa0000 EUR." in main
    assert "zapłacili od 175\xa0000 EUR do 225\xa0000 EUR każdy" in main
    assert "5 kart do głosowania" in main
    assert "Benches, Lights były równie opłacalne" in main
    assert "1,500,000" not in main and "Funded" not in main


def test_project_page_in_spanish_says_funded(client, db):
    _cycle, budget = _counted(db)
    page = _main(
        client.get(
            f"/c/town/projects/{budget.projects[0].id}", headers={"Accept-Language": "es"}
        ).text
    )
    assert '<h2 id="outcome-h">Financiado</h2>' in page
    assert "Cómo se contaron los votos en" in page
