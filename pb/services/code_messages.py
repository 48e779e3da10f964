"""The words of a message that carries a voter code. The link holds the code in its fragment
(`#code=...`): browsers never send the fragment to the server, so the code reaches no access
log; static/js/code-fragment.js fills it into the vote's code field."""

from __future__ import annotations

from contextlib import nullcontext
from html import escape

from flask_babel import force_locale
from flask_babel import gettext as _

from pb.services.messaging import EmailMessage


def vote_link(vote_url: str, plain: str) -> str:
    return f"{vote_url}#code={plain}"


def code_email(
    to: str, cycle_name: str, plain: str, vote_url: str, lang: str | None = None
) -> EmailMessage:
    """In `lang` (a mailing: the cycle's default language), else the request's language (a
    resident asking for their own code)."""
    link = vote_link(vote_url, plain)
    with force_locale(lang) if lang else nullcontext():
        intro = _("Your voting code for %(cycle)s is", cycle=cycle_name)
        vote_here = _("Vote here: %(link)s", link=link)
        vote_now = _("Vote now")
        keep = _(
            "The code votes once in each budget it allows. Keep it to yourself: anyone who has "
            "it can vote with it."
        )
        subject = _("Your voting code for %(cycle)s", cycle=cycle_name)
    text = f"{intro}\n\n    {plain}\n\n{vote_here}\n\n{keep}\n"
    html = (
        f"<p>{escape(intro)}</p>"
        f"<p><strong>{escape(plain)}</strong></p>"
        f'<p><a href="{escape(link)}">{escape(vote_now)}</a></p>'
        f"<p>{escape(keep)}</p>"
    )
    return EmailMessage(to=to, subject=subject, text=text, html=html)


def code_sms(cycle_name: str, plain: str, vote_url: str) -> str:
    return _(
        "%(cycle)s: your voting code is %(code)s. Vote: %(link)s",
        cycle=cycle_name,
        code=plain,
        link=vote_link(vote_url, plain),
    )
