"""Text shown to people is marked for translation, in templates and in Python.

Templates: every run of letters a person can read (text between tags, and the alt, title,
placeholder, aria-label and button-value attributes) must come from `{{ _("...") }}`, a
`{% trans %}` block or a value passed in. Python: a literal string handed straight to flash(),
to a WTForms field or validator as its label or message, or to a refusal shown on a page
(Refused, Conflict and their subclasses) must be wrapped in `_()`, `_l()` or `N_()`.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"

# Words that are the same in every language: the product's name, units, symbols.
ALLOWED = {"pb", "PB", "QR", "CSV", "JSON", "API", "OpenAPI", "pabulib", "ID", "UTC", "OK"}
# Not read as words: scripts, styles, and <code> (a command or file name, the same everywhere).
UNREAD = ("script", "style", "code")
READABLE_ATTRS = {"alt", "title", "placeholder", "aria-label", "aria-description"}
BUTTON_TYPES = {"submit", "button", "reset"}

JINJA_COMMENT = re.compile(r"\{#.*?#\}", re.S)
TRANS_BLOCK = re.compile(r"\{%-?\s*trans\b.*?\{%-?\s*endtrans\s*-?%\}", re.S)
JINJA_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
WORD = re.compile(r"[^\W\d_]{2,}")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD:
            self._hidden += 1
        values = dict(attrs)
        for name, value in attrs:
            if value and (
                name in READABLE_ATTRS
                or (name == "value" and tag == "input" and values.get("type") in BUTTON_TYPES)
            ):
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in UNREAD and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.found.append(data)


def unmarked_template_text(source: str) -> list[str]:
    text = JINJA_COMMENT.sub("", source)
    text = TRANS_BLOCK.sub("", text)
    text = JINJA_TAG.sub(" ", text)
    parser = _Visible()
    parser.feed(text)
    words = []
    for chunk in parser.found:
        words += [w for w in WORD.findall(chunk) if w not in ALLOWED]
    return words


MARKERS = {"_", "_l", "N_", "gettext", "lazy_gettext", "ngettext", "pgettext", "lazy_ngettext"}
# Exceptions whose message reaches a page (services' refusals, the domain's input errors, form
# validation); programming errors (ValueError, TypeError, ...) stay in English.
SHOWN_ERRORS = {
    "Refused",
    "Conflict",
    "VotingClosed",
    "CodeUnknown",
    "CodeCancelled",
    "CodeRequired",
    "NotEligible",
    "AlreadyVoted",
    "ImportFailed",
    "BallotInvalid",
    "ListError",
    "PhotoRejected",
    "BundleError",
    "UnsupportedRule",
    "TieUnresolved",
    "PaperTypo",
    "ShareError",
    "CodeFormatError",
    "EnvelopeError",
    "PabulibError",
    "ValidationError",
}


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_text(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(WORD.search(node.value))
    return isinstance(node, ast.JoinedStr)


def unmarked_python_text(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        shown: list[ast.expr] = []
        if name == "flash" or name in SHOWN_ERRORS or name.endswith("Field"):
            shown += node.args[:1]
        shown += [k.value for k in node.keywords if k.arg in ("label", "message", "description")]
        found += [ast.unparse(arg)[:60] for arg in shown if _is_text(arg)]
    return found


def _templates() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in TEMPLATES.rglob("*.html"))


def _python() -> list[str]:
    return sorted(
        str(p.relative_to(ROOT))
        for p in (ROOT / "pb").rglob("*.py")
        # research/ is the researchers' English command line; demo/ is content, translated per
        # language like any cycle's texts, not through the catalogs.
        if "research" not in p.parts and "demo" not in p.parts
    )


# Files not yet converted. Each conversion removes its line; the list must end empty, which
# test_nothing_is_left_pending checks.
PENDING: set[str] = set()


@pytest.mark.parametrize("path", _templates())
def test_template_text_is_marked(path):
    if path in PENDING:
        pytest.xfail("not yet converted")
    words = unmarked_template_text((ROOT / path).read_text(encoding="utf-8"))
    assert not words, f"{path}: text not marked for translation: {words[:12]}"


@pytest.mark.parametrize("path", _python())
def test_python_text_is_marked(path):
    if path in PENDING:
        pytest.xfail("not yet converted")
    found = unmarked_python_text((ROOT / path).read_text(encoding="utf-8"))
    assert not found, f"{path}: text shown to people not marked for translation: {found[:8]}"


def test_the_checks_catch_what_they_should():
    assert unmarked_template_text('<p>Vote now</p><img alt="A park">') == ["Vote", "now", "park"]
    assert unmarked_template_text("<p>{{ _('Vote now') }}</p>") == []
    assert unmarked_template_text("{% trans %}Vote {{ n }}{% endtrans %}") == []
    assert unmarked_template_text('<input type="submit" value="Send">') == ["Send"]
    assert unmarked_template_text('<input name="code" value="abc">') == []
    assert unmarked_template_text("<script>var x = 'hello';</script>") == []
    assert unmarked_template_text("<code>pb verify</code> <p>Check</p>") == ["Check"]
    assert unmarked_python_text('flash("Saved")') == ['"Saved"'.replace('"', "'")]
    assert unmarked_python_text('flash(_("Saved"))') == []
    assert unmarked_python_text('StringField("Title")') == ["'Title'"]
    assert unmarked_python_text('raise Refused(f"Too many: {n}")') != []


def test_nothing_is_left_pending():
    assert not PENDING, f"{len(PENDING)} files still wait to be marked for translation"
