"""Single-use voter codes: generated from `secrets`, read aloud in groups, stored only as a keyed
hash.

The alphabet leaves out 0/O, 1/I/L (misread on paper and over the phone) and U (avoids accidental
words), leaving 30 symbols: 4 groups of 4 carry 16 * log2(30) = 78.5 bits, well past the 60 bits
that make guessing hopeless even without the rate limit on code entry.

The hash is HMAC-SHA256 keyed with a server secret (the pepper): a leaked database alone does
not let anyone test candidate codes offline.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets

from pb.domain.text import N_, TextError

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"  # no 0 O 1 I L U
GROUP = 4
GROUPS = 4
LENGTH = GROUP * GROUPS
BITS = LENGTH * math.log2(len(ALPHABET))

# What people type instead of the symbols we never print.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


class CodeFormatError(TextError):
    """What a person typed cannot be a voter code (wrong length or characters)."""


def generate_code() -> str:
    """A fresh code in display form, e.g. '7KQX-M3RA-9TWE-HZ4C'."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return display(raw)


def generate_codes(n: int) -> list[str]:
    """`n` distinct fresh codes."""
    if n < 1:
        raise ValueError("the number of codes must be at least 1")
    codes: set[str] = set()
    while len(codes) < n:
        codes.add(generate_code())
    return list(codes)


def display(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalize(typed: str) -> str:
    """The canonical form of what a person typed: upper case, without spaces or dashes.

    Raises CodeFormatError with a message for the person when it cannot be a code.
    """
    text = "".join(ch for ch in typed.upper() if not ch.isspace() and ch not in "-_.")
    if not text:
        raise CodeFormatError(N_("Please enter your voting code."))
    # 0/O and 1/I/L are never printed; say so rather than silently mapping them to other symbols.
    if any(ch in "01" for ch in text.translate(_LOOKALIKES)):
        raise CodeFormatError(
            N_(
                "Voting codes never contain 0, O, 1, I or L. Please check the code and type it again."
            )
        )
    bad = sorted({ch for ch in text if ch not in ALPHABET})
    if bad:
        raise CodeFormatError(
            N_("A voting code contains only letters and digits; %(bad)s is not part of one."),
            bad=repr("".join(bad)),
        )
    if len(text) != LENGTH:
        raise CodeFormatError(
            N_(
                "A voting code has %(length)s characters in %(groups)s groups of %(group)s, "
                "like %(example)s; you entered %(n)s."
            ),
            length=LENGTH,
            groups=GROUPS,
            group=GROUP,
            example=display("7KQXM3RA9TWEHZ4C"),
            n=len(text),
        )
    return text


def code_hash(code: str, pepper: str | bytes) -> str:
    """Keyed hash (hex) of a code in any typed form. Raises CodeFormatError for non-codes."""
    key = pepper.encode() if isinstance(pepper, str) else pepper
    if not key:
        raise ValueError("the code pepper must not be empty")
    return hmac.new(key, normalize(code).encode("ascii"), hashlib.sha256).hexdigest()


def may_vote_in(scope: str, code_district: str, budget_district: str) -> bool:
    """May a code of a batch for `scope` ("all" or "district") and `code_district` vote in a
    budget of `budget_district` ("" = citywide)? District codes vote citywide and at home."""
    return scope == "all" or budget_district in ("", code_district)
