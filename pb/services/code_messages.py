"""The words of a message that carries a voter code. The link holds the code in its fragment
(`#code=...`): browsers never send the fragment to the server, so the code reaches no access
log; static/js/code-fragment.js fills it into the vote's code field."""

from __future__ import annotations

from html import escape

from pb.services.messaging import EmailMessage


def vote_link(vote_url: str, plain: str) -> str:
    return f"{vote_url}#code={plain}"


def code_email(to: str, cycle_name: str, plain: str, vote_url: str) -> EmailMessage:
    link = vote_link(vote_url, plain)
    text = (
        f"Your voting code for {cycle_name} is\n\n    {plain}\n\n"
        f"Vote here: {link}\n\n"
        "The code votes once in each budget it allows. Keep it to yourself: anyone who has it "
        "can vote with it.\n"
    )
    html = (
        f"<p>Your voting code for {escape(cycle_name)} is</p>"
        f"<p><strong>{escape(plain)}</strong></p>"
        f'<p><a href="{escape(link)}">Vote now</a></p>'
        "<p>The code votes once in each budget it allows. Keep it to yourself: anyone who has "
        "it can vote with it.</p>"
    )
    return EmailMessage(to=to, subject=f"Your voting code for {cycle_name}", text=text, html=html)


def code_sms(cycle_name: str, plain: str, vote_url: str) -> str:
    return f"{cycle_name}: your voting code is {plain}. Vote: {vote_link(vote_url, plain)}"
