from __future__ import annotations

import time
from collections.abc import Callable
from datetime import timedelta
from fractions import Fraction
from functools import wraps

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import StringField
from wtforms.validators import DataRequired

from pb.domain.ballots import BallotInvalid, Problem, get_kind, ordered, read_ballot
from pb.domain.phases import Phase
from pb.domain.voter_questions import read_answers
from pb.extensions import limiter
from pb.services import voting
from pb.services.codes import Code
from pb.services.errors import AlreadyVoted, Refused
from pb.services.open_data_settings import questions_of
from pb.services.voting import BudgetInfo, VotingCycle
from pb.sqlite import read_only
from pb.web.forms import attempt, form_status
from pb.web.guards import cycle_by_slug, wrong_phase
from pb.web.i18n import current_language, translate
from pb.web.kiosk import current_kiosk
from pb.web.site import local_row, local_rows
from pb.web.vote import bp, kiosk_state


class CodeForm(FlaskForm):
    code = StringField(
        _l("Your voting code"),
        validators=[DataRequired(message=_l("Please enter your voting code."))],
    )


def _code_limit() -> str:
    return current_app.config.get("PB_CODE_RATE_LIMIT") or "100 per minute;1000 per hour"


def _kiosk_code_limit() -> str:
    return current_app.config.get("PB_KIOSK_CODE_RATE_LIMIT") or "30 per minute"


def _failed(response) -> bool:
    # Only wrong codes count against the limits: a queue of residents is not an attack. A wrong
    # code answers 422 (a redirect with a message on a kiosk).
    return response.status_code >= 400 or bool(g.get("wrong_code"))


def _kiosk_key() -> str:
    kiosk = current_kiosk()
    return f"kiosk:{kiosk.id}" if kiosk else "kiosk:none"


def _not_kiosk() -> bool:
    return current_kiosk() is None


def _voter_key() -> voting.VoterKey:
    """The device's voter session as the cookie carries it: a random token and when it was last
    used (the server keeps the code; the cookie cannot say which code it is). A kiosk's voter
    times out after the cycle's kiosk timeout, checked here on the server."""
    voter = session.get("voter") or {}
    kiosk = current_kiosk()
    seconds = kiosk.idle_seconds if kiosk else current_app.config["PB_VOTER_IDLE_SECONDS"]
    idle = timedelta(seconds=seconds)
    return voting.VoterKey(voter.get("t"), voter.get("seen"), idle)


def _voter_code(cycle: VotingCycle) -> Code | None:
    code = voting.voter_code(cycle, _voter_key())
    if code is not None:
        session["voter"] = {**session["voter"], "seen": time.time()}
    return code


def _forget() -> None:
    """End the voter session on the server, then on the device. A kiosk forgets everything
    (the voter's pending choices and the CSRF token of their pages too)."""
    voting.sign_out(_voter_key().token)
    session.pop("voter", None)
    if current_kiosk():
        session.clear()


def _kiosk_start(message: str | None = None):
    """A kiosk back at its start screen for the next voter (post/redirect/get)."""
    _forget()
    if message:
        flash(message, "success")
    return redirect(url_for(".start", slug=current_kiosk().slug), 303)


def _see() -> int:
    """The status of a redirect after a POST: 303 on a kiosk, where post/redirect/get matters."""
    return 303 if current_kiosk() else 302


def _channel() -> str:
    return "kiosk" if current_kiosk() else "online"


def _cycle_or_404(slug: str) -> VotingCycle:
    cycle = voting.load_cycle(slug)
    if cycle is None:
        abort(404)
    return local_row(cycle, "cycle", cycle, "name")


def _choices(cycle: VotingCycle, budget: BudgetInfo):
    """The ballot's projects with their titles and summaries in the voter's language."""
    return tuple(local_rows(voting.choices(budget.id), "project", cycle, "title", "summary"))


def _local_budgets(cycle: VotingCycle, budgets) -> list[BudgetInfo]:
    return local_rows(budgets, "budget", cycle, "name")


def voting_open(view: Callable) -> Callable:
    """`phase_required(Phase.VOTING)` on the vote's lean cycle row: the view gets the cycle
    instead of the slug; outside voting it answers with phase_required's wrong-phase page."""

    @wraps(view)
    def wrapped(slug: str, **kwargs):
        cycle = _cycle_or_404(slug)
        if cycle.phase is not Phase.VOTING:
            return wrong_phase(cycle_by_slug(slug), (Phase.VOTING,))
        return view(cycle, **kwargs)

    return wrapped


def _budget_or_404(cycle: VotingCycle, budget_id: int) -> BudgetInfo:
    budget = voting.budget_of(voting.budgets(cycle.id), budget_id)
    if budget is None:
        abort(404)
    return local_row(budget, "budget", cycle, "name")


