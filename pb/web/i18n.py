"""Languages: which one a request is served in, the switcher's route, and the catalog that
static/js reads.

The language is the one the person chose with the switcher (kept in their session), else the
best match of their browser's Accept-Language, else English. Catalogs live in translations/
(gettext .po, compiled to .mo beside them; `make translations` re-extracts and updates them).
A kiosk clears the session between voters, so the next resident starts from the default again.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    Response,
    has_request_context,
    redirect,
    request,
    session,
    url_for,
)
from flask_babel import Babel, force_locale, get_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

from pb.services.wording import translate
from pb.web.auth import safe_next


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as the switcher shows it
    direction: str  # "ltr" or "rtl"


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "ltr"),
        Language("es", "Español", "ltr"),
        Language("pl", "Polski", "ltr"),
        Language("ar", "العربية", "rtl"),
    )
}
DEFAULT = "en"
SESSION_KEY = "lang"

ROOT = Path(__file__).resolve().parent.parent.parent
TRANSLATIONS = ROOT / "translations"
JS_DIR = ROOT / "static" / "js"

bp = Blueprint("i18n", __name__)
babel = Babel()


def select_locale() -> str:
    if not has_request_context():
        return DEFAULT  # commands and mails written outside a request; they pass a locale
    chosen = session.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT) or DEFAULT


def current_language() -> Language:
    return LANGUAGES.get(str(get_locale()), LANGUAGES[DEFAULT])


@bp.post("/language")
def choose():
    """The switcher's form (works without JavaScript): remember the choice, go back."""
    code = request.form.get("lang", "")
    if code in LANGUAGES:
        session[SESSION_KEY] = code
    return redirect(safe_next(request.form.get("next")) or url_for("public.index"), code=303)


_JS_CALL = re.compile(r"""\b_\(\s*(["'])((?:\\.|(?!\1).)*)\1""")


@cache
def js_messages() -> tuple[str, ...]:
    """Every message static/js asks for: the first argument of each `_("...")` call."""
    found = set()
    for path in sorted(JS_DIR.glob("*.js")):
        for match in _JS_CALL.finditer(path.read_text(encoding="utf-8")):
            found.add(
                json.loads(f'"{match.group(2)}"') if match.group(1) == '"' else match.group(2)
            )
    return tuple(sorted(found))


# static/js starts with `const _ = window.pbT || ((m) => m);` so pages work before this loads.
JS_LOOKUP = """window.pbT = function (message, values) {
  var text = (window.PB_I18N || {})[message] || message;
  return text.replace(/%\\((\\w+)\\)s/g, function (all, key) {
    return values && key in values ? String(values[key]) : all;
  });
};
"""


@bp.get("/i18n/<lang>.js")
def js_catalog(lang: str):
    """The translations static/js needs, as a script (a strict CSP allows no inline data)."""
    if lang not in LANGUAGES:
        return Response("", status=404)
    with force_locale(lang):
        translations = get_translations()
        table = {m: translations.gettext(m) for m in js_messages()}
    table = {m: t for m, t in table.items() if t != m}
    body = f"window.PB_I18N = {json.dumps(table, ensure_ascii=False, sort_keys=True)};\n{JS_LOOKUP}"
    response = Response(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _template_globals() -> dict:
    lang = current_language()
    return {"lang": lang.code, "dir": lang.direction, "languages": LANGUAGES.values(), **_gettext()}


def _gettext() -> dict:
    """`_`, `gettext` and `ngettext` for one render, bound to the request's catalog.

    Flask-Babel's template functions look the catalog up again on every call (about 6 us: a
    dozen context lookups), and a ballot page makes dozens of calls at hundreds of votes a
    second. These work as Jinja's "newstyle" gettext (the text is always a %-format string,
    marked safe before the values, which are escaped, go in) with one lookup per render. A
    render inside `force_locale` gets that locale's catalog, as the context processor runs
    inside it too."""
    catalog = get_translations()

    @pass_context
    def gettext(context, message: str, /, **values):
        text = catalog.ugettext(message)
        return (Markup(text) if context.eval_ctx.autoescape else text) % values

    @pass_context
    def ngettext(context, singular: str, plural: str, num: int, /, **values):
        values.setdefault("num", num)
        text = catalog.ungettext(singular, plural, num)
        return (Markup(text) if context.eval_ctx.autoescape else text) % values

    return {"_": gettext, "gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.context_processor(_template_globals)
    app.add_template_filter(translate, "translate")
    app.register_blueprint(bp)
