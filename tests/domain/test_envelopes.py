"""Sealed envelopes and trustee shares, without an app."""

from __future__ import annotations

import itertools

import pytest

from pb.domain import envelopes as env
from pb.domain import keyshares

IDS = [str(i) for i in range(1, 11)]


@pytest.fixture(scope="module")
def key():
    return env.new_keypair()


def test_a_sealed_envelope_opens_with_the_key_only(key):
    private, public = key
    cap = env.capacity(IDS, 1)
    blob = env.seal(public, env.Contents({"3": 1, "7": 1}, {"age": "30-44"}), cap)
    assert b'"3"' not in blob and b"age" not in blob
    opened = env.open_all(private, [("e1", blob)])
    assert opened.contents == {"e1": env.Contents({"3": 1, "7": 1}, {"age": "30-44"})}
    other, _ = env.new_keypair()
    wrong = env.open_all(other, [("e1", blob)])
    assert wrong.contents == {} and "does not open" in wrong.spoiled["e1"]


def test_every_selection_of_a_budget_seals_to_one_length(key):
    _, public = key
    cap = env.capacity(IDS, len(IDS))
    lengths = {
        len(env.seal(public, env.Contents({pid: rank for rank, pid in enumerate(c, 1)}), cap))
        for n in range(len(IDS) + 1)
        for c in itertools.islice(itertools.combinations(IDS, n), 30)
    }
    assert lengths == {env.envelope_length(cap)}


def test_damaged_envelopes_are_spoiled_not_fatal(key):
    private, public = key
    cap = env.capacity(IDS, 1)
    good = env.seal(public, env.Contents({"1": 1}), cap)
    flipped = bytearray(good)
    flipped[-1] ^= 1
    opened = env.open_all(private, [("ok", good), ("flipped", bytes(flipped)), ("short", b"abc")])
    assert set(opened.contents) == {"ok"}
    assert set(opened.spoiled) == {"flipped", "short"}


def test_runs_of_envelopes_share_a_sender_key_then_rotate(key):
    private, public = key
    sealer = env.Sealer(public)
    cap = env.capacity(IDS, 1)
    blobs = [sealer.seal(env.Contents({"1": 1}), cap) for _ in range(env.Sealer.ROTATE_AFTER + 1)]
    senders = [b[: env.KEY_BYTES] for b in blobs]
    assert len(set(senders[:-1])) == 1 and senders[-1] != senders[0]
    opened = env.open_all(private, [(str(i), b) for i, b in enumerate(blobs)])
    assert len(opened.contents) == len(blobs)


def test_a_ballot_too_large_for_the_envelope_is_refused(key):
    _, public = key
    with pytest.raises(ValueError):
        env.seal(public, env.Contents({str(i): 1 for i in range(500)}), env.capacity(IDS, 1))


def test_unpad_rejects_tampered_fill():
    plain = bytearray(env.pad(env.Contents({"1": 1}), 100))
    plain[-1] = 1
    with pytest.raises(env.EnvelopeError):
        env.unpad(bytes(plain))


def test_check_selection_names_unknown_projects():
    assert env.check_selection(env.Contents({"1": 1}), {"1": 0}) is None
    assert "99" in env.check_selection(env.Contents({"99": 1}), {"1": 0})


def test_any_k_of_n_shares_give_the_key_back(key):
    private, public = key
    shares = keyshares.split(private, 2, 3)
    for pair in itertools.combinations(shares, 2):
        assert keyshares.combine(list(pair), public) == private


def test_share_files_round_trip_with_header_lines(key):
    private, public = key
    shares = keyshares.split(private, 2, 3)
    files = [
        keyshares.ShareFile("demo", f"Trustee {i}", i, 2, keyshares.fingerprint(public), s).text()
        for i, s in enumerate(shares, 1)
    ]
    assert keyshares.combine([files[0], files[2].upper()], public) == private


@pytest.mark.parametrize("trouble", ["too few", "wrong key", "mistyped", "not words", "same twice"])
def test_bad_shares_are_refused_with_a_reason(key, trouble):
    private, public = key
    shares = keyshares.split(private, 2, 3)
    if trouble == "too few":
        given, against = shares[:1], public
    elif trouble == "wrong key":
        given, against = shares[:2], env.new_keypair()[1]
    elif trouble == "mistyped":
        words = shares[0].split()
        words[4] = "acid" if words[4] != "acid" else "academic"
        given, against = [" ".join(words), shares[1]], public
    elif trouble == "not words":
        given, against = ["hello", shares[1]], public
    else:
        given, against = [shares[0], shares[0]], public
    with pytest.raises(keyshares.ShareError):
        keyshares.combine(given, against)


def test_custody_limits():
    assert keyshares.custody_problems(2, 3) == []
    assert keyshares.custody_problems(1, 3)
    assert keyshares.custody_problems(4, 3)
    assert keyshares.custody_problems(2, 17)
    with pytest.raises(keyshares.ShareError):
        keyshares.split(bytes(32), 1, 1)
