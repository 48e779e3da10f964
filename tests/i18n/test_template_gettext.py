"""Templates translate with one catalog lookup per render (pb.web.i18n._gettext): the same
words, escaping and plural forms as Jinja's newstyle gettext, in the request's language or the
one `force_locale` sets."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

TEMPLATE = (
    '{{ _("Your voting code for %(cycle)s", cycle=name) }}|'
    "{% trans %}Review my vote{% endtrans %}|"
    '{{ ngettext("%(budget)s: %(num)s ballot", "%(budget)s: %(num)s ballots", n, budget="City") }}'
)


def _render(**values) -> str:
    return render_template_string(TEMPLATE, name="<b>Town</b>", n=2, **values)


def test_words_values_and_plurals_in_the_requests_language(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        code, review, ideas = _render().split("|")
    assert code == "Tu código de votación para &lt;b&gt;Town&lt;/b&gt;"
    assert review == "Revisar mi voto"
    assert ideas == "City: 2 papeletas"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert _render().split("|")[1] == "Review my vote"


def test_force_locale_reaches_templates(app):
    with app.test_request_context(headers={"Accept-Language": "en"}), force_locale("pl"):
        code = _render().split("|")[0]
    assert code == "Twój kod do głosowania: &lt;b&gt;Town&lt;/b&gt;"


def test_a_value_named_like_a_parameter_is_still_a_value(app):
    with app.test_request_context():
        page = render_template_string(
            '{{ _("Vote here: %(link)s", link="x", message="m") }}|'
            '{{ ngettext("%(num)s idea", "%(num)s ideas", 3, num=3) }}'
        )
    assert page == "Vote here: x|3 ideas"
