"""The recount bundle: a zip anyone can recount with `pb verify`.

    manifest.json             {"format": 1, "pb_version": ..., "files": {name: sha256}}
    pb-version.txt            the pb version that counted
    budgets/ID.pb             the budget's ballots and projects, `selected` = the published result
    budgets/ID.json           rule, tie-break, every parameter, the published funded projects

`read_bundle` checks every hash against the manifest (a changed ballot, result or parameter
file no longer matches it; a changed manifest no longer matches the files) and says what is
wrong in words; the recount itself is pb.research.verify's.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from pb.domain.text import N_, TextError

FORMAT = 1
MANIFEST = "manifest.json"
VERSION_FILE = "pb-version.txt"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class BudgetParams:
    id: int
    name: str
    rule: str
    tie_break: str
    selected: tuple[str, ...]
    parameters: Mapping[str, str]  # budget, vote_type, limits (the .pb's META carries them too)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "rule": self.rule,
            "tie_break": self.tie_break,
            "selected": list(self.selected),
            "parameters": dict(self.parameters),
        }


def _zip(files: Mapping[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            # A fixed timestamp: the same bundle gives the same bytes (and hash) every time.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def zip_files(files: Mapping[str, bytes]) -> bytes:
    return _zip(files)


def build_bundle(version: str, budgets: list[tuple[BudgetParams, str]]) -> dict[str, bytes]:
    """The bundle's files (name -> bytes) from each budget's parameters and `.pb` text."""
    files: dict[str, bytes] = {VERSION_FILE: (version + "\n").encode()}
    for params, pb_text in budgets:
        files[f"budgets/{params.id}.pb"] = pb_text.encode("utf-8")
        files[f"budgets/{params.id}.json"] = (
            json.dumps(params.to_json(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        ).encode("utf-8")
    manifest = {
        "format": FORMAT,
        "pb_version": version,
        "files": {name: sha256(data) for name, data in sorted(files.items())},
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()
    return files


class BundleError(TextError):
    """A bundle that cannot be recounted as it is (damaged, or its hashes do not match)."""


@dataclass(frozen=True)
class Bundle:
    version: str
    budgets: list[tuple[BudgetParams, str]]  # parameters and `.pb` text
    problems: list[str]  # hash mismatches and missing or extra files, in words


def read_bundle(data: bytes) -> Bundle:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        files = {n: archive.read(n) for n in archive.namelist() if not n.endswith("/")}
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise BundleError(N_("not a readable zip file (%(reason)s)"), reason=str(e)) from None
    if MANIFEST not in files:
        raise BundleError(N_("the bundle has no %(name)s"), name=MANIFEST)
    try:
        manifest = json.loads(files[MANIFEST])
        listed: dict[str, str] = dict(manifest["files"])
        version = str(manifest.get("pb_version", ""))
    except (ValueError, KeyError, TypeError) as e:
        raise BundleError(
            N_("%(name)s cannot be read (%(reason)s)"), name=MANIFEST, reason=str(e)
        ) from None
    problems = []
    for name, digest in sorted(listed.items()):
        if name not in files:
            problems.append(f"{name} is listed in the manifest but missing")
        elif sha256(files[name]) != digest:
            problems.append(f"{name} does not match its SHA-256 in the manifest")
    for name in sorted(set(files) - set(listed) - {MANIFEST}):
        problems.append(f"{name} is not listed in the manifest")
    budgets = []
    for name in sorted(n for n in files if n.startswith("budgets/") and n.endswith(".json")):
        pb_name = name[: -len(".json")] + ".pb"
        try:
            raw = json.loads(files[name])
            params = BudgetParams(
                id=int(raw["id"]),
                name=str(raw["name"]),
                rule=str(raw["rule"]),
                tie_break=str(raw["tie_break"]),
                selected=tuple(str(x) for x in raw["selected"]),
                parameters={str(k): str(v) for k, v in raw.get("parameters", {}).items()},
            )
        except (ValueError, KeyError, TypeError) as e:
            problems.append(f"{name} cannot be read ({e})")
            continue
        if pb_name not in files:
            problems.append(f"{pb_name} is missing")
            continue
        budgets.append((params, files[pb_name].decode("utf-8", errors="replace")))
    if not budgets:
        problems.append("the bundle holds no budget")
    return Bundle(version, budgets, problems)
