"""Routes for public ideas; the package docstring says what they do."""

from __future__ import annotations

import secrets

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from pb.domain.phases import Phase
from pb.extensions import limiter
from pb.models.ideas import Idea
from pb.services import ideas as svc
from pb.services import proposals
from pb.web.auth import safe_next
from pb.web.errors import error_page
from pb.web.forms import ask_photo_again, attempt, form_status, perform
from pb.web.guards import cycle_by_slug, page_number, page_or_404, phase_required
from pb.web.ideas import bp
from pb.web.ideas.forms import (
    FlagForm,
    IdeaForm,
    ResidentForm,
    SearchForm,
    SupportForm,
    district_choices,
    file_bytes,
    opts,
)
from pb.web.media import uploads_store

PER_PAGE = 30


def session_token() -> str:
    """A random id for this browser session: supports and flags count once per session."""
    if "pb_sid" not in session:
        session["pb_sid"] = secrets.token_urlsafe(24)
    return session["pb_sid"]


def idea_or_404(slug: str, idea_id: int) -> Idea:
    idea = svc.idea_in(slug, idea_id)
    if idea is None:
        abort(404)
    return idea


def _rate() -> str:
    return current_app.config.get("PB_IDEA_RATE_LIMIT", "5 per hour")


@bp.route("/c/<slug>/ideas")
def browse(slug: str):
    cycle = cycle_by_slug(slug)
    form = SearchForm(request.args)
    form.category.choices = opts(
        [("", "All categories")] + [(c, c) for c in svc.categories_in_use(cycle)]
    )
    form.district.choices = opts(
        [("", "All districts"), ("citywide", "Citywide")]
        + [(d, d) for d in svc.districts_for(cycle)]
    )
    form.validate()
    page = page_or_404(
        svc.browse(
            cycle,
            page=page_number(),
            per_page=PER_PAGE,
            text=(form.q.data or "")[:100],
            category=form.category.data or "",
            district=form.district.data or "",
            status=form.status.data or "",
            sort=form.sort.data or "new",
        )
    )
    session_token()  # the browser's id that its supports will carry
    return render_template(
        "ideas/browse.html",
        cycle=cycle,
        form=form,
        page=page,
        supported=set(session.get("pb_supported", [])),
        can_submit=cycle.current_phase == Phase.IDEAS,
    )


@bp.route("/c/<slug>/ideas/new", methods=["GET", "POST"])
@phase_required(Phase.IDEAS)
@limiter.limit(_rate, methods=["POST"], deduct_when=lambda r: r.status_code in (302, 303))
def submit(slug: str):
    cycle = g.cycle
    if not _resident(cycle):
        return _ask_resident(slug, url_for("ideas.submit", slug=slug))
    form = IdeaForm()
    form.category.choices = opts(
        [("", "Choose a category")] + [(c, c) for c in svc.settings_for(cycle).category_list]
    )
    form.district.choices = district_choices(svc.districts_for(cycle))
    done = attempt(
        form,
        lambda: svc.submit(
            cycle, _idea_input(form), file_bytes(form.photo), uploads=uploads_store()
        ),
    )
    if done and done.value.is_public:
        flash(_("Thank you! Your idea is published."), "success")
        return redirect(url_for("ideas.show", slug=slug, idea_id=done.value.id), 303)
    if done:
        flash(_("Thank you! Your idea will appear once a moderator has looked at it."), "success")
        return redirect(url_for("ideas.browse", slug=slug), 303)
    ask_photo_again(form)
    return render_template("ideas/submit.html", cycle=cycle, form=form), form_status(form)


def _resident(cycle) -> bool:
    """True unless the cycle lets only residents take part and this browser has not shown a
    voter code of the cycle (the session keeps that it did, never which code)."""
    return not svc.settings_for(cycle).residents_only or cycle.id in session.get("pb_residents", [])


def _ask_resident(slug: str, back: str):
    flash(_("Taking part in this cycle's ideas needs your voter code first."))
    return redirect(url_for("ideas.resident", slug=slug, next=back), 303)


def _failed(response) -> bool:
    return response.status_code >= 400