@bp.route("/<slug>/", methods=["GET", "POST"])
@limiter.limit(
    _code_limit, methods=["POST"], deduct_when=_failed, exempt_when=lambda: not _not_kiosk()
)
@limiter.limit(
    _kiosk_code_limit,
    methods=["POST"],
    key_func=_kiosk_key,
    deduct_when=_failed,
    exempt_when=_not_kiosk,
)
@voting_open
def start(cycle: VotingCycle):
    kiosk = current_kiosk()
    if kiosk and request.method == "GET" and session.get("voter"):
        return _kiosk_start()  # the start screen is a fresh start: no earlier voter lives on
    form = CodeForm()
    pepper = current_app.config["PB_CODE_PEPPER"]
    done = attempt(form, lambda: voting.sign_in(cycle, form.code.data, pepper))
    if done:
        if session.get("voter"):
            _forget()  # a new code on this device ends the previous voter's session
        token, remaining = done.value
        session["voter"] = {"t": token, "seen": time.time()}
        if len(remaining) == 1:
            return redirect(url_for(".ballot", slug=cycle.slug, budget_id=remaining[0].id), _see())
        return redirect(url_for(".budgets", slug=cycle.slug), _see())
    if kiosk and request.method == "POST":
        # Post/redirect/get, so that Back never offers to send the form again.
        g.wrong_code = True
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for(".start", slug=cycle.slug), 303)
    return render_template("vote/start.html", cycle=cycle, form=form), form_status(form)


@bp.route("/<slug>/budgets")
@voting_open
def budgets(cycle: VotingCycle):
    code = _voter_code(cycle)
    if code is None:
        flash(_("Please enter your voting code first."))
        return redirect(url_for(".start", slug=cycle.slug))
    allowed = _local_budgets(cycle, voting.eligible(voting.budgets(cycle.id), code))
    done = voting.voted_budget_ids(code.id)
    return render_template("vote/budgets.html", cycle=cycle, budgets=allowed, done=done)


@bp.route("/<slug>/leave", methods=["POST"])
def leave(slug: str):
    if current_kiosk():
        return _kiosk_start(_("Thank you. The kiosk is ready for the next voter."))
    _forget()
    flash(_("Your code is no longer remembered on this device."))
    return redirect(url_for("public.cycle", slug=slug))


# The project list is frozen while voting is open, so the empty ballot's choices render the same
# for everyone in one language. The key is the language and the content itself (settings and
# every project row), so an edit made outside voting can never be served stale.
_CHOICES: dict[tuple, Markup] = {}


def _choices_html(cycle, budget, projects, kind, selection, per_project, max_rank) -> Markup:
    def render() -> Markup:
        return Markup(
            render_template(
                "vote/_choices.html",
                cycle=cycle,
                budget=budget,
                projects=projects,
                kind=kind,
                rules=budget.rules,
                selection=selection,
                per_project=per_project,
                max_rank=max_rank,
            )
        )

    if selection or per_project:
        return render()
    key = (current_language().code, cycle.slug, budget, projects)
    html = _CHOICES.get(key)
    if html is None:
        if len(_CHOICES) > 64:
            _CHOICES.clear()
        html = _CHOICES[key] = render()
    return html


def _answers(cycle: VotingCycle, form: dict) -> dict[str, str]:
    """The voter's answers to the cycle's questions in a submitted form (none asked: no query)."""
    if not any(key.startswith("q_") for key in form):
        return {}
    flat = {k: (v[-1] if isinstance(v, list) and v else v) for k, v in form.items()}
    return read_answers(questions_of(cycle.id, cycle.questions), flat)


def render_ballot(
    cycle: VotingCycle,
    budget: BudgetInfo,
    selection=None,
    problems=(),
    status=200,
    answers=None,
    projects=None,
):
    """`projects`: the budget's choices when the caller has read them already."""
    selection = selection or {}
    kind = get_kind(budget.kind)
    rules = budget.rules
    projects = _choices(cycle, budget) if projects is None else projects
    prices = voting.costs(projects)
    per_project: dict[str, list[str]] = {}
    general: list[str] = []
    for p in problems:
        if p.project_id in prices:
            per_project.setdefault(p.project_id, []).append(translate(p.text))
        else:
            general.append(translate(p.text))
    spent = sum((Fraction(prices[pid]) for pid in selection if pid in prices), Fraction(0))
    max_rank = min(rules.max_picks or len(projects), len(projects))
    errors = [(None, m) for m in general] + [
        (p, m) for p in projects for m in per_project.get(str(p.id), [])
    ]
    return render_template(
        "vote/ballot.html",
        cycle=cycle,
        budget=budget,
        kind=kind,
        rules=rules,
        instructions=translate(kind.instructions(rules, len(projects))),
        choices_html=_choices_html(cycle, budget, projects, kind, selection, per_project, max_rank),
        errors=errors,
        max_rank=max_rank,
        spent=spent,
        spent_pct=min(100.0, round(float(spent / rules.limit * 100), 1)) if rules.limit else 0,
        points_used=sum(v for pid, v in selection.items() if pid in prices),
        selection_size=sum(1 for pid in selection if pid in prices),
        questions=questions_of(cycle.id, cycle.questions),
        answers=answers or {},
    ), status


