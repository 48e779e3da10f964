"""The application factory: reads like a table of contents of the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from pb import busy, cli, sqlite
from pb.config import load_config
from pb.extensions import csrf, db, limiter, login_manager, migrate
from pb.web import register_blueprints
from pb.web.errors import init_app as init_errors
from pb.web.filters import init_app as init_filters
from pb.web.headers import init_app as init_headers
from pb.web.i18n import init_app as init_i18n

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    app = Flask(
        "pb",
        instance_path=instance_path or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    load_config(app, config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        sqlite.init_app(app, db.engine)
        busy.init_app(app, db.engine)

    import pb.models  # noqa: F401  (registers every table)

    init_i18n(app)
    init_filters(app)
    init_errors(app)
    init_headers(app)
    if app.config["PB_PROXY_FIX"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PB_PROXY_FIX"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    register_blueprints(app)
    cli.init_app(app)
    return app
