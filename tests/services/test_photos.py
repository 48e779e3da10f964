"""One helper stores a checked photo and removes it when the use case that references it fails,
in the upload directory the caller names."""

import pytest

from pb.services import photos
from pb.services.errors import Refused
from tests.factories import SVG, image_bytes


def test_a_stored_photo_stays_when_the_block_succeeds(tmp_path):
    with photos.stored_photo(image_bytes(), tmp_path) as name:
        assert (tmp_path / name).is_file()
    assert photos.path_of(name, tmp_path) == tmp_path / name


def test_a_stored_photo_goes_when_the_block_fails(tmp_path):
    with pytest.raises(RuntimeError), photos.stored_photo(image_bytes(), tmp_path) as name:
        assert (tmp_path / name).is_file()
        raise RuntimeError("the transaction failed")
    assert not (tmp_path / name).exists()


def test_no_photo_needs_no_upload_directory():
    with photos.stored_photo(None, None) as name:
        assert name == ""


def test_a_refused_photo_writes_nothing(tmp_path):
    with pytest.raises(Refused) as refused, photos.stored_photo(SVG, tmp_path, "image"):
        pass
    assert refused.value.field == "image"
    assert not tmp_path.exists() or not any(tmp_path.iterdir())
