"""The project import form: a file (CSV or .pb), or its text carried from the preview."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField


class ProjectImportForm(FlaskForm):
    file = FileField(_l("CSV file (title, description, cost, category, district) or pabulib .pb"))
    content = HiddenField()  # the previewed file's text, sent back with "Import"
    name = HiddenField()

    def text(self) -> tuple[str, str] | None:
        """(file name, text) of the upload or of the previewed file, or None."""
        upload = self.file.data
        if upload is not None and getattr(upload, "filename", ""):
            raw = upload.read()
            try:
                return upload.filename, raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                self.file.errors = [*self.file.errors, "The file is not UTF-8 text."]
                return None
        if self.content.data:
            return self.name.data or "upload.csv", self.content.data
        self.file.errors = [*self.file.errors, "Choose a file."]
        return None
