"""Photos live in the database: another app process on the same database (another upload
folder, as on another machine) serves them, with an ETag and a long cache life."""

from __future__ import annotations

import io

import pytest

from pb.app import create_app
from pb.extensions import db
from pb.models.files import StoredFile
from pb.models.ideas import Idea
from tests.conftest import app_config
from tests.factories import image_bytes, make_cycle
from tests.web.test_ideas_public import FORM


@pytest.mark.attack(
    "Serve a photo from an app process with another disk",
    "served from the database with ETag, immutable cache, 304",
)
def test_a_photo_uploaded_through_one_app_is_served_by_another(app, client, tmp_path):
    with app.app_context():
        make_cycle()
    data = dict(FORM, photo=(io.BytesIO(image_bytes("JPEG")), "p.jpg", "image/jpeg"))
    assert client.post("/c/town/ideas/new", data=data).status_code == 303
    with app.app_context():
        name = db.session.scalar(db.select(Idea.photo))
        stored = db.session.get(StoredFile, name)
        assert stored.mimetype == "image/jpeg" and stored.data[:2] == b"\xff\xd8"
    assert not (tmp_path / "uploads").exists()  # nothing on this machine's disk

    other_machine = create_app(
        app_config(tmp_path, PB_UPLOAD_DIR=str(tmp_path / "elsewhere")),
        instance_path=str(tmp_path / "other"),
    )
    served = other_machine.test_client().get(f"/media/{name}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.headers["ETag"].strip('"') == stored.sha256
    assert "immutable" in served.headers["Cache-Control"]
    assert served.headers["Content-Security-Policy"] == "default-src 'none'"
    again = other_machine.test_client().get(
        f"/media/{name}", headers={"If-None-Match": served.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
    assert other_machine.test_client().get("/media/" + "0" * 32 + ".jpg").status_code == 404
    with other_machine.app_context():
        db.engine.dispose()


def test_a_refused_idea_leaves_no_stored_photo(client, db):
    make_cycle()
    data = dict(FORM, title="", photo=(io.BytesIO(image_bytes("PNG")), "p.png", "image/png"))
    assert client.post("/c/town/ideas/new", data=data).status_code == 422
    assert db.session.scalar(db.select(db.func.count(StoredFile.name))) == 0


def test_photos_stored_in_the_folder_before_are_imported_once(app, tmp_path):
    from pb.domain.uploads import check_photo

    photo = check_photo(image_bytes("PNG"))
    name = photo.random_name()
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / name).write_bytes(photo.data)
    (tmp_path / "uploads" / "notes.txt").write_text("not a photo")
    runner = app.test_cli_runner()
    assert "1 photos copied" in runner.invoke(args=["import-uploads"]).output
    assert "0 photos copied" in runner.invoke(args=["import-uploads"]).output
    (tmp_path / "uploads" / name).unlink()
    served = app.test_client().get(f"/media/{name}")
    assert served.status_code == 200 and served.data == photo.data