@bp.route("/c/<slug>/ideas/resident", methods=["GET", "POST"])
@phase_required(Phase.IDEAS)
@limiter.limit(
    lambda: current_app.config["PB_CODE_RATE_LIMIT"], methods=["POST"], deduct_when=_failed
)
def resident(slug: str):
    cycle = g.cycle
    form = ResidentForm()
    pepper = current_app.config["PB_CODE_PEPPER"]
    if attempt(form, lambda: svc.resident_check(cycle, form.code.data, pepper)):
        session["pb_residents"] = sorted({*session.get("pb_residents", []), cycle.id})
        flash(_("Thank you: you can now submit and support ideas."), "success")
        back = safe_next(request.args.get("next")) or url_for("ideas.browse", slug=slug)
        return redirect(back, 303)
    return render_template("ideas/resident.html", cycle=cycle, form=form), form_status(form)


def _idea_input(form: IdeaForm) -> svc.IdeaInput:
    return svc.IdeaInput(
        title=form.title.data,
        description=form.description.data,
        category=form.category.data,
        district=form.district.data or "",
        location=form.location.data or "",
        contact_email=form.contact_email.data or "",
    )


@bp.route("/c/<slug>/ideas/<int:idea_id>")
def show(slug: str, idea_id: int):
    idea = idea_or_404(slug, idea_id)
    if idea.status == "pending":
        abort(404)  # not public until a moderator has looked at it
    if idea.status == "merged" and idea.merged_into is not None:
        flash(_("This idea was merged into the one below, which describes the same thing."))
        return redirect(url_for("ideas.show", slug=slug, idea_id=idea.merged_into_id), 301)
    session_token()  # the browser's id that its support will carry
    return render_template(
        "ideas/show.html",
        cycle=idea.cycle,
        idea=idea,
        proposals=proposals.linking(idea),
        support_form=SupportForm(),
        supported=idea.id in session.get("pb_supported", []),
        can_support=idea.cycle.current_phase == Phase.IDEAS and idea.is_public,
    )


def _support_rate() -> str:
    return current_app.config["PB_SUPPORT_RATE_LIMIT"]


@bp.route("/c/<slug>/ideas/<int:idea_id>/support", methods=["POST"])
@phase_required(Phase.IDEAS)
@limiter.limit(_support_rate, methods=["POST"])
def support(slug: str, idea_id: int):
    idea = idea_or_404(slug, idea_id)  # CSRFProtect has checked the token already
    if not _resident(idea.cycle):
        return _ask_resident(slug, url_for("ideas.show", slug=slug, idea_id=idea.id))
    if "pb_sid" not in session:
        # The idea's page gives every browser its id; a post without it comes from something
        # that drops cookies to count again and again.
        return error_page(
            400,
            "Cookies needed",
            "Supporting an idea needs cookies: please allow them for this "
            "site, open the idea again and press the button once more. Nothing was counted.",
        )
    done = perform(lambda: svc.support(idea, session_token()))
    if not done:
        return redirect(url_for("ideas.show", slug=slug, idea_id=idea.id), 303)
    supported = set(session.get("pb_supported", []))
    supported.add(idea.id)
    session["pb_supported"] = sorted(supported)
    flash(
        _("Thank you for your support.") if done.value else _("You support this idea already."),
        "success",
    )
    return redirect(url_for("ideas.show", slug=slug, idea_id=idea.id), 303)


@bp.route("/c/<slug>/ideas/<int:idea_id>/flag", methods=["GET", "POST"])
def flag(slug: str, idea_id: int):
    idea = idea_or_404(slug, idea_id)
    if idea.status != "published":
        abort(404)
    form = FlagForm()
    done = attempt(form, lambda: svc.flag(idea, session_token(), form.reason.data))
    if done:
        flash(
            _("Thank you: a moderator will look at this idea.")
            if done.value
            else _("You have flagged this idea already; a moderator will look at it."),
            "success",
        )
        return redirect(url_for("ideas.show", slug=slug, idea_id=idea.id), 303)
    page = render_template("ideas/flag.html", cycle=idea.cycle, idea=idea, form=form)
    return page, form_status(form)
