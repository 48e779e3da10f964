"""The message catalogs: current with the code, complete for every shipped language, compiled.

- translations/messages.pot is what `pybabel extract` finds today (run `make translations`);
- Spanish and Polish translate every entry, Arabic every entry a resident can see (staff pages
  stay in English for it); no catalog keeps an entry the code no longer uses;
- each translation keeps its msgid's placeholders; each committed .mo is its .po compiled.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
COMPLETE = ("es", "pl")
RESIDENT_ONLY = ("ar",)
# Files only staff see; a message used anywhere else is a resident's and Arabic must have it.
STAFF_FILES = (
    "templates/admin/",
    "templates/auth/",
    "pb/web/admin/",
    "pb/web/auth.py",
    "pb/cli.py",
    "static/js/mailing-progress.js",
    # Staff use cases: their refusals show on staff pages only.
    "pb/services/backups.py",
    "pb/services/checklist.py",
    "pb/services/counting_keys.py",
    "pb/services/cycles.py",
    "pb/services/eligibility.py",
    "pb/services/importing.py",
    "pb/services/mailings.py",
    "pb/services/moderation.py",
    "pb/services/open_data_settings.py",
    "pb/services/opening.py",
    "pb/services/paper.py",
    "pb/services/project_import.py",
    "pb/services/proposals.py",
    "pb/services/tallying.py",
    "pb/services/users.py",
    # Domain input errors of staff work: project import, voter lists, paper entry, key shares,
    # the envelopes' opening report and the recount bundle.
    "pb/domain/bundle.py",
    "pb/domain/eligibility.py",
    "pb/domain/envelopes.py",
    "pb/domain/keyshares.py",
    "pb/domain/pabulib.py",
    "pb/domain/pabulib_fields.py",
    "pb/domain/pabulib_votes.py",
    "pb/domain/paper.py",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}")


def _catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def _template():
    with open(TRANSLATIONS / "messages.pot", "rb") as f:
        return read_po(f)


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def _resident(message) -> bool:
    return any(not path.startswith(STAFF_FILES) for path, _ in message.locations)


def test_template_is_what_the_code_marks(tmp_path):
    out = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).with_name("pybabel")), "-q", "extract", "-F", "babel.cfg"]
        + ["--add-location=file", "--sort-output", "-k", "_l", "-k", "lazy_gettext"]
        + ["-o", str(out), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(out, "rb") as f:
        fresh = read_po(f)
    committed = _template()
    missing, stale = _ids(fresh) - _ids(committed), _ids(committed) - _ids(fresh)
    assert not missing and not stale, (
        f"translations/messages.pot is out of date (run `make translations`): "
        f"new {sorted(missing)[:10]}, gone {sorted(stale)[:10]}"
    )


@pytest.mark.parametrize("lang", COMPLETE + RESIDENT_ONLY)
def test_catalog_has_every_entry_and_no_stale_one(lang):
    template, catalog = _template(), _catalog(lang)
    stale = _ids(catalog) - _ids(template)
    assert not stale, f"{lang}: entries the code no longer uses: {sorted(stale)[:10]}"
    needed = [m for m in template if m.id and (lang in COMPLETE or _resident(m))]
    untranslated = [
        m.id for m in needed if not catalog.get(m.id) or not _translated(catalog.get(m.id))
    ]
    assert not untranslated, f"{lang}: {len(untranslated)} untranslated, e.g. {untranslated[:10]}"
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"{lang}: fuzzy entries need a translator's eye: {fuzzy[:10]}"


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


@pytest.mark.parametrize("lang", COMPLETE + RESIDENT_ONLY)
def test_translations_keep_their_placeholders(lang):
    wrong = []
    for m in _catalog(lang):
        if not m.id or not _translated(m):
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            got = set(PLACEHOLDER.findall(text))
            # A plural form may leave the count out ("one ballot"), never invent a placeholder.
            if got - wanted or (len(strings) == 1 and got != wanted):
                wrong.append((m.id, text))
    assert not wrong, f"{lang}: placeholders differ: {wrong[:5]}"


def _key(value):
    """A plural entry reads back from a .mo as lists, from a .po as tuples."""
    return tuple(value) if isinstance(value, list | tuple) else value


@pytest.mark.parametrize("lang", COMPLETE + RESIDENT_ONLY)
def test_compiled_catalog_matches_its_source(lang):
    source = _catalog(lang)
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo", "rb") as f:
        compiled = read_mo(io.BytesIO(f.read()))
    want = {_key(m.id): _key(m.string) for m in source if m.id and _translated(m) and not m.fuzzy}
    # pybabel compile writes an untranslated plural entry too, its English as every form
    # (gettext would fall back to the same English anyway).
    got = {
        _key(m.id): _key(m.string)
        for m in compiled
        if m.id and not (isinstance(m.id, list) and set(m.string) <= set(m.id))
    }
    assert got == want, f"{lang}: messages.mo is stale (run `make translations`)"
