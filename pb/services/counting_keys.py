"""Custody of a cycle's counting key: the key the sealed envelopes open with.

Server custody (the default): the private key is written, when the vote opens, to a file of its
own under the key folder (mode 0600, the folder 0700), never to the database, so a copy of the
database, a dump or a replica opens nothing. Trustee custody: the private key is split K-of-N and
each share is shown once, for one named trustee; before the vote can open, K shares must come
back and give the key again. Either way, losing the key loses the election.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from pb.domain import envelopes, keyshares
from pb.extensions import db
from pb.models import Cycle, User
from pb.models.audit import record
from pb.models.envelope import CountingKey
from pb.services.errors import Conflict, Refused, said, transaction

LOSS_WARNING = _l(
    "Whoever holds this key can count the votes; if it is lost, no one can, and the election "
    "is lost with it."
)


def key_of(cycle: Cycle) -> CountingKey | None:
    return db.session.get(CountingKey, cycle.id)


def key_file(key_dir: str | Path, cycle: Cycle, public_key: bytes) -> Path:
    return Path(key_dir) / f"cycle-{cycle.id}-{keyshares.fingerprint(public_key)}.key"


def _write_private(path: Path, private_key: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(private_key.hex() + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def ensure_server_key(actor: User | None, cycle: Cycle, key_dir: str | Path) -> CountingKey:
    """The key a vote opening under server custody seals to; created (file first, then the public
    half in the caller's transaction) when there is none yet."""
    key = key_of(cycle)
    if key is not None:
        if key.custody == "server" and not key_file(key_dir, cycle, key.public_key).exists():
            raise Conflict(
                _(
                    "The counting key file of this vote is missing from the server, so its sealed "
                    "ballots could not be counted. Restore it from the backup before going on."
                )
            )
        return key
    key = new_server_key(cycle, key_dir)
    record(actor, "key.create", f"cycle:{cycle.slug}", custody="server")
    return key


def new_server_key(cycle: Cycle, key_dir: str | Path) -> CountingKey:
    """A fresh server-kept key: the private half written to its file, the public half added to
    the session (the caller commits)."""
    private, public = envelopes.new_keypair()
    _write_private(key_file(key_dir, cycle, public), private)
    key = CountingKey(cycle_id=cycle.id, public_key=public, custody="server", confirmed=True)
    db.session.add(key)
    return key


@dataclass(frozen=True)
class Shares:
    fingerprint: str
    threshold: int
    files: list[keyshares.ShareFile]


def prepare_trustee_key(
    actor: User | None, cycle: Cycle, trustees: list[str], threshold: int
) -> Shares:
    """A new key split among `trustees`; the shares exist only in what this returns."""
    names = [n.strip() for n in trustees if n.strip()]
    if len(set(names)) != len(names):
        raise Refused(_("Give every trustee a different name."), "trustees")
    problems = keyshares.custody_problems(threshold, len(names))
    if problems:
        raise Refused(said(keyshares.joined(problems)), "threshold")
    if cycle.current_phase.value not in ("ideas", "proposals"):
        raise Conflict(_("The counting key is chosen before the vote opens."))
    private, public = envelopes.new_keypair()
    words = keyshares.split(private, threshold, len(names))
    fp = keyshares.fingerprint(public)
    with transaction():
        old = key_of(cycle)
        if old is not None:
            db.session.delete(old)
            db.session.flush()
        db.session.add(
            CountingKey(
                cycle_id=cycle.id,
                public_key=public,
                custody="trustees",
                threshold=threshold,
                trustees="\n".join(names),
                confirmed=False,
            )
        )
        record(
            actor,
            "key.create",
            f"cycle:{cycle.slug}",
            custody="trustees",
            threshold=threshold,
            trustees=names,
            fingerprint=fp,
        )
    files = [
        keyshares.ShareFile(cycle.slug, name, i, threshold, fp, w)
        for i, (name, w) in enumerate(zip(names, words, strict=True), 1)
    ]
    return Shares(fp, threshold, files)


def private_key_from_shares(key: CountingKey, share_texts: list[str]) -> bytes:
    texts = [t for t in share_texts if t.strip()]
    if len(texts) < (key.threshold or 0):
        raise Refused(
            _(
                "%(needed)s shares are needed; %(given)s were given. Nothing was changed.",
                needed=key.threshold,
                given=len(texts),
            ),
            "shares",
        )
    try:
        return keyshares.combine(texts, key.public_key)
    except keyshares.ShareError as e:
        raise Refused(
            _("%(problem)s Nothing was changed.", problem=said(e.text)), "shares"
        ) from None


def confirm_trustee_key(actor: User | None, cycle: Cycle, share_texts: list[str]) -> None:
    """The trustees proved, before the vote opens, that their shares give the key back."""
    key = key_of(cycle)
    if key is None or key.custody != "trustees":
        raise Conflict(_("This vote has no trustee key to confirm."))
    private_key_from_shares(key, share_texts)
    with transaction():
        key.confirmed = True
        record(actor, "key.confirm", f"cycle:{cycle.slug}", shares=len(share_texts))


def opening_problem(cycle: Cycle) -> str | None:
    """Why the vote cannot open yet because of its key, or None."""
    key = key_of(cycle)
    if key is not None and key.custody == "trustees" and not key.confirmed:
        return _(
            "The trustees' shares have not been checked yet: %(needed)s of them must be "
            "given back once before the vote opens, to prove the key can be rebuilt.",
            needed=key.threshold,
        )
    return None


def private_key(cycle: Cycle, key_dir: str | Path, share_texts: list[str] | None = None) -> bytes:
    """The private counting key for the count: the server's file, or the trustees' shares."""
    key = key_of(cycle)
    if key is None:
        raise Conflict(_("This vote has no counting key, so it has no sealed ballots to open."))
    if key.custody == "trustees":
        return private_key_from_shares(key, share_texts or [])
    path = key_file(key_dir, cycle, key.public_key)
    try:
        private = bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        raise Conflict(
            _(
                "The counting key file %(file)s cannot be read from the key folder. Restore it "
                "from the backup; without it the sealed ballots cannot be opened.",
                file=path.name,
            )
        ) from None
    if envelopes.public_key_of(private) != key.public_key:
        raise Conflict(
            _("The counting key file %(file)s does not hold this vote's key.", file=path.name)
        )
    return private


def destroy_server_key(cycle: Cycle, key_dir: str | Path) -> None:
    """Once every envelope is open the key protects nothing and could only link, so it goes."""
    key = key_of(cycle)
    if key is not None and key.custody == "server":
        key_file(key_dir, cycle, key.public_key).unlink(missing_ok=True)
