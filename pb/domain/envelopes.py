"""Sealed ballot envelopes: a ballot is encrypted to the cycle's counting key while the vote is
open, padded so that neither its bytes nor its length say what it holds, and opened only at the
count.

The construction is NaCl's `crypto_box` (X25519, XSalsa20-Poly1305, via PyNaCl) from an
ephemeral sender key to the counting key, as in a sealed box. Unlike a sealed box, one ephemeral
key seals a small run of envelopes (`Sealer.ROTATE_AFTER`) with its precomputed shared key: a
sealed box costs one X25519 operation per envelope at the count, which puts 100,000 envelopes
well past the 10 s a count may take on a small machine; a run of envelopes costs one. The
ephemeral private key exists only in the sealing process's memory, so the database alone opens
nothing; the sender key stored with each envelope says which run sealed it, which a database
reader learns anyway from the participation row written in the same commit.

Layout of an envelope (fixed length per budget):
    sender public key (32) | nonce (24) | box(length (2, big-endian) | payload | zero fill) (+16)
The payload is compact text, cheap to read back 100,000 times at a count:
    "12,7:2,31:3" (project ids, each with ":value" unless the value is 1), then, if the ballot
    carries answers, "\n" and "question=answer;question=answer".
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# After the shared-key computation a box is a secretbox (XSalsa20-Poly1305): same tag size.
from nacl.bindings import crypto_secretbox_MACBYTES as MAC_BYTES
from nacl.exceptions import CryptoError
from nacl.public import Box, PrivateKey, PublicKey

from pb.domain.text import N_, TextError

KEY_BYTES = 32
HEADER = KEY_BYTES + Box.NONCE_SIZE
LENGTH_BYTES = 2
# Room kept in every envelope for survey answers added to ballots later (fixed lists, short keys).
ANSWERS_ROOM = 128
_PLAIN = re.compile(r"^[A-Za-z0-9_. -]*$")  # ids, questions and answers: no separators
# How a ballot reached the box. It travels inside the envelope as the answer to CHANNEL_KEY, so
# that it is known only once the ballot is apart from its code; nothing else about the place is.
CHANNELS = ("online", "kiosk", "paper")
CHANNEL_KEY = "channel"


class EnvelopeError(TextError):
    """An envelope that cannot be opened or read: counted as spoiled."""


@dataclass(frozen=True)
class Contents:
    """What an envelope holds: the selection (project id -> 1, rank or points) and answers."""

    selection: dict[str, int]
    answers: dict[str, str] = field(default_factory=dict)

    @property
    def channel(self) -> str:
        return self.answers.get(CHANNEL_KEY, "online")

    @property
    def survey(self) -> dict[str, str]:
        """The voter's answers to the cycle's questions, without the channel."""
        return {k: v for k, v in self.answers.items() if k != CHANNEL_KEY}


def _encode(contents: Contents) -> bytes:
    parts = []
    for pid, value in contents.selection.items():
        if not _PLAIN.match(pid) or not pid:
            raise ValueError(f"a project id cannot be sealed as it is: {pid!r}")
        parts.append(pid if value == 1 else f"{pid}:{int(value)}")
    text = ",".join(parts)
    if contents.answers:
        for item in (*contents.answers, *contents.answers.values()):
            if not _PLAIN.match(item):
                raise ValueError(f"an answer cannot be sealed as it is: {item!r}")
        text += "\n" + answer_text(contents.answers)
    return text.encode("ascii")


def answer_text(answers: Mapping[str, str]) -> str:
    """Answers as stored inside an envelope and on an opened ballot: "q=a;q=a"."""
    return ";".join(f"{k}={v}" for k, v in answers.items())


def read_answers(text: str) -> dict[str, str]:
    return dict(a.split("=", 1) for a in text.split(";")) if text else {}


def capacity(project_ids: Sequence[str], max_value: int) -> int:
    """Plaintext bytes every envelope of a budget pads to: the longest possible payload (every
    project chosen with the largest value the ballot allows) plus room for answers."""
    worst = Contents({str(pid): max(1, max_value) for pid in project_ids})
    return LENGTH_BYTES + len(_encode(worst)) + ANSWERS_ROOM


def envelope_length(plain_capacity: int) -> int:
    return HEADER + plain_capacity + MAC_BYTES


def pad(contents: Contents, plain_capacity: int) -> bytes:
    data = _encode(contents)
    room = plain_capacity - LENGTH_BYTES
    if len(data) > room:
        raise ValueError(f"a ballot of {len(data)} bytes does not fit an envelope of {room}")
    return len(data).to_bytes(LENGTH_BYTES, "big") + data + bytes(room - len(data))


def unpad(plain: bytes) -> Contents:
    size = int.from_bytes(plain[:LENGTH_BYTES], "big")
    data, fill = plain[LENGTH_BYTES : LENGTH_BYTES + size], plain[LENGTH_BYTES + size :]
    if len(data) != size or fill.count(0) != len(fill):
        raise EnvelopeError(N_("the padding is damaged"))
    try:
        text = data.decode("ascii")
        choices, _, answer_part = text.partition("\n")
        selection: dict[str, int] = {}
        for item in choices.split(",") if choices else ():
            pid, _, value = item.partition(":")
            if pid in selection:
                raise EnvelopeError(N_("the ballot inside names a project twice"))
            selection[pid] = int(value) if value else 1
        answers = read_answers(answer_part)
    except (UnicodeDecodeError, ValueError) as e:
        if isinstance(e, EnvelopeError):
            raise
        raise EnvelopeError(
            N_("the ballot inside cannot be read (%(reason)s)"), reason=str(e)
        ) from None
    return Contents(selection, answers)


def new_keypair() -> tuple[bytes, bytes]:
    """(private key, public key) of a fresh counting key, 32 bytes each."""
    key = PrivateKey.generate()
    return bytes(key), bytes(key.public_key)


def public_key_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(private_key).public_key)


class Sealer:
    """Seals envelopes to one counting public key; thread-safe. Its ephemeral key changes every
    ROTATE_AFTER envelopes, so a process's memory holds the key to a few envelopes at most."""

    ROTATE_AFTER = 256

    def __init__(self, counting_public_key: bytes):
        self._recipient = PublicKey(counting_public_key)
        self._lock = threading.Lock()
        self._used = self.ROTATE_AFTER

    def _box(self) -> tuple[bytes, Box]:
        with self._lock:
            if self._used >= self.ROTATE_AFTER:
                sender = PrivateKey.generate()
                self._current = (bytes(sender.public_key), Box(sender, self._recipient))
                self._used = 0
            self._used += 1
            return self._current

    def seal(self, contents: Contents, plain_capacity: int) -> bytes:
        sender, box = self._box()
        return sender + bytes(box.encrypt(pad(contents, plain_capacity)))


