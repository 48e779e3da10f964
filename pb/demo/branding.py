"""The demo site's own look: a fictional city's name, logo and colour, its footer links,
privacy notice and contact address, and the time zone its cycles start in."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from pb.models import User
from pb.services import photos, site
from pb.services.photos import Uploads

NAME = "Demo City"
COLOUR = "#1d5c63"  # 7.6:1 with white text
PRIVACY = """Demo City runs this participatory budget.

* **Ideas:** if you leave an email address with an idea, we use it only to tell you what
  happened to your idea, and delete it when the cycle ends.
* **Voting:** your ballot is sealed; nobody can link it to your voter code or to you.
* **Cookies:** one session cookie, for your language and your sign-in; no tracking.

Questions: write to privacy@demo-city.example."""
LINKS = "City hall | https://demo-city.example\nHow the vote works | /c/demo-2025"


def logo_png() -> bytes:
    """A small square logo drawn here (no file to ship): a tree on the city's colour."""
    img = Image.new("RGB", (96, 96), COLOUR)
    draw = ImageDraw.Draw(img)
    draw.ellipse((22, 14, 74, 62), fill="#e6f2e8")
    draw.rectangle((43, 58, 53, 84), fill="#e6f2e8")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def brand_site(actor: User, uploads: Uploads) -> list[str]:
    with photos.stored_photo(logo_png(), uploads, field="logo") as name:
        site.update_settings(
            actor,
            name=NAME,
            primary_colour=COLOUR,
            footer_links=LINKS,
            privacy_notice=PRIVACY,
            contact="pb@demo-city.example",
            default_time_zone="Europe/Warsaw",
            logo=name,
            uploads=uploads,
        )
    return [f"The site is branded as {NAME} (site settings at /admin/site)."]
