"""Blueprints, one package per audience and feature. Add a blueprint here and nowhere else."""

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from pb.web import auth, kiosk, media, site
    from pb.web.admin import bp as admin_bp
    from pb.web.api import bp as api_bp
    from pb.web.ideas import bp as ideas_bp
    from pb.web.implementation import bp as implementation_bp
    from pb.web.proposals import bp as proposals_bp
    from pb.web.public import bp as public_bp
    from pb.web.vote import bp as vote_bp

    auth.init_app(app)
    kiosk.init_app(app)
    site.init_app(app)
    for bp in (
        public_bp,
        admin_bp,
        ideas_bp,
        proposals_bp,
        implementation_bp,
        media.bp,
        vote_bp,
        api_bp,
    ):
        app.register_blueprint(bp)
