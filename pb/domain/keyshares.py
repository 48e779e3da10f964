"""Trustee custody of a counting key: the private key split K-of-N with Shamir secret sharing.

The sharing is SLIP-39 (the `shamir-mnemonic` package): each share is a list of words a trustee
can print or write down, with a checksum, so a mistyped word is caught when the share is read
rather than producing a wrong key. A share file is plain text: a few header lines for people,
then the words.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import shamir_mnemonic
from shamir_mnemonic import MnemonicError

from pb.domain.envelopes import public_key_of
from pb.domain.text import N_, Text, TextError

MAX_TRUSTEES = 16
_WORDS = re.compile(r"^[a-z]+( [a-z]+){19,}$")


class ShareError(TextError):
    """Shares that do not give back the counting key; the message says why in plain words."""


def fingerprint(public_key: bytes) -> str:
    """A short, readable name for a counting key (printed on shares and staff pages)."""
    digest = hashlib.sha256(public_key).hexdigest()[:16]
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def custody_problems(threshold: int, trustees: int) -> list[Text]:
    problems = []
    if not 2 <= trustees <= MAX_TRUSTEES:
        problems.append(Text(N_("Choose between 2 and %(most)s trustees."), {"most": MAX_TRUSTEES}))
    if not 2 <= threshold <= trustees:
        problems.append(
            Text(
                N_(
                    "The number of shares needed must be at least 2 and at most the number of "
                    "trustees."
                )
            )
        )
    return problems


def joined(problems: list[Text]) -> Text:
    """Several problems as one message, each translated on its own."""
    template = " ".join(f"%(p{i})s" for i in range(len(problems)))
    return Text(template, {f"p{i}": p for i, p in enumerate(problems)})


def split(private_key: bytes, threshold: int, trustees: int) -> list[str]:
    """`trustees` shares (each a line of words), any `threshold` of which give the key back."""
    problems = custody_problems(threshold, trustees)
    if problems:
        raise ShareError(joined(problems))
    (shares,) = shamir_mnemonic.generate_mnemonics(1, [(threshold, trustees)], private_key)
    return shares


@dataclass(frozen=True)
class ShareFile:
    cycle: str
    trustee: str
    number: int
    threshold: int
    key_fingerprint: str
    words: str

    def text(self) -> str:
        return (
            f"pb counting key share {self.number} for {self.cycle}\n"
            f"Trustee: {self.trustee}\n"
            f"Key: {self.key_fingerprint}\n"
            f"Shares needed to count: {self.threshold}\n"
            "Keep this safe and secret. Without enough shares the votes cannot be counted.\n"
            "\n"
            f"{self.words}\n"
        )


def words_in(text: str) -> str:
    """The share's words from a share file or from typed words (case and spacing forgiven)."""
    lines = [" ".join(line.lower().split()) for line in text.splitlines()]
    found = [line for line in lines if _WORDS.match(line)]
    if len(found) == 1:
        return found[0]
    joined = " ".join(line for line in lines if line)
    if _WORDS.match(joined):
        return joined
    raise ShareError(
        N_("This does not look like a share: it should hold a line of 20 or more words.")
    )


def combine(texts: list[str], public_key: bytes) -> bytes:
    """The counting private key from share files or words; ShareError unless they are enough
    valid shares of exactly this key."""
    shares = list(dict.fromkeys(words_in(t) for t in texts))
    try:
        private_key = shamir_mnemonic.combine_mnemonics(shares)
    except MnemonicError as e:
        raise ShareError(
            N_("The shares do not give back the key: %(reason)s"), reason=str(e)
        ) from None
    if len(private_key) != 32 or public_key_of(private_key) != public_key:
        raise ShareError(
            N_(
                "These shares belong to another key: the key they give back does not match %(key)s."
            ),
            key=fingerprint(public_key),
        )
    return private_key
