"""Printable code letters: one card per code with the cycle's name, how to vote, the code in
read-aloud groups and a QR code that opens the vote with the code filled in.

The QR code holds `<vote page>#code=<code>`: browsers never send the fragment, so the code
reaches no server log; static/js/code-fragment.js copies it into the code field. The plain codes
exist only for the request that generates the batch (pb.services.codes), so the letters are part
of that answer and can never be printed again.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from markupsafe import Markup

from pb.domain import codes as codes_domain

PAPERS = ("a4", "letter")


@dataclass(frozen=True)
class Letter:
    code: str  # display form, e.g. 7KQX-M3RA-9TWE-HZ4C
    groups: tuple[str, ...]  # read aloud one group at a time
    url: str  # the vote page with the code in its fragment
    qr_svg: Markup


def vote_link(vote_url: str, code: str) -> str:
    return f"{vote_url}#code={code}"


def qr_svg(url: str, title: str) -> Markup:
    """The QR code as inline SVG, about 25 mm wide (error correction M survives a fold)."""
    qr = segno.make(url, error="m", micro=False)
    return Markup(qr.svg_inline(scale=0.6, unit="mm", title=title, svgclass="qr", omitsize=False))


def letters(vote_url: str, plain: list[str]) -> list[Letter]:
    out = []
    for code in plain:
        shown = codes_domain.display(codes_domain.normalize(code))
        url = vote_link(vote_url, shown)
        groups = tuple(shown.split("-"))
        out.append(
            Letter(shown, groups, url, qr_svg(url, "QR code: opens the vote with this code"))
        )
    return out


def sheets(items: list[Letter], per_sheet: int = 8) -> list[list[Letter]]:
    """Cards in pages of `per_sheet` (2 across, 4 down on A4 and US Letter)."""
    return [items[i : i + per_sheet] for i in range(0, len(items), per_sheet)]
