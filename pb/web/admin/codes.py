"""Staff: voter code batches. A batch's plain codes are the CSV answer to the request that
generates it, and are never shown again (the database keeps only keyed hashes)."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from pb.services import codes as service
from pb.services import letters
from pb.web.admin import bp
from pb.web.admin.forms import opts
from pb.web.admin.forms.codes import CodeBatchForm, VoidCodeForm
from pb.web.admin.lookup import batch_in, cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status


def _forms(cycle):
    batch_form = CodeBatchForm(prefix="batch")
    districts = sorted({b.district for b in cycle.budgets if b.district})
    batch_form.district.choices = opts(
        [(d, d) for d in districts] or [("", "(no district budgets)")]
    )
    return batch_form, VoidCodeForm(prefix="void")


def _page(cycle, batch_form, void_form):
    status = max(form_status(batch_form), form_status(void_form))
    return render_template(
        "admin/codes/batches.html",
        cycle=cycle,
        batch_form=batch_form,
        void_form=void_form,
        batches=service.batch_stats(cycle),
    ), status


@bp.route("/c/<slug>/codes")
@staff_required("staff")
def codes(slug: str):
    cycle = cycle_by_slug(slug)
    return _page(cycle, *_forms(cycle))


@bp.route("/c/<slug>/codes/generate", methods=["POST"])
@staff_required("staff")
def codes_generate(slug: str):
    cycle = cycle_by_slug(slug)
    batch_form, void_form = _forms(cycle)
    done = attempt(
        batch_form,
        lambda: service.generate_batch(
            current_user,
            cycle,
            batch_form.size.data,
            scope=batch_form.scope.data,
            district=batch_form.district.data or "",
            label=batch_form.label.data or "",
            pepper=current_app.config["PB_CODE_PEPPER"],
        ),
    )
    if not done:
        return _page(cycle, batch_form, void_form)
    batch, plain = done.value
    if batch_form.output.data in letters.PAPERS:
        vote_url = url_for("vote.start", slug=cycle.slug, _external=True)
        page = render_template(
            "admin/codes/letters.html",
            cycle=cycle,
            batch=batch,
            paper=batch_form.output.data,
            vote_url=vote_url,
            sheets=letters.sheets(letters.letters(vote_url, plain)),
        )
        # The answer to this request is the only copy of the codes: never cached, never again.
        return Response(page, headers={"Cache-Control": "no-store"})
    body = service.batch_csv(batch, plain)
    return Response(
        body,
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{cycle.slug}-codes-batch-{batch.number}.csv"',
            "Cache-Control": "no-store",
        },
    )


@bp.route("/c/<slug>/codes/void", methods=["POST"])
@staff_required("staff")
def codes_void(slug: str):
    cycle = cycle_by_slug(slug)
    batch_form, void_form = _forms(cycle)
    pepper = current_app.config["PB_CODE_PEPPER"]
    done = attempt(
        void_form, lambda: service.void_code(current_user, cycle, void_form.code.data, pepper)
    )
    if not done:
        return _page(cycle, batch_form, void_form)
    voted = done.value
    if voted:
        message = ngettext(
            "The code is void. It had already voted in %(num)s budget; that ballot stays counted.",
            "The code is void. It had already voted in %(num)s budgets; those ballots stay "
            "counted.",
            voted,
        )
    else:
        message = _("The code is void.")
    flash(message, "success")
    return redirect(url_for(".codes", slug=cycle.slug))


@bp.route("/c/<slug>/codes/batches/<int:batch_id>/void", methods=["POST"])
@staff_required("staff")
def batch_void(slug: str, batch_id: int):
    cycle = cycle_by_slug(slug)
    batch = batch_in(cycle, batch_id)
    n = service.void_batch(current_user, batch)
    flash(
        ngettext(
            "%(num)s code of batch %(batch)s is void.",
            "%(num)s codes of batch %(batch)s are void.",
            n,
            batch=batch.number,
        ),
        "success",
    )
    return redirect(url_for(".codes", slug=cycle.slug))
