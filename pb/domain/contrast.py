"""Colour contrast as WCAG 2.1 defines it (relative luminance, 1.4.3): a site's primary colour
carries white text on buttons and is itself text (links) on the page background, so both pairs
must reach 4.5:1 for AA."""

from __future__ import annotations

import re

from pb.domain.text import N_, Text, TextError

AA_NORMAL = 4.5
WHITE = "#ffffff"
PAGE_BACKGROUND = "#ffffff"  # static/css/pb.css: --bg
SHADED = "#f2f5f9"  # static/css/pb.css: --soft, behind flash messages and boxes with links
_HEX = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class BadColour(TextError):
    pass


def parse(colour: str) -> str:
    """'#1A6' or '1a66cc' -> '#11aa66' / '#1a66cc'; refused when it is not a hex colour."""
    match = _HEX.match(colour.strip())
    if not match:
        raise BadColour(N_("Write the colour as # and six hex digits, e.g. #1a5fb4."))
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def luminance(colour: str) -> float:
    hexa = parse(colour)[1:]

    def channel(i: int) -> float:
        c = int(hexa[i : i + 2], 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)


def ratio(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def check_primary(colour: str, background: str = PAGE_BACKGROUND) -> str:
    """The colour, normalised, when white text on it and it on the page both reach AA;
    refused with the measured ratio otherwise."""
    colour = parse(colour)
    pairs = (
        (WHITE, Text(N_("white text"))),
        (background, Text(N_("the page background"))),
        (SHADED, Text(N_("the shaded boxes"))),
    )
    for against, where in pairs:
        measured = ratio(colour, against)
        if measured < AA_NORMAL:
            raise BadColour(
                N_(
                    "%(colour)s against %(where)s has a contrast of %(ratio)s:1; "
                    "at least 4.5:1 is needed (WCAG AA). Choose a darker colour."
                ),
                colour=colour,
                where=where,
                ratio=f"{measured:.2f}",
            )
    return colour
