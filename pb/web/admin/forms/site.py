"""The site settings form (admins): name, logo, colour, footer links, privacy notice, contact,
and the time zone new cycles start with."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from pb.domain.zones import zone_choices
from pb.web.admin.forms import opts


class SiteForm(FlaskForm):
    name = StringField(_l("City or organisation"), validators=[Optional(), Length(max=120)])
    logo = FileField(_l("Logo (JPEG, PNG or WebP, at most 5 MB)"))
    remove_logo = BooleanField(_l("Remove the current logo"))
    primary_colour = StringField(_l("Primary colour"), validators=[Optional(), Length(max=7)])
    footer_links = TextAreaField(_l("Footer links"), validators=[Optional()])
    privacy_notice = TextAreaField(_l("Privacy notice"), validators=[Optional()])
    contact = StringField(_l("Contact address"), validators=[Optional(), Length(max=200)])
    default_time_zone = SelectField(
        _l("Time zone of new cycles"), choices=opts((z, z) for z in zone_choices())
    )

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.data or "",
            "primary_colour": self.primary_colour.data or "",
            "footer_links": self.footer_links.data or "",
            "privacy_notice": self.privacy_notice.data or "",
            "contact": self.contact.data or "",
            "default_time_zone": self.default_time_zone.data,
        }
