"""pb.web.forms: a valid form runs the use case once; a refusal lands next to its field and
sets the status code; an invalid form never reaches the service."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import FieldList, FormField, IntegerField, StringField
from wtforms import Form as PlainForm
from wtforms.validators import DataRequired

from pb.services.errors import Conflict, Refused
from pb.web.forms import attempt, form_status


class Row(PlainForm):
    amount = StringField()


class Sample(FlaskForm):
    name = StringField(validators=[DataRequired()])
    size = IntegerField()
    rows = FieldList(FormField(Row), min_entries=2)


def _form(app, **data):
    ctx = app.test_request_context("/", method="POST", data=data)
    ctx.push()
    return Sample(), ctx


def test_valid_form_runs_the_call_once_and_keeps_its_value(app):
    form, ctx = _form(app, name="Park")
    calls = []
    done = attempt(form, lambda: calls.append(1) or "saved")
    assert done and done.value == "saved" and not hasattr(form, "refusal") and calls == [1]
    assert form_status(form) == 200
    ctx.pop()


def test_invalid_form_never_calls_the_service(app):
    form, ctx = _form(app, name="")
    done = attempt(form, lambda: (_ for _ in ()).throw(AssertionError("called")))
    assert not done and form_status(form) == 422 and form.name.errors
    ctx.pop()


def test_refusal_goes_next_to_its_field_or_to_the_top(app):
    def refuse(message, field=None):
        def call():
            raise Refused(message, field)

        return call

    form, ctx = _form(app, name="Park")
    done = attempt(form, refuse("Too big.", "size"))
    assert not done and form.refusal.message == "Too big."
    assert form.size.errors == ["Too big."] and form_status(form) == 422
    ctx.pop()

    form, ctx = _form(app, name="Park")
    attempt(form, refuse("Row too big.", "rows-1-amount"))
    assert form.rows.entries[1].form.amount.errors == ["Row too big."]
    assert form.form_errors == ["Row 2: Row too big."]
    ctx.pop()

    form, ctx = _form(app, name="Park")
    attempt(form, refuse("Nothing was changed.", "no_such_field"))
    assert form.form_errors == ["Nothing was changed."]
    ctx.pop()


def test_conflict_with_the_state_of_things_is_409(app):
    form, ctx = _form(app, name="Park")

    def frozen():
        raise Conflict("The ballot is frozen since voting opened.")

    assert not attempt(form, frozen) and form_status(form) == 409
    assert form.form_errors == ["The ballot is frozen since voting opened."]
    ctx.pop()
