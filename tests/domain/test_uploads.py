import io

import pytest
from PIL import Image

from pb.domain.uploads import (
    MAX_SIDE,
    PhotoRejected,
    check_photo,
    is_stored_name,
)


def picture(fmt: str, size=(64, 48), mode="RGB", **save) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "green").save(out, fmt, **save)
    return out.getvalue()


@pytest.mark.parametrize("fmt,ext", [("JPEG", ".jpg"), ("PNG", ".png"), ("WEBP", ".webp")])
def test_accepted_formats(fmt, ext):
    photo = check_photo(picture(fmt))
    assert photo.extension == ext and (photo.width, photo.height) == (64, 48)
    with Image.open(io.BytesIO(photo.data)) as again:
        assert again.format == fmt


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO"])
def test_other_image_formats_refused(fmt):
    with pytest.raises(PhotoRejected, match="JPEG, PNG or WebP"):
        check_photo(picture(fmt))


def test_svg_refused():
    svg = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(PhotoRejected):
        check_photo(svg)


def test_html_pretending_to_be_a_photo_refused():
    with pytest.raises(PhotoRejected):
        check_photo(b"<html><script>alert(1)</script></html>")


def test_truncated_and_empty_refused():
    data = picture("PNG", size=(300, 200))
    with pytest.raises(PhotoRejected):
        check_photo(data[: len(data) // 2])
    with pytest.raises(PhotoRejected, match="empty"):
        check_photo(b"")


def test_size_limit():
    with pytest.raises(PhotoRejected, match="larger than"):
        check_photo(picture("PNG"), max_bytes=10)


def test_exif_and_trailing_bytes_are_dropped():
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    data = picture("JPEG", exif=exif.tobytes()) + b"<script>alert(1)</script>"
    photo = check_photo(data)
    assert b"SecretCam" not in photo.data and b"<script>" not in photo.data
    with Image.open(io.BytesIO(photo.data)) as again:
        assert not again.getexif()


def test_huge_photos_are_scaled_down():
    photo = check_photo(picture("PNG", size=(MAX_SIDE * 2, 100)))
    assert photo.width == MAX_SIDE


def test_random_names():
    photo = check_photo(picture("PNG"))
    a, b = photo.random_name(), photo.random_name()
    assert a != b and a.endswith(".png") and is_stored_name(a)
    for bad in ("../etc/passwd", "x.svg", "a" * 32 + ".svg", "A" * 32 + ".png", "evil.png"):
        assert not is_stored_name(bad)
