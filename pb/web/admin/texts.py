"""Staff: a cycle's texts in its other languages, on one page (the usual forms stay in the
default language)."""

from __future__ import annotations

import re

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from pb.services import texts as service
from pb.web.admin import bp
from pb.web.admin.lookup import cycle_by_slug
from pb.web.auth import staff_required
from pb.web.forms import attempt, form_status
from pb.web.i18n import LANGUAGES

FIELD_NAME = re.compile(r"^t-(cycle|budget|project)-(\d+)-([a-z_]+)-([a-z]{2,5})$")


def sent_texts() -> dict[service.Key, str]:
    found = {}
    for name, value in request.form.items():
        match = FIELD_NAME.match(name)
        if match:
            kind, object_id, field, lang = match.groups()
            found[(kind, int(object_id), field, lang)] = value
    return found


@bp.route("/c/<slug>/texts", methods=["GET", "POST"])
@staff_required("staff")
def texts(slug: str):
    cycle = cycle_by_slug(slug)
    form = FlaskForm()
    done = attempt(form, lambda: service.set_texts(current_user, cycle, sent_texts()))
    if done:
        flash(ngettext("%(num)d text saved.", "%(num)d texts saved.", done.value), "success")
        return redirect(url_for("admin.texts", slug=slug), 303)
    entries = service.entries(cycle)
    if request.method == "POST":  # show what was typed, not what is stored
        for entry in entries:
            for lang in entry.values:
                if entry.name(lang) in request.form:
                    entry.values[lang] = request.form[entry.name(lang)]
    missing = service.missing_translations(cycle)
    return render_template(
        "admin/texts/edit.html",
        cycle=cycle,
        form=form,
        entries=entries,
        languages=[LANGUAGES[c] for c in cycle.language_codes if c in LANGUAGES],
        missing=len(missing),
        no_other=_("This cycle is shown in one language only: add languages on its form."),
    ), form_status(form)
