"""Public forms. The services validate again: a form only gives the first, friendly check."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import EmailField, SearchField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from pb.services.ideas import EMAIL


def opts(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class IdeaForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=200)])
    description = TextAreaField(
        _l("Describe your idea"), validators=[DataRequired(), Length(min=10, max=10_000)]
    )
    category = SelectField(_l("Category"), validators=[DataRequired()], validate_choice=True)
    district = SelectField(_l("District"), default="", validate_choice=True)
    location = StringField(_l("Where (optional)"), validators=[Optional(), Length(max=200)])
    photo = FileField(_l("Photo (optional)"))
    contact_email = EmailField(
        _l("Your email (optional)"),
        validators=[
            Optional(),
            Regexp(EMAIL, message=_l("This does not look like an email address.")),
            Length(max=200),
        ],
    )


class FlagForm(FlaskForm):
    reason = TextAreaField(
        _l("What is wrong with this idea?"), validators=[DataRequired(), Length(min=3, max=500)]
    )


class SupportForm(FlaskForm):
    """Only the CSRF token: supporting is one button."""


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search form

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=100)])
    category = SelectField(_l("Category"), validate_choice=False)
    district = SelectField(_l("District"), validate_choice=False)
    status = SelectField(
        _l("Status"),
        choices=opts(
            [
                ("", _l("Shown ideas")),
                ("in_proposal", _l("Taken into a proposal")),
                ("hidden", _l("Hidden by moderators")),
                ("merged", _l("Merged into another idea")),
            ]
        ),
        validate_choice=False,
    )
    sort = SelectField(
        _l("Sort by"),
        choices=opts([("new", _l("Newest")), ("support", _l("Most supported"))]),
        validate_choice=False,
    )


def file_bytes(field: FileField) -> bytes | None:
    data = field.data
    if data is None or not getattr(data, "filename", ""):
        return None
    return data.read()


def district_choices(districts: list[str]) -> list[SelectChoice]:
    return opts([("", _l("Citywide / not specific"))] + [(d, d) for d in districts])


class ResidentForm(FlaskForm):
    code = StringField(
        _l("Your voter code"),
        validators=[DataRequired(message=_l("Enter the code from your letter."))],
    )
