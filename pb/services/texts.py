"""Texts per language. A cycle is written in its default language on the usual forms
(cycle.name, project.title, ...); staff add the other languages of the cycle on one page, and
residents read their language, falling back to the default one.

Some texts have no column (a budget's description, the words the cycle shows in the idea phase
and on its results page): those are kept here in every language, the default one included."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pb.extensions import db
from pb.models import Budget, Cycle, Project, User
from pb.models.audit import record
from pb.models.texts import LocalText
from pb.services.errors import Refused, transaction

# kind -> [(field, label, stored in a column of the object)]
FIELDS = {
    "cycle": [
        ("name", _l("Name"), True),
        ("description", _l("Description"), True),
        ("ideas_intro", _l("Words on the ideas page"), False),
        ("results_intro", _l("Words on the results page"), False),
    ],
    "budget": [("name", _l("Name"), True), ("description", _l("Description"), False)],
    "project": [
        ("title", _l("Title"), True),
        ("summary", _l("Summary"), True),
        ("description", _l("Description"), True),
    ],
}
KIND_OF = {Cycle: "cycle", Budget: "budget", Project: "project"}
IN_COLUMN = {(kind, name) for kind, fields in FIELDS.items() for name, _, col in fields if col}
MAX_LENGTH = {"name": 200, "title": 200, "summary": 500}

Key = tuple[str, int, str, str]  # kind, object id, field, language


@dataclass
class Entry:
    """One text of the cycle, for the texts page: its default-language value and the others."""

    kind: str
    object_id: int
    field: str
    label: str
    owner: str  # what it belongs to, e.g. the project's title
    in_column: bool  # the default language is written on the object's own form
    values: dict[str, str] = field(default_factory=dict)  # language -> text ("" = missing)

    def name(self, lang: str) -> str:
        return f"t-{self.kind}-{self.object_id}-{self.field}-{lang}"


@dataclass(frozen=True)
class Missing:
    kind: str
    object_id: int
    field: str
    lang: str
    owner: str


def _objects(cycle: Cycle) -> Iterable[tuple[str, object, str]]:
    yield "cycle", cycle, cycle.name
    for budget in cycle.budgets:
        yield "budget", budget, budget.name
        for project in budget.projects:
            yield "project", project, project.title


def stored(cycle_id: int) -> dict[Key, str]:
    rows = db.session.execute(
        db.select(
            LocalText.kind, LocalText.object_id, LocalText.field, LocalText.lang, LocalText.value
        ).where(LocalText.cycle_id == cycle_id)
    )
    return {(k, o, f, lang): v for k, o, f, lang, v in rows}


def entries(cycle: Cycle) -> list[Entry]:
    saved = stored(cycle.id)
    found = []
    for kind, obj, owner in _objects(cycle):
        for name, label, in_column in FIELDS[kind]:
            entry = Entry(kind, obj.id, name, str(label), owner, in_column)
            for lang in cycle.language_codes:
                if in_column and lang == cycle.default_language:
                    entry.values[lang] = getattr(obj, name) or ""
                else:
                    entry.values[lang] = saved.get((kind, obj.id, name, lang), "")
            found.append(entry)
    return found


def missing_translations(cycle: Cycle) -> list[Missing]:
    """Texts written in the default language and not yet in another language of the cycle (for
    the checklist before opening the vote)."""
    missing = []
    for entry in entries(cycle):
        if not entry.values.get(cycle.default_language, "").strip():
            continue
        for lang in cycle.language_codes[1:]:
            if not entry.values.get(lang, "").strip():
                missing.append(Missing(entry.kind, entry.object_id, entry.field, lang, entry.owner))
    return missing


def set_texts(actor: User, cycle: Cycle, values: dict[Key, str]) -> int:
    """Save the texts sent from the texts page; returns how many changed. Texts of objects of
    another cycle, of fields that are not listed or of languages the cycle does not have are
    refused; the default language of a column's text is edited on the object's own form."""
    known = {(e.kind, e.object_id, e.field) for e in entries(cycle)}
    columns = {(k, f) for k, fields in FIELDS.items() for f, _label, col in fields if col}
    for kind, object_id, name, lang in values:
        if (kind, object_id, name) not in known or lang not in cycle.language_codes:
            raise Refused(_("That text is not one of this cycle's."))
        if lang == cycle.default_language and (kind, name) in columns:
            raise Refused(_("Texts in the default language are changed on their own form."))
    saved = stored(cycle.id)
    changed = 0
    with transaction():
        rows = {
            (r.kind, r.object_id, r.field, r.lang): r
            for r in db.session.scalars(db.select(LocalText).where(LocalText.cycle_id == cycle.id))
        }
        for key, value in values.items():
            value = value.strip()[: MAX_LENGTH.get(key[2], 20000)]
            if saved.get(key, "") == value:
                continue
            changed += 1
            row = rows.get(key)
            if not value and row is not None:
                db.session.delete(row)
            elif value:
                if row is None:
                    kind, object_id, name, lang = key
                    row = LocalText(
                        cycle_id=cycle.id, kind=kind, object_id=object_id, field=name, lang=lang
                    )
                    db.session.add(row)
                row.value = value
        if changed:
            record(actor, "texts.update", f"cycle:{cycle.slug}", changed=changed)
    return changed


def cycle_of(obj: object) -> int | None:
    if isinstance(obj, Cycle):
        return obj.id
    if isinstance(obj, Budget):
        return obj.cycle_id
    if isinstance(obj, Project):
        return obj.budget.cycle_id
    return None


def localized(obj: object, name: str, lang: str, saved: dict[Key, str]) -> str:
    """`obj`'s text `name` in `lang`, else in its cycle's default language (`saved` is
    `stored(cycle_id)`, read once per request by the caller)."""
    kind = KIND_OF.get(type(obj))
    if kind is None:
        return str(getattr(obj, name, "") or "")
    object_id = obj.id  # type: ignore[attr-defined]
    found = saved.get((kind, object_id, name, lang), "")
    if found:
        return found
    if hasattr(obj, name):
        return getattr(obj, name) or ""
    cycle = obj if isinstance(obj, Cycle) else None
    default = cycle.default_language if cycle else _default_language(obj)
    return saved.get((kind, object_id, name, default), "")


def _default_language(obj: object) -> str:
    cycle_id = cycle_of(obj)
    return db.session.scalar(db.select(Cycle.default_language).where(Cycle.id == cycle_id)) or "en"
