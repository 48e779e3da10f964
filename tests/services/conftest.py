"""Service tests run inside an app context, on every database backend available."""

import pytest

from pb.extensions import db as _db
from tests.web.conftest import app, db_app  # noqa: F401  (fixtures shared with the web tests)


@pytest.fixture
def ctx(db_app):  # noqa: F811
    with db_app.app_context():
        yield _db
