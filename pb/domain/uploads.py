"""Checks for photos that residents and staff upload. Nothing about the upload is trusted: not
its name, not its declared content type, not its extension. Pillow sniffs the real format from
the bytes; only JPEG, PNG and WebP pass (SVG can carry script, so it never does); the picture is
decoded and re-encoded, which drops EXIF (phones put GPS positions there) and anything appended
after the image data; it is stored under a fresh random name."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from pb.domain.text import N_, TextError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
MAX_SIDE = 2400  # larger photos are scaled down; nobody needs more on a web page
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
MIME = {".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


class PhotoRejected(TextError):
    """The upload is not an acceptable photo; the message is for the person who sent it."""


@dataclass(frozen=True)
class Photo:
    data: bytes  # the re-encoded image
    extension: str  # ".jpg", ".png" or ".webp", from the sniffed format
    width: int
    height: int

    def random_name(self) -> str:
        return secrets.token_hex(16) + self.extension


def check_photo(data: bytes, max_bytes: int = MAX_BYTES) -> Photo:
    """Sniff, verify and re-encode `data`; raise PhotoRejected with a reason otherwise."""
    if not data:
        raise PhotoRejected(N_("The file is empty."))
    if len(data) > max_bytes:
        raise PhotoRejected(
            N_("The photo is larger than %(mb)s MB."), mb=max_bytes // (1024 * 1024)
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                if fmt not in FORMATS:
                    raise PhotoRejected(N_("Only a JPEG, PNG or WebP photo is accepted."))
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise PhotoRejected(N_("The photo has too many pixels."))
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                return _reencode(img, fmt)
        except PhotoRejected:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ):
            raise PhotoRejected(N_("This is not a JPEG, PNG or WebP photo.")) from None
        except (OSError, SyntaxError, ValueError, EOFError):
            # Pillow reports truncated or corrupt data with any of these.
            raise PhotoRejected(
                N_("The file is damaged or not a JPEG, PNG or WebP photo.")
            ) from None


def _reencode(img: Image.Image, fmt: str) -> Photo:
    img = ImageOps.exif_transpose(img)  # keep the orientation the EXIF data said, then drop it
    img.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    if fmt == "JPEG":
        img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        keep = img if img.mode in ("RGB", "RGBA", "L", "LA", "P") else img.convert("RGBA")
        keep.save(out, "PNG", optimize=True)
    else:
        keep = img if img.mode in ("RGB", "RGBA") else img.convert("RGBA")
        keep.save(out, "WEBP", quality=85)
    return Photo(out.getvalue(), FORMATS[fmt], img.width, img.height)


def is_stored_name(name: str) -> bool:
    """True for names `Photo.random_name` makes: serving anything else is refused."""
    stem, dot, ext = name.partition(".")
    return (
        len(stem) == 32
        and all(c in "0123456789abcdef" for c in stem)
        and dot == "."
        and "." + ext in MIME
    )