def _refusal_page(cycle: VotingCycle, budget: BudgetInfo, error: Refused, form: dict):
    """The ballot again, with the refusal at the top and the choices kept."""
    selection = get_kind(budget.kind).parse(form)[0]
    return render_ballot(
        cycle, budget, selection, [Problem(error.message)], 409, _answers(cycle, form)
    )


@bp.route("/<slug>/b/<int:budget_id>", methods=["GET", "POST"])
@read_only
@voting_open
def ballot(cycle: VotingCycle, budget_id: int):
    """GET: the empty ballot. POST: check it and show the review page (nothing is stored)."""
    budget = _budget_or_404(cycle, budget_id)
    code = _voter_code(cycle)
    if code is None:
        flash(_("Please enter your voting code first."))
        return redirect(url_for(".start", slug=cycle.slug))
    form = request.form.to_dict(flat=False)
    kiosk = current_kiosk()
    kept = kiosk_state.kept(budget.id) if kiosk and request.method == "GET" else None
    if kept:
        form = kept[0]
    try:
        voting.check_can_vote(cycle, code, budget, voting.voted_budget_ids(code.id))
    except AlreadyVoted as e:
        flash(e.message)
        return redirect(url_for(".budgets", slug=cycle.slug))
    except Refused as e:
        return _refusal_page(cycle, budget, e, form)
    kind = get_kind(budget.kind)
    answers = _answers(cycle, form)
    projects = _choices(cycle, budget)
    if request.method == "GET" or "change" in form:
        if kiosk and request.method == "POST" and kiosk_state.keep(budget.id, form, False):
            return redirect(url_for(".ballot", slug=cycle.slug, budget_id=budget.id), 303)
        if kept:  # a kiosk's ballot after a redirect: its problems, if any, again
            try:
                read_ballot(budget.rules, voting.costs(projects), form)
            except BallotInvalid as e:
                return render_ballot(
                    cycle, budget, e.selection, e.problems, answers=answers, projects=projects
                )
        selection = kind.parse(form)[0]
        return render_ballot(cycle, budget, selection, answers=answers, projects=projects)
    try:
        selection = read_ballot(budget.rules, voting.costs(projects), form)
    except BallotInvalid as e:
        if kiosk and kiosk_state.keep(budget.id, form, False):
            return redirect(url_for(".ballot", slug=cycle.slug, budget_id=budget.id), 303)
        return render_ballot(cycle, budget, e.selection, e.problems, 422, answers, projects)
    if kiosk and kiosk_state.keep(budget.id, form, True):
        return redirect(url_for(".review", slug=cycle.slug, budget_id=budget.id), 303)
    return padded(
        _review(cycle, budget, projects, selection, answers),
        _review_size(cycle, budget, projects),
    )


@bp.route("/<slug>/b/<int:budget_id>/review")
@voting_open
def review(cycle: VotingCycle, budget_id: int):
    """A kiosk's review page, after the redirect from the ballot (see kiosk_state)."""
    budget = _budget_or_404(cycle, budget_id)
    code = _voter_code(cycle)
    kept = kiosk_state.kept(budget.id) if current_kiosk() else None
    if code is None or not kept or not kept[1]:
        return redirect(
            url_for(
                ".start" if code is None else ".ballot",
                slug=cycle.slug,
                **({} if code is None else {"budget_id": budget.id}),
            ),
            303,
        )
    projects = _choices(cycle, budget)
    try:
        selection = read_ballot(budget.rules, voting.costs(projects), kept[0])
    except BallotInvalid:
        return redirect(url_for(".ballot", slug=cycle.slug, budget_id=budget.id), 303)
    return padded(
        _review(cycle, budget, projects, selection, _answers(cycle, kept[0])),
        _review_size(cycle, budget, projects),
    )


@bp.route("/<slug>/alive", methods=["POST"])
def alive(slug: str):
    """A touch on a kiosk page (kiosk.js): the voter is still there. 204, or 410 once the
    voter's session has ended (the page then returns to the start screen)."""
    cycle = _cycle_or_404(slug)
    return ("", 204) if _voter_code(cycle) is not None else ("", 410)