_SEALERS: dict[bytes, Sealer] = {}


def seal(counting_public_key: bytes, contents: Contents, plain_capacity: int) -> bytes:
    """Seal with this process's current run of envelopes for the key."""
    sealer = _SEALERS.get(counting_public_key)
    if sealer is None:
        sealer = _SEALERS.setdefault(counting_public_key, Sealer(counting_public_key))
    return sealer.seal(contents, plain_capacity)


@dataclass(frozen=True)
class Opened:
    contents: dict[str, Contents]  # envelope id -> what it held
    spoiled: dict[str, str]  # envelope id -> why it could not be opened


def open_all(private_key: bytes, envelopes: Iterable[tuple[str, bytes]]) -> Opened:
    """Open every (id, envelope): one shared-key computation per sender key, then symmetric
    decryption. Nothing raises for a bad envelope: it is reported as spoiled."""
    me = PrivateKey(private_key)
    by_sender: dict[bytes, list[tuple[str, bytes]]] = defaultdict(list)
    spoiled: dict[str, str] = {}
    for envelope_id, blob in envelopes:
        blob = bytes(blob)
        if len(blob) < HEADER + MAC_BYTES + LENGTH_BYTES:
            spoiled[envelope_id] = "the envelope is too short"
            continue
        by_sender[blob[:KEY_BYTES]].append((envelope_id, blob[KEY_BYTES:]))
    contents: dict[str, Contents] = {}
    for sender, group in by_sender.items():
        box = Box(me, PublicKey(sender))
        for envelope_id, sealed in group:
            try:
                contents[envelope_id] = unpad(box.decrypt(sealed))
            except CryptoError:
                spoiled[envelope_id] = "the envelope does not open with the counting key"
            except EnvelopeError as e:
                spoiled[envelope_id] = str(e)
    return Opened(contents, spoiled)


def check_selection(contents: Contents, project_ids: Mapping[str, object]) -> str | None:
    """Why an opened ballot cannot be counted (names a project not on the ballot), or None."""
    unknown = [pid for pid in contents.selection if pid not in project_ids]
    if unknown:
        return f"the ballot names projects that are not on this ballot: {', '.join(unknown)}"
    if contents.channel not in CHANNELS:
        return f"the ballot came by an unknown channel: {contents.channel}"
    return None