def restart_after_stale_form():
    """A vote form whose CSRF token no longer matches (a page left open past a kiosk's reset,
    or a session that expired): a fresh start with a word of explanation, never a raw 400."""
    slug = (request.view_args or {}).get("slug")
    if current_kiosk():
        _forget()
        slug = current_kiosk().slug
    if not slug:
        return None
    flash(_("This page was open too long, so nothing was sent. Please start again."))
    return redirect(url_for(".start", slug=slug), 303)


def _review(cycle: VotingCycle, budget: BudgetInfo, projects, selection, answers=None) -> str:
    kind = get_kind(budget.kind)
    by_id = {str(p.id): p for p in projects}
    chosen = [(by_id[pid], selection[pid]) for pid in ordered(budget.kind, selection)]
    return render_template(
        "vote/review.html",
        cycle=cycle,
        budget=budget,
        kind=kind,
        chosen=chosen,
        selection=selection,
        spent=sum((p.cost for p, _value in chosen), 0),
        points_used=sum(selection.values()),
        answers=answers or {},
    )


# Review pages list the voter's choices, so their length would tell a log reader or a network
# observer (through TLS) what was chosen. Every review page of a budget is padded to the length
# of the longest one possible: every project chosen with the largest value the ballot allows
# (more choices and larger values only ever lengthen the page), in the page's language. Cached
# like the choices.
_REVIEW_SIZES: dict[tuple, int] = {}
PAD_STEP = 512


def _review_size(cycle: VotingCycle, budget: BudgetInfo, projects) -> int:
    key = (current_language().code, cycle.slug, budget, projects)
    size = _REVIEW_SIZES.get(key)
    if size is None:
        n = len(projects)
        largest = {"ranked": n, "cumulative": budget.rules.total_points or 1}.get(budget.kind, 1)
        worst = {str(p.id): largest for p in projects}
        # and the longest answer to every question, so that answers never change the length
        answers = {
            q.key: max((v for v, _label in q.options), key=len)
            for q in questions_of(cycle.id, cycle.questions)
        }
        size = len(_review(cycle, budget, projects, worst, answers).encode()) + PAD_STEP
        if len(_REVIEW_SIZES) > 64:
            _REVIEW_SIZES.clear()
        _REVIEW_SIZES[key] = size
    return size


def padded(html: str, size: int) -> str:
    """`html` followed by a comment that brings it to `size` bytes (or to the next step past
    it, should a page ever outgrow its size)."""
    body = html.encode()
    room = size - len(body) - len("<!--  -->")
    if room < 0:
        room += (-room // PAD_STEP + 1) * PAD_STEP
    return html + "<!-- " + " " * room + " -->"


@bp.route("/<slug>/b/<int:budget_id>/submit", methods=["POST"])
def submit(slug: str, budget_id: int):
    """Not behind voting_open: `cast` checks the phase under a lock, in its own transaction."""
    form = request.form.to_dict(flat=False)
    answers = _answers(_cycle_or_404(slug), form) if any(k.startswith("q_") for k in form) else {}
    kiosk = current_kiosk()
    try:
        done = voting.cast(slug, _voter_key(), budget_id, form, channel=_channel(), answers=answers)
    except (BallotInvalid, Refused) as e:
        if kiosk and slug == kiosk.slug and kiosk_state.keep(budget_id, form, False):
            if isinstance(e, Refused):
                flash(e.message, "error")
            return redirect(url_for(".ballot", slug=slug, budget_id=budget_id), 303)
        cycle = _cycle_or_404(slug)
        budget = _budget_or_404(cycle, budget_id)
        if isinstance(e, BallotInvalid):
            return render_ballot(cycle, budget, e.selection, e.problems, 422, answers)
        return _refusal_page(cycle, budget, e, form)
    kiosk_state.drop()
    if done.remaining:
        session["voter"] = {**session["voter"], "seen": time.time()}
    elif kiosk:
        return _kiosk_start(
            _("Your vote is recorded. Thank you! The kiosk is ready for the next voter.")
        )
    else:
        session.pop("voter", None)  # cast ended the session on the server
    return redirect(url_for(".recorded", slug=slug, budget_id=budget_id), _see())


@bp.route("/<slug>/recorded/<int:budget_id>")
def recorded(slug: str, budget_id: int):
    cycle = _cycle_or_404(slug)
    budget = _budget_or_404(cycle, budget_id)
    code = _voter_code(cycle)
    remaining = []
    if code is not None:
        done = voting.voted_budget_ids(code.id)
        allowed = voting.eligible(voting.budgets(cycle.id), code)
        remaining = _local_budgets(cycle, [b for b in allowed if b.id not in done])
    # Says nothing of the choices, so its length is the same after every ballot of the budget.
    return render_template("vote/recorded.html", cycle=cycle, budget=budget, remaining=remaining)
